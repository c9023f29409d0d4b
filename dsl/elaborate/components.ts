// dsl/elaborate/components.ts: turn a component declaration (or an instance with overrides)
// into a ComponentIR with every parameter evaluated.
//
// 1. Follow the base chain (`dac pwm8 : pwm`, `device mine : pcm.hermes`) to a built-in kind,
//    checking that every link has the same category (E2009) and that the chain does not
//    loop (E2012).
// 2. Collect the assignments of every body on the chain, kind first, then each base, then
//    the declaration itself, then instance overrides; a later one replaces an earlier one.
//    Unknown parameters are E2003, a parameter set twice in one body E2002.
// 3. Evaluate each parameter lazily. Inside a body, the component's own parameters are in
//    scope and late-bound: a base's `t_window = 256 * t_lsb` follows an overridden `t_lsb`.
//    A parameter that depends on itself is E2012.
// 4. Unset parameters take their default (text or derived from other parameters); required
//    ones without a value are listed in `missing` and reported where the component is used.
import type * as A from '../ast.js';
import type { ClockIR, ComponentIR, ParamOrigin, ParamValue } from '../ir/nodes.js';
import { BLOCK_SCHEMAS, DEFAULT_KIND, KINDS, kindsOf } from '../schema/index.js';
import type { ParamSpec } from '../schema/types.js';
import { inRange } from '../passes/check-params.js';
import { coerce } from './coerce.js';
import type { Ctx } from './context.js';
import { evaluate } from './evaluate.js';
import { textDefault } from './defaults.js';
import { KIND_ENTITIES, paramToValue } from './members.js';
import { resolveQualified } from './resolve.js';
import { Scope, type ComponentEntity, type ConstEntity, type Entity, type KindEntity } from './scope.js';
import { a, didYouMean } from './suggest.js';
import { describeEntity, ERROR } from './values.js';

export interface Layer {
  stmts: readonly A.Stmt[];
  scope: Scope;
  /** `param`: assignments from `--param COMPONENT.PARAM=...` (overrides.ts). */
  from: 'set' | 'inherited' | 'param';
}

interface Chain {
  kind: string;
  /** Declarations from the leaf up to (excluding) the kind. */
  decls: ComponentEntity[];
}

/** Follow the base chain of a declaration to its kind; null if it is broken (reported). */
function chainOf(en: ComponentEntity, cx: Ctx): Chain | null {
  const decls: ComponentEntity[] = [];
  const seen = new Set<ComponentEntity>();
  let cur: ComponentEntity = en;
  for (;;) {
    if (seen.has(cur)) {
      const cycle = decls.slice(decls.indexOf(cur));
      if (!cycle.some((c) => cx.cyclesReported.has(c))) {
        for (const c of cycle) cx.cyclesReported.add(c);
        cx.report('E2012', `\`${cur.qualified}\` derives from itself`, cur.decl.name.span, {
          label: 'its base chain comes back here',
          notes: [`chain: ${[...cycle.map((d) => d.qualified), cur.qualified].join(' : ')}`],
        });
      }
      return null;
    }
    seen.add(cur);
    decls.push(cur);
    const d = cur.decl;
    if (!d.base) {
      const k = DEFAULT_KIND[d.category];
      if (k) return { kind: k, decls };
      cx.report('E2009', `${a(d.category)} needs a kind: \`${d.category} ${d.name.name} : <kind> { ... }\``, d.name.span, {
        notes: [`the ${d.category} kinds are ${kindsOf(d.category).map((x) => `\`${x}\``).join(', ')}`],
      });
      return null;
    }
    const target = resolveQualified(d.base, cur.scope, cx, { preferKinds: true });
    if (!target) return null;
    if (target.k === 'kind') {
      const info = KINDS[target.name]!;
      if (info.category !== d.category) return wrongCategory(d, target, info.category, cx);
      return { kind: target.name, decls };
    }
    if (target.k !== 'component') {
      cx.report('E2009', `the base of ${a(d.category)} must be ${a(d.category)} kind or another ${d.category}, found ${describeEntity(target)}`, d.base.span, {
        notes: [`the ${d.category} kinds are ${kindsOf(d.category).map((x) => `\`${x}\``).join(', ')}`],
      });
      return null;
    }
    if (target.decl.category !== d.category) return wrongCategory(d, target, target.decl.category, cx);
    cur = target;
  }
}

function wrongCategory(d: A.ComponentItem, target: Entity, found: string, cx: Ctx): null {
  cx.report('E2009', `\`${d.name.name}\` is declared as ${a(d.category)}, but its base is ${describeEntity(target)}, ${a(found)}`, d.base!.span, {
    label: `${a(found)}, not ${a(d.category)}`,
    help: `the ${d.category} kinds are ${kindsOf(d.category).map((x) => `\`${x}\``).join(', ')}`,
  });
  return null;
}

/** Evaluate a declared component once (memoised on the entity). */
export function resolveComponent(en: ComponentEntity, cx: Ctx): ComponentIR | null {
  if (en.state === 'done') return en.ir;
  if (en.state === 'busy') {
    cx.report('E2012', `\`${en.qualified}\` is defined in terms of itself`, en.decl.name.span, {
      label: 'one of its parameters uses this component',
    });
    return null;
  }
  en.state = 'busy';
  const chain = chainOf(en, cx);
  let ir: ComponentIR | null = null;
  if (chain) {
    const layers: Layer[] = declLayers(chain.decls, 'set', cx);
    ir = build(chain.kind, layers, en.qualified, chain.decls.slice(1).map((d) => d.qualified), en.decl.span, cx);
  }
  en.ir = ir;
  en.state = 'done';
  return ir;
}

