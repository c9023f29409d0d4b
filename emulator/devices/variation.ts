// emulator/devices/variation.ts: array-level non-idealities common to every device kind.
//
// `withVariation(model, params)` wraps a DeviceModel; with every parameter off it returns the
// model itself, so the defaults change nothing (not even the random stream). The steps, in
// order, on the targets handed to `program`:
//
//   1. levels (N >= 2): g_T <- g_min + round_half_even((g_T - g_min)/(g_max - g_min) (N - 1))
//      (g_max - g_min)/(N - 1), the index clipped to [0, N - 1]: N equally spaced levels
//      (a chip that can only write N states; digital rounding of the target, before any noise).
//   2. device-to-device spread (d2d_sigma = s > 0): g_T <- g_min + (g_T - g_min) max(1 + s xi, 0),
//      xi ~ N(0, 1) once per device: each device's conductance range is scaled by its own
//      factor, in the form of aihwkit's bound spread b = w (1 + w_max_dtod xi)
//      (PulsedRPUDevice::populate, devices.md §3.1). A device at g_min is unaffected.
//   3. the wrapped model programs the result (programming noise, drift exponents).
//   4. stuck-at faults: each device independently is stuck at g_min with probability
//      stuck_min_rate, else at g_max with probability stuck_max_rate / (1 - stuck_min_rate)
//      (one uniform u per device: u < r_min -> g_min, r_min <= u < r_min + r_max -> g_max).
//      A stuck device holds exactly that conductance at every time: no programming noise, no
//      drift (nu = 0) and no read noise. aihwkit has no inference stuck-at model; its training
//      devices mark `corrupt_devices_prob` devices stuck at a fixed value that no pulse changes
//      (devices.md §3.1), and xbar extends that to reads: a failed cell (open, or shorted/fully
//      SET) is not in the state the statistical drift and read-noise fits describe.
//
// Random draws come from forks of the programming stream (`rng.fork('d2d')`,
// `rng.fork('stuck')`), so the wrapped model sees the same stream with or without them.
import { roundHalfEven } from '../models/quantize.js';
import type { Rng } from '../random.js';
import type { DeviceModel, Programmed } from './device-model.js';

export interface VariationParams {
  /** Equally spaced programmable levels; 0: continuous. */
  levels: number;
  /** Relative device-to-device spread of the programmed range. */
  d2dSigma: number;
  stuckMinRate: number;
  stuckMaxRate: number;
}

export const NO_VARIATION: Readonly<VariationParams> = Object.freeze({ levels: 0, d2dSigma: 0, stuckMinRate: 0, stuckMaxRate: 0 });

/** Stuck state per device in `VariedProgrammed.stuck`. */
export const STUCK_NONE = 0;
export const STUCK_MIN = 1;
export const STUCK_MAX = 2;

export interface VariedProgrammed extends Programmed {
  /** Per device: STUCK_NONE, STUCK_MIN or STUCK_MAX (only with a non-zero stuck rate). */
  stuck?: Uint8Array;
}

/** Throws (naming the parameter) unless the parameters are valid. */
export function checkVariation(kind: string, v: VariationParams): void {
  if (!(Number.isInteger(v.levels) && (v.levels === 0 || v.levels >= 2))) {
    throw new RangeError(`${kind}: parameter \`levels\` must be 0 (continuous) or an integer >= 2, got ${v.levels}`);
  }
  if (!(v.d2dSigma >= 0)) throw new RangeError(`${kind}: parameter \`d2d_sigma\` must be >= 0, got ${v.d2dSigma}`);
  for (const [name, r] of [['stuck_min_rate', v.stuckMinRate], ['stuck_max_rate', v.stuckMaxRate]] as const) {
    if (!(r >= 0 && r <= 1)) throw new RangeError(`${kind}: parameter \`${name}\` must be between 0 and 1, got ${r}`);
  }
  if (v.stuckMinRate + v.stuckMaxRate > 1) {
    throw new RangeError(`${kind}: stuck_min_rate + stuck_max_rate must be at most 1, got ${v.stuckMinRate} + ${v.stuckMaxRate}`);
  }
}

/** Round each target to the nearest of n equally spaced levels in [gMin, gMax] (n >= 2), in place. */
export function quantiseTargets(g: Float64Array, gMin: number, gMax: number, n: number): void {
  const step = (gMax - gMin) / (n - 1);
  for (let k = 0; k < g.length; k++) {
    const i = Math.min(n - 1, Math.max(0, roundHalfEven((g[k]! - gMin) / step)));
    g[k] = gMin + i * step;
  }
}

/** `model` with the array-level non-idealities `v`; `model` itself when they are all off. */
export function withVariation(model: DeviceModel, v: VariationParams): DeviceModel {
  checkVariation(model.kind, v);
  if (v.levels === 0 && v.d2dSigma === 0 && v.stuckMinRate === 0 && v.stuckMaxRate === 0) return model;
  return new VariedModel(model, v);
}

class VariedModel implements DeviceModel {
  readonly kind: string;
  readonly gMin: number;
  readonly gMax: number;

  constructor(readonly inner: DeviceModel, readonly v: Readonly<VariationParams>) {
    this.kind = inner.kind;
    this.gMin = inner.gMin;
    this.gMax = inner.gMax;
  }

  program(gTarget: Float64Array, rng: Rng): VariedProgrammed {
    const { gMin, gMax, v } = this;
    const g = Float64Array.from(gTarget);
    if (v.levels >= 2) quantiseTargets(g, gMin, gMax, v.levels);
    if (v.d2dSigma > 0) {
      const r = rng.fork('d2d');
      for (let k = 0; k < g.length; k++) g[k] = gMin + (g[k]! - gMin) * Math.max(1 + v.d2dSigma * r.normal(), 0);
    }
    const p: VariedProgrammed = this.inner.program(g, rng);
    if (v.stuckMinRate > 0 || v.stuckMaxRate > 0) {
      const r = rng.fork('stuck');
      const stuck = new Uint8Array(g.length);
      for (let k = 0; k < g.length; k++) {
        const u = r.uniform();
        if (u < v.stuckMinRate) stuck[k] = STUCK_MIN;
        else if (u < v.stuckMinRate + v.stuckMaxRate) stuck[k] = STUCK_MAX;
        if (stuck[k] !== STUCK_NONE) {
          p.gProg[k] = stuck[k] === STUCK_MIN ? gMin : gMax;
          p.nu[k] = 0;
        }
      }
      p.stuck = stuck;
    }
    return p;
  }

  drift(p: VariedProgrammed, tInference: number, rng: Rng, out: Float64Array): void {
    this.inner.drift(p, tInference, rng, out);
    const s = p.stuck;
    if (!s) return;
    for (let k = 0; k < s.length; k++) if (s[k] !== STUCK_NONE) out[k] = s[k] === STUCK_MIN ? this.gMin : this.gMax;
  }
}
