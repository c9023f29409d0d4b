// Word-line switching (the crossbar's e_wl, wl_switch), integration steps (integrator e_step)
// and ADC conversion steps (sar e_step) in a tile: the energies NeuRRAM's Fig. 12b calls "WL
// switching" and "neuron ops + control" (chips.md §5.D; models/pulse-events.ts).
import test from 'ava';
import { runPulsedTile } from './pulsed-tile.js';

// 4 rows x 2 weight columns; 3 magnitude bits in one slice of 7 integration steps, 10 ns pulses.
function run(crossbarExtra: string, integExtra = '', adcExtra = '') {
  const sim = runPulsedTile({
    dacs: 't_pulse = 10 ns; power = 0 W;', crossbar: crossbarExtra, integ: integExtra,
    adcs: `sar adcs[2] { bits = 6; out_bound = 4; e_conv = 1 pJ; ${adcExtra} }`,
  });
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
