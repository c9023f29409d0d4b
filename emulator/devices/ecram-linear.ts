// emulator/devices/ecram-linear.ts: ECRAM with linear-step pulsed updates (aihwkit
// EcRamPresetDevice, Tang 2018; ../shared/reference/devices.md §3.2), for INFERENCE only.
//
// Assumptions (documented; pulsed training with dw_min, gamma_up/down and dw_min_std comes in a
// later issue and does not enter this model):
//   - Programming: the device is written to its target exactly (a closed-loop write that
//     reaches the target), clamped to [g_min, g_max]. No programming noise is modelled: aihwkit
//     has no inference noise model for ECRAM to take one from.
//   - Retention: ECRAM is treated as stable, i.e. no drift (nu = 0). Published ECRAM retention
//     is good over the times an inference run covers; no fit exists in our sources.
//   - Read noise: each read is g (1 + read_noise_scale * rho * xi), floored at 0, with a small
//     relative sigma rho = ECRAM_READ_NOISE = 1 %. That figure is an assumption, not a
//     measurement: it is the "short-term read noise (about 1 %)" that aihwkit's reram.py
//     docstring suggests adding for RRAM (forward.w_noise ~ 0.01).
import type { Rng } from '../random.js';
import { checkConductanceRange, type DeviceModel, type Programmed } from './device-model.js';
import { checkOut, checkTargets, checkTime } from './pcm-like.js';

/** Relative read-noise sigma per read before read_noise_scale (an assumption; see above). */
export const ECRAM_READ_NOISE = 0.01;

export interface EcramLinearParams {
  gMax: number;
  gMin: number;
  dwMin: number;
  wMin: number;
  wMax: number;
  gammaUp: number;
  gammaDown: number;
  dwMinStd: number;
  readNoiseScale: number;
}

export const ECRAM_LINEAR_DEFAULTS: Readonly<EcramLinearParams> = Object.freeze({
  gMax: 1.6e-6,
  gMin: 0.1e-6,
  dwMin: 0.002,
  wMin: -0.8276,
  wMax: 1.1724,
  gammaUp: 0.1153,
  gammaDown: 0.5085,
  dwMinStd: 0.3,
  readNoiseScale: 1,
});

export class EcramLinearModel implements DeviceModel {
  readonly kind: string = 'ecram_linear';
  readonly gMin: number;
  readonly gMax: number;
  readonly params: Readonly<EcramLinearParams>;

  constructor(params: Partial<EcramLinearParams> = {}) {
    const p = { ...ECRAM_LINEAR_DEFAULTS, ...params };
    checkConductanceRange('ecram_linear', p.gMin, p.gMax);
    if (!(p.readNoiseScale >= 0)) throw new RangeError(`ecram_linear: read_noise_scale must be >= 0`);
    this.params = Object.freeze(p);
    this.gMin = p.gMin;
    this.gMax = p.gMax;
  }

  /** Exact write, clamped to [gMin, gMax]; no random numbers are drawn. */
  program(gTarget: Float64Array, _rng: Rng): Programmed {
    checkTargets(this.kind, gTarget);
    const n = gTarget.length;
    const gProg = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const g = gTarget[i]!;
      gProg[i] = g < this.gMin ? this.gMin : g > this.gMax ? this.gMax : g;
    }
    return { gProg, nu: new Float64Array(n) };
  }

  /** No drift; relative read noise (n normals). */
  drift(prog: Programmed, tInference: number, rng: Rng, out: Float64Array): void {
    checkTime(this.kind, tInference);
    checkOut(this.kind, prog, out);
    const n = prog.gProg.length;
    const rho = ECRAM_READ_NOISE * this.params.readNoiseScale;
    const xi = rng.fillNormal(new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const g = prog.gProg[i]!;
      const v = g + Math.abs(g) * rho * xi[i]!;
      out[i] = v > 0 ? v : 0;
    }
  }
}
