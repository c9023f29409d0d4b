// emulator/controller/controller.ts: the chip's global controller, which schedules vector jobs
// onto tiles in the cycle-accurate run (docs/emulator.md, "Global controller").
//
// It knows nothing of networks: a job is a vector that needs MVMs on some tiles (its blocks)
// once the jobs it depends on are complete, and a digital combine at the controller after
// its blocks' results are back. network/timed.ts turns a network into jobs and does the
// numbers through the hooks.
//
// One controller unit on the controller clock serves, one request at a time:
//   - dispatch of a ready job: read its input vector from the activation buffer
//     (ceil(bits / buffer_width) accesses of buffer_t_access cycles each, at least one cycle),
//     then send one transfer per block to its tile;
//   - combine of a job whose blocks are all back: ceil(ops / ops_per_cycle) cycles of digital
//     work (partial sums, bias, activation) and the write of the result to the buffer.
// Combines go first (they unblock the next layer); ready jobs are dispatched in priority order
// (sample, then layer, then position), skipping a job whose tiles have no room: each tile's
// input holds `input_depth` vectors (credit-based flow control: a credit is taken when the
// controller starts sending to the tile and given back when the tile takes the vector in).
// So consecutive layers pipeline across tiles: a layer's job starts as soon as its inputs
// are complete, while the first layer already works on the next sample.
import type { Kernel } from '../kernel/kernel.js';
import type { Clock, TimeFs } from '../kernel/time.js';

export interface JobBlock {
  /** Tile instance path. */
  tile: string;
  /** Bits sent to the tile (input codes) and returned (output codes). */
  inBits: number;
  outBits: number;
}

export interface Job {
  id: number;
  sample: number;
  /** Index of the job's layer (for priority and statistics). */
  layer: number;
  /** Position within the layer and sample (conv: the output position). */
  position: number;
  /** Jobs that must be complete before this one is dispatched. */
  deps: readonly number[];
  blocks: readonly JobBlock[];
  /** Bits of the job's input vector read from the buffer at dispatch. */
  readBits: number;
  /** Digital operations of the combine, and the bits it writes to the buffer. */
  combineOps: number;
  writeBits: number;
}

export interface ControllerParams {
  /** Digital operations per controller cycle, and joules per operation. */
  opsPerCycle: number;
  eOp: number;
  /** Activation buffer: bits per access, cycles per access, joules per access. */
  bufferWidth: number;
  bufferAccessCycles: number;
  eAccess: number;
  /** Vectors each tile's input holds (credits). */
  inputDepth: number;
}

/** How vectors reach tiles and come back: a NoC, or private links (transport.ts). */
export interface Transport {
  /** Deliver `bits` from the controller to `tile` (or back, `toController`) leaving at `at`. */
  send(tile: string, toController: boolean, bits: number, at: TimeFs, done: (arrival: TimeFs) => void): void;
}

/** What a tile does with a vector: the Simulator's tile, seen from the controller. */
export interface TilePort {
  /** Hand a vector (lane codes) to the tile at the current kernel time; `onTaken` when the
   *  tile takes it into its pipeline, `onResult` when its output leaves the tile. */
  drive(tile: string, codes: Float64Array, onTaken: (t: TimeFs) => void, onResult: (t: TimeFs) => void): void;
}

export interface ControllerHooks {
  /**
   * The lane codes of block `b` of `job`, called at dispatch (the job's inputs are complete);
   * null: no MVM is needed (an all-zero input), the block counts as returned at once.
   */
  codes(job: Job, b: number): Float64Array | null;
  /** The job's combine has finished (its outputs are complete). */
  complete(job: Job, t: TimeFs): void;
}

export interface JobTiming {
  readyFs: TimeFs;
  dispatchFs: TimeFs;
  /** When the last block result reached the controller. */
  returnedFs: TimeFs;
  doneFs: TimeFs;
}

