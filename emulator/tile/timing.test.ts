// Cycle counts of each converter kind and of bit-serial inputs, against hand derivations.
//
// Rules (emulator/tile/stage.ts): at 1 GHz, a vector enters at edge 1; a stage busy for d
// from its start s frees its result at the first edge at or after s + d; each hand-over to
// the next stage takes one cycle. A sample-and-hold settles for one cycle. Without one, the
// DAC holds the array until the ADCs are done, so the initiation interval (II) is the
// latency; with one, the slowest stage (plus its hand-over) sets the II.
// The matrix and the vectors are those of tile.test.ts; x = e0 gives y = (1, .5, 0, -.5),
// x = (1, 1, -1, -1) gives y = (2, 2, -2, -2), in units of one fully-on row.
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { Simulator } from '../simulator.js';
import { arrayTile, HAND_W } from '../test-designs.js';

const NS = 1_000_000n;
const W = HAND_W;
const PWM = 'pwm dacs[4] { bits = 4; t_lsb = 1 ns; }'; // window 7 codes x 1 ns

function run(components: string, chain: string) {
  const src = arrayTile(components, chain);
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  const sim = Simulator.forDesign(r.result.design, { seed: 1, tInference: 0 });
  sim.program('t', W);
  sim.drive('t', [[7, 0, 0, 0], [7, 7, -7, -7]]);
  sim.run();
  const out = sim.read('t');
  const stages = sim.tile('t').built.stages;
  return {
    codes: out.map((o) => [...o.values]),
    latency: Number((out[0]!.exitFs - out[0]!.enteredFs) / NS),
    ii: Number((out[1]!.exitFs - out[0]!.exitFs) / NS),
    energy: (name: string) => stages.find((s) => s.name.endsWith(`.${name}`))!.stats.energy,
  };
}

test('flash: one t_conv per conversion; energy (2^bits - 1) p_comparator t_conv each', (t) => {
  const r = run(`${PWM} flash adcs[4] { bits = 4; out_bound = 4; }`, 'dacs -> array -> adcs');
  // window 1..8, hand-over 9, convert until 10, hand-over to the output at 11
  t.is(r.latency, 10);
  t.is(r.ii, 10);
  // step 8/14: 1.75 -> 2, 0.875 -> 1, 0, -1; 3.5 -> 4 (half to even)
  t.deepEqual(r.codes, [[2, 1, 0, -1], [4, 4, -4, -4]]);
  // 8 conversions x 15 comparators x 1.894 uW x 1 ns
  t.true(Math.abs(r.energy('adcs') / (8 * 15 * 1.894e-6 * 1e-9) - 1) < 1e-12);
});

test('SAR shared by 4 columns (mux = 4): the columns convert in turn, 1 / f_sample each', (t) => {
  const sar = 'sar adcs[1] { bits = 6; mux = 4; f_sample = 500 MHz; out_bound = 4; }';
  const r = run(`${PWM} ${sar}`, 'dacs -> array -> adcs');
  // window until 8, hand-over 9, 4 x 2 ns until 17, out at 18; the array is held meanwhile
  t.is(r.latency, 17);
  t.is(r.ii, 17);
  t.deepEqual(r.codes, [[8, 4, 0, -4], [16, 16, -16, -16]]);
  // ISAAC table: 1.2 pJ per 6-bit conversion, 8 conversions
  t.true(Math.abs(r.energy('adcs') / 9.6e-12 - 1) < 1e-12);
  // with a sample-and-hold: +1 hand-over +1 settle; the ADC (8 + 1 hand-over) sets the II
  const held = run(`${PWM} sample_hold sh[4]; ${sar}`, 'dacs -> array -> sh -> adcs');
  t.is(held.latency, 19);
  t.is(held.ii, 9);
  t.deepEqual(held.codes, r.codes);
});

