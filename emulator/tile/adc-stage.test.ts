// ADC errors through a whole tile (emulator/tile/adc-stage.ts with models/adc-errors.ts): the
// codes a run reports against the ideal values it reports, and the run's error figure.
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import type { ChipIR } from '../../dsl/ir/nodes.js';
import { runTestbench } from '../../testbenches/run.js';
import { floorCount, roundHalfEven } from '../models/quantize.js';
import { Simulator } from '../simulator.js';
import { HAND_W } from '../test-designs.js';

function designOf(src: string) {
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  return r.result.design;
}
const chipOf = (src: string): ChipIR => designOf(src).testbenches[0]!.target;

const W = HAND_W;
const VECTORS = [[7, 0, 0, 0], [1, 2, 3, 4], [-3, 5, 2, -6], [4, -4, 1, 3]];

/** The tiny tile of tile.test.ts (step = 8/62, c_max 31) with ADC parameters `adc`. */
const TINY = (adc: string, kind = 'flash') => `
clock clk = 1 GHz;
dac pwm4 : pwm { bits = 4; t_lsb = 1 ns; v_read = 0.2 V; }
tile t {
  clock = clk;
  pwm4 dacs[4];
  crossbar array { rows = 4; cols = 4; cell = differential(ideal); out_noise = 0; }
  ${kind} adcs[4] { bits = 6; out_bound = 4; ${adc} }
  connect dacs -> array -> adcs;
}
testbench tb for t {
  program t with [[1, 0.5, 0, -0.5], [0.5, 1, -0.5, 0], [0, -0.5, 1, 0.5], [-0.5, 0, 0.5, 1]];
  drive t with ${JSON.stringify(VECTORS)};
  run until idle;
}`;

function run(src: string, seed = 1) {
  const sim = new Simulator(chipOf(src), { seed, tInference: 0 });
  sim.program('t', W);
  sim.drive('t', VECTORS);
  sim.run();
  return sim.read('t');
}

const clip = (c: number) => Math.max(-31, Math.min(31, c));

test('offset 0.5 LSB: every code is round(ideal + 0.5), shifted from the ideal codes', (t) => {
  const ideal = run(TINY(''));
  const off = run(TINY('offset = 0.5;'));
  let shifted = 0;
  for (let v = 0; v < VECTORS.length; v++) {
    const y = [...off[v]!.ideal];
    t.deepEqual(y, [...ideal[v]!.ideal], 'the ideal values do not change');
    t.deepEqual([...ideal[v]!.values], y.map((u) => clip(roundHalfEven(u)) || 0));
    t.deepEqual([...off[v]!.values], y.map((u) => clip(roundHalfEven(u + 0.5)) || 0), `vector ${v}: ${y}`);
    for (let j = 0; j < 4; j++) if (off[v]!.values[j] !== ideal[v]!.values[j]) shifted++;
  }
  t.log(`${shifted} of 16 codes moved up by one`);
  t.true(shifted >= 4);
});

test('gain error and offset together: round((1 + g) ideal + offset)', (t) => {
  const out = run(TINY('gain_error = -0.1; offset = -0.25;'));
  for (const o of out) t.deepEqual([...o.values], [...o.ideal].map((u) => clip(roundHalfEven(0.9 * u - 0.25)) || 0));
});

test('the run reports the shift as its error vs ideal (xbar sim\'s figure)', async (t) => {
  const ideal = await runTestbench(designOf(TINY('')).testbenches[0]!);
  const off = await runTestbench(designOf(TINY('offset = 0.5;')).testbenches[0]!);
  t.true(ideal.ok && off.ok);
  // the largest |code - ideal| of round(u + 0.5) is below 1 LSB and above the ideal's 0.5
  const errIdeal = ideal.tiles[0]!.errMax!;
  const errOff = off.tiles[0]!.errMax!;
  t.log(`error vs ideal: max ${errIdeal.toFixed(3)} lsb ideal, ${errOff.toFixed(3)} lsb with offset 0.5`);
  t.true(errIdeal <= 0.5);
  t.true(errOff > errIdeal && errOff <= 1);
});

test('random INL profile and comparator noise: reproducible from the seed', (t) => {
  const src = TINY('inl_sigma = 0.4; comparator_noise = 0.3;');
  const a = run(src, 3).map((o) => [...o.values]);
  t.deepEqual(run(src, 3).map((o) => [...o.values]), a);
  const others = [4, 5, 6].map((s) => JSON.stringify(run(src, s).map((o) => [...o.values])));
  t.true(others.some((o) => o !== JSON.stringify(a)), 'other seeds give other codes');
  // the codes stay within a few LSB of the ideal ones
  const ideal = run(TINY(''));
  for (let v = 0; v < a.length; v++) for (let j = 0; j < 4; j++) t.true(Math.abs(a[v]![j]! - ideal[v]!.values[j]!) <= 3);
});

test('a DNL table moves codes in the tile exactly as in the model', (t) => {
  // 6 bits: 63 codes; code 2 (index 33) is 1.9 LSB wide, so the edges above it move up by 0.9
  const dnl = Array.from({ length: 63 }, (_, i) => (i === 33 ? 0.9 : 0));
  const out = run(TINY(`dnl = [${dnl.join(', ')}];`));
  for (const o of out) {
    const want = [...o.ideal].map((u) => {
      // ideal edges at c + 0.5; those above code 2 (c >= 2) at c + 1.4
      let c = -31;
      for (let k = -31; k < 31; k++) if (u > k + 0.5 + (k >= 2 ? 0.9 : 0)) c = k + 1;
      return c;
    });
    t.deepEqual([...o.values], want, `${[...o.ideal]}`);
  }
});

test('CCO ADC: rounding = floor counts whole periods, the default rounds', (t) => {
  const cco = (extra: string) => run(TINY(extra, 'cco'));
  const floor = cco('rounding = floor;');
  const near = cco('');
  let differ = 0;
  for (let v = 0; v < VECTORS.length; v++) {
    const y = [...floor[v]!.ideal];
    t.deepEqual([...floor[v]!.values], y.map((u) => floorCount(u, 31)), `floor, vector ${v}: ${y}`);
    t.deepEqual([...near[v]!.values], y.map((u) => clip(roundHalfEven(u)) || 0), `nearest, vector ${v}`);
    for (let j = 0; j < 4; j++) if (floor[v]!.values[j] !== near[v]!.values[j]) differ++;
    t.is(floor[v]!.exitFs, near[v]!.exitFs, 'the same timing');
  }
  t.true(differ > 0);
});
