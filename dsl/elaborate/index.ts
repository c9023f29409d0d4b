// dsl/elaborate/index.ts: `elaborate`, the one step from AST to IR (form: Elaborated).
//
// 1. Declare every item of every loaded file in one global scope (namespaces get their own
//    scope). Duplicates are E2002; a name that is a built-in kind cannot be redeclared.
// 2. Apply `--param NAME=VALUE` overrides to top-level `param`s (E2019 otherwise), and
//    `--param COMPONENT.PARAM=...` / `TILE.INSTANCE.PARAM=...` to components (overrides.ts).
// 3. Evaluate, in declaration order, everything the user's files declare: constants,
//    clocks, components, tiles, chips, testbenches. Library declarations are evaluated
//    only when something uses them. Every error of the phase is collected.
// 4. Warn about user declarations that nothing uses (W3001), if there was no error.
// 5. Assemble the Design.
import path from 'node:path';
import { parse } from '../../grammar/parse.js';
import type * as A from '../ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ClockIR, ConstIR, Design, Elaborated, TestbenchIR } from '../ir/nodes.js';
import type { NetworkIR } from '../ir/network.js';
import type { Loaded, SourceHost } from '../load.js';
import { KINDS } from '../schema/index.js';
import { DIMS, dimEq, describeDim, parseUnit } from '../units.js';
import { elaborateChip } from './chips.js';
import { kindDefaults, reportMissing, resolveComponent } from './components.js';
import { Ctx, DEFAULT_LIMITS, type ElaborationLimits } from './context.js';
import { evaluate, forceConst } from './evaluate.js';
import { Scope, declSpan, type ClockEntity, type ComponentEntity, type ConstEntity, type Entity } from './scope.js';
import { didYouMean } from './suggest.js';
import { elaborateNetwork } from './networks.js';
import { applyPathOverride, reportUnusedInstanceOverrides } from './overrides.js';
import { elaborateTestbench } from './testbenches.js';
import { elaborateTile } from './tiles.js';
import { describeValue, showValue } from './values.js';

export interface ElaborateOptions {
  /** `--param NAME=VALUE` overrides, in command-line order. */
  overrides?: readonly { name: string; value: string }[];
  limits?: Partial<ElaborationLimits>;
}

export interface ElaborateResult {
  design: Elaborated | null;
  diagnostics: Diagnostic[];
}

type Declared = { entity: Entity; file: number; library: boolean };

export function elaborate(loaded: Loaded, host: SourceHost, opts: ElaborateOptions = {}): ElaborateResult {
  const global = new Scope(null, 'global');
  const cx = new Ctx(loaded.sources, host, global, { ...DEFAULT_LIMITS, ...opts.limits }, libraryNames(loaded, host));
  cx.hooks = {
    component(e, use) {
      const c = cx.hooks.peek(e);
      if (!c) return null;
      return reportMissing(c, use, cx) ? c : null;
    },
    peek: (e) => (e.k === 'kind' ? kindDefaults(e.name, cx) : resolveComponent(e, cx)),
    clock: (e) => elaborateClock(e, cx),
  };

  // 1. declarations
  const order: Declared[] = [];
  for (const f of loaded.files) declareItems(f.items, global, '', f.file, loaded.library.has(f.file), order, cx);

  // 2. overrides
  applyOverrides(opts.overrides ?? [], global, loaded, cx);

  // 3. evaluation of the user's declarations
  const tbs: TestbenchIR[] = [];
  const nets: NetworkIR[] = [];
  for (const d of order) {
    if (d.library) continue;
    const e = d.entity;
    switch (e.k) {
      case 'const':
        forceConst(e, cx);
        break;
      case 'clock':
        elaborateClock(e, cx);
        break;
      case 'component':
        resolveComponent(e, cx);
        break;
      case 'tile':
        elaborateTile(e, cx);
        break;
      case 'chip':
        elaborateChip(e, cx);
        break;
      case 'testbench': {
        const tb = elaborateTestbench(e, cx);
        if (tb) tbs.push(tb);
        break;
      }
      case 'network': {
        const net = elaborateNetwork(e, cx);
        if (net) nets.push(net);
        break;
      }
      default:
        break;
    }
  }

  reportUnusedInstanceOverrides(global, cx);
  linkNetworkRuns(tbs, nets);

  // 4. unused user declarations (not after errors: a misspelt use leaves its target unused)
  if (!cx.diags.hasErrors()) for (const d of order) {
    const e = d.entity;
    if (d.library || !('used' in e) || e.used || !e.user) continue;
    const span = declSpan(e);
    const what = e.k === 'const' ? (e.binding === 'param' ? 'parameter' : 'constant') : e.k === 'component' ? e.decl.category : e.k;
    if (span) cx.report('W3001', `${what} \`${e.name}\` is never used`, span, { label: 'declared here' });
  }
  // Local constants: one warning per declaration, even when a loop declared it many times,
  // and only if no iteration used it.
  if (!cx.diags.hasErrors() && !cx.exhausted) {
    const usedAt = new Map<string, { c: ConstEntity; used: boolean }>();
    for (const c of cx.locals) {
      const key = `${c.decl.span.file}:${c.decl.span.start}`;
      const prev = usedAt.get(key);
      usedAt.set(key, { c: prev?.c ?? c, used: (prev?.used ?? false) || c.used });
    }
    for (const { c, used } of usedAt.values()) {
      if (!used) cx.report('W3001', `constant \`${c.name}\` is never used`, c.decl.span, { label: 'declared here' });
    }
  }

  if (cx.diags.hasErrors()) return { design: null, diagnostics: cx.diags.items };

  // 5. assembly
  const design: Design = {
    kind: 'design',
    root: loaded.root.id,
    consts: [],
    clocks: [],
    components: [],
    tiles: [],
    chips: [],
    testbenches: tbs,
    networks: nets,
  };
  for (const d of order) {
    const e = d.entity;
    if (e.k === 'const' && !d.library) design.consts.push(constIr(e));
    else if (e.k === 'clock' && e.ir && (!d.library || e.used)) design.clocks.push(e.ir);
    else if (e.k === 'component' && e.ir && (!d.library || e.used)) design.components.push(e.ir);
    else if (e.k === 'tile' && e.ir) design.tiles.push(e.ir);
    else if (e.k === 'chip' && e.ir) design.chips.push(e.ir);
  }
  return { design: design as Elaborated, diagnostics: cx.diags.items };
}

