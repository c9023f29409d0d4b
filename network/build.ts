// network/build.ts: a NetworkIR (dsl/ir/network.ts) becomes a runtime Network with its weights
// and its test set, or diagnostics.
//
// 1. Layers, in order: dense and conv2d get PyTorch's initialisation from Rng(train.seed)
//    (or Rng(0) without a train block), then the weights and biases of their `npy(...)` files,
//    read by network/data.ts (float32/float64, little-endian, C order, finite, the layer's
//    shape). Every problem is a diagnostic at the `npy(...)` expression, E4010-E4015.
// 2. Data: the train block's dataset (MNIST from the `mnist` package: a class-balanced,
//    disjoint split, seeded; or .npy inputs and labels: the first train_samples for training,
//    the next test_samples for testing), or the caller's dataset override.
// 3. Training, when some matrix layer has no weights file: network/train.ts with the block's
//    settings (deterministic: its seed; hardware-aware when weight_noise > 0), or, with an
//    `algorithm` other than float, in memory on the chip's pulsed devices (analog-train.ts,
//    set up by analog-setup.ts; a setup that cannot train is E4019 before the first update).
//    Weights saved by `xbar train --save DIR` replace the files and the training.
// 4. The float accuracy on the test set: the reference line of `xbar infer`.
import path from 'node:path';
import type { Span } from '../dsl/ast.js';
import { diag, type Diagnostic } from '../dsl/diagnostics/diagnostic.js';
import type { ArrayFileIR, NetworkIR, TrainIR } from '../dsl/ir/network.js';
import { Rng } from '../emulator/random.js';
import { loadMnist, loadNpyDataset, NpyError, readWeightsNpy, type Dataset } from './data.js';
import { conv2d, dense, flatten, isMatrixLayer, network, NetworkError, type Layer, type Network } from './layers.js';
import { evaluate, train, type EpochStats } from './train.js';
import { analogSetup, type AnalogSetup } from './analog-setup.js';
import { checkTraining, trainAnalog, type AnalogEpochStats, type AnalogTrainOptions, type AnalogTrainResult } from './analog-train.js';

/** A dataset given on the command line instead of the train block's. */
export type DatasetOverride = { kind: 'mnist' } | { kind: 'npy'; inputs: string; labels: string };

export interface BuildOptions {
  /** Evaluate on the first `samples` test samples only. */
  samples?: number;
  dataset?: DatasetOverride;
  /** Train for this many epochs instead of the train block's. */
  epochs?: number;
  /** Weights saved by `xbar train --save DIR` (DIR/LAYER.weights.npy, DIR/LAYER.bias.npy): no training. */
  weightsDir?: string;
  /** Called after each epoch of training (float or in memory). */
  onEpoch?: (stats: EpochStats | AnalogEpochStats) => void;
  /** In-memory training: the bit streams of the first pulse updates of one layer. */
  tracePulses?: AnalogTrainOptions['tracePulses'];
}

export interface BuiltNetwork {
  net: Network;
  test: Dataset;
  /** Per-epoch statistics when the network was trained here; null when every layer had weights. */
  history: EpochStats[] | null;
  /** Accuracy of the float network on the test set. */
  floatAccuracy: number;
  /** In-memory training (`algorithm` other than float): its setup and result. */
  analog: { setup: AnalogSetup; result: AnalogTrainResult } | null;
}

