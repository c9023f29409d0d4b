// emulator/devices/device-model.ts: the statistical model of a memory device for inference.
//
// A model is pure: arrays and parameters in, arrays out, randomness only from the Rng it is
// given. Conductances are in siemens, times in seconds. Programming happens once per run;
// `drift` gives a fresh sample of the conductances at a time after programming (aihwkit's
// `apply_drift_noise`: drift from the per-device exponent nu, plus read noise redrawn on
// every call). See ../shared/reference/devices.md.
import type { Rng } from '../random.js';

export interface Programmed {
  /** Conductance right after programming (target plus programming noise). */
  gProg: Float64Array;
  /** Per-device drift exponent nu (0 for devices that do not drift). */
  nu: Float64Array;
  /** The targets, for models whose spread at a later time is drawn around them (Wan 2022). */
  gTarget?: Float64Array;
}

export interface DeviceModel {
  /** The device kind (`pcm_like`, `ideal`, ...). */
  readonly kind: string;
  readonly gMin: number;
  readonly gMax: number;
  /** Program target conductances (each in [gMin, gMax]). */
  program(gTarget: Float64Array, rng: Rng): Programmed;
  /**
   * Conductances `tInference` seconds after programming (t = tInference + t0 in the PCM
   * models), written into `out` (same length as p.gProg).
   */
  drift(p: Programmed, tInference: number, rng: Rng, out: Float64Array): void;
}

/** Throws unless 0 <= gMin < gMax (every model's first parameter check). */
export function checkConductanceRange(kind: string, gMin: number, gMax: number): void {
  if (!(gMax > 0)) throw new RangeError(`${kind}: g_max must be > 0, got ${gMax}`);
  if (!(gMin >= 0 && gMin < gMax)) throw new RangeError(`${kind}: need 0 <= g_min < g_max, got ${gMin}, ${gMax}`);
}
