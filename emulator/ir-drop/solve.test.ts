// The iterative IR-drop solver (solve.ts) against direct solves of the same network
// (hdl-export/spice/nodal.ts for one wire_r; its solveNetwork for separate r_row, r_col, r_driver),
// on seeded random arrays; its convergence, warm starts, degenerate wires and physics.
// Relative errors are max over columns of |a - b| / max(|b|, 1e-6 max|b|), as in
// hdl-export/spice/engine.test.ts (differential columns can sum to nearly nothing).
import test from 'ava';
import { solveCrossbar, solveNetwork } from '../../hdl-export/spice/nodal.js';
import { maxRelError } from '../../hdl-export/spice/ngspice.js';
import { Rng } from '../random.js';
import { crossbarNetwork } from './network.js';
import { irDropCurrents, irDropState, nodalImbalance, solveIrDrop } from './solve.js';

const TOL = 1e-9;


interface Case {
  rows: number;
  cols: number;
  g: Float64Array;
  volts: Float64Array;
}

/** PCM-like conductances in [0.1, 25] uS (a fraction `open` of cells at 0) and row voltages. */
function randomCase(seed: number, rows: number, cols: number, opts: { signed?: boolean; open?: number; vMax?: number } = {}): Case {
  const rng = new Rng(seed);
  const g = Float64Array.from({ length: rows * cols }, () => (rng.uniform() < (opts.open ?? 0) ? 0 : 0.1e-6 + rng.uniform() * 24.9e-6));
  const v = opts.vMax ?? 0.2;
  const volts = Float64Array.from({ length: rows }, () => (opts.signed ? rng.uniform() * 2 - 1 : rng.uniform()) * v);
  return { rows, cols, g, volts };
}

function ideal(c: Case): Float64Array {
  const out = new Float64Array(c.cols);
  for (let i = 0; i < c.rows; i++) for (let p = 0; p < c.cols; p++) out[p]! += c.g[i * c.cols + p]! * c.volts[i]!;
  return out;
}

test('= the direct solve of nodal.ts (one wire_r) on seeded random arrays, within 1e-9', (t) => {
  const shapes: [number, number, boolean, number][] = [[1, 1, false, 0], [1, 9, true, 0], [7, 1, false, 0], [8, 8, true, 0], [16, 48, false, 0.2], [40, 24, true, 0.1], [64, 64, false, 0], [64, 64, true, 0.3]];
  let worst = 0;
  shapes.forEach(([rows, cols, signed, open], s) => {
    for (const wire of [0.15, 2.5]) {
      const c = randomCase(100 + s, rows, cols, { signed, open });
      const want = solveCrossbar(rows, cols, c.g, c.volts, wire);
      const got = irDropCurrents(rows, cols, c.g, c.volts, { rRow: wire, rCol: wire });
      const e = maxRelError(got.currents, want);
      worst = Math.max(worst, e);
      t.true(got.converged, `${rows} x ${cols}`);
      t.true(e < TOL, `${rows} x ${cols}, wire_r ${wire}, signed ${signed}: ${e}`);
      t.true(got.residual < 1e-9, `${rows} x ${cols}: residual ${got.residual}`);
    }
  });
  t.log(`max rel. error vs nodal.ts over ${shapes.length * 2} arrays: ${worst.toExponential(2)}`);
});

test('= the direct solve (nodal.ts solveNetwork) with separate r_row, r_col and a driver resistance, within 1e-9', (t) => {
  const wires: [number, number, number][] = [[0.15, 0.15, 0], [0.1, 0.4, 0], [1, 0.05, 0], [0.15, 0.15, 50], [0.3, 0.2, 1000]];
  let worst = 0;
  wires.forEach(([rRow, rCol, rDriver], s) => {
    const c = randomCase(200 + s, 24, 40, { signed: s % 2 === 1, open: 0.1 });
    const want = solveNetwork(c.rows, c.cols, c.g, c.volts, rRow, rCol, rDriver);
    const got = irDropCurrents(c.rows, c.cols, c.g, c.volts, { rRow, rCol, rDriver });
    const e = maxRelError(got.currents, want);
    worst = Math.max(worst, e);
    t.true(e < TOL, `r_row ${rRow}, r_col ${rCol}, r_driver ${rDriver}: ${e}`);
  });
  t.log(`max rel. error vs the direct solve over ${wires.length} wire settings: ${worst.toExponential(2)}`);
});