/** The code of an NpyError from network/data.ts (E4010 missing/unreadable/malformed, ...). */
export function npyCode(message: string): 'E4010' | 'E4011' | 'E4012' | 'E4013' | 'E4014' | 'E4015' {
  if (/ must have shape /.test(message)) return 'E4011';
  if (/ must be float32| must be non-negative integers|found dtype '/.test(message)) return /found dtype '>/.test(message) ? 'E4013' : 'E4012';
  if (/ must be in C order/.test(message)) return 'E4014';
  if (/ must be finite/.test(message)) return 'E4015';
  return 'E4010';
}

const HELP: Record<string, string> = {
  E4010: 'save the array with numpy.save (the file must exist, relative to the .xbar file)',
  E4011: 'dense weights are out x in (torch nn.Linear.weight); conv2d weights out x in x kh x kw; a bias has out values',
  E4012: 'save as float32 or float64: np.save(path, a.astype(np.float32))',
  E4013: 'save with little-endian byte order: np.save(path, a.astype("<f4"))',
  E4014: 'save in C order: np.save(path, np.ascontiguousarray(a))',
  E4015: 'replace NaN and infinite values before saving (np.isfinite(a).all() must hold)',
};

/** An NpyError as a diagnostic at `span`, the absolute path replaced by the name as written. */
export function npyDiagnostic(e: NpyError, file: { path: string; display: string }, span: Span | null): Diagnostic {
  const code = npyCode(e.message);
  let msg = e.message.split(file.path).join(file.display);
  if (code === 'E4010' && /cannot read: .*ENOENT/.test(msg)) msg = `${file.display}: no such file`;
  return diag(code, msg, span, { label: 'in this file', help: HELP[code]! });
}

function readArray(f: ArrayFileIR, shape: number[], what: string, ds: Diagnostic[]): Float64Array | null {
  try {
    return readWeightsNpy(f.path, shape, what).data;
  } catch (e) {
    if (!(e instanceof NpyError)) throw e;
    ds.push(npyDiagnostic(e, f, f.span));
    return null;
  }
}

function datasets(ir: NetworkIR, t: TrainIR | null, override: DatasetOverride | undefined, ds: Diagnostic[]): { train: Dataset | null; test: Dataset } | null {
  const span = t?.dataset.span ?? ir.span;
  const layout = ir.input.length === 3 ? 'image' : 'flat';
  const trainN = t?.trainSamples ?? 0;
  const testN = t?.testSamples ?? 1000;
  const src: DatasetOverride | null = override ?? (t ? (t.dataset.kind === 'mnist' ? { kind: 'mnist' } : { kind: 'npy', inputs: t.dataset.inputs.path, labels: t.dataset.labels.path }) : null);
  if (!src) {
    ds.push(diag('E4018', `network \`${ir.name}\` has no dataset to evaluate on: give it a \`train\` block or pass --dataset`, ir.span));
    return null;
  }
  try {
    if (src.kind === 'mnist') {
      const seed = t?.seed ?? 0;
      const r = loadMnist({ train: trainN, test: testN, seed, layout });
      return { train: r.train, test: r.test };
    }
    const all = loadNpyDataset(src.inputs, src.labels, { inputShape: ir.input });
    if (all.count < trainN + 1) {
      ds.push(diag('E4018', `the dataset has ${all.count} samples; ${trainN} for training leave none to test on`, span));
      return null;
    }
    const per = all.x.length / all.count;
    const slice = (from: number, n: number): Dataset => ({ ...all, count: n, x: all.x.slice(from * per, (from + n) * per), labels: all.labels.slice(from, from + n) });
    const nTest = Math.min(testN, all.count - trainN);
    return { train: trainN > 0 ? slice(0, trainN) : null, test: slice(trainN, nTest) };
  } catch (e) {
    if (e instanceof NpyError) {
      const f = t?.dataset.kind === 'npy' && !override ? [t.dataset.inputs, t.dataset.labels].find((x) => e.message.startsWith(x.path)) : undefined;
      const file = f ?? { path: '', display: '' };
      ds.push(f ? npyDiagnostic(e, file, f.span) : diag(npyCode(e.message), e.message, span));
      return null;
    }
    if (e instanceof RangeError || e instanceof NetworkError) {
      ds.push(diag('E4018', `dataset: ${e.message}`, span));
      return null;
    }
    throw e;
  }
}

/** Build, load, train if needed and evaluate in float. Diagnostics instead of throws for user errors. */
export function buildNetwork(ir: NetworkIR, opts: BuildOptions = {}): { built: BuiltNetwork | null; diagnostics: Diagnostic[] } {
  const ds: Diagnostic[] = [];
  const t = ir.train;
  const init = new Rng(t?.seed ?? 0).fork('init');
  let untrained = false;
  const layers: Layer[] = ir.layers.map((l) => {
    switch (l.kind) {
      case 'dense': {
        const d = dense(l.inFeatures, l.outFeatures, init);
        if (!l.bias) d.bias.fill(0);
        if (opts.weightsDir) {
          const w = readSaved(opts.weightsDir, l.name, 'weights', [l.outFeatures, l.inFeatures], ds, ir.span);
          const b = readSaved(opts.weightsDir, l.name, 'bias', [l.outFeatures], ds, ir.span);
          if (w) d.weight.set(w);
          if (b) d.bias.set(b);
        } else if (l.weights) {
          const w = readArray(l.weights, [l.outFeatures, l.inFeatures], 'weights', ds);
          if (w) d.weight.set(w);
        } else untrained = true;
        if (l.biasFile) {
          const b = readArray(l.biasFile, [l.outFeatures], 'bias', ds);
          if (b) d.bias.set(b);
        }
        return d;
      }
      case 'conv2d': {
        const c = conv2d({ inChannels: l.inChannels, outChannels: l.outChannels, kernel: l.kernel, stride: l.stride, padding: l.padding }, init);
        if (!l.bias) c.bias.fill(0);
        if (opts.weightsDir) {
          const w = readSaved(opts.weightsDir, l.name, 'weights', [l.outChannels, l.inChannels, l.kernel[0], l.kernel[1]], ds, ir.span);
          const b = readSaved(opts.weightsDir, l.name, 'bias', [l.outChannels], ds, ir.span);
          if (w) c.weight.set(w);
          if (b) c.bias.set(b);
        } else if (l.weights) {
          const w = readArray(l.weights, [l.outChannels, l.inChannels, l.kernel[0], l.kernel[1]], 'weights', ds);
          if (w) c.weight.set(w);
        } else untrained = true;
        if (l.biasFile) {
          const b = readArray(l.biasFile, [l.outChannels], 'bias', ds);
          if (b) c.bias.set(b);
        }
        return c;
      }
      case 'activation':
        return { kind: l.fn };
      case 'flatten':
        return flatten();
    }
  });
  if (ds.length) return { built: null, diagnostics: ds };
  let net: Network;
  try {
    net = network(ir.input, layers);
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e;
    return { built: null, diagnostics: [diag('E4018', `network \`${ir.name}\`: ${e.message}`, ir.span)] };
  }
  if (opts.weightsDir) untrained = false;
  if (untrained && !t) {
    const l = ir.layers.find((x) => (x.kind === 'dense' || x.kind === 'conv2d') && !x.weights)!;
    return { built: null, diagnostics: [diag('E4018', `layer \`${'name' in l ? l.name : '?'}\` has no weights file and network \`${ir.name}\` has no \`train\` block`, l.span)] };
  }
  const data = datasets(ir, t, opts.dataset, ds);
  if (!data) return { built: null, diagnostics: ds };
  let history: EpochStats[] | null = null;
  let analog: BuiltNetwork['analog'] = null;
  let test = data.test;
  if (opts.samples !== undefined && opts.samples < test.count) {
    const per = test.x.length / test.count;
    test = { ...test, count: opts.samples, x: test.x.slice(0, opts.samples * per), labels: test.labels.slice(0, opts.samples) };
  }
  try {
    if (untrained && t) {
      if (!data.train || data.train.count === 0) {
        return { built: null, diagnostics: [diag('E4018', 'training needs train_samples > 0', t.span)] };
      }
      const epochs = opts.epochs ?? t.epochs;
      if (t.algorithm === 'float') {
        history = train(net, data.train, {
          epochs, batchSize: t.batch, learningRate: t.lr, momentum: t.momentum, seed: t.seed,
          ...(t.weightNoise > 0 ? { weightNoise: { type: t.weightNoiseType, std: t.weightNoise } } : {}),
          ...(opts.onEpoch ? { test } : {}),
        });
        if (opts.onEpoch) for (const h of history) opts.onEpoch(h);
      } else {
        const setup = analogSetup(ir, t.seed);
        const o: AnalogTrainOptions = {
          epochs, batchSize: t.batch, learningRate: t.lr, seed: t.seed, device: setup.device, algorithm: setup.algorithm,
          forwardIO: setup.forwardIO, backwardIO: setup.backwardIO, costs: setup.costs, test,
          ...(setup.update ? { update: setup.update } : {}),
          ...(opts.onEpoch ? { onEpoch: opts.onEpoch } : {}),
          ...(opts.tracePulses ? { tracePulses: opts.tracePulses } : {}),
        };
        const problems = checkTraining(net, data.train, o);
        if (problems.length) return { built: null, diagnostics: problems.map((p) => diag('E4019', `network \`${ir.name}\` cannot train in memory: ${p}`, t.spans.algorithm ?? t.span)) };
        const result = trainAnalog(net, data.train, o);
        history = result.history;
        analog = { setup, result };
      }
    }
    const floatAccuracy = evaluate(net, test).accuracy;
    return { built: { net, test, history, floatAccuracy, analog }, diagnostics: [] };
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e;
    return { built: null, diagnostics: [diag('E4018', `network \`${ir.name}\`: ${e.message}`, t?.span ?? ir.span)] };
  }
}

/** DIR/LAYER.KIND.npy of `xbar train --save DIR` (E4010-E4015 at the network when it does not fit). */
function readSaved(dir: string, layer: string, kind: 'weights' | 'bias', shape: number[], ds: Diagnostic[], span: Span): Float64Array | null {
  const file = path.join(dir, `${layer}.${kind}.npy`);
  return readArray({ format: 'npy', path: file, display: path.join(path.basename(dir), `${layer}.${kind}.npy`), span }, shape, kind, ds);
}

/** Whether a runtime layer index holds a matrix (for mapping names to layers). */
export const matrixLayerIndices = (net: Network): number[] => net.layers.flatMap((l, i) => (isMatrixLayer(l) ? [i] : []));
