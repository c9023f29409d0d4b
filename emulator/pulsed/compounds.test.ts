// Tests of the training compounds (compounds.ts), ../shared/reference/devices.md §3.4: Tiki-Taka's
// C moves towards A's lines by transfer_lr·A per transfer (binomial tolerance), the buffered
// variant's threshold pulses, mixed precision's trunc(χ/ε) pulses and remainder, analog SGD.
import test from 'ava';
import { Rng } from '../random.js';
import { PulsedArray } from './array.js';
import { AnalogSgd, BufferedTransferCompound, exactRead, MixedPrecision, TransferCompound } from './compounds.js';
import { defaultPulsedParams, type PulsedDeviceParams } from './params.js';
import { DEFAULT_UPDATE_PARAMETERS, expectedPulses } from './pulse-update.js';

function ideal(rows: number, cols: number, dw = 0.001, over: Partial<PulsedDeviceParams> = {}): PulsedArray {
  const p = defaultPulsedParams('constant', { dw_min: dw, dw_min_dtod: 0, up_down_dtod: 0, w_max_dtod: 0, w_min_dtod: 0, dw_min_std: 0, w_max: 1e6, w_min: -1e6, ...over });
  return new PulsedArray(rows, cols, p, new Rng(0));
}

test('Tiki-Taka: each transfer moves C line j towards A line j by transfer_lr·A in expectation (4 SE)', (t) => {
  const A = ideal(2, 4);
  const C = ideal(2, 4);
  const a = [0.5, -0.3, 0.1, 0, -0.2, 0.4, 0.05, -0.45];
  A.setWeights(a);
  const tt = new TransferCompound(A, C, new Rng(7), { transfer_lr: 0.01, scale_transfer_lr: false });
  // One transfer touches line 0 only, in A's direction.
  tt.transfer(1);
  const c1 = C.weights();
  for (let i = 4; i < 8; i++) t.is(c1[i], 0, 'line 1 untouched');
  for (let i = 0; i < 4; i++) t.true(c1[i]! * a[i]! >= 0, 'same sign as A');
  const N = 400; // transfers per line
  for (let k = 1; k < 2 * N; k++) tt.transfer(1);
  t.is(tt.transfers, 2 * N);
  const c = C.weights();
  let worst = 0;
  for (let j = 0; j < 2; j++) {
    const line = a.slice(j * 4, j * 4 + 4);
    const e = expectedPulses([1], line.map((v) => -v), 0.01, 0.001, DEFAULT_UPDATE_PARAMETERS);
    for (let i = 0; i < 4; i++) {
      const want = N * 0.01 * line[i]!;
      const q = e.perCell[i]! / e.scales.BL;
      const se = 0.001 * Math.sqrt(N * e.scales.BL * q * (1 - q));
      const z = se > 0 ? Math.abs(c[j * 4 + i]! - want) / se : Math.abs(c[j * 4 + i]! - want) / 1e-12;
      worst = Math.max(worst, z);
      t.true(z < 4, `C[${j},${i}] = ${c[j * 4 + i]} vs ${want}`);
    }
  }
  t.log(`C after ${N} transfers per line: largest deviation from N·transfer_lr·A ${worst.toFixed(2)} SE`);
  t.deepEqual(A.weights(), Float64Array.from(a), 'an exact read leaves A alone');
});

test('Tiki-Taka: SGD pulses go to A, transfers every transfer_every updates, visible weight gamma A + C', (t) => {
  const A = ideal(3, 2);
  const C = ideal(3, 2);
  const tt = new TransferCompound(A, C, new Rng(8), { gamma: 0.5, transfer_every: 2, transfer_lr: 0.5 });
  tt.update([1, -0.5, 0.2], [0.3, -1], 0.01);
  t.is(tt.transfers, 0);
  t.true(A.weights().some((v) => v !== 0));
  t.deepEqual(C.weights(), new Float64Array(6));
  const w = tt.weights();
  const aw = A.weights();
  for (let c = 0; c < 6; c++) t.is(w[c], 0.5 * aw[c]!);
  tt.update([1, -0.5, 0.2], [0.3, -1], 0.01);
  t.is(tt.transfers, 1);
  // A noisy read: the same compound with read noise differs, seeded.
  const noisy = new TransferCompound(ideal(3, 2), ideal(3, 2), new Rng(8), { read: exactRead(0.1) });
  noisy.update([1, 0, 0], [1, 1], 0.01);
  t.pass();
});

