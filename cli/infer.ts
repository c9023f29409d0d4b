// cli/infer.ts: `xbar infer FILE`: evaluate a network of the description on its emulated chip
// at several times after programming, over several programming draws (network/infer.ts).
//
// Prints a table (accuracy mean ± sd per time and condition, and the float accuracy), and
// optionally writes the result as JSON (--json) and an SVG plot (--svg), each written to
// FILE.partial and renamed into place. Exit status: 0 done; 1 errors in the description or
// its files (diagnostics printed); 2 usage errors; 130 interrupted (Ctrl-C: the points finished
// so far are printed and written, marked interrupted).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderDiagnostics } from '../dsl/diagnostics/render.js';
import { didYouMean } from '../dsl/elaborate/suggest.js';
import { DIMS, dimEq, parseUnit } from '../dsl/units.js';
import type { DatasetOverride } from '../network/build.js';
import { runInference, type InferResult } from '../network/infer.js';
import { accuracyPlot, timeLabel } from '../network/plot.js';
import { UsageError, type Io } from './io.js';
import { checkedDesign, interruptible } from './run-files.js';

export interface InferCliOptions {
  network?: string;
  times: number[];
  repeats: number;
  gdc: boolean;
  samples?: number;
  seed: number;
  dataset?: DatasetOverride;
  /** Weights saved by `xbar train --save DIR`. */
  weightsDir?: string;
  json?: string;
  svg?: string;
  color: boolean;
  version: string;
}

export const DEFAULT_TIMES = '1s,1h,1d,1y';

