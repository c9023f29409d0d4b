// dsl/elaborate/testbenches.ts: elaborate a `testbench NAME for TARGET { ... }`.
//
// The target is a chip, or a tile (wrapped as a one-instance chip whose instance has the
// tile's name). Statements become an ordered list of steps: program, drive, run, expect,
// trace. Targets are paths in the chip: `c[0]`, `c[0].array`, `c[0].adcs[0..4]`. Data
// files must exist (E2020); their contents are read and checked by the emulator.
import type * as A from '../ast.js';
import type { ChipIR, InputSource, TargetPath, TestbenchIR, TestStep, WeightSource } from '../ir/nodes.js';
import { DIMS, describeDim, dimEq, isDimensionless } from '../units.js';
import { misplaced, walkBody } from './body.js';
import { METRICS } from './builtins.js';
import { blockParams } from './components.js';
import type { Ctx } from './context.js';
import { evaluate } from './evaluate.js';
import { evalSelection, inBounds, segments } from './paths.js';
import { Scope, type TestbenchEntity } from './scope.js';
import { elaborateRunTarget, tileInstance } from './chips.js';
import { didYouMean } from './suggest.js';
import { describeEntity, describeValue, type Value } from './values.js';

export function elaborateTestbench(en: TestbenchEntity, cx: Ctx): TestbenchIR | null {
  const decl = en.decl;
  const run = elaborateRunTarget(decl.target, en.scope, cx, (found) =>
    cx.report('E2009', `a testbench runs a chip or a tile; found ${describeEntity(found)}`, decl.target.span));
  if (!run) return null;
  const { chip, targetKind } = run;

  // The chip's instances, as a scope for target paths.
  const chipScope = new Scope(null, `chip ${chip.name}`);
  for (const a of chip.arrays) {
    const tile = chip.tiles.find((t) => t.array === a.name)!.tile;
    chipScope.declare(a.name, { k: 'instance', name: a.name, span: a.span, site: { in: 'chip', dims: a.dims, tile } });
  }
  const scope = new Scope(en.scope, `testbench ${decl.name.name}`);
  const assigns: A.Stmt[] = [];
  const steps: TestStep[] = [];
  const path = (e: A.Expr, s: Scope) => targetPath(e, s, chipScope, chip!, cx);

  walkBody(decl.body, scope, cx, (st, s) => {
    switch (st.kind) {
      case 'assign':
        assigns.push(st);
        break;
      case 'program': {
        const t = path(st.target, s);
        const src = weightSource(evaluate(st.source, s, cx), st.source.span, cx);
        if (t && src) steps.push({ kind: 'program', target: t, source: src, span: st.span });
        break;
      }
      case 'drive': {
        const t = path(st.target, s);
        const src = inputSource(evaluate(st.source, s, cx), st.source.span, cx);
        if (t && src) steps.push({ kind: 'drive', target: t, source: src, span: st.span });
        break;
      }
      case 'run': {
        if (st.mode === 'until-idle') {
          steps.push({ kind: 'run', mode: 'until-idle', span: st.span });
          break;
        }
        const d = evaluate(st.duration!, s, cx);
        if (d.t === 'error') break;
        if (d.t !== 'num' || !dimEq(d.d, DIMS.time.dim)) {
          cx.report('E2006', `\`run for\` needs a time, found ${describeValue(d)}`, st.duration!.span, {
            help: d.t === 'num' && isDimensionless(d.d) ? `write a unit: \`run for ${d.v} us;\`` : [],
          });
          break;
        }
        if (d.v <= 0) {
          cx.report('E3001', '`run for` needs a positive time', st.duration!.span);
          break;
        }
        steps.push({ kind: 'run', mode: 'for', duration: d.v, span: st.span });
        break;
      }
      case 'expect-ideal': {
        const t = path(st.target, s);
        const tol = evaluate(st.tolerance, s, cx);
        const tolerance = toleranceOf(tol, st.tolerance.span, cx);
        if (t && tolerance) steps.push({ kind: 'expect-ideal', target: t, tolerance, span: st.span });
        break;
      }
      case 'run-network': {
        const step = runNetwork(st, s, cx);
        if (step) steps.push(step);
        break;
      }
      case 'expect-cmp': {
        const step = metricExpectation(st, s, path, cx);
        if (step) steps.push(step);
        break;
      }
      case 'trace': {
        const targets = st.targets.map((e) => path(e, s));
        const file = cx.resolvePath(st.file.value, st.file.span);
        if (targets.every((t) => t)) {
          steps.push({ kind: 'trace', targets: targets as TargetPath[], file: file.path, display: file.display, span: st.span });
        }
        break;
      }
      default:
        misplaced(st, 'a testbench', cx);
    }
  });

  const params = blockParams('testbench', assigns, scope, decl.name.span, cx);
  if (!params) return null;
  return {
    kind: 'testbench',
    name: decl.name.name,
    target: chip,
    targetKind,
    params: params.params,
    origins: params.origins,
    steps,
    span: decl.span,
  };
}

