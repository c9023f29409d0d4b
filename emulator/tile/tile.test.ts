// Timing and values of whole tiles, against hand-computed results.
//
// Timing rules (emulator/tile/stage.ts): a token moves between stages at a clock edge where
// the producer's valid and the consumer's ready were both 1 (one cycle per hand-over); a
// stage busy for d frees its result at the first edge at or after start + d. The analytic
// counts below follow from those rules and are written out in each test.
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import type { ChipIR } from '../../dsl/ir/nodes.js';
import { Simulator } from '../simulator.js';
import { HAND_W } from '../test-designs.js';

const NS = 1_000_000n; // one 1 GHz cycle in fs

function chipOf(src: string): ChipIR {
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  return r.result.design.testbenches[0]!.target;
}

const W = HAND_W;

const TINY = (extra: string, chain = 'dacs -> array -> adcs', adc = 'flash6 adcs[4];') => `
clock clk = 1 GHz;
dac pwm4 : pwm { bits = 4; t_lsb = 1 ns; v_read = 0.2 V; }
adc flash6 : flash { bits = 6; out_bound = 4; }
tile t {
  clock = clk;
  pwm4 dacs[4];
  crossbar array { rows = 4; cols = 4; cell = differential(ideal); out_noise = 0; }
  ${adc}
  ${extra}
  connect ${chain};
}
testbench tb for t { run until idle; }`;

test('4x4 ideal tile: exact ADC codes (round half to even) and ideal values', (t) => {
  const sim = new Simulator(chipOf(TINY('')), { seed: 1, tInference: 0 });
  sim.program('t', W);
  sim.drive('t', [[7, 0, 0, 0], [7, 7, -7, -7], [1, 2, 3, 4]]);
  sim.run();
  const out = sim.read('t');
  // step = 2 * 4 / (2^6 - 2) = 8/62; y = W^T x with x = codes / 7.
  // v0: x = e0 -> y = (1, .5, 0, -.5) -> y/step = (7.75, 3.875, 0, -3.875) -> (8, 4, 0, -4)
  // v1: y = (2, 2, -2, -2) -> 15.5 each -> half to even -> 16
  // v2: y = (0, 1/7, 4/7, 5/7)... -> (0, 1.107, 4.429, 5.536) -> (0, 1, 4, 6)
  t.deepEqual(out.map((o) => [...o.values]), [[8, 4, 0, -4], [16, 16, -16, -16], [0, 1, 4, 6]]);
  t.deepEqual([...out[0]!.ideal], [7.75, 3.875, 0, -3.875]);
});

test('4x4 tile without sample-and-hold: latency 10 cycles, initiation interval 10 cycles', (t) => {
  const sim = new Simulator(chipOf(TINY('')), { seed: 1, tInference: 0 });
  sim.program('t', W);
  sim.drive('t', [[1, 2, 3, 4], [4, 3, 2, 1], [7, 7, 7, 7], [0, 0, 0, 1]]);
  sim.run();
  const out = sim.read('t');
  // Vector 0 enters at edge 1 (the source shows it at 0). PWM window = 7 codes * 1 ns = 7
  // cycles (until 8); hand-over to the ADC at 9; flash conversion 1 cycle (until 10);
  // hand-over to the sink at 11: latency 10.
  t.is(out[0]!.enteredFs, 1n * NS);
  t.is(out[0]!.exitFs, 11n * NS);
  // The flash ADC samples the live array: the DAC may only drive the next vector after
  // the ADC released the array (at 10), seen at the next edge (11): one vector per 10 cycles.
  t.deepEqual(out.map((o) => o.exitFs / NS), [11n, 21n, 31n, 41n]);
});

test('with a sample-and-hold the tile pipelines: latency 12, initiation interval 8 (latency + (k-1) * II)', (t) => {
  const chip = chipOf(TINY('sample_hold sh[4];', 'dacs -> array -> sh -> adcs'));
  const sim = new Simulator(chip, { seed: 1, tInference: 0 });
  sim.program('t', W);
  const k = 6;
  sim.drive('t', Array.from({ length: k }, (_, i) => [i % 8, -(i % 8), 1, 0]));
  sim.run();
  const out = sim.read('t');
  // Window 7 (until 8) -> S&H at 9, t_sample 1 cycle (until 10) -> ADC at 11, 1 cycle
  // (until 12) -> sink at 13: latency 12 from entry at 1. The array is free once the S&H
  // took the sample (9), so the next vector's window starts at 9: II = 7 + 1 = 8.
  const L = 12n;
  const II = 8n;
  t.deepEqual(out.map((o) => o.exitFs / NS), Array.from({ length: k }, (_, i) => 1n + L + BigInt(i) * II));
  t.deepEqual(out.map((o) => o.vector), [0, 1, 2, 3, 4, 5]);
});

