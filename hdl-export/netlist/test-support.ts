// hdl-export/netlist/test-support.ts: what the netlist tests share (not part of the exporter):
// loading a description, exporting it, linting every file against the modules of the others,
// running admsXml on a programmed array with its cell model, and reading the per-cell
// parameters back out of an emitted array.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDiagnostics } from '../../dsl/diagnostics/render.js';
import { nodeHost } from '../../dsl/load.js';
import { frontEnd } from '../../dsl/pipeline.js';
import { checkText } from '../../test/helpers.js';
import { runExport, type EmitOptions } from '../export.js';
import type { OutFile } from '../folder.js';
import type { PlanRequest } from '../plan.js';
import { lintVerilogA, signatureOf, type KnownModule } from '../veriloga/lint.js';
import type { VaProblem } from '../veriloga/ast.js';
import { parseVerilogA } from '../veriloga/parse.js';
import { admsXml, ADMS_AVAILABLE, type AdmsResult } from '../veriloga/adms.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const GENERATOR = 'xbar (test)';

export type Source = ReturnType<typeof example>;

export function example(rel: string) {
  const r = frontEnd(path.join(ROOT, rel), nodeHost(ROOT))!;
  if (!r.design) throw new Error(renderDiagnostics(r.diagnostics, r.sources, { color: false }));
  return { design: r.design, sources: r.sources, source: rel };
}

export function fromText(src: string) {
  const c = checkText(src);
  if (!c.result.design) throw new Error(c.text);
  return { design: c.result.design, sources: c.result.sources, source: 'main.xbar' };
}

export function exportNetlist(d: Source, req: PlanRequest = {}, opts: EmitOptions = {}) {
  return runExport(d.design, d.sources, d.source, GENERATOR, 'netlist', req, opts);
}

export function file(files: readonly OutFile[], p: string): string {
  const f = files.find((x) => x.path === p);
  if (!f) throw new Error(`no file ${p} among ${files.map((x) => x.path).join(', ')}`);
  return f.text;
}

/**
 * Every file through lintVerilogA, each with the modules the other files define as
 * knownModules. Files of more than 1 MB (programmed arrays) give their signatures from their
 * last module (the array; the tile instantiates nothing else of them). Texts linted before
 * (the same array in two exports) are not linted again.
 */
export function lintAll(files: readonly OutFile[], done = new Set<string>()): { path: string; problems: VaProblem[]; ms: number }[] {
  const sigs = new Map<string, Map<string, KnownModule>>();
  for (const f of files) {
    const text = f.text.length > 1e6 ? `\`include "disciplines.vams"\n${f.text.slice(f.text.lastIndexOf('\nmodule '))}` : f.text;
    sigs.set(f.path, new Map(parseVerilogA(text, f.path).modules.map((m) => [m.name.name, signatureOf(m)])));
  }
  const out: { path: string; problems: VaProblem[]; ms: number }[] = [];
  for (const f of files) {
    if (done.has(f.text)) continue;
    done.add(f.text);
    const known = new Map<string, KnownModule>();
    for (const [p, ms] of sigs) if (p !== f.path) for (const [k, v] of ms) known.set(k, v);
    const t0 = Date.now();
    const r = lintVerilogA(f.text, f.path, { knownModules: known });
    out.push({ path: f.path, problems: r.problems, ms: Date.now() - t0 });
  }
  return out;
}

export const hasAdms = ADMS_AVAILABLE;

/** admsXml on `files`, the last checked after the others (a programmed array after its cell model). */
export function adms(files: readonly OutFile[]): AdmsResult {
  return admsXml(files.map((f) => ({ path: f.path, text: f.text })));
}

export interface ParsedArray {
  /** Physical column names in the array module's port order after the rows. */
  columns: string[];
  rows: number;
  /** Per column, per row: the cell's parameter overrides as numbers (t_inference resolved). */
  cells: Map<string, number>[][];
  /** The array's t_inference parameter, if any. */
  tInference: number | null;
}

/**
 * The per-instance parameters of a programmed array's cells, read back from its text: the
 * array module (the last) names a column module per physical column; each column module holds
 * one cell instance per row `x_r<i>`.
 */
export function parseArray(text: string): ParsedArray {
  const modules = new Map<string, string>();
  for (const m of text.matchAll(/^module (\w+)\(([^)]*)\);\n([\s\S]*?)^endmodule$/gm)) modules.set(m[1]!, m[3]!);
  const names = [...modules.keys()];
  const arrayName = names[names.length - 1]!;
  const body = modules.get(arrayName)!;
  const tm = /parameter real t_inference = ([^ ;]+)/.exec(body);
  const tInference = tm ? Number(tm[1]) : null;
  const columns: string[] = [];
  const cells: Map<string, number>[][] = [];
  let rows = 0;
  for (const inst of body.matchAll(/^ {2}(\w+)(?: #\(.*?\)\))? x_(\w+) \(([^)]*)\);$/gm)) {
    const nets = inst[3]!.split(', ');
    columns.push(nets[nets.length - 1]!);
    rows = nets.length - 1;
    const col = modules.get(inst[1]!)!;
    const byRow: Map<string, number>[] = [];
    for (const c of col.matchAll(/^ {2}\w+ #\((.*)\) x_r(\d+) \(/gm)) {
      const params = new Map<string, number>();
      for (const p of c[1]!.matchAll(/\.(\w+)\(([^)]*)\)/g)) params.set(p[1]!, p[2] === 't_inference' ? tInference! : Number(p[2]));
      byRow[Number(c[2])] = params;
    }
    cells.push(byRow);
  }
  return { columns, rows, cells, tInference };
}

/** A small drifting tile (PCM-like, differential). */
export const PCM = `
clock clk = 1 GHz;
device pcm4 : pcm_like { g_max = 25 uS; }
dac v8 : voltage { bits = 8; signed = true; v_read = 0.2 V; }
tile t {
  clock = clk;
  v8 dacs[4];
  crossbar array { rows = 4; cols = 3; cell = differential(pcm4); }
  flash adcs[3];
  connect dacs -> array -> adcs;
}
testbench tb for t { seed = 11; t_inference = 1 h; program t with random_weights(-1, 1); run until idle; }
`;