/** A component of a built-in kind with every default (memoised per kind). */
export function kindDefaults(kind: string, cx: Ctx): ComponentIR | null {
  if (!cx.kindDefaults.has(kind)) {
    const span = { file: 0, start: 0, end: 0 };
    cx.kindDefaults.set(kind, build(kind, [], kind, [], span, cx));
  }
  return cx.kindDefaults.get(kind)!;
}

/** An instance's component: its type with the instance's overrides applied. */
export function specialize(
  type: ComponentEntity | KindEntity,
  overrides: readonly A.Stmt[],
  scope: Scope,
  name: string,
  span: A.Span,
  cx: Ctx,
): ComponentIR | null {
  const extra = cx.instanceOverrides.get(name);
  if (extra) extra.used = true;
  if (overrides.length === 0 && !extra) return type.k === 'kind' ? kindDefaults(type.name, cx) : resolveComponent(type, cx);
  const own: Layer[] = [{ stmts: overrides, scope, from: 'set' }];
  if (extra) own.push({ stmts: extra.stmts, scope: cx.global, from: 'param' });
  if (type.k === 'kind') return build(type.name, own, name, [], span, cx);
  const base = resolveComponent(type, cx);
  if (!base) return null;
  const chain = chainOf(type, cx)!;
  const layers: Layer[] = [...declLayers(chain.decls, 'inherited', cx), ...own];
  return build(chain.kind, layers, name, chain.decls.map((d) => d.qualified), span, cx);
}

/** The bodies of a base chain, kind-side first; each followed by its `--param` overrides. */
function declLayers(decls: readonly ComponentEntity[], leaf: 'set' | 'inherited', cx: Ctx): Layer[] {
  const layers: Layer[] = [];
  [...decls].reverse().forEach((d, i, all) => {
    layers.push({ stmts: d.decl.body, scope: d.scope, from: i === all.length - 1 ? leaf : 'inherited' });
    const o = cx.componentOverrides.get(d);
    if (o) layers.push({ stmts: o, scope: cx.global, from: 'param' });
  });
  return layers;
}

