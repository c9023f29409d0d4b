// Tests of the pulsed device array (array.ts) against ../shared/reference/devices.md §3.1-§3.2:
// single pulses of each update-once rule, long sequences (saturation at the bound, drift to the
// symmetry point under alternating pulses, ConstantStep's state count), d2d statistics.
import test from 'ava';
import { Rng } from '../random.js';
import { PulsedArray } from './array.js';
import { zigguratNormal } from './normal.js';
import { defaultPulsedParams, type PulsedDeviceParams, type PulsedRule } from './params.js';

/** No device-to-device spread and no cycle-to-cycle noise: the mean device. */
const MEAN_DEVICE: Partial<PulsedDeviceParams> = {
  dw_min_dtod: 0, up_down_dtod: 0, w_max_dtod: 0, w_min_dtod: 0, dw_min_std: 0, gamma_up_dtod: 0, gamma_down_dtod: 0, pow_gamma_dtod: 0,
};

function one(rule: PulsedRule, over: Partial<PulsedDeviceParams> = {}, seed = 1): PulsedArray {
  return new PulsedArray(1, 1, defaultPulsedParams(rule, { ...MEAN_DEVICE, ...over }), new Rng(seed));
}

function at(a: PulsedArray, w: number): PulsedArray {
  a.setWeights([w]);
  return a;
}

const UP = -1;
const DOWN = 1;
const close = (t: { true: (b: boolean, m?: string) => void }, got: number, want: number, tol: number, msg = '') =>
  t.true(Math.abs(got - want) <= tol, `${msg} got ${got}, want ${want} (tol ${tol})`);

test('constant step: one pulse moves by dw_min up and (1 - up_down) dw_min down; sign > 0 is down', (t) => {
  const a = at(one('constant', { up_down: 0.2 }), 0.1);
  a.applyPulses(0, 1, UP, new Rng(0));
  close(t, a.weight(0), 0.1 + 0.001, 1e-15);
  a.applyPulses(0, 1, DOWN, new Rng(0));
  close(t, a.weight(0), 0.101 - 0.8 * 0.001, 1e-15);
  const b = at(one('constant', { up_down: -0.3 }), 0);
  b.applyPulses(0, 1, UP, new Rng(0));
  close(t, b.weight(0), 0.7 * 0.001, 1e-15, 'up_down < 0 shrinks the up step');
  b.applyPulses(0, 0, UP, new Rng(0));
  b.applyPulses(0, 3, 0, new Rng(0));
  close(t, b.weight(0), 0.7 * 0.001, 1e-15, 'n = 0 or sign = 0 does nothing');
});

test('constant step: cycle-to-cycle noise multiplies the step by (1 + sigma xi), xi from the given rng', (t) => {
  const a = at(one('constant', { dw_min_std: 0.3 }), 0);
  a.applyPulses(0, 2, UP, new Rng(9));
  const r = new Rng(9);
  const want = 0.001 * (1 + 0.3 * zigguratNormal(r)) + 0.001 * (1 + 0.3 * zigguratNormal(r));
  close(t, a.weight(0), want, 1e-15);
});

test('linear step: up/down steps follow (s w + dw)(1 + sigma xi) with s = -gamma dw / w_ref (mean bounds)', (t) => {
  const g = { gamma_up: 0.1153, gamma_down: 0.5085, w_max: 1.1724, w_min: -0.8276, dw_min: 0.002, dw_min_std: 0.3 };
  const a = at(one('linear', g), 0.4);
  a.applyPulses(0, 1, UP, new Rng(3));
  const r = new Rng(3);
  const up = 0.4 + (0.002 - (0.1153 * 0.002 * 0.4) / 1.1724) * (1 + 0.3 * zigguratNormal(r));
  close(t, a.weight(0), up, 1e-15, 'up');
  a.applyPulses(0, 1, DOWN, new Rng(4));
  const r2 = new Rng(4);
  const down = up - (0.002 - (0.5085 * 0.002 * up) / -0.8276) * (1 + 0.3 * zigguratNormal(r2));
  close(t, a.weight(0), down, 1e-15, 'down');
});

test('linear step: additive noise, w += s w + dw (1 + sigma xi)', (t) => {
  const a = at(one('linear', { gamma_up: 0.5, mult_noise: false, dw_min_std: 0.5 }), 0.3);
  a.applyPulses(0, 1, UP, new Rng(5));
  const xi = zigguratNormal(new Rng(5));
  close(t, a.weight(0), 0.3 + (-0.5 * 0.001 * 0.3) / 0.6 + 0.001 * (1 + 0.5 * xi), 1e-15);
});

