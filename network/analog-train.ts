// network/analog-train.ts: training a network's dense layers in analog, on pulsed arrays
// (emulator/pulsed/), after aihwkit's AnalogSGD with a SingleRPUConfig / TransferCompound /
// MixedPrecisionCompound (../shared/reference/devices.md §3.3, §3.4; periphery.md §2.1-§2.3).
//
// Layout: each dense layer's W (out x in) lives in a `Trainable` whose PulsedArray is in x out
// (rows = inputs, cols = outputs, as mapping.ts places layers): cell (j, i) holds W[i][j], in
// device weight units (no weight scaling, aihwkit's weight_scaling_omega = 0; the digital
// out_scale of the IOParameters is 1 by default). Initial weights are the network's own
// (PyTorch init), written exactly into the array (clipped to each device's bounds); for the
// transfer compounds into C (A starts at 0). Biases are digital (aihwkit digital_bias).
//
// Algorithm, per epoch (batch m, learning rate η):
//   1. Shuffle the sample order exactly as train.ts (Fisher-Yates, rng.fork('shuffle')), so the
//      float reference with the same seed sees the same samples in the same order.
//   2. Per mini-batch: for every sample, forward: each dense layer y = analogMvm(W, x, forward IO)
//      + b (analog-io.ts: abs_max noise management, DAC, out_noise, ADC, iterative bound
//      management); activations in float. Loss: softmax cross-entropy of the logits (layers.ts),
//      its gradient divided by m (the mean over the batch).
//   3. Backward per sample, with the weights of before the batch's update: each dense layer's
//      output gradient d is kept for the update; d_in = analogMvm(W, d, backward IO,
//      transposed): the same array read from the column side (its own IOParameters; aihwkit's
//      defaults with bound management off). The first matrix layer needs no d_in: no backward
//      MVM there (aihwkit skips it too: the input needs no gradient).
//   4. Update: per sample and per layer, Trainable.update(x_n, d_n, η) (one pulse update per
//      sample, aihwkit's per-sample pulsed update; plain SGD, no momentum); the bias
//      b −= η·d_n digitally.
//   5. Record loss, running train accuracy, test loss/accuracy (analog forward, a fresh noise
//      stream per epoch), the event counts per layer and their time and energy (analog-costs.ts).
// Random streams (same seed -> same bytes): rng = new Rng(seed); `layer<k>/device`,
// `layer<k>/fast-device` (device-to-device draws), `layer<k>/update` (the compound's own
// forks), `layer<k>/forward`, `layer<k>/backward`, `eval<e>/layer<k>`.
import { PulsedArray } from '../emulator/pulsed/array.js';
import {
  BufferedTransferCompound,
  MixedPrecision,
  TransferCompound,
  type BufferedOptions,
  type MixedPrecisionOptions,
  type Trainable,
  type TransferOptions,
} from '../emulator/pulsed/compounds.js';
import { OneSidedPair } from '../emulator/pulsed/one-sided.js';
import { checkTrainable, type PulsedDeviceParams } from '../emulator/pulsed/params.js';
import { DEFAULT_UPDATE_PARAMETERS, noPulsesReason, pulseUpdate, type PulseUpdateResult, type UpdateParameters } from '../emulator/pulsed/pulse-update.js';
import { Rng } from '../emulator/random.js';
import { AIHWKIT_IO, AIHWKIT_IO_BACKWARD, analogMvm, type IOParameters } from './analog-io.js';
import { defaultTrainingCosts, epochCost, zeroCounts, type EpochCost, type LayerCounts, type TrainingCosts } from './analog-costs.js';
import type { Dataset } from './data.js';
import { shuffle } from './train.js';
import { forwardAll, layerBackward, layerForward, NetworkError, shapes, size, softmaxCrossEntropy, type DenseLayer, type Network, type Tensor } from './layers.js';

export type AnalogAlgorithm =
  | { kind: 'sgd' }
  | { kind: 'tiki-taka'; options?: Partial<TransferOptions> }
  | { kind: 'buffered-transfer'; options?: Partial<BufferedOptions> }
  | { kind: 'mixed-precision'; options?: Partial<MixedPrecisionOptions> };

