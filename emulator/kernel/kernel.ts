// emulator/kernel/kernel.ts: an event-driven, delta-cycle kernel. It knows signals, processes,
// time and clocks, and nothing about DACs, arrays or ADCs.
//
// Loop (each step is one (time, delta) slot of the event queue):
//   1. Pop the earliest slot; run its processes in id order. A process reads signals'
//      current values and writes next values (two-phase: order within a slot never matters).
//   2. Commit: a signal whose next value differs from its current one changes; its trace
//      variable records the change, and its watchers are scheduled:
//        - `delta` watchers at (same time, delta + 1) (combinational reaction),
//        - clocked watchers at their clock's first edge after now (registered reaction).
//   3. A time with more than `maxDeltas` delta cycles stops the run with a DeltaLimitError
//      naming the signals that kept changing.
// Idle time costs nothing: the next slot may be any time later.
import type { TraceSink, TraceVar } from '../trace/trace-sink.js';
import { EventQueue } from './event-queue.js';
import type { Clock, TimeFs } from './time.js';

export type Value = unknown;

export interface SignalOptions {
  /** Declare the signal to the trace sink with this description (id assigned by the kernel). */
  trace?: Omit<TraceVar, 'id' | 'initial'> & { encode?: (v: Value) => number | bigint | null };
}

export interface Signal {
  readonly id: number;
  readonly name: string;
}

interface SignalRec {
  name: string;
  cur: Value;
  next: Value;
  written: boolean;
  deltaWatchers: number[];
  clockWatchers: { pid: number; clock: Clock }[];
  traceId: number | null;
  encode: ((v: Value) => number | bigint | null) | null;
}

export interface ProcessContext {
  readonly now: TimeFs;
  readonly delta: number;
  read(s: Signal): Value;
  write(s: Signal, v: Value): void;
  /** Wake this process at an absolute time (>= now; `now` means the next delta). */
  wakeAt(t: TimeFs): void;
}

export type ProcessFn = (cx: ProcessContext) => void;

export class DeltaLimitError extends Error {
  constructor(
    readonly time: TimeFs,
    readonly signals: readonly string[],
    readonly limit: number,
  ) {
    super(`more than ${limit} delta cycles at ${time} fs; signals still changing: ${signals.join(', ')}`);
  }
}

export interface RunOptions {
  /** Stop before any slot later than this time. */
  until?: TimeFs;
  /** Delta cycles allowed at one time. */
  maxDeltas?: number;
  /** Polled between slots; returning true stops the run (for Ctrl-C and progress). */
  shouldStop?: () => boolean;
}

export interface RunResult {
  /** Time of the last slot that ran. */
  time: TimeFs;
  /** Slots run, and process activations, during this call. */
  slots: number;
  activations: number;
  /** Why the run ended. */
  reason: 'idle' | 'until' | 'stopped';
}

export class Kernel {
  private readonly signals: SignalRec[] = [];
  private readonly procs: { name: string; fn: ProcessFn }[] = [];
  private readonly queue = new EventQueue();
  private readonly dirty: number[] = [];
  private readonly traceVars: TraceVar[] = [];
  private sink: TraceSink | null = null;
  private started = false;
  private current = 0;
  now: TimeFs = 0n;
  delta = 0;
  /** Activations since construction (for statistics). */
  totalActivations = 0;

  signal(name: string, initial: Value, opts: SignalOptions = {}): Signal {
    if (this.started && opts.trace) throw new Error('internal: traced signals must be declared before the run starts');
    const id = this.signals.length;
    let traceId: number | null = null;
    let encode: SignalRec['encode'] = null;
    if (opts.trace) {
      encode = opts.trace.encode ?? ((v) => v as number | bigint | null);
      traceId = this.traceVars.length;
      const { encode: _e, ...desc } = opts.trace;
      this.traceVars.push({ ...desc, id: traceId, initial: encode(initial) });
    }
    this.signals.push({ name, cur: initial, next: initial, written: false, deltaWatchers: [], clockWatchers: [], traceId, encode });
    return { id, name };
  }

  process(name: string, fn: ProcessFn): number {
    this.procs.push({ name, fn });
    return this.procs.length - 1;
  }

  /** Run `pid` again, in the next delta cycle, whenever `s` changes. */
  watch(pid: number, s: Signal): void {
    this.signals[s.id]!.deltaWatchers.push(pid);
  }

