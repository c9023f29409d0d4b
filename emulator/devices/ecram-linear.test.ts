import test from 'ava';
import { Rng } from '../random.js';
import { ECRAM_READ_NOISE, EcramLinearModel } from './ecram-linear.js';
import { deviceModel } from './index.js';

test('ecram_linear: exact, clamped write; no drift; 1 % relative read noise times read_noise_scale', (t) => {
  const m = deviceModel({}, 'ecram_linear') as EcramLinearModel;
  t.true(Math.abs(m.gMin - 0.1e-6) < 1e-18 && Math.abs(m.gMax - 1.6e-6) < 1e-18);
  t.is(m.params.dwMin, 0.002);
  t.is(ECRAM_READ_NOISE, 0.01);
  const p = m.program(Float64Array.from([0, 0.5e-6, 5e-6]), new Rng(1));
  t.deepEqual(Array.from(p.gProg), [m.gMin, 0.5e-6, m.gMax]);
  t.true(p.nu.every((v) => v === 0));
  const n = 100_000;
  const big = { gProg: new Float64Array(n).fill(1e-6), nu: new Float64Array(n) };
  const out = new Float64Array(n);
  for (const scale of [1, 3]) {
    new EcramLinearModel({ readNoiseScale: scale }).drift(big, 1e8, new Rng(2), out);
    let s = 0, s2 = 0;
    for (const v of out) { s += v; s2 += v * v; }
    const mean = s / n;
    const sd = Math.sqrt(s2 / n - mean * mean);
    t.true(Math.abs(mean / 1e-6 - 1) < 1e-3, `mean ${mean}`); // no drift, even after 1e8 s
    t.true(Math.abs(sd / (scale * 0.01e-6) - 1) < 0.01, `sd ${sd}`);
  }
  new EcramLinearModel({ readNoiseScale: 0 }).drift(big, 10, new Rng(3), out);
  t.deepEqual(out, big.gProg);
});
