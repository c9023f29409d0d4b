// network/analog-io.ts: one analog matrix-vector product with aihwkit's forward/backward
// IOParameters (../shared/reference/periphery.md §2.1-§2.3), for analog training
// (analog-train.ts). Pure: weights, input, parameters and a seeded Rng in, outputs out.
//
// The array holds W transposed, as network/mapping.ts places a layer: `w` is rows x cols,
// row-major, rows = the layer's inputs (fan-in), cols = its outputs. `analogMvm(w, rows, cols,
// x, io, rng)` computes y_i = Σ_j w_ji x_j (forward, x has `rows` entries);
// `analogMvm(..., transposed = true)` computes y_j = Σ_i w_ji x_i (backward, x has `cols`
// entries), the same array read from the other side.
//
// Order of operations (periphery.md §2.3, C++ forwardVector / torch AnalogMVM.matmul):
//   1. noise management: s = max|x| (abs_max) or 1 (none); s = 0: the output is 0.
//   2. bound-management loop, r = 1, 2, 4, ...:
//      a. x̃ = clip(q_in(x/(s·r)), ±inp_bound), q_in the DAC quantiser of step
//         2·inp_bound/(2^inp_res − 2) (§2.2: rounding half to even first, clipping second);
//      b. y = W·x̃ (exact product of the array's weights);
//      c. y += out_noise·ξ (ξ ~ N(0, 1) per output, from `rng`);
//      d. y = clip(q_out(y), ±out_bound), step 2·out_bound/(2^out_res − 2);
//      e. iterative bound management only: if any |y| reached out_bound and r is below the
//         stop criterion (r ≤ max_bm_factor and r ≤ max_bm_res/(inp step)), r ← 2r and repeat.
//   3. output y·out_scale·s·r.
// Resolutions are in bits (aihwkit's inp_res = 1/126 is 7 bits, out_res = 1/510 is 9 bits);
// bits ≤ 0 switches that converter off. `perfect` is the exact product times out_scale.
import type { Rng } from '../emulator/random.js';
import { roundHalfEven } from '../emulator/models/quantize.js';

export interface IOParameters {
  /** Exact product (aihwkit is_perfect). */
  perfect: boolean;
  /** DAC resolution in bits (aihwkit inp_res = 1/(2^bits − 2)); ≤ 0: no DAC. */
  inpRes: number;
  inpBound: number;
  /** ADC resolution in bits (aihwkit out_res = 1/(2^bits − 2)); ≤ 0: no ADC. */
  outRes: number;
  outBound: number;
  /** Gaussian σ added to every output before the ADC (normalised units). */
  outNoise: number;
  noiseManagement: 'abs_max' | 'none';
  boundManagement: 'iterative' | 'none';
  maxBmFactor: number;
  maxBmRes: number;
  /** Digital factor on the output. */
  outScale: number;
}

/**
 * aihwkit's `IOParameters()` defaults (periphery.md §2.1): 7-bit DAC (±1), 9-bit ADC (±12),
 * out_noise 0.06, abs_max noise management, iterative bound management (max_bm_factor 1000,
 * max_bm_res 0.25). `SingleRPUConfig` uses them forward and backward (devices.md §3.3).
 */
export const AIHWKIT_IO: Readonly<IOParameters> = Object.freeze({
  perfect: false,
  inpRes: 7,
  inpBound: 1,
  outRes: 9,
  outBound: 12,
  outNoise: 0.06,
  noiseManagement: 'abs_max',
  boundManagement: 'iterative',
  maxBmFactor: 1000,
  maxBmRes: 0.25,
  outScale: 1,
});

/** The backward pass: the same defaults, bound management forced off (periphery.md §2.2). */
export const AIHWKIT_IO_BACKWARD: Readonly<IOParameters> = Object.freeze({ ...AIHWKIT_IO, boundManagement: 'none' as const });

/** The exact product. */
export const PERFECT_IO: Readonly<IOParameters> = Object.freeze({ ...AIHWKIT_IO, perfect: true });

