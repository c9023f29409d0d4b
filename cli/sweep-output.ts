// cli/sweep-output.ts: the table of `xbar sweep` as text (stdout), CSV, JSON and an SVG
// trade-off chart. No wall-clock figures: the same variants give the same bytes, whatever
// the number of worker threads or the order in which they finished.
import { DIMS, formatQuantity } from '../dsl/units.js';
import type { VariantRow } from './sweep-run.js';
import type { SweepParam } from './sweep-spec.js';

/** The metrics a chart axis may show (`--x`, `--y`), with their CSV column and label. */
export const METRICS = {
  latency: { column: 'latency_s', label: 'latency per MVM (s)', get: (r: VariantRow) => r.latency },
  throughput: { column: 'throughput_mvm_per_s', label: 'throughput (MVM/s)', get: (r: VariantRow) => r.throughput },
  energy: { column: 'energy_per_mvm_j', label: 'energy per MVM (J)', get: (r: VariantRow) => r.energyPerMvm },
  tops_per_w: { column: 'tops_per_w', label: 'TOPS/W', get: (r: VariantRow) => r.topsPerWatt },
  err_max: { column: 'err_max_lsb', label: 'max error vs ideal (LSB)', get: (r: VariantRow) => r.errMax },
  err_rms: { column: 'err_rms_lsb', label: 'rms error vs ideal (LSB)', get: (r: VariantRow) => r.errRms },
  err_rel: { column: 'err_rms_rel', label: 'rms error / full scale', get: (r: VariantRow) => r.errRel },
} as const;
export type Metric = keyof typeof METRICS;

export interface SweepResult {
  file: string;
  testbench: string | null;
  seedRule: string;
  params: SweepParam[];
  rows: VariantRow[];
}

