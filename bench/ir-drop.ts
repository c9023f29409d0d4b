// bench/ir-drop.ts: the exact IR-drop solver's time per MVM (emulator/ir-drop/solve.ts),
// against a plain Float64 matrix-vector product on the same conductances, in the same run.
//
// Arrays: 256 x 256 cells (and HERMES' 256 x 512 physical columns: 256 differential weight
// columns), PCM-like conductances uniform in [0.1, 25] uS, 0.15 ohm per wire segment on rows
// and columns (aihwkit's and HERMES' value), ideal drivers. A stream of 64 random input
// vectors, each used once in turn: positive (PWM-like, 0 .. 0.3 V) or signed (±0.3 V).
// Per MVM it times:
//   plain MVM     I_p = Σ_i G_ip V_i: dot products over the columns of the transposed
//                 Float64 matrix, two partial sums (the reference; no wires)
//   analytic      aihwkit's approximation (emulator/ir-drop/analytic.ts): two products
//   exact, cold   solveIrDrop from the ideal array (column nodes at 0 V)
//   exact, warm   from the previous vector's solution ('previous'), and from it rescaled
//                 per column by the ratio of ideal currents ('scaled', the default);
//                 and 'scaled' with tol 1e-8 (enough behind any ADC)
// and prints the mean sweeps, the time per MVM, and the ratio to the plain MVM. Tolerance:
// the default (1e-12 of the largest column current). Run alone with
// `node --import tsx bench/ir-drop.ts`. Nothing here is a test: it prints numbers.
import { applyAnalyticIrDrop } from '../emulator/ir-drop/analytic.js';
import { crossbarNetwork } from '../emulator/ir-drop/network.js';
import { DEFAULT_TOL, irDropState, solveIrDrop, type WarmStart } from '../emulator/ir-drop/solve.js';
import { Rng } from '../emulator/random.js';
import { timeRuns } from './timing.js';

const WIRE_R = 0.15;
const STREAM = 64;
/** A tolerance for emulation behind an ADC (the issue's ngspice bound is 1e-6). */
const LOOSE_TOL = 1e-8;


interface Row {
  label: string;
  ms: number;
  sweeps?: number;
}

function bench(rows: number, cols: number, signed: boolean): { rows: Row[]; plain: number; worstError: number } {
  const rng = new Rng(rows * 7 + cols + (signed ? 1 : 0));
  const g = Float64Array.from({ length: rows * cols }, () => 0.1e-6 + rng.uniform() * 24.9e-6);
  const stream = Array.from({ length: STREAM }, () => Float64Array.from({ length: rows }, () => (signed ? 2 * rng.uniform() - 1 : rng.uniform()) * 0.3));
  let v = 0;

  // plain MVM over the transposed matrix
  const gT = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let p = 0; p < cols; p++) gT[p * rows + i] = g[i * cols + p]!;
  const y = new Float64Array(cols);
  const plain = time(() => {
    const x = stream[v++ % STREAM]!;
    for (let p = 0; p < cols; p++) {
      const base = p * rows;
      let s0 = 0;
      let s1 = 0;
      for (let i = 0; i < rows; i += 2) {
        s0 += x[i]! * gT[base + i]!;
        s1 += x[i + 1]! * gT[base + i + 1]!;
      }
      y[p] = s0 + s1;
    }
  });

  // aihwkit's approximation, on normalised weights and inputs
  const gMax = 25e-6;
  const w = g.map((x) => x / gMax);
  const analytic = time(() => {
    const x = stream[v++ % STREAM]!;
    applyAnalyticIrDrop(w, rows, cols, x, y, { irDrop: 1 });
  });

  const net = crossbarNetwork(rows, cols, g, { rRow: WIRE_R, rCol: WIRE_R });
  const out: Row[] = [{ label: 'plain Float64 MVM (reference)', ms: plain }, { label: 'aihwkit analytic approximation', ms: analytic }];
  const runs: [WarmStart, number][] = [['cold', DEFAULT_TOL], ['previous', DEFAULT_TOL], ['scaled', DEFAULT_TOL], ['scaled', LOOSE_TOL]];
  for (const [warm, tol] of runs) {
    const st = irDropState(net);
    let sweeps = 0;
    let solves = 0;
    const ms = time(() => {
      const s = solveIrDrop(net, stream[v++ % STREAM]!, { state: st, warm, tol });
      if (!s.converged) throw new Error(`did not converge (${warm})`);
      sweeps += s.iterations;
      solves++;
    });
    const how = warm === 'cold' ? 'cold start' : `warm start (${warm})`;
    out.push({ label: `exact, ${how}${tol === DEFAULT_TOL ? '' : `, tol ${tol}`}`, ms, sweeps: sweeps / solves });
  }
  // accuracy of the default tolerance against a solve to round-off, over the stream
  let worstError = 0;
  for (const x of stream.slice(0, 8)) {
    const a = solveIrDrop(net, x).currents;
    const b = solveIrDrop(net, x, { tol: 1e-15, maxIterations: 50 }).currents;
    let top = 0;
    for (const c of b) top = Math.max(top, Math.abs(c));
    for (let p = 0; p < cols; p++) worstError = Math.max(worstError, Math.abs(a[p]! - b[p]!) / top);
  }
  return { rows: out, plain, worstError };
}

const fmtMs = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} us` : `${ms.toFixed(2)} ms`);

console.log(`xbar IR-drop benchmark: node ${process.version}; every figure measured in this run`);
console.log(`(wires ${WIRE_R} ohm per segment on rows and columns; G uniform in [0.1, 25] uS; a stream of ${STREAM} random input vectors)\n`);
for (const [rows, cols, signed] of [[256, 256, false], [256, 256, true], [256, 512, false]] as const) {
  const r = bench(rows, cols, signed);
  console.log(`${rows} x ${cols} cells, ${signed ? 'signed inputs (±0.3 V)' : 'positive inputs (0 .. 0.3 V)'}`);
  for (const row of r.rows) {
    const sweeps = row.sweeps === undefined ? '' : `${row.sweeps.toFixed(2)} sweeps`;
    console.log(`  ${row.label.padEnd(40)} ${fmtMs(row.ms).padStart(9)} per MVM  ${sweeps.padStart(12)}  ${(row.ms / r.plain).toFixed(1).padStart(6)}x the plain MVM`);
  }
  console.log(`  default tolerance: max |I - I(round-off)| / max|I| = ${r.worstError.toExponential(1)} over 8 vectors\n`);
}

/** Mean ms per run of `fn` (bench/timing.ts). */
function time(fn: () => void, minMs = 600): number {
  return timeRuns(fn, minMs).ms;
}
