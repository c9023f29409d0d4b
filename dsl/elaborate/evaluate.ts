// dsl/elaborate/evaluate.ts: evaluate an expression to a Value, with units and dimension checks.
//
// Errors are reported once and evaluate to ERROR, which every operation passes through
// silently, so one mistake gives one diagnostic. Names resolve through the scope chain;
// constants are forced lazily (a self-reference is E2012). In a parameter whose type is a
// choice, a bare word that is one of the choices is read as that choice.
import type * as A from '../ast.js';
import { DIMS, describeDim, dimDiv, dimEq, dimMul, dimPow, isDimensionless, parseUnit, unitWords, type Dim } from '../units.js';
import { DEFAULT_KIND } from '../schema/index.js';
import { callBuiltin, FUNCTION_NAMES } from './builtins.js';
import type { Ctx } from './context.js';
import type { ConstEntity, Entity, Scope } from './scope.js';
import { componentMember, KIND_ENTITIES } from './members.js';
import { didYouMean } from './suggest.js';
import { describeValue, ERROR, num, type Value } from './values.js';

export interface EvalContext {
  /** Valid bare words (the parameter's choices), if the value is a choice. */
  choices?: readonly string[];
}

export function evaluate(e: A.Expr, scope: Scope, cx: Ctx, ec: EvalContext = {}): Value {
  switch (e.kind) {
    case 'number':
      return numberLiteral(e, cx);
    case 'string':
      return { t: 'str', v: e.value };
    case 'bool':
      return { t: 'bool', v: e.value };
    case 'name':
      return nameValue(e, scope, cx, ec);
    case 'member':
      return memberValue(e, scope, cx);
    case 'index':
      return indexValue(e, scope, cx);
    case 'call':
      return callBuiltin(e, scope, cx);
    case 'unary':
      return unaryValue(e, scope, cx);
    case 'binary':
      return binaryValue(e, scope, cx);
    case 'cond': {
      const c = evaluate(e.cond, scope, cx);
      if (c.t === 'error') return ERROR;
      if (c.t !== 'bool') {
        cx.report('E2007', `a condition must be a boolean, found ${describeValue(c)}`, e.cond.span);
        return ERROR;
      }
      return evaluate(c.v ? e.then : e.else, scope, cx, ec);
    }
    case 'list': {
      const items = e.items.map((i) => evaluate(i, scope, cx, ec));
      return items.some((i) => i.t === 'error') ? ERROR : { t: 'list', items };
    }
  }
}

// ---------------------------------------------------------------- literals and names

const UNIT_HELP: Record<string, string> = {
  'GS/s': 'sample rates are frequencies: write `1.28 GHz`',
  'MS/s': 'sample rates are frequencies: write them in Hz',
  Sps: 'sample rates are frequencies: write them in Hz',
  sec: 'seconds are `s`',
  us: '',
  deg: 'temperatures are in kelvin: `300 K`',
  C: '',
};

function numberLiteral(e: A.NumberLit, cx: Ctx): Value {
  if (!Number.isFinite(e.value)) {
    cx.report('E2015', `the number \`${e.text}\` is too large`, e.span);
    return ERROR;
  }
  if (!e.unit) return num(e.value);
  const u = parseUnit(e.unit.text);
  if (!u) {
    const help = [...didYouMean(e.unit.text, unitWords())];
    const special = UNIT_HELP[e.unit.text];
    if (special) help.unshift(special);
    cx.report('E2004', `unknown unit \`${e.unit.text}\``, e.unit.span, {
      label: 'not a unit',
      help,
      notes: help.length ? [] : ['units are SI symbols with an optional prefix: s, Hz, V, A, ohm, S, F, C, J, W, m, m2, bit, B, cycles, lsb'],
    });
    return ERROR;
  }
  return num(e.value * u.scale, u.dim);
}

export function forceConst(c: ConstEntity, cx: Ctx): Value {
  if (c.state === 'done') return c.value;
  if (c.state === 'busy') {
    cx.report('E2012', `\`${c.name}\` is defined in terms of itself`, c.decl.span, {
      label: 'this definition depends on its own value',
    });
    c.value = ERROR;
    c.state = 'done';
    return ERROR;
  }
  c.state = 'busy';
  const v = c.expr && c.scope ? evaluate(c.expr, c.scope, cx) : ERROR;
  if (c.overridden && c.scope && v.t !== 'error') checkOverride(c, v, cx);
  if (c.state === 'busy') {
    c.value = v;
    c.state = 'done';
  }
  return c.value;
}