test('linear step: mean_bound_reference false uses the device bounds', (t) => {
  const p = defaultPulsedParams('linear', { ...MEAN_DEVICE, gamma_up: 1, w_max_dtod: 0.3, mean_bound_reference: false });
  const a = new PulsedArray(1, 1, p, new Rng(11));
  const bmax = a.bMax[0]!;
  t.not(bmax, 0.6);
  a.setWeights([0.2]);
  a.applyPulses(0, 1, UP, new Rng(0));
  close(t, a.weight(0), 0.2 + 0.001 * (1 - 0.2 / bmax), 1e-15);
});

test('soft bounds: dw_up = dw(1 - w/b_max), dw_down = dw(1 - w/b_min), whatever gamma is passed', (t) => {
  const a = at(one('soft_bounds', { gamma_up: 0.1, gamma_down: 7, mean_bound_reference: true }), 0.3);
  t.is(a.params.gamma_up, 1);
  t.false(a.params.mean_bound_reference);
  a.applyPulses(0, 1, UP, new Rng(0));
  close(t, a.weight(0), 0.3 + 0.001 * (1 - 0.3 / 0.6), 1e-15, 'up');
  const w1 = a.weight(0);
  a.applyPulses(0, 1, DOWN, new Rng(0));
  close(t, a.weight(0), w1 - 0.001 * (1 - w1 / -0.6), 1e-15, 'down');
});

test('exp step: steps follow max(1 - A e^{+-gamma z}, 0) dw with z = 2a w/(b_max - b_min) + b', (t) => {
  const a = at(one('exp'), 0.2);
  a.applyPulses(0, 1, UP, new Rng(0));
  const z = (2 * 0.244 * 0.2) / 1.2 + 0.2425;
  const up = 0.2 + Math.max(1 - 0.00081 * Math.exp(12.44625 * z), 0) * 0.001;
  close(t, a.weight(0), up, 1e-15, 'up');
  a.applyPulses(0, 1, DOWN, new Rng(0));
  const z2 = (2 * 0.244 * up) / 1.2 + 0.2425;
  close(t, a.weight(0), up - Math.max(1 - 0.36833 * Math.exp(-12.78785 * z2), 0) * 0.001, 1e-15, 'down');
  // Far up the exponential the up factor is clipped at 0: no movement.
  const b = at(one('exp', { A_up: 1, gamma_up: 50 }), 0.5);
  b.applyPulses(0, 10, UP, new Rng(0));
  t.is(b.weight(0), 0.5);
});

test('pow step: steps follow dw ((b_max - w)/range)^gamma_up and dw ((w - b_min)/range)^gamma_down', (t) => {
  const a = at(one('pow', { pow_gamma: 2, pow_up_down: 0.25 }), 0.1);
  a.applyPulses(0, 1, UP, new Rng(0));
  const up = 0.1 + 0.001 * Math.pow((0.6 - 0.1) / 1.2, 2 * 1.25);
  close(t, a.weight(0), up, 1e-15, 'up');
  a.applyPulses(0, 1, DOWN, new Rng(0));
  close(t, a.weight(0), up - 0.001 * Math.pow((up + 0.6) / 1.2, 2 * 0.75), 1e-15, 'down');
});

test('constant step counts (w_max - w_min)/dw_min = 1200 states with the defaults', (t) => {
  const a = at(one('constant'), -0.6);
  a.applyPulses(0, 1199, UP, new Rng(0));
  t.true(a.weight(0) < 0.6 - 0.0009, `after 1199 pulses: ${a.weight(0)}`);
  a.applyPulses(0, 1, UP, new Rng(0));
  close(t, a.weight(0), 0.6, 1e-9, 'after 1200 pulses');
  a.applyPulses(0, 50, UP, new Rng(0));
  t.is(a.weight(0), 0.6, 'clipped at b_max');
});

