// dsl/elaborate/builtins.ts: the functions an expression may call.
//
//   math:          abs min max floor ceil round sqrt log2 log10 ln exp clog2 len
//   cell schemes:  differential(device, pairs = 1, significance = [1, ...])
//                  offset(device)
//                  bit_sliced(device, bits = 8, bits_per_cell = 2, encoding = offset)
//   testbench:     random_weights(lo = -1, hi = 1)   random_codes(count, lo, hi)
//                  npy(path)   csv(path)   vcd(path, signal)
//   expectations:  latency(x) throughput(x) energy(x): only on the left of `expect ... <op> ...`
import type * as A from '../ast.js';
import type { CellIR, ComponentIR } from '../ir/nodes.js';
import { describeDim, dimPow, isDimensionless } from '../units.js';
import type { Ctx } from './context.js';
import { evaluate, toIndex } from './evaluate.js';
import type { Scope } from './scope.js';
import { didYouMean } from './suggest.js';
import { describeValue, ERROR, num, type Value } from './values.js';

interface ParamDecl {
  name: string;
  required?: boolean;
}

const SIGNATURES: Record<string, ParamDecl[]> = {
  abs: [{ name: 'x', required: true }],
  floor: [{ name: 'x', required: true }],
  ceil: [{ name: 'x', required: true }],
  round: [{ name: 'x', required: true }],
  sqrt: [{ name: 'x', required: true }],
  log2: [{ name: 'x', required: true }],
  log10: [{ name: 'x', required: true }],
  ln: [{ name: 'x', required: true }],
  exp: [{ name: 'x', required: true }],
  clog2: [{ name: 'x', required: true }],
  len: [{ name: 'list', required: true }],
  differential: [{ name: 'device', required: true }, { name: 'pairs' }, { name: 'significance' }],
  offset: [{ name: 'device', required: true }],
  bit_sliced: [{ name: 'device', required: true }, { name: 'bits' }, { name: 'bits_per_cell' }, { name: 'encoding' }],
  random_weights: [{ name: 'lo' }, { name: 'hi' }],
  random_codes: [{ name: 'count', required: true }, { name: 'lo' }, { name: 'hi' }],
  npy: [{ name: 'path', required: true }],
  csv: [{ name: 'path', required: true }],
  vcd: [{ name: 'path', required: true }, { name: 'signal', required: true }],
};

/** Functions with any number of arguments. */
const VARIADIC = new Set(['min', 'max']);
export const METRICS = new Set(['latency', 'throughput', 'energy', 'accuracy']);
export const FUNCTION_NAMES: ReadonlySet<string> = new Set([...Object.keys(SIGNATURES), ...VARIADIC, ...METRICS]);

/** Match positional and named arguments to a signature; null (reported) on a mismatch. */
function bind(call: A.CallExpr, sig: ParamDecl[], cx: Ctx): Map<string, A.Expr> | null {
  const out = new Map<string, A.Expr>();
  let ok = true;
  let pos = 0;
  let named = false;
  for (const a of call.args) {
    if (a.name === null && named) {
      cx.report('E2017', 'a positional argument cannot follow a named one', a.span, {
        help: 'put positional arguments first, or name this one too',
      });
      ok = false;
      continue;
    }
    if (a.name === null) {
      const p = sig[pos++];
      if (!p) {
        cx.report('E2017', `\`${call.callee.name}\` takes at most ${sig.length} argument${sig.length === 1 ? '' : 's'}`, a.span, {
          label: 'one too many',
          notes: [`\`${call.callee.name}(${sig.map((s) => s.name).join(', ')})\``],
        });
        ok = false;
        continue;
      }
      out.set(p.name, a.value);
      continue;
    }
    named = true;
    const name = a.name.name;
    if (!sig.some((s) => s.name === name)) {
      cx.report('E2017', `\`${call.callee.name}\` has no argument \`${name}\``, a.name.span, {
        help: didYouMean(name, sig.map((s) => s.name)),
        notes: [`\`${call.callee.name}(${sig.map((s) => s.name).join(', ')})\``],
      });
      ok = false;
      continue;
    }
    if (out.has(name)) {
      cx.report('E2017', `argument \`${name}\` is given twice`, a.span);
      ok = false;
      continue;
    }
    out.set(name, a.value);
  }
  for (const p of sig) {
    if (p.required && !out.has(p.name)) {
      cx.report('E2017', `\`${call.callee.name}\` needs its \`${p.name}\` argument`, call.span, {
        notes: [`\`${call.callee.name}(${sig.map((s) => s.name).join(', ')})\``],
      });
      ok = false;
    }
  }
  return ok ? out : null;
}

