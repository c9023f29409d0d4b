// hdl-export/verilog/compare.ts: compare the emulator's VCD of a tile with the VCD of its
// Verilog timing model, signal pair by signal pair (prepare.ts `signals`).
//
// Both files are read with xbar's own reader (emulator/trace/vcd-reader.ts). A signal's
// history becomes its list of transitions (time in fs, value): the value at time 0, then every
// change; several changes within one time step count as the last one (VCD semantics), and a
// "change" to the same value is none. Two signals agree when the lists are equal; otherwise the
// report names the first transition that differs, with the one before it.
import { readVcd, type VcdData } from '../../emulator/trace/vcd-reader.js';
import type { SignalPair } from './prepare.js';

export interface Transition {
  /** fs */
  t: bigint;
  v: string;
}

/** The transitions of the variable keyed `key`, or null if the VCD has no such variable. */
export function transitions(vcd: VcdData, key: string): Transition[] | null {
  const changes = vcd.changes.get(key);
  if (!changes) return null;
  const out: Transition[] = [];
  for (const c of changes) {
    const t = c.t * vcd.timescaleFs;
    const v = String(c.v);
    const last = out[out.length - 1];
    if (last && last.t === t) last.v = v;
    else out.push({ t, v });
    // drop a step back to the value before, and any non-change
    const n = out.length;
    if (n >= 2 && out[n - 1]!.v === out[n - 2]!.v) out.pop();
  }
  return out;
}

export interface SignalComparison extends SignalPair {
  emulatorTransitions: number;
  verilogTransitions: number;
  /** Null when equal; else what differs first. */
  difference: string | null;
}

export interface Comparison {
  signals: SignalComparison[];
  /** Transitions compared (the emulator's, over every signal). */
  transitions: number;
  /** Every difference, one line each (empty when the traces agree). */
  differences: string[];
}

function show(x: Transition | undefined): string {
  return x ? `${x.v} at ${x.t} fs` : 'no transition';
}

function firstDifference(a: Transition[], b: Transition[]): string | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x && y && x.t === y.t && x.v === y.v) continue;
    const before = i > 0 ? ` (both went to ${show(a[i - 1])} before)` : '';
    return `transition ${i}: emulator ${show(x)}, Verilog ${show(y)}${before}`;
  }
  return null;
}

/** Compare every pair of signals. */
export function compareVcds(emulator: VcdData, verilog: VcdData, pairs: readonly SignalPair[]): Comparison {
  const signals: SignalComparison[] = pairs.map((p) => {
    const a = transitions(emulator, p.emulator);
    const b = transitions(verilog, p.verilog);
    let difference: string | null = null;
    if (!a) difference = `${p.emulator} is not in the emulator's VCD`;
    else if (!b) difference = `${p.verilog} is not in the Verilog VCD`;
    else difference = firstDifference(a, b);
    return { ...p, emulatorTransitions: a?.length ?? 0, verilogTransitions: b?.length ?? 0, difference };
  });
  return {
    signals,
    transitions: signals.reduce((s, x) => s + x.emulatorTransitions, 0),
    differences: signals.filter((s) => s.difference).map((s) => `${s.emulator} vs ${s.verilog}: ${s.difference}`),
  };
}

/** Read both VCD texts and compare them. */
export function compareVcdTexts(emulator: string, verilog: string, pairs: readonly SignalPair[]): Comparison {
  return compareVcds(readVcd(emulator), readVcd(verilog), pairs);
}