test('soft bounds: 5,000 up pulses end within dw_min of b_max, never above; with d2d and c2c noise too', (t) => {
  // Mean device, noise-free: the distance is exactly b_max (1 - dw/b_max)^5000 from w = 0.
  const b = at(one('soft_bounds'), 0);
  for (let k = 0; k < 5000; k++) {
    b.applyPulses(0, 1, UP, new Rng(0));
    t.true(b.weight(0) <= 0.6);
  }
  close(t, 0.6 - b.weight(0), 0.6 * Math.pow(1 - 0.001 / 0.6, 5000), 1e-12, 'closed form');
  t.true(0.6 - b.weight(0) < 0.001);
  // Defaults (dtod 0.3, dw_min_std 0.3): each cell gets 2 (b/dw) ln(b/dw) pulses, enough for
  // (1 - dw/b)^N < dw/b, i.e. to come within its own step of its own bound.
  const p = defaultPulsedParams('soft_bounds');
  const a = new PulsedArray(5, 5, p, new Rng(21));
  const rng = new Rng(22);
  let maxGap = 0;
  for (let c = 0; c < a.size; c++) {
    const ratio = a.bMax[c]! / a.dwUp[c]!;
    const N = Math.ceil(2 * ratio * Math.log(ratio));
    for (let k = 0; k < N; k++) {
      a.applyPulses(c, 1, UP, rng);
      if (a.weight(c) > a.bMax[c]!) t.fail(`cell ${c} above b_max`);
    }
    const gap = a.bMax[c]! - a.weight(c);
    maxGap = Math.max(maxGap, gap / a.dwUp[c]!);
    t.true(gap >= 0 && gap < a.dwUp[c]!, `cell ${c}: ${gap} from b_max, step ${a.dwUp[c]}`);
  }
  t.log(`mean device: ${(0.6 - b.weight(0)).toExponential(3)} from b_max after 5,000 pulses; d2d cells: largest gap ${maxGap.toFixed(3)} steps`);
});

/**
 * Alternating up, down pulses on a linear-in-w device: up w' = a + (1 - a c) w, down
 * w'' = -e + (1 + e f) w', so a pair maps w -> m w + q with m = (1 + e f)(1 - a c),
 * q = (1 + e f) a - e: fixed point w* = q/(1 - m), and after N pairs
 * w_N = w* + (w_0 - w*) m^N.
 */
function pairMap(a: number, c: number, e: number, f: number): { m: number; wStar: number } {
  const m = (1 + e * f) * (1 - a * c);
  const q = (1 + e * f) * a - e;
  return { m, wStar: q / (1 - m) };
}

test('soft bounds with up_down 0.2: alternating pulses drift to the analytic fixed point by the analytic amount', (t) => {
  const dev = one('soft_bounds', { up_down: 0.2 });
  const a = 0.001;
  const e = 0.8 * 0.001; // up_down > 0: dw_down = (1 - up_down) dw_min
  const { m, wStar } = pairMap(a, 1 / 0.6, e, 1 / -0.6);
  const sym = (a - e) / (a / 0.6 - e / -0.6); // where dw_up(w) = dw_down(w)
  t.log(`soft bounds: pair fixed point w* = ${wStar.toFixed(6)}, symmetry point ${sym.toFixed(6)}, contraction per pair ${m.toFixed(6)}`);
  at(dev, -0.4);
  const rng = new Rng(0);
  let n = 0;
  for (const N of [10, 100, 1000, 5000]) {
    for (; n < N; n++) {
      dev.applyPulses(0, 1, UP, rng);
      dev.applyPulses(0, 1, DOWN, rng);
    }
    close(t, dev.weight(0), wStar + (-0.4 - wStar) * Math.pow(m, N), 1e-12, `after ${N} pairs`);
  }
  close(t, dev.weight(0), wStar, 1e-6, 'converged');
  close(t, wStar, sym, 0.001, 'the fixed point is within dw_min of the symmetry point');
});

test('linear step (EcRam gammas, up_down -0.1): alternating pulses drift to the analytic fixed point by the analytic amount', (t) => {
  const g = { gamma_up: 0.1153, gamma_down: 0.5085, w_max: 1.1724, w_min: -0.8276, dw_min: 0.002, up_down: -0.1 };
  const dev = one('linear', g);
  const a = 0.9 * 0.002; // up_down < 0: dw_up = (1 + up_down) dw_min
  const e = 0.002;
  const c = 0.1153 / 1.1724; // gamma / w_ref with the mean bounds
  const f = 0.5085 / -0.8276;
  const { m, wStar } = pairMap(a, c, e, f);
  const sym = (a - e) / (a * c - e * f);
  t.log(`linear step: pair fixed point w* = ${wStar.toFixed(6)}, symmetry point ${sym.toFixed(6)}, contraction per pair ${m.toFixed(6)}`);
  at(dev, 0.5);
  const rng = new Rng(0);
  let n = 0;
  for (const N of [10, 100, 1000, 10000]) {
    for (; n < N; n++) {
      dev.applyPulses(0, 1, UP, rng);
      dev.applyPulses(0, 1, DOWN, rng);
    }
    close(t, dev.weight(0), wStar + (0.5 - wStar) * Math.pow(m, N), 1e-12, `after ${N} pairs`);
  }
  close(t, dev.weight(0), wStar, 1e-4, 'converged');
  close(t, wStar, sym, 0.002, 'the fixed point is within dw_min of the symmetry point');
});