export interface AnalogTrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** The device of the array (of C, the slow array, for the transfer compounds). */
  device: PulsedDeviceParams;
  /** A, the fast array of the transfer compounds (default: `device`). */
  fastDevice?: PulsedDeviceParams;
  /** Default plain analog SGD. */
  algorithm?: AnalogAlgorithm;
  /** Pulse-update parameters of the SGD update (default aihwkit's, devices.md §3.3). */
  update?: UpdateParameters;
  /** Default AIHWKIT_IO / AIHWKIT_IO_BACKWARD (analog-io.ts). */
  forwardIO?: IOParameters;
  backwardIO?: IOParameters;
  /** Default `defaultTrainingCosts` (analog-costs.ts). */
  costs?: TrainingCosts;
  test?: Dataset;
  onEpoch?: (stats: AnalogEpochStats) => void;
  /** The bit streams of the first pulse updates of one matrix layer (0: the first dense layer). */
  tracePulses?: { layer: number; tap: PulseTap };
  /**
   * checkTraining: the expected pulses per update on the strongest cell of the first sample
   * below which a learning rate counts as producing no pulses (default 0.01).
   */
  minPulsesPerUpdate?: number;
}

export interface AnalogEpochStats {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  testLoss?: number;
  testAccuracy?: number;
  /** Per matrix layer. */
  counts: LayerCounts[];
  cost: EpochCost;
}

/** The state of one pulsed array, enough to evaluate (or continue) it later. */
export interface ArrayState {
  rows: number;
  cols: number;
  params: PulsedDeviceParams;
  /** Persistent weights, then the device-to-device draws (all rows x cols, row-major). */
  w: Float64Array;
  visible: Float64Array;
  bMax: Float64Array;
  bMin: Float64Array;
  dwUp: Float64Array;
  dwDown: Float64Array;
  pUp: Float64Array;
  pDown: Float64Array;
}

export interface TrainedLayer {
  /** Index in net.layers. */
  layer: number;
  rows: number;
  cols: number;
  /** The visible weights, rows (inputs) x cols (outputs): cell (j, i) = W[i][j]. */
  weights: Float64Array;
  bias: Float64Array;
  /** 'array' (SGD, mixed precision) or 'A' and 'C' (transfer compounds). */
  arrays: Record<string, ArrayState>;
  /** Digital state: the TTv2 buffer H or the mixed-precision χ (rows x cols). */
  buffer?: Float64Array;
}

export interface AnalogTrainResult {
  history: AnalogEpochStats[];
  layers: TrainedLayer[];
}

// ---------------------------------------------------------------- counting trainables

type Counted = Trainable & { counts: LayerCounts; state(): Pick<TrainedLayer, 'arrays' | 'buffer'>; tap?: PulseTap };

/** Sees the bit streams of the first `remaining` SGD pulse updates of one layer (the VCD of `xbar train`). */
export interface PulseTap {
  remaining: number;
  seen: (r: PulseUpdateResult, x: Float64Array, d: Float64Array) => void;
}

/** A pulse update whose streams the layer's tap sees while it wants them (the draws are the same). */
function tapped(tap: PulseTap | undefined, x: ArrayLike<number>, d: ArrayLike<number>, run: (o: { streams?: boolean }) => PulseUpdateResult): PulseUpdateResult {
  if (!tap || tap.remaining <= 0) return run({});
  const r = run({ streams: true });
  tap.remaining--;
  tap.seen(r, Float64Array.from(x), Float64Array.from(d));
  return r;
}

function addPulses(c: LayerCounts, r: PulseUpdateResult): void {
  c.updates++;
  c.blSlots += r.BL;
  for (const v of r.rowPulses) c.rowPulses += v;
  for (const v of r.colPulses) c.colPulses += v;
  c.coincidences += r.coincidences;
}

function addTransfer(c: LayerCounts, r: PulseUpdateResult): void {
  c.transferReads++;
  c.transferSlots += r.BL;
  for (const v of r.rowPulses) c.transferLinePulses += v;
  for (const v of r.colPulses) c.transferLinePulses += v;
  c.transferCoincidences += r.coincidences;
}

