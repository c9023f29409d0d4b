// An ADC shared 8 ways (docs/emulator.md, Timing): 16 columns, two SAR ADCs with mux = 8 at
// 1 GHz. The ADCs work in parallel and each converts its 8 columns in turn, 1 / f_sample each.
// At 1 GHz with a 4-bit PWM (window 7 codes x 1 ns): the vector enters at edge 1, the window
// ends at 8, hand-over 9, 8 conversions until 17: latency 16 + 1 = 17 cycles; without a
// sample-and-hold the array is held meanwhile, so II = latency; with one, the ADC (8
// conversions + 1 hand-over) sets II = 9 and the latency grows by the hold's hand-over and
// settling (19). With mux = 16 (one ADC for all 16 columns) the conversions take 16 cycles:
// latency 25. k vectors leave at latency + (k - 1) II.
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { Simulator } from '../simulator.js';

const NS = 1_000_000n;

function run(adcs: string, hold: boolean, k = 4) {
  const src = `clock clk = 1 GHz;
tile t {
  clock = clk;
  pwm dacs[16] { bits = 4; t_lsb = 1 ns; }
  crossbar array { rows = 16; cols = 16; cell = differential(ideal); out_noise = 0; }
  ${hold ? 'sample_hold sh[16];' : ''}
  ${adcs}
  connect dacs -> array -> ${hold ? 'sh -> ' : ''}adcs;
}
testbench tb for t { run until idle; }`;
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  const sim = Simulator.forDesign(r.result.design, { seed: 1, tInference: 0 });
  sim.program('t', new Float64Array(256).map((_, i) => ((i * 5) % 7) / 7 - 0.4));
  sim.drive('t', Array.from({ length: k }, (_, j) => Array.from({ length: 16 }, (_, i) => ((i + j) % 15) - 7)));
  sim.run();
  const out = sim.read('t');
  return {
    latency: Number((out[0]!.exitFs - out[0]!.enteredFs) / NS),
    exits: out.map((o) => Number((o.exitFs - out[0]!.enteredFs) / NS)),
  };
}

const SAR8 = 'sar adcs[2] { bits = 6; mux = 8; f_sample = 1 GHz; out_bound = 4; }';

test('SAR ADCs shared 8 ways: 8 conversions per ADC in turn; the ADCs in parallel', (t) => {
  const r = run(SAR8, false);
  t.is(r.latency, 17);
  t.deepEqual(r.exits, [17, 34, 51, 68], 'II = latency without a sample-and-hold');
  const held = run(SAR8, true);
  t.is(held.latency, 19);
  t.deepEqual(held.exits, [19, 28, 37, 46], 'II = 8 conversions + 1 hand-over with one');
});

test('one ADC shared 16 ways takes twice the conversions of two shared 8 ways', (t) => {
  const r = run('sar adcs[1] { bits = 6; mux = 16; f_sample = 1 GHz; out_bound = 4; }', false);
  t.is(r.latency, 25);
  t.deepEqual(r.exits, [25, 50, 75, 100]);
});
