// emulator/tile/input-stage.ts: the DACs driving the crossbar rows, and the array product.
//
// One vector at a time (a second one may wait in the DAC input register). For each input
// slice (one for PWM and voltage DACs, one per digit for bit-serial DACs):
//   1. wait until the array is free: a live-sampling ADC right after the array (no
//      sample-and-hold) keeps it driven until it has converted the previous slice;
//   2. drive the rows for the window (PWM: the longest pulse; voltage: t_conv; bit-serial:
//      t_cycle; an integrator extends it to t_integrate), charging DAC and array energy,
//      and the word lines' switching (the crossbar's e_wl, models/pulse-events.ts);
//      time-multiplexed DACs (`mux` > 1) drive their rows in mux groups, one window each, and
//      the integrator or CCO accumulates them: the window is mux times longer, the numbers,
//      the conversions and the array energy are those of mux = 1 (models/dac.ts);
//   3. at the end of the window, compute every column output and its ideal value, and hand
//      the slice on: the array product (or, with ir_drop = exact, the network solve, done at
//      the start of the window because the array energy needs its currents), then the
//      output-side non-idealities in aihwkit's order (../models/analog-mvm.ts).
// Noise and bound management (../models/management.ts): at the start of a vector the DACs'
// codes become c / (s r) on the DAC grid (the ideal keeps the codes as given) and the token
// carries the digital factor s r to the ADC stage. With iterative bound management every pass
// asks the ADC stage for a verdict (`boundCheck` on the token); the stage waits for it on the
// `verdict` signal (a counter, 2 n + clipped) and, if the ADC clipped and r is under the
// limit, drives the same vector again with r doubled: each retry costs its window, its
// conversion and their energy.
import type { ProcessContext, Signal } from '../kernel/kernel.js';
import type { Clock, TimeFs } from '../kernel/time.js';
import { fs } from '../kernel/time.js';
import { analogOutputs } from '../models/analog-mvm.js';
import type { CrossbarModel } from '../models/crossbar.js';
import { exactProduct } from '../models/exact-array.js';
import { codeMax, dacEnergy, groupWindowFs, inputWindowFs, pulseLengths, rowEnergy, sliceInputs, slicesOf, windowOf, type DacParams } from '../models/dac.js';
import { applyDacErrors, dacProfile, type DacProfile } from '../models/dac-errors.js';
import { isLastPass, managementActive, NO_MANAGEMENT, noiseScale, outputFactor, scaleCodes, type ManagementParams } from '../models/management.js';
import { NO_WORD_LINES, wordLineEnergy, type WordLineParams } from '../models/pulse-events.js';
import type { Rng } from '../random.js';
import { Stage, type StageSignals, type Token } from './stage.js';

/** Trace hooks of the input stage (only when the tile is traced). */
export interface InputTrace {
  /** DAC lanes traced, with their code signal and row-voltage signal. */
  dacLanes: { lane: number; code: Signal; volt: Signal }[];
  /** Column lanes traced, with their output signal (C for PWM, A otherwise). */
  columns: { lane: number; out: Signal }[];
  /** Wake the trace-only process that sets the traced row voltages at time t (pulseEvents). */
  schedulePulseEnd: (t: TimeFs) => void;
}

