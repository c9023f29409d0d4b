// emulator/interconnect/scheduler.ts: cycle-by-cycle arbitration of transfers on a shared
// interconnect (a bus or a 2-D mesh, emulator/interconnect/topology.ts). Pure: the same
// injections give the same deliveries; no kernel, no tiles.
//
// Model (virtual cut-through, unbounded router buffers, so no back-pressure):
// 1. A transfer of `bits` is F = ceil(bits / noc_width) flits. It is ready at its first
//    channel at its injection cycle.
// 2. Each cycle, every free channel grants one of the transfers whose head waits at it:
//    oldest injection cycle first, then the lower source tile index, then the earlier
//    injection (FIFO). The winner holds the channel for its F flits: cycles s .. s + F - 1.
// 3. Its head is ready at the next channel hop_latency cycles after the grant (s + L; cut-
//    through: it need not wait for its tail). After the last channel the transfer is
//    delivered at s + F - 1 + L, when its tail has crossed.
// 4. Uncontended, a route of h channels delivers at inject + h L + F - 1 (the point-to-point
//    link's latency + ceil(lanes bits / width) - 1 with h = 1). Every cycle a head waits for a
//    channel is a stall cycle, counted for the transfer and for the channel.
// A bus is one channel that every transfer crosses (one transfer at a time, F cycles each).
// Energy per transfer: bits (e_bit links + e_hop hops).
import { route, type Medium } from './topology.js';

export interface NocParams {
  /** Bits per cycle per channel. */
  nocWidth: number;
  /** Cycles from a grant at one channel to the head's readiness at the next (>= 1). */
  hopLatency: number;
  /** J per bit per router hop. */
  eHop: number;
  /** J per bit per link crossed. */
  eBit: number;
}

export interface Injection {
  /** Source and destination tile indices (into the medium's placement). */
  src: number;
  dst: number;
  bits: number;
  /** Injection cycle. */
  at: number;
}

export interface Delivery {
  /** Injection order (0, 1, ...). */
  id: number;
  injection: Injection;
  deliveredAt: number;
  flits: number;
  hops: number;
  links: number;
  /** Cycles spent waiting for busy channels. */
  stall: number;
  /** J. */
  energy: number;
}

interface Msg {
  id: number;
  inj: Injection;
  channels: number[];
  hops: number;
  links: number;
  flits: number;
  /** Index of the channel the head waits at. */
  k: number;
  readyAt: number;
  stall: number;
}

export interface ChannelStats {
  /** Cycles the channel carried flits. */
  busy: number;
  /** Cycles heads waited for it. */
  stall: number;
  transfers: number;
}

export class Arbiter {
  /** Every cycle before this one has been arbitrated. */
  private cycle = 0;
  private nextId = 0;
  private waiting: Msg[] = [];
  private done: Delivery[] = [];
  private readonly freeAt = new Map<number, number>();
  readonly channels = new Map<number, ChannelStats>();

  constructor(
    readonly medium: Medium,
    readonly params: NocParams,
  ) {
    if (!(params.nocWidth >= 1) || !Number.isInteger(params.hopLatency) || params.hopLatency < 1) {
      throw new RangeError(`internal: noc_width ${params.nocWidth}, hop_latency ${params.hopLatency}`);
    }
  }

  /** The first cycle not yet arbitrated: injections must be at or after it. */
  get now(): number {
    return this.cycle;
  }

  /** Add a transfer; returns its id. */
  inject(inj: Injection): number {
    if (inj.at < this.cycle) throw new Error(`internal: injection at cycle ${inj.at}, already arbitrated up to ${this.cycle}`);
    const r = route(this.medium, inj.src, inj.dst);
    const m: Msg = {
      id: this.nextId++, inj, channels: r.channels, hops: r.hops, links: r.links,
      flits: Math.max(1, Math.ceil(inj.bits / this.params.nocWidth)), k: 0, readyAt: inj.at, stall: 0,
    };
    if (m.channels.length === 0) this.finish(m, inj.at);
    else this.waiting.push(m);
    return m.id;
  }

  /** The next cycle at which a grant can happen, or null when nothing waits. */
  nextEvent(): number | null {
    let n: number | null = null;
    for (const m of this.waiting) {
      const c = Math.max(this.cycle, m.readyAt, this.freeAt.get(m.channels[m.k]!) ?? 0);
      if (n === null || c < n) n = c;
    }
    return n;
  }

  /** Arbitrate every cycle before `until`; returns the transfers whose delivery became known. */
  advanceTo(until: number): Delivery[] {
    for (;;) {
      const n = this.nextEvent();
      if (n === null || n >= until) break;
      this.arbitrate(n);
      this.cycle = n + 1;
    }
    if (until > this.cycle) this.cycle = until;
    const out = this.done;
    this.done = [];
    return out;
  }

  private arbitrate(c: number): void {
    const winners = new Map<number, Msg>();
    for (const m of this.waiting) {
      if (m.readyAt > c) continue;
      const ch = m.channels[m.k]!;
      if ((this.freeAt.get(ch) ?? 0) > c) continue;
      const w = winners.get(ch);
      if (!w || older(m, w)) winners.set(ch, m);
    }
    if (winners.size === 0) return;
    const granted = new Set<Msg>();
    for (const [ch, m] of winners) {
      const wait = c - m.readyAt;
      m.stall += wait;
      const st = this.channels.get(ch) ?? { busy: 0, stall: 0, transfers: 0 };
      st.busy += m.flits;
      st.stall += wait;
      st.transfers++;
      this.channels.set(ch, st);
      this.freeAt.set(ch, c + m.flits);
      if (m.k === m.channels.length - 1) {
        this.finish(m, c + m.flits - 1 + this.params.hopLatency);
        granted.add(m);
      } else {
        m.k++;
        m.readyAt = c + this.params.hopLatency;
      }
    }
    if (granted.size) this.waiting = this.waiting.filter((m) => !granted.has(m));
  }

  private finish(m: Msg, deliveredAt: number): void {
    this.done.push({
      id: m.id, injection: m.inj, deliveredAt, flits: m.flits, hops: m.hops, links: m.links, stall: m.stall,
      energy: m.inj.bits * (this.params.eBit * m.links + this.params.eHop * m.hops),
    });
  }
}

/** FIFO order: oldest injection, then lower source index, then earlier injection. */
function older(a: Msg, b: Msg): boolean {
  if (a.inj.at !== b.inj.at) return a.inj.at < b.inj.at;
  if (a.inj.src !== b.inj.src) return a.inj.src < b.inj.src;
  return a.id < b.id;
}

/** All transfers of a fixed set of injections, in injection order. */
export function scheduleAll(medium: Medium, params: NocParams, injections: readonly Injection[]): { deliveries: Delivery[]; channels: ReadonlyMap<number, ChannelStats> } {
  const a = new Arbiter(medium, params);
  for (const inj of injections) a.inject(inj);
  const deliveries = a.advanceTo(Number.POSITIVE_INFINITY).sort((x, y) => x.id - y.id);
  return { deliveries, channels: a.channels };
}
