// emulator/devices/rram-cmo.ts: the IBM Zurich CMO/HfOx RRAM model (aihwkit
// `ReRamCMONoiseModel`, src/aihwkit/inference/noise/reram.py; Falcone et al. 2025;
// ../shared/reference/devices.md §1.4). One device per weight, conductances in [g_min, g_max]
// (aihwkit: SingleDeviceConductanceConverter, 9.0 .. 88.2 uS).
//
// The fits are in microsiemens and NOT normalised to g_max (g in uS below):
//   programming  sigma_prog = a + b g          (uS)
//                  acceptance 0.2 % (0.002): a = 0.00081107, b = 0.00106879
//                  acceptance 2 %   (0.02):  a = 0.0112185391, b = 0.01129027418
//                g_prog = g_T + prog_noise_scale * sigma_prog * xi       (no clamp, as in the code)
//   at t > 0     g_mean     = g_prog - 0.08900206 ln(t) * drift_scale     (relaxation, natural log)
//                sigma_rel  = 0.04201137 ln(t) + 0.41183342               (uS)
//                g_drift    = g_mean + sigma_rel * drift_scale * xi1
//                sigma_read = 0.0277316483 * log10(g_drift) * sqrt(ln((t + 1 us)/(2 us)))   (log10 in code)
//                g(t)       = clip(g_drift + read_noise_scale * sigma_read * xi2, g_min, g_max)
//   at t = 0     g(0) = g_prog (the code returns it unchanged: no read noise, no clamp)
//
// t is t_inference itself (no t0). The acceptance range: aihwkit keys its fits by percent
// (0.2, 2) and its default 2e-2 is not a key, so it silently uses the 0.2 % fit; our schema takes
// the fraction (0.002 or 0.02) and defaults to 0.002, which is what aihwkit users get (sigma =
// 0.095 uS at 88 uS). Guards where the code would produce NaN: for t < 1 us the square root's
// argument is negative and is taken as 0; for g_drift <= 0 the log10 is undefined and the read
// noise is 0 (the clamp to g_min follows).
import type { Rng } from '../random.js';
import { checkConductanceRange, type DeviceModel, type Programmed } from './device-model.js';
import { checkOut, checkTargets, checkTime } from './pcm-like.js';

export type CmoAcceptance = 0.002 | 0.02;

export interface RramCmoParams {
  gMax: number;
  gMin: number;
  acceptanceRange: CmoAcceptance;
  progNoiseScale: number;
  readNoiseScale: number;
  driftScale: number;
}

export const RRAM_CMO_DEFAULTS: Readonly<RramCmoParams> = Object.freeze({
  gMax: 88.2e-6,
  gMin: 9e-6,
  acceptanceRange: 0.002,
  progNoiseScale: 1,
  readNoiseScale: 1,
  driftScale: 1,
});

/** Programming-noise fits [a, b] (sigma = a + b g, both in uS), by acceptance range. */
export const CMO_PROG: ReadonlyMap<number, readonly [number, number]> = new Map<number, readonly [number, number]>([
  [0.002, [0.00081107, 0.00106879]],
  [0.02, [0.0112185391, 0.01129027418]],
]);

/** Relaxation and read-noise constants (uS, seconds). */
export const CMO_DECAY_MEAN = -0.08900206;
export const CMO_DECAY_STD: readonly [number, number] = Object.freeze([0.04201137, 0.41183342] as const);
export const CMO_READ_K = 0.0277316483;
export const CMO_T_READ = 1e-6;

const US = 1e-6;

/** Programming sigma in siemens at target g (siemens). */
export function cmoProgSigma(g: number, acceptance: CmoAcceptance): number {
  const c = CMO_PROG.get(acceptance);
  if (!c) throw new RangeError(`rram_cmo: acceptance_range must be 0.002 or 0.02, got ${acceptance}`);
  return (c[0] + c[1] * (g / US)) * US;
}

/** Mean relaxation shift at time t (siemens; negative), before drift_scale. */
export function cmoRelaxMean(t: number): number {
  return CMO_DECAY_MEAN * Math.log(t) * US;
}

/** Relaxation spread at time t (siemens), before drift_scale. */
export function cmoRelaxSigma(t: number): number {
  return (CMO_DECAY_STD[0] * Math.log(t) + CMO_DECAY_STD[1]) * US;
}

/** Read-noise sigma (siemens) at conductance g (siemens) and time t. */
export function cmoReadSigma(g: number, t: number): number {
  const gu = g / US;
  if (!(gu > 0)) return 0;
  const l = Math.log((t + CMO_T_READ) / (2 * CMO_T_READ));
  return CMO_READ_K * Math.log10(gu) * (l > 0 ? Math.sqrt(l) : 0) * US;
}

export class RramCmoModel implements DeviceModel {
  readonly kind: string = 'rram_cmo';
  readonly gMin: number;
  readonly gMax: number;
  readonly params: Readonly<RramCmoParams>;

  constructor(params: Partial<RramCmoParams> = {}) {
    const p = { ...RRAM_CMO_DEFAULTS, ...params };
    checkConductanceRange('rram_cmo', p.gMin, p.gMax);
    if (!CMO_PROG.has(p.acceptanceRange)) {
      throw new RangeError(`rram_cmo: acceptance_range must be 0.002 or 0.02, got ${p.acceptanceRange}`);
    }
    this.params = Object.freeze(p);
    this.gMin = p.gMin;
    this.gMax = p.gMax;
  }

  /** Linear programming noise (n normals); nu is all zero (the relaxation does not depend on g). */
  program(gTarget: Float64Array, rng: Rng): Programmed {
    checkTargets(this.kind, gTarget);
    const p = this.params;
    const n = gTarget.length;
    const gProg = new Float64Array(n);
    const xi = rng.fillNormal(new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const g = gTarget[i]!;
      gProg[i] = g + cmoProgSigma(g, p.acceptanceRange) * xi[i]! * p.progNoiseScale;
    }
    return { gProg, nu: new Float64Array(n) };
  }

  /** Relaxation and read noise at t = tInference (2n normals for t > 0, none at t = 0). */
  drift(prog: Programmed, tInference: number, rng: Rng, out: Float64Array): void {
    checkTime(this.kind, tInference);
    checkOut(this.kind, prog, out);
    const n = prog.gProg.length;
    if (tInference === 0) {
      out.set(prog.gProg);
      return;
    }
    const p = this.params;
    const t = tInference;
    const shift = cmoRelaxMean(t) * p.driftScale;
    const sRel = cmoRelaxSigma(t) * p.driftScale;
    const xi1 = rng.fillNormal(new Float64Array(n));
    const xi2 = rng.fillNormal(new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const gd = prog.gProg[i]! + shift + xi1[i]! * sRel;
      const v = gd + cmoReadSigma(gd, t) * xi2[i]! * p.readNoiseScale;
      out[i] = v < p.gMin ? p.gMin : v > p.gMax ? p.gMax : v;
    }
  }
}
