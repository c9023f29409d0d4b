// cli/sweep-spec.ts: the `--param NAME=VALUES` of `xbar sweep` and the variants they make.
//
//   NAME     a top-level `param`, COMPONENT.PARAM or TILE.INSTANCE.PARAM (dsl/elaborate/overrides.ts)
//   VALUES   `4..8` (whole numbers, both ends included), `1,4,8`, `1ns,2ns` (any expressions,
//            separated by commas; a value with a comma inside brackets stays one value)
//
// The variants are the Cartesian product, the first --param varying slowest; variant i
// (from 0) runs with seed S + i when `--seed S` is given, else with the testbench's seed.
import { UsageError } from './io.js';

export interface SweepParam {
  name: string;
  values: string[];
}

export interface Variant {
  index: number;
  /** One override per --param, in command-line order. */
  params: { name: string; value: string }[];
  /** The seed to run with; undefined: the testbench's own. */
  seed?: number;
}

/** Split on commas outside brackets and parentheses. */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

export const MAX_VARIANTS = 10_000;

export function parseSweepParam(text: string, prev: SweepParam[]): SweepParam[] {
  const m = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)=(.*)$/s.exec(text);
  if (!m || m[2]!.trim() === '') throw new UsageError(`--param: expected NAME=VALUES (4..8, 1,4,8 or 1ns,2ns), found '${text}'`);
  const name = m[1]!;
  const spec = m[2]!.trim();
  if (prev.some((p) => p.name === name)) throw new UsageError(`--param: '${name}' is swept twice; give all its values in one --param`);
  const range = /^(-?\d+)\s*\.\.\s*(-?\d+)$/.exec(spec);
  let values: string[];
  if (range) {
    const lo = Number(range[1]);
    const hi = Number(range[2]);
    if (hi < lo) throw new UsageError(`--param ${name}: the range ${spec} is empty (write LOW..HIGH)`);
    if (hi - lo + 1 > MAX_VARIANTS) throw new UsageError(`--param ${name}: the range ${spec} has more than ${MAX_VARIANTS} values`);
    values = Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i));
  } else if (/\.\./.test(spec) && !/[[(]/.test(spec)) {
    throw new UsageError(`--param ${name}: a range is two whole numbers LOW..HIGH, found '${spec}'`);
  } else {
    values = splitTop(spec);
    if (values.some((v) => v === '')) throw new UsageError(`--param ${name}: an empty value in '${spec}'`);
  }
  return [...prev, { name, values }];
}

/** The Cartesian product, first parameter slowest. */
export function variants(params: readonly SweepParam[], seed: number | undefined): Variant[] {
  const total = params.reduce((n, p) => n * p.values.length, 1);
  if (total > MAX_VARIANTS) throw new UsageError(`the sweep has ${total} variants; at most ${MAX_VARIANTS}`);
  const out: Variant[] = [];
  for (let i = 0; i < total; i++) {
    let rest = i;
    const chosen: { name: string; value: string }[] = new Array(params.length);
    for (let k = params.length - 1; k >= 0; k--) {
      const p = params[k]!;
      chosen[k] = { name: p.name, value: p.values[rest % p.values.length]! };
      rest = Math.floor(rest / p.values.length);
    }
    out.push({ index: i, params: chosen, ...(seed !== undefined ? { seed: (seed + i) >>> 0 } : {}) });
  }
  return out;
}