test('buffered (TTv2): H accumulates transfer_lr·A; one pulse into C when |H| >= thres_scale·dw_min, then H is forgotten or reduced', (t) => {
  const dw = 2 ** -9;
  const A = ideal(1, 3, dw);
  A.setWeights([0.25, -0.25, 0.125]);
  const C = ideal(1, 3, dw);
  const lrT = 2 ** -10; // H grows by 2^-12, 2^-12, 2^-13 per transfer; threshold 2^-9
  const bt = new BufferedTransferCompound(A, C, new Rng(1), { transfer_lr: lrT, scale_transfer_lr: false });
  for (let k = 0; k < 7; k++) bt.transfer(1);
  t.deepEqual([...C.weights()], [0, 0, 0]);
  t.deepEqual([...bt.H], [7 * 2 ** -12, -7 * 2 ** -12, 7 * 2 ** -13]);
  bt.transfer(1);
  t.deepEqual([...C.weights()], [dw, -dw, 0], 'one pulse, in the direction of H');
  t.deepEqual([...bt.H], [0, 0, 8 * 2 ** -13], 'forget_buffer: H <- momentum·H = 0');
  t.is(bt.cPulses, 2);
  // forget_buffer false, momentum 0.5: H <- H - 0.5·sign(H)·threshold.
  const A2 = ideal(1, 1, dw);
  A2.setWeights([0.25]);
  const b2 = new BufferedTransferCompound(A2, ideal(1, 1, dw), new Rng(1), { transfer_lr: lrT, scale_transfer_lr: false, forget_buffer: false, momentum: 0.5 });
  for (let k = 0; k < 8; k++) b2.transfer(1);
  t.is(b2.H[0], 2 ** -9 - 0.5 * 2 ** -9);
});

test('mixed precision: chi accumulates -lr x d; a transfer writes exactly trunc(chi/eps) pulses and keeps the remainder', (t) => {
  const dw = 2 ** -10;
  const arr = ideal(2, 2, dw);
  const mp = new MixedPrecision(arr, new Rng(1), { transfer_every: 3 });
  t.is(mp.eps, dw);
  const x = [1, -0.5];
  const d = [-3.7 * dw, 2.5 * dw];
  mp.update(x, d, 1);
  mp.update(x, d, 1);
  t.deepEqual([...arr.weights()], [0, 0, 0, 0], 'no transfer before transfer_every updates');
  mp.update(x, d, 1);
  // chi = 3·(-x d): [11.1, -7.5, -5.55, 3.75] eps -> pulses [11, -7, -5, 3], remainders [0.1, -0.5, -0.55, 0.75] eps
  const want = [11, -7, -5, 3];
  const rem = [0.1, -0.5, -0.55, 0.75];
  for (let c = 0; c < 4; c++) {
    t.true(Math.abs(arr.weight(c) - want[c]! * dw) < 1e-15, `w[${c}] = ${arr.weight(c) / dw} eps`);
    t.true(Math.abs(mp.chi[c]! - rem[c]! * dw) < 1e-15, `chi[${c}] = ${mp.chi[c]! / dw} eps`);
  }
  t.is(mp.pulses, 26);
  // granularity and transfer_lr set eps; n_rows_per_transfer cycles through rows.
  const m2 = new MixedPrecision(ideal(2, 1, dw), new Rng(1), { granularity: 0.01, transfer_lr: 0.5, n_rows_per_transfer: 1 });
  t.is(m2.eps, 0.005);
  m2.update([1, 1], [-0.011], 1);
  t.true(Math.abs(m2.array.weight(0) - 2 * dw) < 1e-15, 'row 0 transferred: 2 pulses');
  t.is(m2.array.weight(1), 0, 'row 1 waits for the next transfer');
  t.true(Math.abs(m2.chi[1]! - 0.011) < 1e-15);
});

test('analog SGD on the Idealized-like device follows -lr x d and counts pulses; seeded runs repeat', (t) => {
  const run = () => {
    const sgd = new AnalogSgd(ideal(2, 2), new Rng(5));
    for (let k = 0; k < 500; k++) sgd.update([1, -0.5], [0.2, 0.6], 0.01);
    return sgd;
  };
  const s = run();
  const w = s.weights();
  const want = [-0.01 * 500 * 0.2, -0.01 * 500 * 0.6, 0.005 * 500 * 0.2, 0.005 * 500 * 0.6];
  for (let c = 0; c < 4; c++) t.true(Math.abs(w[c]! - want[c]!) < 0.2 * Math.abs(want[c]!) + 0.01, `w[${c}] = ${w[c]} vs ${want[c]}`);
  t.true(s.pulses > 0);
  t.deepEqual(run().weights(), w);
});
