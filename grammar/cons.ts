// grammar/cons.ts: the lists nearley's repetitions build, shared by every generated parser
// (the xbar grammar and the Verilog-A grammar in hdl-export/veriloga/). scripts/gen-grammar.mjs
// replaces nearley's `d[0].concat([d[1]])` (a copy per element: O(n^2) for a list of n) with
// `b.cons(d[0], d[1])`, and the builders read the result back with `items`.

/** One step of a grammar repetition: the list so far and one more element (O(1) to build). */
export class Cons {
  constructor(
    readonly prev: Cons | readonly unknown[],
    readonly item: unknown,
  ) {}
}

export function cons(prev: Cons | readonly unknown[], item: unknown): Cons {
  return new Cons(prev, item);
}

/** The elements of a repetition's result: its base array, then the consed elements in order. */
export function items<T>(list: Cons | readonly unknown[] | null | undefined): T[] {
  if (!list) return [];
  const tail: unknown[] = [];
  let cur: Cons | readonly unknown[] = list;
  while (cur instanceof Cons) {
    tail.push(cur.item);
    cur = cur.prev;
  }
  const out = [...(cur as readonly unknown[])];
  for (let i = tail.length - 1; i >= 0; i--) out.push(tail[i]);
  return out as T[];
}