function constIr(e: ConstEntity): ConstIR {
  return { kind: 'const', binding: e.binding === 'param' ? 'param' : 'const', name: e.name, text: showValue(e.value), span: e.decl.span };
}

function declareItems(items: readonly A.Item[], scope: Scope, prefix: string, file: number, library: boolean, order: Declared[], cx: Ctx): void {
  for (const item of items) {
    let e: Entity | null = null;
    let name: A.Ident | null = null;
    switch (item.kind) {
      case 'import':
        if (prefix) {
          cx.report('E2016', '`import` is only allowed at the top level of a file', item.span, {
            label: 'inside a namespace',
            help: 'move the import to the top of the file; imported names are global',
          });
        }
        continue;
      case 'const':
        name = item.name;
        e = {
          k: 'const', name: item.name.name, binding: item.binding, decl: item.name, expr: item.value, scope,
          state: 'todo', value: { t: 'error' }, user: !library, used: false,
        };
        if (!library && parseUnit(item.name.name)) {
          cx.report('W3003', `\`${item.name.name}\` is also a unit; \`2 * ${item.name.name}\` uses this constant`, item.name.span, {
            help: 'choose a name that is not a unit',
          });
        }
        break;
      case 'clock':
        name = item.name;
        e = { k: 'clock', name: item.name.name, decl: item, scope, state: 'todo', ir: null, user: !library, used: false };
        break;
      case 'namespace': {
        name = item.name;
        const inner = new Scope(scope, `namespace ${item.name.name}`);
        e = { k: 'namespace', name: item.name.name, decl: item, scope: inner };
        break;
      }
      case 'component':
        name = item.name;
        e = {
          k: 'component', name: item.name.name, qualified: prefix + item.name.name, decl: item, scope,
          state: 'todo', ir: null, user: !library, used: false,
        } satisfies ComponentEntity;
        break;
      case 'tile':
        name = item.name;
        e = { k: 'tile', decl: item, scope, state: 'todo', ir: null };
        break;
      case 'chip':
        name = item.name;
        e = { k: 'chip', decl: item, scope, state: 'todo', ir: null };
        break;
      case 'testbench':
        name = item.name;
        e = { k: 'testbench', decl: item, scope };
        break;
      case 'network':
        name = item.name;
        e = { k: 'network', decl: item, scope };
        break;
    }
    if (!e || !name) continue;
    if (name.name in KINDS) {
      cx.report('E2002', `\`${name.name}\` is the name of a built-in kind`, name.span, {
        label: 'choose another name',
        notes: [`\`${name.name}\`: ${KINDS[name.name]!.doc}`],
      });
      continue;
    }
    const prev = scope.declare(name.name, e);
    if (prev) {
      const ps = declSpan(prev);
      cx.report('E2002', `\`${prefix}${name.name}\` is declared twice`, name.span, {
        label: 'declared again here',
        labels: ps ? [{ span: ps, message: 'first declared here' }] : [],
      });
      continue;
    }
    order.push({ entity: e, file, library });
    // A namespace's items are declared only once the namespace itself is.
    if (e.k === 'namespace') declareItems(e.decl.items, e.scope, `${prefix}${name.name}.`, file, library, order, cx);
  }
}

