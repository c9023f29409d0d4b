// test/helpers.ts: run the front end on in-memory sources, for tests.
import type { Diagnostic } from '../dsl/diagnostics/diagnostic.js';
import { renderDiagnostics } from '../dsl/diagnostics/render.js';
import { memoryHost } from '../dsl/load.js';
import { frontEnd, type FrontEndOptions, type FrontEndResult } from '../dsl/pipeline.js';
import { printIr } from '../dsl/print-ir.js';

export const ROOT = '/virtual/main.xbar';

export interface Checked {
  result: FrontEndResult;
  diagnostics: Diagnostic[];
  /** Rendered diagnostics, no colour. */
  text: string;
  /** `E2003@3` for each diagnostic (code and 1-based line of its primary span), sorted. */
  codes: string[];
  /** The canonical IR dump, if elaboration succeeded. */
  ir: string | null;
}

/**
 * Check `main` (and other in-memory files keyed by path relative to /virtual) as the root
 * file /virtual/main.xbar. The built-in library is read from disk.
 */
export function checkText(main: string, others: Record<string, string> = {}, opts: FrontEndOptions = {}): Checked {
  const files: Record<string, string> = { 'main.xbar': main };
  for (const [k, v] of Object.entries(others)) files[k] = v;
  const host = memoryHost(files, '/virtual');
  const result = frontEnd(ROOT, host, opts);
  if (!result) throw new Error('root file missing');
  const codes = result.diagnostics
    .map((d) => `${d.code}@${d.span ? result.sources.get(d.span.file).position(d.span.start).line : 0}`)
    .sort();
  const ir = result.elaborated ? printIr(result.elaborated) : null;
  return { result, diagnostics: result.diagnostics, text: renderDiagnostics(result.diagnostics, result.sources, { color: false }), codes, ir };
}