const stepOf = (bound: number, bits: number): number => (bits > 0 ? (2 * bound) / (2 ** bits - 2) : 0);

function q(v: number, step: number, bound: number): number {
  const r = step > 0 ? roundHalfEven(v / step) * step : v;
  return r > bound ? bound : r < -bound ? -bound : r;
}

/** How many passes the bound-management loop may make at most (1 when off). */
export function maxPasses(io: IOParameters): number {
  if (io.boundManagement !== 'iterative') return 1;
  const res = io.inpRes > 0 ? 1 / (2 ** io.inpRes - 2) : 0;
  const lim = Math.min(io.maxBmFactor, res > 0 ? io.maxBmRes / (res * 2 * io.inpBound) : Infinity);
  let n = 1;
  for (let r = 2; r <= lim; r *= 2) n++;
  return n;
}

/**
 * One analog MVM (module header). `passes` (optional) receives the number of bound-management
 * passes made (each pass is one array read).
 */
export function analogMvm(
  w: Float64Array,
  rows: number,
  cols: number,
  x: ArrayLike<number>,
  io: IOParameters,
  rng: Rng,
  transposed = false,
  passes?: { n: number },
): Float64Array {
  const nIn = transposed ? cols : rows;
  const nOut = transposed ? rows : cols;
  if (x.length !== nIn) throw new RangeError(`analogMvm: input has ${x.length} values, the array expects ${nIn}`);
  if (w.length !== rows * cols) throw new RangeError(`analogMvm: weights have ${w.length} values, expected ${rows} x ${cols}`);
  const y = new Float64Array(nOut);
  if (passes) passes.n = 1;
  if (io.perfect) {
    product(w, cols, x, y, transposed, 1);
    if (io.outScale !== 1) for (let k = 0; k < nOut; k++) y[k]! *= io.outScale;
    return y;
  }
  let s = 1;
  if (io.noiseManagement === 'abs_max') {
    s = 0;
    for (let k = 0; k < nIn; k++) s = Math.max(s, Math.abs(x[k]!));
    if (s === 0) return y;
  }
  const inStep = stepOf(io.inpBound, io.inpRes);
  const outStep = stepOf(io.outBound, io.outRes);
  const xs = new Float64Array(nIn);
  const limit = maxPasses(io);
  let r = 1;
  for (let pass = 1; ; pass++) {
    for (let k = 0; k < nIn; k++) xs[k] = q(x[k]! / (s * r), inStep, io.inpBound);
    y.fill(0);
    product(w, cols, xs, y, transposed, 1);
    let clipped = false;
    for (let k = 0; k < nOut; k++) {
      let v = y[k]!;
      if (io.outNoise > 0) v += io.outNoise * rng.normal();
      v = q(v, outStep, io.outBound);
      if (Math.abs(v) >= io.outBound) clipped = true;
      y[k] = v;
    }
    if (passes) passes.n = pass;
    if (!clipped || pass >= limit) break;
    r *= 2;
  }
  const f = io.outScale * s * r;
  for (let k = 0; k < nOut; k++) y[k]! *= f;
  return y;
}

/** y += f·W x (forward: y_i = Σ_j w_ji x_j) or f·Wᵀ x (transposed: y_j = Σ_i w_ji x_i). */
function product(w: Float64Array, cols: number, x: ArrayLike<number>, y: Float64Array, transposed: boolean, f: number): void {
  if (!transposed) {
    for (let j = 0; j < x.length; j++) {
      const a = x[j]! * f;
      if (a === 0) continue;
      const base = j * cols;
      for (let i = 0; i < cols; i++) y[i]! += w[base + i]! * a;
    }
  } else {
    for (let j = 0; j < y.length; j++) {
      const base = j * cols;
      let acc = 0;
      for (let i = 0; i < cols; i++) acc += w[base + i]! * x[i]!;
      y[j]! += acc * f;
    }
  }
}
