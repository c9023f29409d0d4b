// emulator/models/drift-compensation.ts: aihwkit's drift compensation (devices.md §1.3), as
// digital factors on the output lanes of a programmed crossbar.
//
// aihwkit (src/aihwkit/inference/compensation/{base,drift}.py, tiles/inference.py):
//   1. The read-out inputs are eye(rows): one one-hot vector per row.
//   2. They go through the tile's own noisy forward pass (is_test), so each read-out output is
//      y_rj = sum_i x_ri w_ij with every forward non-ideality applied.
//   3. Baseline, at programming: the weights carry programming noise only (no drift, no read
//      noise: aihwkit adds those in apply_drift_noise); ref = readout(y_prog).
//   4. At t_inference: the drifted weights (drift + read noise); alpha = ref / readout(y_t).
//   5. readout: global  max(mean_{r,j} |y_rj|, 1e-4)          (GlobalDriftCompensation)
//               column  max(mean_r |y_rj|, 1e-4) per lane j    (PerColumnDriftCompensation)
//   6. alpha multiplies the outputs digitally (post_forward), in eval mode only.
//
// What xbar's read-out includes, through `ReadoutPath`:
//   - the array: the effective weights of the devices (`effective`), with the programming
//     noise (baseline) and the conductances at t_inference (drift and a fresh read noise draw);
//   - output noise (`outNoise`, the crossbar's out_noise), drawn per read-out output, or the
//     whole output side of the forward pass (`analog`: IR drop, weight read noise, output
//     nonlinearity, output noise, as emulator/models/analog-mvm.ts applies them per slice);
//   - input noise (`inputNoise`, the DAC's input_noise) and an output quantiser (`quantize`,
//     the ADC) when the caller has them; programCrossbar has neither (they belong to the
//     tile's DACs and ADCs), so from there the read-out is the array and its output side.
//   - DAC quantisation needs no step: a one-hot input is the full-scale code (x = 1), which
//     every DAC represents exactly (xbar: x = c / c_max; aihwkit: abs-max noise management
//     scales it to the input bound, also exact).
// Random draws come from `rng.fork('drift-compensation')`: the caller's stream is untouched.
import type { Rng } from '../random.js';

export type DriftCompensationMode = 'none' | 'global' | 'column';

/** The aihwkit read-out floor: readout(y) = max(mean |y|, READOUT_FLOOR). */
export const READOUT_FLOOR = 1e-4;

/** How a read-out reaches the outputs. */
export interface ReadoutPath {
  rows: number;
  lanes: number;
  /** Device conductances -> effective weights, rows x lanes row-major (programCrossbar's `effective`). */
  effective: (g: Float64Array, out: Float64Array) => void;
  /** Gaussian noise added to each output (the crossbar's out_noise), output units. */
  outNoise: number;
  /** Gaussian noise added to each row input (the DAC's input_noise); default 0. */
  inputNoise?: number;
  /**
   * The output-side non-idealities of one read-out vector, in place on its array product `y`
   * (lanes), given its inputs `x` (rows, with input noise) and the read weights `wT` (lanes x
   * rows, float32 as the kernel holds them): e.g. analog-mvm.ts `analogOutputs` (IR drop,
   * weight read noise, nonlinearity, output noise). Given, it replaces `outNoise`.
   */
  analog?: (y: Float64Array, x: Float64Array, wT: Float32Array, rng: Rng) => void;
  /** The output quantiser (ADC), per lane; default none. */
  quantize?: (y: number, lane: number) => number;
}

/**
 * The outputs of the one-hot read-out (eye(rows)) through `path` with effective weights `w`
 * (rows x lanes), written into `y` (rows x lanes: row r holds the outputs of input vector e_r).
 */
export function readout(path: ReadoutPath, w: Float64Array, rng: Rng, y: Float64Array): void {
  const { rows, lanes, outNoise } = path;
  const inNoise = path.inputNoise ?? 0;
  const x = new Float64Array(rows);
  const yr = new Float64Array(lanes);
  let wT: Float32Array | null = null;
  if (path.analog) {
    wT = new Float32Array(lanes * rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j < lanes; j++) wT[j * rows + i] = w[i * lanes + j]!;
  }
  for (let r = 0; r < rows; r++) {
    // 1. the input vector e_r (with input noise), 2. the array product
    if (inNoise > 0) {
      for (let i = 0; i < rows; i++) x[i] = (i === r ? 1 : 0) + inNoise * rng.normal();
      yr.fill(0);
      for (let i = 0; i < rows; i++) {
        const xi = x[i]!;
        for (let j = 0; j < lanes; j++) yr[j] = yr[j]! + xi * w[i * lanes + j]!;
      }
    } else {
      x.fill(0);
      x[r] = 1;
      for (let j = 0; j < lanes; j++) yr[j] = w[r * lanes + j]!;
    }
    // 3. the output side: the caller's analog stage, or output noise alone; 4. the quantiser
    if (path.analog) path.analog(yr, x, wT!, rng);
    else if (outNoise > 0) for (let j = 0; j < lanes; j++) yr[j] = yr[j]! + outNoise * rng.normal();
    for (let j = 0; j < lanes; j++) y[r * lanes + j] = path.quantize ? path.quantize(yr[j]!, j) : yr[j]!;
  }
}

/** aihwkit's readout of the one-hot outputs: one value (global) or one per lane (column). */
export function readoutValue(mode: 'global' | 'column', y: Float64Array, rows: number, lanes: number): Float64Array {
  if (mode === 'global') {
    let s = 0;
    for (let k = 0; k < rows * lanes; k++) s += Math.abs(y[k]!);
    return Float64Array.of(Math.max(s / (rows * lanes), READOUT_FLOOR));
  }
  const out = new Float64Array(lanes);
  for (let r = 0; r < rows; r++) for (let j = 0; j < lanes; j++) out[j] = out[j]! + Math.abs(y[r * lanes + j]!);
  for (let j = 0; j < lanes; j++) out[j] = Math.max(out[j]! / rows, READOUT_FLOOR);
  return out;
}

/**
 * The drift-compensation factor of every output lane (`lanes` values, all equal for `global`),
 * or null for `none`: alpha = readout(baseline) / readout(at t), the baseline read through
 * `path` from the programmed conductances `gProgrammed` (programming noise only), the other
 * from the conductances at t_inference `gNow`. Multiply the lane outputs by it, digitally.
 */
export function driftCompensation(mode: DriftCompensationMode, path: ReadoutPath, gProgrammed: Float64Array, gNow: Float64Array, rng: Rng): Float64Array | null {
  if (mode === 'none') return null;
  const { rows, lanes } = path;
  const r = rng.fork('drift-compensation');
  const w = new Float64Array(rows * lanes);
  const y = new Float64Array(rows * lanes);
  path.effective(gProgrammed, w);
  readout(path, w, r, y);
  const ref = readoutValue(mode, y, rows, lanes);
  path.effective(gNow, w);
  readout(path, w, r, y);
  const cur = readoutValue(mode, y, rows, lanes);
  const alpha = new Float64Array(lanes);
  for (let j = 0; j < lanes; j++) alpha[j] = mode === 'global' ? ref[0]! / cur[0]! : ref[j]! / cur[j]!;
  return alpha;
}
