// emulator/pulsed/pulse-update.ts: aihwkit's stochastic pulse update (STOCHASTIC_COMPRESSED),
// ../shared/reference/devices.md §3.3.
//
// Convention (aihwkit's, §3.2/§3.3): the update implements SGD, w_ji −= lr·x_j·d_i, in
// expectation: row j (x_j) and column i (d_i) fire with probabilities B|x_j| and A|d_i| in each
// of BL slots, and each coincidence is one update-once in direction sign(x_j)·sign(d_i), where
// sign > 0 is DOWN. For a device with step Δw the expected change is −BL·p_x·p_d·Δw = −lr·x_j·d_i.
// (To get w += lr·x·d, pass −d.)
//
// Algorithm of `pulseUpdate`:
// 1. `pulseScales`: BL, A, B from lr, ε = dw_min (the array's weight granularity) and
//    UpdateParameters, in this order (§3.3):
//    a. base: BL = desired_bl, A = B = √(lr/(ε·BL)); if !fixed_bl and ε·BL < lr: A = B = 1 and
//       BL = ceil(lr/ε).
//    b. update_bl_management: k = lr·max|x|·um_grad_scale·max|d|/ε, BL = min(ceil(k), desired_bl),
//       A = B = √(lr/(ε·BL)) (BL = 0 when k = 0: no pulses).
//    c. update_management (with d_max = um_grad_scale·max|d|): if k > BL, d_max ← d_max·BL/k;
//       then A ← A·√(x_max/d_max), B ← B·√(d_max/x_max).
// 2. Bit streams: per row j, a mask of BL bits (bit t: row fires in slot t) with probability
//    p_x = min(B|x_j|, 1); per column i likewise with p_d = min(A|d_i|, 1). One bit is one
//    uint32 draw u, fired when u < p·2^32 (probability resolution 2^-32). Rows are drawn first
//    (j = 0..rows−1, slots in order), then columns; BL > 32 uses ceil(BL/32) words per line.
// 3. Coincidences: for every firing row and firing column, n = popcount(row & col mask);
//    `array.applyPulses(cell, n, sign(x_j)·sign(d_i), rng)` (cells in row-major order), so only
//    cells whose row and column both fire are touched. The cycle-to-cycle noise draws follow
//    from the same `rng`.
import type { PulsedArray } from './array.js';
import type { Rng } from '../random.js';

/** aihwkit `UpdateParameters` (devices.md §3.3; defaults there). */
export interface UpdateParameters {
  desired_bl: number;
  fixed_bl: boolean;
  update_bl_management: boolean;
  update_management: boolean;
  um_grad_scale: number;
}

export const DEFAULT_UPDATE_PARAMETERS: Readonly<UpdateParameters> = Object.freeze({
  desired_bl: 31,
  fixed_bl: true,
  update_bl_management: true,
  update_management: true,
  um_grad_scale: 1,
});

export interface PulseScales {
  /** Bit-stream length used (0: no pulses). */
  BL: number;
  /** Column (d) probability scale: p_d = A|d_i|. */
  A: number;
  /** Row (x) probability scale: p_x = B|x_j|. */
  B: number;
  /** k = lr·max|x|·um_grad_scale·max|d|/ε: the expected pulses on the strongest cell (unclipped). */
  k: number;
}

function absMax(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (a > m) m = a;
  }
  return m;
}