test('ramp: (code + 2^(bits-1)) t_step per conversion; the slowest column sets the time', (t) => {
  const r = run(`${PWM} ramp adcs[4] { bits = 4; t_step = 1 ns; out_bound = 4; }`, 'dacs -> array -> adcs');
  // codes (2, 1, 0, -1): offsets 2+7+1 = 10 .. 7 steps; ADC 9..19, out at 20
  t.is(r.latency, 19);
  // vector 1 waits for the array until 20: window 20..27, hand-over 28, codes +-4: 12 steps
  // until 40, out at 41
  t.is(r.ii, 21);
  t.deepEqual(r.codes, [[2, 1, 0, -1], [4, 4, -4, -4]]);
});

test('pipeline ADC with mux = 4: (bits + conversions - 1) / f_sample', (t) => {
  const r = run(`${PWM} pipeline adcs[1] { bits = 6; mux = 4; f_sample = 1 GHz; out_bound = 4; }`, 'dacs -> array -> adcs');
  // 9 ns of conversion from 9: 18, out at 19
  t.is(r.latency, 18);
  t.is(r.ii, 18);
});

test('CCO: counts during the window, then a one-cycle latch; the DAC starts again meanwhile', (t) => {
  const r = run(`${PWM} cco adcs[4] { bits = 6; out_bound = 4; }`, 'dacs -> array -> adcs');
  // window 1..8, hand-over 9, latch until 10, out at 11; next window after one hand-over
  t.is(r.latency, 10);
  t.is(r.ii, 8);
  t.deepEqual(r.codes, [[8, 4, 0, -4], [16, 16, -16, -16]]);
});

test('voltage DAC: the level is held for t_conv', (t) => {
  const r = run('voltage dacs[4] { bits = 4; t_conv = 3 ns; } flash adcs[4] { bits = 4; out_bound = 4; }', 'dacs -> array -> adcs');
  // 1..4, hand-over 5, convert until 6, out at 7
  t.is(r.latency, 6);
  t.is(r.ii, 6);
  t.deepEqual(r.codes, [[2, 1, 0, -1], [4, 4, -4, -4]]);
});

test('bit-serial DAC: one magnitude bit per t_cycle, recombined by the shift-and-add', (t) => {
  const r = run(
    'bit_serial dacs[4] { bits = 4; t_cycle = 2 ns; } sample_hold sh[4]; flash adcs[4] { bits = 6; out_bound = 4; } shift_add sa[4];',
    'dacs -> array -> sh -> adcs -> sa',
  );
  // 3 magnitude bits of 7 = 111: each slice reads y = W^T e0 -> 7.75 -> code 8 (step 8/62);
  // shift-and-add 8 (1 + 2 + 4) = 56. Vector 1: 15.5 -> 16 per slice -> 112.
  t.deepEqual(r.codes, [[56, 28, 0, -28], [112, 112, -112, -112]]);
  // slices drive 1..3, 4..6, 7..9 (2 ns + a hand-over to the S&H each); the last slice: S&H
  // 10, settled 11, ADC 12..13, shift-and-add 14..15, out at 16: latency 15. The DAC's
  // 3 x 3 cycles set the II.
  t.is(r.latency, 15);
  t.is(r.ii, 9);
});

test('integrator: the window lasts t_integrate; it holds the result, so the DAC goes on', (t) => {
  const r = run(`${PWM} integrator integ[4] { t_integrate = 20 ns; } flash adcs[4] { bits = 4; out_bound = 4; }`, 'dacs -> array -> integ -> adcs');
  // window 1..21 (t_integrate > the 7 ns PWM window), hand-over to the integrator 22, to the
  // ADC 23, conversion until 24, out at 25: latency 24; the DAC (20 + 1 hand-over) sets the II
  t.is(r.latency, 24);
  t.is(r.ii, 21);
  t.deepEqual(r.codes, [[2, 1, 0, -1], [4, 4, -4, -4]]);
  // NeuRRAM: 0.25 pJ per integration, 4 lanes x 2 vectors
  t.true(Math.abs(r.energy('integ') / 2e-12 - 1) < 1e-12);
});
