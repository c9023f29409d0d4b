// aihwkit's StateIndependentNoiseModel (devices.md §1.4): formulas and seeded Monte Carlo.
import test from 'ava';
import { Rng } from '../random.js';
import { deviceModel } from './index.js';
import { readTimeFactor } from './pcm-like.js';
import { StateIndependentModel, stateIndependentProgSigma } from './state-independent.js';

function stats(a: ArrayLike<number>): { mean: number; sd: number } {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  const mean = s / a.length;
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(v / (a.length - 1)) };
}

test('programming sigma: a constant 0.2 uS by default, the polynomial otherwise, not rescaled with g_max', (t) => {
  t.is(stateIndependentProgSigma(0, 25e-6, [0.2e-6, 0, 0]), 0.2e-6);
  t.is(stateIndependentProgSigma(25e-6, 25e-6, [0.2e-6, 0, 0]), 0.2e-6);
  t.true(Math.abs(stateIndependentProgSigma(12.5e-6, 25e-6, [0.1e-6, 0.2e-6, 0.4e-6]) - 0.3e-6) < 1e-18);
  t.is(stateIndependentProgSigma(50e-6, 50e-6, [0.2e-6, 0, 0]), 0.2e-6, 'same sigma at another g_max');
});

test('Monte Carlo (2e5 devices at g_max): programming sigma 0.2 uS, nu = |N(0.1, 0.05)|, read noise 4.76 uS x g/g_max at 1 h', (t) => {
  const n = 200_000;
  const m = new StateIndependentModel();
  const target = new Float64Array(n).fill(25e-6);
  const prog = m.program(target, new Rng(21));
  const dg = stats(prog.gProg.map((g, i) => g - target[i]!));
  t.true(Math.abs(dg.mean) < 4 * 0.2e-6 / Math.sqrt(n));
  t.true(Math.abs(dg.sd / 0.2e-6 - 1) < 0.01, `sigma_prog ${dg.sd}`);
  // folded normal |N(mu, s)|: mean s sqrt(2/pi) exp(-mu^2/2s^2) + mu (1 - 2 Phi(-mu/s)), Phi(-2) = 0.0227501
  const foldedMean = 0.05 * Math.sqrt(2 / Math.PI) * Math.exp(-2) + 0.1 * (1 - 2 * 0.0227501);
  const nu = stats(prog.nu);
  t.true(Math.abs(nu.mean / foldedMean - 1) < 0.01, `nu mean ${nu.mean} vs ${foldedMean}`);
  t.true(prog.nu.every((v) => v >= 0));
  // read noise at 1 h: residual over |g_drift| / g_max * 1 uS has sd sqrt(ln((t + t_read)/(2 t_read)))
  const tInf = 3600;
  const now = new Float64Array(n);
  m.drift(prog, tInf, new Rng(22), now);
  const tf = readTimeFactor(tInf + 20, 250e-9);
  t.true(Math.abs(tf - 4.7648) < 1e-3, `time factor ${tf}`);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const gd = prog.gProg[i]! * ((tInf + 20) / 20) ** -prog.nu[i]!;
    z[i] = (now[i]! - gd) / ((Math.abs(gd) / 25e-6) * 1e-6);
  }
  const r = stats(z);
  t.true(Math.abs(r.sd / tf - 1) < 0.01, `read-noise sd ${r.sd} vs ${tf}`);
  t.log(`sigma_prog ${(dg.sd * 1e6).toFixed(4)} uS, nu mean ${nu.mean.toFixed(5)} (folded normal ${foldedMean.toFixed(5)}), read noise ${r.sd.toFixed(4)} (uS at g/g_max = 1; aihwkit ~4.76)`);
});

test('at t_inference = 0 there is read noise but no drift; conductances never go negative', (t) => {
  const m = new StateIndependentModel();
  const target = new Float64Array(1000).fill(0);
  const prog = m.program(target, new Rng(1));
  const now = new Float64Array(1000);
  m.drift(prog, 0, new Rng(2), now);
  t.true(now.every((g) => g >= 0));
  t.true(prog.gProg.some((g) => g > 0), 'programming noise at g_T = 0 (state independent)');
});

test('deviceModel builds state_independent from schema names with aihwkit defaults', (t) => {
  const m = deviceModel({}, 'state_independent') as StateIndependentModel;
  t.true(Math.abs(m.gMax / 25e-6 - 1) < 1e-15);
  t.is(m.params.nuMean, 0.1);
  t.is(m.params.nuStd, 0.05);
  t.true(Math.abs(m.params.progCoeff[0]! / 0.2e-6 - 1) < 1e-15 && m.params.progCoeff[1] === 0 && m.params.progCoeff[2] === 0);
  const other = deviceModel({ nu_mean: 0.05, drift_scale: 0 }, 'state_independent') as StateIndependentModel;
  const p = other.program(new Float64Array(10).fill(1e-5), new Rng(3));
  t.true(p.nu.every((v) => v === 0), 'drift_scale 0 turns drift off');
});
