// network/train.ts: a small float trainer: mini-batch SGD (optional momentum and weight decay),
// softmax cross-entropy, seeded shuffling, and hardware-aware (HWA) training by weight-noise
// injection.
//
// Algorithm, per epoch:
//   1. Shuffle the sample indices (Fisher–Yates with the stream rng.fork('shuffle')).
//   2. For each mini-batch (the last one may be smaller):
//      a. HWA only: draw noisy copies of the matrix-layer weights (aihwkit WeightModifier,
//         `periphery.md` §2.5 and aihwkit's weight_modifier.cpp; amax = max|W| of the layer when
//         relToActualWmax, else assumedWmax; a fresh draw per batch, from rng.fork('weight-noise')):
//           add_normal:  W̃ = W + σ·amax·ξ
//           mult_normal: W̃ = W + W·σ·amax·ξ      (aihwkit scales σ by amax here too)
//         Biases are digital (aihwkit digital_bias = True) and get no noise.
//      b. Forward and backward with W̃ (or W). If the last layer is softmax, the loss is the
//         cross-entropy of its input (the logits), the numerically stable fused form.
//      c. Update the clean weights with the gradient taken at W̃ (straight-through, as aihwkit):
//           v ← μ·v + (g + λ·W);  W ← W − η·v      (PyTorch's SGD with momentum μ, decay λ).
//   3. Record the mean batch loss, the running training accuracy (of the predictions made
//      during the epoch, with the noisy weights under HWA), and loss/accuracy on `test` if given
//      (clean weights).
// The network is trained in place. Same seed, data and options → the same bytes.
import { Rng } from '../emulator/random.js';
import type { Dataset } from './data.js';
import { argmax, backward, forwardAll, isMatrixLayer, NetworkError, shapes, softmaxCrossEntropy, type Network, type Tensor } from './layers.js';

export interface WeightNoise {
  type: 'add_normal' | 'mult_normal';
  /** σ relative to amax (aihwkit `std_dev`). */
  std: number;
  /** amax = max|W| of the layer (true, aihwkit's default) or `assumedWmax`. */
  relToActualWmax?: boolean;
  assumedWmax?: number;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  momentum?: number;
  weightDecay?: number;
  seed: number;
  /** Hardware-aware training: weight noise drawn per batch. */
  weightNoise?: WeightNoise;
  /** Evaluated after every epoch (clean weights). */
  test?: Dataset;
  /** Called after every epoch (progress output). */
  onEpoch?: (stats: EpochStats) => void;
}

export interface EpochStats {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  testLoss?: number;
  testAccuracy?: number;
}

