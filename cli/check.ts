// cli/check.ts: `xbar check FILE...`: run the front end on each file and report.
//
// Diagnostics go to stderr as text (or to stdout as one JSON document with --format json);
// --dump-ir prints the canonical IR of each file that elaborated. Exit status: 0 when no
// file has an error (warnings allowed), 1 when one has, 2 for usage errors (including a
// file that cannot be read).
import { toJson } from '../dsl/diagnostics/json.js';
import { renderDiagnostics, sortDiagnostics, summaryLine } from '../dsl/diagnostics/render.js';
import type { Diagnostic, WarningLevels } from '../dsl/diagnostics/diagnostic.js';
import { nodeHost } from '../dsl/load.js';
import { frontEnd } from '../dsl/pipeline.js';
import { printIr } from '../dsl/print-ir.js';
import { allTiles } from '../dsl/ir/walk.js';
import { tileFootprint } from '../dsl/passes/check-resources.js';
import type { Checked } from '../dsl/ir/nodes.js';
import { UsageError, type Io } from './io.js';

export interface CheckCliOptions {
  format: 'text' | 'json';
  dumpIr: boolean;
  dumpIrSpans: boolean;
  params: { name: string; value: string }[];
  warnings: WarningLevels;
  maxMemory: number;
  color: boolean;
  /** Diagnostics printed per file at most (0: all). */
  maxDiagnostics: number;
}

function summary(d: Checked): string {
  const tiles = allTiles(d);
  const devices = d.chips.length
    ? d.chips.reduce((n, c) => n + c.tiles.reduce((m, t) => m + tileFootprint(t.tile).devices, 0), 0)
    : tiles.reduce((n, t) => n + tileFootprint(t).devices, 0);
  const count = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : w.endsWith('h') ? 'es' : 's'}`;
  return [count(tiles.length, 'tile'), count(d.chips.length, 'chip'), count(d.testbenches.length, 'testbench'), count(devices, 'device')].join(', ');
}

export function runCheck(files: string[], opts: CheckCliOptions, io: Io): number {
  if (files.length === 0) throw new UsageError('check needs at least one FILE');
  const host = nodeHost(io.cwd);
  let errors = 0;
  const all: Diagnostic[] = [];
  const jsonFiles: { file: string; ok: boolean; diagnostics: unknown[]; omitted?: number }[] = [];
  for (const file of files) {
    const r = frontEnd(file, host, {
      overrides: opts.params,
      warnings: opts.warnings,
      maxMemoryBytes: opts.maxMemory,
    });
    if (!r) throw new UsageError(`cannot read '${file}': no such file`);
    const hasErrors = r.diagnostics.some((d) => d.severity === 'error');
    if (hasErrors) errors++;
    for (const d of r.diagnostics) all.push(d);
    if (opts.format === 'json') {
      const sorted = sortDiagnostics(r.diagnostics, r.sources);
      const shown = opts.maxDiagnostics > 0 ? sorted.slice(0, opts.maxDiagnostics) : sorted;
      jsonFiles.push({
        file: host.display(r.sources.get(0).path),
        ok: !hasErrors,
        diagnostics: shown.map((d) => toJson(d, r.sources)),
        ...(shown.length < sorted.length ? { omitted: sorted.length - shown.length } : {}),
      });
    } else if (r.diagnostics.length) {
      io.stderr(renderDiagnostics(r.diagnostics, r.sources, { color: opts.color, max: opts.maxDiagnostics }) + '\n');
    }
    const ir = r.design ?? r.elaborated;
    if (opts.dumpIr && ir) io.stdout(printIr(ir, { spans: opts.dumpIrSpans, sources: r.sources }));
    if (opts.format === 'text' && r.design && !opts.dumpIr) {
      io.stdout(`${host.display(r.sources.get(0).path)}: ok (${summary(r.design)})\n`);
    }
  }
  if (opts.format === 'json') {
    const e = all.filter((d) => d.severity === 'error').length;
    io.stdout(JSON.stringify({ files: jsonFiles, summary: { errors: e, warnings: all.length - e, text: summaryLine(all) } }, null, 2) + '\n');
  } else if (all.length) {
    io.stderr(`${summaryLine(all)} in ${files.length} file${files.length === 1 ? '' : 's'}\n`);
  }
  return errors > 0 ? 1 : 0;
}
