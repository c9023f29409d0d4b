// dsl/ir/network.ts: the IR of a `network` section: a neural network, its weights or how to
// train them, and the chip (or tile) it is mapped onto. Produced by elaboration
// (dsl/elaborate/), checked by dsl/passes/check-network.ts, run by `xbar infer` (network/).
//
// Language (docs/language.md, "Networks"):
//
//   network mlp on hermes {                      // a chip, or a tile (one instance)
//     input = 784;                               // or [1, 28, 28] (C, H, W) for conv layers
//     dense fc1 { out = 256; }                   // weights trained by `train` below, or
//     relu;                                      //   weights = npy("fc1_w.npy"); bias = npy("fc1_b.npy");
//     dense fc2 { out = 128; }
//     relu;
//     dense fc3 { out = 10; }
//     softmax;
//     train { dataset = mnist; train_samples = 8000; test_samples = 1000;
//             epochs = 5; batch = 32; lr = 0.05; momentum = 0.9; seed = 1;
//             weight_noise = 0; weight_noise_type = add_normal; }
//     map fc1 -> c[0..4];                        // optional: which tile instances hold a layer
//   }
//
// Conventions are network/'s (PyTorch's): dense weights out x in, conv2d NCHW with weights
// outC x inC x kh x kw. A layer's weight matrix is mapped as in x out onto crossbar rows x cols
// (rows = fan-in), split into near-equal pieces when it is larger than a tile (network/mapping.ts).
import type { Span } from '../ast.js';
import type { ChipIR } from './nodes.js';

/** A weight or bias array from a file (`npy("...")`), resolved against the declaring file. */
export interface ArrayFileIR {
  format: 'npy';
  /** Absolute path, for reading. */
  path: string;
  /** As written, for messages. */
  display: string;
  span: Span;
}

export type LayerIR =
  | {
      kind: 'dense';
      name: string;
      inFeatures: number;
      outFeatures: number;
      /** Has a bias (default true); added digitally, once. */
      bias: boolean;
      weights: ArrayFileIR | null;
      biasFile: ArrayFileIR | null;
      span: Span;
    }
  | {
      kind: 'conv2d';
      name: string;
      inChannels: number;
      outChannels: number;
      kernel: [number, number];
      stride: [number, number];
      padding: [number, number];
      /** Input and output shapes (C, H, W), inferred from the layers before. */
      inShape: [number, number, number];
      outShape: [number, number, number];
      bias: boolean;
      weights: ArrayFileIR | null;
      biasFile: ArrayFileIR | null;
      span: Span;
    }
  | { kind: 'activation'; fn: 'relu' | 'sigmoid' | 'tanh' | 'softmax'; span: Span }
  | { kind: 'flatten'; span: Span };

export interface TrainIR {
  dataset: { kind: 'mnist'; span: Span } | { kind: 'npy'; inputs: ArrayFileIR; labels: ArrayFileIR; span: Span };
  trainSamples: number;
  testSamples: number;
  epochs: number;
  batch: number;
  lr: number;
  momentum: number;
  seed: number;
  /** Hardware-aware training: weight noise per batch, relative to max|W| (0: float training). */
  weightNoise: number;
  weightNoiseType: 'add_normal' | 'mult_normal';
  /** `float`, or in-memory training on the chip's pulsed devices (`xbar train`). */
  algorithm: 'float' | 'analog_sgd' | 'tiki_taka' | 'ttv2' | 'mixed_precision';
  desiredBl: number;
  transferEvery: number;
  transferLr: number;
  /** The backward read's own converter settings (null: the forward's). */
  backward: { inBits: number | null; outBits: number | null; outBound: number | null; outNoise: number | null };
  /** Where `algorithm` and `momentum` were set (null: the default). */
  spans: { algorithm: Span | null; momentum: Span | null };
  span: Span;
}

/** Which tile instances (paths of the target chip, in order) hold the pieces of a layer. */
export interface MapIR {
  layer: string;
  tiles: string[];
  span: Span;
}

export interface NetworkIR {
  kind: 'network';
  name: string;
  /** The chip, or a tile wrapped as a one-instance chip (as testbenches do). */
  target: ChipIR;
  targetKind: 'chip' | 'tile';
  /** Input shape: [n] for dense networks, [C, H, W] for conv. */
  input: number[];
  layers: LayerIR[];
  train: TrainIR | null;
  maps: MapIR[];
  span: Span;
}
