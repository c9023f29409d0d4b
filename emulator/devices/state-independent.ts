// emulator/devices/state-independent.ts: aihwkit's `StateIndependentNoiseModel`
// (src/aihwkit/inference/noise/custom.py; ../shared/reference/devices.md §1.4): programming
// noise, drift and read noise that do not depend on the programmed state, the generic
// "phenomenological" model to compare a device against.
//
//   programming   sigma_prog = c0 + c1 x + c2 x^2 (x = g_T / g_max; coefficients in siemens,
//                 not rescaled by g_max: aihwkit's default is a constant 0.2 uS)
//                 g_prog = max(g_T + prog_noise_scale * sigma_prog * xi, 0)
//   drift exp.    nu = drift_scale * |nu_mean + nu_std * xi|     (one per device)
//   at time       t = t_inference + t0; g_drift = g_prog (t/t0)^-nu if t > t0, else g_prog
//                 sigma_read = read_noise_scale * |g_drift| / g_max * 1 uS * sqrt(ln((t + t_read) / (2 t_read)))
//                 g(t) = max(g_drift + sigma_read * xi, 0)
// aihwkit computes in microsiemens and adds the dimensionless |g_drift / g_max| rho sqrt(...)
// to a conductance in uS, so the read noise is that many microsiemens: about 4.8 uS at g_max one
// hour after programming (devices.md §1.4: "no Q factor, so rho = 1 is large"). The same
// drift-and-read code as the PCM-like model (pcm-like.ts), with Q_s = 1 uS / g_max.
import type { Rng } from '../random.js';
import { checkConductanceRange, type DeviceModel, type Programmed } from './device-model.js';
import { checkOut, checkTargets, checkTime, pcmDriftAndRead, programDrifting } from './pcm-like.js';

export interface StateIndependentParams {
  gMax: number;
  gMin: number;
  t0: number;
  tRead: number;
  /** Programming-noise polynomial in x = g/g_max, constant term first, in siemens. */
  progCoeff: readonly number[];
  nuMean: number;
  nuStd: number;
  progNoiseScale: number;
  readNoiseScale: number;
  driftScale: number;
}

/** aihwkit's defaults (custom.py; g_max of the default SinglePairConductanceConverter). */
export const STATE_INDEPENDENT_DEFAULTS: Readonly<StateIndependentParams> = Object.freeze({
  gMax: 25e-6,
  gMin: 0,
  t0: 20,
  tRead: 250e-9,
  progCoeff: Object.freeze([0.2e-6, 0, 0]),
  nuMean: 0.1,
  nuStd: 0.05,
  progNoiseScale: 1,
  readNoiseScale: 1,
  driftScale: 1,
});

/** The unit aihwkit's read-noise term is in: it adds a dimensionless number to g in uS. */
export const READ_NOISE_UNIT = 1e-6;

/** Programming-noise sigma (siemens) at target gTarget: sum_i c_i (gTarget / gMax)^i. */
export function stateIndependentProgSigma(gTarget: number, gMax: number, coeff: readonly number[]): number {
  const x = gTarget / gMax;
  let sig = 0;
  let pw = 1;
  for (const c of coeff) {
    sig += c * pw;
    pw *= x;
  }
  return sig;
}

export class StateIndependentModel implements DeviceModel {
  readonly kind: string = 'state_independent';
  readonly gMin: number;
  readonly gMax: number;
  readonly params: Readonly<StateIndependentParams>;

  constructor(params: Partial<StateIndependentParams> = {}) {
    const p = { ...STATE_INDEPENDENT_DEFAULTS, ...params };
    checkConductanceRange(this.kind, p.gMin, p.gMax);
    if (!(p.t0 > 0) || !(p.tRead > 0)) throw new RangeError(`${this.kind}: t0 and t_read must be > 0`);
    if (p.progCoeff.length === 0) throw new RangeError(`${this.kind}: prog_coeff is empty`);
    if (!(p.nuStd >= 0)) throw new RangeError(`${this.kind}: nu_std must be >= 0`);
    this.params = Object.freeze({ ...p, progCoeff: Object.freeze([...p.progCoeff]) });
    this.gMin = p.gMin;
    this.gMax = p.gMax;
  }

  /** Programming noise, then drift exponents (n normals each, in that order). */
  program(gTarget: Float64Array, rng: Rng): Programmed {
    checkTargets(this.kind, gTarget);
    const p = this.params;
    return programDrifting(gTarget, rng, p.progNoiseScale, (g) => stateIndependentProgSigma(g, p.gMax, p.progCoeff), (_g, xi) => p.driftScale * Math.abs(p.nuMean + p.nuStd * xi));
  }

  /** Drift to t = tInference + t0 and add the read noise (n normals). */
  drift(prog: Programmed, tInference: number, rng: Rng, out: Float64Array): void {
    checkTime(this.kind, tInference);
    checkOut(this.kind, prog, out);
    const p = this.params;
    const q = READ_NOISE_UNIT / p.gMax;
    pcmDriftAndRead(prog, tInference, p.t0, p.tRead, p.gMax, p.readNoiseScale, () => q, rng, out);
  }
}
