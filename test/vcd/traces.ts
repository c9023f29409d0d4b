// test/vcd/traces.ts: synthetic traces for the emulator/trace tests: a fixed one (the golden
// file), a fast-check arbitrary of random ones, a replay into any TraceSink, and the model of
// what a VCD of the trace must contain (merged per time step, repeats dropped, time 0 folded
// into $dumpvars), in canonical values: bit/vector -> bigint | null, integer -> number | null,
// real -> number, event -> 'event'.
import fc from 'fast-check';
import type { TimeFs, TraceHeader, TraceSink, TraceVar } from '../../emulator/trace/trace-sink.js';
import { bitsToBigInt, type VcdData } from '../../emulator/trace/vcd-reader.js';
import { vcdLayout } from '../../emulator/trace/vcd-names.js';
import { formatG16, type GtkwaveChange } from '../gtkwave.js';

export interface TraceOp {
  kind: 'change' | 'advance';
  t: TimeFs;
  id: number;
  value: number | bigint | null;
}

export interface SyntheticTrace {
  vars: TraceVar[];
  header: TraceHeader;
  ops: TraceOp[];
}

export type Canon = bigint | number | null | 'event';

export function replay(trace: SyntheticTrace, sink: TraceSink, close = true): void {
  sink.declare(trace.vars, trace.header);
  for (const op of trace.ops) {
    if (op.kind === 'change') sink.change(op.t, op.id, op.value);
    else sink.advance(op.t);
  }
  if (close) sink.close();
}

function canon(v: TraceVar, value: number | bigint | null): Canon {
  switch (v.kind) {
    case 'event':
      return 'event';
    case 'real':
      return value === null ? NaN : Number(value);
    case 'integer':
      return value === null ? null : Number(value);
    default:
      return value === null ? null : BigInt(value);
  }
}

function same(a: Canon, b: Canon): boolean {
  return Object.is(a, b);
}

/** Per var id: the (t, value) list a VCD of `trace` holds. Events: time 0 is 'event' only if
 * it occurred at 0; otherwise it is `0n`-like "no occurrence" and given as null here. */
export function expectedChanges(trace: SyntheticTrace): { t: bigint; v: Canon }[][] {
  const cur: Canon[] = trace.vars.map((v) => (v.kind === 'event' ? null : canon(v, v.initial)));
  const out: { t: bigint; v: Canon }[][] = trace.vars.map(() => []);
  // group changes by time (ops are in time order)
  const steps: { t: bigint; last: Map<number, Canon> }[] = [];
  for (const op of trace.ops) {
    if (op.kind !== 'change') continue;
    let s = steps[steps.length - 1];
    if (!s || s.t !== op.t) {
      s = { t: op.t, last: new Map() };
      steps.push(s);
    }
    s.last.set(op.id, canon(trace.vars[op.id]!, op.value));
  }
  let i = 0;
  if (steps[0]?.t === 0n) {
    for (const [id, v] of steps[0].last) cur[id] = v;
    i = 1;
  }
  trace.vars.forEach((v, id) => out[id]!.push({ t: 0n, v: v.kind === 'event' ? (steps[0]?.t === 0n && steps[0].last.has(id) ? 'event' : null) : cur[id]! }));
  for (; i < steps.length; i++) {
    const s = steps[i]!;
    for (const [id, v] of [...s.last].sort((a, b) => a[0] - b[0])) {
      if (trace.vars[id]!.kind !== 'event' && same(v, cur[id]!)) continue;
      cur[id] = v;
      out[id]!.push({ t: s.t, v });
    }
  }
  return out;
}

/** The reader's values for var `v` in canonical form (see expectedChanges). */
export function readerCanon(v: TraceVar, raw: string | number | null): Canon {
  if (v.kind === 'event') return raw === '1' ? 'event' : null;
  if (v.kind === 'real') return raw as number;
  const b = bitsToBigInt(raw as string);
  if (v.kind === 'integer') return b === null ? null : Number(BigInt.asIntN(32, b));
  return b;
}

/** Canonical per-var lists read back from a parsed VCD, by VCD full name. */
export function readBack(trace: SyntheticTrace, data: VcdData, fullNames: string[]): { t: bigint; v: Canon }[][] {
  return trace.vars.map((v, id) => (data.changes.get(fullNames[id]!) ?? []).map((c) => ({ t: c.t, v: readerCanon(v, c.v) })));
}

// ---------------------------------------------------------------------------------------------
// The fixed trace behind test/vcd/golden-writer.vcd: nested scopes, bits, an 8-bit vector,
// reals (negative, tiny, huge, NaN, infinities, -0), an integer, an event, and a name that
// needs escaping.

