// ADC errors against their formulas (emulator/models/adc-errors.ts), on hand examples and
// seeded statistics.
import test from 'ava';
import { Rng } from '../random.js';
import { adcErrorKernel, adcTableProblems, drawEdges, edgeCode, IDEAL_ADC, idealEdges, tableEdges, type AdcErrors } from './adc-errors.js';
import { codeOf, floorCodeOf, stepOf } from './quantize.js';

/** A 4-bit ADC with out_bound 7: step = 14 / 14 = 1, so values are in LSB; codes -7 .. 7. */
const P4 = (errors: Partial<AdcErrors>) => ({ bits: 4, outBound: 7, errors: { ...IDEAL_ADC, ...errors } });
const codes = (k: { code: (y: number, adc: number) => number }, ys: number[], adc = 0) => ys.map((y) => k.code(y, adc));

/** Normal CDF (Abramowitz-Stegun 7.1.26, |error| < 1.5e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

test('no errors: no error kernel (the ideal quantiser applies)', (t) => {
  t.is(adcErrorKernel(P4({}), 4, new Rng(1)), null);
  t.is(adcErrorKernel(P4({ rounding: 'floor' }), 4, new Rng(1)), null);
});

test('offset 0.5 LSB moves every code edge down by half a step', (t) => {
  t.is(stepOf(7, 4), 1);
  const k = adcErrorKernel(P4({ offset: 0.5 }), 1, new Rng(1))!;
  // ideal edges at c + 0.5; with the offset the edge above code c is at c: just above it the
  // code is c + 1, just below it c
  for (let c = -6; c <= 6; c++) {
    t.is(k.code(c + 1e-9, 0), c + 1, `just above ${c}`);
    t.is(k.code(c - 1e-9, 0), c, `just below ${c}`);
  }
  t.deepEqual(codes(k, [0.2, 0.6, -0.2, 6.6, 100, -100]), [1, 1, 0, 7, 7, -7]);
  // negative offset: the other way
  const n = adcErrorKernel(P4({ offset: -0.5 }), 1, new Rng(1))!;
  t.deepEqual(codes(n, [0.2, 0.9, 1.1, -0.2]), [0, 0, 1, -1]);
});

test('gain error scales the input before the quantiser', (t) => {
  const k = adcErrorKernel(P4({ gainError: 0.1 }), 1, new Rng(1))!;
  // 1.1 * y: 4 -> 4.4 -> 4; 5 -> 5.5 -> 6 (half to even); -3 -> -3.3 -> -3; 6.5 -> 7.15 -> 7
  t.deepEqual(codes(k, [4, 5, -3, 6.5, 6.9]), [4, 6, -3, 7, 7]);
  const s = adcErrorKernel(P4({ gainError: -0.5 }), 1, new Rng(1))!;
  t.deepEqual(codes(s, [4, 3, 14, -9]), [2, 2, 7, -4]); // 2, 1.5 -> 2, 7, -4.5 -> -4
  // gain applies before the offset: (1 + g) y + offset
  const both = adcErrorKernel(P4({ gainError: 1, offset: 0.5 }), 1, new Rng(1))!;
  t.deepEqual(codes(both, [1, 1.9, -2.1]), [2, 4, -4]); // 2.5 -> 2 (ties to even), 4.3, -3.7
});

test('a DNL table moves the edges by the running sum of the code widths', (t) => {
  // 3 bits: codes -3 .. 3 (7 per table), ideal edges -2.5 -1.5 -0.5 0.5 1.5 2.5
  t.deepEqual([...idealEdges(3, 'nearest')], [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]);
  // code -2 is 1.5 LSB wide, code 1 0.5 LSB wide (the end codes' entries are not used)
  const dnl = [9, 0.5, 0, 0, -0.5, 0, 9];
  t.deepEqual([...tableEdges(3, 'nearest', null, dnl)], [-2.5, -1, 0, 1, 1.5, 2.5]);
  const k = adcErrorKernel({ bits: 3, outBound: 3, errors: { ...IDEAL_ADC, dnl } }, 1, new Rng(1))!;
  // step = 6 / 6 = 1
  t.deepEqual(codes(k, [-2.6, -2.4, -1.1, -0.9, -0.1, 0.1, 0.9, 1.1, 1.4, 1.6, 2.6]), [-3, -2, -2, -1, -1, 0, 0, 1, 1, 2, 3]);
  // an input exactly on a moved edge gets the lower code
  t.is(k.code(1, 0), 0);
});

test('an INL table moves each code\'s lower transition', (t) => {
  const inl = [0, 0.25, 0, 0, -0.25, 0, 0.4]; // per code -3 .. 3
  t.deepEqual([...tableEdges(3, 'nearest', inl, null)], [-2.25, -1.5, -0.5, 0.25, 1.5, 2.9]);
  const k = adcErrorKernel({ bits: 3, outBound: 3, errors: { ...IDEAL_ADC, inl } }, 1, new Rng(1))!;
  t.deepEqual(codes(k, [-2.3, -2.2, 0.3, 0.2, 2.8, 3]), [-3, -2, 1, 0, 2, 3]);
});

test('table checks: length 2^bits - 1, and DNL > -1 (monotonic codes)', (t) => {
  t.deepEqual(adcTableProblems(3, 'dnl', [0, 0, 0, 0, 0, 0, 0]), []);
  t.is(adcTableProblems(3, 'dnl', [0, 0, 0, 0, 0, 0, 0, 0])[0]!.code, 'E3025');
  t.is(adcTableProblems(3, 'inl', [0, 0, 0])[0]!.code, 'E3025');
  t.is(adcTableProblems(3, 'dnl', [0, 0, -1, 0, 0, 0, 0])[0]!.code, 'E3026');
  t.deepEqual(adcTableProblems(3, 'dnl', [-5, 0, -0.99, 0, 0, 0, -5]), []); // end codes are open
  t.is(adcTableProblems(3, 'inl', [0, 0, 0.5, -0.5, 0, 0, 0])[0]!.code, 'E3026'); // width 1 - 1 = 0
  t.regex(adcTableProblems(3, 'inl', [0, 0, 0.5, -0.5, 0, 0, 0])[0]!.message, /code -1 0 LSB wide/);
});

test('CCO floor quantisation: sign(y) floor(|y| / step) on hand values', (t) => {
  // 4 bits, bound 7: step 1
  const vals = [0, 0.4, 0.99, 1, 1.5, 2.5, 6.99, 7.5, 100, -0.99, -1, -1.5, -2.5, -100];
  t.deepEqual(vals.map((v) => floorCodeOf(v, 7, 4)), [0, 0, 0, 1, 1, 2, 6, 7, 7, 0, -1, -1, -2, -7]);
  t.deepEqual(vals.map((v) => codeOf(v, 7, 4)), [0, 0, 1, 1, 2, 2, 7, 7, 7, -1, -1, -2, -2, -7]);
  // the floor edges: c for c < 0, c + 1 for c >= 0 (code 0 is 2 LSB wide)
  t.deepEqual([...idealEdges(3, 'floor')], [-3, -2, -1, 1, 2, 3]);
  // floor with an offset goes through the error kernel: (y + 0.5) floored
  const k = adcErrorKernel(P4({ rounding: 'floor', offset: 0.5 }), 1, new Rng(1))!;
  t.deepEqual(codes(k, [0.4, 0.5, 1.6, -1.4, -1.6]), [0, 1, 2, 0, -1]);
  // HERMES-like: 8 bits, out_bound 32: step 64/254; y = 10 -> 39.6875 steps -> 39 (round: 40)
  t.is(floorCodeOf(10, 32, 8), 39);
  t.is(codeOf(10, 32, 8), 40);
});

test('random profile: reproducible from the seed, one per ADC, with the requested sigma', (t) => {
  const bits = 8;
  const adcs = 200;
  const inlSigma = 0.2;
  const p = { bits, outBound: 127, errors: { ...IDEAL_ADC, inlSigma } }; // step 1
  const a = adcErrorKernel(p, adcs, new Rng(5))!;
  const b = adcErrorKernel(p, adcs, new Rng(5))!;
  const c = adcErrorKernel(p, adcs, new Rng(6))!;
  const ys = Array.from({ length: 400 }, (_, i) => -130 + i * 0.65);
  t.deepEqual(codes(a, ys, 17), codes(b, ys, 17));
  t.notDeepEqual(codes(a, ys, 17), codes(c, ys, 17));
  t.notDeepEqual(codes(a, ys, 17), codes(a, ys, 18));
  // The edges themselves: draw them the way the kernel does and measure their spread.
  const base = idealEdges(bits, 'nearest');
  const one = new Float64Array(base.length);
  const profiles = new Rng(5).fork('profile');
  let s1 = 0;
  let s2 = 0;
  let n = 0;
  for (let j = 0; j < adcs; j++) {
    drawEdges(base, inlSigma, 0, profiles.fork(String(j)), one);
    for (let k = 0; k < one.length; k++) {
      const d = one[k]! - base[k]!;
      s1 += d;
      s2 += d * d;
      n++;
    }
    // the kernel uses exactly these edges for ADC j
    for (const y of [-100.3, -0.5, 0.49, 3.51, 99.9]) t.is(a.code(y, j), edgeCode(one, 0, one.length, 127, y));
  }
  const sd = Math.sqrt(s2 / n - (s1 / n) ** 2);
  // n = 50800 samples: the sd of a sample sd is sigma / sqrt(2n) = 0.3 %
  t.log(`inl_sigma ${inlSigma}: measured sd ${sd.toFixed(4)} over ${n} edges`);
  t.true(Math.abs(sd / inlSigma - 1) < 0.03, `sd ${sd}`);
  t.true(Math.abs(s1 / n) < 0.01, `mean ${s1 / n}`);
});

test('random DNL profile: code widths 1 + dnl_sigma N(0, 1)', (t) => {
  const dnlSigma = 0.1;
  const base = idealEdges(8, 'nearest');
  const one = new Float64Array(base.length);
  const rng = new Rng(9);
  let s1 = 0;
  let s2 = 0;
  let n = 0;
  for (let j = 0; j < 200; j++) {
    drawEdges(base, 0, dnlSigma, rng.fork(String(j)), one);
    t.is(one[0], base[0]); // anchored at the lowest edge
    for (let k = 1; k < one.length; k++) {
      const d = one[k]! - one[k - 1]! - 1;
      s1 += d;
      s2 += d * d;
      n++;
    }
  }
  const sd = Math.sqrt(s2 / n - (s1 / n) ** 2);
  t.log(`dnl_sigma ${dnlSigma}: measured sd ${sd.toFixed(4)} over ${n} codes`);
  t.true(Math.abs(sd / dnlSigma - 1) < 0.03, `sd ${sd}`);
});

test('comparator noise: the code-flip probability near an edge is 1 - Phi(d / sigma)', (t) => {
  const sigma = 0.5;
  const k = adcErrorKernel(P4({ comparatorNoise: sigma }), 1, new Rng(3))!;
  const N = 20000;
  for (const y of [0.25, 0.0, 0.45, 1.2]) {
    // edges at 0.5 (code 0 -> 1) and -0.5 (code 0 -> -1), 1.5 (1 -> 2)
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      const c = k.code(y, 0);
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const frac = (c: number) => (counts.get(c) ?? 0) / N;
    // P(code >= 1) = P(y + noise > 0.5), P(code <= -1) = P(y + noise < -0.5)
    let up = 0;
    for (const [c, m] of counts) if (c >= 1) up += m;
    const expectUp = 1 - phi((0.5 - y) / sigma);
    t.log(`y ${y} LSB: P(code >= 1) ${(up / N).toFixed(4)}, expected ${expectUp.toFixed(4)}`);
    t.true(Math.abs(up / N - expectUp) < 0.015, `y ${y}: P(up) ${up / N} vs ${expectUp}`);
    const expectDown = phi((-0.5 - y) / sigma);
    t.true(Math.abs(frac(-1) + frac(-2) + frac(-3) - expectDown) < 0.015, `y ${y}: P(down)`);
  }
  // the draws are seeded: the same seed gives the same codes
  const a = adcErrorKernel(P4({ comparatorNoise: sigma }), 1, new Rng(3))!;
  const b = adcErrorKernel(P4({ comparatorNoise: sigma }), 1, new Rng(3))!;
  t.deepEqual(Array.from({ length: 50 }, () => a.code(0.3, 0)), Array.from({ length: 50 }, () => b.code(0.3, 0)));
});

test('1-bit ADC: offset moves the sign comparator\'s threshold', (t) => {
  // bits 1: step = bound; the sign of (1 + g) y / bound + offset
  const k = adcErrorKernel({ bits: 1, outBound: 2, errors: { ...IDEAL_ADC, offset: -0.25 } }, 1, new Rng(1))!;
  t.deepEqual(codes(k, [0.4, 0.6, -0.1, 0.5]), [-1, 1, -1, 0]);
});

test('NaN cannot be converted', (t) => {
  const k = adcErrorKernel(P4({ offset: 0.1 }), 1, new Rng(1))!;
  t.throws(() => k.code(NaN, 0), { instanceOf: RangeError });
});
