// dsl/elaborate/networks.ts: elaborate a `network NAME on TARGET { ... }` into a NetworkIR.
//
// 1. The target is a chip, or a tile wrapped as a one-instance chip (as for testbenches);
//    anything else is E2023.
// 2. `input = n;` or `input = [C, H, W];` (E2025 if missing or malformed).
// 3. Layers, in order. Weighted layers (`dense` / `linear`, `conv2d`) are `KIND NAME { ... }`
//    with parameters from dsl/schema/network.ts; plain layers (`relu`, `sigmoid`, `tanh`,
//    `softmax`, `flatten`) are `KIND;`. A word that is neither is E2024 with a suggestion.
//    Shapes are carried along: a dense layer takes its `in` from the layer before (its product,
//    if that is still [C, H, W]; check-network then says that a `flatten` is missing), a conv2d
//    layer its channels and (H, W); conv2d's output is floor((H + 2p − k) / s) + 1 per axis.
//    A given `in` is kept as written, so that check-network can compare it with the chain.
// 4. `train { ... }` (once): the dataset (`mnist`, or `inputs` and `labels` files; E2026)
//    and the SGD settings, defaults filled in, ranges checked (E3001).
// 5. `map LAYER -> TILES;`: tile paths of the target, ranges expanded (`c[0..4]` is four
//    tiles, `c` the whole array). Whether they exist is check-network's job (E3047); a tile
//    that is not a path is E2028.
// `npy("...")` paths resolve against the file that names them and must exist (E2020).
import type * as A from '../ast.js';
import type { ArrayFileIR, LayerIR, MapIR, NetworkIR, TrainIR } from '../ir/network.js';
import type { ChipIR } from '../ir/nodes.js';
import { inRange } from '../passes/check-params.js';
import { MAX_FEATURES, NET_SCHEMAS, PLAIN_LAYERS, WEIGHTED_LAYERS, type NetParamSpec, type NetSchema } from '../schema/network.js';
import type { Range } from '../schema/types.js';
import { isDimensionless } from '../units.js';
import { elaborateRunTarget } from './chips.js';
import type { Ctx } from './context.js';
import { evaluate, evaluateRange } from './evaluate.js';
import { segments } from './paths.js';
import type { NetworkEntity, Scope } from './scope.js';
import { didYouMean } from './suggest.js';
import { describeEntity, describeValue, showValue, type Value } from './values.js';

type NetParam = number | number[] | boolean | string | ArrayFileIR | null;

interface Params {
  values: Record<string, NetParam>;
  spans: Record<string, A.Span>;
}

