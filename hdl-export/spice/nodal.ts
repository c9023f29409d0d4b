// hdl-export/spice/nodal.ts: an independent solve of the resistive crossbar the netlist
// describes (netlist.ts), for checking ngspice and as the exact reference of an IR-drop model.
//
// Network: R rows x M physical columns; row i is driven at its left end by V_i through one
// wire segment per cell (conductance gw = 1 / wire_r); cell (i, p) is G_ip between row node
// (i, p) and column node (i, p); column p runs down through one segment per row to a 0 V
// sense node below the last row.
//
// Algorithm:
//   1. Unknowns: the 2RM wire nodes, ordered (i, p, row|column): index 2(iM + p) (+1). Every
//      branch joins nodes at most 2M apart, so the nodal matrix (a weighted Laplacian with the
//      drivers and sense nodes as fixed voltages: symmetric positive definite) is banded,
//      half-bandwidth b = 2M.
//   2. Assemble the band and the right-hand side (gw V_i at each row's first node).
//   3. Banded Cholesky, A = L L^T: O(N b^2) = O(8 R M^3) operations, O(N b) memory.
//   4. Forward and back substitution.
//   5. Column current I_p = sum_i G_ip (v_row(i,p) - v_col(i,p)): by Kirchhoff's current law
//      the current into the sense node, computed from differences of order V rather than from
//      the small voltage of the last column node.
// 64 x 128 (N = 16384, b = 256) takes about a second; 16 x 32 a few milliseconds.
// `solveNetwork` is the general form (separate row, column and driver resistances: the driver's
// in series with each row's first segment), the reference of emulator/ir-drop/'s iterative
// solver; `solveCrossbar` is the SPICE export's network (one wire_r, ideal drivers).

/** Column currents (A) of the crossbar with wire resistance `wireR` > 0 (ohm per segment). */
export function solveCrossbar(rows: number, cols: number, g: ArrayLike<number>, volts: ArrayLike<number>, wireR: number): Float64Array {
  if (!(wireR > 0)) throw new Error('internal: solveCrossbar needs wire_r > 0 (with 0 the currents are sum_i G_ip V_i)');
  return solveNetwork(rows, cols, g, volts, wireR, wireR, 0);
}

/** Column currents (A) by a direct solve; `rDriver` sits in series with each row's first segment. */
export function solveNetwork(rows: number, cols: number, g: ArrayLike<number>, volts: ArrayLike<number>, rRow: number, rCol: number, rDriver = 0): Float64Array {
  if (!(rRow > 0 && rCol > 0 && rDriver >= 0)) throw new RangeError(`solveNetwork needs r_row > 0, r_col > 0, r_driver >= 0; found ${rRow}, ${rCol}, ${rDriver}`);
  const gr = 1 / rRow;
  const gcw = 1 / rCol;
  const gd = 1 / (rRow + rDriver);
  const m = cols;
  const n = 2 * rows * m;
  const b = 2 * m;
  const w = b + 1;
  const band = new Float64Array(n * w); // band[i * w + d] = A[i][i - d]
  const v = new Float64Array(n);
  const add = (i: number, j: number, x: number) => {
    band[i * w + (i - j)]! += x;
  };
  const branch = (a: number, c: number, x: number) => {
    const hi = Math.max(a, c);
    const lo = Math.min(a, c);
    add(hi, hi, x);
    add(lo, lo, x);
    add(hi, lo, -x);
  };
  for (let i = 0; i < rows; i++) {
    for (let p = 0; p < m; p++) {
      const k = i * m + p;
      const r = 2 * k;
      const c = r + 1;
      if (g[k]! !== 0) branch(r, c, g[k]!);
      if (p === 0) {
        add(r, r, gd);
        v[r]! += gd * volts[i]!;
      } else branch(r - 2, r, gr);
      if (i + 1 < rows) branch(c, c + 2 * m, gcw);
      else add(c, c, gcw);
    }
  }
  for (let i = 0; i < n; i++) {
    const j0 = Math.max(0, i - b);
    for (let j = j0; j <= i; j++) {
      let s = band[i * w + (i - j)]!;
      for (let k = Math.max(j0, j - b); k < j; k++) s -= band[i * w + (i - k)]! * band[j * w + (j - k)]!;
      if (i === j) {
        if (!(s > 0)) throw new Error(`internal: nodal matrix not positive definite at ${i}`);
        band[i * w] = Math.sqrt(s);
      } else band[i * w + (i - j)] = s / band[j * w]!;
    }
  }
  for (let i = 0; i < n; i++) {
    let s = v[i]!;
    for (let k = Math.max(0, i - b); k < i; k++) s -= band[i * w + (i - k)]! * v[k]!;
    v[i] = s / band[i * w]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = v[i]!;
    for (let k = i + 1; k <= Math.min(n - 1, i + b); k++) s -= band[k * w + (k - i)]! * v[k]!;
    v[i] = s / band[i * w]!;
  }
  const out = new Float64Array(m);
  for (let i = 0; i < rows; i++) {
    for (let p = 0; p < m; p++) {
      const k = i * m + p;
      out[p]! += g[k]! * (v[2 * k]! - v[2 * k + 1]!);
    }
  }
  return out;
}