export function arrayState(a: PulsedArray): ArrayState {
  return {
    rows: a.rows,
    cols: a.cols,
    params: { ...a.params },
    w: a.w.slice(),
    visible: a.weights(),
    bMax: a.bMax.slice(),
    bMin: a.bMin.slice(),
    dwUp: a.dwUp.slice(),
    dwDown: a.dwDown.slice(),
    pUp: a.pUp.slice(),
    pDown: a.pDown.slice(),
  };
}

/** Plain analog SGD (the same bytes as AnalogSgd: rng.fork('update')), counting. */
class CountedSgd implements Counted {
  readonly rows: number;
  readonly cols: number;
  readonly counts = zeroCounts();
  private readonly rng: Rng;
  constructor(readonly array: PulsedArray, rng: Rng, readonly up: UpdateParameters) {
    this.rows = array.rows;
    this.cols = array.cols;
    this.rng = rng.fork('update');
  }
  tap?: PulseTap;
  update(x: ArrayLike<number>, d: ArrayLike<number>, lr: number): void {
    addPulses(this.counts, tapped(this.tap, x, d, (o) => pulseUpdate(this.array, x, d, lr, this.up, this.rng, o)));
  }
  weights(out?: Float64Array): Float64Array {
    return this.array.weights(out);
  }
  state(): Pick<TrainedLayer, 'arrays'> {
    return { arrays: { array: arrayState(this.array) } };
  }
}

/**
 * A one-sided pair (emulator/pulsed/one-sided.ts), counting: the update's pulses as SGD's; a
 * refresh reads each input line with refreshed cells once (a transfer read) and writes them
 * back with pulses (counted with the transfers).
 */
class CountedOneSided extends OneSidedPair implements Counted {
  readonly counts = zeroCounts();
  tap?: PulseTap;
  override update(x: ArrayLike<number>, d: ArrayLike<number>, lr: number): void {
    const before = { ...this.refreshed };
    addPulses(this.counts, tapped(this.tap, x, d, (o) => this.pulse(x, d, lr, o)));
    const rows = this.refreshed.rows - before.rows;
    const pulses = this.refreshed.pulses - before.pulses;
    this.counts.transferReads += rows;
    this.counts.transferSlots += pulses;
    this.counts.transferLinePulses += 2 * pulses;
    this.counts.transferCoincidences += pulses;
  }
  state(): Pick<TrainedLayer, 'arrays'> {
    return { arrays: { plus: arrayState(this.plus), minus: arrayState(this.minus) } };
  }
}

/** Tiki-Taka (TransferCompound's algorithm and streams), counting. */
class CountedTransfer extends TransferCompound implements Counted {
  readonly counts = zeroCounts();
  tap?: PulseTap;
  protected override pulseA(x: ArrayLike<number>, d: ArrayLike<number>, lr: number): PulseUpdateResult {
    const r = tapped(this.tap, x, d, (o) => super.pulseA(x, d, lr, o));
    addPulses(this.counts, r);
    return r;
  }
  protected override writeLine(j: number, v: Float64Array, lrT: number): void {
    const e = new Float64Array(this.rows);
    e[j] = 1;
    const neg = v.map((a) => -a);
    addTransfer(this.counts, pulseUpdate(this.C, e, neg, lrT, this.opts.transfer_update, this.rngTransfer));
  }
  state(): Pick<TrainedLayer, 'arrays'> {
    return { arrays: { A: arrayState(this.A), C: arrayState(this.C) } };
  }
}

/** TTv2 (BufferedTransferCompound), counting: each write is one slot, row j and the pulsed columns. */
class CountedBuffered extends BufferedTransferCompound implements Counted {
  readonly counts = zeroCounts();
  tap?: PulseTap;
  protected override pulseA(x: ArrayLike<number>, d: ArrayLike<number>, lr: number): PulseUpdateResult {
    const r = tapped(this.tap, x, d, (o) => super.pulseA(x, d, lr, o));
    addPulses(this.counts, r);
    return r;
  }
  protected override writeLine(j: number, v: Float64Array, lrT: number): void {
    const before = this.cPulses;
    super.writeLine(j, v, lrT);
    const n = this.cPulses - before;
    const c = this.counts;
    c.transferReads++;
    c.digitalOps += this.cols;
    if (n > 0) {
      c.transferSlots += 1;
      c.transferLinePulses += 1 + n;
      c.transferCoincidences += n;
    }
  }
  state(): Pick<TrainedLayer, 'arrays' | 'buffer'> {
    return { arrays: { A: arrayState(this.A), C: arrayState(this.C) }, buffer: this.H.slice() };
  }
}

