// emulator/models/analog-mvm.ts: the column outputs of one input slice, from the array product
// to the value the ADC converts, in aihwkit's order (C++ `applyNonIdealities` then
// `finalizeOutput`, rpu_forward_backward_pass.cpp; periphery.md §2.3 steps 4-5, §2.4):
//   1. array product y_l = Σ_i x̃_i w_il (the product kernel), or the exact network solve
//      (ir_drop = exact, exact-array.ts), which already holds the IR drop;
//   2. IR drop, ir_drop = analytic: aihwkit's approximation (ir-drop/analytic.ts) with
//      ir_drop = ir_drop_scale and ir_drop_g_ratio = 1 / (wire_r g_max) of this array;
//   3. weight read noise, redrawn every slice, ξ_l ~ N(0, 1):
//        additive_constant  y_l += w_noise ||x̃||_2 ξ_l
//        pcm_read           y_l += w_noise sqrt(Σ_i |w_il| x̃_i²) ξ_l
//   4. output nonlinearity y_l ← y_l / (1 + |n y_l|), n = out_nonlinearity / out_bound (the
//      tile's ADC full scale; aihwkit's factor f is 1 without slope calibration);
//   5. output noise y_l += out_noise ξ_l.
// aihwkit applies its nonlinearity before the output noise (finalizeOutputImplStage5), so
// step 4 comes before step 5. x̃ are the inputs with input noise; w the read weights (wT).
// Units: one full-scale device (g_max - g_min) at v_read, like the ADC's out_bound. Each
// noise has its own stream: turning w_noise on does not change the output-noise draws.
import type { ComponentIR } from '../../dsl/ir/nodes.js';
import { applyAnalyticIrDropT } from '../ir-drop/analytic.js';
import type { Rng } from '../random.js';

export type IrDropModel = 'none' | 'analytic' | 'exact';
export type WeightNoiseType = 'none' | 'additive_constant' | 'pcm_read';

export interface AnalogParams {
  irDrop: IrDropModel;
  /** Wire resistance per segment (ohm) and driver output resistance (ohm). */
  wireR: number;
  rDriver: number;
  /** aihwkit ir_drop (the analytic correction's scale) and ir_drop_g_ratio = 1 / (wire_r g_max). */
  irDropScale: number;
  gRatio: number;
  /** Exact solver tolerance (of the largest column current). */
  tol: number;
  wNoise: number;
  wNoiseType: WeightNoiseType;
  outNonlinearity: number;
  outNoise: number;
}

export function analogParams(c: ComponentIR, gMax: number): AnalogParams {
  const n = (k: string, d: number) => (typeof c.params[k] === 'number' ? (c.params[k] as number) : d);
  const s = <T extends string>(k: string, d: T) => (typeof c.params[k] === 'string' ? (c.params[k] as T) : d);
  const wireR = n('wire_r', 0);
  return {
    irDrop: s<IrDropModel>('ir_drop', 'none'),
    wireR,
    rDriver: n('r_driver', 0),
    irDropScale: n('ir_drop_scale', 1),
    gRatio: wireR > 0 && gMax > 0 ? 1 / (wireR * gMax) : Infinity,
    tol: n('ir_drop_tol', 1e-9),
    wNoise: n('w_noise', 0),
    wNoiseType: s<WeightNoiseType>('w_noise_type', 'none'),
    outNonlinearity: n('out_nonlinearity', 0),
    outNoise: n('out_noise', 0),
  };
}

export interface SliceContext {
  /** Read weights, lanes x rows (float32, the kernel's wT). */
  wT: Float32Array;
  rows: number;
  /** Inputs of the slice as applied (with input noise). */
  x: ArrayLike<number>;
  /** Full scale of the tile's ADCs (for n = out_nonlinearity / out_bound); <= 0: 1. */
  outBound: number;
  /** Streams of the output noise and of the weight read noise. */
  outRng: Rng;
  wRng: Rng;
}

/** Steps 2-5 on the array product `y` (lanes), in place. */
export function analogOutputs(p: AnalogParams, y: Float64Array, cx: SliceContext): void {
  const lanes = y.length;
  const { wT, rows, x } = cx;
  // 2. analytic IR drop
  if (p.irDrop === 'analytic') applyAnalyticIrDropT(wT, rows, lanes, x, y, { irDrop: p.irDropScale, gRatio: p.gRatio });
  // 3. weight read noise
  if (p.wNoise > 0 && p.wNoiseType !== 'none') weightNoise(p, y, cx);
  // 4. output nonlinearity
  if (p.outNonlinearity > 0) {
    const nl = p.outNonlinearity / (cx.outBound > 0 ? cx.outBound : 1);
    for (let l = 0; l < lanes; l++) y[l] = y[l]! / (1 + Math.abs(nl * y[l]!));
  }
  // 5. output noise
  if (p.outNoise > 0) for (let l = 0; l < lanes; l++) y[l] = y[l]! + p.outNoise * cx.outRng.normal();
}

/** The standard deviation of step 3's noise on each lane, into `sd`. */
export function weightNoiseSd(p: AnalogParams, wT: ArrayLike<number>, rows: number, x: ArrayLike<number>, sd: Float64Array): void {
  if (p.wNoiseType === 'additive_constant') {
    let s = 0;
    for (let i = 0; i < rows; i++) s += x[i]! * x[i]!;
    sd.fill(p.wNoise * Math.sqrt(s));
    return;
  }
  const x2 = new Float64Array(rows);
  for (let i = 0; i < rows; i++) x2[i] = x[i]! * x[i]!;
  for (let l = 0; l < sd.length; l++) {
    const base = l * rows;
    let s = 0;
    for (let i = 0; i < rows; i++) s += Math.abs(wT[base + i]!) * x2[i]!;
    sd[l] = p.wNoiseType === 'pcm_read' ? p.wNoise * Math.sqrt(s) : 0;
  }
}

function weightNoise(p: AnalogParams, y: Float64Array, cx: SliceContext): void {
  const sd = new Float64Array(y.length);
  weightNoiseSd(p, cx.wT, cx.rows, cx.x, sd);
  for (let l = 0; l < y.length; l++) y[l] = y[l]! + sd[l]! * cx.wRng.normal();
}
