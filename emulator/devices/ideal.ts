// emulator/devices/ideal.ts: a noiseless, drift-free device. program() copies the targets,
// drift() copies the programmed conductances; the Rng is not used (no numbers are drawn).
import type { Rng } from '../random.js';
import { checkConductanceRange, type DeviceModel, type Programmed } from './device-model.js';
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
    checkConductanceRange('ideal', p.gMin, p.gMax);
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

/** A pulsed training device in inference: it holds the conductance it was written to (no drift,
 *  no read noise); its updates are emulator/pulsed/'s. */
export class PulsedHoldModel extends IdealModel {
  override readonly kind: string = 'pulsed';
}
