// Stall time (emulator/tile/stage.ts): how long a stage holds a finished result (`valid`)
// while its consumer is not `ready`, against hand derivations on the tiles of timing.test.ts
// (1 GHz clock, PWM DACs with a 7 ns window for code 7, a 4 x 4 array).
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { summaryText } from '../../cli/report.js';
import { runTestbench } from '../../testbenches/run.js';
import { summarise } from '../../testbenches/summary.js';
import { Simulator } from '../simulator.js';
import { arrayTile, HAND_W } from '../test-designs.js';

const NS = 1_000_000n;
const W = HAND_W;
const PWM = 'pwm dacs[4] { bits = 4; t_lsb = 1 ns; }';
const SAR = 'sar adcs[1] { bits = 6; mux = 4; f_sample = 500 MHz; out_bound = 4; }';

function run(components: string, chain: string, vectors: number) {
  const src = arrayTile(components, chain);
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  const sim = Simulator.forDesign(r.result.design, { seed: 1, tInference: 0 });
  sim.program('t', W);
  sim.drive('t', Array.from({ length: vectors }, () => [7, 7, -7, -7]));
  sim.run();
  const tile = sim.tile('t');
  // The source's stall is the driven vectors waiting to enter: not a component's.
  const stages = tile.built.stages.filter((s) => !s.name.endsWith('.source'));
  return {
    stall: Object.fromEntries(stages.map((s) => [s.name.split('.').pop()!, Number(s.stats.stallFs / NS)])),
    summary: summarise(sim, tile),
  };
}

// S&H between the array and a SAR shared 4 ways at 500 MHz (timing.test.ts: latency 19, II 9).
// The input stage holds the next vector, so the array hands vector k to the S&H at the end of
// its window plus a hand-over: result valid at 8 + 8k; the S&H takes it at the next edge and
// settles one cycle: valid at 10 + 8k. The ADC converts for 4 x 2 ns and hands over in one
// cycle: it takes vector k at 11 + 9k and is ready for it from 10 + 9k (its conversion of
// vector k - 1 done). So the S&H holds vector k for (10 + 9k) - (10 + 8k) = k cycles, as long
// as it is empty when the array's result comes (freed at 2 + 9k <= 8 + 8k, i.e. k <= 6): over
// n <= 7 vectors it stalls 0 + 1 + ... + (n - 1) = n (n - 1) / 2 ns; the array never waits.
test('S&H before a slower shared SAR: vector k waits k cycles for the ADC; n (n - 1) / 2 in all', (t) => {
  for (const n of [1, 2, 4, 7]) {
    const r = run(`${PWM} sample_hold sh[4]; ${SAR}`, 'dacs -> array -> sh -> adcs', n);
    t.deepEqual(r.stall, { array: 0, sh: (n * (n - 1)) / 2, adcs: 0, sink: 0 }, `${n} vectors`);
    const sh = r.summary.components.find((c) => c.name === 'sh')!;
    t.true(Math.abs(sh.stall - ((n * (n - 1)) / 2) * 1e-9) < 1e-18, `${sh.stall} s`);
    t.is(r.summary.stall, sh.stall, 'the tile: the sum over its stages');
  }
});

test('no back-pressure: the converter and the sink are always ready in time, no stall', (t) => {
  // flash (timing.test.ts: latency 10, II 10): the array is held until the ADC is done, and the
  // ADC's result leaves at the next edge (the sink is always ready)
  const flash = run(`${PWM} flash adcs[4] { bits = 4; out_bound = 4; }`, 'dacs -> array -> adcs', 4);
  t.deepEqual(flash.stall, { array: 0, adcs: 0, sink: 0 });
  t.is(flash.summary.stall, 0);
  t.true(flash.summary.components.every((c) => c.stall === 0));
  // the SAR without a S&H: the array waits busy (holding the rows), never with a result held
  const held = run(`${PWM} ${SAR}`, 'dacs -> array -> adcs', 4);
  t.deepEqual(held.stall, { array: 0, adcs: 0, sink: 0 });
});

test('the text summary shows the stall per MVM only when there is one', async (t) => {
  const text = async (adc: string, sh: boolean) => {
    const src = `clock clk = 1 GHz;
tile t { clock = clk; ${PWM} ${sh ? 'sample_hold sh[4];' : ''} ${adc}
  crossbar array { rows = 4; cols = 4; cell = differential(ideal); out_noise = 0; }
  connect dacs -> array -> ${sh ? 'sh -> ' : ''}adcs; }
testbench tb for t { program t with random_weights(-1, 1); drive t with random_codes(4, lo = 7, hi = 7); run until idle; }`;
    const r = checkText(src);
    if (!r.result.design) throw new Error(r.text);
    return summaryText(await runTestbench(r.result.design.testbenches[0]!), 'x.xbar', 0);
  };
  // 4 vectors: 0 + 1 + 2 + 3 = 6 ns in the S&H, 1.5 ns per MVM
  t.regex(await text(SAR, true), /\n {4}stall per MVM {5}sh 1\.5 ns\n/);
  t.notRegex(await text(SAR, false), /stall/);
});
