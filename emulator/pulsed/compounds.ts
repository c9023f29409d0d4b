// emulator/pulsed/compounds.ts: the training algorithms on pulsed arrays, behind one interface
// (`Trainable`: update(x, d, lr), weights()), after aihwkit's compounds
// (../shared/reference/devices.md §3.4):
//
// - `AnalogSgd`: one PulsedArray with the stochastic pulse update (pulse-update.ts, §3.3).
// - `TransferCompound` (Tiki-Taka, Gokmen & Haensch 2020): fast array A, slow array C, visible
//   weight gamma·A + C. The SGD pulses go to A. Every `transfer_every` updates,
//   `n_reads_per_transfer` input lines of A (cycling j = 0, 1, ...) are read with one-hot
//   vectors e_j (the `read` function; default: exact, optional Gaussian read noise) and the read
//   vector v (length cols) is written into C's line j with a pulsed update at transfer_lr (times
//   lr if scale_transfer_lr): pulseUpdate(C, e_j, −v, lr_t) so that C_j· += lr_t·v in expectation.
//   In aihwkit's W (out x in) an input line is a *column* of A: "columns of A" in §3.4.
// - `BufferedTransferCompound` (TTv2): as above, but the read goes to a digital buffer H:
//   H_ji += lr_t·v_i; where |H_ji| >= thres_scale·dw_min(C), C_ji gets one pulse in the
//   direction of H (§3.4: "±1·dw_min pulses"); then H_ji ← momentum·H_ji if forget_buffer,
//   else H_ji ← H_ji − (1 − momentum)·sign(H_ji)·thres_scale·dw_min(C) (my reading of the
//   forget_buffer / momentum description of §3.4; aihwkit's exact recursion is not in the reference).
// - `MixedPrecision` (Nandakumar et al. 2020): χ_ji += −lr·x_j·d_i in digital floating point;
//   every `transfer_every` updates, `n_rows_per_transfer` rows (−1: all) get n = trunc(χ_ji/ε)
//   pulses (up when n > 0), ε = granularity·transfer_lr (granularity default: dw_min), and χ
//   keeps the remainder χ − n·ε (§3.4).
//
// Sign convention everywhere: w −= lr·x·d (aihwkit's SGD, pulse-update.ts).
// Random streams: each compound forks its rng at construction ('update', 'transfer', 'read') and
// draws from those sequentially, so a run is a function of the seed.
import type { Rng } from '../random.js';
import type { PulsedArray } from './array.js';
import { DEFAULT_UPDATE_PARAMETERS, pulseUpdate, type PulseUpdateOptions, type PulseUpdateResult, type UpdateParameters } from './pulse-update.js';

export interface Trainable {
  readonly rows: number;
  readonly cols: number;
  /** One SGD step: w −= lr·x·dᵀ (in expectation, through device pulses). */
  update(x: ArrayLike<number>, d: ArrayLike<number>, lr: number): void;
  /** The visible weights, row-major rows x cols. */
  weights(out?: Float64Array): Float64Array;
}

/** Plain analog SGD: the pulse update on one array. */
export class AnalogSgd implements Trainable {
  readonly rows: number;
  readonly cols: number;
  private readonly rng: Rng;
  /** Coincidences applied so far (for energy accounting). */
  pulses = 0;

  constructor(readonly array: PulsedArray, rng: Rng, readonly up: UpdateParameters = DEFAULT_UPDATE_PARAMETERS) {
    this.rows = array.rows;
    this.cols = array.cols;
    this.rng = rng.fork('update');
  }

  update(x: ArrayLike<number>, d: ArrayLike<number>, lr: number): void {
    this.pulses += pulseUpdate(this.array, x, d, lr, this.up, this.rng).coincidences;
  }

  weights(out?: Float64Array): Float64Array {
    return this.array.weights(out);
  }
}

/** Reads input line j of an array (the weights w_j·, length cols). */
export type ReadLine = (array: PulsedArray, j: number, rng: Rng) => Float64Array;

/** Exact read of line j, plus N(0, noiseStd²) per output when noiseStd > 0. */
export function exactRead(noiseStd = 0): ReadLine {
  return (array, j, rng) => {
    const v = new Float64Array(array.cols);
    for (let i = 0; i < array.cols; i++) v[i] = array.weight(j * array.cols + i) + (noiseStd > 0 ? noiseStd * rng.normal() : 0);
    return v;
  };
}