export function goldenTrace(): SyntheticTrace {
  const vars: TraceVar[] = [
    { id: 0, scope: ['hermes'], name: 'clk', kind: 'bit', width: 1, initial: 0, group: 'control' },
    { id: 1, scope: ['hermes'], name: 'reset', kind: 'bit', width: 1, initial: 1, group: 'control' },
    { id: 2, scope: ['hermes', 'c[0]', 'dacs'], name: 'code', kind: 'vector', width: 8, initial: null, group: 'dac' },
    { id: 3, scope: ['hermes', 'c[0]', 'dacs'], name: 'vout', kind: 'real', width: 64, initial: 0, group: 'dac', analog: true },
    { id: 4, scope: ['hermes', 'c[0]', 'adcs'], name: 'vin', kind: 'real', width: 64, initial: 0, group: 'adc', analog: true },
    { id: 5, scope: ['hermes', 'c[0]', 'adcs'], name: 'conversions', kind: 'integer', width: 32, initial: 0, group: 'adc' },
    { id: 6, scope: ['hermes', 'c[0]', 'adcs'], name: 'sample', kind: 'event', width: 1, initial: null, group: 'adc' },
    { id: 7, scope: ['hermes', 'c[0]', 'adcs'], name: 'dout', kind: 'vector', width: 8, initial: null, group: 'adc' },
    { id: 8, scope: ['hermes', 'c[1]'], name: 'i.sense', kind: 'real', width: 64, initial: -0, analog: false },
    { id: 9, scope: ['hermes'], name: 'offset', kind: 'integer', width: 32, initial: -3 },
  ];
  const ops: TraceOp[] = [];
  const ch = (t: bigint, id: number, value: number | bigint | null): void => void ops.push({ kind: 'change', t, id, value });
  const adv = (t: bigint): void => void ops.push({ kind: 'advance', t, id: -1, value: null });
  ch(0n, 1, 1); // same as initial: folded, no effect
  ch(0n, 0, 0);
  adv(1n);
  ch(5_000n, 0, 1);
  ch(5_000n, 2, 0x10);
  ch(5_000n, 3, 0.125);
  adv(10_000n);
  ch(10_000n, 0, 0);
  ch(10_000n, 1, 0);
  ch(10_000n, 6, null);
  ch(10_000n, 4, 0.125);
  ch(10_000n, 5, 1);
  ch(10_000n, 7, 0x10n);
  ch(15_000n, 0, 1);
  ch(15_000n, 2, 0x80);
  ch(15_000n, 3, -2.490234375);
  ch(15_000n, 8, 1e-15);
  ch(20_000n, 0, 0);
  ch(20_000n, 6, null);
  ch(20_000n, 4, -2.490234375);
  ch(20_000n, 5, 2);
  ch(20_000n, 7, 0x80);
  ch(20_000n, 9, -2147483648);
  ch(25_000n, 0, 1);
  ch(25_000n, 2, 0xff);
  ch(25_000n, 2, 0xfe); // two changes in one step: the last counts
  ch(25_000n, 3, 1.7976931348623157e308);
  ch(25_000n, 8, 5e-324);
  ch(30_000n, 0, 0);
  ch(30_000n, 4, NaN);
  ch(30_000n, 7, null);
  ch(30_000n, 3, 1.7976931348623157e308); // repeat: dropped
  ch(30_000n, 8, 0.30000000000000004);
  adv(31_000n);
  ch(35_000n, 0, 1);
  ch(35_000n, 3, -Infinity);
  ch(35_000n, 4, Infinity);
  ch(35_000n, 9, 2147483647);
  ch(40_000n, 0, 0);
  ch(40_000n, 6, null);
  ch(40_000n, 8, 0);
  ch(4_294_967_297_000n, 0, 1); // beyond 2^32 units
  adv(4_294_967_300_000n);
  return { vars, header: { version: 'xbar golden writer test', comment: 'synthetic trace: nested scopes, bits, vectors, reals, integers, an event' }, ops };
}

// ---------------------------------------------------------------------------------------------
// Random traces.

const SCOPE_NAMES = ['top', 'c[0]', 'c[1]', 'adcs', 'dacs', 'a.b', 'x y', 'tile_3'];
const VAR_NAMES = ['v', 'code', 'out', 'q[2]', 'a+b', 'clk', 'sense', '$tmp', 'n'];

const kindArb = fc.constantFrom<TraceVar['kind']>('bit', 'vector', 'real', 'integer', 'event');

const realArb = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e-15, -1e-15, 5e-324, 1.7976931348623157e308, 0.1, -0.625, 1e21, 1e-7),
  fc.integer({ min: -1000, max: 1000 }).map((k) => k / 8),
);

