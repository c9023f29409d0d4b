// nodal.ts, the reference the ngspice runs are checked against, checked itself: the 4 x 4
// crossbar of ../shared/reference/eda.md §4.1 (ngspice and scipy agree on its currents), the
// ideal limit as wire_r -> 0, Kirchhoff's law and symmetry.
import test from 'ava';
import { solveCrossbar } from './nodal.js';

// G(i, j) = (1 + 4i + j) uS, V = [0.20, 0.10, 0.05, 0.15] V, 2.5 ohm per segment
const G = Float64Array.from({ length: 16 }, (_, k) => (1 + k) * 1e-6);
const V = [0.2, 0.1, 0.05, 0.15];

test('the 4 x 4 network of eda.md §4.1: ngspice and scipy print 3.099362e-06 3.598899e-06 4.098461e-06 4.598088e-06', (t) => {
  const i = solveCrossbar(4, 4, G, V, 2.5);
  t.deepEqual([...i].map((x) => x.toExponential(6)), ['3.099362e-6', '3.598899e-6', '4.098461e-6', '4.598088e-6']);
});

test('as wire_r -> 0 the currents tend to sum_i G_ij V_i, linearly in wire_r; wire resistance only lowers them', (t) => {
  const ideal = [0, 1, 2, 3].map((j) => V.reduce((a, v, i) => a + G[i * 4 + j]! * v, 0));
  const errs = [1, 1e-2, 1e-4, 1e-6].map((r) => {
    const i = solveCrossbar(4, 4, G, V, r);
    t.true(i.every((x, j) => x < ideal[j]!), `wire_r ${r}`);
    return Math.max(...ideal.map((x, j) => Math.abs(i[j]! - x) / x));
  });
  for (let k = 1; k < errs.length; k++) t.true(Math.abs(errs[k - 1]! / errs[k]! / 100 - 1) < 0.01, `error ${errs[k]} after ${errs[k - 1]}: first order in wire_r`);
  t.true(errs[3]! < 1e-9);
});

test('one cell: I = V / (2 wire_r + 1/G); an open column carries nothing', (t) => {
  const one = solveCrossbar(1, 1, [1e-4], [0.3], 1);
  t.true(Math.abs(one[0]! / (0.3 / (2 + 1e4)) - 1) < 1e-14, `${one[0]}`);
  const i = solveCrossbar(2, 3, [1e-4, 0, 2e-4, 0, 0, 0], [0.3, 0], 1);
  t.is(i[1], 0);
  t.true(i[0]! > 0 && i[2]! > 0);
});

test('rows driven alike: the currents fall along the rows, away from the drivers', (t) => {
  const i = solveCrossbar(3, 5, new Float64Array(15).fill(5e-5), [0.2, 0.2, 0.2], 0.5);
  for (let j = 1; j < 5; j++) t.true(i[j]! < i[j - 1]!, `column ${j}`);
});