test('d2d draws: bounds, step sizes and asymmetry have the stated means and sds (§3.1)', (t) => {
  const p = defaultPulsedParams('constant', { up_down: 0.1 });
  const a = new PulsedArray(200, 200, p, new Rng(31));
  const n = a.size;
  const stats = (f: (c: number) => number) => {
    let s = 0;
    let s2 = 0;
    for (let c = 0; c < n; c++) {
      const v = f(c);
      s += v;
      s2 += v * v;
    }
    const mean = s / n;
    return { mean, sd: Math.sqrt(s2 / n - mean * mean) };
  };
  const check = (name: string, f: (c: number) => number, mean: number, sd: number) => {
    const st = stats(f);
    const seMean = sd / Math.sqrt(n);
    const seSd = sd / Math.sqrt(2 * n);
    t.log(`${name}: mean ${st.mean.toPrecision(5)} (want ${mean}), sd ${st.sd.toPrecision(4)} (want ${sd.toPrecision(4)})`);
    t.true(Math.abs(st.mean - mean) < 4 * seMean, `${name} mean`);
    t.true(Math.abs(st.sd - sd) < 4 * seSd, `${name} sd`);
  };
  check('b_max', (c) => a.bMax[c]!, 0.6, 0.6 * 0.3);
  check('b_min', (c) => a.bMin[c]!, -0.6, 0.6 * 0.3);
  const sdStep = 0.001 * Math.hypot(0.3, 0.01);
  check('dw_up', (c) => a.dwUp[c]!, 0.001, sdStep);
  check('dw_down', (c) => a.dwDown[c]!, 0.9 * 0.001, sdStep);
  // dw_up - dw_down = (2r + up_down) dw_min. (With dw_min_dtod 0.3 about 16 of these cells have
  // g + r < 0 and are abs-valued by enforce_consistency, which flips the sign of their
  // difference; a smaller gain spread keeps every gain positive.)
  const a2 = new PulsedArray(200, 200, defaultPulsedParams('constant', { up_down: 0.1, dw_min_dtod: 0.1 }), new Rng(33));
  check('dw_up - dw_down', (c) => a2.dwUp[c]! - a2.dwDown[c]!, 0.1 * 0.001, 2 * 0.01 * 0.001);
  // log-normal gain; linear gammas recovered from the slopes.
  const ln = new PulsedArray(100, 100, defaultPulsedParams('linear', { dw_min_dtod: 0.78, dw_min_dtod_log_normal: true, up_down_dtod: 0, gamma_up: 0.5, gamma_up_dtod: 0.05 }), new Rng(32));
  const m = ln.size;
  let s = 0;
  let s2 = 0;
  let gs = 0;
  for (let c = 0; c < m; c++) {
    const v = Math.log(ln.dwUp[c]! / 0.001);
    s += v;
    s2 += v * v;
    gs += (-ln.pUp[c]! * 0.6) / ln.dwUp[c]!;
  }
  const mean = s / m;
  const sd = Math.sqrt(s2 / m - mean * mean);
  t.log(`log-normal gain: ln g mean ${mean.toFixed(4)}, sd ${sd.toFixed(4)} (want 0, 0.78); gamma_up mean ${(gs / m).toFixed(4)} (want 0.5)`);
  t.true(Math.abs(mean) < (4 * 0.78) / Math.sqrt(m));
  t.true(Math.abs(sd - 0.78) < (4 * 0.78) / Math.sqrt(2 * m));
  t.true(Math.abs(gs / m - 0.5) < (4 * 0.05) / Math.sqrt(m));
});

test('same seed, same draws; write noise perturbs the visible weight only', (t) => {
  const p = defaultPulsedParams('linear', { gamma_up: 0.3, write_noise_std: 2 });
  const a = new PulsedArray(4, 4, p, new Rng(5));
  const b = new PulsedArray(4, 4, p, new Rng(5));
  t.deepEqual(a.bMax, b.bMax);
  t.deepEqual(a.pUp, b.pUp);
  a.applyPulses(3, 5, UP, new Rng(1));
  t.not(a.weight(3), a.w[3]);
  t.true(Math.abs(a.weight(3) - a.w[3]!) < 10 * 2 * 0.001);
  t.is(a.weight(2), a.w[2]);
});

test('decay: w <- w (1 - 1/lifetime) per call', (t) => {
  const a = at(one('linear', { lifetime: 100 }), 0.5);
  a.decay();
  close(t, a.weight(0), 0.5 * 0.99, 1e-15);
  const b = at(one('linear'), 0.5);
  b.decay();
  t.is(b.weight(0), 0.5);
});