function plainNumber(v: Value, span: A.Span, cx: Ctx, what: string): number | null {
  if (v.t === 'error') return null;
  if (v.t !== 'num' || !isDimensionless(v.d)) {
    cx.report('E2007', `${what} must be a plain number, found ${describeValue(v)}`, span);
    return null;
  }
  return v.v;
}

export function callBuiltin(call: A.CallExpr, scope: Scope, cx: Ctx): Value {
  const name = call.callee.name;
  if (METRICS.has(name)) {
    cx.report('E2017', `\`${name}(...)\` is only allowed on the left of an \`expect\` comparison`, call.span, {
      help: `write \`expect ${name}(target) <= value;\` in a testbench`,
    });
    return ERROR;
  }
  if (VARIADIC.has(name)) return minMax(call, scope, cx);
  const sig = SIGNATURES[name];
  if (!sig) {
    cx.report('E2017', `unknown function \`${name}\``, call.callee.span, {
      help: didYouMean(name, FUNCTION_NAMES),
    });
    return ERROR;
  }
  const args = bind(call, sig, cx);
  if (!args) return ERROR;
  const ev = (n: string, choices?: readonly string[]) => {
    const e = args.get(n);
    return e ? evaluate(e, scope, cx, choices ? { choices } : {}) : null;
  };
  const span = (n: string) => args.get(n)?.span ?? call.span;

  switch (name) {
    case 'abs': {
      const x = ev('x')!;
      if (x.t === 'error') return ERROR;
      if (x.t !== 'num') return notNumber(name, x, span('x'), cx);
      return num(Math.abs(x.v), x.d);
    }
    case 'floor':
    case 'ceil':
    case 'round':
    case 'log2':
    case 'log10':
    case 'ln':
    case 'exp':
    case 'clog2': {
      const x = plainNumber(ev('x')!, span('x'), cx, `the argument of \`${name}\``);
      if (x === null) return ERROR;
      if (['log2', 'log10', 'ln', 'clog2'].includes(name) && x <= 0) {
        cx.report('E2015', `\`${name}\` of ${x}, which is not positive`, span('x'));
        return ERROR;
      }
      const f: Record<string, (v: number) => number> = {
        floor: Math.floor, ceil: Math.ceil, round: roundHalfEven, log2: Math.log2, log10: Math.log10,
        ln: Math.log, exp: Math.exp, clog2: (v) => Math.ceil(Math.log2(v) - 1e-12),
      };
      const v = f[name]!(x);
      if (!Number.isFinite(v)) {
        cx.report('E2015', `\`${name}(${x})\` is too large`, call.span);
        return ERROR;
      }
      return num(v);
    }
    case 'sqrt': {
      const x = ev('x')!;
      if (x.t === 'error') return ERROR;
      if (x.t !== 'num') return notNumber(name, x, span('x'), cx);
      if (x.v < 0) {
        cx.report('E2015', `\`sqrt\` of a negative value`, span('x'));
        return ERROR;
      }
      if (x.d.some((p) => p % 2 !== 0)) {
        cx.report('E2005', `\`sqrt\` of ${describeDim(x.d)} has no unit`, span('x'));
        return ERROR;
      }
      return num(Math.sqrt(x.v), dimPow(x.d, 0.5));
    }
    case 'len': {
      const l = ev('list')!;
      if (l.t === 'error') return ERROR;
      if (l.t !== 'list') {
        cx.report('E2007', `\`len\` needs a list, found ${describeValue(l)}`, span('list'));
        return ERROR;
      }
      return num(l.items.length);
    }
    case 'differential':
    case 'offset':
    case 'bit_sliced':
      return cellScheme(name, call, args, scope, cx);
    case 'random_weights': {
      const lo = args.has('lo') ? plainNumber(ev('lo')!, span('lo'), cx, '`lo`') : -1;
      const hi = args.has('hi') ? plainNumber(ev('hi')!, span('hi'), cx, '`hi`') : 1;
      if (lo === null || hi === null) return ERROR;
      if (!(lo < hi)) {
        cx.report('E3002', `random_weights needs lo < hi, found lo = ${lo}, hi = ${hi}`, call.span);
        return ERROR;
      }
      return { t: 'weights', src: { kind: 'random-weights', lo, hi, span: call.span } };
    }
    case 'random_codes': {
      const count = toIndex(ev('count')!, span('count'), cx, 'the number of vectors');
      const lo = args.has('lo') ? toIndex(ev('lo')!, span('lo'), cx, '`lo`') : null;
      const hi = args.has('hi') ? toIndex(ev('hi')!, span('hi'), cx, '`hi`') : null;
      if (count === null || (args.has('lo') && lo === null) || (args.has('hi') && hi === null)) return ERROR;
      if (count < 1) {
        cx.report('E3001', `random_codes needs at least 1 vector, found ${count}`, span('count'));
        return ERROR;
      }
      if (lo !== null && hi !== null && lo > hi) {
        cx.report('E3002', `random_codes needs lo <= hi, found lo = ${lo}, hi = ${hi}`, call.span);
        return ERROR;
      }
      return { t: 'inputs', src: { kind: 'random-codes', count, lo, hi, span: call.span } };
    }
    case 'npy':
    case 'csv':
    case 'vcd': {
      const p = ev('path')!;
      if (p.t === 'error') return ERROR;
      if (p.t !== 'str') {
        cx.report('E2007', `a file path must be a string, found ${describeValue(p)}`, span('path'));
        return ERROR;
      }
      const r = cx.resolvePath(p.v, span('path'));
      if (!cx.host.exists(r.path)) {
        cx.report('E2020', `no such file: ${r.display}`, span('path'), {
          label: 'not found',
          notes: ['data paths are relative to the file that names them'],
        });
        return ERROR;
      }
      if (name === 'vcd') {
        const s = ev('signal')!;
        if (s.t === 'error') return ERROR;
        if (s.t !== 'str') {
          cx.report('E2007', `\`signal\` must be a string, found ${describeValue(s)}`, span('signal'));
          return ERROR;
        }
        return { t: 'inputs', src: { kind: 'vcd', path: r.path, display: r.display, signal: s.v, span: call.span } };
      }
      return { t: 'file', format: name, path: r.path, display: r.display, span: call.span };
    }
  }
  throw new Error(`internal: builtin ${name} has a signature but no implementation`);
}

