// Tests of the stochastic pulse update (pulse-update.ts) against
// ../shared/reference/devices.md §3.3: BL/A/B and the management rules, the bit streams, and the
// mean weight change over many seeded updates (= −lr·x·d, aihwkit's SGD sign) within 4 standard
// errors of the binomial coincidence count.
import test from 'ava';
import { Rng } from '../random.js';
import { PulsedArray } from './array.js';
import { defaultPulsedParams } from './params.js';
import { DEFAULT_UPDATE_PARAMETERS, expectedPulses, noPulsesReason, pulseScales, pulseUpdate, type UpdateParameters } from './pulse-update.js';

const NONE: UpdateParameters = { ...DEFAULT_UPDATE_PARAMETERS, update_bl_management: false, update_management: false };

/** An ideal constant-step array: every coincidence moves a weight by exactly dw, far from any bound. */
function ideal(rows: number, cols: number, dw = 0.001): PulsedArray {
  const p = defaultPulsedParams('constant', { dw_min: dw, dw_min_dtod: 0, up_down_dtod: 0, w_max_dtod: 0, w_min_dtod: 0, dw_min_std: 0, w_max: 1e6, w_min: -1e6 });
  return new PulsedArray(rows, cols, p, new Rng(0));
}

test('pulseScales: base BL = desired_bl, A = B = sqrt(lr/(eps BL)); fixed_bl false with eps BL < lr', (t) => {
  const s = pulseScales(1, 1, 0.01, 0.001, NONE);
  t.is(s.BL, 31);
  t.is(s.A, Math.sqrt(0.01 / (0.001 * 31)));
  t.is(s.B, s.A);
  const f = pulseScales(1, 1, 0.1, 0.001, { ...NONE, fixed_bl: false });
  t.like(f, { BL: 100, A: 1, B: 1 });
});

test('BL management picks BL = min(ceil(k), desired_bl), k = lr max|x| um_grad_scale max|d| / eps', (t) => {
  const bl = (lr: number, xm: number, dm: number, g = 1) => pulseScales(xm, dm, lr, 0.001, { ...DEFAULT_UPDATE_PARAMETERS, um_grad_scale: g }).BL;
  t.is(bl(0.001, 1, 2.3), 3);
  t.is(bl(0.01, 0.5, 0.4), 2);
  t.is(bl(0.1, 1, 1), 31);
  t.is(bl(1e-9, 1, 1), 1);
  t.is(bl(0.001, 1, 1, 5), 5);
  t.is(bl(0.01, 0, 1), 0);
  // Update management: the largest x and d fire with the same probability sqrt(k/BL) when k <= BL...
  const s = pulseScales(0.5, 0.02, 0.03, 0.001);
  t.is(s.BL, Math.ceil(s.k));
  t.true(Math.abs(s.B * 0.5 - s.A * 0.02) < 1e-12);
  t.true(Math.abs(s.B * 0.5 - Math.sqrt(s.k / s.BL)) < 1e-12);
  // ... and when k > BL, d_max <- d_max BL/k: x fires with probability 1, d with k/BL (clipped).
  const c = pulseScales(1, 1, 0.1, 0.001);
  t.true(Math.abs(c.B - 1) < 1e-12);
  t.true(Math.abs(c.A - 100 / 31) < 1e-12);
});

test('the bit streams: masks have the counted bits, coincidences are popcount(row & col), only firing cells change', (t) => {
  const a = ideal(8, 8);
  const rng = new Rng(3);
  const x = Float64Array.from({ length: 8 }, (_, j) => (j % 3 === 0 ? 0 : (j - 4) / 4));
  const d = Float64Array.from({ length: 8 }, (_, i) => Math.sin(i + 1));
  const r = pulseUpdate(a, x, d, 0.01, DEFAULT_UPDATE_PARAMETERS, rng, { cellCounts: true, streams: true });
  t.is(r.words, 1);
  const pc = (v: number) => v.toString(2).split('').filter((c) => c === '1').length;
  let total = 0;
  for (let j = 0; j < 8; j++) {
    t.is(pc(r.rowMasks![j]!), r.rowPulses[j]!);
    t.true(r.rowMasks![j]! < 2 ** r.BL);
    if (x[j] === 0) t.is(r.rowPulses[j], 0);
    for (let i = 0; i < 8; i++) {
      const n = pc(r.rowMasks![j]! & r.colMasks![i]!);
      t.is(r.cellCoincidences![j * 8 + i], n);
      total += n;
      // sign(x) sign(d) > 0 moves the weight down by n dw
      const want = -Math.sign(x[j]! * d[i]!) * n * 0.001;
      t.true(Math.abs(a.weight(j * 8 + i) - want) < 1e-15, `cell ${j},${i}`);
    }
  }
  t.is(r.coincidences, total);
  t.true(total > 0);
  // Same seed, same result.
  const b = ideal(8, 8);
  pulseUpdate(b, x, d, 0.01, DEFAULT_UPDATE_PARAMETERS, new Rng(3));
  t.deepEqual(b.weights(), a.weights());
});