/** Report required parameters that are missing, once per component, at its first use. */
export function reportMissing(c: ComponentIR, use: A.Span, cx: Ctx): boolean {
  if (c.missing.length === 0) return true;
  if (cx.missingReported.has(c)) return false;
  cx.missingReported.add(c);
  const schema = KINDS[c.kindName]!.schema;
  const list = c.missing.map((m) => `\`${m}\``).join(', ');
  const notes = c.missing.map((m) => {
    const spec = schema[m]!;
    return spec.default ? `\`${m}\` has no default here: ${spec.default.text}` : `\`${m}\`: ${spec.doc}`;
  });
  // A derived default can be missing because what it derives from is out of range.
  for (const [n, spec] of Object.entries(schema)) {
    const v = c.params[n];
    if (spec.range && typeof v === 'number' && !inRange(v, spec.range)) {
      notes.unshift(`\`${n}\` = ${v} is outside its range, so the defaults derived from it do not apply`);
    }
  }
  cx.report('E2008', `\`${c.name}\` is missing the required parameter${c.missing.length > 1 ? 's' : ''} ${list}`, use, {
    label: 'used here',
    labels: c.span.end > 0 ? [{ span: c.span, message: 'declared here' }] : [],
    notes,
    help: `set ${c.missing.length > 1 ? 'them' : 'it'} in the declaration or in this instance's \`{ ... }\``,
  });
  return false;
}

// ---------------------------------------------------------------- building

interface Assignment {
  stmt: A.AssignStmt;
  scope: Scope;
  from: Layer['from'];
}

/** A scope in which the component's own parameters are visible, evaluated on demand. */
class ParamScope extends Scope {
  constructor(
    parent: Scope,
    private readonly params: ReadonlyMap<string, ParamSpec>,
    private readonly get: (name: string, use: A.Span | null) => ParamValue | undefined,
    private readonly cx: Ctx,
    private readonly at: A.Span,
  ) {
    super(parent, 'component');
  }

  override lookup(name: string): Entity | undefined {
    const spec = this.params.get(name);
    if (!spec) return super.lookup(name);
    const pv = this.get(name, this.at);
    const value = pv === undefined || pv === null ? ERROR : paramToValue(pv, spec, this.cx);
    const decl: A.Ident = { kind: 'ident', name, span: this.at };
    const c: ConstEntity = { k: 'const', name, binding: 'local', decl, expr: null, scope: null, state: 'done', value, user: false, used: true };
    return c;
  }
}

function build(kind: string, layers: Layer[], name: string, bases: string[], span: A.Span, cx: Ctx): ComponentIR | null {
  const info = KINDS[kind]!;
  const r = evaluateParams(info.schema, layers, { key: kind, what: a(`${kind} ${info.category}`), block: a(`${info.category} body`), span }, cx);
  if (!r) return null;
  return { kind: 'component', category: info.category, kindName: kind, name, bases, ...r, span };
}

export interface ParamsResult {
  params: Record<string, ParamValue>;
  origins: Record<string, ParamOrigin>;
  missing: string[];
}

interface ParamsWhere {
  /** Cache key prefix for text defaults (`pwm`, `link`). */
  key: string;
  /** "a pwm dac": for unknown-parameter messages. */
  what: string;
  /** "a dac body": for misplaced-statement messages. */
  block: string;
  span: A.Span;
}

/**
 * Evaluate a parameter table from layered assignments (later layers win). Statements other
 * than assignments are reported unless the layer's statements were pre-filtered by a block.
 */
