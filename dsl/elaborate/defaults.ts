// dsl/elaborate/defaults.ts: the value of a schema default written as text (`25 uS`, `true`,
// `[0.26348 uS, 1.965 uS]`, `none`, `1 cycles`). Defaults are ours, not the user's: one that
// does not read cleanly is an internal error, and a test evaluates every default of every kind.
import type { ParamValue } from '../ir/nodes.js';
import type { ParamSpec } from '../schema/types.js';
import { DIMS, dimEq, parseUnit, type Dim } from '../units.js';

const cache = new Map<string, ParamValue>();

function atom(text: string): { v: number; d: Dim } | boolean | string {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  const m = /^(-?[0-9][0-9_]*(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*(\S+)?$/.exec(t);
  if (!m) return t;
  const n = Number(m[1]!.replace(/_/g, ''));
  if (!m[2]) return { v: n, d: DIMS.none.dim };
  const u = parseUnit(m[2]);
  if (!u) throw new Error(`internal: bad unit in default \`${t}\``);
  return { v: n * u.scale, d: u.dim };
}

function num(x: ReturnType<typeof atom>, want: Dim, text: string): number {
  if (typeof x !== 'object' || !dimEq(x.d, want)) throw new Error(`internal: default \`${text}\` has the wrong type`);
  return x.v;
}

/** Evaluate a text default against its spec (cached by key). */
export function textDefault(key: string, text: string, spec: ParamSpec): ParamValue {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const t = spec.type;
  let v: ParamValue;
  switch (t.k) {
    case 'quantity':
      v = num(atom(text), DIMS[t.dim].dim, text);
      break;
    case 'int': {
      const a = atom(text);
      v = typeof a === 'object' && Number.isInteger(a.v) ? a.v : NaN;
      if (Number.isNaN(v)) throw new Error(`internal: default \`${text}\` is not an integer`);
      break;
    }
    case 'duration': {
      const a = atom(text);
      if (typeof a !== 'object') throw new Error(`internal: bad duration default \`${text}\``);
      if (dimEq(a.d, DIMS.time.dim)) v = { unit: 's', value: a.v };
      else if (dimEq(a.d, DIMS.cycles.dim)) v = { unit: 'cycles', value: a.v };
      else throw new Error(`internal: bad duration default \`${text}\``);
      break;
    }
    case 'bool': {
      const a = atom(text);
      if (typeof a !== 'boolean') throw new Error(`internal: bad boolean default \`${text}\``);
      v = a;
      break;
    }
    case 'choice':
    case 'string':
      if (t.k === 'choice' && !t.options.includes(text)) throw new Error(`internal: default \`${text}\` is not a choice`);
      v = text;
      break;
    case 'list': {
      const inner = text.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
      v = inner === '' ? [] : inner.split(',').map((p) => num(atom(p), DIMS[t.dim].dim, text));
      break;
    }
    case 'clock':
    case 'cell':
      throw new Error(`internal: ${t.k} parameters have no text defaults`);
  }
  cache.set(key, v);
  return v;
}
