// The one-sided pair (aihwkit OneSidedUnitCell, devices.md §3.4): w = g+ - g-, both devices only
// step up; the mean update is -lr x d as for one device; a pair grown past the thresholds is
// refreshed (read, both reset, w written back on one device).
import test from 'ava';
import { Rng } from '../random.js';
import { OneSidedPair } from './one-sided.js';
import { defaultPulsedParams } from './params.js';
import { pulsedPreset } from './presets.js';
import { DEFAULT_UPDATE_PARAMETERS } from './pulse-update.js';

// a noiseless one-sided constant-step device on [0, 2] (the PCM preset's range and step)
const CONST = defaultPulsedParams('constant', {
  dw_min: 0.01, w_min: 0, w_max: 2, one_sided: true, dw_min_dtod: 0, dw_min_std: 0, up_down_dtod: 0, w_min_dtod: 0, w_max_dtod: 0,
});
const NO_MGMT = { ...DEFAULT_UPDATE_PARAMETERS, update_bl_management: false, update_management: false };

test('both devices only step up: a decrease of w is an up step of g- (PCM preset without cycle-to-cycle noise, which can turn a step negative)', (t) => {
  const p = new OneSidedPair(3, 4, { ...pulsedPreset('PCM'), dw_min_std: 0 }, new Rng(1), DEFAULT_UPDATE_PARAMETERS, { upper: 2, lower: 2 });
  const rng = new Rng(2);
  let gp = p.plus.weights();
  let gm = p.minus.weights();
  for (let k = 0; k < 50; k++) {
    const x = Float64Array.from({ length: 3 }, () => rng.uniform() * 2 - 1);
    const d = Float64Array.from({ length: 4 }, () => rng.uniform() * 2 - 1);
    p.update(x, d, 0.05);
    const np = p.plus.weights();
    const nm = p.minus.weights();
    for (let c = 0; c < 12; c++) t.true(np[c]! >= gp[c]! - 1e-15 && nm[c]! >= gm[c]! - 1e-15);
    gp = np;
    gm = nm;
  }
  t.true(gp.some((v) => v > 0) && gm.some((v) => v > 0), 'both sides were pulsed');
});

test('mean update of w = g+ - g- is -lr x d within 4 binomial standard errors', (t) => {
  const x = [0.8, -0.5];
  const d = [0.6, -0.3];
  const lr = 0.02;
  const trials = 3000;
  const sum = new Float64Array(4);
  const root = new Rng(7);
  for (let k = 0; k < trials; k++) {
    const p = new OneSidedPair(2, 2, CONST, root.fork(`pair ${k}`), NO_MGMT, { upper: 2, lower: 2 });
    p.setWeights([0, 0, 0, 0]);
    p.update(x, d, lr);
    const w = p.weights();
    for (let c = 0; c < 4; c++) sum[c]! += w[c]!;
  }
  const BL = 31;
  const A = Math.sqrt(lr / (0.01 * BL));
  for (let j = 0; j < 2; j++) {
    for (let i = 0; i < 2; i++) {
      const mean = sum[j * 2 + i]! / trials;
      const want = -lr * x[j]! * d[i]!;
      const q = A * Math.abs(x[j]!) * A * Math.abs(d[i]!);
      const se = (0.01 * Math.sqrt(BL * q * (1 - q))) / Math.sqrt(trials);
      t.true(Math.abs(mean - want) <= 4 * se, `cell ${j},${i}: ${mean} vs ${want} (se ${se})`);
    }
  }
});

test('refresh: a pair above 0.75 / 0.25 of the range is reset and w is written back on one device', (t) => {
  const p = new OneSidedPair(1, 2, CONST, new Rng(3), NO_MGMT);
  p.plus.setCell(0, 1.6); // 0.8 of [0, 2]
  p.minus.setCell(0, 0.6); // 0.3
  p.plus.setCell(1, 1.6); // the other device below 0.25: no refresh
  p.minus.setCell(1, 0.4);
  p.update([0], [0, 0], 0.01); // no pulses: only the refresh
  t.is(p.refreshed.cells, 1);
  t.is(p.refreshed.pulses, 100, 'w = 1.0 is 100 steps of 0.01');
  t.true(Math.abs(p.plus.weight(0) - 1.0) < 1e-9);
  t.is(p.minus.weight(0), 0);
  t.true(Math.abs(p.weights()[0]! - 1.0) < 1e-9, 'the weight is kept');
  t.is(p.plus.weight(1), 1.6);
  t.is(p.minus.weight(1), 0.4);
});
