// cli/export.ts: `xbar export FORMAT FILE [-o DIR] [--tile NAME] [--testbench NAME] ...`.
//
// Checks the description, plans and emits the format, and writes the folder with its
// manifest (hdl-export/folder.ts: whole or not at all). Exit status: 0 written; 1 the
// description has errors, a data file cannot be read or the folder cannot be written (E5002);
// 2 a bad request: unknown format, tile or testbench (E5001), an input vector that does not
// fit (E5003), bad option values.
import path from 'node:path';
import { diag, type Diagnostic } from '../dsl/diagnostics/diagnostic.js';
import { renderDiagnostics } from '../dsl/diagnostics/render.js';
import { didYouMean } from '../dsl/elaborate/suggest.js';
import { DIMS, dimEq, parseUnit } from '../dsl/units.js';
import { SimError } from '../emulator/simulator.js';
import { ExportInputError, FORMATS, runExport, type FormatName } from '../hdl-export/export.js';
import { checkOutputDir, FolderError, writeFolder } from '../hdl-export/folder.js';
import { PlanError } from '../hdl-export/plan.js';
import { DataError } from '../testbenches/sources.js';
import { UsageError, type Io } from './io.js';
import { checkedDesign } from './run-files.js';

export interface ExportCliOptions {
  out?: string;
  tile?: string;
  testbench?: string;
  seed?: number;
  tInference?: number;
  input?: number[];
  color: boolean;
  version: string;
}

export function formatNames(): string[] {
  return Object.keys(FORMATS);
}

/** `--t-inference 1h`, `3600 s`, `0`: a time in seconds. */
export function parseTime(text: string): number {
  const m = /^\s*([0-9.eE+-]+)\s*([A-Za-z]*)\s*$/.exec(text);
  const unit = m ? (m[2] === '' ? { scale: 1, dim: DIMS.time.dim } : parseUnit(m[2]!)) : null;
  const v = m ? Number(m[1]) : NaN;
  if (!m || !unit || !dimEq(unit.dim, DIMS.time.dim) || !Number.isFinite(v) || v < 0) {
    throw new UsageError(`--t-inference: expected a time such as 0, 1 h or 3600 s, found '${text}'`);
  }
  return v * unit.scale;
}

/** `--input 7,0,-3` or `[7, 0, -3]`: integer codes. */
export function parseCodes(text: string): number[] {
  const body = text.trim().replace(/^\[|\]$/g, '');
  const parts = body.split(/[\s,]+/).filter(Boolean);
  const codes = parts.map(Number);
  if (parts.length === 0 || codes.some((c) => !Number.isFinite(c))) throw new UsageError(`--input: expected codes such as 7,0,-3, found '${text}'`);
  return codes;
}

export function runExportCli(format: string, file: string, opts: ExportCliOptions, io: Io): number {
  if (!(format in FORMATS)) {
    const hints = didYouMean(format, formatNames());
    throw new UsageError(`unknown export format '${format}'; the formats are ${formatNames().join(', ')}${hints.map((h) => ` (${h})`).join('')}`);
  }
  const out = path.resolve(io.cwd, opts.out ?? path.join('out', format));
  const checked = checkedDesign(file, io, opts.color);
  if (!checked) return 1;
  const report = (d: Diagnostic, code: number) => {
    io.stderr(renderDiagnostics([d], checked.sources, { color: opts.color }).replace(/\n*$/, '\n'));
    return code;
  };
  const shown = path.relative(io.cwd, out) || '.';
  try {
    checkOutputDir(out, shown);
  } catch (e) {
    return report(diag('E5002', (e as Error).message, null), 1);
  }
  try {
    const { files, manifest } = runExport(
      checked.design, checked.sources, checked.display, `xbar ${opts.version}`, format as FormatName,
      { ...(opts.tile !== undefined ? { tile: opts.tile } : {}), ...(opts.testbench !== undefined ? { testbench: opts.testbench } : {}) },
      {
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        ...(opts.tInference !== undefined ? { tInference: opts.tInference } : {}),
        ...(opts.input !== undefined ? { input: opts.input } : {}),
      },
    );
    writeFolder(out, files, manifest, shown);
    io.stdout(`${checked.display}: wrote ${files.length + 1} file${files.length ? 's' : ''} to ${shown}/ (${format}; see ${path.join(shown, 'manifest.json')})\n`);
    return 0;
  } catch (e) {
    if (e instanceof PlanError) {
      const hints = e.suggestions.length ? didYouMean(e.message.match(/'([^']*)'/)?.[1] ?? '', e.suggestions) : [];
      return report(diag('E5001', e.message, null, { help: hints.length ? hints : e.suggestions.length ? `it has ${e.suggestions.slice(0, 8).join(', ')}` : [] }), 2);
    }
    if (e instanceof ExportInputError) return report(diag('E5003', e.message, null), 2);
    if (e instanceof FolderError) return report(diag('E5002', e.message, null), 1);
    if (e instanceof DataError || e instanceof SimError) return report(diag(e.code, e.message, null), 1);
    throw e;
  }
}
