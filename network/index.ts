// network/index.ts: the public surface of the network runtime (layers, trainer, data, mapping).
export {
  NetworkError,
  argmax,
  backward,
  cloneNetwork,
  conv2d,
  dense,
  flatten,
  forward,
  forwardAll,
  isMatrixLayer,
  matrixShape,
  network,
  relu,
  shapes,
  sigmoid,
  softmax,
  softmaxCrossEntropy,
  tanh,
} from './layers.js';
export type { ActivationKind, Conv2dLayer, Conv2dSpec, DenseLayer, Layer, LayerGrads, MatrixLayer, Network, Tensor } from './layers.js';
export { evaluate, train, withWeightNoise } from './train.js';
export type { EpochStats, Evaluation, TrainOptions, WeightNoise } from './train.js';
export { NpyError, loadMnist, loadNpyDataset, mnistCounts, npyDataset, readWeightsNpy, readWeightsNpyBytes } from './data.js';
export type { Dataset, MnistOptions, NpyDatasetOptions, ShapePattern } from './data.js';
export { evaluateMapped, idealMvm, mapNetwork, noisyMvm, splitSizes } from './mapping.js';
export type { AnalogMvm, Block, LayerCut, LayerPieces, LayerPlacement, MappingPlan, NoisyMvmOptions, TileSize } from './mapping.js';
export { EmulatedTile } from './emulated.js';
export type { EmulatedTileOptions, NoiseManagement } from './emulated.js';
export { buildNetwork, npyCode } from './build.js';
export type { BuildOptions, BuiltNetwork, DatasetOverride } from './build.js';
export { placeBlocks, runInference } from './infer.js';
export type { InferCondition, InferOptions, InferPoint, InferResult, PlacedBlocks, Placement } from './infer.js';
export { accuracyPlot, timeLabel } from './plot.js';
export { checkTraining, trainAnalog } from './analog-train.js';
export type { AnalogAlgorithm, AnalogEpochStats, AnalogTrainOptions, AnalogTrainResult, ArrayState, TrainedLayer } from './analog-train.js';
export { AIHWKIT_IO, AIHWKIT_IO_BACKWARD, PERFECT_IO, analogMvm } from './analog-io.js';
export type { IOParameters } from './analog-io.js';
export { defaultTrainingCosts, epochCost } from './analog-costs.js';
export type { EpochCost, LayerCounts, OpCost, TrainingCosts, UpdateCost } from './analog-costs.js';
