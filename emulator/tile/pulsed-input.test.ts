// Pulse-count bit-serial inputs (t_pulse > 0, NeuRRAM: chips.md §4, §5.D): a digit d is
// applied as |d| read pulses of t_pulse at v_read, one per integration step, so a row's
// array energy is v_read^2 G_row t_pulse |d| instead of (x v_read)^2 G_row t_window. The
// outputs (codes) do not change.
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { Simulator } from '../simulator.js';

// 4 rows x 2 weight columns of 1 uS / 4 uS cells, every weight 1: each row holds one 4 uS and
// one 1 uS cell per column, G_row = 2 x 5 uS = 10 uS. 3 magnitude bits in one slice (digit =
// |c|, 7 integration steps of 10 ns), 0.5 V.
function run(tPulse: string) {
  const src = `clock clk = 100 MHz;
device d : ideal { g_min = 1 uS; g_max = 4 uS; }
tile t {
  clock = clk;
  bit_serial dacs[4] { bits = 4; bits_per_cycle = 3; t_cycle = 10 ns; v_read = 0.5 V; t_pulse = ${tPulse}; }
  crossbar array { rows = 4; cols = 2; cell = differential(d); out_noise = 0; }
  integrator integ[2] { t_integrate = 70 ns; }
  flash adcs[2] { bits = 6; out_bound = 4; }
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
  const input = stages.find((s) => s.stats.energyBy?.['array'] !== undefined)!;
  return { codes: sim.read('t').map((o) => [...o.values]), array: input.stats.energyBy!['array']!, latency: sim.read('t')[0]!.exitFs - sim.read('t')[0]!.enteredFs };
}

test('t_pulse: array energy = v_read^2 G_row t_pulse x pulses (|7| + |-3| + 0 + |5| = 15 pulses)', (t) => {
  const r = run('10 ns');
  const expected = 0.5 ** 2 * 10e-6 * 10e-9 * 15; // 0.375 pJ
  t.true(Math.abs(r.array / expected - 1) < 1e-9, `${r.array}`);
});

test('t_pulse = 0 (default): the level x v_read is held for the integrator window', (t) => {
  const r = run('0 s');
  const expected = 0.5 ** 2 * 10e-6 * 70e-9 * (49 + 9 + 0 + 25) / 49; // Σ (d/7)^2 = 83/49
  t.true(Math.abs(r.array / expected - 1) < 1e-9, `${r.array}`);
});

test('t_pulse changes only the energy: same codes and latency', (t) => {
  const a = run('0 s');
  const b = run('10 ns');
  t.deepEqual(b.codes, a.codes);
  t.is(b.latency, a.latency);
  t.notDeepEqual(a.codes, [[0, 0]]);
});