test('back-pressure: a slow ADC stalls the DAC; nothing is lost, duplicated or reordered', (t) => {
  const slow = TINY('sample_hold sh[4];', 'dacs -> array -> sh -> adcs', 'sar8 adcs[1] { mux = 4; }').replace(
    'adc flash6',
    'adc sar8 : sar { bits = 6; out_bound = 4; f_sample = 200 MHz; e_conv = 1 pJ; area = 100 um2; }\nadc flash6',
  );
  const sim = new Simulator(chipOf(slow), { seed: 1, tInference: 0 });
  sim.program('t', W);
  const vectors = Array.from({ length: 10 }, (_, i) => [(i * 3) % 15 - 7, (i * 5) % 15 - 7, (i * 7) % 15 - 7, (i * 11) % 15 - 7]);
  sim.drive('t', vectors);
  sim.run();
  const out = sim.read('t');
  t.deepEqual(out.map((o) => o.vector), vectors.map((_, i) => i));
  // Each token is 4 conversions of 5 ns by one ADC (mux 4): 20 cycles. The ADC is ready
  // again the edge after it finished, and takes the held sample one edge later: II = 21.
  const gaps = out.slice(1).map((o, i) => (o.exitFs - out[i]!.exitFs) / NS);
  t.deepEqual(gaps, Array(9).fill(21n));
  // Each output equals the same vector run alone.
  for (let i = 0; i < vectors.length; i++) {
    const alone = new Simulator(chipOf(slow), { seed: 1, tInference: 0 });
    alone.program('t', W);
    alone.drive('t', [vectors[i]!]);
    alone.run();
    t.deepEqual([...out[i]!.values], [...alone.read('t')[0]!.values], `vector ${i}`);
  }
});

test('same seed, same outputs; another seed, other noise', (t) => {
  const noisy = TINY('').replace('cell = differential(ideal); out_noise = 0;', 'cell = differential(pcm_like); out_noise = 0.06;');
  const run = (seed: number) => {
    const sim = new Simulator(chipOf(noisy), { seed, tInference: 3600 });
    sim.program('t', W);
    sim.drive('t', [[7, 0, 0, 0], [3, -3, 5, -5], [1, 2, 3, 4]]);
    sim.run();
    return sim.read('t').map((o) => [...o.values]);
  };
  t.deepEqual(run(5), run(5));
  t.notDeepEqual(run(5), run(6));
});

test('DAC input noise: the analog result moves by input_noise * ||w_j|| (rms), the ideal one not at all', (t) => {
  // Column j of W has ||w_j||^2 = 1 + .25 + 0 + .25 = 1.5; with sigma_in = 0.1 the pre-ADC
  // error is N(0, 0.01 * 1.5) in full-scale units. A 14-bit flash ADC (step 8/16382) reads it
  // with negligible quantisation error; 400 vectors give the rms within a few percent.
  const noisy = TINY('', 'dacs -> array -> adcs', 'adc14 adcs[4];')
    .replace('pwm { bits = 4;', 'pwm { bits = 4; input_noise = 0.1;')
    .replace('adc flash6 : flash { bits = 6; out_bound = 4; }', 'adc adc14 : flash { bits = 14; out_bound = 4; }');
  const sim = new Simulator(chipOf(noisy), { seed: 3, tInference: 0 });
  sim.program('t', W);
  const vectors = Array.from({ length: 400 }, (_, i) => [i % 15 - 7, (3 * i) % 15 - 7, (5 * i) % 15 - 7, (7 * i) % 15 - 7]);
  sim.drive('t', vectors);
  sim.run();
  const step = 8 / (2 ** 14 - 2);
  let se = 0;
  let n = 0;
  for (const o of sim.read('t')) {
    for (let j = 0; j < 4; j++) {
      se += ((o.values[j]! - o.ideal[j]!) * step) ** 2;
      n++;
    }
  }
  const rms = Math.sqrt(se / n);
  t.log(`rms error ${rms.toFixed(4)} (expected ${(0.1 * Math.sqrt(1.5)).toFixed(4)})`);
  t.true(Math.abs(rms / (0.1 * Math.sqrt(1.5)) - 1) < 0.08, `rms ${rms}`);
  // without input noise the same vectors are exact up to quantisation
  const quiet = new Simulator(chipOf(noisy.replace('input_noise = 0.1;', '')), { seed: 3, tInference: 0 });
  quiet.program('t', W);
  quiet.drive('t', vectors);
  quiet.run();
  for (const o of quiet.read('t')) for (let j = 0; j < 4; j++) t.true(Math.abs(o.values[j]! - o.ideal[j]!) <= 0.5);
});
