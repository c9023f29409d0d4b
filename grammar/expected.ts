// grammar/expected.ts: what a nearley parser could have accepted where it failed, in words,
// for the syntax errors of both generated parsers (the xbar grammar and hdl-export/veriloga/).
import type nearley from 'nearley';

type ParserTable = { table: { states: { rule: { symbols: unknown[] }; dot: number }[] }[] };

/**
 * The terminals the parser could accept in a column (`fromEnd` = 1 for the last, 2 before it):
 * literals as `` `x` ``, token types by their name in `typeNames` (or the type itself).
 */
export function expectedAt(parser: nearley.Parser, fromEnd: number, typeNames: Readonly<Record<string, string>>): string[] {
  const table = (parser as unknown as ParserTable).table;
  const column = table[table.length - fromEnd];
  const out = new Set<string>();
  for (const st of column?.states ?? []) {
    const sym = st.rule.symbols[st.dot] as { literal?: string; type?: string } | string | undefined;
    if (!sym || typeof sym === 'string') continue;
    if (sym.literal !== undefined) out.add(`\`${sym.literal}\``);
    else if (sym.type !== undefined) out.add(typeNames[sym.type] ?? sym.type);
  }
  return [...out];
}

/**
 * What was expected, in words: the named groups first (`an expression`), then the other
 * terminals in alphabetical order, as "a, b or c" ("nothing more" when empty).
 */
export function alternatives(groups: readonly string[], rest: readonly string[]): string {
  const all = [...groups, ...[...rest].sort((a, b) => a.localeCompare(b))];
  if (all.length === 0) return 'nothing more';
  if (all.length === 1) return all[0]!;
  return `${all.slice(0, -1).join(', ')} or ${all[all.length - 1]}`;
}
