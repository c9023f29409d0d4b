// emulator/tile/stage.ts: a pipeline stage of a tile, and the handshake between stages.
//
// Protocol (synchronous, registered, on the tile's clock):
//   - A stage owns its output registers `valid` and `data` and its input register `ready`.
//   - At a clock edge, a token moves from producer to consumer if the producer's `valid`
//     and the consumer's `ready` were both 1 before the edge. Both sides see the same
//     values, so both agree on the transfer.
//   - After the transfers, a stage updates its work (jobs finishing at this edge, jobs
//     starting) and writes its registers; the neighbours see them at the next edge.
// So each hand-over costs one clock cycle, and a stage that is busy for d seconds frees its
// result at the first edge at or after start + d. A stage runs only at edges where something
// can happen: when its own work ends, or the next edge after a neighbour's register changed.
// Stall time: how long the stage's `valid` is high while its consumer's `ready` is low (a
// finished result held back). Both registers change only when their owners write them, so
// the owners report the changes (the consumer through `producer`) at the kernel's time of
// the change: exact, not sampled.
import type { Kernel, ProcessContext, Signal } from '../kernel/kernel.js';
import type { Clock, TimeFs } from '../kernel/time.js';

/** A vector (or one input slice of it) moving through a tile. */
export interface Token {
  /** Index of the input vector at this tile (0, 1, ...). */
  vector: number;
  /** Input slice (bit-serial inputs) and the number of slices of the vector. */
  slice: number;
  slices: number;
  /** One value per lane of the producing stage, in its units (analog outputs or codes). */
  values: Float64Array;
  /** The same lanes without noise, drift or quantisation: the ideal digital result. */
  ideal: Float64Array;
  /** When the vector entered the tile. */
  enteredFs: TimeFs;
  /**
   * A digital factor per lane that the next converter applies to its codes (drift
   * compensation, models/drift-compensation.ts); the ideal is not scaled. Absent: 1.
   */
  digitalGain?: Float64Array;
  /**
   * Iterative bound management (models/management.ts): the next converter tests this pass for
   * clipping, reports the verdict back to the input stage, and drops the token if it clipped
   * and this is not the `last` pass. `negative`: negative overflows count too. Absent: no test.
   */
  boundCheck?: { last: boolean; negative: boolean };
}

export interface StageStats {
  /** Joules charged by the stage. */
  energy: number;
  /** Femtoseconds during which the stage was busy. */
  busyFs: bigint;
  /** Tokens the stage has processed. */
  tokens: number;
  /** Femtoseconds during which a result was ready (`valid`) but the consumer was not (`ready` low). */
  stallFs: bigint;
  /** When a stage models several components (the DACs and the array): their shares of `energy`. */
  energyBy?: Record<string, number>;
}

export interface StageSignals {
  valid: Signal;
  data: Signal;
  ready: Signal;
  busy: Signal;
}

export abstract class Stage {
  pid = -1;
  readonly stats: StageStats = { energy: 0, busyFs: 0n, tokens: 0, stallFs: 0n };
  protected readonly outQueue: Token[] = [];
  private busySince: TimeFs | null = null;
  /** Upstream producer's registers (valid, data) and downstream consumer's ready. */
  upValid: Signal | null = null;
  upData: Signal | null = null;
  downReady: Signal | null = null;
  /** The stage whose result this one takes (told of this stage's `ready`, for its stall time). */
  producer: Stage | null = null;
  /** The values of `valid` and of the consumer's `ready` since their last change (registers start at 0). */
  private outValid = 0;
  private consumerReady = 0;
  private stallSince: TimeFs | null = null;

  constructor(
    readonly name: string,
    readonly clock: Clock,
    readonly sig: StageSignals,
  ) {}

  /** Start work on a token received at edge t. */
  protected abstract receive(tok: Token, t: TimeFs): void;
  /** At edge t, finish what is due and start what can start; push results to outQueue. */
  protected abstract advance(t: TimeFs, cx: ProcessContext): void;
  /** Whether the stage can take another token now. */
  protected abstract canAccept(): boolean;
  /** Whether the stage is working (for the busy trace and utilisation). */
  protected abstract working(): boolean;
  /** The next time this stage has something to do by itself (an edge), or null. */
  protected abstract nextWake(t: TimeFs): TimeFs | null;
  /** Called when a token leaves the stage at edge t. */
  protected sent(_tok: Token, _t: TimeFs): void {}