export class InputStage extends Stage {
  model: CrossbarModel | null = null;
  private pending: Token | null = null;
  private current: Token | null = null;
  private slice = 0;
  private state: 'start' | 'drive' | 'queued' | 'held' | 'verdict' = 'start';
  private driveUntil: TimeFs = 0n;
  private lastRelease = 0;
  readonly slices: number;
  private readonly windowFs: TimeFs;
  /** One row group's part of the window (the whole window when mux = 1). */
  private readonly groupFs: TimeFs;
  private readonly x: Float64Array;
  /** The inputs with input noise, when the DAC has some (the ideal uses `x`). */
  private xNoisy: Float64Array | null = null;
  /** DAC level errors and PWM edge timing (models/dac-errors.ts), or null for ideal DACs. */
  private readonly dacErr: DacProfile | null;
  private readonly codes: Float64Array;
  private readonly energyBy: Record<string, number>;
  private readonly pulses: Float64Array;
  /** ir_drop = exact: the lanes of the current slice, solved at its start. */
  private exactOut: Float64Array | null = null;
  /** The weight read noise's stream (apart from the output noise's). */
  private readonly wRng: Rng;
  /** Full scale of the tile's ADCs, for the output nonlinearity (set by buildTile; 0: 1). */
  outBound = 0;
  /** Noise and bound management (set by buildTile), and the ADC stage's verdict signal. */
  management: ManagementParams = NO_MANAGEMENT;
  /** Word-line switching (the crossbar's e_wl, wl_switch; set by buildTile): its energy is the
   *  component `wl_switching` of the energy split, present only when e_wl > 0. */
  wordLines: WordLineParams = NO_WORD_LINES;
  verdict: Signal | null = null;
  private lastVerdict = 0;
  /** The current vector's noise-management scale s and bound-management factor r. */
  private nmScale = 1;
  private bmR = 1;
  private absMaxCode = 0;
  /** The ideal inputs (from the codes as given) when management changes the driven codes. */
  private xRef: Float64Array | null = null;
  private readonly given: Float64Array;
  /** Observer of every slice's column outputs as they reach the ADCs (tests, tools). */
  tap: ((values: Float64Array, ideal: Float64Array, slice: number) => void) | null = null;
  trace: InputTrace | null = null;
  /** Row-voltage changes of the traced lanes after the slice's start: [time, lane index in
   *  trace, volts] (PWM pulse ends; with mux > 1 the starts and ends of the later groups). */
  pulseEvents: [TimeFs, number, number][] = [];
  /** Row group (0 .. mux - 1) of each tile input lane, when the DACs are time-multiplexed. */
  laneGroup: Int32Array | null = null;

  constructor(
    name: string,
    clock: Clock,
    sig: StageSignals,
    readonly dac: DacParams,
    /** Crossbar row r is driven by tile input lane rowLane[r]. */
    readonly rowLane: Int32Array,
    readonly inputLanes: number,
    /** Integrator window (s), or 0. */
    integrate: number,
    /** A live-sampling ADC follows the array: hold it until `release` counts up. */
    readonly release: Signal | null,
    private readonly rng: Rng,
    /** Row voltage for the array energy. */
    private readonly unit: { volts: number },
    /** Instance names of the DACs and the array, for the energy split. */
    private readonly names: { dacs: string; array: string },
  ) {
    super(name, clock, sig);
    this.energyBy = { [names.dacs]: 0, [names.array]: 0 };
    this.stats.energyBy = this.energyBy;
    this.slices = slicesOf(dac);
    this.groupFs = groupWindowFs(dac, integrate);
    this.windowFs = inputWindowFs(dac, integrate);
    this.x = new Float64Array(rowLane.length);
    this.codes = new Float64Array(rowLane.length);
    this.given = new Float64Array(rowLane.length);
    this.pulses = new Float64Array(rowLane.length);
    this.dacErr = dacProfile(dac, dac.errors, inputLanes, rng.fork('dac_errors'));
    this.wRng = rng.fork('w_noise');
  }

  protected override extraInputs(): Signal[] {
    return [...(this.release ? [this.release] : []), ...(this.verdict ? [this.verdict] : [])];
  }

  protected receive(tok: Token, _t: TimeFs): void {
    this.pending = tok;
  }

  protected canAccept(): boolean {
    return this.pending === null;
  }

  protected working(): boolean {
    return this.current !== null;
  }

  protected nextWake(t: TimeFs): TimeFs | null {
    return this.current !== null && this.state === 'drive' && t < this.driveUntil ? this.driveUntil : null;
  }

  protected advance(t: TimeFs, cx: ProcessContext): void {
    for (let guard = 0; guard < 4; guard++) {
      if (this.current === null) {
        if (this.pending === null) return;
        this.current = this.pending;
        this.pending = null;
        this.slice = 0;
        this.state = 'start';
        this.bmR = 1;
      }
      const cur = this.current;
      switch (this.state) {
        case 'start':
          this.startSlice(t, cur, cx);
          return;
        case 'drive':
          if (t < this.driveUntil) return;
          this.outQueue.push(this.finishSlice(cur, t, cx));
          this.state = 'queued';
          return;
        case 'queued':
          if (this.outQueue.length > 0) return;
          if (this.verdict && this.management.bound !== 'none') {
            this.state = 'verdict';
            continue;
          }
          if (this.release) {
            this.state = 'held';
            continue;
          }
          this.nextSlice();
          continue;
        case 'held': {
          const r = cx.read(this.release!) as number;
          if (r === this.lastRelease) return;
          this.lastRelease = r;
          this.nextSlice();
          continue;
        }
        case 'verdict': {
          // The ADC stage reports every conversion of a checked pass (with the release of a
          // live-sampling bank, at the same edge).
          const v = cx.read(this.verdict!) as number;
          if (v === this.lastVerdict) return;
          this.lastVerdict = v;
          if (this.release) this.lastRelease = cx.read(this.release) as number;
          if ((v & 1) === 1 && !isLastPass(this.management, this.bmR, codeMax(this.dac))) {
            this.bmR *= 2;
            this.state = 'start';
          } else this.nextSlice();
          continue;
        }
      }
    }
  }