/**
 * Mixed precision, counting: rows·cols digital MACs per update; a transfer costs rows·cols
 * digital compares, and per row with pulses max_i |n_ji| slots (the row line pulsed in each),
 * Σ_i |n_ji| column pulses and device pulses.
 */
class CountedMixed extends MixedPrecision implements Counted {
  readonly counts = zeroCounts();
  override update(x: ArrayLike<number>, d: ArrayLike<number>, lr: number): void {
    this.counts.updates++;
    this.counts.digitalOps += this.rows * this.cols;
    super.update(x, d, lr);
  }
  override transfer(): void {
    const before = this.chi.slice();
    super.transfer();
    const c = this.counts;
    c.digitalOps += this.rows * this.cols;
    for (let j = 0; j < this.rows; j++) {
      let maxN = 0;
      let sum = 0;
      for (let i = 0; i < this.cols; i++) {
        const k = j * this.cols + i;
        const n = Math.abs(Math.round((before[k]! - this.chi[k]!) / this.eps));
        sum += n;
        if (n > maxN) maxN = n;
      }
      if (maxN === 0) continue;
      c.transferSlots += maxN;
      c.transferLinePulses += maxN + sum;
      c.transferCoincidences += sum;
    }
  }
  state(): Pick<TrainedLayer, 'arrays' | 'buffer'> {
    return { arrays: { array: arrayState(this.array) }, buffer: this.chi.slice() };
  }
}

// ---------------------------------------------------------------- checks

function fmt(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}

/**
 * Problems that stop analog training before it starts, in plain words (empty: none), for the
 * language layer's diagnostics: a layer that cannot be trained in analog, a dataset that does not
 * fit the network, a device that cannot train (checkTrainable), a learning rate that produces no
 * pulses on the first sample (noPulsesReason with `minPulsesPerUpdate`, on the magnitudes of the
 * layer inputs and output gradients of a float pass with the initial weights).
 */