function valueArb(v: TraceVar, nullable = true): fc.Arbitrary<number | bigint | null> {
  const n = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => (nullable ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 6, arbitrary: a }) : a);
  switch (v.kind) {
    case 'bit':
      return n(fc.constantFrom(0, 1));
    case 'vector':
      return n(fc.oneof(fc.bigInt({ min: 0n, max: (1n << BigInt(v.width)) - 1n }), fc.constant(0n), fc.constant((1n << BigInt(v.width)) - 1n)));
    case 'integer':
      return n(fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(0, -1, 1)));
    case 'real':
      return realArb;
    case 'event':
      return fc.constant(null);
  }
}

const varShapeArb = fc.record({
  scope: fc.array(fc.constantFrom(...SCOPE_NAMES), { minLength: 0, maxLength: 3 }),
  name: fc.constantFrom(...VAR_NAMES),
  kind: kindArb,
  width: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.constantFrom(1, 32, 64, 65, 200)),
});

export interface RandomTraceOptions {
  maxVars?: number;
  maxOps?: number;
  /** Largest time step between changes (fs). */
  maxDelta?: bigint;
  /** Only bits and vectors (for vcd-stream comparisons). */
  digitalOnly?: boolean;
}

/** A random trace: ids dense, times non-decreasing, values within each kind's range. */
export function traceArb(opts: RandomTraceOptions = {}): fc.Arbitrary<SyntheticTrace> {
  const maxDelta = opts.maxDelta ?? 1_000_000n;
  return fc.array(varShapeArb, { minLength: 1, maxLength: opts.maxVars ?? 10, size: 'max' }).chain((shapes) => {
    const vars0: TraceVar[] = shapes.map((s, id) => {
      const kind: TraceVar['kind'] = opts.digitalOnly ? (s.kind === 'vector' || s.kind === 'integer' ? 'vector' : 'bit') : s.kind;
      const width = kind === 'vector' ? s.width : kind === 'real' ? 64 : kind === 'integer' ? 32 : 1;
      return { id, scope: s.scope, name: s.name, kind, width, initial: null };
    });
    const initials = fc.tuple(...vars0.map((v) => valueArb(v)));
    const opArb = fc
      .record({
        kind: fc.constantFrom<'change' | 'advance'>('change', 'change', 'change', 'advance'),
        dt: fc.oneof(fc.constant(0n), fc.constant(1n), fc.bigInt({ min: 0n, max: maxDelta })),
        id: fc.integer({ min: 0, max: vars0.length - 1 }),
      })
      .chain((o) => valueArb(vars0[o.id]!).map((value) => ({ ...o, value })));
    return fc.tuple(initials, fc.array(opArb, { maxLength: opts.maxOps ?? 60, size: 'max' })).map(([inits, raw]): SyntheticTrace => {
      const vars = vars0.map((v, i) => ({ ...v, initial: v.kind === 'event' ? null : inits[i]! }));
      let t = 0n;
      const ops: TraceOp[] = raw.map((o) => {
        t += o.dt;
        return o.kind === 'change' ? { kind: 'change', t, id: o.id, value: o.value } : { kind: 'advance', t, id: -1, value: null };
      });
      return { vars, header: { version: 'xbar random trace' }, ops };
    });
  });
}

// ---------------------------------------------------------------- what GTKWave reads back

/** How GTKWave prints value `c` of `v` in a signalChangeList (see test/gtkwave.ts). */
export function gtkwaveValue(v: TraceVar, c: Canon): string {
  switch (v.kind) {
    case 'event':
      return c === 'event' ? '1' : '0';
    case 'bit':
      return c === null ? 'x' : String(c);
    case 'vector': {
      if (v.width === 1) return c === null ? 'x' : String(c);
      const digits = Math.ceil(v.width / 4);
      return c === null ? '0x' + 'x'.repeat(digits) : '0x' + (c as bigint).toString(16).toUpperCase().padStart(digits, '0');
    }
    case 'integer':
      return c === null ? 'XXX' : String(c);
    case 'real':
      return '0b' + formatG16(c as number);
  }
}

export function expectedGtkwave(trace: SyntheticTrace): Map<string, GtkwaveChange[]> {
  const names = vcdLayout(trace.vars).names;
  const want = expectedChanges(trace);
  return new Map(trace.vars.map((v, i) => [names[i]!.gtkwaveName, want[i]!.map((c) => ({ t: c.t, v: gtkwaveValue(v, c.v) }))]));
}

/** A sink that records what it is told, as a SyntheticTrace (to compare with a VCD). */
export class RecordingSink implements TraceSink {
  trace: SyntheticTrace = { vars: [], header: { version: '' }, ops: [] };
  declare(vars: readonly TraceVar[], header: TraceHeader): void {
    this.trace = { vars: [...vars], header, ops: [] };
  }
  change(t: TimeFs, id: number, value: number | bigint | null): void {
    this.trace.ops.push({ kind: 'change', t, id, value });
  }
  advance(t: TimeFs): void {
    this.trace.ops.push({ kind: 'advance', t, id: -1, value: null });
  }
  close(): void {}
}
