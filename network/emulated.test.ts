// The numeric tile (network/emulated.ts) gives the cycle-accurate Simulator's codes: the same
// tile, weights, seed, t_inference and input codes, with every random non-ideality on (device
// noise and drift, DAC level errors, input noise, weight read noise, output noise, ADC INL and
// comparator noise, drift compensation), for PWM, voltage and bit-serial DACs, differential,
// offset and bit-sliced cells, sample-and-hold, shift-and-add and the digital affine stage.
import test from 'ava';
import type { ChipIR } from '../dsl/ir/nodes.js';
import { Rng } from '../emulator/random.js';
import { Simulator } from '../emulator/simulator.js';
import { checkText } from '../test/helpers.js';
import { EmulatedTile } from './emulated.js';

function chipOf(src: string): ChipIR {
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  return r.result.design.testbenches[0]!.target;
}

const TILE = (body: string) => `
import "xbar/presets";
clock clk = 1 GHz;
${body}
testbench tb for t { run until idle; }`;

const CASES: Record<string, string> = {
  'voltage DAC, differential PCM, every noise, INL, comparator noise, GDC': TILE(`
tile t {
  clock = clk;
  voltage dacs[12] { bits = 6; input_noise = 0.02; inl_sigma = 0.3; }
  crossbar array { rows = 12; cols = 7; cell = differential(pcm.aihwkit); out_noise = 0.04;
                   w_noise = 0.02; w_noise_type = pcm_read; drift_compensation = global; }
  flash adcs[7] { bits = 7; out_bound = 4; inl_sigma = 0.3; comparator_noise = 0.2; }
  connect dacs -> array -> adcs;
}`),
  'PWM DAC with jitter, offset cell, sample-and-hold, muxed SAR, digital relu': TILE(`
tile t {
  clock = clk;
  pwm dacs[10] { bits = 5; t_jitter = 0.1 ns; }
  crossbar array { rows = 10; cols = 6; cell = offset(pcm.hermes); out_noise = 0.02; drift_compensation = column; }
  sample_hold sh[6];
  sar adcs[2] { bits = 8; out_bound = 3; mux = 3; f_sample = 100 MHz; e_conv = 1 pJ; comparator_noise = 0.3; }
  digital post[6] { scale = 0.5; offset = 1; activation = relu; out_bits = 6; }
  connect dacs -> array -> sh -> adcs -> post;
}`),
  'bit-serial DAC, bit-sliced RRAM, shift-and-add': TILE(`
tile t {
  clock = clk;
  bit_serial dacs[9] { bits = 6; bits_per_cycle = 2; t_cycle = 2 ns; input_noise = 0.01; }
  crossbar array { rows = 9; cols = 3; cell = bit_sliced(rram.cmo, bits = 8, bits_per_cell = 2, encoding = offset); out_noise = 0.01; }
  sample_hold sh[12];
  flash adcs[12] { bits = 8; out_bound = 6; }
  shift_add sa[3] { slices = 4; shift = 2; }
  connect dacs -> array -> sh -> adcs -> sa;
}`),
  'noise and iterative bound management (retries), analytic IR drop, read noise': TILE(`
tile t {
  clock = clk;
  voltage dacs[16] { bits = 7; input_noise = 0.01; }
  crossbar array { rows = 16; cols = 5; cell = differential(pcm.aihwkit); out_noise = 0.02;
                   noise_management = abs_max; bound_management = iterative;
                   ir_drop = analytic; wire_r = 2 ohm; w_noise = 0.01; w_noise_type = additive_constant; }
  flash adcs[5] { bits = 6; out_bound = 1.5; comparator_noise = 0.1; }
  connect dacs -> array -> adcs;
}`),
  'exact IR drop (resistive network solve), PWM': TILE(`
tile t {
  clock = clk;
  pwm dacs[8] { bits = 6; }
  crossbar array { rows = 8; cols = 4; cell = differential(pcm.hermes); ir_drop = exact; wire_r = 1 ohm; out_noise = 0.01; }
  flash adcs[4] { bits = 9; out_bound = 4; }
  connect dacs -> array -> adcs;
}`),
};

