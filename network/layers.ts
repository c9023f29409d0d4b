// network/layers.ts: the layers of a feed-forward network, their forward pass over a batch and
// their backward pass (for the trainer).
//
// Conventions (chosen to match PyTorch, so that exported weights load without transposes):
//   - A tensor is { shape, data }: a Float64Array in C (row-major) order whose first axis is the
//     batch. Dense layers take [N, in] and give [N, out]; conv2d takes NCHW [N, C, H, W].
//   - dense: weight is out × in (row o holds the weights of output o: torch.nn.Linear.weight),
//     bias has `out` entries; y[n, o] = b[o] + Σ_i W[o, i] · x[n, i].
//   - conv2d: weight is outC × inC × kh × kw (torch.nn.Conv2d.weight), bias has outC entries,
//     zero padding, stride (sh, sw); computed through im2col (conv.ts), so the weight viewed as
//     the matrix outC × (inC·kh·kw) is exactly a dense layer applied at every output position.
//   - flatten keeps the batch axis and joins the others in C order (torch.flatten(x, 1)).
//   - softmax works over the last axis of a [N, K] tensor.
// On a crossbar the matrix of a dense or conv2d layer sits transposed: its fan-in on the rows,
// its fan-out on the columns (mapping.ts).
//
// Everything is float64; layers are plain data (discriminated union on `kind`) and the passes
// are pure functions except that `backward` allocates fresh gradient arrays.
import { Rng } from '../emulator/random.js';
import { conv2dBackward, conv2dForward, convOutputSize } from './conv.js';

export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface Tensor {
  shape: readonly number[];
  data: Float64Array;
}

export interface DenseLayer {
  kind: 'dense';
  inFeatures: number;
  outFeatures: number;
  /** out × in, row-major. */
  weight: Float64Array;
  bias: Float64Array;
}

export interface Conv2dLayer {
  kind: 'conv2d';
  inChannels: number;
  outChannels: number;
  kernel: readonly [number, number];
  stride: readonly [number, number];
  padding: readonly [number, number];
  /** outC × inC × kh × kw, row-major. */
  weight: Float64Array;
  bias: Float64Array;
}

export type ActivationKind = 'relu' | 'sigmoid' | 'tanh' | 'softmax';

export interface ActivationLayer {
  kind: ActivationKind;
}

export interface FlattenLayer {
  kind: 'flatten';
}

export type Layer = DenseLayer | Conv2dLayer | ActivationLayer | FlattenLayer;
/** Layers that hold a weight matrix (and are mapped onto crossbar tiles). */
export type MatrixLayer = DenseLayer | Conv2dLayer;

export interface Network {
  /** Shape of one sample (without the batch axis): [784], or [C, H, W] for conv nets. */
  inputShape: readonly number[];
  layers: Layer[];
}

export interface LayerGrads {
  weight: Float64Array;
  bias: Float64Array;
}

export function isMatrixLayer(l: Layer): l is MatrixLayer {
  return l.kind === 'dense' || l.kind === 'conv2d';
}

/** Fan-in and fan-out of a matrix layer: the matrix is fanOut × fanIn. */
export function matrixShape(l: MatrixLayer): { fanIn: number; fanOut: number } {
  if (l.kind === 'dense') return { fanIn: l.inFeatures, fanOut: l.outFeatures };
  return { fanIn: l.inChannels * l.kernel[0] * l.kernel[1], fanOut: l.outChannels };
}

export const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

// ---------------------------------------------------------------- builders

/**
 * A dense layer with PyTorch's default initialisation (torch.nn.Linear.reset_parameters:
 * weight and bias uniform in ±1/√in).
 */
export function dense(inFeatures: number, outFeatures: number, rng: Rng): DenseLayer {
  const bound = 1 / Math.sqrt(inFeatures);
  return {
    kind: 'dense',
    inFeatures,
    outFeatures,
    weight: uniform(outFeatures * inFeatures, bound, rng),
    bias: uniform(outFeatures, bound, rng),
  };
}

export interface Conv2dSpec {
  inChannels: number;
  outChannels: number;
  kernel: number | readonly [number, number];
  stride?: number | readonly [number, number];
  padding?: number | readonly [number, number];
}

