// test/parse-utils.ts: the four checks of a parser test (STYLE.md §22): no diagnostics and
// exactly one parse (the façade reports an ambiguity as E9001), the expected AST (spans
// stripped), and print -> parse gives the same AST again, with printing a fixpoint.
import type { ExecutionContext } from 'ava';
import type { FileAst } from '../dsl/ast.js';
import { SourceSet } from '../dsl/diagnostics/source.js';
import { renderDiagnostics } from '../dsl/diagnostics/render.js';
import { parse, type ParseResult } from '../grammar/parse.js';
import { printAst } from '../grammar/print-ast.js';

export function parseText(text: string, name = 'spec.xbar'): ParseResult & { sources: SourceSet } {
  const sources = new SourceSet();
  const f = sources.add(`/virtual/${name}`, name, text);
  return { ...parse(f), sources };
}

/** The AST without spans and file ids, for structural comparison. */
export function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'span' && k !== 'categorySpan' && k !== 'file') out[k] = strip(x);
    return out;
  }
  return v;
}

/** Parse with no diagnostics, round-trip through the printer; returns the stripped items. */
export function checkTree(t: ExecutionContext, text: string): unknown[] {
  const r = parseText(text);
  t.deepEqual(r.diagnostics, [], renderDiagnostics(r.diagnostics, r.sources, { color: false }));
  const printed = printAst(r.ast);
  const again = parseText(printed);
  t.deepEqual(again.diagnostics, [], `reparse of:\n${printed}`);
  t.deepEqual(strip(again.ast.items), strip(r.ast.items), `round trip through:\n${printed}`);
  t.is(printAst(again.ast), printed, 'printing is a fixpoint');
  return strip(r.ast.items) as unknown[];
}

/** The codes of the diagnostics for a text that must fail to parse. */
export function parseCodes(text: string): string[] {
  return parseText(text).diagnostics.map((d) => d.code);
}

export type { FileAst };
