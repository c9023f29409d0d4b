// aihwkit's analytic IR drop (analytic.ts) against values worked out by hand from the
// formulas of ../shared/reference/periphery.md §2.4.
import test from 'ava';
import { AIHWKIT_IR_DROP_G_RATIO, applyAnalyticIrDrop, applyAnalyticIrDropT, irDropPolynomial } from './analytic.js';

const close = (a: number, b: number, tol = 1e-15) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

// 2 inputs (rows) x 2 outputs (cols); xbar layout w[j][i] = input j -> output i.
//   w = [[0.5, -1], [1, 0.25]], x = [1, -0.5], n = 2, g_ratio = 10
//   total |current|: out0 0.5*1 + 1*0.5 = 1,  out1 1*1 + 0.25*0.5 = 1.125
//   a = n total / g_ratio: 0.2, 0.225
//   c = a (0.05 a^2 - 0.2 a + 0.5): 0.2 * 0.462 = 0.0924;  0.225 * 0.45753125 = 0.10294453125
//   x' = x (1 - (1 - j/n)^2): [1 * 0, -0.5 * 0.75] = [0, -0.375]
//   sum_j w x': out0 1 * -0.375 = -0.375,  out1 0.25 * -0.375 = -0.09375
//   y ideal: out0 0.5 - 0.5 = 0,  out1 -1 - 0.125 = -1.125
//   y' = y - ir_drop c sum: out0 0 + 0.0924 * 0.375 = 0.03465
//                           out1 -1.125 + 0.10294453125 * 0.09375 = -1.1153489501953125
const W = [0.5, -1, 1, 0.25];
const X = [1, -0.5];
const Y = [0, -1.125];

test('hand-computed 2 x 2 example', (t) => {
  t.true(close(irDropPolynomial(0.2), 0.0924));
  t.true(close(irDropPolynomial(0.225), 0.10294453125));
  const y = applyAnalyticIrDrop(W, 2, 2, X, Y, { irDrop: 1, gRatio: 10 });
  t.true(close(y[0]!, 0.03465), `${y[0]}`);
  t.true(close(y[1]!, -1.1153489501953125), `${y[1]}`);
  const y2 = applyAnalyticIrDrop(W, 2, 2, X, Y, { irDrop: 2, gRatio: 10 });
  t.true(close(y2[0]!, 2 * 0.03465), 'the correction scales with ir_drop');
  t.true(close(y2[1]!, -1.125 + 2 * 0.10294453125 * 0.09375), `${y2[1]}`);
});

test('ir_drop = 0 (aihwkit default) leaves the outputs alone; the input is not modified', (t) => {
  const y = Float64Array.from(Y);
  const out = applyAnalyticIrDrop(W, 2, 2, X, y, { irDrop: 0 });
  t.deepEqual([...out], Y);
  t.not(out, y);
  t.deepEqual([...y], Y);
});

test('default g_ratio: 1/0.35/5e-6, and a small a gives c ~ a/2', (t) => {
  t.true(close(AIHWKIT_IR_DROP_G_RATIO, 571428.5714285715, 1e-12));
  // 4 inputs of 1 on weights of 1: a = 4 * 4 / g_ratio = 2.8e-5, c = a (0.5 - 0.2 a + 0.05 a^2)
  const n = 4;
  const w = new Array<number>(n).fill(1);
  const x = new Array<number>(n).fill(1);
  const y = applyAnalyticIrDrop(w, n, 1, x, [4], { irDrop: 1 });
  const a = (n * 4) / AIHWKIT_IR_DROP_G_RATIO;
  const c = a * (0.5 - 0.2 * a + 0.05 * a * a);
  // sum_j x'_j = sum_j (1 - (1 - j/4)^2) = 0 + 0.4375 + 0.75 + 0.9375 = 2.125
  t.true(close(y[0]!, 4 - c * 2.125), `${y[0]} vs ${4 - c * 2.125}`);
  t.true(Math.abs(c / a - 0.5) < 1e-4);
});

test('the first input gets no correction and later ones more (row 0 farthest from the output)', (t) => {
  const n = 8;
  const drops = Array.from({ length: n }, (_, j) => {
    const x = new Array<number>(n).fill(0);
    x[j] = 1;
    const w = new Array<number>(n).fill(1);
    return 1 - applyAnalyticIrDrop(w, n, 1, x, [1], { irDrop: 1, gRatio: 100 })[0]!;
  });
  t.is(drops[0], 0);
  for (let j = 1; j < n; j++) t.true(drops[j]! > drops[j - 1]!, `input ${j}: ${drops[j]} vs ${drops[j - 1]}`);
});

test('bad shapes are errors that name the sizes', (t) => {
  t.throws(() => applyAnalyticIrDrop([1, 2, 3], 2, 2, X, Y, { irDrop: 1 }), { message: /rows x cols = 4 values, found 3/ });
  t.throws(() => applyAnalyticIrDrop(W, 2, 2, [1], Y, { irDrop: 1 }), { message: /one value per row \(2\), found 1/ });
  t.throws(() => applyAnalyticIrDrop(W, 2, 2, X, [1], { irDrop: 1 }), { message: /one value per column \(2\), found 1/ });
  t.throws(() => applyAnalyticIrDrop(W, 2, 2, X, Y, { irDrop: 1, gRatio: 0 }), { message: /ir_drop_g_ratio must be > 0/ });
});

test('applyAnalyticIrDropT (transposed weights, in place) = applyAnalyticIrDrop on seeded 37 x 11 arrays', (t) => {
  const rows = 37;
  const cols = 11;
  let s = 7;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  const w = Float64Array.from({ length: rows * cols }, u);
  const x = Float64Array.from({ length: rows }, u);
  const y = Float64Array.from({ length: cols }, u);
  const wT = new Float64Array(rows * cols);
  for (let j = 0; j < rows; j++) for (let i = 0; i < cols; i++) wT[i * rows + j] = w[j * cols + i]!;
  const p = { irDrop: 1.5, gRatio: 20 };
  const ref = applyAnalyticIrDrop(w, rows, cols, x, y, p);
  const got = Float64Array.from(y);
  applyAnalyticIrDropT(wT, rows, cols, x, got, p);
  for (let i = 0; i < cols; i++) t.true(Math.abs(got[i]! - ref[i]!) < 1e-13, `output ${i}: ${got[i]} vs ${ref[i]}`);
  t.true(ref.some((v, i) => Math.abs(v - y[i]!) > 1e-3), 'the correction is not negligible here');
});