export function elaborateNetwork(en: NetworkEntity, cx: Ctx): NetworkIR | null {
  const decl = en.decl;
  const scope = en.scope;
  let failed = false;

  // 1. target
  const run = elaborateRunTarget(decl.target, scope, cx, (found) =>
    cx.report('E2023', `a network runs on a chip or a tile; found ${describeEntity(found)}`, decl.target.span, {
      help: 'name a `chip` or a `tile` after `on`',
    }));
  if (!run) return null;
  const { chip, targetKind } = run;

  // 2. input
  const inputs = decl.body.filter((s): s is A.AssignStmt => s.kind === 'assign');
  for (const st of inputs) {
    if (st.name.name !== 'input') {
      cx.report('E2003', `unknown parameter \`${st.name.name}\` for a network`, st.name.span, {
        label: 'not a parameter of a network',
        help: didYouMean(st.name.name, ['input']),
        notes: ['a network sets only `input`; layer parameters go in the layer (`dense fc1 { out = 10; }`), training ones in `train { ... }`'],
      });
      failed = true;
    }
  }
  const inputStmts = inputs.filter((s) => s.name.name === 'input');
  for (const dup of inputStmts.slice(1)) {
    cx.report('E2002', 'parameter `input` is set twice', dup.name.span, {
      label: 'set again here', labels: [{ span: inputStmts[0]!.name.span, message: 'first set here' }],
    });
    failed = true;
  }
  let input: number[] | null = null;
  if (inputStmts.length === 0) {
    cx.report('E2025', `the network \`${decl.name.name}\` has no \`input\``, decl.name.span, {
      help: 'give the shape of one sample: `input = 784;` or `input = [1, 28, 28];` (channels, height, width)',
    });
    failed = true;
  } else {
    input = shapeOf(evaluate(inputStmts[0]!.value, scope, cx), inputStmts[0]!.value.span, cx);
    if (!input) failed = true;
  }

  // 3. layers, 4. train, 5. map
  const layers: LayerIR[] = [];
  const maps: MapIR[] = [];
  let train: TrainIR | null = null;
  let trainStmt: A.TrainStmt | null = null;
  let shape: number[] = input ?? [];
  for (const st of decl.body) {
    switch (st.kind) {
      case 'assign':
        break;
      case 'activation': {
        const word = st.layer.name;
        if (WEIGHTED_LAYERS[word]) {
          cx.report('E2024', `a \`${word}\` layer needs a name and parameters`, st.span, {
            help: word === 'conv2d' ? 'write `conv2d c1 { out = 8; kernel = 3; }`' : `write \`${word} fc1 { out = 10; }\``,
          });
          failed = true;
        } else if ((PLAIN_LAYERS as readonly string[]).includes(word)) {
          if (word === 'flatten') {
            layers.push({ kind: 'flatten', span: st.span });
            shape = [shape.reduce((a, b) => a * b, 1)];
          } else {
            layers.push({ kind: 'activation', fn: word as 'relu', span: st.span });
          }
        } else {
          unknownLayer(st.layer, cx);
          failed = true;
        }
        break;
      }
      case 'layer': {
        const word = st.layer.name;
        const kind = WEIGHTED_LAYERS[word];
        if (!kind) {
          if ((PLAIN_LAYERS as readonly string[]).includes(word)) {
            cx.report('E2024', `\`${word}\` has no name and no parameters`, st.span, { help: `write \`${word};\`` });
          } else unknownLayer(st.layer, cx);
          failed = true;
          break;
        }
        const p = params(NET_SCHEMAS[kind], st.body, scope, `a ${kind} layer`, st.name.span, cx);
        if (!p) {
          failed = true;
          break;
        }
        const v = p.values;
        const bias = v['bias'];
        const common = {
          name: st.name.name,
          bias: bias !== false,
          weights: (v['weights'] as ArrayFileIR | null) ?? null,
          biasFile: typeof bias === 'object' && bias !== null && !Array.isArray(bias) ? bias : null,
          span: st.span,
        };
        if (kind === 'dense') {
          const inFeatures = (v['in'] as number | null) ?? shape.reduce((a, b) => a * b, 1);
          const out = v['out'] as number;
          layers.push({ kind: 'dense', inFeatures, outFeatures: out, ...common });
          shape = [out];
        } else {
          const kernel = v['kernel'] as [number, number];
          const stride = v['stride'] as [number, number];
          const padding = v['padding'] as [number, number];
          const [c, h, w] = shape.length === 3 ? (shape as [number, number, number]) : [shape[0] ?? 0, 1, 1];
          const inChannels = (v['in'] as number | null) ?? c;
          const outChannels = v['out'] as number;
          const size = (n: number, k: number) => Math.floor((n + 2 * padding[k]! - kernel[k]!) / stride[k]!) + 1;
          const outShape: [number, number, number] = [outChannels, size(h, 0), size(w, 1)];
          layers.push({ kind: 'conv2d', inChannels, outChannels, kernel, stride, padding, inShape: [inChannels, h, w], outShape, ...common });
          shape = outShape;
        }
        break;
      }
      case 'train': {
        if (trainStmt) {
          cx.report('E2002', 'a network has one `train` block', st.span, {
            label: 'second `train`', labels: [{ span: trainStmt.span, message: 'first `train` here' }],
          });
          failed = true;
          break;
        }
        trainStmt = st;
        train = trainBlock(st, scope, cx);
        if (!train) failed = true;
        break;
      }
      case 'map': {
        const tiles: string[] = [];
        let ok = true;
        for (const e of st.tiles) {
          const paths = mapPaths(e, scope, chip, cx);
          if (paths) tiles.push(...paths);
          else ok = false;
        }
        if (ok) maps.push({ layer: st.layer.name, tiles, span: st.span });
        else failed = true;
        break;
      }
    }
  }
  if (failed || !input) return null;
  return { kind: 'network', name: decl.name.name, target: chip, targetKind, input, layers, train, maps, span: decl.span };
}

