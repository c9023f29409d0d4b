// emulator/devices/pcm-like.ts: the PCM statistical model of IBM aihwkit (`PCMLikeNoiseModel`).
//
// Source: aihwkit `src/aihwkit/inference/noise/pcm.py` (Nandakumar et al., ICECS 2019; Joshi
// et al., Nat. Commun. 2020), as summarised in ../shared/reference/devices.md §1.2. Where the
// aihwkit docs and code disagree, this follows the code (what aihwkit users get):
//
//   programming   sigma_prog = (c0 + c1 x + c2 x^2) * g_max / g_ref      x = g_T / g_max
//                 g_prog = max(g_T + prog_noise_scale * sigma_prog * xi, 0)
//                 (no max() on the polynomial itself; docs/pcm_inference.rst has one)
//   drift exp.    x' = max(|g_T| / g_max, 1e-7)
//                 mu_nu    = clip(-0.0155 ln x' + 0.0244, 0.049, 0.1)
//                 sigma_nu = clip(-0.0125 ln x' - 0.0059, 0.008, 0.045)
//                 nu = drift_scale * |mu_nu + sigma_nu * xi|          (folded normal)
//   at time       t = t_inference + t0
//                 g_drift = g_prog * (t/t0)^(-nu) if t > t0, else g_prog
//                 Q_s = min(0.0088 / max((|g_prog|/g_max)^0.65, 1e-3), 0.2)     (uses g_prog)
//                 sigma_read = Q_s * sqrt(ln((t + t_read) / (2 t_read)))
//                 g(t) = max(g_drift + |g_drift| * read_noise_scale * sigma_read * xi, 0)
//
// Units: everything in SI (siemens, seconds); prog_coeff is a list of conductances fitted at
// g_max = prog_coeff_g_ref (aihwkit: [0.26348, 1.9650, -1.1731] uS at 25 uS). nu is drawn once
// at programming; the read noise is redrawn on every drift() call (a fresh sample of the
// statistics at time t, not a trajectory).
//
// Determinism: the random numbers come from the given Rng only. Math.pow and Math.log in V8
// are its own fdlibm ports, identical on every platform.
import type { Rng } from '../random.js';
import { checkConductanceRange, type DeviceModel, type Programmed } from './device-model.js';

export interface PcmLikeParams {
  gMax: number;
  gMin: number;
  t0: number;
  tRead: number;
  /** Programming-noise polynomial in x = g/g_max, constant term first, in siemens. */
  progCoeff: readonly number[];
  /** g_max at which progCoeff was fitted (siemens). */
  progCoeffGRef: number;
  progNoiseScale: number;
  readNoiseScale: number;
  driftScale: number;
}

/** aihwkit's defaults (pcm.py), in SI units; equal to the pcm_like schema defaults. */
export const PCM_LIKE_DEFAULTS: Readonly<PcmLikeParams> = Object.freeze({
  gMax: 25e-6,
  gMin: 0,
  t0: 20,
  tRead: 250e-9,
  progCoeff: Object.freeze([0.26348e-6, 1.965e-6, -1.1731e-6]),
  progCoeffGRef: 25e-6,
  progNoiseScale: 1,
  readNoiseScale: 1,
  driftScale: 1,
});

/** aihwkit's _ZERO_CLIP: the floor on |g_T|/g_max in the drift-exponent fits. */
export const ZERO_CLIP = 1e-7;

// ---------------------------------------------------------------- pure formulas (tested directly)

/**
 * Programming-noise sigma (siemens) at target gTarget: sum_i c_i (gTarget/gMax)^i * gMax/gRef
 * (aihwkit `apply_programming_noise_to_conductance`). Not clipped at 0.
 */
export function pcmProgSigma(gTarget: number, gMax: number, coeff: readonly number[], gRef: number): number {
  const x = gTarget / gMax;
  let sig = 0;
  let pw = 1;
  for (let i = 0; i < coeff.length; i++) {
    sig += coeff[i]! * pw;
    pw *= x;
  }
  return sig * (gMax / gRef);
}

/** Mean of the drift exponent at x = |g_T|/g_max (x floored at 1e-7): clip(-0.0155 ln x + 0.0244, 0.049, 0.1). */
export function pcmDriftMu(x: number): number {
  const xc = Math.max(Math.abs(x), ZERO_CLIP);
  return clip(-0.0155 * Math.log(xc) + 0.0244, 0.049, 0.1);
}

/** Spread of the drift exponent at x = |g_T|/g_max: clip(-0.0125 ln x - 0.0059, 0.008, 0.045). */
export function pcmDriftSigma(x: number): number {
  const xc = Math.max(Math.abs(x), ZERO_CLIP);
  return clip(-0.0125 * Math.log(xc) - 0.0059, 0.008, 0.045);
}

/** The 1/f read-noise factor Q_s at x = |g_prog|/g_max: min(0.0088 / max(x^0.65, 1e-3), 0.2). */
export function pcmQs(x: number): number {
  return Math.min(0.0088 / Math.max(Math.abs(x) ** 0.65, 1e-3), 0.2);
}

/**
 * The time factor of the read noise, sqrt(ln((t + tRead)/(2 tRead))), at absolute time
 * t = t_inference + t0. Shared by the PCM-like and HERMES models. (aihwkit evaluates it only for
 * t > 0, which always holds here; a negative logarithm, for t < tRead, is taken as 0.)
 */
export function readTimeFactor(t: number, tRead: number): number {
  const l = Math.log((t + tRead) / (2 * tRead));
  return l > 0 ? Math.sqrt(l) : 0;
}

