// emulator/ir-drop/index.ts: the public surface of the IR-drop models (see README.md).
export { AIHWKIT_IR_DROP_G_RATIO, applyAnalyticIrDrop, applyAnalyticIrDropT, irDropPolynomial, type AnalyticIrDropParams } from './analytic.js';
export { crossbarNetwork, isCoupled, type ColumnMode, type CrossbarNetwork, type CrossbarWires, type RowMode } from './network.js';
export {
  DEFAULT_MAX_ITERATIONS, DEFAULT_TOL, irDropCurrents, irDropState, nodalImbalance, solveIrDrop,
  type IrDropOptions, type IrDropSolution, type IrDropState, type WarmStart,
} from './solve.js';
export { pwmChargePiecewise, type PwmCharge } from './pwm.js';
