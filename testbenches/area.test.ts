// Area of a tile and a chip: count x area per instance, rows x cols x devices per weight x
// cell_area for a crossbar, kinds without an area parameter counted as 0 and named.
import test from 'ava';
import { checkText } from '../test/helpers.js';
import { chipArea, tileArea } from './area.js';

const src = `
clock clk = 1 GHz;
dac pwm4 : pwm { bits = 4; }
tile t {
  clock = clk;
  pwm4 dacs[4];
  crossbar array { rows = 4; cols = 3; cell = differential(ideal); }
  sar adcs[3] { bits = 6; }
  digital post[3];
  connect dacs -> array -> adcs -> post;
}
chip c { clock = clk; t tiles[5]; }
`;

const um2 = 1e-12;

test('tile area: pwm 240 um2 each, differential cells 2 x 0.1296 um2 per weight, SAR by its table, digital unmodelled', (t) => {
  const r = checkText(src);
  t.deepEqual(r.codes, [], r.text);
  const tile = r.result.design!.tiles.find((x) => x.name === 't')!;
  const a = tileArea(tile);
  const by = Object.fromEntries(a.components.map((c) => [c.name, c]));
  t.is(by['dacs']!.count, 4);
  t.true(Math.abs(by['dacs']!.area - 4 * 240 * um2) < 1e-20);
  t.is(by['array']!.count, 4 * 3 * 2, 'rows x cols x 2 devices (G+, G-)');
  t.true(Math.abs(by['array']!.area - 24 * 0.1296 * um2) < 1e-22);
  const sarEach = tile.instances.find((i) => i.name === 'adcs')!.component.params['area'] as number;
  t.true(sarEach > 0);
  t.true(Math.abs(by['adcs']!.area - 3 * sarEach) < 1e-20);
  t.is(by['post']!.each, null);
  t.is(by['post']!.area, 0);
  t.deepEqual(a.unmodelled, ['post']);
  t.true(Math.abs(a.area - (4 * 240 * um2 + 24 * 0.1296 * um2 + 3 * sarEach)) < 1e-20);
});

test('chip area: the sum over every tile instance; by component summed over the tiles', (t) => {
  const r = checkText(src);
  const design = r.result.design!;
  const chip = design.chips.find((c) => c.name === 'c')!;
  const one = tileArea(design.tiles.find((x) => x.name === 't')!);
  const a = chipArea(chip);
  t.is(a.tiles.length, 5);
  t.true(Math.abs(a.area - 5 * one.area) < 1e-18);
  const dacs = a.components.find((c) => c.name === 'dacs')!;
  t.true(Math.abs(dacs.area - 5 * 4 * 240 * um2) < 1e-18);
  t.deepEqual(a.unmodelled, ['post']);
});

test('cell_area overrides the array area', (t) => {
  const r = checkText(src.replace('cell = differential(ideal); }', 'cell = differential(ideal); cell_area = 1 um2; }'));
  t.deepEqual(r.codes, [], r.text);
  const a = tileArea(r.result.design!.tiles.find((x) => x.name === 't')!);
  t.true(Math.abs(a.components.find((c) => c.name === 'array')!.area - 24 * um2) < 1e-20);
});
