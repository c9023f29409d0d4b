// The `aihwkit` presets (dsl/lib/presets.xbar) are aihwkit's InferenceRPUConfig defaults: with
// the devices made ideal and the output noise off, periphery.md §2.3's example comes out as
// aihwkit computes it: 64 ones x weight 1 -> 65.13 (ideal 64), after iterative bound
// management with ABS_MAX noise management; and the drift is compensated globally.
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { Simulator } from '../simulator.js';

const src = (array: string) => `
import "xbar/presets";
clock clk = 1 GHz;
tile t {
  clock = clk;
  aihwkit.inputs dacs[64];
  aihwkit.mvm array { rows = 64; cols = 1; ${array} }
  aihwkit.outputs adcs[1];
  connect dacs -> array -> adcs;
}
testbench tb for t { run until idle; }`;

function run(array: string, codes: number[], tInference = 0) {
  const r = checkText(src(array));
  if (!r.result.design) throw new Error(r.text);
  const sim = Simulator.forDesign(r.result.design, { seed: 3, tInference });
  sim.program('t', new Float64Array(64).fill(1));
  sim.drive('t', [codes]);
  sim.run();
  return sim.read('t')[0]!;
}

test('aihwkit presets: the §2.3 example gives 65.13 (12.0 would be the clipped value without bound management)', (t) => {
  const step = 24 / 510;
  const out = run('cell = differential(ideal); out_noise = 0;', new Array(64).fill(63));
  t.true(Math.abs(out.values[0]! * step - 65.13) < 0.005, `${out.values[0]! * step}`);
  t.true(Math.abs(out.ideal[0]! * step - 64) < 1e-9);
  const halves = run('cell = differential(ideal); out_noise = 0;', new Array(64).fill(20));
  // ABS_MAX noise management scales 20 to full scale (63) and back: the same 65.13 times 20/63
  t.true(Math.abs(halves.values[0]! * step - 65.13 * 20 / 63) < 0.01, `${halves.values[0]! * step}`);
});

test('aihwkit presets: with PCM drift at one year the output falls to ~half; global drift compensation restores it', (t) => {
  const codes = new Array(64).fill(10);
  const ratio = (array: string) => {
    const o = run(array, codes, 365 * 86400);
    return o.values[0]! / o.ideal[0]!;
  };
  const comp = ratio('out_noise = 0;');
  const off = ratio('out_noise = 0; drift_compensation = none;');
  t.log(`one year: output / ideal ${comp.toFixed(3)} compensated, ${off.toFixed(3)} uncompensated`);
  t.true(Math.abs(off - 0.5) < 0.1, `${off}`);
  t.true(Math.abs(comp - 1) < 0.1, `${comp}`);
});
