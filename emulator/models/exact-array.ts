// emulator/models/exact-array.ts: the array product with exact IR drop (ir_drop = exact): the
// programmed devices as a resistive network (emulator/ir-drop/), solved per input slice, its
// physical column currents mapped to output lanes as programCrossbar's `effective` maps
// conductances to weights.
//
// Per programming (exactArray):
//   1. The network of the physical array (rows x M physical columns, physical-array.ts):
//      wire_r per row and column segment, r_driver per row driver; factorised once.
//   2. The lane map: each output lane is a signed sum of physical column currents,
//        differential   lane j       = I(c<j>p) - I(c<j>n)
//        P pairs        lane j       = sum_k (f_k / sum f) (I(c<j>p<k>) - I(c<j>n<k>))
//        offset         lane j       = 2 (I(c<j>) - I(cref))
//        bit-sliced     lane (j, s)  = I(c<j>s<s>p) - I(c<j>s<s>n)            (differential)
//                       lane (j, s)  = I(c<j>s<s>) [- I(cunit), top slice]    (offset encoding)
//      less g_min v Σ_i x_i times the sum of the lane's coefficients: `effective` reads an
//      offset-encoded slice as g - g_min, so the lane subtracts the g_min floor of its column
//      digitally (from the inputs, which the periphery knows). The top slice's unit column
//      cancels that floor (coefficients 1 - 1 = 0), as do differential pairs and the offset
//      scheme's reference column. Every term is linear in x: with ideal wires the lanes are
//      Σ_i x_i w_il exactly (w_il = Σ_p a_lp (G_ip - g_min) / Δ, `effective`'s weights).
// Per input slice (exactProduct):
//   3. Row voltages V_i = x_i v_read, one solve (warm-started from the previous slice's
//      solution), lanes = (Σ_p a_lp I_p - g_min v Σ_i x_i Σ_p a_lp) / (Δ v_read): units of
//      one full-scale device at v_read, like the ideal product.
//      PWM rows sit at ±v_read for |c| t_lsb instead of at x v_read for the window; the
//      network is linear and has no memory (resistors only), so the charge ∫ I_p dt over the
//      window is the current at the time-averaged voltages x_i v_read times the window: one
//      solve gives it exactly (ir-drop/pwm.ts integrates piecewise in time, as a check).
//   4. The power the drivers deliver, Σ_i V_i Σ_p G_ip (r_ip - c_ip) (each row's current
//      leaves only through its cells), for the array energy.
import { crossbarNetwork, irDropState, solveIrDrop, type CrossbarNetwork, type IrDropState } from '../ir-drop/index.js';
import type { PhysicalArray } from './physical-array.js';

export interface LaneTerm {
  lane: number;
  column: number;
  coef: number;
}

export interface ExactArray {
  net: CrossbarNetwork;
  state: IrDropState;
  /** Signed sums of physical columns per lane. */
  terms: LaneTerm[];
  /** Σ_p a_lp per lane: how many g_min floors the lane subtracts. */
  floor: Float64Array;
  lanes: number;
  gMin: number;
  delta: number;
  tol: number;
  /** Sweeps of the last solve (diagnostics and benchmarks). */
  lastIterations: number;
  /** Whether every solve so far met the tolerance. */
  converged: boolean;
}

/** The lane map of a physical array with `per` outputs per weight column (step 2). */
export function laneTerms(a: PhysicalArray, cols: number, per: number): { terms: LaneTerm[]; floor: Float64Array } {
  const lanes = cols * per;
  const terms: LaneTerm[] = [];
  const offsetScheme = a.columns.some((c) => c.role === 'reference');
  a.columns.forEach((c, p) => {
    switch (c.role) {
      case 'plus':
      case 'minus':
        terms.push({ lane: c.weightCol! * per + c.slice, column: p, coef: c.role === 'plus' ? c.gain : -c.gain });
        break;
      case 'single':
        terms.push({ lane: c.weightCol! * per + c.slice, column: p, coef: offsetScheme ? 2 : 1 });
        break;
      case 'reference':
        for (let j = 0; j < cols; j++) terms.push({ lane: j * per, column: p, coef: -2 });
        break;
      case 'unit':
        for (let j = 0; j < cols; j++) terms.push({ lane: j * per + c.slice, column: p, coef: -1 });
        break;
    }
  });
  const floor = new Float64Array(lanes);
  for (const t of terms) floor[t.lane]! += t.coef;
  return { terms, floor };
}

/** Steps 1-2: the network and lane map of a programmed array. */
export function exactArray(
  a: PhysicalArray,
  cols: number,
  per: number,
  wires: { wireR: number; rDriver: number; tol: number },
): ExactArray {
  const net = crossbarNetwork(a.rows, a.columns.length, a.g, { rRow: wires.wireR, rCol: wires.wireR, rDriver: wires.rDriver });
  const { terms, floor } = laneTerms(a, cols, per);
  return {
    net, state: irDropState(net), terms, floor, lanes: cols * per, gMin: a.gMin, delta: a.gMax - a.gMin, tol: wires.tol,
    lastIterations: 0, converged: true,
  };
}

/**
 * Steps 3-4: the lanes of inputs `x` (normalised, one per row) at `vRead` volts into `out`;
 * returns the power the row drivers deliver (W).
 */
export function exactProduct(ea: ExactArray, x: ArrayLike<number>, vRead: number, out: Float64Array): number {
  const { net, state } = ea;
  const rows = net.rows;
  const volts = new Float64Array(rows);
  let sumX = 0;
  for (let i = 0; i < rows; i++) {
    volts[i] = x[i]! * vRead;
    sumX += x[i]!;
  }
  const sol = solveIrDrop(net, volts, { tol: ea.tol, state });
  ea.lastIterations = sol.iterations;
  if (!sol.converged) ea.converged = false;
  const I = sol.currents;
  out.fill(0);
  for (const t of ea.terms) out[t.lane]! += t.coef * I[t.column]!;
  const unit = ea.delta * vRead;
  const floorI = ea.gMin * vRead * sumX;
  for (let l = 0; l < ea.lanes; l++) out[l] = (out[l]! - ea.floor[l]! * floorI) / unit;
  return driverPower(net, state, volts);
}

/** Σ_i V_i Σ_p G_ip (r_ip - c_ip): the power the row sources deliver (step 4). */
function driverPower(net: CrossbarNetwork, st: IrDropState, volts: Float64Array): number {
  const { rows, cols, g } = net;
  const r = st.rowV;
  const c = st.colV;
  let p = 0;
  for (let i = 0; i < rows; i++) {
    const v = volts[i]!;
    if (v === 0) continue;
    const base = i * cols;
    let s = 0;
    for (let q = 0; q < cols; q++) s += g[base + q]! * (r[base + q]! - c[base + q]!);
    p += v * s;
  }
  return p;
}