const ALL_LAYER_WORDS = [...Object.keys(WEIGHTED_LAYERS), ...PLAIN_LAYERS];

function unknownLayer(word: A.Ident, cx: Ctx): void {
  const dym = didYouMean(word.name, ALL_LAYER_WORDS);
  cx.report('E2024', `unknown layer \`${word.name}\``, word.span, {
    label: 'not a layer kind',
    help: dym,
    notes: dym.length ? [] : [`the layers are ${ALL_LAYER_WORDS.map((k) => `\`${k}\``).join(', ')}`],
  });
}

/** `n` or `[C, H, W]` (or `[n]`), positive integers. */
function shapeOf(v: Value, span: A.Span, cx: Ctx): number[] | null {
  if (v.t === 'error') return null;
  const items = v.t === 'list' ? v.items : [v];
  const dims = items.map((x) => (x.t === 'num' && isDimensionless(x.d) && Number.isInteger(x.v) && x.v >= 1 ? x.v : null));
  if ((items.length === 1 || items.length === 3) && dims.every((d) => d !== null)) {
    const n = (dims as number[]).reduce((a, b) => a * b, 1);
    if ((dims as number[]).every((d) => d <= MAX_FEATURES) && n <= MAX_FEATURES) return dims as number[];
    cx.report('E3001', `a network input has at most ${MAX_FEATURES} values; found ${n}`, span, { label: 'too large' });
    return null;
  }
  cx.report('E2025', `a network input is \`n\` features or \`[C, H, W]\`, positive integers; found ${v.t === 'list' || v.t === 'num' ? `\`${showValue(v)}\`` : describeValue(v)}`, span, {
    label: 'not an input shape',
  });
  return null;
}

/** Evaluate the assignments of a layer or train body against its table; null after an error. */
function params(schema: NetSchema, body: readonly A.Stmt[], scope: Scope, what: string, at: A.Span, cx: Ctx): Params | null {
  const values: Record<string, NetParam> = {};
  const spans: Record<string, A.Span> = {};
  const seen = new Map<string, A.AssignStmt>();
  let ok = true;
  for (const st of body) {
    if (st.kind !== 'assign') {
      cx.report('E2016', `only parameter assignments (\`name = value;\`) are allowed in ${what}`, st.span, { label: 'not a parameter assignment' });
      ok = false;
      continue;
    }
    const name = st.name.name;
    const spec = schema[name];
    if (!spec) {
      const dym = didYouMean(name, Object.keys(schema));
      cx.report('E2003', `unknown parameter \`${name}\` for ${what}`, st.name.span, {
        label: `not a parameter of ${what}`,
        help: dym,
        notes: dym.length ? [] : [`the parameters are ${Object.keys(schema).map((k) => `\`${k}\``).join(', ')}`],
      });
      ok = false;
      continue;
    }
    const prev = seen.get(name);
    if (prev) {
      cx.report('E2002', `parameter \`${name}\` is set twice`, st.name.span, {
        label: 'set again here', labels: [{ span: prev.name.span, message: 'first set here' }],
      });
      ok = false;
      continue;
    }
    seen.set(name, st);
    const v = evaluate(st.value, scope, cx, spec.type === 'choice' ? { choices: spec.options ?? [] } : {});
    const c = convert(v, spec, name, st.value.span, cx);
    if (c === undefined) ok = false;
    else {
      values[name] = c;
      spans[name] = st.value.span;
    }
  }
  for (const [name, spec] of Object.entries(schema)) {
    if (name in values || !ok) continue;
    if (spec.default !== undefined) values[name] = defaultValue(spec);
    else if (spec.required) {
      cx.report('E2008', `${what} needs \`${name}\``, at, { help: `${spec.doc}` });
      ok = false;
    } else values[name] = null;
  }
  return ok ? { values, spans } : null;
}

