// CMO/HfOx RRAM model (aihwkit reram.py ReRamCMONoiseModel, devices.md §1.4).
import test from 'ava';
import { Rng } from '../random.js';
import { deviceModel } from './index.js';
import { cmoProgSigma, cmoReadSigma, cmoRelaxMean, cmoRelaxSigma, RramCmoModel } from './rram-cmo.js';

const uS = 1e-6;
const DAY = 86400;

test('devices.md: 0.2 % acceptance gives sigma = 0.095 uS at 88 uS; the 2 % fit', (t) => {
  t.true(Math.abs(cmoProgSigma(88 * uS, 0.002) / uS - 0.095) < 0.0005, `${cmoProgSigma(88 * uS, 0.002)}`);
  t.true(Math.abs(cmoProgSigma(88 * uS, 0.002) / uS - 0.09486459) < 1e-9);
  t.true(Math.abs(cmoProgSigma(88 * uS, 0.02) / uS - 1.00476267) < 1e-8);
  t.true(Math.abs(cmoProgSigma(0, 0.002) / uS - 0.00081107) < 1e-12);
  t.throws(() => cmoProgSigma(1e-6, 0.2 as 0.02), { instanceOf: RangeError });
});

test('relaxation (natural log) and read noise (log10) at one day', (t) => {
  t.true(Math.abs(cmoRelaxMean(DAY) / uS - -1.01166354) < 1e-7);
  t.true(Math.abs(cmoRelaxSigma(DAY) / uS - 0.88936586) < 1e-7);
  t.true(Math.abs(cmoReadSigma(50 * uS, DAY) / uS - 0.23315668) < 1e-7);
  t.is(cmoReadSigma(0, DAY), 0);
  t.is(cmoReadSigma(50 * uS, 1e-7), 0); // ln((t + 1 us)/(2 us)) < 0
});

test('Monte Carlo at 50 uS, one day: mean shift and spread', (t) => {
  const m = new RramCmoModel();
  const n = 200_000;
  const gT = 50 * uS;
  const rng = new Rng(21);
  const p = m.program(new Float64Array(n).fill(gT), rng.fork('program'));
  let s2 = 0;
  for (const v of p.gProg) s2 += (v - gT) ** 2;
  t.true(Math.abs(Math.sqrt(s2 / n) / cmoProgSigma(gT, 0.002) - 1) < 0.01);
  const out = new Float64Array(n);
  m.drift(p, DAY, rng.fork('read'), out);
  let s = 0;
  s2 = 0;
  for (const v of out) { s += v; s2 += v * v; }
  const mean = s / n;
  const sd = Math.sqrt(s2 / n - mean * mean);
  t.true(Math.abs((mean - gT) / uS - -1.0117) < 0.01, `shift ${(mean - gT) / uS} uS`);
  // sd^2 = prog^2 + relax^2 + read^2 (read at ~49 uS).
  const want = Math.hypot(cmoProgSigma(gT, 0.002), cmoRelaxSigma(DAY), cmoReadSigma(gT + cmoRelaxMean(DAY), DAY));
  t.true(Math.abs(sd / want - 1) < 0.01, `sd ${sd / uS} uS vs ${want / uS}`);
});

test('clamped to [g_min, g_max] at t > 0; returned unchanged at t = 0', (t) => {
  const m = new RramCmoModel({ acceptanceRange: 0.02, progNoiseScale: 5 });
  const n = 10_000;
  const target = Float64Array.from({ length: n }, (_, i) => (i % 2 ? 88.2 : 9) * uS);
  const p = m.program(target, new Rng(1));
  t.true(p.gProg.some((v) => v > 88.2 * uS) && p.gProg.some((v) => v < 9 * uS)); // no clamp when programming
  const out = new Float64Array(n);
  m.drift(p, 0, new Rng(2), out);
  t.deepEqual(out, p.gProg);
  m.drift(p, 1, new Rng(2), out);
  t.true(out.every((v) => v >= 9 * uS - 1e-18 && v <= 88.2 * uS + 1e-18));
  t.true(out.some((v) => v === m.gMin) && out.some((v) => v === m.gMax));
});

test('deviceModel: defaults 9 .. 88.2 uS, acceptance 0.002; 2 % selectable; others rejected', (t) => {
  const m = deviceModel({}, 'rram_cmo') as RramCmoModel;
  t.true(Math.abs(m.gMin - 9e-6) < 1e-18 && Math.abs(m.gMax - 88.2e-6) < 1e-18);
  t.is(m.params.acceptanceRange, 0.002);
  t.is((deviceModel({ acceptance_range: 0.02 }, 'rram_cmo') as RramCmoModel).params.acceptanceRange, 0.02);
  t.throws(() => deviceModel({ acceptance_range: 2 }, 'rram_cmo'), { message: /acceptance_range.*one of 0.002, 0.02/ });
  t.throws(() => deviceModel({ g_min: 90e-6 }, 'rram_cmo'), { message: /g_min < g_max/ });
});

test('scales and determinism', (t) => {
  const m = new RramCmoModel({ progNoiseScale: 0, readNoiseScale: 0, driftScale: 0 });
  const target = Float64Array.from([10e-6, 50e-6, 80e-6]);
  const p = m.program(target, new Rng(1));
  t.deepEqual(p.gProg, target);
  const out = new Float64Array(3);
  m.drift(p, DAY, new Rng(2), out);
  t.deepEqual(out, target);
  const m2 = new RramCmoModel();
  const a = new Float64Array(3), b = new Float64Array(3);
  m2.drift(m2.program(target, new Rng(3)), DAY, new Rng(4), a);
  m2.drift(m2.program(target, new Rng(3)), DAY, new Rng(4), b);
  t.deepEqual(a, b);
});