for (const [name, src] of Object.entries(CASES)) {
  test(`the numeric tile gives the Simulator's codes: ${name}`, (t) => {
    const chip = chipOf(src);
    const inst = chip.tiles[0]!;
    const seed = 17;
    const tInference = 86400;
    const em = new EmulatedTile(chip, inst, { seed, tInference });
    const rows = em.rows;
    const cols = em.cols;
    const g = new Rng(5);
    const W = Float64Array.from({ length: rows * cols }, () => 2 * g.uniform() - 1);
    const [lo, hi] = [em.dac.signed ? -(2 ** (em.dac.bits - 1) - 1) : 0, em.dac.signed ? 2 ** (em.dac.bits - 1) - 1 : 2 ** em.dac.bits - 1];
    const vectors = Array.from({ length: 6 }, () => Array.from({ length: em.inputLanes }, () => g.int(lo, hi)));
    const sim = new Simulator(chip, { seed, tInference });
    sim.program(inst.path, W);
    sim.drive(inst.path, vectors);
    sim.run();
    const expected = sim.read(inst.path).map((o) => [...o.values]);
    em.program(W);
    const got = vectors.map((v) => [...em.tileOutputs(v)]);
    t.deepEqual(got, expected);
    if (name.includes('bound management')) t.true(em.passes > vectors.length, `bound management retried: ${em.passes} passes for ${vectors.length} vectors`);
    // not trivially zero: the codes move
    t.true(expected.flat().some((c) => c !== 0));
  });
}

test('another seed draws other devices and noise (the streams are keyed by the seed)', (t) => {
  const chip = chipOf(CASES['voltage DAC, differential PCM, every noise, INL, comparator noise, GDC']!);
  const inst = chip.tiles[0]!;
  const W = Float64Array.from({ length: 12 * 7 }, (_, i) => Math.sin(i));
  const v = Array.from({ length: 12 }, (_, i) => (i % 5) * 7 - 14);
  const out = (seed: number) => {
    const em = new EmulatedTile(chip, inst, { seed, tInference: 1 });
    em.program(W);
    return [...em.tileOutputs(v), ...em.tileOutputs(v)];
  };
  t.deepEqual(out(3), out(3));
  t.notDeepEqual(out(3), out(4));
});

test('block MVM in weight units: ideal devices and fine converters give Σ a·W to the quantisation', (t) => {
  const chip = chipOf(TILE(`
tile t {
  clock = clk;
  voltage dacs[16] { bits = 16; }
  crossbar array { rows = 16; cols = 8; cell = differential(ideal); out_noise = 0; }
  flash adcs[8] { bits = 16; out_bound = 8; }
  connect dacs -> array -> adcs;
}`));
  const em = new EmulatedTile(chip, chip.tiles[0]!, { seed: 1, tInference: 1 });
  const g = new Rng(9);
  const rows = 11;
  const cols = 5;
  const W = Float64Array.from({ length: rows * cols }, () => 0.3 * (2 * g.uniform() - 1));
  em.programBlock(W, rows, cols);
  for (let v = 0; v < 5; v++) {
    const a = Float64Array.from({ length: rows }, () => 3 * g.uniform());
    const y = em.mvm(a, cols, { kind: 'abs_max' });
    let amax = 0;
    for (const x of a) amax = Math.max(amax, x);
    for (let j = 0; j < cols; j++) {
      let exact = 0;
      for (let i = 0; i < rows; i++) exact += a[i]! * W[i * cols + j]!;
      // DAC: 16 bits of max|a|; ADC: 16 bits of 8 rows of max|W|
      t.true(Math.abs(y[j]! - exact) < 2e-3 * amax, `column ${j}: ${y[j]} vs ${exact}`);
    }
  }
  t.deepEqual([...em.mvm(new Float64Array(rows), cols, { kind: 'abs_max' })], new Array(cols).fill(0));
});
