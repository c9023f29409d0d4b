// emulator/pulsed/array.ts: a rows x cols array of pulsed training devices.
//
// Cell (j, i) is index j·cols + i: row j is driven by x_j, column i by d_i (pulse-update.ts).
//
// 1. Construction draws, per cell, the device-to-device values of ../shared/reference/devices.md
//    §3.1 (`PulsedRPUDevice::populate`), ξ ~ N(0, 1) from `rng` in a fixed order per cell:
//      b_max = w_max·(1 + w_max_dtod·ξ1), b_min = w_min·(1 + w_min_dtod·ξ2),
//      g = 1 + dw_min_dtod·ξ3 (or exp(dw_min_dtod·ξ3) if log-normal), r = up_down_dtod·ξ4,
//      up_down > 0: Δw⁺ = (g + r)·dw_min, Δw⁻ = (g − r − up_down)·dw_min,
//      otherwise:   Δw⁺ = (g + r + up_down)·dw_min, Δw⁻ = (g − r)·dw_min;
//      linear: γ⁺ = |gamma_up + gamma_up_dtod·ξ5|, γ⁻ = |gamma_down + gamma_down_dtod·ξ6| (abs
//        unless allow_increasing), slopes s⁺ = −γ⁺Δw⁺/w_ref⁺, s⁻ = −γ⁻Δw⁻/w_ref⁻ with w_ref the
//        mean bounds w_max/w_min (mean_bound_reference) or the cell's b_max/b_min (§3.2);
//      pow: γ^± = pow_gamma·(1 ± pow_up_down + pow_gamma_dtod·ξ5) (§3.2, one ξ per cell).
//    enforce_consistency (§3.1): |Δw^±|, b_max ← max(b_max, 0), b_min ← min(b_min, 0) (for a
//    one-sided device: b_min ← max(b_min, 0)); then b_max ≥ b_min is forced by swapping.
//    Weights start at 0 (clipped into the bounds).
// 2. `applyPulses(cell, n, sign, rng)`: n update-once steps in one direction, each followed by
//    the clip to [b_min, b_max] (§3.2). sign > 0 means DOWN, as in aihwkit (SGD: w −= lr·x·d).
//    Cycle-to-cycle noise: ξ ~ N(0, 1) per pulse, σ = dw_min_std (drawn only when σ > 0, by the
//    ziggurat of normal.ts: the hot loop; the d2d draws of step 1 use `rng.normal()`).
//      constant:    w ∓= Δw^±·(1 + σξ)
//      linear, soft_bounds (γ = 1, own bounds), mult_noise:
//                   up w += (s⁺w + Δw⁺)(1 + σξ);   down w −= (s⁻w + Δw⁻)(1 + σξ)
//      linear, additive noise: up w += s⁺w + Δw⁺(1 + σξ); down w −= s⁻w + Δw⁻(1 + σξ)
//      exp:         z = 2a·w/(b_max − b_min) + b
//                   up w += max(1 − A_up e^{γ_up z}, 0)(1 + σξ)Δw⁺
//                   down w −= max(1 − A_down e^{−γ_down z}, 0)(1 + σξ)Δw⁻
//      pow:         up w += Δw⁺((b_max − w)/range)^{γ⁺}(1 + σξ); down w −= Δw⁻((w − b_min)/range)^{γ⁻}(1 + σξ)
// 3. Write noise (write_noise_std > 0, §3.2): the visible weight of a cell is its persistent
//    weight plus write_noise_std·dw_min·ξ, redrawn each time the cell receives pulses.
// 4. `decay()`: w ← w·(1 − 1/lifetime) for every cell (§3.1 decay scale; lifetime_dtod not modelled).
import type { Rng } from '../random.js';
import { zigguratNormal as zig } from './normal.js';
import type { PulsedDeviceParams } from './params.js';

const RULE_CONSTANT = 0;
const RULE_LINEAR = 1;
const RULE_EXP = 2;
const RULE_POW = 3;