/** A conv2d layer, initialised like torch.nn.Conv2d (uniform in ±1/√(inC·kh·kw)). */
export function conv2d(spec: Conv2dSpec, rng: Rng): Conv2dLayer {
  const pair = (v: number | readonly [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);
  const kernel = pair(spec.kernel);
  const fanIn = spec.inChannels * kernel[0] * kernel[1];
  const bound = 1 / Math.sqrt(fanIn);
  return {
    kind: 'conv2d',
    inChannels: spec.inChannels,
    outChannels: spec.outChannels,
    kernel,
    stride: pair(spec.stride ?? 1),
    padding: pair(spec.padding ?? 0),
    weight: uniform(spec.outChannels * fanIn, bound, rng),
    bias: uniform(spec.outChannels, bound, rng),
  };
}

export const relu = (): ActivationLayer => ({ kind: 'relu' });
export const sigmoid = (): ActivationLayer => ({ kind: 'sigmoid' });
export const tanh = (): ActivationLayer => ({ kind: 'tanh' });
export const softmax = (): ActivationLayer => ({ kind: 'softmax' });
export const flatten = (): FlattenLayer => ({ kind: 'flatten' });

function uniform(n: number, bound: number, rng: Rng): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = (2 * rng.uniform() - 1) * bound;
  return a;
}

/** A network after checking that every layer accepts the shape its predecessor gives. */
export function network(inputShape: readonly number[], layers: Layer[]): Network {
  const net = { inputShape: [...inputShape], layers };
  shapes(net);
  return net;
}

/** A deep copy (weights copied). */
export function cloneNetwork(net: Network): Network {
  return {
    inputShape: [...net.inputShape],
    layers: net.layers.map((l) => (isMatrixLayer(l) ? { ...l, weight: l.weight.slice(), bias: l.bias.slice() } : { ...l })),
  };
}

// ---------------------------------------------------------------- shapes

function describe(i: number, l: Layer): string {
  return `layer ${i} (${l.kind})`;
}

/** Per-sample shape after each layer: shapes[0] is the input, shapes[i + 1] the output of layer i. */
export function shapes(net: Network): number[][] {
  for (const d of net.inputShape) {
    if (!Number.isInteger(d) || d < 1) throw new NetworkError(`input shape must be positive integers, found (${net.inputShape.join(', ')})`);
  }
  const out: number[][] = [[...net.inputShape]];
  net.layers.forEach((l, i) => {
    const s = out[i]!;
    out.push(layerOutputShape(l, s, i));
  });
  return out;
}

function layerOutputShape(l: Layer, s: number[], i: number): number[] {
  switch (l.kind) {
    case 'dense':
      if (s.length !== 1 || s[0] !== l.inFeatures) {
        throw new NetworkError(`${describe(i, l)} expects ${l.inFeatures} inputs, found shape (${s.join(', ')})${s.length > 1 ? ' (add a flatten layer)' : ''}`);
      }
      checkArray(l.weight, l.outFeatures * l.inFeatures, `${describe(i, l)} weight (${l.outFeatures} × ${l.inFeatures})`);
      checkArray(l.bias, l.outFeatures, `${describe(i, l)} bias`);
      return [l.outFeatures];
    case 'conv2d': {
      if (s.length !== 3 || s[0] !== l.inChannels) {
        throw new NetworkError(`${describe(i, l)} expects [${l.inChannels}, H, W] inputs (NCHW), found shape (${s.join(', ')})`);
      }
      const { fanIn } = matrixShape(l);
      checkArray(l.weight, l.outChannels * fanIn, `${describe(i, l)} weight (${l.outChannels} × ${l.inChannels} × ${l.kernel.join(' × ')})`);
      checkArray(l.bias, l.outChannels, `${describe(i, l)} bias`);
      const ho = convOutputSize(s[1]!, l.kernel[0], l.stride[0], l.padding[0]);
      const wo = convOutputSize(s[2]!, l.kernel[1], l.stride[1], l.padding[1]);
      if (ho < 1 || wo < 1) throw new NetworkError(`${describe(i, l)}: kernel ${l.kernel.join('×')} does not fit input ${s[1]}×${s[2]} with padding ${l.padding.join(',')}`);
      return [l.outChannels, ho, wo];
    }
    case 'flatten':
      return [size(s)];
    case 'softmax':
      if (s.length !== 1) throw new NetworkError(`${describe(i, l)} works on vectors, found shape (${s.join(', ')}) (add a flatten layer)`);
      return s;
    case 'relu':
    case 'sigmoid':
    case 'tanh':
      return s;
  }
}