/**
 * The drift factor (t/t0)^(-nu) with t = tInference + t0, applied only when t > t0 (so 1 at
 * tInference = 0).
 */
export function driftFactor(tInference: number, t0: number, nu: number): number {
  const t = tInference + t0;
  return t > t0 ? (t / t0) ** -nu : 1;
}

export function clip(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

// ---------------------------------------------------------------- shared checks

/** Throws unless tInference is a finite time >= 0. */
export function checkTime(kind: string, tInference: number): void {
  if (!(tInference >= 0) || !Number.isFinite(tInference)) {
    throw new RangeError(`${kind}: t_inference must be a finite time >= 0 s, got ${tInference}`);
  }
}

/** Throws unless every target is finite. */
export function checkTargets(kind: string, g: Float64Array): void {
  for (let i = 0; i < g.length; i++) {
    if (!Number.isFinite(g[i]!)) throw new RangeError(`${kind}: target conductance [${i}] is ${g[i]}`);
  }
}

export function checkOut(kind: string, p: Programmed, out: Float64Array): void {
  if (out.length !== p.gProg.length) {
    throw new RangeError(`${kind}: drift output has ${out.length} elements, the programmed array ${p.gProg.length}`);
  }
  if (p.nu.length !== p.gProg.length) {
    throw new RangeError(`${kind}: programmed array has ${p.gProg.length} conductances but ${p.nu.length} drift exponents`);
  }
}

/**
 * The PCM drift-and-read step shared by pcm_like and pcm_hermes: g_drift = g_prog (t/t0)^-nu
 * (t > t0), g = max(g_drift + |g_drift| * readScale * qs(|g_prog|/gMax) * timeFactor * xi, 0).
 */
/**
 * Programming of a drifting device: g_prog = max(g_T + scale sigma(g_T) xi, 0), then
 * nu = nuOf(g_T, xi') (n normals for g, then n for nu). Shared by the PCM-like and the
 * state-independent models.
 */
export function programDrifting(
  gTarget: Float64Array,
  rng: Rng,
  scale: number,
  sigma: (gT: number) => number,
  nuOf: (gT: number, xi: number) => number,
): Programmed {
  const n = gTarget.length;
  const gProg = new Float64Array(n);
  const nu = new Float64Array(n);
  const xi = rng.fillNormal(new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const g = gTarget[i]!;
    const v = g + scale * sigma(g) * xi[i]!;
    gProg[i] = v > 0 ? v : 0;
  }
  rng.fillNormal(xi);
  for (let i = 0; i < n; i++) nu[i] = nuOf(gTarget[i]!, xi[i]!);
  return { gProg, nu };
}

export function pcmDriftAndRead(
  p: Programmed,
  tInference: number,
  t0: number,
  tRead: number,
  gMax: number,
  readScale: number,
  qs: (x: number) => number,
  rng: Rng,
  out: Float64Array,
): void {
  const n = p.gProg.length;
  const xi = rng.fillNormal(new Float64Array(n));
  const t = tInference + t0;
  const drifts = t > t0;
  const ratio = t / t0;
  const tf = readTimeFactor(t, tRead);
  const gProg = p.gProg;
  const nu = p.nu;
  for (let i = 0; i < n; i++) {
    const g = gProg[i]!;
    const gd = drifts ? g * ratio ** -nu[i]! : g;
    const sigma = qs(Math.abs(g) / gMax) * tf;
    const v = gd + Math.abs(gd) * readScale * sigma * xi[i]!;
    out[i] = v > 0 ? v : 0;
  }
}

// ---------------------------------------------------------------- the model

export class PcmLikeModel implements DeviceModel {
  readonly kind: string = 'pcm_like';
  readonly gMin: number;
  readonly gMax: number;
  readonly params: Readonly<PcmLikeParams>;

  constructor(params: Partial<PcmLikeParams> = {}) {
    const p = { ...PCM_LIKE_DEFAULTS, ...params };
    checkConductanceRange('pcm_like', p.gMin, p.gMax);
    if (!(p.t0 > 0) || !(p.tRead > 0)) throw new RangeError(`pcm_like: t0 and t_read must be > 0`);
    if (!(p.progCoeffGRef > 0)) throw new RangeError(`pcm_like: prog_coeff_g_ref must be > 0`);
    if (p.progCoeff.length === 0) throw new RangeError(`pcm_like: prog_coeff is empty`);
    this.params = Object.freeze({ ...p, progCoeff: Object.freeze([...p.progCoeff]) });
    this.gMin = p.gMin;
    this.gMax = p.gMax;
  }

  /** Programming noise and drift exponents (random numbers: n normals for g, then n for nu). */
  program(gTarget: Float64Array, rng: Rng): Programmed {
    checkTargets(this.kind, gTarget);
    const p = this.params;
    return programDrifting(gTarget, rng, p.progNoiseScale, (g) => pcmProgSigma(g, p.gMax, p.progCoeff, p.progCoeffGRef), (g, xi) => {
      const x = g / p.gMax;
      return p.driftScale * Math.abs(pcmDriftMu(x) + pcmDriftSigma(x) * xi);
    });
  }

  /** Drift to t = tInference + t0 and add 1/f read noise (n normals). */
  drift(prog: Programmed, tInference: number, rng: Rng, out: Float64Array): void {
    checkTime(this.kind, tInference);
    checkOut(this.kind, prog, out);
    const p = this.params;
    pcmDriftAndRead(prog, tInference, p.t0, p.tRead, p.gMax, p.readNoiseScale, pcmQs, rng, out);
  }
}