test('ideal wires: exactly sum_i G_ip V_i, no iteration', (t) => {
  const c = randomCase(3, 32, 16, { signed: true, open: 0.2 });
  const got = irDropCurrents(c.rows, c.cols, c.g, c.volts, { rRow: 0, rCol: 0 });
  t.is(got.iterations, 0);
  t.deepEqual([...got.currents], [...ideal(c)]);
});

test('degenerate wires (one side ideal) are solved in one pass and agree with nearly-ideal wires', (t) => {
  const c = randomCase(4, 16, 24, { signed: true });
  // r = 1e-9 ohm through the general (line) solver, whose factorisation stays accurate for
  // g/G ~ 1e14; and the direct solve at 1e-4 ohm (a banded Cholesky loses digits as g/G grows).
  const cases: [string, { rRow: number; rCol: number; rDriver?: number }, (r: number) => { rRow: number; rCol: number; rDriver?: number }][] = [
    ['r_col = 0', { rRow: 0.5, rCol: 0 }, (r) => ({ rRow: 0.5, rCol: r })],
    ['r_row = 0', { rRow: 0, rCol: 0.5 }, (r) => ({ rRow: r, rCol: 0.5 })],
    ['r_row = 0, r_driver > 0', { rRow: 0, rCol: 0.5, rDriver: 200 }, (r) => ({ rRow: r, rCol: 0.5, rDriver: 200 })],
  ];
  for (const [name, wires, near] of cases) {
    const got = irDropCurrents(c.rows, c.cols, c.g, c.volts, wires);
    t.true(got.converged);
    if (wires.rDriver === undefined) t.is(got.iterations, 1, name);
    const line = irDropCurrents(c.rows, c.cols, c.g, c.volts, near(1e-9));
    const e = maxRelError(got.currents, line.currents);
    t.true(e < 1e-7, `${name} vs 1e-9 ohm: ${e}`);
    const w = near(1e-4);
    const e4 = maxRelError(got.currents, solveNetwork(c.rows, c.cols, c.g, c.volts, w.rRow, w.rCol, w.rDriver ?? 0));
    t.true(e4 < 1e-5, `${name} vs direct at 1e-4 ohm: ${e4}`);
  }
  // wires ideal, drivers not: each row is one node at V_i g_d / (g_d + sum_p G_ip)
  const rd = 300;
  const got = irDropCurrents(c.rows, c.cols, c.g, c.volts, { rRow: 0, rCol: 0, rDriver: rd });
  const want = new Float64Array(c.cols);
  for (let i = 0; i < c.rows; i++) {
    let sum = 0;
    for (let p = 0; p < c.cols; p++) sum += c.g[i * c.cols + p]!;
    const u = c.volts[i]! / (1 + rd * sum);
    for (let p = 0; p < c.cols; p++) want[p]! += c.g[i * c.cols + p]! * u;
  }
  t.is(got.iterations, 1);
  t.true(maxRelError(got.currents, want) < 1e-13, `${maxRelError(got.currents, want)}`);
});

test('zero inputs and an all-open array give zero currents without iterating long', (t) => {
  const c = randomCase(5, 20, 20);
  const zero = irDropCurrents(20, 20, c.g, new Float64Array(20), { rRow: 0.15, rCol: 0.15 });
  t.deepEqual([...zero.currents], new Array<number>(20).fill(0));
  t.true(zero.converged);
  t.is(zero.iterations, 1);
  const open = irDropCurrents(20, 20, new Float64Array(400), c.volts, { rRow: 0.15, rCol: 0.15, rDriver: 10 });
  t.deepEqual([...open.currents], new Array<number>(20).fill(0));
  t.true(open.converged);
});

