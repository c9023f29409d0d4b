// emulator/interconnect/kernel-noc.ts: a chip's bus or mesh inside the kernel. One process
// runs the arbiter (scheduler.ts) on the chip clock; links inject their transfers and are
// called back with each transfer's delivery time.
//
// Cycle k is the chip clock edge k·period. The process, woken at cycle c, arbitrates every
// cycle before c: a transfer injected at cycle c (even by a tile that outputs later in the
// same time step) still competes at c. After every grant at cycle s the process wakes at
// s + 1, when the delivery of a transfer granted its last channel at s (at s + F - 1 + L >= s + 1)
// is known and still in the future.
import type { NocIR } from '../../dsl/ir/nodes.js';
import type { Kernel } from '../kernel/kernel.js';
import type { TimeFs } from '../kernel/time.js';
import { Arbiter, type Delivery } from './scheduler.js';
import { channelName, type Medium } from './topology.js';

export interface TransferStats {
  transfers: number;
  bits: number;
  /** Chip-clock cycles spent waiting for busy channels. */
  stallCycles: number;
  /** J */
  energy: number;
}

/** What the links of a chip moved, for `Simulator.interconnect`. */
export interface InterconnectStats {
  kind: 'point_to_point' | 'bus' | 'mesh';
  total: TransferStats;
  /** By link, `from->to`. */
  links: Map<string, TransferStats>;
  /** By sending tile instance. */
  tiles: Map<string, TransferStats>;
  /** By bus or mesh channel (`bus`, `(x,y)->(x',y')`): busy and stall cycles, transfers. */
  channels: Map<string, { busy: number; stall: number; transfers: number }>;
}

export function emptyStats(kind: InterconnectStats['kind']): InterconnectStats {
  return { kind, total: zero(), links: new Map(), tiles: new Map(), channels: new Map() };
}

function zero(): TransferStats {
  return { transfers: 0, bits: 0, stallCycles: 0, energy: 0 };
}

/** Count one transfer of `bits` on a link from tile `from`. */
export function countTransfer(s: InterconnectStats, link: string, from: string, bits: number, stall: number, energy: number): void {
  for (const t of [s.total, get(s.links, link), get(s.tiles, from)]) {
    t.transfers++;
    t.bits += bits;
    t.stallCycles += stall;
    t.energy += energy;
  }
}

function get(m: Map<string, TransferStats>, k: string): TransferStats {
  let v = m.get(k);
  if (!v) m.set(k, (v = zero()));
  return v;
}

export class KernelNoc {
  private readonly arbiter: Arbiter;
  private readonly pid: number;
  private readonly waiting = new Map<number, (atFs: TimeFs, d: Delivery) => void>();

  constructor(
    private readonly kernel: Kernel,
    readonly medium: Medium,
    ir: NocIR,
    private readonly periodFs: TimeFs,
    private readonly stats: InterconnectStats,
  ) {
    this.arbiter = new Arbiter(medium, { nocWidth: ir.nocWidth, hopLatency: ir.hopLatency, eHop: ir.eHop, eBit: ir.eBit });
    this.pid = kernel.process('interconnect', () => this.step());
  }

  /** Inject a transfer leaving tile `src` at `exitFs`; `done` gets its delivery time. */
  inject(src: number, dst: number, bits: number, exitFs: TimeFs, done: (atFs: TimeFs, d: Delivery) => void): void {
    const t = exitFs > this.kernel.now ? exitFs : this.kernel.now;
    const cycle = Math.max(this.arbiter.now, Number((t + this.periodFs - 1n) / this.periodFs));
    const id = this.arbiter.inject({ src, dst, bits, at: cycle });
    this.waiting.set(id, done);
    this.kernel.schedule(this.pid, BigInt(cycle + 1) * this.periodFs);
  }

  private step(): void {
    const now = this.kernel.now;
    for (const d of this.arbiter.advanceTo(Number(now / this.periodFs))) {
      const done = this.waiting.get(d.id)!;
      this.waiting.delete(d.id);
      const at = BigInt(d.deliveredAt) * this.periodFs;
      done(at > now ? at : now, d);
    }
    const n = this.arbiter.nextEvent();
    if (n !== null) this.kernel.schedule(this.pid, BigInt(n + 1) * this.periodFs);
  }

  /** Copy the channels' busy and stall cycles into the stats (after a run). */
  fillChannels(): void {
    for (const [ch, st] of this.arbiter.channels) this.stats.channels.set(channelName(this.medium, ch), { ...st });
  }
}
