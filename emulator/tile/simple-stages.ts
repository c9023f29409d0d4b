// emulator/tile/simple-stages.ts: the stages that hold, combine or transform whole tokens.
//
//   SampleHold   captures the analog outputs (t_sample), holds them until the ADC takes them
//                (capacity 1): the array is free as soon as the sample is taken.
//   ShiftAdd     combines weight slices (adjacent lanes) and accumulates bit-serial input
//                slices; emits one token per vector after the last slice (+ latency).
//   Affine       scale, offset, activation, rounding to out_bits, per lane (+ latency).
//   Buffer       a FIFO of `depth` tokens, each delayed by `latency` (fifo) or t_access (edram).
//   Source       feeds the tile input with the vectors a testbench drives (one per cycle at most).
//   Sink         takes the tile's outputs (always ready) and records them.
import type { ProcessContext } from '../kernel/kernel.js';
import type { Clock, TimeFs } from '../kernel/time.js';
import { affineCode, affineIdeal, combineSlices, type Activation } from '../models/digital.js';
import { Stage, type StageSignals, type Token } from './stage.js';

/** Whether lane l of a map reads input lane l for every l. */
function isIdentity(laneMap: Int32Array): boolean {
  return laneMap.every((v, i) => v === i);
}

/** The token with lane l holding input lane laneMap[l]; the same token for an identity map
 *  (stages never write into a token's arrays, so they can be shared). */
function remap(tok: Token, laneMap: Int32Array, identity: boolean): Token {
  const n = laneMap.length;
  if (identity && n === tok.values.length) return tok;
  const values = new Float64Array(n);
  const ideal = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    values[l] = tok.values[laneMap[l]!]!;
    ideal[l] = tok.ideal[laneMap[l]!]!;
  }
  return { ...tok, values, ideal };
}

/** A stage that delays each token by a fixed time, with a capacity. */
abstract class DelayStage extends Stage {
  protected readonly jobs: { tok: Token; until: TimeFs }[] = [];

  constructor(
    name: string,
    clock: Clock,
    sig: StageSignals,
    protected readonly delayFs: TimeFs,
    protected readonly capacity: number,
  ) {
    super(name, clock, sig);
  }

  /** Transform a token on its way through (and charge its energy). */
  protected abstract transform(tok: Token): Token | null;

  protected receive(tok: Token, t: TimeFs): void {
    const out = this.transform(tok);
    if (out) this.jobs.push({ tok: out, until: this.clock.edgeAtOrAfter(t + this.delayFs) });
  }

  protected canAccept(): boolean {
    return this.jobs.length + this.outQueue.length < this.capacity;
  }

  protected working(): boolean {
    return this.jobs.length > 0;
  }

  protected nextWake(t: TimeFs): TimeFs | null {
    const head = this.jobs[0];
    return head && t < head.until ? head.until : null;
  }

  protected advance(t: TimeFs, _cx: ProcessContext): void {
    while (this.jobs.length && t >= this.jobs[0]!.until) this.outQueue.push(this.jobs.shift()!.tok);
  }
}

export class SampleHold extends DelayStage {
  constructor(name: string, clock: Clock, sig: StageSignals, delayFs: TimeFs, readonly laneMap: Int32Array, private readonly powerPerLane: number) {
    super(name, clock, sig, delayFs, 1);
    this.identity = isIdentity(laneMap);
  }

  private readonly identity: boolean;

  protected transform(tok: Token): Token {
    return remap(tok, this.laneMap, this.identity);
  }

  private heldSince = new Map<Token, TimeFs>();

  protected override advance(t: TimeFs, cx: ProcessContext): void {
    const before = this.outQueue.length;
    super.advance(t, cx);
    for (let i = before; i < this.outQueue.length; i++) this.heldSince.set(this.outQueue[i]!, t);
  }

  protected override sent(tok: Token, t: TimeFs): void {
    const since = this.heldSince.get(tok);
    this.heldSince.delete(tok);
    if (since !== undefined) this.stats.energy += this.powerPerLane * this.laneMap.length * (Number(t - since) / 1e15);
  }
}

/** The integrator's window is part of the input stage's; here it holds the integrated value
 *  (per lane per integration: e_op, plus e_step per integration step of the token's slice). */
export class IntegratorHold extends SampleHold {
  constructor(
    name: string,
    clock: Clock,
    sig: StageSignals,
    delayFs: TimeFs,
    laneMap: Int32Array,
    private readonly eOp: number,
    private readonly eStep: number = 0,
    /** Integration steps of an input slice (models/pulse-events.ts integrationSteps). */
    private readonly steps: (slice: number) => number = () => 1,
  ) {
    super(name, clock, sig, delayFs, laneMap, 0);
  }

  protected override transform(tok: Token): Token {
    this.stats.energy += (this.eOp + this.eStep * this.steps(tok.slice)) * this.laneMap.length;
    return super.transform(tok);
  }
}

export class ShiftAdd extends DelayStage {
  private acc: { values: Float64Array; ideal: Float64Array } | null = null;

  constructor(
    name: string,
    clock: Clock,
    sig: StageSignals,
    delayFs: TimeFs,
    readonly laneMap: Int32Array,
    readonly slices: number,
    readonly shift: number,
    /** Bits per input slice of a bit-serial DAC (0 when inputs are not sliced). */
    readonly inputShift: number,
    readonly outLanes: number,
    private readonly eOp: number,
  ) {
    super(name, clock, sig, delayFs, 2);
  }