function targetPath(e: A.Expr, s: Scope, chipScope: Scope, chip: ChipIR, cx: Ctx): TargetPath | null {
  const segs = segments(e);
  if (!segs || segs.length > 2) {
    cx.report('E2022', 'a testbench target is a tile instance (`c[0]`), optionally with a component (`c[0].adcs[0..4]`)', e.span);
    return null;
  }
  const tile = tileInstance(segs[0]!, s, chipScope, cx, 'a testbench target');
  if (!tile) return null;
  if (segs.length === 1) return { tile, component: null, lanes: null, span: e.span };
  const seg = segs[1]!;
  const tileIr = chip.tiles.find((t) => t.path === tile)!.tile;
  const inst = tileIr.instances.find((i) => i.name === seg.name);
  if (!inst) {
    cx.report('E2001', `the tile \`${tileIr.name}\` has no instance \`${seg.name}\``, seg.span, {
      help: didYouMean(seg.name, tileIr.instances.map((i) => i.name)),
    });
    return null;
  }
  let lanes: [number, number] | null = null;
  if (seg.selections.length > 1) {
    cx.report('E2022', 'select elements with one `[...]`', seg.selections[1]!.span);
    return null;
  }
  if (seg.selections.length === 1) {
    const sel = evalSelection(seg.selections[0]!, s, cx);
    if (!sel || !inBounds(sel, inst.count, `the array \`${inst.name}\``, cx)) return null;
    lanes = [sel.lo, sel.hi];
  }
  return { tile, component: inst.name, lanes, span: e.span };
}

function matrix(v: Value, span: A.Span, cx: Ctx, what: string, integers: boolean): number[][] | null {
  if (v.t !== 'list') return null;
  const rows = v.items.length > 0 && v.items.every((i) => i.t !== 'list') ? [v] : v.items;
  const out: number[][] = [];
  for (const row of rows) {
    if (row.t !== 'list' || row.items.some((x) => x.t !== 'num' || !isDimensionless(x.d))) {
      cx.report('E2007', `${what} must be a list of plain numbers or a list of such lists`, span);
      return null;
    }
    const nums = row.items.map((x) => (x as { v: number }).v);
    if (integers && nums.some((x) => !Number.isInteger(x))) {
      cx.report('E2014', `${what} must be integer codes`, span);
      return null;
    }
    out.push(nums);
  }
  return out;
}

function weightSource(v: Value, span: A.Span, cx: Ctx): WeightSource | null {
  if (v.t === 'error') return null;
  if (v.t === 'weights') return v.src;
  if (v.t === 'file') return { kind: 'file', format: v.format, path: v.path, display: v.display, span };
  const m = matrix(v, span, cx, 'a weight matrix', false);
  if (m) return { kind: 'matrix', rows: m, span };
  if (v.t !== 'list') {
    cx.report('E2007', `weights come from \`random_weights(lo, hi)\`, \`npy("file")\`, \`csv("file")\` or a matrix, found ${describeValue(v)}`, span);
  }
  return null;
}

function inputSource(v: Value, span: A.Span, cx: Ctx): InputSource | null {
  if (v.t === 'error') return null;
  if (v.t === 'inputs') return v.src;
  if (v.t === 'file') return { kind: 'file', format: v.format, path: v.path, display: v.display, span };
  const m = matrix(v, span, cx, 'input vectors', true);
  if (m) return { kind: 'vectors', vectors: m, span };
  if (v.t !== 'list') {
    cx.report('E2007', `inputs come from \`random_codes(count)\`, \`npy("file")\`, \`csv("file")\`, \`vcd("file", signal)\` or a list of code vectors, found ${describeValue(v)}`, span);
  }
  return null;
}

function toleranceOf(v: Value, span: A.Span, cx: Ctx): { unit: 'lsb' | 'relative'; value: number } | null {
  if (v.t === 'error') return null;
  if (v.t === 'num' && (dimEq(v.d, DIMS.lsb.dim) || isDimensionless(v.d))) {
    if (v.v < 0) {
      cx.report('E3001', 'a tolerance cannot be negative', span);
      return null;
    }
    return { unit: isDimensionless(v.d) ? 'relative' : 'lsb', value: v.v };
  }
  cx.report('E2006', `a tolerance is in LSBs (\`3 lsb\`) or relative to full scale (\`0.02\`), found ${describeValue(v)}`, span);
  return null;
}

const METRIC_DIMS = { latency: DIMS.time, throughput: DIMS.frequency, energy: DIMS.energy } as const;
const CMP_OPS = new Set(['<', '<=', '>', '>=', '==', '!=']);

