// emulator/devices/pcm-hermes.ts: the PCM model of the IBM HERMES 14 nm chip (aihwkit
// `HermesNoiseModel`).
//
// Source: aihwkit `src/aihwkit/inference/noise/hermes.py` (Le Gallo et al., Nat. Electron.
// 2023; Khaddam-Aljameh et al., JSSC 2022), summarised in ../shared/reference/devices.md §1.4.
// The structure is that of the PCM-like model (pcm-like.ts); the fits differ and depend on the
// number of devices per weight sign (1 or 2):
//
//   programming  sigma_prog = poly3(x) uS * g_max / g_ref,  x = g_T/g_max,
//                g_ref = 20.7 uS (2 devices) or 10.35 uS (1 device)
//                  2 devices: [0.16603222, 4.71806468, -8.48101252, 4.68961419]
//                  1 device:  [0.15781817, 2.32443916, -2.16310839, 0.68841818]
//                g_prog = max(g_T + prog_noise_scale * sigma_prog * xi, 0)
//   drift exp.   x = max(|g_T|/g_max, 1e-7)
//                mu_nu    = x < 0.0945 ? clip(-0.0387 ln x - 0.0182, 0.072, 0.13)
//                                      : -0.0436 x^2 - 0.0126 x + 0.0736          (both counts)
//                sigma_nu (1 device)  = x < 0.3039 ? clip(-0.0120 ln x - 0.0023, 0.0124, 0.04)
//                                                  : -0.0165 x^2 + 0.0116 x + 0.0104
//                sigma_nu (2 devices) = x < 0.3055 ? clip(-0.0117 ln x - 0.0057, 0.0091, 0.04)
//                                                  : -0.0118 x^2 + 0.0093 x + 0.0073
//                nu = drift_scale * |mu_nu + sigma_nu * xi|
//   at time      t = t_inference + t0; g_drift = g_prog (t/t0)^-nu if t > t0
//                x = |g_prog|/g_max  (no 1e-7 floor here, as in the code: ln 0 = -inf clips)
//                Q_s (1 device)  = x < 0.1591 ? clip(-0.0078 ln x + 0.0038, 0.0179, 0.04)
//                                             : 0.0664 x^3 - 0.1352 x^2 + 0.0768 x + 0.0088
//                Q_s (2 devices) = x < 0.16   ? clip(-0.0117 ln x - 0.0069, 0.015, 0.04)
//                                             : 0.0069 x^3 - 0.0280 x^2 + 0.0211 x + 0.0123
//                g(t) = max(g_drift + |g_drift| * read_noise_scale * Q_s
//                           * sqrt(ln((t + t_read)/(2 t_read))) * xi, 0)
//
// aihwkit asserts g_max <= 20.7 uS (2 devices) or <= 10.35 uS (1 device), the characterised
// maxima; this model accepts larger g_max (the polynomial is then extrapolated in absolute
// sigma by g_max/g_ref) and leaves any warning to the front end.
import type { Rng } from '../random.js';
import { checkConductanceRange, type DeviceModel, type Programmed } from './device-model.js';
import { checkOut, checkTargets, checkTime, clip, pcmDriftAndRead, pcmProgSigma, ZERO_CLIP } from './pcm-like.js';

export type HermesDevices = 1 | 2;

export interface PcmHermesParams {
  numDevices: HermesDevices;
  gMax: number;
  gMin: number;
  t0: number;
  tRead: number;
  progNoiseScale: number;
  readNoiseScale: number;
  driftScale: number;
}

/** Programming-noise coefficients (uS, constant term first) and their g_max reference (S). */
export const HERMES_PROG: Readonly<Record<HermesDevices, { coeffUs: readonly number[]; gRef: number }>> = Object.freeze({
  2: { coeffUs: Object.freeze([0.16603222, 4.71806468, -8.48101252, 4.68961419]), gRef: 20.7e-6 },
  1: { coeffUs: Object.freeze([0.15781817, 2.32443916, -2.16310839, 0.68841818]), gRef: 10.35e-6 },
});

/** aihwkit's defaults for a device count (hermes.py; equal to the pcm_hermes schema defaults). */
export function hermesDefaults(numDevices: HermesDevices = 2): PcmHermesParams {
  return {
    numDevices,
    gMax: numDevices === 1 ? 10.35e-6 : 20.7e-6,
    gMin: 0,
    t0: numDevices === 1 ? 200 : 300,
    tRead: 512e-9,
    progNoiseScale: 1,
    readNoiseScale: 1,
    driftScale: 1,
  };
}

// ---------------------------------------------------------------- pure formulas