function defaultValue(spec: NetParamSpec): NetParam {
  const t = spec.default!;
  switch (spec.type) {
    case 'pair':
      return [Number(t), Number(t)];
    case 'bias':
      return t === 'true';
    case 'choice':
      return t;
    default:
      return Number(t);
  }
}

function plainInt(v: Value): number | null {
  return v.t === 'num' && isDimensionless(v.d) && Number.isInteger(v.v) ? v.v : null;
}

function describeRange(r: Range): string {
  if (r.min !== undefined && r.max !== undefined) return `between ${r.min} and ${r.max}${r.maxExclusive ? ' (exclusive)' : ''}`;
  if (r.min !== undefined) return r.minExclusive ? `greater than ${r.min}` : `at least ${r.min}`;
  return r.max !== undefined ? `at most ${r.max}` : 'valid';
}

/** The value of one parameter, or undefined after an error (reported). */
function convert(v: Value, spec: NetParamSpec, name: string, span: A.Span, cx: Ctx): NetParam | undefined {
  if (v.t === 'error') return undefined;
  const range = (xs: number[]): boolean => {
    if (!spec.range || xs.every((x) => inRange(x, spec.range!))) return true;
    cx.report('E3001', `\`${name}\` must be ${describeRange(spec.range)}, found ${xs.join(', ')}`, span, { label: 'out of range' });
    return false;
  };
  switch (spec.type) {
    case 'int': {
      const n = plainInt(v);
      if (n === null) {
        cx.report(v.t === 'num' && isDimensionless(v.d) ? 'E2014' : 'E2007', `\`${name}\` must be an integer, found ${describeValue(v)}`, span);
        return undefined;
      }
      return range([n]) ? n : undefined;
    }
    case 'number':
      if (v.t !== 'num' || !isDimensionless(v.d)) {
        cx.report('E2007', `\`${name}\` must be a plain number, found ${describeValue(v)}`, span);
        return undefined;
      }
      return range([v.v]) ? v.v : undefined;
    case 'pair': {
      const items = v.t === 'list' ? v.items : [v];
      const ns = items.map(plainInt);
      if ((items.length !== 1 && items.length !== 2) || ns.some((n) => n === null)) {
        cx.report('E2007', `\`${name}\` is an integer or \`[height, width]\` integers, found ${describeValue(v)}`, span);
        return undefined;
      }
      const pair = ns.length === 1 ? [ns[0]!, ns[0]!] : (ns as number[]);
      return range(pair) ? pair : undefined;
    }
    case 'shape':
      return shapeOf(v, span, cx) ?? undefined;
    case 'npy':
    case 'bias': {
      if (spec.type === 'bias' && v.t === 'bool') return v.v;
      if (v.t === 'file' && v.format === 'npy') return { format: 'npy', path: v.path, display: v.display, span };
      cx.report('E2027', `\`${name}\` ${spec.type === 'bias' ? 'is `true`, `false` or' : 'loads from'} \`npy("file.npy")\`, found ${describeValue(v)}`, span, {
        notes: ['network arrays are NumPy .npy files: float32 or float64, C order'],
      });
      return undefined;
    }
    case 'choice':
      if (v.t === 'enum') return v.name;
      cx.report(name === 'dataset' ? 'E2026' : 'E2007', `\`${name}\` is one of ${(spec.options ?? []).map((o) => `\`${o}\``).join(', ')}, found ${describeValue(v)}`, span);
      return undefined;
  }
}

function trainBlock(st: A.TrainStmt, scope: Scope, cx: Ctx): TrainIR | null {
  // `dataset = cifar;` is an unknown dataset (E2026), not an unknown name.
  const body = st.body.filter((s) => {
    if (s.kind !== 'assign' || s.name.name !== 'dataset' || s.value.kind !== 'name' || s.value.name === 'mnist') return true;
    const word = s.value.name;
    cx.report('E2026', `unknown dataset \`${word}\``, s.value.span, {
      label: 'not a dataset',
      help: didYouMean(word, ['mnist']),
      notes: ['the datasets are `mnist`, or your own: `inputs = npy("x.npy"); labels = npy("y.npy");`'],
    });
    return false;
  });
  if (body.length !== st.body.length) return null;
  const p = params(NET_SCHEMAS.train, body, scope, 'a train block', st.span, cx);
  if (!p) return null;
  const v = p.values;
  const ins = v['inputs'] as ArrayFileIR | null;
  const labels = v['labels'] as ArrayFileIR | null;
  let dataset: TrainIR['dataset'];
  if (v['dataset'] === 'mnist') {
    if (ins || labels) {
      cx.report('E2026', 'a train block names `dataset = mnist` or gives `inputs` and `labels`, not both', (ins ?? labels)!.span);
      return null;
    }
    dataset = { kind: 'mnist', span: p.spans['dataset']! };
  } else if (ins && labels) {
    dataset = { kind: 'npy', inputs: ins, labels, span: ins.span };
  } else {
    cx.report('E2026', ins || labels ? `a dataset from files needs both \`inputs\` and \`labels\`; \`${ins ? 'labels' : 'inputs'}\` is missing` : 'a train block needs a dataset', (ins ?? labels)?.span ?? st.span, {
      help: 'write `dataset = mnist;`, or `inputs = npy("x.npy"); labels = npy("y.npy");`',
    });
    return null;
  }
  const n = (k: string) => v[k] as number;
  return {
    dataset,
    trainSamples: n('train_samples'),
    testSamples: n('test_samples'),
    epochs: n('epochs'),
    batch: n('batch'),
    lr: n('lr'),
    momentum: n('momentum'),
    seed: n('seed'),
    weightNoise: n('weight_noise'),
    weightNoiseType: v['weight_noise_type'] as 'add_normal',
    algorithm: v['algorithm'] as TrainIR['algorithm'],
    desiredBl: n('desired_bl'),
    transferEvery: n('transfer_every'),
    transferLr: n('transfer_lr'),
    backward: {
      inBits: (v['backward_in_bits'] as number | null | undefined) ?? null,
      outBits: (v['backward_out_bits'] as number | null | undefined) ?? null,
      outBound: (v['backward_out_bound'] as number | null | undefined) ?? null,
      outNoise: (v['backward_out_noise'] as number | null | undefined) ?? null,
    },
    spans: { algorithm: p.spans['algorithm'] ?? null, momentum: p.spans['momentum'] ?? null },
    span: st.span,
  };
}