function checkArray(a: Float64Array, n: number, what: string): void {
  if (a.length !== n) throw new NetworkError(`${what} must have ${n} values, found ${a.length}`);
}

// ---------------------------------------------------------------- forward

/**
 * Forward pass over a batch. Returns every intermediate tensor: acts[0] is the input,
 * acts[i + 1] the output of layer i (the backward pass needs them).
 */
export function forwardAll(net: Network, x: Tensor, upTo = net.layers.length): Tensor[] {
  const s = shapes(net);
  if (x.shape.length !== s[0]!.length + 1 || x.shape.slice(1).some((d, k) => d !== s[0]![k])) {
    throw new NetworkError(`input batch must have shape (N, ${s[0]!.join(', ')}), found (${x.shape.join(', ')})`);
  }
  const n = x.shape[0]!;
  const acts: Tensor[] = [x];
  for (let i = 0; i < upTo; i++) {
    const l = net.layers[i]!;
    acts.push(layerForward(l, acts[i]!, [n, ...s[i + 1]!]));
  }
  return acts;
}

/** The network's output for a batch. */
export function forward(net: Network, x: Tensor): Tensor {
  const acts = forwardAll(net, x);
  return acts[acts.length - 1]!;
}

export function layerForward(l: Layer, x: Tensor, outShape: number[]): Tensor {
  const xd = x.data;
  switch (l.kind) {
    case 'dense': {
      const n = x.shape[0]!;
      const y = new Float64Array(n * l.outFeatures);
      denseForward(l.weight, l.bias, l.inFeatures, l.outFeatures, xd, y, n);
      return { shape: outShape, data: y };
    }
    case 'conv2d':
      return { shape: outShape, data: conv2dForward(l, x) };
    case 'flatten':
      return { shape: outShape, data: xd };
    case 'relu':
      return { shape: outShape, data: xd.map((v) => (v > 0 ? v : 0)) };
    case 'sigmoid':
      return { shape: outShape, data: xd.map(sigm) };
    case 'tanh':
      return { shape: outShape, data: xd.map(Math.tanh) };
    case 'softmax':
      return { shape: outShape, data: softmaxRows(xd, x.shape[1]!) };
  }
}

function sigm(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** Row-wise softmax of an [N, K] array (max subtracted first). */
export function softmaxRows(x: Float64Array, k: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let r = 0; r < x.length; r += k) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, x[r + j]!);
    let s = 0;
    for (let j = 0; j < k; j++) s += y[r + j] = Math.exp(x[r + j]! - m);
    for (let j = 0; j < k; j++) y[r + j]! /= s;
  }
  return y;
}

/** y[n, o] = b[o] + Σ_i W[o, i] x[n, i] (W out × in). */
export function denseForward(w: Float64Array, b: Float64Array, nIn: number, nOut: number, x: Float64Array, y: Float64Array, n: number): void {
  for (let s = 0; s < n; s++) {
    const xo = s * nIn;
    const yo = s * nOut;
    for (let o = 0; o < nOut; o++) {
      const wo = o * nIn;
      let acc = 0;
      for (let i = 0; i < nIn; i++) acc += w[wo + i]! * x[xo + i]!;
      y[yo + o] = acc + b[o]!;
    }
  }
}

// ---------------------------------------------------------------- backward

/**
 * Backward pass. `acts` come from forwardAll (same network, same batch), `gradOut` is ∂L/∂ of the
 * output of layer `from - 1` (default: the last layer). Returns the gradient of every matrix
 * layer (null for the others) and ∂L/∂input.
 */
