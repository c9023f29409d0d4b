// Noise and bound management through a whole tile (models/management.ts, input-stage.ts,
// adc-stage.ts): periphery.md §2.3's example and the cost of the retries in time and energy.
//
// aihwkit's defaults in xbar's terms: inp_res 1/126 with inp_bound 1 is a 7-bit signed DAC
// (step 1/63 of full scale, an input of 1 is code 63); out_res 1/510 with out_bound 12 is a
// 9-bit ADC with out_bound = 12 (step 24/510); no noise (out_noise = 0, ideal devices).
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { stepOf } from '../models/quantize.js';
import { Simulator } from '../simulator.js';

const NS = 1_000_000n;

function tile(rows: number, cols: number, xbar: string, dac = 'pwm dacs[R] { bits = 7; t_lsb = 1 ns; }', adc = 'flash adcs[C] { bits = 9; out_bound = 12; }', chain = 'dacs -> array -> adcs') {
  const src = `clock clk = 1 GHz;
tile t {
  clock = clk;
  ${dac.replace('R', String(rows))}
  crossbar array { rows = ${rows}; cols = ${cols}; cell = differential(ideal); out_noise = 0; ${xbar} }
  ${adc.replace('C', String(cols))}
  connect ${chain};
}
testbench tb for t { run until idle; }`;
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  return r.result.design;
}

function run(design: ReturnType<typeof tile>, w: Float64Array, vectors: number[][]) {
  const sim = Simulator.forDesign(design, { seed: 1, tInference: 0 });
  sim.program('t', w);
  sim.drive('t', vectors);
  sim.run();
  const out = sim.read('t');
  const stages = sim.tile('t').built.stages;
  const stage = (name: string) => stages.find((s) => s.name.endsWith(`.${name}`))!.stats;
  return {
    out,
    values: out.map((o) => [...o.values]),
    latency: out.map((o) => Number((o.exitFs - o.enteredFs) / NS)),
    exits: out.map((o) => Number(o.exitFs / NS)),
    array: stage('array'),
    adcs: stage('adcs'),
  };
}

const ONES = new Float64Array(64).fill(1);

test('periphery.md §2.3: 64 ones x weight 1 -> 12.0 without, 65.13 with iterative bound management', (t) => {
  const step = stepOf(12, 9);
  const x = [new Array(64).fill(63)]; // x = 1
  const plain = run(tile(64, 1, ''), ONES, x);
  t.is(plain.values[0]![0]! * step, 12); // clipped at out_bound
  const bm = run(tile(64, 1, 'bound_management = iterative;'), ONES, x);
  // r = 1, 2, 4 clip (64, 32, 16 > 12); r = 8: codes 63/8 -> 8, y = 64 * 8/63 = 8.127 -> code
  // 173 = 8.141, times 8 digitally = 1384 codes = 65.13
  t.is(bm.values[0]![0], 173 * 8);
  const y = bm.values[0]![0]! * step;
  t.true(Math.abs(y - 65.13) < 0.005, `${y}`);
  t.is(bm.adcs.tokens, 4); // four conversions, three dropped
  t.is(bm.out.length, 1);
  // the ideal is the exact product of the given inputs: 64 / step
  t.true(Math.abs(bm.out[0]!.ideal[0]! * step - 64) < 1e-9);
});

test('one retry costs exactly one more window + hand-over + conversion + verdict hand-over', (t) => {
  // 4-bit PWM (window 7 ns), flash ADC (1 ns), 1 GHz. One vector: window 1..8, hand-over 9,
  // conversion until 10, out at 11: latency 10 (timing.test.ts). A clipped pass: the verdict is
  // written at 10, the input stage sees it at 11 and drives again: window 11..18, hand-over 19,
  // conversion until 20, out at 21. Extra latency = 7 + 1 + 1 + 1 = 10.
  const w = Float64Array.from([1, 1, 1, 1]); // 4 x 1 column
  const design = (bm: boolean) => tile(4, 1, bm ? 'bound_management = iterative;' : '', 'pwm dacs[R] { bits = 4; t_lsb = 1 ns; }', 'flash adcs[C] { bits = 4; out_bound = 3; }');
  const clips = [[7, 7, 7, 7]]; // y = 4 > 3: clips at r = 1; r = 2: codes 3.5 -> 4, y = 16/7 = 2.29 -> no clip
  const fits = [[7, 0, 0, 0]]; // y = 1
  const base = run(design(false), w, fits);
  t.is(base.latency[0], 10);
  const once = run(design(true), w, clips);
  t.is(once.latency[0], 10 + 10);
  const noRetry = run(design(true), w, fits);
  t.is(noRetry.latency[0], 10);
  // energy: the DACs and the array are charged per pass, the ADC per conversion
  t.is(once.adcs.tokens, 2);
  const plain = run(design(false), w, clips);
  const flashConv = 15 * 1.894e-6 * 1e-9; // (2^4 - 1) p_comparator t_conv per conversion
  t.true(Math.abs(once.adcs.energy - 2 * flashConv) / flashConv < 1e-9);
  t.true(Math.abs(plain.adcs.energy - flashConv) / flashConv < 1e-9);
  // DAC energy: e_conv per row per pass
  const dacE = (s: typeof once.array) => s.energyBy!['dacs']!;
  t.true(Math.abs(dacE(once.array) / dacE(plain.array) - 2) < 1e-12);
  // the retry's codes are 4 (7 / 2 rounded to even): PWM pulses of 4 t_lsb instead of 7
  const arrE = (s: typeof once.array) => s.energyBy!['array']!;
  t.true(Math.abs(arrE(once.array) / arrE(plain.array) - (7 + 4) / 7) < 1e-12);
  // values: 16/7 / (6/14) = 5.33 -> code 5, times 2
  t.deepEqual(once.values, [[10]]);
  // a second vector after a retried one: the II is the two passes
  const two = run(design(true), w, [clips[0]!, fits[0]!]);
  t.deepEqual(two.exits, [21, 31]);
});

