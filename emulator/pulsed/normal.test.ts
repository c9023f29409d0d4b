// Tests of the ziggurat normal (normal.ts): moments, tail and central probabilities against
// N(0, 1) over 10^6 seeded draws (tolerances: 5 standard errors), and determinism.
import test from 'ava';
import { Rng } from '../random.js';
import { zigguratNormal } from './normal.js';

test('ziggurat: mean, variance, skewness, kurtosis and tail probabilities of N(0, 1)', (t) => {
  const n = 1_000_000;
  const r = new Rng(123);
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let beyond2 = 0;
  let beyondR = 0;
  let within05 = 0;
  for (let k = 0; k < n; k++) {
    const x = zigguratNormal(r);
    s1 += x;
    s2 += x * x;
    s3 += x * x * x;
    s4 += x * x * x * x;
    if (Math.abs(x) > 2) beyond2++;
    if (Math.abs(x) > 3.442619855899) beyondR++;
    if (Math.abs(x) < 0.5) within05++;
  }
  const mean = s1 / n;
  const v = s2 / n;
  t.log(`mean ${mean.toFixed(5)}, var ${v.toFixed(5)}, skew ${(s3 / n).toFixed(4)}, kurt ${(s4 / n).toFixed(4)}, P(|x|>2) ${(beyond2 / n).toFixed(5)}`);
  t.true(Math.abs(mean) < 5 / Math.sqrt(n));
  t.true(Math.abs(v - 1) < 5 * Math.sqrt(2 / n));
  t.true(Math.abs(s3 / n) < 5 * Math.sqrt(15 / n));
  t.true(Math.abs(s4 / n - 3) < 5 * Math.sqrt(96 / n));
  const prob = (count: number, p: number) => t.true(Math.abs(count / n - p) < 5 * Math.sqrt((p * (1 - p)) / n), `${count / n} vs ${p}`);
  prob(beyond2, 0.04550026389635842);
  prob(beyondR, 5.7603e-4); // 2 (1 - Phi(3.4426)): the tail path
  prob(within05, 0.38292492254802624);
});

test('ziggurat: same seed, same numbers', (t) => {
  const a = new Rng(5);
  const b = new Rng(5);
  for (let k = 0; k < 1000; k++) t.is(zigguratNormal(a), zigguratNormal(b));
});