/** Tile paths of one `map` target: `c[0]`, `c[0..4]`, `c[1][0..2]`, `c` (every instance of `c`). */
function mapPaths(e: A.Expr, scope: Scope, chip: ChipIR, cx: Ctx): string[] | null {
  const segs = segments(e);
  if (!segs || segs.length !== 1) {
    cx.report('E2028', 'a `map` names tile instances of the target: `c[0]`, `c[0..4]` or `c`', e.span, {
      label: segs ? 'a component inside a tile' : 'not a tile path',
    });
    return null;
  }
  const seg = segs[0]!;
  const array = chip.arrays.find((a) => a.name === seg.name);
  if (seg.selections.length === 0 && array) {
    return chip.tiles.filter((t) => t.array === array.name).map((t) => t.path);
  }
  let paths = [seg.name];
  for (const sel of seg.selections) {
    let idx: number[];
    if (sel.kind === 'range') {
      const r = evaluateRange(sel, scope, cx);
      if (!r) return null;
      idx = Array.from({ length: r.hi - r.lo }, (_, k) => r.lo + k);
    } else {
      const v = evaluate(sel, scope, cx);
      if (v.t === 'error') return null;
      const n = plainInt(v);
      if (n === null) {
        cx.report('E2028', 'a tile index is an integer', sel.span);
        return null;
      }
      idx = [n];
    }
    paths = paths.flatMap((p) => idx.map((i) => `${p}[${i}]`));
  }
  return paths;
}