/** `1s,1h,1d,1y`: times after programming (d = day, y = year of 365 days), in seconds. */
export function parseTimes(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError(`--times: expected times such as ${DEFAULT_TIMES}, found '${text}'`);
  return parts.map((p) => {
    const m = /^([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*([A-Za-z]*)$/.exec(p);
    const word = m ? ({ d: 'day', y: 'year' } as Record<string, string>)[m[2]!] ?? m[2]! : '';
    const unit = m ? (word === '' ? { scale: 1, dim: DIMS.time.dim } : parseUnit(word)) : null;
    const v = m ? Number(m[1]) * (unit?.scale ?? NaN) : NaN;
    if (!m || !unit || !dimEq(unit.dim, DIMS.time.dim) || !(v > 0) || !Number.isFinite(v)) {
      throw new UsageError(`--times: '${p}' is not a positive time (examples: 1s, 10min, 1h, 1d, 1y)`);
    }
    return v;
  });
}

/** `mnist`, or `X.npy,Y.npy` (inputs, labels). */
export function parseDataset(text: string, cwd: string): DatasetOverride {
  if (text === 'mnist') return { kind: 'mnist' };
  const parts = text.split(',');
  if (parts.length !== 2 || parts.some((p) => !p.trim())) throw new UsageError(`--dataset: expected 'mnist' or INPUTS.npy,LABELS.npy, found '${text}'`);
  return { kind: 'npy', inputs: path.resolve(cwd, parts[0]!.trim()), labels: path.resolve(cwd, parts[1]!.trim()) };
}

const pct = (x: number) => (x * 100).toFixed(1);

/** The table `xbar infer` prints. */
export function inferText(r: InferResult, display: string): string {
  const lines: string[] = [];
  lines.push(`${display}: network ${r.network} on ${r.target}${r.interrupted ? ' (interrupted: the points below are complete, the rest was not run)' : ''}`);
  const byLayer = new Map<string, string[]>();
  for (const p of r.placement) byLayer.set(p.layer, [...(byLayer.get(p.layer) ?? []), p.tile]);
  const size = (s: { rows: number; cols: number }) => `${s.rows} × ${s.cols}`;
  const sizes = new Map(r.tileSizes.map((s) => [s.layer, size(s)]));
  const one = new Set(sizes.values()).size <= 1;
  const on = [...byLayer].map(([l, ts]) => `${l} on ${ts.join(', ')}${one ? '' : ` (${sizes.get(l)})`}`).join('; ');
  lines.push(`  ${r.placement.length} tiles${one && r.tileSizes[0] ? ` of ${size(r.tileSizes[0])}` : ''}: ${on}`);
  if (r.training) {
    const last = r.training[r.training.length - 1];
    lines.push(`  trained here: ${r.training.length} epochs${last ? `, last epoch's training accuracy ${pct(last.trainAccuracy)} %` : ''}`);
  } else lines.push('  weights from .npy files');
  lines.push(`  ${r.samples} test samples; ${r.repeats} programming draw${r.repeats === 1 ? '' : 's'} per time (seeds ${r.seed}..${r.seed + r.repeats - 1}); inputs scaled ${r.inputScaling}`);
  lines.push(`  float accuracy ${pct(r.floatAccuracy)} %`);
  lines.push('');
  const head = ['time', ...r.conditions.map((c) => c.name)];
  const rows = (r.conditions[0]?.points ?? []).map((p, k) => [timeLabel(p.t), ...r.conditions.map((c) => (c.points[k] ? `${pct(c.points[k]!.mean)} ± ${pct(c.points[k]!.sd)} %` : '-'))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const fmt = (row: string[]) => '  ' + row.map((c, i) => c.padEnd(widths[i]!)).join('   ').trimEnd();
  lines.push(fmt(head));
  for (const row of rows) lines.push(fmt(row));
  return lines.join('\n') + '\n';
}

/** The JSON document (no times of day or wall-clock figures: the same run gives the same bytes). */
export function inferJson(r: InferResult, display: string, version: string): unknown {
  return {
    xbar: version,
    file: display,
    ...r,
    conditions: r.conditions.map((c) => ({ ...c, points: c.points.map((p) => ({ t: p.t, label: timeLabel(p.t), mean: p.mean, sd: p.sd, accuracies: p.accuracies })) })),
  };
}

function writeAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

export async function runInfer(file: string, opts: InferCliOptions, io: Io): Promise<number> {
  const checked = checkedDesign(file, io, opts.color);
  if (!checked) return 1;
  const { design, sources, display } = checked;
  const nets = design.networks ?? [];
  if (nets.length === 0) throw new UsageError(`${display} has no network to evaluate`);
  const net = opts.network === undefined ? nets[0]! : nets.find((n) => n.name === opts.network);
  if (!net) {
    const names = nets.map((n) => n.name);
    throw new UsageError(`${display} has no network '${opts.network}'; it has ${names.join(', ')}${didYouMean(opts.network!, names).map((h) => ` (${h})`).join('')}`);
  }
  const start = Date.now();
  let shown = false;
  let last = 0;
  const progress = io.stderrIsTty
    ? (done: number, total: number) => {
        const now = Date.now();
        if (now - start < 1000 || now - last < 100) return;
        last = now;
        shown = true;
        const width = 30;
        const bar = '#'.repeat(Math.round((done / total) * width)).padEnd(width, '.');
        io.stderr(`\r[${bar}] ${done}/${total} samples (${((now - start) / 1000).toFixed(1)} s)`);
      }
    : undefined;
  const { stop, release } = interruptible();
  let out;
  try {
    out = await runInference(net, {
      times: opts.times, repeats: opts.repeats, gdc: opts.gdc, seed: opts.seed,
      ...(opts.samples !== undefined ? { samples: opts.samples } : {}),
      ...(opts.dataset ? { dataset: opts.dataset } : {}),
      ...(opts.weightsDir ? { weightsDir: opts.weightsDir } : {}),
      shouldStop: stop,
      ...(progress ? { progress } : {}),
    });
  } finally {
    release();
    if (shown) io.stderr('\r\x1b[K');
  }
  if (out.diagnostics.length) io.stderr(renderDiagnostics(out.diagnostics, sources, { color: opts.color }) + '\n');
  const r = out.result;
  if (!r) return 1;
  io.stdout(inferText(r, display));
  io.stdout(`  (${((Date.now() - start) / 1000).toFixed(1)} s)\n`);
  try {
    if (opts.json) writeAtomic(path.resolve(io.cwd, opts.json), JSON.stringify(inferJson(r, display, opts.version), null, 2) + '\n');
    if (opts.svg) writeAtomic(path.resolve(io.cwd, opts.svg), accuracyPlot([r], `${r.network} on ${r.target}`));
  } catch (e) {
    io.stderr(`xbar: cannot write the output: ${(e as Error).message}\n`);
    return 1;
  }
  return r.interrupted ? 130 : 0;
}
