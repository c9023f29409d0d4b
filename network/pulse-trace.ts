// network/pulse-trace.ts: the bit streams of pulsed updates as a trace (the VCD of
// `xbar train --vcd`): for the first updates of one layer, the first rows' and columns' pulse
// trains (emulator/pulsed/pulse-update.ts masks). Each update's BL slots follow one another,
// each slot `t_pulse` long, with one empty slot between updates. A line that fires in a slot
// carries sign(x_j) (rows) or sign(d_i) (columns) for the first half of the slot and 0 after,
// so consecutive pulses stay apart in the waveform (a drawing convention: the device sees the
// whole slot). `update` counts the updates; `coincidences` the device pulses of each.
import { fs, type TimeFs } from '../emulator/kernel/time.js';
import type { PulseUpdateResult } from '../emulator/pulsed/pulse-update.js';
import type { TraceSink, TraceVar } from '../emulator/trace/trace-sink.js';

export interface TracedUpdate {
  r: PulseUpdateResult;
  x: Float64Array;
  d: Float64Array;
}

export function writePulseTrace(sink: TraceSink, updates: readonly TracedUpdate[], o: { tPulse: number; lines: number; scope: string[]; version: string; comment: string }): void {
  const rows = updates.length ? Math.min(o.lines, updates[0]!.r.rowPulses.length) : 0;
  const cols = updates.length ? Math.min(o.lines, updates[0]!.r.colPulses.length) : 0;
  const vars: TraceVar[] = [];
  const v = (name: string, group: string): number => {
    vars.push({ id: vars.length, scope: o.scope, name, kind: 'integer', width: 32, initial: 0, group });
    return vars.length - 1;
  };
  const upd = v('update', 'update');
  const coin = v('coincidences', 'update');
  const rowId = Array.from({ length: rows }, (_, j) => v(`row[${j}]`, 'rows'));
  const colId = Array.from({ length: cols }, (_, i) => v(`col[${i}]`, 'columns'));
  sink.declare(vars, { version: o.version, comment: o.comment });
  const slot = fs(o.tPulse);
  const half = slot / 2n > 0n ? slot / 2n : 1n;
  let t: TimeFs = 0n;
  const bit = (masks: Uint32Array, words: number, line: number, k: number) => (masks[line * words + (k >>> 5)]! >>> (k & 31)) & 1;
  updates.forEach((u, n) => {
    const { r } = u;
    sink.change(t, upd, n + 1);
    sink.change(t, coin, r.coincidences);
    for (let k = 0; k < r.BL; k++) {
      for (let j = 0; j < rows; j++) if (r.rowMasks && bit(r.rowMasks, r.words, j, k)) sink.change(t, rowId[j]!, Math.sign(u.x[j]!));
      for (let i = 0; i < cols; i++) if (r.colMasks && bit(r.colMasks, r.words, i, k)) sink.change(t, colId[i]!, Math.sign(u.d[i]!));
      sink.advance(t + 1n);
      for (let j = 0; j < rows; j++) sink.change(t + half, rowId[j]!, 0);
      for (let i = 0; i < cols; i++) sink.change(t + half, colId[i]!, 0);
      t += slot;
      sink.advance(t);
    }
    t += slot;
  });
  sink.advance(t + 1n);
  sink.close();
}
