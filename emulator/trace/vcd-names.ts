// emulator/trace/vcd-names.ts: how xbar's trace variables are named in a VCD and in GTKWave.
//
// Name rule (scope names and variable names alike, one component at a time):
//  1. Every character outside printable ASCII 33..126 (space, tab, newline, control, non-ASCII)
//     becomes `_`: a VCD reference is one whitespace-free token. An empty name becomes `_`.
//  2. A "simple" name is written as it is: a Verilog identifier followed by any number of
//     decimal indices, `/^[A-Za-z_][A-Za-z0-9_$]*(\[[0-9]+\])*$/`, so `hermes`, `c[0]`, `c[1][2]`
//     and `w[3]` stay readable. GTKWave 3.3.118 shows them verbatim (`hermes.c[0].adcs.v`).
//     Except for reals and integers: GTKWave reads `q[2]` on a real as `q` and on an integer
//     as bit 2 of it (wrong name and wrong value), so their names with `[` go to rule 3.
//  3. Any other name is written as a Verilog escaped identifier: `\` + the name (`a.b` -> `\a.b`,
//     `x+y` -> `\x+y`, `$tmp` -> `\$tmp`). GTKWave shows escaped names verbatim, backslash
//     included (`top.\a.b`); it shows an unescaped dotted name as `\plain.dotted` anyway, so this
//     is exactly what a user sees. A name that already starts with `\` is kept.
//  4. If two variables of one scope (or two child scopes of one scope) end up with the same
//     VCD name, the later ones get `_2`, `_3`, ... appended (before escaping decisions are
//     re-made), in declaration order.
// The GTKWave name of a signal is the scope names and the variable's VCD name joined by `.`,
// followed by `[N-1:0]` for a vector of N > 1 bits (integers, reals, events and bits: nothing).
import type { TraceKind, TraceVar } from './trace-sink.js';

/** VCD identifier code of a dense id: bijective base 94 over '!'..'~', least significant first
 * (`!`, `"`, ..., `~`, `!!`, `"!`, ...). */
export function vcdIdCode(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`VCD id must be a non-negative integer, got ${n}`);
  let s = '';
  let k = n;
  do {
    s += String.fromCharCode(33 + (k % 94));
    k = Math.floor(k / 94) - 1;
  } while (k >= 0);
  return s;
}

/** Codes that would read as VCD keywords (only reachable beyond ~800k variables). */
const RESERVED_CODES = new Set([
  '$end', '$var', '$date', '$scope', '$dumpon', '$upscope', '$comment', '$dumpall', '$dumpoff',
  '$version', '$dumpvars', '$timescale', '$enddefinitions',
]);

const SIMPLE = /^[A-Za-z_][A-Za-z0-9_$]*(\[[0-9]+\])*$/;

/** The VCD form of one name component (see the rule at the top of this file). With `noIndex`
 * (reals and integers), a name with `[` is escaped too. */
export function vcdName(name: string, noIndex = false): string {
  let s = '';
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    s += c >= 33 && c <= 126 ? ch : '_';
  }
  if (s === '') return '_';
  if (s === '\\') return '\\_';
  if ((SIMPLE.test(s) && !(noIndex && s.includes('['))) || s.startsWith('\\')) return s;
  return '\\' + s;
}

/** Canonical width of a kind (vectors carry their own). */
export function kindWidth(kind: TraceKind, width: number): number {
  switch (kind) {
    case 'bit':
    case 'event':
      return 1;
    case 'real':
      return 64;
    case 'integer':
      return 32;
    case 'vector':
      return width;
  }
}

export interface VcdScopeNode {
  /** VCD name of this scope ('' for the root). */
  name: string;
  /** Children in order of first appearance: scopes and variable ids interleaved. */
  items: ({ scope: VcdScopeNode } | { varId: number })[];
}

export interface VcdVarName {
  /** Identifier code. */
  code: string;
  /** VCD names of the enclosing scopes, outermost first. */
  scope: string[];
  /** VCD reference name (without range). */
  ref: string;
  /** The full name GTKWave shows and a .gtkw uses: `hermes.c[0].adcs.code[7:0]`. */
  gtkwaveName: string;
}

export interface VcdLayout {
  root: VcdScopeNode;
  /** Indexed by TraceVar.id. */
  names: VcdVarName[];
}

interface BuildNode extends VcdScopeNode {
  childScopes: Map<string, BuildNode>;
  usedScopeNames: Set<string>;
  usedVarNames: Set<string>;
  items: ({ scope: BuildNode } | { varId: number })[];
}

function unique(base: string, used: Set<string>, noIndex = false): string {
  let name = vcdName(base, noIndex);
  for (let k = 2; used.has(name); k++) name = vcdName(`${base}_${k}`, noIndex);
  used.add(name);
  return name;
}

/** Check a declaration and compute every VCD name, scope tree and id code (codes follow
 * vcdIdCode in id order, skipping the few that spell a VCD keyword). */
export function vcdLayout(vars: readonly TraceVar[]): VcdLayout {
  const root: BuildNode = { name: '', items: [], childScopes: new Map(), usedScopeNames: new Set(), usedVarNames: new Set() };
  const names: VcdVarName[] = [];
  let nextCode = 0;
  vars.forEach((v, i) => {
    if (v.id !== i) throw new Error(`trace variable ids must be dense and in order: position ${i} has id ${v.id}`);
    if (v.kind === 'vector' && (!Number.isInteger(v.width) || v.width < 1 || v.width > 4096)) {
      throw new RangeError(`trace variable ${[...v.scope, v.name].join('.')}: vector width must be 1..4096, got ${v.width}`);
    }
    let node = root;
    const scopeNames: string[] = [];
    for (const s of v.scope) {
      let child = node.childScopes.get(s);
      if (!child) {
        child = { name: unique(s, node.usedScopeNames), items: [], childScopes: new Map(), usedScopeNames: new Set(), usedVarNames: new Set() };
        node.childScopes.set(s, child);
        node.items.push({ scope: child });
      }
      scopeNames.push(child.name);
      node = child;
    }
    const ref = unique(v.name, node.usedVarNames, v.kind === 'real' || v.kind === 'integer');
    node.items.push({ varId: i });
    const width = kindWidth(v.kind, v.width);
    const range = v.kind === 'vector' && width > 1 ? `[${width - 1}:0]` : '';
    let code = vcdIdCode(nextCode++);
    while (RESERVED_CODES.has(code)) code = vcdIdCode(nextCode++);
    names.push({ code, scope: scopeNames, ref, gtkwaveName: [...scopeNames, ref].join('.') + range });
  });
  return { root, names };
}
