// emulator/devices/rram-wan2022.ts: the RRAM model of Wan et al., Nature 2022, as implemented
// by aihwkit's `ReRamWan2022NoiseModel` (src/aihwkit/inference/noise/reram.py; devices.md §1.4).
//
//   sigma_t(x) = c0 + c1 x + c2 x^2 + c3 x^3 + c4 x^4   (uS),  x = g_T / g_max
//     t = 1 s        [0.348, 16.030, -43.853, 45.393, -16.815]
//     t = 86 400 s   [0.701, 22.086, -50.773, 47.095, -16.458]
//     t = 172 800 s  [0.782, 20.274, -43.507, 37.062, -11.934]
//   programming:  g_prog = max(g_T + prog_noise_scale * sigma_1s(x) * xi, 0)   (smallest key)
//   at t:         g(t)   = max(g_T + read_noise_scale * sigma_t(x) * xi, 0)
//
// Notes, following aihwkit's code (devices.md §1.4):
//   - The spread at time t is drawn around the TARGET g_T, not around g_prog: aihwkit passes
//     g_target as the "drift coefficients" and ignores g_prog. `program()` therefore returns
//     the targets with the result (`WanProgrammed.gTarget`), and `drift()` needs them: the
//     caller must pass back the object that program() returned.
//   - g_max reference: the code sets `prog_coeff_g_max_reference = 40` but scales by
//     `coeff_g_max_reference`, which is g_max itself, so the factor g_max/reference is 1 and
//     sigma is the polynomial in uS whatever g_max is (the intended g_max/40 rescaling is not
//     applied). At g_max = 25 uS, t = 1 s: sigma = 2.26 / 2.02 / 1.10 uS at x = 0.25 / 0.5 / 1.
//   - Only t_inference in {1 s, 86 400 s, 172 800 s} exists (exact match, as in aihwkit, which
//     raises ArgumentError otherwise); the front end rejects other times (E3015).
//   - aihwkit has one `noise_scale` for both draws. Our schema has three scales: the
//     programming draw uses prog_noise_scale and the draw at time t read_noise_scale (both
//     1 by default, reproducing aihwkit). drift_scale has no effect: the model has no drift.
//   - No drift, no 1/f term: nu is 0 for every device.
import type { Rng } from '../random.js';
import { checkConductanceRange, type DeviceModel, type Programmed } from './device-model.js';
import { checkOut, checkTargets, checkTime } from './pcm-like.js';

export interface RramWan2022Params {
  gMax: number;
  gMin: number;
  progNoiseScale: number;
  readNoiseScale: number;
  driftScale: number;
}

export const RRAM_WAN2022_DEFAULTS: Readonly<RramWan2022Params> = Object.freeze({
  gMax: 25e-6,
  gMin: 0,
  progNoiseScale: 1,
  readNoiseScale: 1,
  driftScale: 1,
});

/** Polynomial coefficients in uS (constant term first), by t_inference in seconds. */
export const WAN2022_COEFF: ReadonlyMap<number, readonly number[]> = new Map([
  [1, Object.freeze([0.348, 16.03, -43.853, 45.393, -16.815])],
  [86400, Object.freeze([0.701, 22.086, -50.773, 47.095, -16.458])],
  [172800, Object.freeze([0.782, 20.274, -43.507, 37.062, -11.934])],
]);

/** The times at which the model exists, in seconds. */
export const WAN2022_TIMES: readonly number[] = Object.freeze([...WAN2022_COEFF.keys()]);

/** What program() returns: the usual result plus the targets, which drift() needs. */
export interface WanProgrammed extends Programmed {
  gTarget: Float64Array;
}

/** sigma in siemens at x = g/g_max for the fit at tInference (throws for other times). */
export function wan2022Sigma(x: number, tInference: number): number {
  return horner(coeffAt(tInference), x) * 1e-6;
}

function horner(c: readonly number[], x: number): number {
  let s = 0;
  for (let i = c.length - 1; i >= 0; i--) s = s * x + c[i]!;
  return s;
}

function coeffAt(tInference: number): readonly number[] {
  const c = WAN2022_COEFF.get(tInference);
  if (!c) {
    throw new Error(
      `rram_wan2022 is only fitted at t_inference = 1 s, 86400 s (1 day) or 172800 s (2 days); got ${tInference} s`,
    );
  }
  return c;
}

export class RramWan2022Model implements DeviceModel {
  readonly kind: string = 'rram_wan2022';
  readonly gMin: number;
  readonly gMax: number;
  readonly params: Readonly<RramWan2022Params>;

  constructor(params: Partial<RramWan2022Params> = {}) {
    const p = { ...RRAM_WAN2022_DEFAULTS, ...params };
    checkConductanceRange('rram_wan2022', p.gMin, p.gMax);
    this.params = Object.freeze(p);
    this.gMin = p.gMin;
    this.gMax = p.gMax;
  }

  /** Programming noise from the 1 s fit (n normals). nu is all zero. */
  program(gTarget: Float64Array, rng: Rng): WanProgrammed {
    checkTargets(this.kind, gTarget);
    const n = gTarget.length;
    const gProg = polyNoise(gTarget, this.gMax, WAN2022_TIMES[0]!, this.params.progNoiseScale, rng, new Float64Array(n));
    return { gProg, nu: new Float64Array(n), gTarget: Float64Array.from(gTarget) };
  }

  /** A fresh draw around the targets with the fit at tInference (n normals). */
  drift(prog: Programmed, tInference: number, rng: Rng, out: Float64Array): void {
    checkTime(this.kind, tInference);
    checkOut(this.kind, prog, out);
    coeffAt(tInference);
    const gTarget = (prog as Partial<WanProgrammed>).gTarget;
    if (!(gTarget instanceof Float64Array) || gTarget.length !== prog.gProg.length) {
      throw new Error('rram_wan2022: drift() needs the object returned by program() (it carries the targets, gTarget)');
    }
    polyNoise(gTarget, this.gMax, tInference, this.params.readNoiseScale, rng, out);
  }
}

function polyNoise(g: Float64Array, gMax: number, t: number, scale: number, rng: Rng, out: Float64Array): Float64Array {
  const c = coeffAt(t);
  const xi = rng.fillNormal(new Float64Array(g.length));
  for (let i = 0; i < g.length; i++) {
    const v = g[i]! + scale * horner(c, g[i]! / gMax) * 1e-6 * xi[i]!;
    out[i] = v > 0 ? v : 0;
  }
  return out;
}