  private nextSlice(): void {
    this.slice++;
    if (this.slice >= this.slices) this.current = null;
    else this.state = 'start';
  }

  private startSlice(t: TimeFs, cur: Token, cx: ProcessContext): void {
    const rows = this.rowLane.length;
    for (let r = 0; r < rows; r++) this.codes[r] = cur.values[this.rowLane[r]!]!;
    if (managementActive(this.management)) this.manage(rows);
    sliceInputs(this.dac, this.codes, this.slice, this.x);
    // DAC errors (level errors, PWM edge timing) on the noisy path; the ideal keeps x.
    if (this.dacErr) {
      this.xNoisy ??= new Float64Array(rows);
      applyDacErrors(this.dacErr, this.codes, this.slice, this.rowLane, this.xNoisy, this.pulses);
    }
    // Input noise (aihwkit inp_noise): added after quantisation and clipping, redrawn per slice.
    if (this.dac.inputNoise > 0) {
      this.xNoisy ??= new Float64Array(rows);
      const base = this.dacErr ? this.xNoisy : this.x;
      for (let r = 0; r < rows; r++) this.xNoisy[r] = base[r]! + this.dac.inputNoise * this.rng.normal();
    }
    this.driveUntil = this.clock.edgeAtOrAfter(t + (this.windowFs > 0n ? this.windowFs : this.clock.periodFs));
    this.state = 'drive';
    // energy: the converters, and the array: sum_i V_i^2 G_row,i t_i
    const eDac = dacEnergy(this.dac, rows);
    const m = this.model!;
    const v = this.unit.volts;
    const tw = Number(this.groupFs) / 1e15; // each row is driven for its group's window
    let eArray = 0;
    let solvedPower: number | null = null;
    if (m.exact) {
      // exact IR drop: the slice's lanes now. PWM rows are solved at their time-averaged
      // voltage x v_read, which gives the charge exactly (the network is linear).
      this.exactOut ??= new Float64Array(m.lanes);
      solvedPower = exactProduct(m.exact, this.xNoisy ?? this.x, v, this.exactOut);
    }
    if (this.dac.kind === 'pwm') {
      // PWM energy needs the time course (ir-drop/pwm.ts), so it keeps the ideal-wire
      // formula even with exact IR drop (docs/emulator.md: Limits).
      if (!this.dacErr) pulseLengths(this.dac, this.codes, this.pulses);
      for (let r = 0; r < rows; r++) eArray += v * v * m.rowG[r]! * this.pulses[r]!;
    } else if (solvedPower !== null && !(this.dac.tPulse > 0)) {
      eArray = solvedPower * tw; // Σ_i V_i I_i t from the solved currents
    } else {
      // the levels the DACs drive (and input noise, if any); pulsed bit-serial rows conduct
      // for |d| t_pulse at v_read (models/dac.ts rowEnergy), ideal wires as with PWM
      const xd = this.dacErr ? this.xNoisy! : this.x;
      for (let r = 0; r < rows; r++) eArray += rowEnergy(this.dac, xd[r]!, v, m.rowG[r]!, tw);
    }
    // word lines: switched per the DAC's pulses or input bits (models/pulse-events.ts)
    const eWl = wordLineEnergy(this.wordLines, this.dac, this.x, this.slice);
    if (this.wordLines.eWl > 0) this.energyBy['wl_switching'] = (this.energyBy['wl_switching'] ?? 0) + eWl;
    this.stats.energy += eDac + eArray + eWl;
    this.energyBy[this.names.dacs] = this.energyBy[this.names.dacs]! + eDac;
    this.energyBy[this.names.array] = this.energyBy[this.names.array]! + eArray;
    if (this.trace) this.traceStart(t, cx);
  }