  /** Run `pid` at the first edge of `clock` after any change of `s` (a registered input). */
  watchClocked(pid: number, s: Signal, clock: Clock): void {
    this.signals[s.id]!.clockWatchers.push({ pid, clock });
  }

  schedule(pid: number, t: TimeFs): void {
    if (t < this.now) throw new Error(`internal: process ${this.procs[pid]!.name} scheduled in the past (${t} < ${this.now})`);
    if (t === this.now && this.started) this.queue.add(t, this.delta + 1, pid);
    else this.queue.add(t, 0, pid);
  }

  get(s: Signal): Value {
    return this.signals[s.id]!.cur;
  }

  /** Attach a trace sink; traced signals are declared to it now. Call before `run`. */
  attachTrace(sink: TraceSink, header: { version: string; comment?: string }): void {
    this.sink = sink;
    sink.declare(this.traceVars, header);
  }

  get tracedCount(): number {
    return this.traceVars.length;
  }

  /** The traced signals' descriptions, in declaration order. */
  tracedVars(): readonly TraceVar[] {
    return this.traceVars;
  }

  private readonly context: ProcessContext = new Context(this);

  /** @internal (Context) */
  readCur(s: Signal): Value {
    return this.signals[s.id]!.cur;
  }

  /** @internal (Context) */
  writeNext(s: Signal, v: Value): void {
    const rec = this.signals[s.id]!;
    rec.next = v;
    if (!rec.written) {
      rec.written = true;
      this.dirty.push(s.id);
    }
  }

  /** @internal (Context) */
  wakeCurrent(t: TimeFs): void {
    this.schedule(this.current, t);
  }

  run(opts: RunOptions = {}): RunResult {
    const maxDeltas = opts.maxDeltas ?? 1000;
    this.started = true;
    let slots = 0;
    let activations = 0;
    for (;;) {
      if (opts.shouldStop?.()) return { time: this.now, slots, activations, reason: 'stopped' };
      const head = this.queue.peek();
      if (!head) return { time: this.now, slots, activations, reason: 'idle' };
      if (opts.until !== undefined && head.time > opts.until) return { time: this.now, slots, activations, reason: 'until' };
      if (head.time > this.now) this.sink?.advance(head.time);
      const slot = this.queue.pop()!;
      this.now = slot.time;
      this.delta = slot.delta;
      if (slot.delta > maxDeltas) {
        throw new DeltaLimitError(slot.time, this.changingSignals(slot.procs), maxDeltas);
      }
      // Near the limit, remember what changes: an oscillation alternates between signals.
      this.recording = slot.delta > maxDeltas - 16;
      if (slot.delta === 0) this.oscillating.clear();
      slots++;
      for (const pid of slot.procs) {
        this.current = pid;
        this.procs[pid]!.fn(this.context);
        activations++;
      }
      this.totalActivations += slot.procs.length;
      this.commit();
    }
  }

  private recording = false;
  private readonly oscillating = new Set<string>();

  private commit(): void {
    for (const id of this.dirty) {
      const rec = this.signals[id]!;
      rec.written = false;
      if (Object.is(rec.next, rec.cur)) continue;
      rec.cur = rec.next;
      if (this.recording) this.oscillating.add(rec.name);
      if (rec.traceId !== null && this.sink) this.sink.change(this.now, rec.traceId, rec.encode!(rec.cur));
      for (const pid of rec.deltaWatchers) this.queue.add(this.now, this.delta + 1, pid);
      for (const w of rec.clockWatchers) this.queue.add(w.clock.edgeAfter(this.now), 0, w.pid);
    }
    this.dirty.length = 0;
  }

  private changingSignals(procs: readonly number[]): string[] {
    const names = this.oscillating.size ? [...this.oscillating] : procs.map((p) => `(process ${this.procs[p]!.name})`);
    return [...new Set(names)].sort();
  }

  /** End of the run: the trace sink writes out what it holds and closes. */
  closeTrace(): void {
    if (!this.sink) return;
    this.sink.advance(this.now + 1n);
    this.sink.close();
    this.sink = null;
  }
}

/** What a running process sees of the kernel. */
class Context implements ProcessContext {
  constructor(private readonly k: Kernel) {}
  get now(): TimeFs {
    return this.k.now;
  }
  get delta(): number {
    return this.k.delta;
  }
  read(s: Signal): Value {
    return this.k.readCur(s);
  }
  write(s: Signal, v: Value): void {
    this.k.writeNext(s, v);
  }
  wakeAt(t: TimeFs): void {
    this.k.wakeCurrent(t);
  }
}