export function evaluateParams(schema: Readonly<Record<string, ParamSpec>>, layers: Layer[], where: ParamsWhere, cx: Ctx): ParamsResult | null {
  const specs = new Map(Object.entries(schema));
  const assigned = new Map<string, Assignment>();
  for (const layer of layers) {
    const here = new Map<string, A.AssignStmt>();
    for (const st of layer.stmts) {
      if (st.kind !== 'assign') {
        cx.report('E2016', `only parameter assignments (\`name = value;\`) are allowed in ${where.block}`, st.span, {
          label: 'not a parameter assignment',
        });
        continue;
      }
      const p = st.name.name;
      if (!specs.has(p) && layer.from === 'param') {
        if (cx.overrideReported.has(st)) continue;
        cx.overrideReported.add(st);
        const dym = didYouMean(p, specs.keys());
        cx.report('E2030', `\`--param\`: ${where.what} has no parameter \`${p}\``, st.name.span, {
          label: `not a parameter of ${where.what}`,
          help: dym,
          notes: [`the parameters are ${[...specs.keys()].map((k) => `\`${k}\``).join(', ') || 'none'}`],
        });
        continue;
      }
      if (!specs.has(p)) {
        const dym = didYouMean(p, specs.keys());
        cx.report('E2003', `unknown parameter \`${p}\` for ${where.what}`, st.name.span, {
          label: `not a parameter of ${where.what}`,
          help: dym,
          notes: dym.length ? [] : [`the parameters are ${[...specs.keys()].map((k) => `\`${k}\``).join(', ') || 'none'}`],
        });
        continue;
      }
      const prev = here.get(p);
      if (prev) {
        cx.report('E2002', `parameter \`${p}\` is set twice`, st.name.span, {
          label: 'set again here',
          labels: [{ span: prev.name.span, message: 'first set here' }],
        });
        continue;
      }
      here.set(p, st);
      assigned.set(p, { stmt: st, scope: layer.scope, from: layer.from });
    }
  }

  const params: Record<string, ParamValue> = {};
  const origins: Record<string, ParamOrigin> = {};
  const missing: string[] = [];
  const state = new Map<string, 'busy' | 'done'>();
  let failed = false;

  const get = (p: string, use: A.Span | null): ParamValue | undefined => {
    if (state.get(p) === 'done') return params[p];
    const spec = specs.get(p)!;
    if (state.get(p) === 'busy') {
      const outer = assigned.get(p)?.scope.has(p);
      cx.report('E2012', `parameter \`${p}\` depends on itself`, use ?? where.span, {
        label: 'used in its own definition',
        help: outer ? `inside this body \`${p}\` names the parameter itself, which hides the outer \`${p}\`; rename the outer one` : [],
      });
      failed = true;
      return undefined;
    }
    state.set(p, 'busy');
    let pv: ParamValue | undefined;
    const a = assigned.get(p);
    const dflt = (): ParamOrigin => ({ from: 'default', span: null, ...(spec.source ? { source: spec.source } : {}) });
    if (a) {
      const scope = new ParamScope(a.scope, specs, get, cx, a.stmt.value.span);
      const choices = spec.type.k === 'choice' ? spec.type.options : undefined;
      const v = evaluate(a.stmt.value, scope, cx, choices ? { choices } : {});
      pv = coerce(v, spec, p, a.stmt.value.span, cx);
      origins[p] = { from: a.from, span: a.stmt.value.span };
      if (pv === undefined) failed = true;
    } else if (spec.default && 'derive' in spec.default) {
      const raw = spec.default.derive((n) => get(n, null));
      pv = raw === undefined ? null : (raw as ParamValue);
      origins[p] = dflt();
      if (raw === undefined) missing.push(p);
    } else if (spec.default) {
      pv = textDefault(`${where.key}.${p}`, spec.default.text, spec);
      origins[p] = dflt();
    } else {
      pv = null;
      origins[p] = { from: 'default', span: null };
      if (spec.required) missing.push(p);
    }
    params[p] = pv === undefined ? null : pv;
    state.set(p, 'done');
    return pv;
  };
  for (const p of specs.keys()) get(p, null);
  return failed ? null : { params, origins, missing };
}

/** The parameters of a tile, chip, link or testbench block, from its assignments. */
export function blockParams(block: keyof typeof BLOCK_SCHEMAS, assigns: readonly A.Stmt[], scope: Scope, span: A.Span, cx: Ctx): ParamsResult | null {
  const what = a(block);
  return evaluateParams(BLOCK_SCHEMAS[block], [{ stmts: assigns, scope, from: 'set' }], {
    key: block, what, block: block === 'link' ? 'a link body' : what, span,
  }, cx);
}

/** A block's `clock` parameter, if it was set. */
export function clockParam(p: ParamsResult | null): ClockIR | null {
  const v = p?.params['clock'];
  return v && typeof v === 'object' && 'kind' in v && v.kind === 'clock' ? v : null;
}

export { KIND_ENTITIES };