  protected transform(tok: Token): Token | null {
    const inp = new Float64Array(this.laneMap.length);
    const inpIdeal = new Float64Array(this.laneMap.length);
    for (let l = 0; l < inp.length; l++) {
      inp[l] = tok.values[this.laneMap[l]!]!;
      inpIdeal[l] = tok.ideal[this.laneMap[l]!]!;
    }
    const values = new Float64Array(this.outLanes);
    const ideal = new Float64Array(this.outLanes);
    combineSlices(inp, this.slices, this.shift, values);
    combineSlices(inpIdeal, this.slices, this.shift, ideal);
    this.stats.energy += this.eOp * this.outLanes;
    if (tok.slices <= 1) return { ...tok, values, ideal };
    // Bit-serial input: accumulate slice k with weight 2^(k * bits per slice).
    const w = 2 ** (this.inputShift * tok.slice);
    if (tok.slice === 0 || this.acc === null) this.acc = { values: new Float64Array(this.outLanes), ideal: new Float64Array(this.outLanes) };
    for (let j = 0; j < this.outLanes; j++) {
      this.acc.values[j] = this.acc.values[j]! + w * values[j]!;
      this.acc.ideal[j] = this.acc.ideal[j]! + w * ideal[j]!;
    }
    if (tok.slice < tok.slices - 1) return null;
    const done = { ...tok, slice: 0, slices: 1, values: this.acc.values, ideal: this.acc.ideal };
    this.acc = null;
    return done;
  }
}

export class Affine extends DelayStage {
  constructor(
    name: string,
    clock: Clock,
    sig: StageSignals,
    delayFs: TimeFs,
    readonly laneMap: Int32Array,
    private readonly p: { scale: number; offset: number; activation: Activation; outBits: number; eOp: number },
  ) {
    super(name, clock, sig, delayFs, 2);
  }

  protected transform(tok: Token): Token {
    const n = this.laneMap.length;
    const values = new Float64Array(n);
    const ideal = new Float64Array(n);
    const { scale, offset, activation, outBits } = this.p;
    for (let l = 0; l < n; l++) {
      values[l] = affineCode(tok.values[this.laneMap[l]!]!, scale, offset, activation, outBits);
      ideal[l] = affineIdeal(tok.ideal[this.laneMap[l]!]!, scale, offset, activation);
    }
    this.stats.energy += this.p.eOp * n;
    return { ...tok, values, ideal };
  }
}

export class Buffer extends DelayStage {
  constructor(name: string, clock: Clock, sig: StageSignals, delayFs: TimeFs, depth: number, readonly laneMap: Int32Array, private readonly eAccess: number) {
    super(name, clock, sig, delayFs, depth);
    this.identity = isIdentity(laneMap);
  }

  private readonly identity: boolean;

  protected transform(tok: Token): Token {
    this.stats.energy += 2 * this.eAccess;
    return remap(tok, this.laneMap, this.identity);
  }
}

/** Feeds vectors (codes per tile input lane) into the tile, one per cycle at most. */
export class Source extends Stage {
  private readonly waiting: Token[] = [];
  private next = 0;
  /** Called when the tile takes a vector in (the global controller's credits). */
  readonly takenListeners: ((vector: number, t: TimeFs) => void)[] = [];

  protected receive(): void {}

  /** Queue vectors; they enter the tile as fast as it accepts them, from the next edge on. */
  push(vectors: readonly Float64Array[]): void {
    for (const v of vectors) this.waiting.push({ vector: this.next++, slice: 0, slices: 1, values: v, ideal: v, enteredFs: 0n });
  }

  get queued(): number {
    return this.waiting.length + this.outQueue.length;
  }

  protected canAccept(): boolean {
    return false;
  }

  protected working(): boolean {
    return this.waiting.length > 0 || this.outQueue.length > 0;
  }

  protected nextWake(): TimeFs | null {
    return null;
  }

  protected advance(t: TimeFs): void {
    if (this.outQueue.length === 0 && this.waiting.length > 0) {
      const tok = this.waiting.shift()!;
      tok.enteredFs = t;
      this.outQueue.push(tok);
    }
  }

  protected override sent(tok: Token, t: TimeFs): void {
    // The vector enters the tile at the edge the tile takes it.
    tok.enteredFs = t;
    for (const l of this.takenListeners) l(tok.vector, t);
  }
}

export interface Output {
  vector: number;
  values: Float64Array;
  ideal: Float64Array;
  enteredFs: TimeFs;
  exitFs: TimeFs;
}

/** Takes the tile's outputs; always ready. */
export class Sink extends Stage {
  readonly outputs: Output[] = [];
  /** Called with every output (links forward them to other tiles). */
  readonly listeners: ((o: Output) => void)[] = [];

  constructor(name: string, clock: Clock, sig: StageSignals, readonly laneMap: Int32Array) {
    super(name, clock, sig);
  }

  protected receive(tok: Token, t: TimeFs): void {
    const n = this.laneMap.length;
    const values = new Float64Array(n);
    const ideal = new Float64Array(n);
    for (let l = 0; l < n; l++) {
      values[l] = tok.values[this.laneMap[l]!]!;
      ideal[l] = tok.ideal[this.laneMap[l]!]!;
    }
    const o = { vector: tok.vector, values, ideal, enteredFs: tok.enteredFs, exitFs: t };
    this.outputs.push(o);
    for (const l of this.listeners) l(o);
  }

  protected canAccept(): boolean {
    return true;
  }

  protected working(): boolean {
    return false;
  }

  protected nextWake(): TimeFs | null {
    return null;
  }

  protected advance(): void {}
}