export function backward(net: Network, acts: Tensor[], gradOut: Float64Array, from = net.layers.length): { grads: (LayerGrads | null)[]; gradInput: Float64Array } {
  const grads: (LayerGrads | null)[] = net.layers.map(() => null);
  let g = gradOut;
  for (let i = from - 1; i >= 0; i--) {
    const l = net.layers[i]!;
    const r = layerBackward(l, acts[i]!, acts[i + 1]!, g);
    grads[i] = r.grads;
    g = r.gradInput;
  }
  return { grads, gradInput: g };
}

export function layerBackward(l: Layer, x: Tensor, y: Tensor, g: Float64Array): { grads: LayerGrads | null; gradInput: Float64Array } {
  const xd = x.data;
  const yd = y.data;
  switch (l.kind) {
    case 'dense': {
      const n = x.shape[0]!;
      const { inFeatures: nIn, outFeatures: nOut, weight: w } = l;
      const dw = new Float64Array(w.length);
      const db = new Float64Array(nOut);
      const dx = new Float64Array(n * nIn);
      for (let s = 0; s < n; s++) {
        const xo = s * nIn;
        for (let o = 0; o < nOut; o++) {
          const go = g[s * nOut + o]!;
          if (go === 0) continue;
          db[o]! += go;
          const wo = o * nIn;
          for (let i = 0; i < nIn; i++) {
            dw[wo + i]! += go * xd[xo + i]!;
            dx[xo + i]! += go * w[wo + i]!;
          }
        }
      }
      return { grads: { weight: dw, bias: db }, gradInput: dx };
    }
    case 'conv2d': {
      const r = conv2dBackward(l, x, g);
      return { grads: { weight: r.weight, bias: r.bias }, gradInput: r.gradInput };
    }
    case 'flatten':
      return { grads: null, gradInput: g };
    case 'relu':
      return { grads: null, gradInput: g.map((v, k) => (xd[k]! > 0 ? v : 0)) };
    case 'sigmoid':
      return { grads: null, gradInput: g.map((v, k) => v * yd[k]! * (1 - yd[k]!)) };
    case 'tanh':
      return { grads: null, gradInput: g.map((v, k) => v * (1 - yd[k]! * yd[k]!)) };
    case 'softmax': {
      // dx = y ⊙ (g − Σ_j g_j y_j), per row.
      const k = x.shape[1]!;
      const dx = new Float64Array(g.length);
      for (let r = 0; r < g.length; r += k) {
        let dot = 0;
        for (let j = 0; j < k; j++) dot += g[r + j]! * yd[r + j]!;
        for (let j = 0; j < k; j++) dx[r + j] = yd[r + j]! * (g[r + j]! - dot);
      }
      return { grads: null, gradInput: dx };
    }
  }
}

// ---------------------------------------------------------------- loss

/**
 * Mean softmax cross-entropy of logits [N, K] against integer labels, its gradient with
 * respect to the logits ((softmax − one-hot) / N) and the number of correct argmax predictions.
 */
export function softmaxCrossEntropy(logits: Float64Array, k: number, labels: ArrayLike<number>): { loss: number; grad: Float64Array; correct: number } {
  const n = labels.length;
  if (logits.length !== n * k) throw new NetworkError(`logits must be ${n} × ${k}, found ${logits.length} values`);
  const p = softmaxRows(logits, k);
  let loss = 0;
  let correct = 0;
  for (let s = 0; s < n; s++) {
    const y = labels[s]!;
    if (!Number.isInteger(y) || y < 0 || y >= k) throw new NetworkError(`label ${s} must be an integer in 0 .. ${k - 1}, found ${y}`);
    loss -= Math.log(Math.max(p[s * k + y]!, 1e-300));
    if (argmax(logits, s * k, k) === y) correct++;
    p[s * k + y]! -= 1;
  }
  for (let i = 0; i < p.length; i++) p[i]! /= n;
  return { loss: loss / n, grad: p, correct };
}

/** Index of the largest of a[o .. o + k) (the first one on ties). */
export function argmax(a: ArrayLike<number>, o: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (a[o + j]! > a[o + best]!) best = j;
  return best;
}
