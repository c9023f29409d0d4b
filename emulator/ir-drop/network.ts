// emulator/ir-drop/network.ts: the resistive network of a crossbar with wire resistance, and
// the parts of its nodal matrix that do not depend on the inputs (factorised once per
// programming; solve.ts uses them once per MVM).
//
// Topology (the same as hdl-export/spice/netlist.ts and hdl-export/spice/nodal.ts):
//   - R rows x M physical columns; cell (i, p) is a conductance G_ip (S) between row node
//     (i, p) and column node (i, p). G = 0 is an open cell.
//   - Row i is driven at its left end by an ideal source V_i behind the driver's output
//     resistance r_driver, then one wire segment r_row per cell: source -> r_driver ->
//     r_row -> node (i, 0) -> r_row -> node (i, 1) ... -> node (i, M-1) (open far end).
//   - Column p runs down from node (0, p) (open top end) through one segment r_col per row
//     to its sense node below row R-1, held at 0 V by the readout (virtual ground). The
//     column current I_p is the current into that node.
// Unknowns are the 2RM wire-node voltages. With the other side held fixed, each row line
// and each column line is a tridiagonal system (a chain of segments with cells to fixed
// voltages): that is what the solver alternates over.
//
// Degenerate wires collapse a line (never a division by zero):
//   rows     r_row > 0                     'line'   tridiagonal per row
//            r_row = 0, r_driver > 0       'node'   the row is one node behind r_driver
//            r_row = 0, r_driver = 0       'fixed'  every row node is at V_i
//   columns  r_col > 0                     'line'   tridiagonal per column
//            r_col = 0                     'ground' every column node is at 0 V
//
// Factorisation (Thomas algorithm, without pivoting: each line matrix is symmetric,
// diagonally dominant and connected to a fixed voltage, hence positive definite). The
// textbook pivot recurrence w_k = d_k − g² / w_{k−1} (g: the segment conductance, d_k the
// diagonal) cancels catastrophically when g ≫ G (0.15 ohm wires and µS cells: g/G ~ 1e5),
// so it is computed as w_k = g + t_k (t_k without the segment to the right at a row's
// open end), where t_k = G_k + g t_{k−1} / (g + t_{k−1}) is the conductance from node k to
// the fixed voltages through the cells and segments already eliminated: a sum of positive
// terms (t_0 = g_drive + G_0 on a row; t_0 = G_0 at a column's open top).
// stored as inv_k = 1 / w_k, so a solve is
//   y_0 = b_0,  y_k = b_k + g inv_{k−1} y_{k−1},  x_{n−1} = y_{n−1} inv_{n−1},  x_k = (y_k + g x_{k+1}) inv_k.

export type RowMode = 'line' | 'node' | 'fixed';
export type ColumnMode = 'line' | 'ground';

export interface CrossbarWires {
  /** Wire resistance per row segment (ohm, >= 0). */
  rRow: number;
  /** Wire resistance per column segment (ohm, >= 0). */
  rCol: number;
  /** Output resistance of each row driver (ohm, >= 0; default 0). */
  rDriver?: number;
}

export interface CrossbarNetwork {
  rows: number;
  cols: number;
  /** Cell conductances (S), rows x cols, row-major (a copy). */
  g: Float64Array;
  rRow: number;
  rCol: number;
  rDriver: number;
  rowMode: RowMode;
  colMode: ColumnMode;
  /** Conductance of a row segment, of a column segment, and of driver + first row segment (S; 0 when unused). */
  gRow: number;
  gCol: number;
  gDrive: number;
  /** Σ_p G_ip per row (S). */
  rowSum: Float64Array;
  /** Row lines ('line'): the inverse pivot of each node, rows x cols. Empty otherwise. */
  rowInv: Float64Array;
  /** Column lines ('line'): the inverse pivot of each node, rows x cols (row-major). Empty otherwise. */
  colInv: Float64Array;
}

function nonNegative(name: string, v: number): number {
  if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number >= 0 ohm, found ${v}`);
  return v;
}

/** Build and factorise the network of `g` (rows x cols, S, row-major) with `wires`. */
export function crossbarNetwork(rows: number, cols: number, g: ArrayLike<number>, wires: CrossbarWires): CrossbarNetwork {
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
    throw new RangeError(`rows and cols must be integers >= 1, found ${rows} x ${cols}`);
  }
  if (g.length !== rows * cols) throw new RangeError(`conductances must hold rows x cols = ${rows * cols} values, found ${g.length}`);
  const rRow = nonNegative('r_row', wires.rRow);
  const rCol = nonNegative('r_col', wires.rCol);
  const rDriver = nonNegative('r_driver', wires.rDriver ?? 0);
  const gc = Float64Array.from(g);
  const rowSum = new Float64Array(rows);
  for (let k = 0; k < gc.length; k++) {
    const v = gc[k]!;
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`conductance G[${Math.floor(k / cols)}][${k % cols}] must be finite and >= 0 S, found ${v}`);
    rowSum[Math.floor(k / cols)]! += v;
  }
  const rowMode: RowMode = rRow > 0 ? 'line' : rDriver > 0 ? 'node' : 'fixed';
  const colMode: ColumnMode = rCol > 0 ? 'line' : 'ground';
  const gRow = rRow > 0 ? 1 / rRow : 0;
  const gCol = rCol > 0 ? 1 / rCol : 0;
  const gDrive = rRow + rDriver > 0 ? 1 / (rRow + rDriver) : 0;
  const n = rows * cols;
  const empty = new Float64Array(0);
  let rowInv = empty;
  let colInv = empty;

  if (rowMode === 'line') {
    rowInv = new Float64Array(n);
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      // t_0 = g_drive + G_0, then t_p = G_p + g t_{p-1} / (g + t_{p-1}); w_p = g + t_p except
      // at the open far end (no segment to the right), where w = t.
      let t = gDrive + gc[base]!;
      for (let p = 0; p < cols; p++) {
        if (p > 0) t = gc[base + p]! + (gRow * t) / (gRow + t);
        rowInv[base + p] = 1 / (p < cols - 1 ? gRow + t : t);
      }
    }
  }
  if (colMode === 'line') {
    colInv = new Float64Array(n);
    const s = new Float64Array(cols); // s_i per column, from the open top end down
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let p = 0; p < cols; p++) {
        const prev = s[p]!;
        const t = i === 0 ? gc[base + p]! : gc[base + p]! + (gCol * prev) / (gCol + prev);
        s[p] = t;
        colInv[base + p] = 1 / (gCol + t);
      }
    }
  }
  return { rows, cols, g: gc, rRow, rCol, rDriver, rowMode, colMode, gRow, gCol, gDrive, rowSum, rowInv, colInv };
}

/** True when the network's currents need iteration (both a row and a column side to solve). */
export function isCoupled(net: CrossbarNetwork): boolean {
  return net.rowMode !== 'fixed' && net.colMode === 'line';
}
