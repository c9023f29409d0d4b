// Wan 2022 RRAM model (aihwkit reram.py, devices.md §1.4).
import test from 'ava';
import { Rng } from '../random.js';
import { deviceModel } from './index.js';
import { RramWan2022Model, wan2022Sigma, WAN2022_TIMES, type WanProgrammed } from './rram-wan2022.js';

const uS = 1e-6;
const DAY = 86400;

test('devices.md: sigma at t = 1 s is about 2.25 / 2.02 / 1.10 uS at x = 0.25 / 0.5 / 1 (g_max 25 uS)', (t) => {
  t.true(Math.abs(wan2022Sigma(0.25, 1) / uS - 2.25) < 0.01, `${wan2022Sigma(0.25, 1)}`);
  t.true(Math.abs(wan2022Sigma(0.5, 1) / uS - 2.02) < 0.01);
  t.true(Math.abs(wan2022Sigma(1, 1) / uS - 1.1) < 0.01);
  // Exact polynomial values (computed independently).
  t.true(Math.abs(wan2022Sigma(0.25, 1) / uS - 2.25827) < 1e-5);
  t.true(Math.abs(wan2022Sigma(0, 1) / uS - 0.348) < 1e-12);
  t.true(Math.abs(wan2022Sigma(0.5, DAY) / uS - 3.909) < 1e-5);
  t.true(Math.abs(wan2022Sigma(1, 2 * DAY) / uS - 2.677) < 1e-5);
  t.deepEqual([...WAN2022_TIMES], [1, 86400, 172800]);
});

test('sigma does not scale with g_max (aihwkit code: the reference is g_max itself)', (t) => {
  const n = 200_000;
  for (const gMax of [25 * uS, 50 * uS]) {
    const m = new RramWan2022Model({ gMax });
    const gT = 0.5 * gMax;
    const p = m.program(new Float64Array(n).fill(gT), new Rng(1));
    let s2 = 0;
    for (const v of p.gProg) s2 += (v - gT) ** 2;
    const sd = Math.sqrt(s2 / n);
    t.true(Math.abs(sd / (2.02294 * uS) - 1) < 0.01, `g_max ${gMax}: sd ${sd}`);
  }
});

test('at time t the spread is drawn around the target, not around g_prog', (t) => {
  const m = new RramWan2022Model();
  const n = 200_000;
  const gT = 0.75 * m.gMax; // far enough from 0 that the clamp does not bias the mean
  const p = m.program(new Float64Array(n).fill(gT), new Rng(2));
  // Shift the programmed values: drift() must ignore them.
  p.gProg.fill(0);
  const out = new Float64Array(n);
  m.drift(p, DAY, new Rng(3), out);
  let s = 0, s2 = 0;
  for (const v of out) { s += v; s2 += v * v; }
  const mean = s / n;
  const sd = Math.sqrt(s2 / n - mean * mean);
  t.true(Math.abs(mean / gT - 1) < 0.01, `mean ${mean}`);
  t.true(Math.abs(sd / (3.36648 * uS) - 1) < 0.01, `sd ${sd}`);
  t.true(p.nu.every((v) => v === 0));
  // Near 0 the draw is clamped at 0.
  const low = m.program(new Float64Array(n).fill(0.02 * m.gMax), new Rng(4));
  m.drift(low, DAY, new Rng(5), out);
  t.true(out.every((v) => v >= 0));
  t.true(out.some((v) => v === 0));
});

test('only t_inference = 1 s, 1 day, 2 days; drift needs the object program() returned', (t) => {
  const m = new RramWan2022Model();
  const p = m.program(Float64Array.from([1e-6, 2e-6]), new Rng(1));
  const out = new Float64Array(2);
  for (const tt of [0, 2, 3600, 86400.5]) {
    t.throws(() => m.drift(p, tt, new Rng(1), out), { message: /only fitted at t_inference = 1 s, 86400 s \(1 day\) or 172800 s \(2 days\); got/ });
  }
  t.notThrows(() => m.drift(p, 1, new Rng(1), out));
  t.notThrows(() => m.drift(p, 172800, new Rng(1), out));
  const bare = { gProg: p.gProg, nu: p.nu };
  t.throws(() => m.drift(bare, 1, new Rng(1), out), { message: /object returned by program/ });
});

test('scales: prog_noise_scale for programming, read_noise_scale at time t', (t) => {
  const m = deviceModel({ prog_noise_scale: 0, read_noise_scale: 0 }, 'rram_wan2022');
  const target = Float64Array.from([0, 5e-6, 25e-6]);
  const p = m.program(target, new Rng(1)) as WanProgrammed;
  t.deepEqual(p.gProg, target);
  const out = new Float64Array(3);
  m.drift(p, 1, new Rng(2), out);
  t.deepEqual(out, target);
  const a = new RramWan2022Model({ progNoiseScale: 0 }).program(target, new Rng(5));
  t.deepEqual(a.gProg, target);
  const o2 = new Float64Array(3);
  new RramWan2022Model({ progNoiseScale: 0 }).drift(a, 1, new Rng(6), o2);
  t.notDeepEqual(o2, target);
});

test('determinism', (t) => {
  const m = new RramWan2022Model();
  const target = Float64Array.from({ length: 100 }, (_, i) => i * 0.25e-6);
  const a = m.program(target, new Rng(4));
  const b = m.program(target, new Rng(4));
  t.deepEqual(a, b);
  const oa = new Float64Array(100), ob = new Float64Array(100);
  m.drift(a, DAY, new Rng(5), oa);
  m.drift(b, DAY, new Rng(5), ob);
  t.deepEqual(oa, ob);
});
