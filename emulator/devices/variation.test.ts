// Tests of the array-level non-idealities (variation.ts) through the deviceModel factory:
// defaults change nothing, stuck-at rates and values, quantisation to N levels, d2d spread.
import test from 'ava';
import { Rng } from '../random.js';
import { DEVICE_KINDS, deviceModel, IdealModel, PcmLikeModel, STUCK_MAX, STUCK_MIN, STUCK_NONE, type VariedProgrammed } from './index.js';

const uS = 1e-6;
const DAY = 86400;
const YEAR = 365 * DAY;

const tableParams = { levels: [1 * uS, 5 * uS, 10 * uS, 20 * uS], sigma: [0.1 * uS, 0.2 * uS, 0.3 * uS, 0.4 * uS], nu: [0.1, 0.06, 0.05, 0.05], nu_sigma: [0.03, 0.01, 0.01, 0.01] };
const paramsOf = (kind: string) => (kind === 'table' ? tableParams : {});
const tOf = (kind: string) => (kind === 'rram_wan2022' ? DAY : 3600);

function spread(m: { gMin: number; gMax: number }, n: number, seed: number): Float64Array {
  const r = new Rng(seed);
  return Float64Array.from({ length: n }, () => m.gMin + r.uniform() * (m.gMax - m.gMin));
}

test('defaults: the factory returns the noise model itself, and explicit zeros are the same', (t) => {
  t.true(deviceModel({}, 'pcm_like') instanceof PcmLikeModel);
  t.true(deviceModel({ levels: 0, d2d_sigma: 0, stuck_min_rate: 0, stuck_max_rate: 0 }, 'ideal') instanceof IdealModel);
});

test('every kind: non-stuck devices get exactly the bytes of the unwrapped model (the stream is untouched)', (t) => {
  for (const kind of DEVICE_KINDS) {
    const plain = deviceModel(paramsOf(kind), kind);
    const faulty = deviceModel({ ...paramsOf(kind), stuck_min_rate: 0.1, stuck_max_rate: 0.1 }, kind);
    const g = spread(plain, 2000, 3);
    const a = plain.program(g, new Rng(9));
    const b = faulty.program(g, new Rng(9)) as VariedProgrammed;
    const outA = new Float64Array(g.length);
    const outB = new Float64Array(g.length);
    plain.drift(a, tOf(kind), new Rng(10), outA);
    faulty.drift(b, tOf(kind), new Rng(10), outB);
    let same = 0;
    let stuck = 0;
    for (let k = 0; k < g.length; k++) {
      if (b.stuck![k] === STUCK_NONE) {
        t.is(outB[k], outA[k], `${kind} device ${k}`);
        t.is(b.gProg[k], a.gProg[k]);
        same++;
      } else {
        t.is(outB[k], b.stuck![k] === STUCK_MIN ? faulty.gMin : faulty.gMax, `${kind} stuck device ${k}`);
        stuck++;
      }
    }
    t.true(same > 1400 && stuck > 300, `${kind}: ${same} free, ${stuck} stuck`);
  }
});

test('stuck-at rates over 2e5 seeded devices within 4 binomial sigma; stuck values exact and drift-free', (t) => {
  const rMin = 0.01;
  const rMax = 0.025;
  const m = deviceModel({ stuck_min_rate: rMin, stuck_max_rate: rMax }, 'pcm_like');
  const n = 200_000;
  const g = spread(m, n, 1);
  const p = m.program(g, new Rng(42)) as VariedProgrammed;
  let nMin = 0;
  let nMax = 0;
  for (let k = 0; k < n; k++) {
    if (p.stuck![k] === STUCK_MIN) nMin++;
    if (p.stuck![k] === STUCK_MAX) nMax++;
  }
  for (const [count, r, what] of [[nMin, rMin, 'g_min'], [nMax, rMax, 'g_max']] as const) {
    const sd = Math.sqrt(n * r * (1 - r));
    t.true(Math.abs(count - n * r) < 4 * sd, `stuck at ${what}: ${count} of ${n}, expected ${n * r} +- ${sd.toFixed(1)}`);
  }
  for (const tInf of [0, DAY, YEAR]) {
    const out = new Float64Array(n);
    m.drift(p, tInf, new Rng(7), out);
    for (let k = 0; k < n; k++) {
      if (p.stuck![k] === STUCK_MIN && out[k] !== m.gMin) return t.fail(`device ${k} at t=${tInf}: ${out[k]}`);
      if (p.stuck![k] === STUCK_MAX && out[k] !== m.gMax) return t.fail(`device ${k} at t=${tInf}: ${out[k]}`);
    }
    t.pass();
  }
  for (let k = 0; k < n; k++) if (p.stuck![k] !== STUCK_NONE) t.is(p.nu[k], 0);
});

