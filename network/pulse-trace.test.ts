// The pulse VCD of `xbar train --vcd` (pulse-trace.ts): for each traced line the trace has one
// pulse (a +-1 then a 0 half a slot later) per slot in which the update's bit stream fired it,
// at slot k of update n at (n (BL + 1) + k) t_pulse, with the sign of x_j (rows) or d_i (columns).
import test from 'ava';
import { PulsedArray } from '../emulator/pulsed/array.js';
import { pulsedPreset } from '../emulator/pulsed/presets.js';
import { DEFAULT_UPDATE_PARAMETERS, pulseUpdate } from '../emulator/pulsed/pulse-update.js';
import { Rng } from '../emulator/random.js';
import { RecordingSink } from '../test/vcd/traces.js';
import { writePulseTrace, type TracedUpdate } from './pulse-trace.js';

test('every fired slot of every traced line is one pulse at its slot time, with the sign of its input', (t) => {
  const rng = new Rng(5);
  const a = new PulsedArray(12, 10, pulsedPreset('Idealized'), rng.fork('device'));
  const updates: TracedUpdate[] = [];
  const ur = rng.fork('update');
  for (let n = 0; n < 3; n++) {
    const x = Float64Array.from({ length: 12 }, () => rng.uniform() * 2 - 1);
    const d = Float64Array.from({ length: 10 }, () => (rng.uniform() * 2 - 1) * 0.1);
    updates.push({ r: pulseUpdate(a, x, d, 0.1, DEFAULT_UPDATE_PARAMETERS, ur, { streams: true }), x, d });
  }
  const sink = new RecordingSink();
  const tPulse = 10e-9;
  writePulseTrace(sink, updates, { tPulse, lines: 8, scope: ['n', 'fc1'], version: 'test', comment: 'test' });
  const names = sink.trace.vars.map((v) => v.name);
  t.deepEqual(names.slice(0, 2), ['update', 'coincidences']);
  t.is(names.filter((n) => n.startsWith('row[')).length, 8);
  t.is(names.filter((n) => n.startsWith('col[')).length, 8);
  const slot = 10_000_000n; // 10 ns in fs
  const starts: bigint[] = [];
  let t0 = 0n;
  for (const u of updates) {
    starts.push(t0);
    t0 += BigInt(u.r.BL + 1) * slot;
  }
  const fired = (masks: Uint32Array, words: number, line: number, k: number) => ((masks[line * words + (k >>> 5)]! >>> (k & 31)) & 1) === 1;
  for (const [side, n] of [['row', 8], ['col', 8]] as const) {
    for (let line = 0; line < n; line++) {
      const id = names.indexOf(`${side}[${line}]`);
      const ops = sink.trace.ops.filter((o) => o.kind === 'change' && o.id === id);
      const want: { t: bigint; v: number }[] = [];
      updates.forEach((u, k) => {
        const masks = side === 'row' ? u.r.rowMasks! : u.r.colMasks!;
        const sign = Math.sign(side === 'row' ? u.x[line]! : u.d[line]!);
        for (let s = 0; s < u.r.BL; s++) {
          const at = starts[k]! + BigInt(s) * slot;
          if (fired(masks, u.r.words, line, s)) want.push({ t: at, v: sign });
          want.push({ t: at + slot / 2n, v: 0 });
        }
      });
      t.deepEqual(ops.map((o) => ({ t: o.t, v: Number(o.value) })), want, `${side}[${line}]`);
      const count = updates.reduce((a2, u) => a2 + (side === 'row' ? u.r.rowPulses[line]! : u.r.colPulses[line]!), 0);
      t.is(want.filter((w) => w.v !== 0).length, count, `${side}[${line}]: the update's pulse count`);
    }
  }
  const upd = sink.trace.ops.filter((o) => o.kind === 'change' && o.id === 0).map((o) => [o.t, o.value]);
  t.deepEqual(upd, starts.map((s, k) => [s, k + 1]));
});