/** Step 1 of the algorithm: BL, A, B for one update vector pair (§3.3). */
export function pulseScales(xMax: number, dMax: number, lr: number, dwMin: number, up: UpdateParameters = DEFAULT_UPDATE_PARAMETERS): PulseScales {
  const k = (lr * xMax * up.um_grad_scale * dMax) / dwMin;
  if (!(lr > 0) || !(dwMin > 0) || !(xMax > 0) || !(dMax > 0)) return { BL: 0, A: 0, B: 0, k: Number.isFinite(k) ? k : 0 };
  let BL = up.desired_bl;
  let A = Math.sqrt(lr / (dwMin * BL));
  let B = A;
  if (!up.fixed_bl && dwMin * BL < lr) {
    A = B = 1;
    BL = Math.ceil(lr / dwMin);
  }
  if (up.update_bl_management) {
    BL = Math.min(Math.ceil(k), up.desired_bl);
    if (BL <= 0) return { BL: 0, A: 0, B: 0, k };
    A = B = Math.sqrt(lr / (dwMin * BL));
  }
  if (up.update_management) {
    let dm = up.um_grad_scale * dMax;
    if (k > BL) dm = (dm * BL) / k;
    A *= Math.sqrt(xMax / dm);
    B *= Math.sqrt(dm / xMax);
  }
  return { BL, A, B, k };
}

export interface PulseUpdateOptions {
  /** Return the coincidences per cell (rows x cols). */
  cellCounts?: boolean;
  /** Return the bit streams (masks per line, `words` uint32 per line, bit t = slot t). */
  streams?: boolean;
}

