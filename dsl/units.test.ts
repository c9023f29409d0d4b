import test from 'ava';
import { DIMS, dimEq, formatQuantity, parseUnit, unitText, unitWords } from './units.js';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));

test('SI prefixes and base units', (t) => {
  const cases: [string, number, keyof typeof DIMS][] = [
    ['GHz', 1e9, 'frequency'], ['uS', 1e-6, 'conductance'], ['µS', 1e-6, 'conductance'], ['μS', 1e-6, 'conductance'],
    ['ohm', 1, 'resistance'], ['kohm', 1e3, 'resistance'], ['Ω', 1, 'resistance'], ['ps', 1e-12, 'time'],
    ['pJ', 1e-12, 'energy'], ['V', 1, 'voltage'], ['mV', 1e-3, 'voltage'], ['um2', 1e-12, 'area'], ['mm2', 1e-6, 'area'],
    ['bit', 1, 'bits'], ['kB', 8000, 'bits'], ['cycles', 1, 'cycles'], ['lsb', 1, 'lsb'], ['fF', 1e-15, 'capacitance'],
    ['mW', 1e-3, 'power'], ['nA', 1e-9, 'current'], ['h', 3600, 'time'], ['day', 86400, 'time'], ['year', 31536000, 'time'],
  ];
  for (const [u, scale, dim] of cases) {
    const p = parseUnit(u);
    t.truthy(p, u);
    t.true(close(p!.scale, scale), `${u} scale ${p!.scale}`);
    t.true(dimEq(p!.dim, DIMS[dim].dim), `${u} dimension`);
  }
});

test('exact words win over prefix readings: ms, mS, min, mm, m', (t) => {
  t.true(dimEq(parseUnit('ms')!.dim, DIMS.time.dim));
  t.true(dimEq(parseUnit('mS')!.dim, DIMS.conductance.dim));
  t.is(parseUnit('min')!.scale, 60);
  t.true(dimEq(parseUnit('mm')!.dim, DIMS.length.dim));
  t.is(parseUnit('m')!.scale, 1);
});

test('compound units', (t) => {
  const f = parseUnit('fF/um')!;
  t.true(close(f.scale, 1e-9));
  t.true(dimEq(f.dim, DIMS.capacitancePerLength.dim));
  t.true(dimEq(parseUnit('pJ/bit')!.dim, DIMS.energyPerBit.dim));
});

test('no prefixes where they make no sense', (t) => {
  for (const u of ['mbit', 'ph', 'kcycles', 'mlsb', 'kday', 'Gs2x']) t.is(parseUnit(u), null, u);
});

test('formatting is canonical and engineering-style', (t) => {
  const f = (v: number, d: keyof typeof DIMS) => formatQuantity({ value: v, dim: DIMS[d].dim });
  t.is(f(1e9, 'frequency'), '1 GHz');
  t.is(f(0.3, 'voltage'), '300 mV');
  t.is(f(25e-6, 'conductance'), '25 uS');
  t.is(f(1200e-12, 'area'), '1200 um2');
  t.is(f(1.67e-12, 'energy'), '1.67 pJ');
  t.is(f(3600, 'time'), '1 h');
  t.is(f(0, 'time'), '0 s');
  t.is(f(256, 'bits'), '256 bit');
  t.is(f(0.1 + 0.2, 'voltage'), '300 mV');
});

test('unnamed dimensions read as quotients of named ones', (t) => {
  t.is(unitText(parseUnit('GS/s')!.dim), 'S/s');
  t.is(unitText(parseUnit('V/s')!.dim), 'V/s');
});

test('suggestion list contains prefixed words', (t) => {
  const w = unitWords();
  for (const u of ['ns', 'GHz', 'uS', 'kohm', 'pJ']) t.true(w.includes(u), u);
});
