import test from 'ava';
import type { TraceSink, TraceVar } from '../trace/trace-sink.js';
import { DeltaLimitError, Kernel } from './kernel.js';
import { Clock, fs } from './time.js';

test('clock edges are integer arithmetic', (t) => {
  const c = new Clock('clk', 1_000_000n);
  t.is(c.edgeAtOrAfter(0n), 0n);
  t.is(c.edgeAtOrAfter(1n), 1_000_000n);
  t.is(c.edgeAfter(1_000_000n), 2_000_000n);
  t.is(c.cyclesFor(fs(127e-9)), 127n);
  t.is(c.cyclesFor(fs(127.5e-9)), 128n);
  const c128 = new Clock('isaac', fs(1 / 1.28e9));
  t.is(c128.periodFs, 781_250n);
  t.is(fs(1 / 3e9), 333_333n);
});

test('slots run in (time, delta) order; a process scheduled twice in a slot runs once', (t) => {
  const k = new Kernel();
  const log: string[] = [];
  const a = k.process('a', (cx) => log.push(`a@${cx.now}:${cx.delta}`));
  const b = k.process('b', (cx) => log.push(`b@${cx.now}:${cx.delta}`));
  k.schedule(b, 20n);
  k.schedule(a, 10n);
  k.schedule(a, 10n);
  k.schedule(b, 10n);
  const r = k.run();
  t.deepEqual(log, ['a@10:0', 'b@10:0', 'b@20:0']);
  t.is(r.reason, 'idle');
  t.is(r.slots, 2);
});

test('two-phase writes: a swap through signals does not depend on process order', (t) => {
  const k = new Kernel();
  const x = k.signal('x', 1);
  const y = k.signal('y', 2);
  const p = k.process('p', (cx) => cx.write(x, cx.read(y)));
  const q = k.process('q', (cx) => cx.write(y, cx.read(x)));
  k.schedule(q, 5n);
  k.schedule(p, 5n);
  k.run();
  t.deepEqual([k.get(x), k.get(y)], [2, 1]);
});

test('delta watchers react in the next delta; an oscillation stops with the signals named', (t) => {
  const k = new Kernel();
  const a = k.signal('tile.a', 0);
  const b = k.signal('tile.b', 0);
  const inv = k.process('inv', (cx) => cx.write(b, cx.read(a) ? 0 : 1));
  const buf = k.process('buf', (cx) => cx.write(a, cx.read(b)));
  k.watch(inv, a);
  k.watch(buf, b);
  k.schedule(inv, 0n);
  const err = t.throws(() => k.run({ maxDeltas: 50 }), { instanceOf: DeltaLimitError }) as DeltaLimitError;
  t.is(err.time, 0n);
  t.deepEqual(err.signals, ['tile.a', 'tile.b']);
  t.regex(err.message, /more than 50 delta cycles at 0 fs/);
});

test('a settling combinational chain is fine', (t) => {
  const k = new Kernel();
  const a = k.signal('a', 0);
  const b = k.signal('b', 0);
  const c = k.signal('c', 0);
  const p1 = k.process('p1', (cx) => cx.write(b, (cx.read(a) as number) + 1));
  const p2 = k.process('p2', (cx) => cx.write(c, (cx.read(b) as number) * 2));
  const src = k.process('src', (cx) => cx.write(a, 5));
  k.watch(p1, a);
  k.watch(p2, b);
  k.schedule(src, 3n);
  k.run();
  t.is(k.get(c), 12);
});

test('clocked watchers run at the first edge after the change', (t) => {
  const k = new Kernel();
  const clk = new Clock('clk', 1000n);
  const s = k.signal('s', 0);
  const seen: bigint[] = [];
  const w = k.process('w', (cx) => seen.push(cx.now));
  const src = k.process('src', (cx) => cx.write(s, 1));
  k.watchClocked(w, s, clk);
  k.schedule(src, 2000n);
  k.run();
  t.deepEqual(seen, [3000n]);
});

test('idle time is skipped: a wake-up a second later is one slot', (t) => {
  const k = new Kernel();
  let n = 0;
  const p = k.process('p', () => n++);
  k.schedule(p, fs(1));
  const r = k.run();
  t.is(n, 1);
  t.is(r.slots, 1);
  t.is(k.now, 1_000_000_000_000_000n);
});

test('run until a time, and resume', (t) => {
  const k = new Kernel();
  const times: bigint[] = [];
  const p = k.process('p', (cx) => {
    times.push(cx.now);
    if (cx.now < 50n) cx.wakeAt(cx.now + 10n);
  });
  k.schedule(p, 0n);
  t.is(k.run({ until: 25n }).reason, 'until');
  t.deepEqual(times, [0n, 10n, 20n]);
  k.run();
  t.deepEqual(times, [0n, 10n, 20n, 30n, 40n, 50n]);
});

class MemorySink implements TraceSink {
  vars: readonly TraceVar[] = [];
  log: string[] = [];
  declare(vars: readonly TraceVar[]): void {
    this.vars = vars;
  }
  change(t: bigint, id: number, v: number | bigint | null): void {
    this.log.push(`${t}:${this.vars[id]!.name}=${String(v)}`);
  }
  advance(t: bigint): void {
    this.log.push(`advance ${t}`);
  }
  close(): void {
    this.log.push('close');
  }
}

test('the trace sink sees declarations, changes that really change, and time advances', (t) => {
  const k = new Kernel();
  const v = k.signal('v', 0, { trace: { scope: ['top'], name: 'v', kind: 'vector', width: 4 } });
  k.signal('untraced', 0);
  const sink = new MemorySink();
  const p = k.process('p', (cx) => {
    cx.write(v, cx.now === 10n ? 3 : 3);
    if (cx.now < 20n) cx.wakeAt(cx.now + 10n);
  });
  k.schedule(p, 10n);
  k.attachTrace(sink, { version: 'test' });
  k.run();
  k.closeTrace();
  t.is(sink.vars.length, 1);
  t.is(sink.vars[0]!.initial, 0);
  t.deepEqual(sink.log, ['advance 10', '10:v=3', 'advance 20', 'advance 21', 'close']);
});