export interface TransferOptions {
  /** Visible weight gamma·A + C (aihwkit default 0: only C visible). */
  gamma: number;
  /** Updates between transfers. */
  transfer_every: number;
  n_reads_per_transfer: number;
  transfer_lr: number;
  /** Multiply transfer_lr by the current SGD lr. */
  scale_transfer_lr: boolean;
  read: ReadLine;
  /** Pulse-update parameters of the SGD update on A and of the transfer update on C. */
  update: UpdateParameters;
  transfer_update: UpdateParameters;
}

/** aihwkit `TransferCompound` defaults (configs/compounds.py, devices.md §3.4). */
export const DEFAULT_TRANSFER: Readonly<TransferOptions> = Object.freeze({
  gamma: 0,
  transfer_every: 1,
  n_reads_per_transfer: 1,
  transfer_lr: 1,
  scale_transfer_lr: true,
  read: exactRead(0),
  update: DEFAULT_UPDATE_PARAMETERS,
  transfer_update: DEFAULT_UPDATE_PARAMETERS,
});

/** Tiki-Taka (module header). */
export class TransferCompound implements Trainable {
  readonly rows: number;
  readonly cols: number;
  readonly opts: TransferOptions;
  protected readonly rngUpdate: Rng;
  protected readonly rngTransfer: Rng;
  protected readonly rngRead: Rng;
  protected steps = 0;
  /** Next input line to transfer. */
  protected next = 0;
  transfers = 0;

  constructor(readonly A: PulsedArray, readonly C: PulsedArray, rng: Rng, opts: Partial<TransferOptions> = {}) {
    if (A.rows !== C.rows || A.cols !== C.cols) throw new RangeError(`TransferCompound: A is ${A.rows} x ${A.cols}, C is ${C.rows} x ${C.cols}`);
    this.rows = A.rows;
    this.cols = A.cols;
    this.opts = { ...DEFAULT_TRANSFER, ...opts };
    this.rngUpdate = rng.fork('update');
    this.rngTransfer = rng.fork('transfer');
    this.rngRead = rng.fork('read');
  }

  update(x: ArrayLike<number>, d: ArrayLike<number>, lr: number): void {
    this.pulseA(x, d, lr);
    this.steps++;
    if (this.steps % this.opts.transfer_every === 0) this.transfer(lr);
  }

  /** The SGD pulse update on A (a subclass may count or trace it). */
  protected pulseA(x: ArrayLike<number>, d: ArrayLike<number>, lr: number, o: PulseUpdateOptions = {}): PulseUpdateResult {
    return pulseUpdate(this.A, x, d, lr, this.opts.update, this.rngUpdate, o);
  }

  /** One transfer: n_reads_per_transfer lines of A, read and written into C. */
  transfer(lr: number): void {
    const lrT = this.opts.transfer_lr * (this.opts.scale_transfer_lr ? lr : 1);
    for (let r = 0; r < this.opts.n_reads_per_transfer; r++) {
      const j = this.next;
      this.next = (this.next + 1) % this.rows;
      const v = this.opts.read(this.A, j, this.rngRead);
      this.writeLine(j, v, lrT);
    }
    this.transfers++;
  }

  protected writeLine(j: number, v: Float64Array, lrT: number): void {
    const e = new Float64Array(this.rows);
    e[j] = 1;
    const neg = v.map((a) => -a);
    pulseUpdate(this.C, e, neg, lrT, this.opts.transfer_update, this.rngTransfer);
  }

  weights(out: Float64Array = new Float64Array(this.rows * this.cols)): Float64Array {
    this.C.weights(out);
    const g = this.opts.gamma;
    if (g !== 0) {
      const a = this.A.weights();
      for (let c = 0; c < out.length; c++) out[c] = out[c]! + g * a[c]!;
    }
    return out;
  }
}

export interface BufferedOptions extends TransferOptions {
  /** Threshold of the buffer, in units of C's dw_min. */
  thres_scale: number;
  momentum: number;
  forget_buffer: boolean;
}

/** aihwkit `BufferedTransferCompound` defaults (devices.md §3.4 names them; values are aihwkit's). */
export const DEFAULT_BUFFERED: Readonly<BufferedOptions> = Object.freeze({
  ...DEFAULT_TRANSFER,
  thres_scale: 1,
  momentum: 0,
  forget_buffer: true,
});

