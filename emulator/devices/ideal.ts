// emulator/devices/ideal.ts: a noiseless, drift-free device. program() copies the targets,
// drift() copies the programmed conductances; the Rng is not used (no numbers are drawn).
import type { Rng } from '../random.js';
import type { DeviceModel, Programmed } from './device-model.js';
import { checkOut, checkTargets, checkTime } from './pcm-like.js';

export interface IdealParams {
  gMax: number;
  gMin: number;
}

export const IDEAL_DEFAULTS: Readonly<IdealParams> = Object.freeze({ gMax: 25e-6, gMin: 0 });

export class IdealModel implements DeviceModel {
  readonly kind: string = 'ideal';
  readonly gMin: number;
  readonly gMax: number;

  constructor(params: Partial<IdealParams> = {}) {
    const p = { ...IDEAL_DEFAULTS, ...params };
    if (!(p.gMax > 0)) throw new RangeError(`ideal: g_max must be > 0, got ${p.gMax}`);
    if (!(p.gMin >= 0 && p.gMin < p.gMax)) throw new RangeError(`ideal: need 0 <= g_min < g_max, got ${p.gMin}, ${p.gMax}`);
    this.gMin = p.gMin;
    this.gMax = p.gMax;
  }

  program(gTarget: Float64Array, _rng: Rng): Programmed {
    checkTargets(this.kind, gTarget);
    return { gProg: Float64Array.from(gTarget), nu: new Float64Array(gTarget.length) };
  }

  drift(prog: Programmed, tInference: number, _rng: Rng, out: Float64Array): void {
    checkTime(this.kind, tInference);
    checkOut(this.kind, prog, out);
    out.set(prog.gProg);
  }
}
