// Numbers as the emitters print them: fmtNumber (exact) and tidyDecimal (a description's
// parameter as written).
import test from 'ava';
import fc from 'fast-check';
import { fmtNumber, tidyDecimal } from './params.js';

test('fmtNumber reads back exactly; integers print as integers', (t) => {
  t.is(fmtNumber(256), '256');
  t.is(fmtNumber(-2.5e-7), '-2.5e-7');
  t.is(fmtNumber(1e21), '1e21');
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Number(fmtNumber(x)) === x), { seed: 4, numRuns: 20000 });
});

test('tidyDecimal: decimals disturbed by unit scaling come back as written', (t) => {
  t.is(fmtNumber(tidyDecimal(10 * 1e-6)), '0.00001');
  t.is(fmtNumber(tidyDecimal(7 * 1e-9)), '7e-9');
  t.is(fmtNumber(tidyDecimal(0.0375 * 1e-12)), '3.75e-14');
  t.is(tidyDecimal(0.1 + 0.2), 0.3);
  t.is(tidyDecimal(1.2345678901234567e-5), 1.2345678901234567e-5, 'a value with many true digits is kept');
  t.is(tidyDecimal(-1.7976931348623151e308), -1.7976931348623151e308, 'no overflow to infinity');
});

test('tidyDecimal moves a value by less than 5e-15 relative, and keeps short decimals exactly (seeded)', (t) => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Math.abs(tidyDecimal(x) - x) <= 5e-15 * Math.abs(x)),
    { seed: 5, numRuns: 20000 },
  );
  fc.assert(
    fc.property(fc.integer({ min: -999999, max: 999999 }), fc.integer({ min: -20, max: 6 }), (m, e) => {
      const written = Number(`${m}e${e}`);
      return tidyDecimal(written) === written && tidyDecimal(m * 10 ** e) === written;
    }),
    { seed: 6, numRuns: 20000 },
  );
  t.pass();
});