/** TTv2: Tiki-Taka with a digital buffer H between A and C (module header). */
export class BufferedTransferCompound extends TransferCompound {
  readonly H: Float64Array;
  private readonly thres: number;
  private readonly momentum: number;
  private readonly forget: boolean;
  /** Pulses written to C so far. */
  cPulses = 0;

  constructor(A: PulsedArray, C: PulsedArray, rng: Rng, opts: Partial<BufferedOptions> = {}) {
    const o = { ...DEFAULT_BUFFERED, ...opts };
    super(A, C, rng, o);
    this.H = new Float64Array(A.rows * A.cols);
    this.thres = o.thres_scale * C.params.dw_min;
    this.momentum = o.momentum;
    this.forget = o.forget_buffer;
  }

  protected override writeLine(j: number, v: Float64Array, lrT: number): void {
    const base = j * this.cols;
    for (let i = 0; i < this.cols; i++) {
      let h = this.H[base + i]! + lrT * v[i]!;
      if (Math.abs(h) >= this.thres) {
        const s = h > 0 ? 1 : -1;
        this.C.applyPulses(base + i, 1, -s, this.rngTransfer); // up (sign < 0) when H > 0
        this.cPulses++;
        h = this.forget ? this.momentum * h + 0 : h - (1 - this.momentum) * s * this.thres; // + 0: no −0
      }
      this.H[base + i] = h;
    }
  }
}

export interface MixedPrecisionOptions {
  transfer_every: number;
  /** Rows of χ per transfer (cycling); −1: all rows. */
  n_rows_per_transfer: number;
  /** ε before transfer_lr; default: the device's dw_min. */
  granularity?: number;
  transfer_lr: number;
}

export const DEFAULT_MIXED_PRECISION: Readonly<MixedPrecisionOptions> = Object.freeze({
  transfer_every: 1,
  n_rows_per_transfer: -1,
  transfer_lr: 1,
});

/** Mixed precision: digital χ accumulation, transferred in whole pulses (module header). */
export class MixedPrecision implements Trainable {
  readonly rows: number;
  readonly cols: number;
  readonly chi: Float64Array;
  readonly eps: number;
  private readonly opts: MixedPrecisionOptions;
  private readonly rng: Rng;
  private steps = 0;
  private next = 0;
  /** Pulses written to the array so far. */
  pulses = 0;

  constructor(readonly array: PulsedArray, rng: Rng, opts: Partial<MixedPrecisionOptions> = {}) {
    this.rows = array.rows;
    this.cols = array.cols;
    this.opts = { ...DEFAULT_MIXED_PRECISION, ...opts };
    this.chi = new Float64Array(array.rows * array.cols);
    this.eps = (this.opts.granularity ?? array.params.dw_min) * this.opts.transfer_lr;
    this.rng = rng.fork('transfer');
  }

  update(x: ArrayLike<number>, d: ArrayLike<number>, lr: number): void {
    for (let j = 0; j < this.rows; j++) {
      const s = -lr * x[j]!;
      if (s === 0) continue;
      const base = j * this.cols;
      for (let i = 0; i < this.cols; i++) this.chi[base + i] = this.chi[base + i]! + s * d[i]!;
    }
    this.steps++;
    if (this.steps % this.opts.transfer_every === 0) this.transfer();
  }

  /** Transfer trunc(χ/ε) pulses on the next n_rows_per_transfer rows; χ keeps the remainder. */
  transfer(): void {
    const nRows = this.opts.n_rows_per_transfer < 0 ? this.rows : Math.min(this.opts.n_rows_per_transfer, this.rows);
    for (let r = 0; r < nRows; r++) {
      const j = this.next;
      this.next = (this.next + 1) % this.rows;
      const base = j * this.cols;
      for (let i = 0; i < this.cols; i++) {
        const c = base + i;
        const n = Math.trunc(this.chi[c]! / this.eps);
        if (n === 0) continue;
        this.array.applyPulses(c, Math.abs(n), n > 0 ? -1 : 1, this.rng);
        this.pulses += Math.abs(n);
        this.chi[c] = this.chi[c]! - n * this.eps;
      }
    }
  }

  weights(out?: Float64Array): Float64Array {
    return this.array.weights(out);
  }
}
