// emulator/ir-drop/pwm.ts: the column charges of a PWM input slice, integrated piecewise in
// time: a reference for the emulator's one-solve charge (emulator/models/exact-array.ts), and
// the energy, which needs the time course.
//
// Every row's pulse starts at t = 0: row i is at s_i v_read for [0, L_i), then at 0 V.
//   1. Sort the distinct non-zero pulse lengths, L(1) < L(2) < ... < L(K).
//   2. During [L(k-1), L(k)) the rows with L_i >= L(k) are driven: one solve of the
//      network per interval, warm-started from the previous one (its active set is a
//      superset of this one's).
//   3. Charge Q_p = Σ_k (L(k) - L(k-1)) I_p^(k); energy Σ_k (L(k) - L(k-1)) Σ_i V_i^(k) I_i^(k)
//      with I_i the current row i's source delivers (Σ_p G_ip (r_ip - c_ip)).
// The network is linear and memoryless, so Q equals the one solve at the time-averaged
// voltages s_i v_read L_i / T times T; the energy is quadratic in the voltages and does not
// reduce that way.
import type { CrossbarNetwork } from './network.js';
import { irDropState, solveIrDrop } from './solve.js';

export interface PwmCharge {
  /** Charge into each sense node over the slice (C). */
  charge: Float64Array;
  /** Energy the row drivers deliver over the slice (J). */
  energy: number;
  /** Solves (distinct pulse lengths) and sweeps in all. */
  solves: number;
  sweeps: number;
}

/** Charges and energy of pulses `lengths` (s) with signs `signs` (±1) at `vRead` (steps 1-3). */
export function pwmChargePiecewise(net: CrossbarNetwork, signs: ArrayLike<number>, lengths: ArrayLike<number>, vRead: number, tol = 1e-12): PwmCharge {
  const rows = net.rows;
  const ends = [...new Set(Array.from(lengths).filter((l) => l > 0))].sort((a, b) => a - b);
  const charge = new Float64Array(net.cols);
  const volts = new Float64Array(rows);
  const state = irDropState(net);
  let energy = 0;
  let sweeps = 0;
  let t0 = 0;
  for (const t1 of ends) {
    for (let i = 0; i < rows; i++) volts[i] = lengths[i]! >= t1 ? Math.sign(signs[i]!) * vRead : 0;
    const sol = solveIrDrop(net, volts, { tol, state });
    sweeps += sol.iterations;
    const dt = t1 - t0;
    for (let p = 0; p < net.cols; p++) charge[p]! += dt * sol.currents[p]!;
    let power = 0;
    for (let i = 0; i < rows; i++) {
      const v = volts[i]!;
      if (v === 0) continue;
      const base = i * net.cols;
      let s = 0;
      for (let p = 0; p < net.cols; p++) s += net.g[base + p]! * (state.rowV[base + p]! - state.colV[base + p]!);
      power += v * s;
    }
    energy += dt * power;
    t0 = t1;
  }
  return { charge, energy, solves: ends.length, sweeps };
}