export interface ControllerStats {
  /** Controller unit busy time (fs), operations, buffer accesses, energy (J). */
  busyFs: bigint;
  ops: number;
  accesses: number;
  energyOps: number;
  energyBuffer: number;
  /** Time ready jobs waited because a tile's input was full (fs, summed over jobs). */
  backPressureFs: bigint;
  /** MVMs skipped because their input was all zero. */
  skipped: number;
}

type Request = { kind: 'combine'; job: number } | { kind: 'dispatch'; job: number };

const cdiv = (a: number, b: number) => Math.ceil(a / b);

export class GlobalController {
  readonly timing: (JobTiming | null)[];
  readonly stats: ControllerStats = { busyFs: 0n, ops: 0, accesses: 0, energyOps: 0, energyBuffer: 0, backPressureFs: 0n, skipped: 0 };
  /** Energy (J) of the combines and buffer accesses, by the jobs' layer. */
  readonly energyByLayer: number[] = [];
  private readonly pid: number;
  private readonly missing: number[];
  private readonly dependents: number[][];
  private readonly pendingBlocks: number[];
  private readonly ready: number[] = [];
  private readonly combines: number[] = [];
  private readonly credits = new Map<string, number>();
  private readonly blockedSince = new Map<number, TimeFs>();
  private unitFreeFs: TimeFs = 0n;
  private readonly wakeups: { at: TimeFs; run: () => void }[] = [];
  private completed = 0;

  constructor(
    private readonly kernel: Kernel,
    private readonly clock: Clock,
    private readonly jobs: readonly Job[],
    private readonly p: ControllerParams,
    private readonly transport: Transport,
    private readonly tiles: TilePort,
    private readonly hooks: ControllerHooks,
  ) {
    this.pid = kernel.process('controller', () => this.step());
    this.timing = jobs.map(() => null);
    this.missing = jobs.map((j) => j.deps.length);
    this.dependents = jobs.map(() => []);
    this.pendingBlocks = jobs.map((j) => j.blocks.length);
    jobs.forEach((j, i) => {
      if (j.id !== i) throw new Error(`internal: job ${j.id} at index ${i}`);
      for (const d of j.deps) this.dependents[d]!.push(i);
      for (const b of j.blocks) this.credits.set(b.tile, p.inputDepth);
    });
  }

  /** Make the jobs without dependencies ready at `t` (call before the kernel runs). */
  start(t: TimeFs): void {
    for (let i = 0; i < this.jobs.length; i++) if (this.missing[i] === 0) this.makeReady(i, t);
    this.at(t, () => {});
  }

  get done(): boolean {
    return this.completed === this.jobs.length;
  }

  get remaining(): number {
    return this.jobs.length - this.completed;
  }

  private makeReady(i: number, t: TimeFs): void {
    this.timing[i] = { readyFs: t, dispatchFs: -1n, returnedFs: -1n, doneFs: -1n };
    // keep `ready` sorted by priority: sample, layer, position
    const j = this.jobs[i]!;
    let k = this.ready.length;
    while (k > 0 && this.before(j, this.jobs[this.ready[k - 1]!]!)) k--;
    this.ready.splice(k, 0, i);
  }

  private before(a: Job, b: Job): boolean {
    if (a.sample !== b.sample) return a.sample < b.sample;
    if (a.layer !== b.layer) return a.layer < b.layer;
    return a.position < b.position;
  }

  /** Run `fn` at time t (on the kernel, through this controller's process). */
  private at(t: TimeFs, run: () => void): void {
    const when = t < this.kernel.now ? this.kernel.now : t;
    this.wakeups.push({ at: when, run });
    this.kernel.schedule(this.pid, when);
  }

  private step(): void {
    const now = this.kernel.now;
    // due callbacks first, in the order they were asked for
    const due = this.wakeups.filter((w) => w.at <= now);
    if (due.length) {
      for (let k = this.wakeups.length - 1; k >= 0; k--) if (this.wakeups[k]!.at <= now) this.wakeups.splice(k, 1);
      for (const w of due) w.run();
    }
    this.serve(now);
  }

