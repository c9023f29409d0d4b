import test from 'ava';
import fc from 'fast-check';
import { codeOf, maxCode, quantize, quantizeInto, roundHalfEven, stepOf, valueOf } from './quantize.js';

const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;

test('roundHalfEven: ties, signs, large values, non-integers', (t) => {
  const cases: [number, number][] = [
    [0.5, 0], [1.5, 2], [2.5, 2], [3.5, 4], [-0.5, -0], [-1.5, -2], [-2.5, -2], [-3.5, -4],
    [0.49999999999999994, 0], [0.5000000000000001, 1], [-0.5000000000000001, -1],
    [2.4, 2], [2.6, 3], [-2.4, -2], [-2.6, -3], [0, 0], [7, 7], [-7, -7],
    [4503599627370495.5, 4503599627370496], [-4503599627370495.5, -4503599627370496],
    [4503599627370494.5, 4503599627370494], [-4503599627370494.5, -4503599627370494],
    [2 ** 53, 2 ** 53], [-(2 ** 60), -(2 ** 60)], [1e300, 1e300],
  ];
  for (const [x, want] of cases) t.is(roundHalfEven(x), want, `roundHalfEven(${x})`);
  t.is(roundHalfEven(Infinity), Infinity);
  t.is(roundHalfEven(-Infinity), -Infinity);
  t.true(Number.isNaN(roundHalfEven(NaN)));
});

test('roundHalfEven agrees with a reference on random ties and non-ties', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 0, max: 3 }), (k, frac) => {
      const x = k + [0, 0.25, 0.5, 0.75][frac]!;
      const fl = Math.floor(x);
      const d = x - fl;
      const want = d < 0.5 ? fl : d > 0.5 ? fl + 1 : fl % 2 === 0 ? fl : fl + 1;
      return roundHalfEven(x) === want;
    }),
    { seed: 20261129, numRuns: 2000 },
  );
  t.pass();
});

test('periphery.md §2.2: DAC examples, bound 1, 7 bits (inp_res 1/126)', (t) => {
  t.is(stepOf(1, 7), 2 / 126);
  t.is(quantize(0.0165, 1, 7), 2 / 126); // 0.01587
  t.true(near(quantize(0.0165, 1, 7), 0.01587, 5e-6));
  t.is(quantize(0.024, 1, 7), 2 * (2 / 126)); // 0.03175
  t.true(near(quantize(0.024, 1, 7), 0.03175, 5e-6));
  t.is(quantize(-0.999, 1, 7), -1.0);
  t.is(quantize(1.7, 1, 7), 1.0);
  t.is(codeOf(0.0165, 1, 7), 1);
  t.is(codeOf(0.024, 1, 7), 2);
  t.is(codeOf(-0.999, 1, 7), -63);
  t.is(codeOf(1.7, 1, 7), 63);
  t.is(maxCode(7), 63);
});

test('periphery.md §2.2: ADC examples, bound 12, 9 bits (out_res 1/510)', (t) => {
  t.is(stepOf(12, 9), 24 / 510);
  t.is(quantize(0.02, 12, 9), 0);
  t.true(near(quantize(0.03, 12, 9), 0.0471, 5e-5));
  t.is(quantize(0.03, 12, 9), 24 / 510);
  t.true(near(quantize(0.5, 12, 9), 0.5176, 5e-5));
  t.is(codeOf(0.5, 12, 9), 11);
  t.is(quantize(100, 12, 9), 12);
  t.is(quantize(-100, 12, 9), -12);
  t.is(maxCode(9), 255);
});

test('ties at exactly half a step round to even, both signs', (t) => {
  const bound = 1;
  const bits = 7;
  const step = stepOf(bound, bits);
  // v/step is exactly k + 0.5 for these (halving and odd multiples of a power of two are exact).
  t.is(step / 2 / step, 0.5);
  t.is(codeOf(0.5 * step, bound, bits), 0);
  t.is(codeOf(-0.5 * step, bound, bits), 0);
  t.is(quantize(0.5 * step, bound, bits), 0);
  t.is(codeOf(1.5 * step, bound, bits), 2);
  t.is(codeOf(-1.5 * step, bound, bits), -2);
  t.is(codeOf(2.5 * step, bound, bits), 2);
  t.is(codeOf(-2.5 * step, bound, bits), -2);
  // A power-of-two step makes every tie exact: bound 127, 8 bits -> step 1.
  t.is(stepOf(127, 8), 1);
  for (let k = -126; k <= 125; k++) {
    const want = k % 2 === 0 ? k : k + 1;
    t.is(codeOf(k + 0.5, 127, 8), want, `tie at ${k + 0.5}`);
    t.is(quantize(k + 0.5, 127, 8), want === 0 ? 0 : want);
  }
  t.is(codeOf(126.5, 127, 8), 126); // tie: 126 is even
  t.is(codeOf(127.5, 127, 8), 127); // tie rounds to 128, clipped to the largest code
});