function notNumber(fn: string, v: Value, span: A.Span, cx: Ctx): Value {
  cx.report('E2007', `\`${fn}\` needs a number, found ${describeValue(v)}`, span);
  return ERROR;
}

/** Round half to even, like the quantisers (periphery.md §2.2). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function minMax(call: A.CallExpr, scope: Scope, cx: Ctx): Value {
  const name = call.callee.name;
  if (call.args.some((a) => a.name)) {
    cx.report('E2017', `\`${name}\` takes positional arguments only`, call.span);
    return ERROR;
  }
  let vals = call.args.map((a) => evaluate(a.value, scope, cx));
  if (vals.some((v) => v.t === 'error')) return ERROR;
  if (vals.length === 1 && vals[0]!.t === 'list') vals = (vals[0] as { items: Value[] }).items;
  if (vals.length === 0) {
    cx.report('E2017', `\`${name}\` needs at least one value`, call.span);
    return ERROR;
  }
  let best: Value | null = null;
  for (const v of vals) {
    if (v.t !== 'num') return notNumber(name, v, call.span, cx);
    if (best && best.t === 'num') {
      if (best.d.some((x, i) => x !== v.d[i])) {
        cx.report('E2005', `\`${name}\` of ${describeDim(best.d)} and ${describeDim(v.d)}`, call.span);
        return ERROR;
      }
      if (name === 'min' ? v.v < best.v : v.v > best.v) best = v;
    } else best = v;
  }
  return best!;
}

// ---------------------------------------------------------------- cell schemes

function deviceArg(e: A.Expr, scope: Scope, cx: Ctx): ComponentIR | null {
  const v = evaluate(e, scope, cx);
  if (v.t === 'error') return null;
  if (v.t === 'entity' && (v.e.k === 'component' || v.e.k === 'kind')) {
    const c = cx.hooks.component(v.e, e.span);
    if (!c) return null;
    if (c.category === 'device') return c;
  }
  cx.report('E2009', `a cell scheme needs a device, found ${describeValue(v)}`, e.span, {
    label: 'not a device',
    help: 'name a `device` declaration, a library preset such as `pcm.hermes`, or a device kind such as `ideal`',
  });
  return null;
}

function cellScheme(name: string, call: A.CallExpr, args: Map<string, A.Expr>, scope: Scope, cx: Ctx): Value {
  const device = deviceArg(args.get('device')!, scope, cx);
  const intArg = (n: string, dflt: number): number | null => {
    const e = args.get(n);
    if (!e) return dflt;
    return toIndex(evaluate(e, scope, cx), e.span, cx, `\`${n}\``);
  };
  let cell: CellIR | null = null;
  if (name === 'offset') {
    if (device) cell = { kind: 'cell', scheme: 'offset', device, span: call.span };
  } else if (name === 'differential') {
    const pairs = intArg('pairs', 1);
    let significance: number[] | null = null;
    const se = args.get('significance');
    if (se) {
      const s = evaluate(se, scope, cx);
      if (s.t === 'list' && s.items.every((i) => i.t === 'num' && isDimensionless(i.d))) {
        significance = s.items.map((i) => (i as { v: number }).v);
      } else if (s.t !== 'error') {
        cx.report('E2007', `\`significance\` must be a list of numbers, found ${describeValue(s)}`, se.span);
      }
    } else if (pairs !== null) {
      significance = Array.from({ length: Math.max(0, Math.min(pairs, 64)) }, (_, i) => 2 ** i);
    }
    if (device && pairs !== null && significance) {
      cell = { kind: 'cell', scheme: 'differential', device, pairs, significance, span: call.span };
    }
  } else {
    const bits = intArg('bits', 8);
    const bitsPerCell = intArg('bits_per_cell', 2);
    let encoding: 'offset' | 'differential' | null = 'offset';
    const ee = args.get('encoding');
    if (ee) {
      const v = evaluate(ee, scope, cx, { choices: ['offset', 'differential'] });
      const word = v.t === 'enum' ? v.name : v.t === 'str' ? v.v : null;
      encoding = word === 'offset' || word === 'differential' ? word : null;
      if (v.t !== 'error' && encoding === null) {
        cx.report('E2007', `\`encoding\` must be \`offset\` or \`differential\`, found ${describeValue(v)}`, ee.span);
      }
    }
    if (device && bits !== null && bitsPerCell !== null && encoding) {
      cell = { kind: 'cell', scheme: 'bit_sliced', device, bits, bitsPerCell, encoding, span: call.span };
    }
  }
  return cell ? { t: 'cell', cell } : ERROR;
}