/**
 * An override must be the same kind of value, in the same unit, as the value it replaces.
 * The description's own expression is evaluated normally: it is part of the description,
 * and its errors are the description's errors.
 */
function checkOverride(c: ConstEntity, v: Value, cx: Ctx): void {
  const o = c.overridden!;
  const original = evaluate(o.original, c.scope!, cx);
  if (original.t === 'error') return;
  const same = original.t === v.t && (v.t !== 'num' || dimEq(v.d, (original as { d: Dim }).d));
  if (same) return;
  cx.report('E2019', `\`--param ${o.text}\`: \`${c.name}\` is ${describeValue(original)} in the description, the override is ${describeValue(v)}`, o.at, {
    labels: [{ span: o.original.span, message: `${describeValue(original)} here` }],
  });
}

/** The value of a resolved entity: constants are forced; everything else is a reference. */
export function entityValue(en: Entity, cx: Ctx): Value {
  if (en.k === 'const') return forceConst(en, cx);
  return { t: 'entity', e: en };
}

/** Report an unknown name with suggestions, and a hint when the library defines it. */
export function unknownName(name: string, span: A.Span, candidates: Iterable<string>, cx: Ctx, what = 'name'): void {
  const help = didYouMean(name, candidates);
  // A name that lives in a namespace: suggest it with its path (`dacs.hermes_pwm8`).
  if (help.length === 0) {
    const members = new Map<string, string>();
    for (const [ns, e] of cx.global.entries()) {
      if (e.k === 'namespace') for (const [m] of e.scope.entries()) members.set(`${ns}.${m}`, m);
    }
    const exact = [...members].filter(([, m]) => m === name).map(([q]) => q);
    help.push(...(exact.length ? [`did you mean ${exact.map((q) => `\`${q}\``).join(' or ')}?`] : didYouMean(name, members.keys())));
  }
  const lib = cx.libraryNames.get(name);
  if (lib) help.unshift(`\`${name}\` is defined in the built-in library: add \`import "${lib}";\``);
  cx.report('E2001', `unknown ${what} \`${name}\``, span, { label: 'not found in this scope', help });
}

function nameValue(e: A.NameExpr, scope: Scope, cx: Ctx, ec: EvalContext): Value {
  if (ec.choices?.includes(e.name)) return { t: 'enum', name: e.name };
  const en = scope.lookup(e.name) ?? KIND_ENTITIES.get(DEFAULT_KIND[e.name as A.Category] ?? e.name);
  if (en) return entityValue(en, cx);
  if (ec.choices) {
    cx.report('E2001', `unknown name \`${e.name}\``, e.span, {
      label: 'not one of the choices',
      notes: [`the choices are ${ec.choices.map((c) => `\`${c}\``).join(', ')}`],
      help: didYouMean(e.name, ec.choices),
    });
    return ERROR;
  }
  if (FUNCTION_NAMES.has(e.name)) {
    cx.report('E2017', `\`${e.name}\` is a function; call it with arguments: \`${e.name}(...)\``, e.span);
    return ERROR;
  }
  unknownName(e.name, e.span, scope.visible(), cx);
  return ERROR;
}

// ---------------------------------------------------------------- members and indexing

function memberValue(e: A.MemberExpr, scope: Scope, cx: Ctx): Value {
  const obj = evaluate(e.object, scope, cx);
  if (obj.t === 'error') return ERROR;
  const m = e.member.name;
  if (obj.t === 'entity') {
    const en = obj.e;
    if (en.k === 'namespace') {
      const inner = en.scope.own(m);
      if (inner) {
        if ('used' in inner) inner.used = true;
        return entityValue(inner, cx);
      }
      cx.report('E2021', `the namespace \`${en.name}\` has no member \`${m}\``, e.member.span, {
        label: 'not in this namespace',
        help: didYouMean(m, en.scope.entries().map(([n]) => n)),
      });
      return ERROR;
    }
    if (en.k === 'component' || en.k === 'kind') return componentMember(en, e.member, cx);
    if (en.k === 'clock') {
      const ck = cx.hooks.clock(en);
      if (!ck) return ERROR;
      if (m === 'frequency') return num(ck.frequency, DIMS.frequency.dim);
      if (m === 'period') return num(1 / ck.frequency, DIMS.time.dim);
      cx.report('E2021', `a clock has \`frequency\` and \`period\`, not \`${m}\``, e.member.span, {
        help: didYouMean(m, ['frequency', 'period']),
      });
      return ERROR;
    }
  }
  if (obj.t === 'list' && m === 'length') return num(obj.items.length);
  cx.report('E2021', `${describeValue(obj)} has no member \`${m}\``, e.member.span, {
    label: 'no such member',
    notes: obj.t === 'list' ? ['a list has `length`'] : [],
  });
  return ERROR;
}

/** An integer index from a value, or null (reported). */
export function toIndex(v: Value, span: A.Span, cx: Ctx, what = 'an index'): number | null {
  if (v.t === 'error') return null;
  if (v.t !== 'num' || !isDimensionless(v.d)) {
    cx.report('E2007', `${what} must be a plain number, found ${describeValue(v)}`, span);
    return null;
  }
  if (!Number.isInteger(v.v)) {
    cx.report('E2014', `${what} must be an integer, found ${v.v}`, span);
    return null;
  }
  return v.v;
}

export function evaluateRange(r: A.RangeExpr, scope: Scope, cx: Ctx): { lo: number; hi: number } | null {
  const lo = toIndex(evaluate(r.lo, scope, cx), r.lo.span, cx, 'a range bound');
  const hiRaw = toIndex(evaluate(r.hi, scope, cx), r.hi.span, cx, 'a range bound');
  if (lo === null || hiRaw === null) return null;
  const hi = r.inclusive ? hiRaw + 1 : hiRaw;
  if (hi < lo) {
    cx.report('E2013', `the range ${lo}..${r.inclusive ? '=' : ''}${hiRaw} is reversed`, r.span, {
      help: `write the lower bound first: ${hiRaw}..${lo}`,
    });
    return null;
  }
  return { lo, hi };
}

function indexValue(e: A.IndexExpr, scope: Scope, cx: Ctx): Value {
  const obj = evaluate(e.object, scope, cx);
  if (obj.t === 'error') return ERROR;
  if (obj.t !== 'list') {
    cx.report('E2021', `${describeValue(obj)} cannot be indexed`, e.span, {
      notes: obj.t === 'entity' && obj.e.k === 'instance' ? ['instances are selected in `connect`, `link` and testbench statements'] : [],
    });
    return ERROR;
  }
  const n = obj.items.length;
  if (e.index.kind === 'range') {
    const r = evaluateRange(e.index, scope, cx);
    if (!r) return ERROR;
    if (r.lo < 0 || r.hi > n) {
      cx.report('E2013', `the range ${r.lo}..${r.hi} is outside the list's ${n} elements`, e.index.span);
      return ERROR;
    }
    return { t: 'list', items: obj.items.slice(r.lo, r.hi) };
  }
  const i = toIndex(evaluate(e.index, scope, cx), e.index.span, cx);
  if (i === null) return ERROR;
  if (i < 0 || i >= n) {
    cx.report('E2013', `index ${i} is outside the list's ${n} elements (0..${n})`, e.index.span);
    return ERROR;
  }
  return obj.items[i]!;
}

// ---------------------------------------------------------------- operators

function unaryValue(e: A.UnaryExpr, scope: Scope, cx: Ctx): Value {
  const v = evaluate(e.operand, scope, cx);
  if (v.t === 'error') return ERROR;
  if (e.op === '!') {
    if (v.t === 'bool') return { t: 'bool', v: !v.v };
    cx.report('E2007', `\`!\` needs a boolean, found ${describeValue(v)}`, e.operand.span);
    return ERROR;
  }
  if (v.t === 'num') return num(e.op === '-' ? -v.v : v.v, v.d);
  cx.report('E2007', `\`${e.op}\` needs a number, found ${describeValue(v)}`, e.operand.span);
  return ERROR;
}

function finite(v: number, span: A.Span, cx: Ctx, what: string): Value | null {
  if (Number.isFinite(v)) return null;
  cx.report('E2015', `${what} gives ${Number.isNaN(v) ? 'a result that is not a real number' : 'an infinite result'}`, span);
  return ERROR;
}

function mismatch(e: A.BinaryExpr, a: Dim, b: Dim, cx: Ctx): Value {
  cx.report('E2005', `\`${e.op}\` between ${describeDim(a)} and ${describeDim(b)}`, e.span, {
    labels: [
      { span: e.left.span, message: describeDim(a) },
      { span: e.right.span, message: describeDim(b) },
    ],
    help: isDimensionless(a) !== isDimensionless(b) ? 'give the plain number a unit' : [],
  });
  return ERROR;
}

function binaryValue(e: A.BinaryExpr, scope: Scope, cx: Ctx): Value {
  const l = evaluate(e.left, scope, cx);
  if (e.op === '&&' || e.op === '||') {
    if (l.t === 'error') return ERROR;
    if (l.t !== 'bool') {
      cx.report('E2007', `\`${e.op}\` needs booleans, found ${describeValue(l)}`, e.left.span);
      return ERROR;
    }
    if (e.op === '&&' ? !l.v : l.v) return l;
    const r = evaluate(e.right, scope, cx);
    if (r.t === 'error') return ERROR;
    if (r.t !== 'bool') {
      cx.report('E2007', `\`${e.op}\` needs booleans, found ${describeValue(r)}`, e.right.span);
      return ERROR;
    }
    return r;
  }
  const r = evaluate(e.right, scope, cx);
  if (l.t === 'error' || r.t === 'error') return ERROR;

  if (e.op === '==' || e.op === '!=') {
    const eq = valuesEqual(l, r);
    if (eq === null) {
      if (l.t === 'num' && r.t === 'num') return mismatch(e, l.d, r.d, cx);
      cx.report('E2007', `cannot compare ${describeValue(l)} with ${describeValue(r)}`, e.span);
      return ERROR;
    }
    return { t: 'bool', v: e.op === '==' ? eq : !eq };
  }
  if (l.t !== 'num' || r.t !== 'num') {
    const bad = l.t !== 'num' ? e.left : e.right;
    cx.report('E2007', `\`${e.op}\` needs numbers, found ${describeValue(l.t !== 'num' ? l : r)}`, bad.span);
    return ERROR;
  }
  switch (e.op) {
    case '+':
    case '-': {
      if (!dimEq(l.d, r.d)) return mismatch(e, l.d, r.d, cx);
      const v = e.op === '+' ? l.v + r.v : l.v - r.v;
      return finite(v, e.span, cx, `\`${e.op}\``) ?? num(v, l.d);
    }
    case '*': {
      const v = l.v * r.v;
      return finite(v, e.span, cx, '`*`') ?? num(v, dimMul(l.d, r.d));
    }
    case '/': {
      if (r.v === 0) {
        cx.report('E2015', 'division by zero', e.right.span, { label: 'this is zero' });
        return ERROR;
      }
      const v = l.v / r.v;
      return finite(v, e.span, cx, '`/`') ?? num(v, dimDiv(l.d, r.d));
    }
    case '%': {
      if (!dimEq(l.d, r.d)) return mismatch(e, l.d, r.d, cx);
      if (r.v === 0) {
        cx.report('E2015', 'remainder by zero', e.right.span, { label: 'this is zero' });
        return ERROR;
      }
      return num(l.v - Math.floor(l.v / r.v) * r.v, l.d);
    }
    case '**': {
      if (!isDimensionless(r.d)) {
        cx.report('E2005', `an exponent must be a plain number, found ${describeDim(r.d)}`, e.right.span);
        return ERROR;
      }
      if (!isDimensionless(l.d) && !Number.isInteger(r.v)) {
        cx.report('E2005', `${describeDim(l.d)} can only be raised to an integer power`, e.right.span);
        return ERROR;
      }
      const v = l.v ** r.v;
      return finite(v, e.span, cx, '`**`') ?? num(v, dimPow(l.d, r.v));
    }
    default: {
      if (!dimEq(l.d, r.d)) return mismatch(e, l.d, r.d, cx);
      const v = e.op === '<' ? l.v < r.v : e.op === '<=' ? l.v <= r.v : e.op === '>' ? l.v > r.v : l.v >= r.v;
      return { t: 'bool', v };
    }
  }
}

/** Structural equality, or null when the two cannot be compared. */
function valuesEqual(a: Value, b: Value): boolean | null {
  if (a.t === 'num' && b.t === 'num') return dimEq(a.d, b.d) ? a.v === b.v : null;
  if (a.t === 'bool' && b.t === 'bool') return a.v === b.v;
  if (a.t === 'str' && b.t === 'str') return a.v === b.v;
  if (a.t === 'enum' && b.t === 'enum') return a.name === b.name;
  if ((a.t === 'enum' && b.t === 'str') || (a.t === 'str' && b.t === 'enum')) {
    return (a.t === 'enum' ? a.name : a.v) === (b.t === 'enum' ? b.name : (b as { v: string }).v);
  }
  return null;
}

