// emulator/devices/table.ts: a device given by a table of programmable levels.
//
// Parameters (dsl/schema/devices.ts `table`): `levels` (strictly increasing conductances, the
// programmable states), `sigma` (programming-noise sigma per level, siemens), optional `nu` and
// `nu_sigma` (mean and spread of the drift exponent per level), `t0`, `read_noise` (relative).
// The model is the PCM-like one (pcm-like.ts) with the fits replaced by the table, in the manner
// of aihwkit's CustomDriftPCMLikeNoiseModel (src/aihwkit/inference/noise/pcm.py):
//
//   1. snap:     the target is replaced by the nearest level (a tie halfway between two levels
//                goes to the lower one; targets outside the table go to the end levels).
//   2. program:  g_prog = max(L + sigma(L) * xi, 0)
//   3. drift:    nu = |nu(L) + nu_sigma(L) * xi|  (folded normal, as in aihwkit); nu unset -> 0
//                (no drift), nu_sigma unset -> 0
//   4. read:     t = t_inference + t0; g_drift = g_prog (t/t0)^-nu if t > t0, else g_prog
//                g(t) = max(g_drift + |g_drift| * read_noise * xi, 0)
//                (read_noise is the relative sigma of one read; unlike the PCM fits it has no
//                1/f time factor)
//
// sigma, nu and nu_sigma are functions of g, piecewise linear between the levels and constant
// beyond the end levels (numpy.interp semantics, as aihwkit's custom drift model); tableInterp
// exposes that. Because targets are snapped first, the model itself only evaluates them at the
// levels, where they equal the table entries. gMin and gMax are the first and last level.
import type { Rng } from '../random.js';
import type { DeviceModel, Programmed } from './device-model.js';
import { checkOut, checkTargets, checkTime, driftFactor } from './pcm-like.js';

export interface TableParams {
  levels: readonly number[];
  sigma: readonly number[];
  /** Mean drift exponent per level; null: no drift. */
  nu: readonly number[] | null;
  /** Spread of nu per level; null: 0. */
  nuSigma: readonly number[] | null;
  t0: number;
  readNoise: number;
}

/** Piecewise-linear interpolation of ys over xs (increasing) at x; constant beyond the ends. */
export function tableInterp(xs: readonly number[], ys: readonly number[], x: number): number {
  const n = xs.length;
  if (n === 0 || ys.length !== n) throw new RangeError('tableInterp: xs and ys must be non-empty and of equal length');
  if (x <= xs[0]!) return ys[0]!;
  if (x >= xs[n - 1]!) return ys[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const x0 = xs[lo]!;
  const x1 = xs[hi]!;
  const f = (x - x0) / (x1 - x0);
  return ys[lo]! + f * (ys[hi]! - ys[lo]!);
}

/** Index of the level nearest to g (ties to the lower level). */
export function nearestLevel(levels: readonly number[], g: number): number {
  const n = levels.length;
  if (g <= levels[0]!) return 0;
  if (g >= levels[n - 1]!) return n - 1;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (levels[mid]! <= g) lo = mid;
    else hi = mid;
  }
  return g - levels[lo]! <= levels[hi]! - g ? lo : hi;
}

export class TableModel implements DeviceModel {
  readonly kind: string = 'table';
  readonly gMin: number;
  readonly gMax: number;
  readonly params: Readonly<TableParams>;

  constructor(params: TableParams) {
    const { levels, sigma, nu, nuSigma } = params;
    const n = levels.length;
    if (n === 0) throw new RangeError('table: `levels` is empty');
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(levels[i]!) || levels[i]! < 0) throw new RangeError(`table: level ${i} must be a finite conductance >= 0, got ${levels[i]}`);
      if (i > 0 && !(levels[i]! > levels[i - 1]!)) throw new RangeError(`table: \`levels\` must be strictly increasing (level ${i})`);
    }
    const same = (name: string, l: readonly number[] | null, min: number) => {
      if (l === null) return;
      if (l.length !== n) throw new RangeError(`table: \`${name}\` has ${l.length} values but \`levels\` has ${n}`);
      for (const v of l) if (!Number.isFinite(v) || v < min) throw new RangeError(`table: \`${name}\` values must be finite and >= ${min}, got ${v}`);
    };
    same('sigma', sigma, 0);
    same('nu', nu, -Infinity);
    same('nu_sigma', nuSigma, 0);
    if (nuSigma !== null && nu === null) throw new RangeError('table: `nu_sigma` is set but `nu` is not');
    if (!(params.t0 > 0)) throw new RangeError(`table: t0 must be > 0, got ${params.t0}`);
    if (!(params.readNoise >= 0)) throw new RangeError(`table: read_noise must be >= 0, got ${params.readNoise}`);
    this.params = Object.freeze({
      levels: Object.freeze([...levels]),
      sigma: Object.freeze([...sigma]),
      nu: nu === null ? null : Object.freeze([...nu]),
      nuSigma: nuSigma === null ? null : Object.freeze([...nuSigma]),
      t0: params.t0,
      readNoise: params.readNoise,
    });
    this.gMin = levels[0]!;
    this.gMax = levels[n - 1]!;
  }

  /** Snap each target to its nearest level (the conductances the device can be programmed to). */
  snap(gTarget: Float64Array, out: Float64Array = new Float64Array(gTarget.length)): Float64Array {
    const lv = this.params.levels;
    for (let i = 0; i < gTarget.length; i++) out[i] = lv[nearestLevel(lv, gTarget[i]!)]!;
    return out;
  }

  /** Programming sigma at conductance g (interpolated). */
  sigmaAt(g: number): number {
    return tableInterp(this.params.levels, this.params.sigma, g);
  }

  /** Mean drift exponent at g (interpolated; 0 without a `nu` table). */
  nuAt(g: number): number {
    return this.params.nu ? tableInterp(this.params.levels, this.params.nu, g) : 0;
  }

  /** Spread of the drift exponent at g (interpolated; 0 without a `nu_sigma` table). */
  nuSigmaAt(g: number): number {
    return this.params.nuSigma ? tableInterp(this.params.levels, this.params.nuSigma, g) : 0;
  }

  /** Snap, programming noise (n normals), drift exponents (n normals if `nu` is set). */
  program(gTarget: Float64Array, rng: Rng): Programmed {
    checkTargets(this.kind, gTarget);
    const p = this.params;
    const n = gTarget.length;
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = nearestLevel(p.levels, gTarget[i]!);
    const gProg = new Float64Array(n);
    const nu = new Float64Array(n);
    const xi = rng.fillNormal(new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const k = idx[i]!;
      const v = p.levels[k]! + p.sigma[k]! * xi[i]!;
      gProg[i] = v > 0 ? v : 0;
    }
    if (p.nu) {
      rng.fillNormal(xi);
      const nuS = p.nuSigma;
      for (let i = 0; i < n; i++) {
        const k = idx[i]!;
        nu[i] = Math.abs(p.nu[k]! + (nuS ? nuS[k]! : 0) * xi[i]!);
      }
    }
    return { gProg, nu };
  }

  /** Drift to t = tInference + t0, plus relative read noise (n normals). */
  drift(prog: Programmed, tInference: number, rng: Rng, out: Float64Array): void {
    checkTime(this.kind, tInference);
    checkOut(this.kind, prog, out);
    const p = this.params;
    const n = prog.gProg.length;
    const xi = rng.fillNormal(new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const gd = prog.gProg[i]! * driftFactor(tInference, p.t0, prog.nu[i]!);
      const v = gd + Math.abs(gd) * p.readNoise * xi[i]!;
      out[i] = v > 0 ? v : 0;
    }
  }
}
