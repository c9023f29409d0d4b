// Word-line switching (the crossbar's e_wl, wl_switch), integration steps (integrator e_step)
// and ADC conversion steps (sar e_step) in a tile: the energies NeuRRAM's Fig. 12b calls "WL
// switching" and "neuron ops + control" (chips.md §5.D; models/pulse-events.ts).
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { Simulator } from '../simulator.js';

// 4 rows x 2 weight columns; 3 magnitude bits in one slice of 7 integration steps, 10 ns pulses.
function run(crossbarExtra: string, integExtra = '', adcExtra = '') {
  const src = `clock clk = 100 MHz;
device d : ideal { g_min = 1 uS; g_max = 4 uS; }
tile t {
  clock = clk;
  bit_serial dacs[4] { bits = 4; bits_per_cycle = 3; t_cycle = 10 ns; v_read = 0.5 V; t_pulse = 10 ns; power = 0 W; }
  crossbar array { rows = 4; cols = 2; cell = differential(d); out_noise = 0; ${crossbarExtra} }
  integrator integ[2] { t_integrate = 70 ns; ${integExtra} }
  sar adcs[2] { bits = 6; out_bound = 4; e_conv = 1 pJ; ${adcExtra} }
  shift_add sa[2];
  connect dacs -> array -> integ -> adcs -> sa;
}
testbench tb for t { run until idle; }`;
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  const sim = Simulator.forDesign(r.result.design, { seed: 1, tInference: 0 });
  sim.program('t', new Float64Array(8).fill(1));
  sim.drive('t', [[7, -3, 0, 5]]);
  sim.run();
  const stages = sim.tile('t').built.stages;
  const by = (n: string) => stages.find((s) => s.name.endsWith(`.${n}`))!.stats.energy;
  const input = stages.find((s) => s.stats.energyBy?.['array'] !== undefined)!;
  return { wl: input.stats.energyBy!['wl_switching'] as number | undefined, integ: by('integ'), adcs: by('adcs'), codes: sim.read('t').map((o) => [...o.values]) };
}

const near = (a: number | undefined, b: number) => a !== undefined && Math.abs(a / b - 1) < 1e-9;

test('e_wl, wl_switch = pulse: one switching per read pulse (|7| + |-3| + 0 + |5| = 15 pulses x 2 pJ)', (t) => {
  const r = run('e_wl = 2 pJ;');
  t.true(near(r.wl, 15 * 2e-12), `${r.wl}`);
});

test('e_wl, wl_switch = bit: one switching per input bit per row (4 rows x 3 bits x 2 pJ)', (t) => {
  const r = run('e_wl = 2 pJ; wl_switch = bit;');
  t.true(near(r.wl, 12 * 2e-12), `${r.wl}`);
});

test('e_wl = 0 (default): no word-line component, and the codes do not depend on e_wl', (t) => {
  const a = run('');
  const b = run('e_wl = 2 pJ;');
  t.true(a.wl === undefined);
  t.deepEqual(b.codes, a.codes);
});

test('integrator e_step: e_op + 7 steps x e_step per lane (2 lanes: 2 x (0.1 + 7 x 0.25) pJ)', (t) => {
  const r = run('', 'e_op = 0.1 pJ; e_step = 0.25 pJ;');
  t.true(near(r.integ, 2 * (0.1e-12 + 7 * 0.25e-12)), `${r.integ}`);
  t.true(near(run('', 'e_op = 0.1 pJ;').integ, 2 * 0.1e-12)); // default e_step = 0: e_op only
});

test('sar e_step: e_conv + bits x e_step per conversion (2 conversions x (1 + 6 x 0.5) pJ)', (t) => {
  const r = run('', '', 'e_step = 0.5 pJ;');
  t.true(near(r.adcs, 2 * (1e-12 + 6 * 0.5e-12)), `${r.adcs}`);
  t.true(near(run('').adcs, 2 * 1e-12));
});