export function checkTraining(net: Network, data: Dataset, opts: AnalogTrainOptions): string[] {
  const problems: string[] = [];
  let netShapes: number[][];
  try {
    netShapes = shapes(net);
  } catch (e) {
    return [`the network is inconsistent: ${(e as Error).message}`];
  }
  net.layers.forEach((l, i) => {
    if (l.kind === 'conv2d') problems.push(`layer ${i} (conv2d): analog training supports dense layers only; train it in floating point or replace it by a dense layer`);
  });
  if (!net.layers.some((l) => l.kind === 'dense')) problems.push('the network has no dense layer to train in analog');
  // Dataset against network.
  const fused = net.layers[net.layers.length - 1]?.kind === 'softmax';
  const out = netShapes[fused ? net.layers.length - 1 : net.layers.length]!;
  if (data.inputShape.length !== net.inputShape.length || data.inputShape.some((d, k) => d !== net.inputShape[k])) {
    problems.push(`the dataset's samples have shape ${fmt(data.inputShape)}, the network expects ${fmt(net.inputShape)}`);
  } else if (data.count === 0) {
    problems.push('the dataset is empty');
  } else if (data.x.length !== data.count * size(data.inputShape)) {
    problems.push(`the dataset holds ${data.x.length} values, ${data.count} samples of shape ${fmt(data.inputShape)} need ${data.count * size(data.inputShape)}`);
  } else if (data.labels.length !== data.count) {
    problems.push(`the dataset has ${data.labels.length} labels for ${data.count} samples`);
  }
  if (out.length !== 1) problems.push(`the network must end in a vector of class scores, it ends in shape ${fmt(out)}`);
  else {
    if (out[0]! < data.classes) problems.push(`the network has ${out[0]} outputs, the dataset ${data.classes} classes`);
    const bad = data.labels.findIndex((y) => !(y >= 0 && y < out[0]!));
    if (bad >= 0) problems.push(`label ${bad} is ${data.labels[bad]}, outside the network's ${out[0]} classes 0 .. ${out[0]! - 1}`);
  }
  if (opts.test && (opts.test.inputShape.length !== net.inputShape.length || opts.test.inputShape.some((d, k) => d !== net.inputShape[k]))) {
    problems.push(`the test set's samples have shape ${fmt(opts.test.inputShape)}, the network expects ${fmt(net.inputShape)}`);
  }
  // Schedule.
  if (!(Number.isInteger(opts.epochs) && opts.epochs >= 0)) problems.push(`epochs must be a non-negative integer, found ${opts.epochs}`);
  if (!(Number.isInteger(opts.batchSize) && opts.batchSize >= 1)) problems.push(`the batch size must be a positive integer, found ${opts.batchSize}`);
  // Devices.
  const algo = opts.algorithm ?? { kind: 'sgd' };
  const transfer = algo.kind === 'tiki-taka' || algo.kind === 'buffered-transfer';
  for (const p of checkTrainable(opts.device)) problems.push(`the device${transfer ? ' of the slow array C' : ''} cannot train: ${p}`);
  if (transfer && opts.fastDevice) for (const p of checkTrainable(opts.fastDevice)) problems.push(`the device of the fast array A cannot train: ${p}`);
  if (problems.length > 0) return problems;
  // Learning rate: pulses on the first sample.
  const lr = opts.learningRate;
  const up = opts.update ?? DEFAULT_UPDATE_PARAMETERS;
  const pulsed = transfer ? (opts.fastDevice ?? opts.device) : opts.device;
  const minExp = opts.minPulsesPerUpdate ?? 0.01;
  if (!(lr > 0) || !Number.isFinite(lr)) return [`the learning rate must be > 0, found ${lr}`];
  if (algo.kind === 'mixed-precision') return problems; // the update is digital; pulses come from χ
  const m = Math.min(opts.batchSize, data.count);
  const sz = size(net.inputShape);
  const xb: Tensor = { shape: [m, ...net.inputShape], data: data.x.slice(0, m * sz) };
  const upTo = fused ? net.layers.length - 1 : net.layers.length;
  const acts = forwardAll(net, xb, upTo);
  const ce = softmaxCrossEntropy(acts[upTo]!.data, out[0]!, data.labels.subarray(0, m));
  let g = ce.grad;
  for (let i = upTo - 1; i >= 0; i--) {
    const l = net.layers[i]!;
    if (l.kind === 'dense') {
      // The first sample of the batch: what its pulse update sees.
      const x = acts[i]!.data.subarray(0, l.inFeatures);
      const d = g.subarray(0, l.outFeatures);
      let xMax = 0;
      let dMax = 0;
      for (const v of x) xMax = Math.max(xMax, Math.abs(v));
      for (const v of d) dMax = Math.max(dMax, Math.abs(v));
      const why = noPulsesReason(xMax, dMax, lr, pulsed.dw_min, up, minExp);
      if (why) problems.push(`layer ${i} (dense): the learning rate ${lr} produces no pulses: ${why}`);
    }
    g = layerBackward(l, acts[i]!, acts[i + 1]!, g).gradInput;
  }
  return problems;
}

// ---------------------------------------------------------------- training

function makeTrainable(rows: number, cols: number, opts: AnalogTrainOptions, rng: Rng): Counted {
  const algo = opts.algorithm ?? { kind: 'sgd' };
  const up = opts.update ?? DEFAULT_UPDATE_PARAMETERS;
  // a one-sided device (PCM) trains as a G+ / G- pair with refresh (aihwkit OneSidedUnitCell)
  if (opts.device.one_sided && algo.kind === 'sgd') return new CountedOneSided(rows, cols, opts.device, rng.fork('device'), up);
  const main = new PulsedArray(rows, cols, opts.device, rng.fork('device'));
  const urng = rng.fork('update');
  switch (algo.kind) {
    case 'sgd':
      return new CountedSgd(main, urng, up);
    case 'tiki-taka':
    case 'buffered-transfer': {
      const A = new PulsedArray(rows, cols, opts.fastDevice ?? opts.device, rng.fork('fast-device'));
      const o = { update: up, ...algo.options };
      return algo.kind === 'tiki-taka' ? new CountedTransfer(A, main, urng, o) : new CountedBuffered(A, main, urng, o);
    }
    case 'mixed-precision':
      return new CountedMixed(main, urng, algo.options);
  }
}

