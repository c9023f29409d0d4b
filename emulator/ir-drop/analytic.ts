// emulator/ir-drop/analytic.ts: aihwkit's analytic IR-drop approximation, for comparison
// with the exact network solve (solve.ts). It works on normalised quantities, as aihwkit's
// forward pass does: weights |w| <= 1 (max |W| -> g_max) and inputs |x| <= 1 after the DAC.
//
// Source: aihwkit `ForwardBackwardPassIOManaged::applyIrDrop` and `computeTotalCurrent`
// (src/rpucuda/rpu_forward_backward_pass.cpp; ../shared/reference/periphery.md §2.4). With
// n inputs (rows) j and outputs (columns) i:
//   1. a_i  = n · Σ_j |w_ij| |x_j| / ir_drop_g_ratio
//   2. c_i  = a_i (0.05 a_i² − 0.2 a_i + 0.5)
//   3. x'_j = x_j (1 − (1 − j/n)²)
//   4. y_i ← y_i − ir_drop · c_i · Σ_j w_ij x'_j
// Input j = 0 gets no correction (x'_0 = 0) and j = n − 1 almost the full one; aihwkit's
// documentation says the first input is the one farthest from the output. ir_drop_g_ratio
// is the wire conductance of one cell segment over g_max: 1/0.35/5e-6 = 5.714e5 by default
// (0.35 ohm per segment, 5 mS g_max); the default ir_drop is 0 (off).
//
// Layout follows xbar (programCrossbar): `w` is rows x cols, row-major, so aihwkit's w_ij
// (output i, input j) is w[j * cols + i].

/** aihwkit's default ir_drop_g_ratio, 1 / 0.35 / 5e-6. */
export const AIHWKIT_IR_DROP_G_RATIO = 1 / 0.35 / 5e-6;

export interface AnalyticIrDropParams {
  /** aihwkit `ir_drop`: the scale of the correction (0 turns it off). */
  irDrop: number;
  /** aihwkit `ir_drop_g_ratio`: wire conductance per segment / g_max (default 5.714e5). */
  gRatio?: number;
}

/** c_i of step 2: the polynomial aihwkit fits to the steady-state drop, at a_i. */
export function irDropPolynomial(a: number): number {
  return a * (a * (0.05 * a - 0.2) + 0.5);
}

/**
 * aihwkit's IR drop applied to the outputs `y` (cols) of the normalised product of `w`
 * (rows x cols, row-major) and `x` (rows): returns the corrected outputs (a new array).
 * `y` is normally Σ_j w_ij x_j (plus whatever aihwkit added before this step).
 */
export function applyAnalyticIrDrop(
  w: ArrayLike<number>,
  rows: number,
  cols: number,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  p: AnalyticIrDropParams,
): Float64Array {
  if (w.length !== rows * cols) throw new RangeError(`weights must hold rows x cols = ${rows * cols} values, found ${w.length}`);
  if (x.length !== rows) throw new RangeError(`inputs must hold one value per row (${rows}), found ${x.length}`);
  if (y.length !== cols) throw new RangeError(`outputs must hold one value per column (${cols}), found ${y.length}`);
  const gRatio = p.gRatio ?? AIHWKIT_IR_DROP_G_RATIO;
  if (!(gRatio > 0)) throw new RangeError(`ir_drop_g_ratio must be > 0, found ${gRatio}`);
  const out = Float64Array.from(y);
  if (!(p.irDrop > 0)) return out; // aihwkit: `if (io.ir_drop <= 0) return`
  const n = rows;
  // 1. total |current| per output, 3. the position-weighted inputs, 4. Σ_j w_ij x'_j
  const total = new Float64Array(cols);
  const weighted = new Float64Array(cols);
  for (let j = 0; j < rows; j++) {
    const xj = x[j]!;
    if (xj === 0) continue;
    const ax = Math.abs(xj);
    const q = 1 - j / n;
    const xp = xj * (1 - q * q);
    const base = j * cols;
    for (let i = 0; i < cols; i++) {
      const wij = w[base + i]!;
      total[i]! += Math.abs(wij) * ax;
      weighted[i]! += wij * xp;
    }
  }
  const aScale = n / gRatio;
  for (let i = 0; i < cols; i++) {
    const c = irDropPolynomial(aScale * total[i]!); // 2.
    out[i]! -= p.irDrop * c * weighted[i]!;
  }
  return out;
}

/**
 * applyAnalyticIrDrop on transposed weights `wT` (cols x rows: each output's weights
 * contiguous, as the emulator stores them), correcting `y` in place. Same steps, same
 * numbers (up to the order of the float sums).
 */
export function applyAnalyticIrDropT(
  wT: ArrayLike<number>,
  rows: number,
  cols: number,
  x: ArrayLike<number>,
  y: Float64Array,
  p: AnalyticIrDropParams,
): void {
  const gRatio = p.gRatio ?? AIHWKIT_IR_DROP_G_RATIO;
  if (!(gRatio > 0)) throw new RangeError(`ir_drop_g_ratio must be > 0, found ${gRatio}`);
  if (!(p.irDrop > 0)) return;
  const n = rows;
  const ax = new Float64Array(rows);
  const xp = new Float64Array(rows);
  for (let j = 0; j < rows; j++) {
    const q = 1 - j / n;
    ax[j] = Math.abs(x[j]!);
    xp[j] = x[j]! * (1 - q * q);
  }
  const aScale = n / gRatio;
  for (let i = 0; i < cols; i++) {
    const base = i * rows;
    let total = 0;
    let weighted = 0;
    for (let j = 0; j < rows; j++) {
      const w = wT[base + j]!;
      total += Math.abs(w) * ax[j]!;
      weighted += w * xp[j]!;
    }
    y[i] = y[i]! - p.irDrop * irDropPolynomial(aScale * total) * weighted;
  }
}