  private finishSlice(cur: Token, _t: TimeFs, cx: ProcessContext): Token {
    const m = this.model!;
    // the kernel reads its inputs from, and writes its outputs to, its own memory
    const k = m.kernel;
    k.x.set(this.xNoisy ?? this.x);
    k.xIdeal.set(this.xRef ?? this.x);
    k.mvmPair();
    const values = m.exact ? this.exactOut!.slice() : k.out.slice();
    const ideal = k.ideal.slice();
    analogOutputs(m.analog, values, { wT: m.wT, rows: m.rows, x: this.xNoisy ?? this.x, outBound: this.outBound, outRng: this.rng, wRng: this.wRng });
    this.tap?.(values, ideal, this.slice);
    if (this.trace) for (const c of this.trace.columns) cx.write(c.out, values[c.lane]! * this.physical());
    const tok: Token = { vector: cur.vector, slice: this.slice, slices: this.slices, values, ideal, enteredFs: cur.enteredFs };
    if (managementActive(this.management)) {
      const f = outputFactor(this.nmScale, this.bmR, this.dac.inputNoise > 0);
      if (f !== 1 || m.driftAlpha) tok.digitalGain = m.driftAlpha ? m.driftAlpha.map((a) => a * f) : new Float64Array(values.length).fill(f);
      if (this.verdict && this.management.bound !== 'none') tok.boundCheck = { last: isLastPass(this.management, this.bmR, codeMax(this.dac)), negative: this.management.testNegative };
    } else if (m.driftAlpha) tok.digitalGain = m.driftAlpha;
    return tok;
  }

  /** The codes the DACs drive under noise and bound management (this.codes, in place); the
   *  ideal inputs of this slice from the codes as given go to xRef. */
  private manage(rows: number): void {
    const cMax = codeMax(this.dac);
    if (this.slice === 0 && this.bmR === 1) {
      let a = 0;
      for (let r = 0; r < rows; r++) a = Math.max(a, Math.abs(this.codes[r]!));
      this.absMaxCode = a;
      this.nmScale = noiseScale(this.management, a, cMax);
    }
    this.given.set(this.codes);
    this.xRef ??= new Float64Array(rows);
    sliceInputs(this.dac, this.given, this.slice, this.xRef);
    scaleCodes(this.given, { cMax, cMin: this.dac.signed ? -cMax : 0 }, this.nmScale, this.bmR, this.codes, this.absMaxCode);
  }

  /** Physical column output per output unit: charge (C) for PWM (a device conducts for the
   *  window of one phase), current (A) otherwise. */
  physical(): number {
    const m = this.model!;
    const dg = m.gMax - m.gMin;
    return this.dac.kind === 'pwm' ? (dg * this.unit.volts * windowOf(this.dac)) / this.dac.phases : dg * this.unit.volts;
  }

  /** Traced lanes at the start of a slice: codes, row voltages, and when PWM pulses end. */
  private traceStart(t: TimeFs, cx: ProcessContext): void {
    const tr = this.trace!;
    this.pulseEvents = [];
    const event = (at: TimeFs, k: number, volts: number) => {
      this.pulseEvents.push([at, k, volts]);
      tr.schedulePulseEnd(at);
    };
    for (let k = 0; k < tr.dacLanes.length; k++) {
      const d = tr.dacLanes[k]!;
      const row = this.rowLane.indexOf(d.lane);
      if (row < 0) continue;
      const x = this.x[row]!;
      cx.write(d.code, this.codes[row]!);
      // A PWM row is at +-v_read for the pulse; the other DACs hold x * v_read (for their
      // group's window when time-multiplexed, else until the next slice).
      const level = this.dac.kind === 'pwm' ? Math.sign(x) * this.unit.volts : x * this.unit.volts;
      const g = this.laneGroup ? this.laneGroup[d.lane]! : 0;
      const start = t + BigInt(g) * this.groupFs;
      if (g === 0) cx.write(d.volt, level);
      else event(start, k, level);
      if (this.dac.kind === 'pwm') event(start + fs(this.pulses[row]!), k, 0);
      else if (this.laneGroup) event(start + this.groupFs, k, 0);
    }
  }
}