/** Sets the initial weights W (out x in) into the trainable's visible array (header). */
function setInitial(t: Counted, w: Float64Array, rows: number, cols: number): void {
  const v = new Float64Array(rows * cols);
  for (let j = 0; j < rows; j++) for (let i = 0; i < cols; i++) v[j * cols + i] = w[i * rows + j]!;
  if (t instanceof TransferCompound) t.C.setWeights(v);
  else if (t instanceof CountedOneSided) t.setWeights(v);
  else (t as CountedSgd | CountedMixed).array.setWeights(v);
}


interface Slot {
  layer: number;
  l: DenseLayer;
  t: Counted;
  /** Visible weights (rows x cols), refreshed after every update. */
  w: Float64Array;
  fwd: Rng;
  bwd: Rng;
}

/** One sample's forward pass; returns every activation (acts[0] the input). */
function forwardSample(net: Network, slots: Map<number, Slot>, sh: number[][], x: Float64Array, upTo: number, io: IOParameters, rngOf: (s: Slot) => Rng, count: boolean): Tensor[] {
  const acts: Tensor[] = [{ shape: [1, ...sh[0]!], data: x }];
  const passes = { n: 1 };
  for (let i = 0; i < upTo; i++) {
    const l = net.layers[i]!;
    const a = acts[i]!;
    const s = slots.get(i);
    if (s) {
      const y = analogMvm(s.w, s.l.inFeatures, s.l.outFeatures, a.data, io, rngOf(s), false, passes);
      for (let o = 0; o < y.length; o++) y[o]! += s.l.bias[o]!;
      if (count) {
        s.t.counts.forwardMvms++;
        s.t.counts.forwardPasses += passes.n;
      }
      acts.push({ shape: [1, s.l.outFeatures], data: y });
    } else acts.push(layerForward(l, a, [1, ...sh[i + 1]!]));
  }
  return acts;
}

/** Analog evaluation (forward IO, fresh noise streams `eval<tag>/layer<k>`). */
function evaluateAnalog(net: Network, slots: Map<number, Slot>, data: Dataset, io: IOParameters, rng: Rng, tag: string): { loss: number; accuracy: number } {
  const sh = shapes(net);
  const fused = net.layers[net.layers.length - 1]?.kind === 'softmax';
  const upTo = fused ? net.layers.length - 1 : net.layers.length;
  const k = sh[upTo]![0]!;
  const sz = size(net.inputShape);
  const streams = new Map<Slot, Rng>();
  for (const s of slots.values()) streams.set(s, rng.fork(`eval${tag}/layer${s.layer}`));
  let loss = 0;
  let correct = 0;
  for (let n = 0; n < data.count; n++) {
    const acts = forwardSample(net, slots, sh, data.x.subarray(n * sz, (n + 1) * sz), upTo, io, (s) => streams.get(s)!, false);
    const ce = softmaxCrossEntropy(acts[upTo]!.data, k, [data.labels[n]!]);
    loss += ce.loss;
    correct += ce.correct;
  }
  return { loss: loss / data.count, accuracy: correct / data.count };
}

/**
 * Train the dense layers of `net` in analog (module header). The network's weights are
 * replaced by the trained visible weights (W out x in) at the end, so `evaluate` and `xbar infer`
 * can use it; the per-layer device state comes back in `layers`. Throws NetworkError with the
 * problems of `checkTraining` if there are any.
 */