export class PulsedArray {
  readonly rows: number;
  readonly cols: number;
  readonly params: Readonly<PulsedDeviceParams>;
  /** Persistent weights. */
  readonly w: Float64Array;
  readonly bMax: Float64Array;
  readonly bMin: Float64Array;
  /** Δw⁺ and Δw⁻ per cell (weight units). */
  readonly dwUp: Float64Array;
  readonly dwDown: Float64Array;
  /** linear/soft_bounds: slopes s⁺, s⁻; pow: exponents γ⁺, γ⁻; otherwise unused (0). */
  readonly pUp: Float64Array;
  readonly pDown: Float64Array;
  /** Apparent weights (only with write noise). */
  private apparent: Float64Array | undefined;
  private readonly kind: number;

  constructor(rows: number, cols: number, params: PulsedDeviceParams, rng: Rng) {
    if (!(Number.isInteger(rows) && rows > 0 && Number.isInteger(cols) && cols > 0)) {
      throw new RangeError(`PulsedArray: rows and cols must be positive integers, got ${rows} x ${cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.params = Object.freeze({ ...params });
    const n = rows * cols;
    this.w = new Float64Array(n);
    this.bMax = new Float64Array(n);
    this.bMin = new Float64Array(n);
    this.dwUp = new Float64Array(n);
    this.dwDown = new Float64Array(n);
    this.pUp = new Float64Array(n);
    this.pDown = new Float64Array(n);
    const p = params;
    this.kind = p.rule === 'constant' ? RULE_CONSTANT : p.rule === 'exp' ? RULE_EXP : p.rule === 'pow' ? RULE_POW : RULE_LINEAR;
    const upBias = p.up_down > 0 ? 0 : p.up_down;
    const downBias = p.up_down > 0 ? -p.up_down : 0;
    for (let c = 0; c < n; c++) {
      let bmax = p.w_max * (1 + p.w_max_dtod * rng.normal());
      let bmin = p.w_min * (1 + p.w_min_dtod * rng.normal());
      const xg = rng.normal();
      const g = p.dw_min_dtod_log_normal ? Math.exp(p.dw_min_dtod * xg) : 1 + p.dw_min_dtod * xg;
      const r = p.up_down_dtod * rng.normal();
      let up = (upBias + g + r) * p.dw_min;
      let down = (downBias + g - r) * p.dw_min;
      if (p.enforce_consistency) {
        up = Math.abs(up);
        down = Math.abs(down);
        bmax = Math.max(bmax, 0);
        bmin = p.one_sided ? Math.max(bmin, 0) : Math.min(bmin, 0);
      }
      if (bmax < bmin) [bmax, bmin] = [bmin, bmax];
      this.bMax[c] = bmax;
      this.bMin[c] = bmin;
      this.dwUp[c] = up;
      this.dwDown[c] = down;
      if (this.kind === RULE_LINEAR) {
        let gu = p.gamma_up + p.gamma_up_dtod * rng.normal();
        let gd = p.gamma_down + p.gamma_down_dtod * rng.normal();
        if (!p.allow_increasing) {
          gu = Math.abs(gu);
          gd = Math.abs(gd);
        }
        const refUp = p.mean_bound_reference ? p.w_max : bmax;
        const refDown = p.mean_bound_reference ? p.w_min : bmin;
        this.pUp[c] = refUp !== 0 ? (-gu * up) / refUp : 0;
        this.pDown[c] = refDown !== 0 ? (-gd * down) / refDown : 0;
      } else if (this.kind === RULE_POW) {
        const xi = rng.normal();
        this.pUp[c] = p.pow_gamma * (1 + p.pow_up_down + p.pow_gamma_dtod * xi);
        this.pDown[c] = p.pow_gamma * (1 - p.pow_up_down + p.pow_gamma_dtod * xi);
      }
      this.w[c] = Math.min(Math.max(0, bmin), bmax);
    }
    if (p.write_noise_std > 0) this.apparent = Float64Array.from(this.w);
  }

  get size(): number {
    return this.rows * this.cols;
  }

  /**
   * n update-once steps of cell `cell` in one direction: sign > 0 is DOWN (aihwkit: w −= lr·x·d),
   * sign < 0 is UP; sign 0 or n <= 0 does nothing. Each step is followed by the clip (§3.2).
   */
  applyPulses(cell: number, n: number, sign: number, rng: Rng): void {
    if (n <= 0 || sign === 0) return;
    const p = this.params;
    const sigma = p.dw_min_std;
    const bmax = this.bMax[cell]!;
    const bmin = this.bMin[cell]!;
    let w = this.w[cell]!;
    const upDir = sign < 0;
    const dw = upDir ? this.dwUp[cell]! : this.dwDown[cell]!;
    switch (this.kind) {
      case RULE_CONSTANT:
        for (let k = 0; k < n; k++) {
          const step = sigma > 0 ? dw * (1 + sigma * zig(rng)) : dw;
          w = upDir ? w + step : w - step;
          w = w > bmax ? bmax : w < bmin ? bmin : w;
        }
        break;
      case RULE_LINEAR: {
        const s = upDir ? this.pUp[cell]! : this.pDown[cell]!;
        const mult = p.mult_noise;
        for (let k = 0; k < n; k++) {
          const nz = sigma > 0 ? 1 + sigma * zig(rng) : 1;
          const step = mult ? (s * w + dw) * nz : s * w + dw * nz;
          w = upDir ? w + step : w - step;
          w = w > bmax ? bmax : w < bmin ? bmin : w;
        }
        break;
      }
      case RULE_EXP: {
        const span = bmax - bmin;
        for (let k = 0; k < n; k++) {
          const z = span > 0 ? (2 * p.a * w) / span + p.b : p.b;
          const f = upDir ? Math.max(1 - p.A_up * Math.exp(p.gamma_up * z), 0) : Math.max(1 - p.A_down * Math.exp(-p.gamma_down * z), 0);
          const nz = sigma > 0 ? 1 + sigma * zig(rng) : 1;
          const step = f * nz * dw;
          w = upDir ? w + step : w - step;
          w = w > bmax ? bmax : w < bmin ? bmin : w;
        }
        break;
      }
      case RULE_POW: {
        const range = bmax - bmin;
        const gam = upDir ? this.pUp[cell]! : this.pDown[cell]!;
        for (let k = 0; k < n; k++) {
          const frac = range > 0 ? (upDir ? bmax - w : w - bmin) / range : 0;
          const nz = sigma > 0 ? 1 + sigma * zig(rng) : 1;
          const step = dw * Math.pow(frac, gam) * nz;
          w = upDir ? w + step : w - step;
          w = w > bmax ? bmax : w < bmin ? bmin : w;
        }
        break;
      }
    }
    this.w[cell] = w;
    if (this.apparent) this.apparent[cell] = w + p.write_noise_std * p.dw_min * zig(rng);
  }

  /** The visible weight of one cell (persistent plus write noise, if any). */
  weight(cell: number): number {
    return this.apparent ? this.apparent[cell]! : this.w[cell]!;
  }

  /** A copy of the visible weights (row-major, rows x cols). */
  weights(out: Float64Array = new Float64Array(this.size)): Float64Array {
    out.set(this.apparent ?? this.w);
    return out;
  }

  /** Set every persistent weight (clipped to each cell's bounds); write noise is cleared. */
  setWeights(values: ArrayLike<number>): void {
    for (let c = 0; c < this.size; c++) {
      const v = values[c]!;
      this.w[c] = Math.min(Math.max(v, this.bMin[c]!), this.bMax[c]!);
    }
    if (this.apparent) this.apparent.set(this.w);
  }

  /** Set one cell's persistent weight (clipped to its bounds; a RESET or a programmed write); its write noise is cleared. */
  setCell(cell: number, v: number): void {
    this.w[cell] = Math.min(Math.max(v, this.bMin[cell]!), this.bMax[cell]!);
    if (this.apparent) this.apparent[cell] = this.w[cell]!;
  }

  /** One decay step, w ← w·(1 − 1/lifetime) (§3.1); nothing when lifetime is 0. */
  decay(): void {
    const lt = this.params.lifetime;
    if (!(lt > 0)) return;
    const s = 1 - 1 / lt;
    for (let c = 0; c < this.size; c++) this.w[c] = this.w[c]! * s;
    if (this.apparent) for (let c = 0; c < this.size; c++) this.apparent[c] = this.apparent[c]! * s;
  }
}
