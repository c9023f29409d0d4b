// emulator/tile/adc-stage.ts: the bank of ADCs of a tile.
//
// A token's lanes are the ADC inputs (count x mux): lane l goes to ADC floor(l / mux), and
// the `mux` lanes of one ADC are converted one after the other, while the ADCs work in
// parallel. The conversion of a token takes the longest of the ADCs' group times (an
// integrating CCO converts during the input window and only needs the one-cycle latch).
// Values out are codes; ideal values are the ideal inputs divided by the step (unrounded,
// unclipped). A live-sampling bank right after the array counts `release` up when it is done,
// which lets the input stage drive the next slice.
// Converter errors (offset, gain, INL/DNL, comparator noise; models/adc-errors.ts): ADC j of the
// bank (lanes j mux .. (j + 1) mux - 1) has its own random INL/DNL profile, drawn once from the
// stage's generator; comparator noise is drawn per conversion in lane order.
// Bound management (models/management.ts): a token with `boundCheck` is converted as any other
// (time, energy, trace), tested with the ideal converter's clip test on its inputs, and the
// verdict (a counter, 2 n + clipped) goes to the input stage on `verdict` when the conversion
// ends; a clipped pass that is not the last is dropped there instead of being handed on.
// A bank shared with other tiles (the chip's `adc_share`, shared-adc.ts): a token starts
// converting only when the shared bank grants it; until then it waits in the input register
// (the stage is not ready, not busy), and the wait counts as this stage's stall time.
import type { ProcessContext, Signal } from '../kernel/kernel.js';
import type { Clock, TimeFs } from '../kernel/time.js';
import { fs } from '../kernel/time.js';
import { adcKernel, adcStep, groupTimer, integrating, type AdcParams } from '../models/adc.js';
import { adcErrorKernel, type AdcErrorKernel } from '../models/adc-errors.js';
import { adcClips } from '../models/management.js';
import { maxCode } from '../models/quantize.js';
import { Rng } from '../random.js';
import type { SharedAdcBank } from './shared-adc.js';
import { Stage, type StageSignals, type Token } from './stage.js';

export interface AdcTrace {
  /** Traced lanes, with their code signal. */
  lanes: { lane: number; code: Signal }[];
  convert: Signal;
}

export class AdcStage extends Stage {
  private inbox: Token | null = null;
  /** The conversion in progress: its token, when it ends, and the codes (for the trace). */
  private job: { tok: Token; until: TimeFs; codes: Float64Array; clipped: boolean | null; drop: boolean } | null = null;
  /** Bound management's back channel to the input stage (set by buildTile), and its count. */
  verdict: Signal | null = null;
  private verdicts = 0;
  private releases = 0;
  private readonly kernel: ReturnType<typeof adcKernel>;
  private readonly timer: ReturnType<typeof groupTimer>;
  /** The converters with errors, or null for ideal ones. */
  private readonly errors: AdcErrorKernel | null;
  trace: AdcTrace | null = null;
  private lastCodes: Float64Array | null = null;
  /** The physical bank this stage shares with other tiles (set by shareAdcBanks), or null. */
  shared: { bank: SharedAdcBank; tile: number } | null = null;
  /** When the token in the inbox started waiting for the shared bank. */
  private waitSince: TimeFs | null = null;

  constructor(
    name: string,
    clock: Clock,
    sig: StageSignals,
    readonly p: AdcParams,
    /** ADC input lane l reads lane laneMap[l] of the incoming token. */
    readonly laneMap: Int32Array,
    /** Counter signal to release the array after converting (live sampling), or null. */
    readonly release: Signal | null,
    /** Random INL/DNL profiles and comparator noise (only drawn from if the ADCs have them). */
    rng: Rng = new Rng(0).fork(name),
  ) {
    super(name, clock, sig);
    this.kernel = adcKernel(p);
    this.timer = groupTimer(p);
    this.errors = adcErrorKernel(p, Math.ceil(laneMap.length / p.mux), rng);
  }

  get lanes(): number {
    return this.laneMap.length;
  }

