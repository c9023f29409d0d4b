// emulator/pulsed/one-sided.ts: aihwkit's OneSidedUnitCell (../shared/reference/devices.md §3.4):
// a weight is a pair of one-sided devices, w = g⁺ − g⁻, each only ever stepped UP (PCM's
// SET-like partial crystallisation: the `pcm` preset, ExpStep on [0, 2], §3.2).
//
// - Update: the stochastic pulse update of pulse-update.ts, with each coincidence routed by its
//   direction: one that increases w is an up pulse on g⁺, one that decreases w an up pulse on
//   g⁻ (so a down step never happens on a device).
// - Refresh, after each update: a cell whose pair has grown too far to keep stepping — one device
//   above `upper` of its range and the other above `lower` (aihwkit's refresh_upper_thres 0.75,
//   refresh_lower_thres 0.25; our reading of "refresh at 0.75/0.25 thresholds", §3.4) — is read
//   (a read of its input line: w = g⁺ − g⁻), both devices are reset to their lower bound (a RESET pulse), and w is written
//   back as round(|w| / dw_min) up pulses on g⁺ (w > 0) or g⁻ (w < 0).
import type { Rng } from '../random.js';
import { PulsedArray } from './array.js';
import type { Trainable } from './compounds.js';
import type { PulsedDeviceParams } from './params.js';
import { pulseUpdate, type PulseUpdateOptions, type PulseUpdateResult, type UpdateParameters } from './pulse-update.js';

export interface RefreshStats {
  /** Cells refreshed, the input lines (rows) they are on, summed over refreshes, and the up pulses that wrote them back. */
  cells: number;
  rows: number;
  pulses: number;
}

export class OneSidedPair implements Trainable {
  readonly rows: number;
  readonly cols: number;
  readonly plus: PulsedArray;
  readonly minus: PulsedArray;
  readonly refreshed: RefreshStats = { cells: 0, rows: 0, pulses: 0 };
  private readonly rng: Rng;
  private readonly refreshRng: Rng;

  constructor(
    rows: number,
    cols: number,
    readonly params: PulsedDeviceParams,
    rng: Rng,
    readonly up: UpdateParameters,
    readonly thresholds = { upper: 0.75, lower: 0.25 },
  ) {
    this.rows = rows;
    this.cols = cols;
    this.plus = new PulsedArray(rows, cols, params, rng.fork('plus'));
    this.minus = new PulsedArray(rows, cols, params, rng.fork('minus'));
    this.rng = rng.fork('update');
    this.refreshRng = rng.fork('refresh');
  }

  /** The pulse update with its coincidences routed onto g⁺ and g⁻ (always up), then the refresh. */
  pulse(x: ArrayLike<number>, d: ArrayLike<number>, lr: number, opts: PulseUpdateOptions = {}): PulseUpdateResult {
    const { plus, minus } = this;
    // sign > 0 is a DOWN step of w (aihwkit's convention): an up pulse on g⁻; else one on g⁺
    const router = {
      rows: this.rows,
      cols: this.cols,
      params: this.params,
      applyPulses: (cell: number, n: number, sign: number, rng: Rng) => (sign > 0 ? minus : plus).applyPulses(cell, n, -1, rng),
    };
    const r = pulseUpdate(router as unknown as PulsedArray, x, d, lr, this.up, this.rng, opts);
    this.refresh();
    return r;
  }

  update(x: ArrayLike<number>, d: ArrayLike<number>, lr: number): void {
    this.pulse(x, d, lr);
  }

  private refresh(): void {
    const n = this.rows * this.cols;
    let lastRow = -1;
    for (let c = 0; c < n; c++) {
      const gp = this.plus.weight(c);
      const gm = this.minus.weight(c);
      const hi = (a: PulsedArray, g: number, f: number) => g > a.bMin[c]! + f * (a.bMax[c]! - a.bMin[c]!);
      const { upper, lower } = this.thresholds;
      if (!((hi(this.plus, gp, upper) && hi(this.minus, gm, lower)) || (hi(this.minus, gm, upper) && hi(this.plus, gp, lower)))) continue;
      const w = gp - gm;
      this.plus.setCell(c, this.plus.bMin[c]!);
      this.minus.setCell(c, this.minus.bMin[c]!);
      const k = Math.round(Math.abs(w) / this.params.dw_min);
      if (k > 0) (w > 0 ? this.plus : this.minus).applyPulses(c, k, -1, this.refreshRng);
      this.refreshed.cells++;
      this.refreshed.pulses += k;
      const row = Math.floor(c / this.cols);
      if (row !== lastRow) this.refreshed.rows++;
      lastRow = row;
    }
  }

  weights(out: Float64Array = new Float64Array(this.rows * this.cols)): Float64Array {
    for (let c = 0; c < out.length; c++) out[c] = this.plus.weight(c) - this.minus.weight(c);
    return out;
  }

  /** Start from weights w: each on g⁺ (w > 0) or g⁻ (w < 0), the other device at its lower bound. */
  setWeights(w: ArrayLike<number>): void {
    for (let c = 0; c < w.length; c++) {
      const v = w[c]!;
      this.plus.setCell(c, this.plus.bMin[c]! + Math.max(v, 0));
      this.minus.setCell(c, this.minus.bMin[c]! + Math.max(-v, 0));
    }
  }
}