  /** Start the next request if the unit is free (at a controller clock edge). */
  private serve(now: TimeFs): void {
    if (this.unitFreeFs > now) return;
    const edge = this.clock.edgeAtOrAfter(now);
    if (edge > now) {
      if (this.combines.length || this.ready.length) this.at(edge, () => {});
      return;
    }
    const req = this.next(now);
    if (!req) return;
    const cyc = this.clock.periodFs;
    if (req.kind === 'combine') {
      const j = this.jobs[req.job]!;
      const acc = cdiv(j.writeBits, this.p.bufferWidth);
      const cycles = Math.max(1, cdiv(j.combineOps, this.p.opsPerCycle) + acc * this.p.bufferAccessCycles);
      this.account(j.layer, j.combineOps, acc);
      const end = now + BigInt(cycles) * cyc;
      this.occupy(now, end);
      this.at(end, () => this.finish(req.job, end));
    } else {
      const j = this.jobs[req.job]!;
      const acc = cdiv(j.readBits, this.p.bufferWidth);
      const cycles = Math.max(1, acc * this.p.bufferAccessCycles);
      this.account(j.layer, 0, acc);
      const end = now + BigInt(cycles) * cyc;
      this.occupy(now, end);
      this.timing[req.job]!.dispatchFs = now;
      for (const b of j.blocks) this.credits.set(b.tile, this.credits.get(b.tile)! - 1);
      this.at(end, () => this.send(req.job, end));
    }
  }

  private occupy(from: TimeFs, to: TimeFs): void {
    this.unitFreeFs = to;
    this.stats.busyFs += to - from;
    this.at(to, () => {});
  }

  private account(layer: number, ops: number, accesses: number): void {
    this.stats.ops += ops;
    this.stats.accesses += accesses;
    this.stats.energyOps += ops * this.p.eOp;
    this.stats.energyBuffer += accesses * this.p.eAccess;
    this.energyByLayer[layer] = (this.energyByLayer[layer] ?? 0) + ops * this.p.eOp + accesses * this.p.eAccess;
  }

  private next(now: TimeFs): Request | null {
    if (this.combines.length) return { kind: 'combine', job: this.combines.shift()! };
    for (let k = 0; k < this.ready.length; k++) {
      const i = this.ready[k]!;
      const j = this.jobs[i]!;
      if (j.blocks.every((b) => this.credits.get(b.tile)! > 0)) {
        this.ready.splice(k, 1);
        const since = this.blockedSince.get(i);
        if (since !== undefined) {
          this.stats.backPressureFs += now - since;
          this.blockedSince.delete(i);
        }
        return { kind: 'dispatch', job: i };
      }
      if (!this.blockedSince.has(i)) this.blockedSince.set(i, now);
    }
    return null;
  }

  private send(i: number, t: TimeFs): void {
    const j = this.jobs[i]!;
    j.blocks.forEach((b, k) => {
      const codes = this.hooks.codes(j, k);
      if (!codes) {
        this.stats.skipped++;
        this.credits.set(b.tile, this.credits.get(b.tile)! + 1);
        this.returned(i, t);
        return;
      }
      this.transport.send(b.tile, false, b.inBits, t, (arrival) => {
        this.at(arrival, () => {
          this.tiles.drive(
            b.tile,
            codes,
            (taken) => this.at(taken, () => this.credits.set(b.tile, this.credits.get(b.tile)! + 1)),
            (out) => this.transport.send(b.tile, true, b.outBits, out, (back) => this.at(back, () => this.returned(i, back))),
          );
        });
      });
    });
  }

  private returned(i: number, t: TimeFs): void {
    const tm = this.timing[i]!;
    if (t > tm.returnedFs) tm.returnedFs = t;
    if (--this.pendingBlocks[i]! === 0) this.combines.push(i);
  }

  private finish(i: number, t: TimeFs): void {
    this.timing[i]!.doneFs = t;
    this.completed++;
    this.hooks.complete(this.jobs[i]!, t);
    for (const d of this.dependents[i]!) if (--this.missing[d]! === 0) this.makeReady(d, t);
  }
}