export interface PulseUpdateResult extends PulseScales {
  /** Coincidences (update-once steps) applied in total. */
  coincidences: number;
  /** Pulses (fired slots) per row line and per column line. */
  rowPulses: Uint32Array;
  colPulses: Uint32Array;
  cellCoincidences?: Uint32Array;
  /** uint32 words per line in the masks: ceil(BL/32). */
  words: number;
  rowMasks?: Uint32Array;
  colMasks?: Uint32Array;
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Draws `BL` Bernoulli(p_i) bits per line into masks; returns the pulses per line. */
function drawMasks(v: ArrayLike<number>, scale: number, BL: number, words: number, rng: Rng, masks: Uint32Array, counts: Uint32Array): void {
  for (let j = 0; j < v.length; j++) {
    const p = Math.min(scale * Math.abs(v[j]!), 1);
    if (!(p > 0)) continue;
    const thr = p * 4294967296;
    let cnt = 0;
    for (let t = 0; t < BL; t++) {
      if (rng.uint32() < thr) {
        masks[j * words + (t >>> 5)]! |= 1 << (t & 31);
        cnt++;
      }
    }
    counts[j] = cnt;
  }
}

/**
 * One stochastic pulse update of `array` with x (length rows) and d (length cols) at learning
 * rate lr: w −= lr·x·dᵀ in expectation (module header).
 */
export function pulseUpdate(
  array: PulsedArray,
  x: ArrayLike<number>,
  d: ArrayLike<number>,
  lr: number,
  up: UpdateParameters,
  rng: Rng,
  opts: PulseUpdateOptions = {},
): PulseUpdateResult {
  const { rows, cols } = array;
  if (x.length !== rows || d.length !== cols) {
    throw new RangeError(`pulseUpdate: x has ${x.length} entries and d ${d.length}, the array is ${rows} x ${cols}`);
  }
  const scales = pulseScales(absMax(x), absMax(d), lr, array.params.dw_min, up);
  const { BL, A, B } = scales;
  const words = Math.max(1, Math.ceil(BL / 32));
  const rowPulses = new Uint32Array(rows);
  const colPulses = new Uint32Array(cols);
  const rowMasks = new Uint32Array(rows * words);
  const colMasks = new Uint32Array(cols * words);
  const cellCoincidences = opts.cellCounts ? new Uint32Array(rows * cols) : undefined;
  let coincidences = 0;
  if (BL > 0) {
    drawMasks(x, B, BL, words, rng, rowMasks, rowPulses);
    drawMasks(d, A, BL, words, rng, colMasks, colPulses);
    // Active columns once (index, and the mask when one word holds BL), then each active row
    // against them.
    let nActive = 0;
    const activeIdx = new Int32Array(cols);
    for (let i = 0; i < cols; i++) if (colPulses[i]! > 0) activeIdx[nActive++] = i;
    const activeMask = new Int32Array(nActive);
    if (words === 1) for (let a = 0; a < nActive; a++) activeMask[a] = colMasks[activeIdx[a]!]!;
    for (let j = 0; j < rows; j++) {
      if (rowPulses[j] === 0) continue;
      const sx = x[j]! > 0 ? 1 : -1;
      const base = j * cols;
      const rm = rowMasks[j * words]! | 0;
      for (let a = 0; a < nActive; a++) {
        const i = activeIdx[a]!;
        let n: number;
        if (words === 1) {
          const m = rm & activeMask[a]!;
          if (m === 0) continue;
          n = popcount(m);
        } else {
          n = 0;
          for (let w = 0; w < words; w++) n += popcount(rowMasks[j * words + w]! & colMasks[i * words + w]!);
          if (n === 0) continue;
        }
        const sign = d[i]! > 0 ? sx : -sx;
        array.applyPulses(base + i, n, sign, rng);
        coincidences += n;
        if (cellCoincidences) cellCoincidences[base + i] = n;
      }
    }
  }
  const res: PulseUpdateResult = { ...scales, coincidences, rowPulses, colPulses, words };
  if (cellCoincidences) res.cellCoincidences = cellCoincidences;
  if (opts.streams) {
    res.rowMasks = rowMasks;
    res.colMasks = colMasks;
  }
  return res;
}

/**
 * Expected coincidences of one update, per cell (row-major) and in total: BL·p_x·p_d with the
 * clipped probabilities. Without clipping a cell's expectation is lr·|x_j|·|d_i|/ε.
 */
export function expectedPulses(
  x: ArrayLike<number>,
  d: ArrayLike<number>,
  lr: number,
  dwMin: number,
  up: UpdateParameters = DEFAULT_UPDATE_PARAMETERS,
): { scales: PulseScales; perCell: Float64Array; total: number } {
  const scales = pulseScales(absMax(x), absMax(d), lr, dwMin, up);
  const perCell = new Float64Array(x.length * d.length);
  let total = 0;
  for (let j = 0; j < x.length; j++) {
    const px = Math.min(scales.B * Math.abs(x[j]!), 1);
    for (let i = 0; i < d.length; i++) {
      const e = scales.BL * px * Math.min(scales.A * Math.abs(d[i]!), 1);
      perCell[j * d.length + i] = e;
      total += e;
    }
  }
  return { scales, perCell, total };
}

/**
 * Why an update with these magnitudes produces no pulses, in plain words (undefined: it
 * produces some). `minExpected` is the expected coincidences on the strongest cell below which
 * the update counts as none (default 0: only an exact zero: lr, dw_min, x or d zero, or BL
 * rounded to 0). For the language layer's diagnostic.
 */
export function noPulsesReason(
  xMax: number,
  dMax: number,
  lr: number,
  dwMin: number,
  up: UpdateParameters = DEFAULT_UPDATE_PARAMETERS,
  minExpected = 0,
): string | undefined {
  if (!(lr > 0)) return `the learning rate is ${lr}: no pulses`;
  if (!(dwMin > 0)) return `the device step dw_min is ${dwMin}: no pulse changes a weight`;
  if (!(xMax > 0) || !(dMax > 0)) return `the ${!(xMax > 0) ? 'input x' : 'error d'} is all zero: no pulses`;
  const s = pulseScales(xMax, dMax, lr, dwMin, up);
  if (s.BL === 0) return `the bit-stream length rounds to 0 (k = lr·max|x|·max|d|/dw_min = ${s.k})`;
  const e = s.BL * Math.min(s.B * xMax, 1) * Math.min(s.A * dMax, 1);
  if (!(e > minExpected)) {
    return `lr·max|x|·max|d|/dw_min = ${s.k.toExponential(2)}: the strongest cell expects ${e.toExponential(2)} pulses per update (at most ${minExpected})`;
  }
  return undefined;
}