/** Train `net` in place; returns the statistics of every epoch. */
export function train(net: Network, data: Dataset, opts: TrainOptions): EpochStats[] {
  checkCompatible(net, data);
  const { epochs, batchSize, learningRate: lr } = opts;
  if (!Number.isInteger(epochs) || epochs < 0) throw new NetworkError(`epochs must be a non-negative integer, found ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new NetworkError(`batchSize must be a positive integer, found ${batchSize}`);
  if (!(lr > 0)) throw new NetworkError(`learningRate must be > 0, found ${lr}`);
  const mu = opts.momentum ?? 0;
  const decay = opts.weightDecay ?? 0;
  const noise = opts.weightNoise;
  if (noise && !(noise.std >= 0)) throw new NetworkError(`weight noise std must be >= 0, found ${noise.std}`);
  const rng = new Rng(opts.seed);
  const shuffleRng = rng.fork('shuffle');
  const noiseRng = rng.fork('weight-noise');
  const sampleSize = data.x.length / data.count;
  const fused = net.layers[net.layers.length - 1]?.kind === 'softmax';
  const upTo = fused ? net.layers.length - 1 : net.layers.length;
  const classes = shapes(net)[upTo]![0]!;
  const velocity = net.layers.map((l) => (isMatrixLayer(l) && mu > 0 ? { weight: new Float64Array(l.weight.length), bias: new Float64Array(l.bias.length) } : null));
  const order = Int32Array.from({ length: data.count }, (_, i) => i);
  const history: EpochStats[] = [];

  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffle(order, shuffleRng);
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < data.count; start += batchSize) {
      const m = Math.min(batchSize, data.count - start);
      const xb = new Float64Array(m * sampleSize);
      const yb = new Int32Array(m);
      for (let r = 0; r < m; r++) {
        const idx = order[start + r]!;
        xb.set(data.x.subarray(idx * sampleSize, (idx + 1) * sampleSize), r * sampleSize);
        yb[r] = data.labels[idx]!;
      }
      const used = noise ? withWeightNoise(net, noise, noiseRng) : net;
      const acts = forwardAll(used, { shape: [m, ...net.inputShape], data: xb }, upTo);
      const ce = softmaxCrossEntropy(acts[upTo]!.data, classes, yb);
      lossSum += ce.loss * m;
      correct += ce.correct;
      const { grads } = backward(used, acts, ce.grad, upTo);
      net.layers.forEach((l, i) => {
        const g = grads[i];
        if (!isMatrixLayer(l) || !g) return;
        step(l.weight, g.weight, velocity[i]?.weight, lr, mu, decay);
        step(l.bias, g.bias, velocity[i]?.bias, lr, mu, decay);
      });
    }
    const stats: EpochStats = { epoch, loss: lossSum / data.count, trainAccuracy: correct / data.count };
    if (opts.test) {
      const ev = evaluate(net, opts.test);
      stats.testLoss = ev.loss;
      stats.testAccuracy = ev.accuracy;
    }
    history.push(stats);
    opts.onEpoch?.(stats);
  }
  return history;
}

function step(w: Float64Array, g: Float64Array, v: Float64Array | undefined, lr: number, mu: number, decay: number): void {
  for (let i = 0; i < w.length; i++) {
    let d = g[i]! + decay * w[i]!;
    if (v) d = v[i] = mu * v[i]! + d;
    w[i]! -= lr * d;
  }
}

/** Fisher-Yates with a seeded Rng (the training order; analog-train.ts uses it too). */
export function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/**
 * A copy of `net` whose matrix-layer weights carry one draw of weight noise (aihwkit
 * WeightModifier ADD_NORMAL / MULT_NORMAL); biases and other layers are shared, not copied.
 */
export function withWeightNoise(net: Network, noise: WeightNoise, rng: Rng): Network {
  const rel = noise.relToActualWmax ?? true;
  return {
    inputShape: net.inputShape,
    layers: net.layers.map((l) => {
      if (!isMatrixLayer(l) || noise.std === 0) return l;
      let amax = noise.assumedWmax ?? 1;
      if (rel) {
        amax = 0;
        for (const v of l.weight) amax = Math.max(amax, Math.abs(v));
      }
      const s = noise.std * amax;
      const w = l.weight.slice();
      if (noise.type === 'add_normal') for (let i = 0; i < w.length; i++) w[i]! += s * rng.normal();
      else for (let i = 0; i < w.length; i++) w[i]! += w[i]! * s * rng.normal();
      return { ...l, weight: w };
    }),
  };
}

export interface Evaluation {
  loss: number;
  accuracy: number;
  /** The predicted class of every sample. */
  predictions: Int32Array;
}

/**
 * Cross-entropy and accuracy of `net` on a dataset (batches of `batchSize`). If the network ends
 * in softmax, the loss uses its input (logits); otherwise its output is taken as logits.
 */
export function evaluate(net: Network, data: Dataset, batchSize = 500): Evaluation {
  checkCompatible(net, data);
  const fused = net.layers[net.layers.length - 1]?.kind === 'softmax';
  const upTo = fused ? net.layers.length - 1 : net.layers.length;
  const classes = shapes(net)[upTo]![0]!;
  const sampleSize = data.x.length / data.count;
  const predictions = new Int32Array(data.count);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const m = Math.min(batchSize, data.count - start);
    const xb: Tensor = { shape: [m, ...net.inputShape], data: data.x.subarray(start * sampleSize, (start + m) * sampleSize) };
    const logits = forwardAll(net, xb, upTo)[upTo]!.data;
    const ce = softmaxCrossEntropy(logits, classes, data.labels.subarray(start, start + m));
    lossSum += ce.loss * m;
    correct += ce.correct;
    for (let r = 0; r < m; r++) predictions[start + r] = argmax(logits, r * classes, classes);
  }
  return { loss: lossSum / data.count, accuracy: correct / data.count, predictions };
}

function checkCompatible(net: Network, data: Dataset): void {
  const s = shapes(net);
  const out = s[s.length - 1]!;
  if (data.inputShape.length !== net.inputShape.length || data.inputShape.some((d, k) => d !== net.inputShape[k])) {
    throw new NetworkError(`dataset samples have shape (${data.inputShape.join(', ')}), the network expects (${net.inputShape.join(', ')})`);
  }
  if (out.length !== 1) throw new NetworkError(`the network must end in a vector of class scores, found shape (${out.join(', ')})`);
  if (out[0]! < data.classes) throw new NetworkError(`the network has ${out[0]} outputs, the dataset ${data.classes} classes`);
  if (data.count === 0) throw new NetworkError('the dataset is empty');
}