  attach(k: Kernel): void {
    this.pid = k.process(this.name, (cx) => this.step(cx));
    if (this.upValid) k.watchClocked(this.pid, this.upValid, this.clock);
    if (this.downReady) k.watchClocked(this.pid, this.downReady, this.clock);
    for (const s of this.extraInputs()) k.watchClocked(this.pid, s, this.clock);
    // Publish the registers at the first edge (a ready stage says so from time 0).
    k.schedule(this.pid, this.clock.edgeAtOrAfter(0n));
  }

  /** Other signals whose changes this stage reacts to. */
  protected extraInputs(): Signal[] {
    return [];
  }

  /** Output token at the head of the queue (what `data` shows). */
  step(cx: ProcessContext): void {
    const t = cx.now;
    // 1. transfers at this edge, from the registers as they were before it
    if (cx.read(this.sig.valid) === 1 && (this.downReady === null || cx.read(this.downReady) === 1)) {
      const tok = this.outQueue.shift();
      if (tok) this.sent(tok, t);
    }
    if (this.upValid && this.upData && cx.read(this.upValid) === 1 && cx.read(this.sig.ready) === 1) {
      const tok = cx.read(this.upData) as Token;
      this.stats.tokens++;
      this.receive(tok, t);
    }
    // 2. work
    this.advance(t, cx);
    // 3. registers
    const valid = this.outQueue.length > 0 ? 1 : 0;
    cx.write(this.sig.valid, valid);
    cx.write(this.sig.data, this.outQueue[0] ?? null);
    const ready = this.canAccept() ? 1 : 0;
    cx.write(this.sig.ready, ready);
    this.outValid = valid;
    this.noteStall(t);
    if (this.producer) {
      this.producer.consumerReady = ready;
      this.producer.noteStall(t);
    }
    const busy = this.working();
    cx.write(this.sig.busy, busy ? 1 : 0);
    if (busy && this.busySince === null) this.busySince = t;
    if (!busy && this.busySince !== null) {
      this.stats.busyFs += t - this.busySince;
      this.busySince = null;
    }
    // 4. when to run again by itself: own work, or a transfer that the neighbours'
    //    unchanged registers would not announce
    const next = this.nextWake(t);
    if (next !== null) cx.wakeAt(next > t ? next : this.clock.edgeAfter(t));
    const downReady = this.downReady === null ? 1 : cx.read(this.downReady);
    if (valid === 1 && downReady === 1) cx.wakeAt(this.clock.edgeAfter(t));
    if (ready === 1 && this.upValid && cx.read(this.upValid) === 1) cx.wakeAt(this.clock.edgeAfter(t));
  }

  /** The registers as written at t (they change at t): start or end a stall. */
  private noteStall(t: TimeFs): void {
    const stalled = this.outValid === 1 && this.downReady !== null && this.consumerReady === 0;
    if (stalled && this.stallSince === null) this.stallSince = t;
    if (!stalled && this.stallSince !== null) {
      this.stats.stallFs += t - this.stallSince;
      this.stallSince = null;
    }
  }

  /** Count the busy and stall time up to t (at the end of a run, or a pause: a busy stage stays busy). */
  finish(t: TimeFs): void {
    if (this.busySince !== null) {
      this.stats.busyFs += t - this.busySince;
      this.busySince = t;
    }
    if (this.stallSince !== null) {
      this.stats.stallFs += t - this.stallSince;
      this.stallSince = t;
    }
  }
}

/** Signals of a stage (scope ends with the stage's name); traced ones go to the trace. */
export function stageSignals(k: Kernel, scope: readonly string[], trace: boolean): StageSignals {
  const path = scope.join('.');
  const bit = (n: string) => k.signal(`${path}.${n}`, 0, trace ? { trace: { scope, name: n, kind: 'bit', width: 1, group: 'control' } } : {});
  return { valid: bit('valid'), ready: bit('ready'), busy: bit('busy'), data: k.signal(`${path}.data`, null) };
}