test('convergence is monotone (error vs the direct solve and the estimate fall every sweep)', (t) => {
  const c = randomCase(6, 64, 64);
  const want = solveCrossbar(64, 64, c.g, c.volts, 1); // strong coupling: a slow case
  const net = crossbarNetwork(64, 64, c.g, { rRow: 1, rCol: 1 });
  const errs: number[] = [];
  const estimates: number[] = [];
  for (let k = 1; k <= 12; k++) {
    const s = solveIrDrop(net, c.volts, { maxIterations: k, tol: 1e-300 });
    errs.push(maxRelError(s.currents, want));
    if (k >= 2) estimates.push(s.error);
  }
  t.log(`64 x 64 at 1 ohm, error after each sweep: ${errs.map((e) => e.toExponential(1)).join(' ')}`);
  for (let k = 1; k < errs.length && errs[k - 1]! > 1e-13; k++) t.true(errs[k]! < errs[k - 1]!, `sweep ${k + 1}: ${errs[k]} vs ${errs[k - 1]}`);
  for (let k = 1; k < estimates.length && estimates[k - 1]! > 1e-13; k++) t.true(estimates[k]! < estimates[k - 1]!, `estimate ${k + 2}`);
  // the estimate bounds the true error (up to the round-off floor)
  const s = solveIrDrop(net, c.volts);
  t.true(maxRelError(s.currents, want) < Math.max(10 * s.error, 1e-12) + 1e-12);
});

test('warm starts need fewer sweeps than cold; the state is reused', (t) => {
  const c = randomCase(8, 64, 96);
  const net = crossbarNetwork(c.rows, c.cols, c.g, { rRow: 0.5, rCol: 0.5 });
  const cold = solveIrDrop(net, c.volts);
  const st = irDropState(net);
  solveIrDrop(net, c.volts, { state: st });
  // the same input again, a nearby input, the input at half scale (bound management's retry)
  const near = c.volts.map((v, i) => v * (1 + 0.01 * Math.sin(i)));
  const half = c.volts.map((v) => v / 2);
  const want = solveCrossbar(c.rows, c.cols, c.g, near, 0.5);
  const again = solveIrDrop(net, c.volts, { state: st, warm: 'previous' });
  const nearby = solveIrDrop(net, near, { state: st, warm: 'previous' });
  t.true(maxRelError(nearby.currents, want) < TOL);
  const halved = solveIrDrop(net, half, { state: st, warm: 'scaled' });
  t.log(`sweeps: cold ${cold.iterations}, same input ${again.iterations}, 1% perturbed ${nearby.iterations}, half scale (scaled start) ${halved.iterations}`);
  t.is(again.start, 'previous');
  t.true(again.iterations < cold.iterations);
  t.true(nearby.iterations < cold.iterations);
  t.true(halved.iterations < cold.iterations);
  t.true(maxRelError(halved.currents, cold.currents.map((x) => x / 2)) < TOL);
  t.is(solveIrDrop(net, c.volts, { state: st, warm: 'cold' }).iterations, cold.iterations);
});

test('physics: wires only lower same-sign currents, more with more resistance; r -> 0 gives sum G V; linear in V', (t) => {
  const c = randomCase(9, 48, 48, { open: 0.1 });
  const want = ideal(c);
  let prev = want;
  let prevDev = Infinity;
  for (const r of [2, 0.5, 0.1, 0.01, 0.001]) {
    // (decreasing r: the currents rise towards the ideal ones, the deviation shrinks ~ r)
    const got = irDropCurrents(c.rows, c.cols, c.g, c.volts, { rRow: r, rCol: r, rDriver: r * 10 }).currents;
    for (let p = 0; p < c.cols; p++) t.true(got[p]! > 0 && got[p]! < want[p]!, `r ${r}, column ${p}: ${got[p]} vs ideal ${want[p]}`);
    const dev = maxRelError(got, want);
    if (prev !== want) for (let p = 0; p < c.cols; p++) t.true(got[p]! > prev[p]!, `r ${r}, column ${p}: less drop than at the larger r`);
    t.true(dev < prevDev);
    prev = got;
    prevDev = dev;
  }
  t.true(prevDev < 1e-3, `at 1 mohm the currents are within ${prevDev} of sum G V`);
  // superposition: I(a V1 + b V2) = a I(V1) + b I(V2)
  const d = randomCase(10, 48, 48, { signed: true });
  const net = crossbarNetwork(48, 48, c.g, { rRow: 0.3, rCol: 0.2, rDriver: 5 });
  const [a, b] = [0.7, -1.9];
  const mix = c.volts.map((v, i) => a * v + b * d.volts[i]!);
  const i1 = solveIrDrop(net, c.volts).currents;
  const i2 = solveIrDrop(net, d.volts).currents;
  const lin = i1.map((x, p) => a * x + b * i2[p]!);
  t.true(maxRelError(solveIrDrop(net, mix).currents, lin) < 1e-9);
});