const num = (v: number | null): string => (v === null ? '' : String(v));

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function sweepCsv(r: SweepResult): string {
  const head = ['variant', ...r.params.map((p) => p.name), 'status', 'seed', 'tile', 'vectors', ...Object.values(METRICS).map((m) => m.column), 'ops_per_mvm', 'expectations_passed', 'expectations', 'code', 'message'];
  const lines = [head.join(',')];
  for (const row of r.rows) {
    lines.push([
      String(row.index), ...row.params.map((p) => p.value), row.status, num(row.seed), row.tile ?? '', num(row.vectors),
      ...Object.values(METRICS).map((m) => num(m.get(row))), num(row.opsPerMvm), num(row.expectationsPassed), num(row.expectations),
      row.code ?? '', row.message ?? '',
    ].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

export function sweepJson(r: SweepResult): string {
  return JSON.stringify({
    file: r.file,
    testbench: r.testbench,
    seeds: r.seedRule,
    params: r.params,
    failed: r.rows.filter((x) => x.status === 'failed').length,
    variants: r.rows.map((row) => ({
      variant: row.index,
      params: Object.fromEntries(row.params.map((p) => [p.name, p.value])),
      status: row.status,
      seed: row.seed,
      tile: row.tile,
      vectors: row.vectors,
      latency: row.latency,
      throughput: row.throughput,
      energyPerMvm: row.energyPerMvm,
      opsPerMvm: row.opsPerMvm,
      topsPerWatt: row.topsPerWatt,
      errMax: row.errMax,
      errRms: row.errRms,
      errRel: row.errRel,
      expectations: row.expectations === null ? null : { passed: row.expectationsPassed, total: row.expectations },
      error: row.status === 'failed' ? { code: row.code, message: row.message, at: row.where } : null,
    })),
  }, null, 2) + '\n';
}

const q = (v: number | null, dim: keyof typeof DIMS) => (v === null ? '-' : formatQuantity({ value: v, dim: DIMS[dim].dim }, 4));
const g = (v: number | null) => (v === null ? '-' : v.toPrecision(3));

/** The table printed to stdout: one line per variant, failed ones marked FAILED with their error. */
export function sweepText(r: SweepResult): string {
  const head = ['#', ...r.params.map((p) => p.name), 'status', 'latency', 'MVM/s', 'energy/MVM', 'TOPS/W', 'err max', 'err rms', 'expect'];
  const body = r.rows.map((row) => [
    String(row.index), ...row.params.map((p) => p.value), row.status === 'ok' ? 'ok' : 'FAILED',
    ...(row.status === 'ok'
      ? [q(row.latency, 'time'), g(row.throughput), q(row.energyPerMvm, 'energy'), g(row.topsPerWatt), g(row.errMax), g(row.errRms), row.expectations ? `${row.expectationsPassed}/${row.expectations}` : '-']
      : [`${row.code ? `${row.code}: ` : ''}${row.message ?? ''}`]),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.filter((b) => b.length === head.length || i < b.length - 1).map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const failed = r.rows.filter((x) => x.status === 'failed').length;
  const title = `sweep of ${r.file}${r.testbench ? ` (testbench ${r.testbench})` : ''}: ${r.rows.length} variant${r.rows.length === 1 ? '' : 's'}${failed ? `, ${failed} failed` : ''}; ${r.seedRule}`;
  return [title, line(head), ...body.map(line)].join('\n') + '\n';
}

// ---------------------------------------------------------------- chart

const W = 640;
const H = 420;
const M = { left: 80, right: 24, top: 40, bottom: 56 };
const f = (x: number): string => (Math.round(x * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Ticks at 1, 2 or 5 times a power of ten. */
function ticks(lo: number, hi: number): number[] {
  const span = hi - lo;
  const raw = span / 8;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function extent(vs: number[]): [number, number] {
  let lo = Math.min(...vs);
  let hi = Math.max(...vs);
  if (!(hi > lo)) {
    const d = Math.abs(lo) * 0.1 || 1;
    lo -= d;
    hi += d;
  }
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}

/** One point per variant that ran and has both figures, labelled with its parameter values. */
export function sweepSvg(r: SweepResult, x: Metric, y: Metric): string {
  const mx = METRICS[x];
  const my = METRICS[y];
  const pts = r.rows
    .filter((row) => row.status === 'ok' && mx.get(row) !== null && my.get(row) !== null)
    .map((row) => ({ row, x: mx.get(row)!, y: my.get(row)! }));
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="11">`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const skipped = r.rows.length - pts.length;
  out.push(`<text x="${f(M.left + pw / 2)}" y="22" text-anchor="middle" font-size="14">${esc(`${my.label} vs ${mx.label}: ${pts.length} variant${pts.length === 1 ? '' : 's'}${skipped ? ` (${skipped} failed or without figures, not shown)` : ''}`)}</text>`);
  out.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#000000"/>`);
  out.push(`<text x="${f(M.left + pw / 2)}" y="${H - 14}" text-anchor="middle" font-size="12">${esc(mx.label)}</text>`);
  out.push(`<text x="16" y="${f(M.top + ph / 2)}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${f(M.top + ph / 2)})">${esc(my.label)}</text>`);
  if (pts.length) {
    const [x0, x1] = extent(pts.map((p) => p.x));
    const [y0, y1] = extent(pts.map((p) => p.y));
    const X = (v: number) => M.left + ((v - x0) / (x1 - x0)) * pw;
    const Y = (v: number) => M.top + (1 - (v - y0) / (y1 - y0)) * ph;
    for (const t of ticks(x0, x1)) {
      out.push(`<line x1="${f(X(t))}" y1="${M.top}" x2="${f(X(t))}" y2="${M.top + ph}" stroke="#e0e0e0"/>`);
      out.push(`<text x="${f(X(t))}" y="${M.top + ph + 16}" text-anchor="middle">${t.toPrecision(3).replace(/\.?0+(e|$)/, '$1')}</text>`);
    }
    for (const t of ticks(y0, y1)) {
      out.push(`<line x1="${M.left}" y1="${f(Y(t))}" x2="${M.left + pw}" y2="${f(Y(t))}" stroke="#e0e0e0"/>`);
      out.push(`<text x="${M.left - 6}" y="${f(Y(t) + 4)}" text-anchor="end">${t.toPrecision(3).replace(/\.?0+(e|$)/, '$1')}</text>`);
    }
    out.push('<g class="points">');
    // Labels: left of points in the right half; above and below in turn, so that
    // neighbours (one parameter apart) do not print over each other.
    pts.forEach((p, k) => {
      const label = p.row.params.map((v) => `${v.name.split('.').pop()}=${v.value}`).join(' ');
      const cx = X(p.x);
      const cy = Y(p.y);
      const right = cx > M.left + pw / 2;
      out.push(`<circle cx="${f(cx)}" cy="${f(cy)}" r="4" fill="#1f77b4"><title>${esc(`variant ${p.row.index}: ${label}`)}</title></circle>`);
      out.push(`<text x="${f(cx + (right ? -6 : 6))}" y="${f(cy + (k % 2 ? 14 : -6))}" text-anchor="${right ? 'end' : 'start'}" fill="#333333">${esc(label)}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