test('with a sample-and-hold, the input stage waits for the verdict before the next vector', (t) => {
  const w = Float64Array.from([1, 1, 1, 1]);
  const d = tile(4, 1, 'bound_management = iterative;', 'pwm dacs[R] { bits = 4; t_lsb = 1 ns; }', 'sample_hold sh[1]; flash adcs[C] { bits = 4; out_bound = 3; }', 'dacs -> array -> sh -> adcs');
  const r = run(d, w, [[7, 7, 7, 7], [7, 0, 0, 0]]);
  // window 1..8, S&H 9, settled 10, ADC 11..12 (verdict written at 12), the input stage sees
  // it at 13: window 13..20, S&H 21, settled 22, ADC 23..24, out at 25: latency 24.
  t.is(r.latency[0], 24);
  t.deepEqual(r.values, [[10], [2]]); // 1 / (6/14) = 2.33 -> 2
  // without clipping the next vector still waits for the verdict (at 24, seen at 25): window
  // 25..32, S&H 33, settled 34, ADC 35..36, out at 37
  t.is(r.exits[1], 37);
});

test('abs_max noise management: small inputs use the whole DAC range, output scaled back', (t) => {
  // weights (1, 0.5, -0.5, 0.25) in one column; codes (3, -2, 1, 0) of 63: y = 3 - 1 - 0.5 = 1.5 of 63
  const w = Float64Array.from([1, 0.5, -0.5, 0.25]);
  const step = stepOf(12, 9);
  const x = [[3, -2, 1, 0]];
  const plain = run(tile(4, 1, ''), w, x);
  const nm = run(tile(4, 1, 'noise_management = abs_max;'), w, x);
  const ideal = 1.5 / 63 / step; // 0.506 LSB
  t.true(Math.abs(plain.out[0]!.ideal[0]! - ideal) < 1e-9);
  t.true(Math.abs(nm.out[0]!.ideal[0]! - ideal) < 1e-9);
  t.is(plain.values[0]![0], 1); // 0.506 -> 1 code
  // codes x 21: (63, -42, 21, 0), y = 1.5 * 21 / 63 = 0.5 -> 10.625 -> 11 codes, times 3/63
  t.true(Math.abs(nm.values[0]![0]! - (11 * 3) / 63) < 1e-12);
  // an all-zero vector: output exactly 0 (aihwkit's shortcut), constant management scales by 1/nm_thres
  const zero = run(tile(4, 1, 'noise_management = abs_max;'), w, [[0, 0, 0, 0]]);
  t.deepEqual(zero.values, [[0]]);
  const c = run(tile(4, 1, 'noise_management = constant; nm_thres = 0.5;'), w, x);
  // codes x 2: (6, -4, 2, 0): y = 3/63 = 0.0476 -> 1.01 -> 1 code, times 0.5
  t.is(c.values[0]![0], 0.5);
});

test('bit-serial DACs with iterative bound management: E3035', (t) => {
  const src = `clock clk = 1 GHz;
tile t {
  clock = clk;
  bit_serial dacs[4] { bits = 4; }
  crossbar array { rows = 4; cols = 4; cell = differential(ideal); bound_management = iterative; }
  sample_hold sh[4];
  flash adcs[4];
  shift_add sa[4];
  connect dacs -> array -> sh -> adcs -> sa;
}`;
  const r = checkText(src);
  t.deepEqual(r.codes, ['E3035@5']);
});