test('never hangs: too few sweeps or a very strongly coupled array report converged: false', (t) => {
  const c = randomCase(11, 64, 64);
  const net = crossbarNetwork(64, 64, c.g, { rRow: 0.15, rCol: 0.15 });
  const short = solveIrDrop(net, c.volts, { maxIterations: 2 });
  t.false(short.converged);
  t.is(short.iterations, 2);
  t.true(short.error > 1e-12 && Number.isFinite(short.error));
  // 100 ohm segments and mS cells: the coupling is close to 1, convergence is slow
  const strong = crossbarNetwork(64, 64, c.g.map((x) => x * 100), { rRow: 100, rCol: 100 });
  const s = solveIrDrop(strong, c.volts, { maxIterations: 50 });
  t.false(s.converged);
  t.is(s.iterations, 50);
  t.log(`64 x 64, 100 ohm, G x 100: after 50 sweeps estimated error ${s.error.toExponential(2)}`);
});

test('the reported residual is the nodal imbalance of the solution', (t) => {
  const c = randomCase(12, 32, 32, { signed: true });
  const net = crossbarNetwork(32, 32, c.g, { rRow: 0.2, rCol: 0.3, rDriver: 20 });
  const st = irDropState(net);
  const s = solveIrDrop(net, c.volts, { state: st });
  const full = nodalImbalance(net, c.volts, st.rowV, st.colV);
  let top = 0;
  for (const x of s.currents) top = Math.max(top, Math.abs(x));
  t.true(s.residual < 1e-10);
  t.true(Math.abs(full / top - s.residual) <= 1e-11, `${full / top} vs ${s.residual}`);
});

test('bad inputs are RangeErrors naming the value', (t) => {
  const g = new Float64Array(4).fill(1e-6);
  t.throws(() => crossbarNetwork(2, 2, g, { rRow: -1, rCol: 0 }), { message: /r_row must be a finite number >= 0 ohm, found -1/ });
  t.throws(() => crossbarNetwork(2, 2, g, { rRow: 0, rCol: NaN }), { message: /r_col must be/ });
  t.throws(() => crossbarNetwork(2, 2, g, { rRow: 0, rCol: 0, rDriver: Infinity }), { message: /r_driver must be/ });
  t.throws(() => crossbarNetwork(2, 2, [1e-6, -1e-6, 0, 0], { rRow: 1, rCol: 1 }), { message: /G\[0\]\[1\] must be finite and >= 0 S, found -0.000001/ });
  t.throws(() => crossbarNetwork(2, 3, g, { rRow: 1, rCol: 1 }), { message: /rows x cols = 6 values, found 4/ });
  const net = crossbarNetwork(2, 2, g, { rRow: 1, rCol: 1 });
  t.throws(() => solveIrDrop(net, [0.1]), { message: /one value per row \(2\), found 1/ });
  t.throws(() => solveIrDrop(net, [0.1, NaN]), { message: /V\[1\] must be finite/ });
  t.throws(() => solveIrDrop(net, [0.1, 0.1], { tol: 0 }), { message: /tol must be > 0/ });
  t.throws(() => solveIrDrop(net, [0.1, 0.1], { state: irDropState(crossbarNetwork(1, 2, [1, 1], { rRow: 1, rCol: 1 })) }), { message: /another size/ });
});