test('BL > 32 spreads the masks over several words', (t) => {
  const a = ideal(2, 2);
  const r = pulseUpdate(a, [1, 0.5], [1, -1], 0.1, { ...NONE, fixed_bl: false }, new Rng(1), { streams: true });
  t.is(r.BL, 100);
  t.is(r.words, 4);
  t.is(r.rowPulses[0], 100, 'p = B|x| = 1 fires every slot');
  t.is(r.coincidences, 100 + 100 + r.rowPulses[1]! * 2);
  t.true(Math.abs(a.weight(0) + 0.1) < 1e-15);
  t.true(Math.abs(a.weight(1) - 0.1) < 1e-15);
});

/**
 * Runs T updates on an ideal array and compares every cell's total change with the expectation
 * −T·BL·q·dw·sign (q = p_x·p_d, clipped) and, where nothing is clipped, with −T·lr·x·d. The
 * coincidence count of a cell is Binomial(T·BL, q): tolerance 4·dw·sqrt(T·BL·q(1 − q)).
 */
function meanUpdate(t: import('ava').ExecutionContext, up: UpdateParameters, lr: number, x: number[], d: number[], T: number, seed: number): number {
  const a = ideal(x.length, d.length);
  const rng = new Rng(seed);
  for (let k = 0; k < T; k++) pulseUpdate(a, x, d, lr, up, rng);
  const e = expectedPulses(x, d, lr, 0.001, up);
  const { BL, A, B } = e.scales;
  let worst = 0;
  for (let j = 0; j < x.length; j++) {
    for (let i = 0; i < d.length; i++) {
      const c = j * d.length + i;
      const q = e.perCell[c]! / BL;
      const want = -Math.sign(x[j]! * d[i]!) * T * e.perCell[c]! * 0.001;
      const se = 0.001 * Math.sqrt(T * BL * q * (1 - q));
      const got = a.weight(c);
      const z = se > 0 ? Math.abs(got - want) / se : got === want ? 0 : Infinity;
      worst = Math.max(worst, z);
      t.true(z < 4, `cell ${j},${i}: ${got} vs ${want} (${z.toFixed(2)} SE)`);
      if (B * Math.abs(x[j]!) <= 1 && A * Math.abs(d[i]!) <= 1) {
        t.true(Math.abs(want - -T * lr * x[j]! * d[i]!) < 1e-12, `unclipped: expectation is -lr x d`);
      }
    }
  }
  return worst;
}

const X = [0.9, -0.4, 0.05, -1];
const D = [0.3, -0.8, 0.55];

test('mean update = -lr x d within 4 SE: update and BL management on (defaults)', (t) => {
  const z = meanUpdate(t, DEFAULT_UPDATE_PARAMETERS, 0.004, X, D, 4000, 11);
  t.log(`largest deviation ${z.toFixed(2)} SE over ${X.length * D.length} cells, BL ${pulseScales(1, 0.8, 0.004, 0.001).BL}`);
});

test('mean update = -lr x d within 4 SE: no management, BL 31', (t) => {
  const z = meanUpdate(t, NONE, 0.004, X, D, 4000, 12);
  t.log(`largest deviation ${z.toFixed(2)} SE`);
});

test('mean update = -lr x d within 4 SE: fixed_bl false, BL = ceil(lr/eps) with A = B = 1', (t) => {
  const z = meanUpdate(t, { ...NONE, fixed_bl: false }, 0.05, X, D, 2000, 13);
  t.log(`largest deviation ${z.toFixed(2)} SE (BL 50)`);
});

test('clipped probabilities (k > desired_bl): the mean follows the clipped expectation, below lr x d', (t) => {
  const z = meanUpdate(t, DEFAULT_UPDATE_PARAMETERS, 0.1, X, D, 2000, 14);
  const e = expectedPulses(X, D, 0.1, 0.001);
  t.true(e.perCell[3 * 3 + 1]! < (0.1 * 1 * 0.8) / 0.001, 'the strongest cell is truncated');
  t.log(`largest deviation ${z.toFixed(2)} SE; strongest cell expects ${e.perCell[10]!.toFixed(1)} pulses instead of 80`);
});

test('noPulsesReason: zero lr, zero vectors, below a threshold; none for a normal update', (t) => {
  t.regex(noPulsesReason(1, 1, 0, 0.001)!, /learning rate/);
  t.regex(noPulsesReason(0, 1, 0.01, 0.001)!, /input x is all zero/);
  t.regex(noPulsesReason(1, 0, 0.01, 0.001)!, /error d is all zero/);
  t.regex(noPulsesReason(1, 1, 0.01, 0)!, /dw_min/);
  t.is(noPulsesReason(1, 1, 0.01, 0.001), undefined);
  t.regex(noPulsesReason(1, 1, 1e-9, 0.001, DEFAULT_UPDATE_PARAMETERS, 1e-3)!, /expects 1\.00e-6 pulses/);
});