export function trainAnalog(net: Network, data: Dataset, opts: AnalogTrainOptions): AnalogTrainResult {
  const problems = checkTraining(net, data, opts);
  if (problems.length > 0) throw new NetworkError(problems.join('; '));
  const lr = opts.learningRate;
  const fio = opts.forwardIO ?? AIHWKIT_IO;
  const bio = opts.backwardIO ?? AIHWKIT_IO_BACKWARD;
  const rng = new Rng(opts.seed);
  const shuffleRng = rng.fork('shuffle');
  const sh = shapes(net);
  const fused = net.layers[net.layers.length - 1]?.kind === 'softmax';
  const upTo = fused ? net.layers.length - 1 : net.layers.length;
  const classes = sh[upTo]![0]!;
  const sz = size(net.inputShape);
  const slots = new Map<number, Slot>();
  net.layers.forEach((l, i) => {
    if (l.kind !== 'dense') return;
    const lr_ = rng.fork(`layer${i}`);
    const t = makeTrainable(l.inFeatures, l.outFeatures, opts, lr_);
    if (opts.tracePulses && opts.tracePulses.layer === slots.size) t.tap = opts.tracePulses.tap;
    setInitial(t, l.weight, l.inFeatures, l.outFeatures);
    slots.set(i, { layer: i, l, t, w: t.weights(), fwd: lr_.fork('forward'), bwd: lr_.fork('backward') });
  });
  const ordered = [...slots.values()];
  const firstMatrix = Math.min(...slots.keys());
  const costs = opts.costs ?? defaultTrainingCosts(ordered.map((s) => ({ rows: s.l.inFeatures, cols: s.l.outFeatures })), fio.inpRes);
  const order = Int32Array.from({ length: data.count }, (_, i) => i);
  const history: AnalogEpochStats[] = [];
  const m0 = opts.batchSize;

  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    shuffle(order, shuffleRng);
    const startCounts = ordered.map((s) => ({ ...s.t.counts }));
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < data.count; start += m0) {
      const m = Math.min(m0, data.count - start);
      const pending: { s: Slot; x: Float64Array; d: Float64Array }[] = [];
      for (let r = 0; r < m; r++) {
        const idx = order[start + r]!;
        const acts = forwardSample(net, slots, sh, data.x.subarray(idx * sz, (idx + 1) * sz), upTo, fio, (s) => s.fwd, true);
        const ce = softmaxCrossEntropy(acts[upTo]!.data, classes, [data.labels[idx]!]);
        lossSum += ce.loss;
        correct += ce.correct;
        let g = ce.grad;
        if (m > 1) g = g.map((v) => v / m);
        for (let i = upTo - 1; i >= firstMatrix; i--) {
          const l = net.layers[i]!;
          const s = slots.get(i);
          if (s) {
            pending.push({ s, x: acts[i]!.data, d: g });
            if (i > firstMatrix) {
              g = analogMvm(s.w, s.l.inFeatures, s.l.outFeatures, g, bio, s.bwd, true);
              s.t.counts.backwardMvms++;
            }
          } else g = layerBackward(l, acts[i]!, acts[i + 1]!, g).gradInput;
        }
      }
      // Per-sample pulse updates (sample order, last layer first within a sample), digital bias.
      for (const { s, x, d } of pending) {
        s.t.update(x, d, lr);
        for (let o = 0; o < d.length; o++) s.l.bias[o]! -= lr * d[o]!;
      }
      for (const s of ordered) s.t.weights(s.w);
    }
    const counts = ordered.map((s, k) => diff(s.t.counts, startCounts[k]!));
    const stats: AnalogEpochStats = { epoch, loss: lossSum / data.count, trainAccuracy: correct / data.count, counts, cost: epochCost(counts, costs) };
    if (opts.test) {
      const ev = evaluateAnalog(net, slots, opts.test, fio, rng, String(epoch));
      stats.testLoss = ev.loss;
      stats.testAccuracy = ev.accuracy;
    }
    history.push(stats);
    opts.onEpoch?.(stats);
  }
  const layers: TrainedLayer[] = ordered.map((s) => {
    const rows = s.l.inFeatures;
    const cols = s.l.outFeatures;
    for (let j = 0; j < rows; j++) for (let i = 0; i < cols; i++) s.l.weight[i * rows + j] = s.w[j * cols + i]!;
    return { layer: s.layer, rows, cols, weights: s.w.slice(), bias: s.l.bias.slice(), ...s.t.state() };
  });
  return { history, layers };
}

function diff(a: LayerCounts, b: LayerCounts): LayerCounts {
  const out = zeroCounts();
  for (const k of Object.keys(out) as (keyof LayerCounts)[]) out[k] = a[k] - b[k];
  return out;
}