export function elaborateClock(e: ClockEntity, cx: Ctx): ClockIR | null {
  if (e.state === 'done') return e.ir;
  if (e.state === 'busy') {
    cx.report('E2012', `clock \`${e.name}\` is defined in terms of itself`, e.decl.name.span);
    return null;
  }
  e.state = 'busy';
  const v = evaluate(e.decl.value, e.scope, cx);
  let ir: ClockIR | null = null;
  if (v.t === 'num' && dimEq(v.d, DIMS.frequency.dim)) {
    const periodFs = v.v > 0 ? BigInt(Math.round(1e15 / v.v)) : 0n;
    ir = { kind: 'clock', name: e.name, frequency: v.v, periodFs, span: e.decl.span };
  } else if (v.t !== 'error') {
    cx.report('E2006', `a clock is a frequency, found ${v.t === 'num' ? describeDim(v.d) : describeValue(v)}`, e.decl.value.span, {
      help: v.t === 'num' && dimEq(v.d, DIMS.time.dim) ? `for a period, write \`1 / (${showValue(v)})\`` : 'write it in Hz: `1 GHz`',
    });
  }
  e.ir = ir;
  e.state = 'done';
  return ir;
}

function applyOverrides(overrides: readonly { name: string; value: string }[], global: Scope, loaded: Loaded, cx: Ctx): void {
  for (const o of overrides) {
    if (o.name.includes('.')) {
      applyPathOverride(o, global, loaded, cx);
      continue;
    }
    const f = loaded.sources.add(`<--param ${o.name}>`, `<--param ${o.name}>`, `param ${o.name} = ${o.value};`);
    const parsed = parse(f);
    const at = { file: f.id, start: 6, end: 6 + o.name.length };
    const item = parsed.ast.items[0];
    if (parsed.diagnostics.length || parsed.ast.items.length !== 1 || !item || item.kind !== 'const') {
      cx.report('E2019', `\`--param ${o.name}=${o.value}\`: the value is not an expression`, { file: f.id, start: 6 + o.name.length + 3, end: f.text.length - 1 });
      continue;
    }
    const e = global.own(o.name);
    if (!e || e.k !== 'const') {
      const params = global.entries().filter(([, x]) => x.k === 'const' && x.binding === 'param').map(([n]) => n);
      cx.report('E2019', `\`--param ${o.name}\`: no top-level \`param ${o.name}\` in this design`, at, {
        help: didYouMean(o.name, params),
        notes: params.length ? [`its params are ${params.map((p) => `\`${p}\``).join(', ')}`] : ['this design declares no `param`'],
      });
      continue;
    }
    if (e.binding !== 'param') {
      cx.report('E2019', `\`--param ${o.name}\`: \`${o.name}\` is a \`const\`, which cannot be overridden`, at, {
        labels: [{ span: e.decl.span, message: 'declared as a const here' }],
        help: `declare it as \`param ${o.name} = ...;\` to allow overrides`,
      });
      continue;
    }
    e.overridden = { original: e.expr!, at: { file: f.id, start: 0, end: f.text.length - 1 }, text: `${o.name}=${o.value}` };
    e.expr = item.value;
    e.scope = global;
  }
}

/** Top-level names of the built-in library (when it is not imported), for "add an import" help. */
function libraryNames(loaded: Loaded, host: SourceHost): Map<string, string> {
  const out = new Map<string, string>();
  const loadedPaths = new Set(loaded.sources.files.map((f) => f.path));
  const file = path.join(host.libraryDir, 'presets.xbar');
  if (loadedPaths.has(file)) return out;
  const text = host.read(file);
  if (text === null) return out;
  for (const m of text.matchAll(/^(?:namespace|device|dac|adc|crossbar|tile|clock|const|param)\s+([A-Za-z_]\w*)/gm)) {
    out.set(m[1]!, 'xbar/presets');
  }
  return out;
}


/** `run network NAME` steps get their network section (elaborated after the testbench, maybe). */
function linkNetworkRuns(tbs: TestbenchIR[], nets: NetworkIR[]): void {
  for (const tb of tbs) for (const st of tb.steps) if (st.kind === 'run-network') st.ir = nets.find((n) => n.name === st.network) ?? null;
}