test('clipping at +-bound and infinities', (t) => {
  for (const bits of [2, 3, 4, 7, 8, 9, 12, 16]) {
    for (const bound of [1, 12, 0.3, 1e-6]) {
      t.is(quantize(bound, bound, bits), bound);
      t.is(quantize(-bound, bound, bits), -bound);
      t.is(quantize(bound * 1.0001, bound, bits), bound);
      t.is(quantize(-bound * 3, bound, bits), -bound);
      t.is(quantize(Infinity, bound, bits), bound);
      t.is(quantize(-Infinity, bound, bits), -bound);
      t.is(codeOf(Infinity, bound, bits), maxCode(bits));
      t.is(codeOf(-Infinity, bound, bits), -maxCode(bits));
      t.is(valueOf(maxCode(bits), bound, bits), bound);
      t.is(valueOf(-maxCode(bits), bound, bits), -bound);
    }
  }
});

test('2 bits: codes -1, 0, 1 with step = bound', (t) => {
  t.is(stepOf(1, 2), 1);
  t.is(maxCode(2), 1);
  t.is(quantize(0.49, 1, 2), 0);
  t.is(quantize(0.5, 1, 2), 0); // tie -> even (0)
  t.is(quantize(0.51, 1, 2), 1);
  t.is(quantize(-0.5, 1, 2), 0);
  t.is(quantize(-0.51, 1, 2), -1);
  t.is(quantize(5, 1, 2), 1);
  t.is(codeOf(-5, 1, 2), -1);
});

test('1 bit is a sign quantiser (documented rule)', (t) => {
  t.is(valueOf(0, 12, 1), 0, 'code 0 of a 1-bit quantiser is 0 (found by the property test below, seed 4)');
  t.is(maxCode(1), 1);
  t.is(stepOf(2, 1), 2);
  t.is(quantize(0.001, 2, 1), 2);
  t.is(quantize(-0.001, 2, 1), -2);
  t.is(quantize(0, 2, 1), 0);
  t.is(quantize(-0, 2, 1), 0);
  t.is(quantize(50, 2, 1), 2);
  t.is(codeOf(3, 2, 1), 1);
  t.is(codeOf(-3, 2, 1), -1);
  t.is(codeOf(0, 2, 1), 0);
  t.is(valueOf(1, 2, 1), 2);
  t.is(valueOf(-1, 2, 1), -2);
  t.true(Number.isNaN(quantize(NaN, 2, 1)));
  t.deepEqual(Array.from(quantizeInto([-1, 0, 1, NaN], new Float64Array(4), 2, 1)), [-2, 0, 2, NaN]);
});

test('NaN input and invalid parameters', (t) => {
  t.true(Number.isNaN(quantize(NaN, 1, 7)));
  t.throws(() => codeOf(NaN, 1, 7), { instanceOf: RangeError, message: /NaN/ });
  t.throws(() => quantize(0, 1, 0), { instanceOf: RangeError });
  t.throws(() => quantize(0, 1, 2.5), { instanceOf: RangeError });
  t.throws(() => quantize(0, 1, 53), { instanceOf: RangeError });
  t.throws(() => quantize(0, 0, 8), { instanceOf: RangeError });
  t.throws(() => quantize(0, -1, 8), { instanceOf: RangeError });
  t.throws(() => quantize(0, Infinity, 8), { instanceOf: RangeError });
  t.throws(() => quantize(0, NaN, 8), { instanceOf: RangeError });
  t.throws(() => valueOf(64, 1, 7), { instanceOf: RangeError });
  t.throws(() => valueOf(0.5, 1, 7), { instanceOf: RangeError });
});

test('codeOf, valueOf and quantize agree; quantize is idempotent and monotone', (t) => {
  fc.assert(
    fc.property(
      fc.double({ min: -20, max: 20, noNaN: true }),
      fc.integer({ min: 1, max: 16 }),
      fc.constantFrom(1, 12, 0.25, 3.3),
      (v, bits, bound) => {
        const q = quantize(v, bound, bits);
        const c = codeOf(v, bound, bits);
        if (q !== valueOf(c, bound, bits)) return false;
        if (quantize(q, bound, bits) !== q) return false;
        if (Math.abs(q) > bound) return false;
        if (bits > 1 && Math.abs(v) <= bound && Math.abs(q - v) > stepOf(bound, bits) / 2 + 1e-12) return false;
        const w = v + 0.01;
        return quantize(w, bound, bits) >= q;
      },
    ),
    { seed: 20261129, numRuns: 5000 },
  );
  t.pass();
});

test('quantizeInto matches quantize, in place too', (t) => {
  const src = Float64Array.from({ length: 1000 }, (_, i) => (i - 500) / 37);
  const dst = quantizeInto(src, new Float64Array(src.length), 12, 9);
  for (let i = 0; i < src.length; i++) t.is(dst[i], quantize(src[i]!, 12, 9));
  quantizeInto(src, src, 12, 9);
  t.deepEqual(src, dst);
  t.throws(() => quantizeInto([1, 2], new Float64Array(1), 1, 8), { instanceOf: RangeError });
});
