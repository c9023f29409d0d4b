// hdl-export/veriloga/test-fixtures.ts: what the Verilog-A export tests share: a design from
// an example, a file under testdata/ or a text, exported to `verilog-a` the way the CLI does
// (plan, prepare, print; manifest from runExport), with each file's prepare-step facts
// (adms, uses) next to its text. Paths in outputs are the ones the user typed (relative).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDiagnostics } from '../../dsl/diagnostics/render.js';
import type { SourceSet } from '../../dsl/diagnostics/source.js';
import type { Checked } from '../../dsl/ir/nodes.js';
import { memoryHost, nodeHost } from '../../dsl/load.js';
import { frontEnd } from '../../dsl/pipeline.js';
import { runExport } from '../export.js';
import { planExport, type ExportPlan, type PlanRequest } from '../plan.js';
import type { EmittedVa } from './check-emitted.js';
import { printVaFile } from './emit.js';
import { prepareVerilogA, type PreparedVerilogA } from './prepare.js';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const GENERATOR = 'xbar (test)';

export interface Design {
  design: Checked;
  sources: SourceSet;
  /** The root file as the user named it. */
  source: string;
}

/** A description file, by its path relative to the project root. */
export function loadFile(rel: string): Design {
  const r = frontEnd(path.join(ROOT, rel), nodeHost(ROOT));
  if (!r?.design) throw new Error(r ? renderDiagnostics(r.diagnostics, r.sources, { color: false }) : `${rel}: not found`);
  return { design: r.design, sources: r.sources, source: rel };
}

/** A description given as text, as the root file `main.xbar`. */
export function loadText(text: string): Design {
  const r = frontEnd('/virtual/main.xbar', memoryHost({ 'main.xbar': text }, '/virtual'));
  if (!r?.design) throw new Error(r ? renderDiagnostics(r.diagnostics, r.sources, { color: false }) : 'main.xbar: not found');
  return { design: r.design, sources: r.sources, source: 'main.xbar' };
}

/** Every `.xbar` under examples/ (relative paths, sorted). */
export function exampleFiles(): string[] {
  const dir = path.join(ROOT, 'examples');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.xbar'))
    .map((f) => `examples/${f.split(path.sep).join('/')}`)
    .sort();
}

export interface VaExport {
  plan: ExportPlan;
  prepared: PreparedVerilogA;
  files: EmittedVa[];
  manifest: unknown;
}

export function exportVa(d: Design, req: PlanRequest = {}): VaExport {
  const plan = planExport(d.design, d.sources, d.source, GENERATOR, req);
  const prepared = prepareVerilogA(plan);
  const files = prepared.files.map((file) => ({ file, text: printVaFile(file) }));
  const r = runExport(d.design, d.sources, d.source, GENERATOR, 'verilog-a', req);
  if (r.files.map((f) => f.text).join('\0') !== files.map((f) => f.text).join('\0')) throw new Error('runExport and prepare + print disagree');
  return { plan, prepared, files, manifest: r.manifest };
}

/** The file of a module. */
export function fileOfModule(x: VaExport, module: string): EmittedVa {
  const f = x.files.find((g) => g.file.modules.some((m) => m.name === module));
  if (!f) throw new Error(`no file defines module ${module}`);
  return f;
}