function metricExpectation(st: A.ExpectCmpStmt, s: Scope, path: (e: A.Expr, s: Scope) => TargetPath | null, cx: Ctx): TestStep | null {
  const e = st.expr;
  const form = 'write `expect latency(c[0]) <= 150 ns;` (or `throughput(...)`, `energy(...)`), or `expect c[0] ~ ideal within 3 lsb;`';
  if (e.kind !== 'binary' || !CMP_OPS.has(e.op) || e.left.kind !== 'call' || !METRICS.has(e.left.callee.name)) {
    cx.report('E2017', 'an expectation compares a metric of a target with a value', e.span, { help: form });
    return null;
  }
  const call = e.left;
  const metric = call.callee.name as keyof typeof METRIC_DIMS | 'accuracy';
  if (call.args.length !== 1 || call.args[0]!.name) {
    cx.report('E2017', `\`${metric}\` takes one target, such as \`${metric}(c[0])\``, call.span);
    return null;
  }
  const arg = call.args[0]!.value;
  const named = arg.kind === 'name' ? s.lookup(arg.name) : undefined;
  if (named?.k === 'network' || metric === 'accuracy') return networkExpectation(e, metric, named, arg, s, cx, st.span);
  const target = path(arg, s);
  const v = evaluate(e.right, s, cx);
  if (v.t === 'error' || !target) return null;
  const want = METRIC_DIMS[metric];
  if (v.t !== 'num' || !dimEq(v.d, want.dim)) {
    cx.report('E2006', `\`${metric}\` is ${want.name}, compared here with ${v.t === 'num' ? describeDim(v.d) : describeValue(v)}`, e.right.span, {
      label: `should be ${want.name} (${want.symbol})`,
    });
    return null;
  }
  return { kind: 'expect-metric', metric, target, op: e.op as '<', value: v.v, span: st.span };
}

/** `run network NAME [with DATA];`: DATA is `mnist`, or `npy("x.npy"), npy("y.npy")` (inputs, labels). */
function runNetwork(st: A.RunNetworkStmt, s: Scope, cx: Ctx): TestStep | null {
  const name = st.network.name;
  const e = s.lookup(name);
  if (e?.k !== 'network') {
    cx.report('E2031', e ? `\`run network\` runs a network; \`${name}\` is ${describeEntity(e)}` : `no network \`${name}\``, st.network.span, {
      help: e ? [] : didYouMean(name, s.namesOfKind('network')),
    });
    return null;
  }
  const d = st.data;
  let dataset: Extract<TestStep, { kind: 'run-network' }>['dataset'] = { kind: 'network' };
  const form = 'write `run network NAME;` (its train block\'s test data), `run network NAME with mnist;` or `run network NAME with npy("inputs.npy"), npy("labels.npy");`';
  if (d.length === 1 && d[0]!.kind === 'name' && d[0]!.name === 'mnist') dataset = { kind: 'mnist' };
  else if (d.length === 2) {
    const files = d.map((x) => evaluate(x, s, cx));
    if (files.some((f) => f.t === 'error')) return null;
    if (files.some((f) => f.t !== 'file' || f.format !== 'npy')) {
      cx.report('E2031', 'the data of a network run are two .npy files: inputs, then labels', d[0]!.span, { help: form });
      return null;
    }
    const [x, y] = files.map((f, k) => ({ format: 'npy' as const, path: (f as { path: string }).path, display: (f as { display: string }).display, span: d[k]!.span }));
    dataset = { kind: 'npy', inputs: x!, labels: y! };
  } else if (d.length) {
    cx.report('E2031', 'a network run takes `mnist` or two .npy files (inputs, labels)', d[0]!.span, { help: form });
    return null;
  }
  return { kind: 'run-network', network: name, dataset, ir: null, span: st.span };
}

const NETWORK_METRIC_DIMS = { accuracy: DIMS.none, latency: DIMS.time, throughput: DIMS.frequency, energy: DIMS.energy } as const;

/** `expect accuracy(mlp) >= 0.9;`, `latency(mlp)`, `throughput(mlp)` (inferences/s), `energy(mlp)` (per inference). */
function networkExpectation(e: A.BinaryExpr, metric: keyof typeof NETWORK_METRIC_DIMS, named: ReturnType<Scope['lookup']>, arg: A.Expr, s: Scope, cx: Ctx, span: A.Span): TestStep | null {
  if (named?.k !== 'network') {
    cx.report('E2017', `\`${metric}\` is a metric of a network run: \`${metric}(NETWORK)\``, arg.span, {
      help: 'run it first with `run network NAME;`',
    });
    return null;
  }
  const v = evaluate(e.right, s, cx);
  if (v.t === 'error') return null;
  const want = NETWORK_METRIC_DIMS[metric];
  if (v.t !== 'num' || !dimEq(v.d, want.dim)) {
    cx.report('E2006', `\`${metric}\` is ${want.name}, compared here with ${v.t === 'num' ? describeDim(v.d) : describeValue(v)}`, e.right.span, {
      label: `should be ${want.name}${want.symbol ? ` (${want.symbol})` : ''}`,
    });
    return null;
  }
  return { kind: 'expect-network', metric, network: (arg as A.NameExpr).name, op: e.op as '<', value: v.v, span };
}
