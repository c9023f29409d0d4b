// Noise and bound management (management.ts) against aihwkit's rules (periphery.md §2.1, §2.3).
// The quantiser examples of §2.2 are checked in quantize.test.ts; the bound-management example
// through a whole tile in ../tile/management.test.ts.
import test from 'ava';
import {
  adcClips, bmLimit, isLastPass, managedMvm, maxPasses, NO_MANAGEMENT, noiseScale, outputFactor, scaleCodes,
  type ManagementParams,
} from './management.js';
import { codeOf, maxCode, stepOf } from './quantize.js';

const BM: ManagementParams = { ...NO_MANAGEMENT, bound: 'iterative' };
const DAC7 = { cMax: 63, cMin: -63 };

test('stop rule: min(max_bm_factor, max_bm_res / step); 7-bit DAC and defaults: 15.75, at most 5 passes', (t) => {
  t.is(bmLimit(BM, 63), 0.25 * 63);
  t.is(maxPasses(BM, 63), 5); // r = 1, 2, 4, 8, 16
  t.false(isLastPass(BM, 8, 63));
  t.true(isLastPass(BM, 16, 63));
  t.is(maxPasses({ ...BM, maxBmFactor: 4 }, 63), 4); // r = 1, 2, 4 (not > 4), 8
  t.is(maxPasses(NO_MANAGEMENT, 63), 1);
  t.is(maxPasses(BM, 127), 6); // 8-bit: 31.75 -> r up to 32
});

test('noise management scale: abs_max (clamped by nm_thres), constant (0 -> 1), none', (t) => {
  t.is(noiseScale({ ...NO_MANAGEMENT, noise: 'abs_max' }, 21, 63), 21 / 63);
  t.is(noiseScale({ ...NO_MANAGEMENT, noise: 'abs_max', nmThres: 0.25 }, 21, 63), 0.25);
  t.is(noiseScale({ ...NO_MANAGEMENT, noise: 'abs_max', nmThres: 0.5 }, 21, 63), 21 / 63);
  t.is(noiseScale({ ...NO_MANAGEMENT, noise: 'constant', nmThres: 0.5 }, 21, 63), 0.5);
  t.is(noiseScale({ ...NO_MANAGEMENT, noise: 'constant' }, 21, 63), 1);
  t.is(noiseScale(NO_MANAGEMENT, 21, 63), 1);
  t.is(noiseScale({ ...NO_MANAGEMENT, noise: 'abs_max' }, 0, 63), 0);
  t.is(outputFactor(0, 1, false), 0); // aihwkit's shortcut: an all-zero input gives zeros
  t.is(outputFactor(0, 1, true), 1);
  t.is(outputFactor(0.25, 4, false), 1);
});

test('scaled codes are aihwkit\'s quantiser on x / (s r): abs_max maps max|c| to full scale', (t) => {
  const codes = [21, -7, 10, 0, 3];
  const out = new Float64Array(codes.length);
  // s = 21/63: c * 63 / 21 = 3c
  scaleCodes(codes, DAC7, 21 / 63, 1, out, 21);
  t.deepEqual([...out], [63, -21, 30, 0, 9]);
  // r = 2: 3c / 2 = 31.5 -> 32 (tie to even), -10.5 -> -10, 15, 0, 4.5 -> 4
  scaleCodes(codes, DAC7, 21 / 63, 2, out, 21);
  t.deepEqual([...out], [32, -10, 15, 0, 4]);
  // the same as quantising x / (s r) with aihwkit's DAC (bound 1, 7 bits)
  for (let i = 0; i < codes.length; i++) t.is(out[i], codeOf(codes[i]! / 63 / ((21 / 63) * 2), 1, 7));
  // constant 0.5: doubled and clipped at 63
  scaleCodes([40, -40, 5], DAC7, 0.5, 1, out);
  t.deepEqual([...out.slice(0, 3)], [63, -63, 10]);
  // bound management alone (s = 1): 63 / 8 = 7.875 -> 8
  scaleCodes([63], DAC7, 1, 8, out);
  t.is(out[0], 8);
  // unsigned DAC: clipped at 0 .. c_max
  scaleCodes([255, 100], { cMax: 255, cMin: 0 }, 0.5, 1, out);
  t.deepEqual([...out.slice(0, 2)], [255, 200]);
});

test('clip test: the quantised value beyond full scale; exactly full scale is not a clip', (t) => {
  const step = stepOf(12, 9);
  const m = maxCode(9);
  t.false(adcClips([12], step, m, true)); // code 255 exactly
  t.false(adcClips([12 + step / 2 - 1e-9], step, m, true));
  t.true(adcClips([12 + step], step, m, true));
  t.true(adcClips([0, -64], step, m, true));
  t.false(adcClips([0, -64], step, m, false)); // bm_test_negative_bound = false
  t.false(adcClips([NaN], step, m, true));
  // a floor CCO: 255.9 steps count 255 (no clip), 256 steps clip
  t.false(adcClips([255.9 * step], step, m, true, true));
  t.true(adcClips([256 * step], step, m, true, true));
});

test('periphery.md §2.3: 64 ones x weight 1 -> 12.0 without, 65.13 with iterative bound management', (t) => {
  const step = stepOf(12, 9); // out_res 1/510, out_bound 12
  const adc = { step, cMax: maxCode(9) };
  const codes = new Float64Array(64).fill(63); // x = 1 on a 7-bit DAC (inp_res 1/126)
  const passes: number[] = [];
  const mvm = (driven: Float64Array, r: number) => {
    passes.push(r);
    let y = 0;
    for (const c of driven) y += c / 63; // weight 1 on every row
    return Float64Array.of(y);
  };
  const none = managedMvm(NO_MANAGEMENT, codes, DAC7, false, adc, mvm);
  t.is(none.passes, 1);
  t.is(codeOf(none.y[0]!, 12, 9) * step * none.factor, 12);
  passes.length = 0;
  const it = managedMvm(BM, codes, DAC7, false, adc, mvm);
  t.deepEqual(passes, [1, 2, 4, 8]);
  // r = 8: codes 63/8 -> 8, y = 64 * 8/63 = 8.127 -> 173 steps = 8.141, times 8
  t.is(codeOf(it.y[0]!, 12, 9), 173);
  const y = codeOf(it.y[0]!, 12, 9) * step * it.factor;
  t.true(Math.abs(y - 65.13) < 0.005, `${y}`);
  t.is(it.factor, 8);
});

test('the last pass goes on clipped: 2000 ones stop at r = 16 (r > 15.75)', (t) => {
  const step = stepOf(12, 9);
  const codes = new Float64Array(2000).fill(63);
  const r = managedMvm(BM, codes, DAC7, false, { step, cMax: 255 }, (d) => Float64Array.of(d.reduce((a, c) => a + c / 63, 0)));
  t.is(r.passes, 5);
  t.is(r.factor, 16);
  t.true(adcClips(r.y, step, 255, true));
});