test('levels = N: exactly N distinct targets, the equally spaced levels, nearest to each target', (t) => {
  for (const n of [2, 5, 16]) {
    const m = deviceModel({ g_min: 1 * uS, g_max: 21 * uS, levels: n }, 'ideal');
    const g = spread(m, 10_000, n);
    const p = m.program(g, new Rng(1));
    const step = (20 * uS) / (n - 1);
    const levels = [...new Set(p.gProg)].sort((a, b) => a - b);
    t.is(levels.length, n);
    levels.forEach((l, i) => t.true(Math.abs(l - (1 * uS + i * step)) < 1e-18, `level ${i} of ${n}: ${l}`));
    for (let k = 0; k < g.length; k++) t.true(Math.abs(p.gProg[k]! - g[k]!) <= step / 2 + 1e-18);
  }
  // Before programming noise: the noisy model is fed the levels (its sigma varies around them).
  const pcm = deviceModel({ levels: 3, prog_noise_scale: 0, read_noise_scale: 0, drift_scale: 0 }, 'pcm_like');
  const p = pcm.program(Float64Array.from([0, 5 * uS, 7 * uS, 20 * uS, 25 * uS]), new Rng(1));
  t.deepEqual(Array.from(p.gProg), [0, 0, 12.5 * uS, 25 * uS, 25 * uS]);
});

test('d2d_sigma: per-device factor on the programmed range, mean 1 and sd sigma; g_min unaffected', (t) => {
  const sigma = 0.1;
  const gMin = 2 * uS;
  const m = deviceModel({ g_min: gMin, g_max: 22 * uS, d2d_sigma: sigma }, 'ideal');
  const n = 100_000;
  const g = new Float64Array(n).fill(12 * uS);
  const p = m.program(g, new Rng(5));
  let s = 0;
  let s2 = 0;
  for (let k = 0; k < n; k++) {
    const f = (p.gProg[k]! - gMin) / (10 * uS);
    s += f;
    s2 += f * f;
  }
  const mean = s / n;
  const sd = Math.sqrt(s2 / n - mean * mean);
  t.true(Math.abs(mean - 1) < 4 * sigma / Math.sqrt(n), `mean factor ${mean}`);
  t.true(Math.abs(sd - sigma) < 0.01 * sigma, `sd ${sd}`);
  const atMin = m.program(new Float64Array(10).fill(gMin), new Rng(5));
  t.true(atMin.gProg.every((v) => v === gMin));
  // The same seed gives the same devices; the factors persist into every read.
  const again = m.program(g, new Rng(5));
  t.deepEqual(again.gProg, p.gProg);
});

test('invalid parameters name themselves', (t) => {
  t.throws(() => deviceModel({ levels: 1 }, 'ideal'), { message: /`levels` must be 0 \(continuous\) or an integer >= 2, got 1/ });
  t.throws(() => deviceModel({ stuck_min_rate: 0.6, stuck_max_rate: 0.5 }, 'ideal'), { message: /stuck_min_rate \+ stuck_max_rate must be at most 1/ });
  t.throws(() => deviceModel({ stuck_max_rate: 1.5 }, 'ideal'), { message: /`stuck_max_rate` must be <= 1/ });
  t.throws(() => deviceModel({ ...tableParams, levels: 3 }, 'table'), { message: /must be a list of numbers/ });
});
