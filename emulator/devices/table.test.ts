import test from 'ava';
import { Rng } from '../random.js';
import { deviceModel } from './index.js';
import { nearestLevel, TableModel, tableInterp } from './table.js';

const uS = 1e-6;

test('tableInterp: piecewise linear, constant beyond the ends (numpy.interp)', (t) => {
  const xs = [1, 2, 4];
  const ys = [10, 20, 0];
  t.is(tableInterp(xs, ys, 0), 10);
  t.is(tableInterp(xs, ys, 1), 10);
  t.is(tableInterp(xs, ys, 1.5), 15);
  t.is(tableInterp(xs, ys, 2), 20);
  t.is(tableInterp(xs, ys, 3), 10);
  t.is(tableInterp(xs, ys, 4), 0);
  t.is(tableInterp(xs, ys, 9), 0);
  t.is(tableInterp([5], [7], 1), 7);
  t.throws(() => tableInterp([1, 2], [1], 1), { instanceOf: RangeError });
});

test('nearestLevel: nearest, ties to the lower level, ends', (t) => {
  const lv = [1, 2, 4, 8];
  t.is(nearestLevel(lv, -5), 0);
  t.is(nearestLevel(lv, 1.4), 0);
  t.is(nearestLevel(lv, 1.5), 0); // tie -> lower
  t.is(nearestLevel(lv, 1.6), 1);
  t.is(nearestLevel(lv, 3), 1); // tie
  t.is(nearestLevel(lv, 3.1), 2);
  t.is(nearestLevel(lv, 6.5), 3);
  t.is(nearestLevel(lv, 100), 3);
  t.is(nearestLevel([3], 0), 0);
});

const levels = [0, 5 * uS, 10 * uS, 20 * uS];
const sigma = [0.1 * uS, 0.2 * uS, 0.3 * uS, 0.5 * uS];

test('program snaps to levels; programming sigma per level (Monte Carlo)', (t) => {
  const m = new TableModel({ levels, sigma, nu: null, nuSigma: null, t0: 20, readNoise: 0 });
  t.is(m.gMin, 0);
  t.is(m.gMax, 20 * uS);
  t.deepEqual(Array.from(m.snap(Float64Array.from([-1, 2 * uS, 2.5 * uS, 2.6 * uS, 14 * uS, 16 * uS, 99]))), [0, 0, 0, 5 * uS, 10 * uS, 20 * uS, 20 * uS]);
  t.is(m.sigmaAt(7.5 * uS), 0.25 * uS);
  t.is(m.nuAt(7.5 * uS), 0);
  const n = 100_000;
  const p = m.program(new Float64Array(n).fill(9 * uS), new Rng(1)); // -> level 10 uS
  let s = 0, s2 = 0;
  for (const v of p.gProg) { s += v; s2 += v * v; }
  const mean = s / n;
  const sd = Math.sqrt(s2 / n - mean * mean);
  t.true(Math.abs(mean / (10 * uS) - 1) < 1e-3, `mean ${mean}`);
  t.true(Math.abs(sd / (0.3 * uS) - 1) < 0.01, `sd ${sd}`);
  t.true(p.nu.every((v) => v === 0));
  // Without nu there is no drift.
  const out = new Float64Array(n);
  m.drift(p, 1e9, new Rng(2), out);
  t.deepEqual(out, p.gProg);
  // Level 0 with noise clamps at 0.
  const z = m.program(new Float64Array(1000), new Rng(3));
  t.true(z.gProg.every((v) => v >= 0));
});

test('drift exponent per level (folded normal) and relative read noise', (t) => {
  const m = new TableModel({ levels, sigma: [0, 0, 0, 0], nu: [0.1, 0.08, 0.06, 0.05], nuSigma: [0, 0.01, 0.01, 0.005], t0: 20, readNoise: 0.02 });
  const n = 100_000;
  const p = m.program(new Float64Array(n).fill(20 * uS), new Rng(1));
  let s = 0, s2 = 0;
  for (const v of p.nu) { s += v; s2 += v * v; }
  const mean = s / n;
  t.true(Math.abs(mean / 0.05 - 1) < 0.01, `nu mean ${mean}`);
  t.true(Math.abs(Math.sqrt(s2 / n - mean * mean) / 0.005 - 1) < 0.02);
  const out = new Float64Array(n);
  m.drift(p, 3600, new Rng(2), out);
  let g = 0, g2 = 0;
  for (const v of out) { g += v; g2 += v * v; }
  const L = Math.log(3620 / 20);
  const want = 20 * uS * Math.exp(-0.05 * L + 0.5 * (0.005 * L) ** 2);
  t.true(Math.abs(g / n / want - 1) < 0.005, `E[g] ${g / n} vs ${want}`);
  // Read noise: 2 % relative, checked at t_inference = 0 (no drift).
  const m0 = new TableModel({ levels, sigma: [0, 0, 0, 0], nu: null, nuSigma: null, t0: 20, readNoise: 0.02 });
  const p0 = m0.program(new Float64Array(n).fill(10 * uS), new Rng(3));
  m0.drift(p0, 0, new Rng(4), out);
  g = 0; g2 = 0;
  for (const v of out) { g += v; g2 += v * v; }
  const sd = Math.sqrt(g2 / n - (g / n) ** 2);
  t.true(Math.abs(sd / (0.2 * uS) - 1) < 0.01, `read sd ${sd}`);
  // nu without nu_sigma: exactly the table value.
  const m2 = new TableModel({ levels, sigma: [0, 0, 0, 0], nu: [0.1, 0.08, 0.06, 0.05], nuSigma: null, t0: 20, readNoise: 0 });
  const p2 = m2.program(Float64Array.from([0, 5 * uS, 20 * uS]), new Rng(5));
  t.deepEqual(Array.from(p2.nu), [0.1, 0.08, 0.05]);
});

test('deviceModel: required lists, lengths, ordering', (t) => {
  const m = deviceModel({ levels, sigma }, 'table') as TableModel;
  t.is(m.params.t0, 20);
  t.is(m.params.readNoise, 0);
  t.is(m.params.nu, null);
  t.throws(() => deviceModel({ sigma }, 'table'), { message: /`levels` is required/ });
  t.throws(() => deviceModel({ levels, sigma: [1e-7] }, 'table'), { message: /`sigma` has 1 values but `levels` has 4/ });
  t.throws(() => deviceModel({ levels: [2e-6, 1e-6], sigma: [0, 0] }, 'table'), { message: /strictly increasing/ });
  t.throws(() => deviceModel({ levels: [], sigma: [] }, 'table'), { message: /empty/ });
  t.throws(() => deviceModel({ levels, sigma, nu_sigma: [0, 0, 0, 0] }, 'table'), { message: /`nu_sigma` is set but `nu` is not/ });
  t.throws(() => deviceModel({ levels, sigma: [0, -1, 0, 0] }, 'table'), { message: /sigma/ });
});

test('determinism', (t) => {
  const m = new TableModel({ levels, sigma, nu: [0.1, 0.08, 0.06, 0.05], nuSigma: [0.01, 0.01, 0.01, 0.01], t0: 20, readNoise: 0.01 });
  const target = Float64Array.from({ length: 200 }, (_, i) => i * 0.1 * uS);
  const a = m.program(target, new Rng(6));
  const b = m.program(target, new Rng(6));
  t.deepEqual(a, b);
  const oa = new Float64Array(200), ob = new Float64Array(200);
  m.drift(a, 100, new Rng(7), oa);
  m.drift(b, 100, new Rng(7), ob);
  t.deepEqual(oa, ob);
});