/** Programming-noise sigma in siemens at target gTarget. */
export function hermesProgSigma(gTarget: number, gMax: number, numDevices: HermesDevices): number {
  const c = HERMES_PROG[numDevices];
  return pcmProgSigma(gTarget, gMax, c.coeffUs.map((v) => v * 1e-6), c.gRef);
}

/** sigma_prog / g_ref as a function of x (the dimensionless polynomial, in units of g_ref). */
export function hermesProgPoly(x: number, numDevices: HermesDevices): number {
  const c = HERMES_PROG[numDevices].coeffUs;
  return c[0]! + x * (c[1]! + x * (c[2]! + x * c[3]!));
}

/** Mean drift exponent at x = |g_T|/g_max (same for 1 and 2 devices). */
export function hermesDriftMu(x: number): number {
  const xc = Math.max(Math.abs(x), ZERO_CLIP);
  if (xc < 0.0945) return clip(-0.0387 * Math.log(xc) - 0.0182, 0.072, 0.13);
  return -0.0436 * xc * xc - 0.0126 * xc + 0.0736;
}

/** Spread of the drift exponent at x = |g_T|/g_max. */
export function hermesDriftSigma(x: number, numDevices: HermesDevices): number {
  const xc = Math.max(Math.abs(x), ZERO_CLIP);
  if (numDevices === 1) {
    if (xc < 0.3039) return clip(-0.012 * Math.log(xc) - 0.0023, 0.0124, 0.04);
    return -0.0165 * xc * xc + 0.0116 * xc + 0.0104;
  }
  if (xc < 0.3055) return clip(-0.0117 * Math.log(xc) - 0.0057, 0.0091, 0.04);
  return -0.0118 * xc * xc + 0.0093 * xc + 0.0073;
}

/** The 1/f factor Q_s at x = |g_prog|/g_max. */
export function hermesQs(x: number, numDevices: HermesDevices): number {
  const xa = Math.abs(x);
  if (numDevices === 1) {
    if (xa < 0.1591) return clip(-0.0078 * Math.log(xa) + 0.0038, 0.0179, 0.04);
    return 0.0664 * xa ** 3 - 0.1352 * xa * xa + 0.0768 * xa + 0.0088;
  }
  if (xa < 0.16) return clip(-0.0117 * Math.log(xa) - 0.0069, 0.015, 0.04);
  return 0.0069 * xa ** 3 - 0.028 * xa * xa + 0.0211 * xa + 0.0123;
}

// ---------------------------------------------------------------- the model

export class PcmHermesModel implements DeviceModel {
  readonly kind: string = 'pcm_hermes';
  readonly gMin: number;
  readonly gMax: number;
  readonly params: Readonly<PcmHermesParams>;
  private readonly coeff: readonly number[];
  private readonly qs: (x: number) => number;

  constructor(params: Partial<PcmHermesParams> = {}) {
    const nd = params.numDevices ?? 2;
    if (nd !== 1 && nd !== 2) throw new RangeError(`pcm_hermes: num_devices must be 1 or 2, got ${String(nd)}`);
    const p = { ...hermesDefaults(nd), ...params };
    checkConductanceRange('pcm_hermes', p.gMin, p.gMax);
    if (!(p.t0 > 0) || !(p.tRead > 0)) throw new RangeError(`pcm_hermes: t0 and t_read must be > 0`);
    this.params = Object.freeze(p);
    this.gMin = p.gMin;
    this.gMax = p.gMax;
    this.coeff = HERMES_PROG[nd].coeffUs.map((v) => v * 1e-6);
    this.qs = (x) => hermesQs(x, nd);
  }

  program(gTarget: Float64Array, rng: Rng): Programmed {
    checkTargets(this.kind, gTarget);
    const p = this.params;
    const n = gTarget.length;
    const gRef = HERMES_PROG[p.numDevices].gRef;
    const gProg = new Float64Array(n);
    const nu = new Float64Array(n);
    const xi = rng.fillNormal(new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const g = gTarget[i]!;
      const v = g + p.progNoiseScale * pcmProgSigma(g, p.gMax, this.coeff, gRef) * xi[i]!;
      gProg[i] = v > 0 ? v : 0;
    }
    rng.fillNormal(xi);
    for (let i = 0; i < n; i++) {
      const x = gTarget[i]! / p.gMax;
      nu[i] = p.driftScale * Math.abs(hermesDriftMu(x) + hermesDriftSigma(x, p.numDevices) * xi[i]!);
    }
    return { gProg, nu };
  }

  drift(prog: Programmed, tInference: number, rng: Rng, out: Float64Array): void {
    checkTime(this.kind, tInference);
    checkOut(this.kind, prog, out);
    const p = this.params;
    pcmDriftAndRead(prog, tInference, p.t0, p.tRead, p.gMax, p.readNoiseScale, this.qs, rng, out);
  }
}
