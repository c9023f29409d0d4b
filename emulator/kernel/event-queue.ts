// emulator/kernel/event-queue.ts: wake-ups ordered by (time, delta), merged per slot.
//
// A slot is one (time, delta) pair; it holds the set of processes to run there, so that a
// process scheduled twice for the same slot runs once. Slots are kept in a binary heap of
// their keys; the processes of a slot run in ascending id order (deterministic).
import type { TimeFs } from './time.js';

interface Slot {
  time: TimeFs;
  delta: number;
  procs: Set<number>;
}

function before(a: Slot, b: Slot): boolean {
  return a.time < b.time || (a.time === b.time && a.delta < b.delta);
}

export class EventQueue {
  private readonly heap: Slot[] = [];
  /** Slots by time, then by delta (bigint keys compare by value; no key strings to build). */
  private readonly byTime = new Map<TimeFs, Map<number, Slot>>();

  get size(): number {
    return this.heap.length;
  }

  /** Schedule process `pid` at (time, delta). */
  add(time: TimeFs, delta: number, pid: number): void {
    let atTime = this.byTime.get(time);
    if (!atTime) {
      atTime = new Map();
      this.byTime.set(time, atTime);
    }
    let slot = atTime.get(delta);
    if (!slot) {
      slot = { time, delta, procs: new Set() };
      atTime.set(delta, slot);
      this.push(slot);
    }
    slot.procs.add(pid);
  }

  /** The earliest slot's (time, delta), or null. */
  peek(): { time: TimeFs; delta: number } | null {
    const s = this.heap[0];
    return s ? { time: s.time, delta: s.delta } : null;
  }

  /** Remove the earliest slot; its processes in ascending id order. */
  pop(): { time: TimeFs; delta: number; procs: number[] } | null {
    const top = this.heap[0];
    if (!top) return null;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    const atTime = this.byTime.get(top.time)!;
    atTime.delete(top.delta);
    if (atTime.size === 0) this.byTime.delete(top.time);
    return { time: top.time, delta: top.delta, procs: [...top.procs].sort((a, b) => a - b) };
  }

  private push(s: Slot): void {
    const h = this.heap;
    h.push(s);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
