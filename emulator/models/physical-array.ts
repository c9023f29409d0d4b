// emulator/models/physical-array.ts: the programmed devices of a crossbar as a physical array,
// for the exporters (SPICE, Verilog-AMS netlists) and for checking them against the emulator.
//
// programCrossbar keeps device conductances as blocks of rows x cols (one block per device
// role: G+ and G-, G+ and G- of each pair, or one block per bit slice) plus, for offset
// schemes, one column per row (the reference or unit column). Physically, the columns of one
// weight sit side by side:
//   differential  c<j>p, c<j>n                 (G+, G- of weight column j)
//   P > 1 pairs   c<j>p0, c<j>n0, c<j>p1, ...  (G+, G- of pair k: blocks 2k, 2k + 1), each
//                                              column's current entering the weight's lane
//                                              with gain f_k / sum f (`gain`; 1 elsewhere)
//   offset        c<j>, ..., then cref         (the mid-scale reference column)
//   bit_sliced    c<j>s<k> (offset encoding, then cunit), or c<j>s<k>p, c<j>s<k>n
// Row i drives every device of row i; column p collects I_p = sum_i G_ip V_i at virtual ground.
import type { CellIR } from '../../dsl/ir/nodes.js';

export type ColumnRole = 'plus' | 'minus' | 'single' | 'reference' | 'unit';

export interface PhysicalColumn {
  /** Column name, unique in the array (`c3p`, `c3s1`, `cref`). */
  name: string;
  /** The weight column it belongs to, or null for a reference / unit column. */
  weightCol: number | null;
  role: ColumnRole;
  /** Bit slice (bit_sliced cells), else 0. */
  slice: number;
  /** Differential pair (cells with several pairs), else 0. */
  pair: number;
  /**
   * Factor of the column's current in its lane: f_pair / sum f for a cell of several pairs
   * (the readout's current-mirror gain, its significance), else 1.
   */
  gain: number;
}

/** Readout gains f_p / sum f of a cell's pairs (its significance factors, normalised). */
export function pairGains(significance: readonly number[]): number[] {
  const total = significance.reduce((a, b) => a + b, 0);
  return significance.map((f) => f / total);
}

export interface PhysicalArray {
  rows: number;
  columns: PhysicalColumn[];
  /** Conductances at t_inference (S), rows x columns, row-major. */
  g: Float64Array;
  /** Programming targets (S), same layout. */
  gTarget: Float64Array;
  gMin: number;
  gMax: number;
}

/** Where each physical column's devices are in programCrossbar's flat device vector. */
function layout(cell: CellIR, rows: number, cols: number, per: number): { columns: PhysicalColumn[]; index: (i: number, p: number) => number } {
  const n = rows * cols;
  const cs: { col: PhysicalColumn; block: number | 'tail' }[] = [];
  const one = { pair: 0, gain: 1 };
  for (let j = 0; j < cols; j++) {
    if (cell.scheme === 'differential' && cell.pairs > 1) {
      const gains = pairGains(cell.significance);
      for (let k = 0; k < cell.pairs; k++) {
        cs.push({ col: { name: `c${j}p${k}`, weightCol: j, role: 'plus', slice: 0, pair: k, gain: gains[k]! }, block: 2 * k });
        cs.push({ col: { name: `c${j}n${k}`, weightCol: j, role: 'minus', slice: 0, pair: k, gain: gains[k]! }, block: 2 * k + 1 });
      }
    } else if (cell.scheme === 'differential') {
      cs.push({ col: { name: `c${j}p`, weightCol: j, role: 'plus', slice: 0, ...one }, block: 0 });
      cs.push({ col: { name: `c${j}n`, weightCol: j, role: 'minus', slice: 0, ...one }, block: 1 });
    } else if (cell.scheme === 'offset') {
      cs.push({ col: { name: `c${j}`, weightCol: j, role: 'single', slice: 0, ...one }, block: 0 });
    } else if (cell.encoding === 'differential') {
      for (let s = 0; s < per; s++) {
        cs.push({ col: { name: `c${j}s${s}p`, weightCol: j, role: 'plus', slice: s, ...one }, block: s });
        cs.push({ col: { name: `c${j}s${s}n`, weightCol: j, role: 'minus', slice: s, ...one }, block: per + s });
      }
    } else {
      for (let s = 0; s < per; s++) cs.push({ col: { name: `c${j}s${s}`, weightCol: j, role: 'single', slice: s, ...one }, block: s });
    }
  }
  if (cell.scheme === 'offset') cs.push({ col: { name: 'cref', weightCol: null, role: 'reference', slice: 0, ...one }, block: 'tail' });
  if (cell.scheme === 'bit_sliced' && cell.encoding !== 'differential') {
    cs.push({ col: { name: 'cunit', weightCol: null, role: 'unit', slice: per - 1, ...one }, block: 'tail' });
  }
  const blocks = cs.map((c) => c.block);
  const colOf = cs.map((c) => c.col.weightCol ?? 0);
  return {
    columns: cs.map((c) => c.col),
    index: (i, p) => {
      const b = blocks[p]!;
      return b === 'tail' ? (blocks.filter((x) => x !== 'tail').length / cols) * n + i : b * n + i * cols + colOf[p]!;
    },
  };
}

/** The physical array of a programmed crossbar (`now` and `targets` as programCrossbar holds them). */
export function physicalArray(
  cell: CellIR,
  rows: number,
  cols: number,
  per: number,
  now: Float64Array,
  targets: Float64Array,
  gMin: number,
  gMax: number,
): PhysicalArray {
  const { columns, index } = layout(cell, rows, cols, per);
  const m = columns.length;
  const g = new Float64Array(rows * m);
  const gTarget = new Float64Array(rows * m);
  for (let i = 0; i < rows; i++) {
    for (let p = 0; p < m; p++) {
      const k = index(i, p);
      g[i * m + p] = now[k]!;
      gTarget[i * m + p] = targets[k]!;
    }
  }
  return { rows, columns, g, gTarget, gMin, gMax };
}

/** Column currents I_p = sum_i G_ip V_i (A) with the columns at virtual ground and no wire resistance. */
export function columnCurrents(a: PhysicalArray, volts: Float64Array, which: 'g' | 'gTarget' = 'g'): Float64Array {
  const m = a.columns.length;
  const g = a[which];
  const out = new Float64Array(m);
  for (let i = 0; i < a.rows; i++) {
    const v = volts[i]!;
    if (v === 0) continue;
    for (let p = 0; p < m; p++) out[p] = out[p]! + g[i * m + p]! * v;
  }
  return out;
}