  protected receive(tok: Token, _t: TimeFs): void {
    this.inbox = tok;
  }

  protected canAccept(): boolean {
    return this.inbox === null && this.job === null;
  }

  protected working(): boolean {
    return this.job !== null;
  }

  protected nextWake(t: TimeFs): TimeFs | null {
    // A finished job waiting for the output register is woken by the consumer's ready.
    if (this.job) return t < this.job.until ? this.job.until : null;
    // waiting for the shared bank: ask again when it is free (every cycle once it is)
    if (this.shared && this.inbox !== null) return this.clock.edgeAtOrAfter(this.shared.bank.freeAt());
    return null;
  }

  protected advance(t: TimeFs, cx: ProcessContext): void {
    if (this.job && t >= this.job.until && this.outQueue.length === 0) {
      const done = this.job.tok;
      this.lastCodes = this.job.codes;
      if (!this.job.drop) this.outQueue.push(done);
      if (this.verdict && this.job.clipped !== null) cx.write(this.verdict, 2 * ++this.verdicts + (this.job.clipped ? 1 : 0));
      this.job = null;
      if (this.release) cx.write(this.release, ++this.releases);
      if (this.trace) {
        cx.write(this.trace.convert, 0);
        for (const tl of this.trace.lanes) cx.write(tl.code, this.lastCodes![tl.lane]!);
      }
    }
    if (this.job === null && this.inbox !== null) {
      if (this.shared) {
        this.waitSince ??= t;
        if (!this.shared.bank.request(this.shared.tile, t)) return;
        this.stats.stallFs += t - this.waitSince;
        this.waitSince = null;
      }
      const tok = this.inbox;
      this.inbox = null;
      this.job = this.convert(tok, t, cx);
      this.shared?.bank.hold(this.job.until);
    }
  }

  private convert(tok: Token, t: TimeFs, cx: ProcessContext): NonNullable<AdcStage['job']> {
    const n = this.laneMap.length;
    const values = new Float64Array(n);
    const ideal = new Float64Array(n);
    const step = adcStep(this.p);
    const q = this.kernel;
    const mux = this.p.mux;
    const timer = this.timer;
    const err = this.errors;
    // lanes l .. l + mux - 1 share one ADC and convert in turn; the ADCs work in parallel
    let longest = 0;
    let group = 0;
    let inGroup = 0;
    for (let l = 0; l < n; l++) {
      const y = tok.values[this.laneMap[l]!]!;
      const code = err ? err.code(y, (l / mux) | 0) : q.code(y);
      values[l] = code;
      ideal[l] = tok.ideal[this.laneMap[l]!]! / step;
      this.stats.energy += q.energy(code);
      group += timer.perCode(code);
      inGroup++;
      if (inGroup === mux || l === n - 1) {
        group += timer.fixed(inGroup);
        if (group > longest) longest = group;
        group = 0;
        inGroup = 0;
      }
    }
    // An integrating converter finishes with the window; the result is latched one cycle on.
    const duration = integrating(this.p) ? this.clock.periodFs : fs(longest);
    const until = this.clock.edgeAtOrAfter(t + (duration > 0n ? duration : this.clock.periodFs));
    if (this.trace) cx.write(this.trace.convert, 1);
    // A digital gain per lane (drift compensation) scales the codes after conversion.
    const codes = tok.digitalGain ? values.slice() : values;
    const gain = tok.digitalGain;
    if (gain) for (let l = 0; l < n; l++) values[l] = values[l]! * gain[this.laneMap[l]!]!;
    // Bound management: did the (ideal) converter clip this pass?
    let clipped: boolean | null = null;
    const check = tok.boundCheck;
    if (check) {
      const y = new Float64Array(n);
      for (let l = 0; l < n; l++) y[l] = tok.values[this.laneMap[l]!]!;
      clipped = adcClips(y, step, maxCode(this.p.bits), check.negative, this.p.errors.rounding === 'floor');
    }
    const { digitalGain: _gain, boundCheck: _check, ...rest } = tok;
    return { tok: { ...rest, values, ideal }, until, codes, clipped, drop: clipped === true && !check!.last };
  }
}
