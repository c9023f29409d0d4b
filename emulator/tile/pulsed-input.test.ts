// Pulse-count bit-serial inputs (t_pulse > 0, NeuRRAM: chips.md §4, §5.D): a digit d is
// applied as |d| read pulses of t_pulse at v_read, one per integration step, so a row's
// array energy is v_read^2 G_row t_pulse |d| instead of (x v_read)^2 G_row t_window. The
// outputs (codes) do not change.
import test from 'ava';
import { runPulsedTile } from './pulsed-tile.js';

// 4 rows x 2 weight columns of 1 uS / 4 uS cells, every weight 1: each row holds one 4 uS and
// one 1 uS cell per column, G_row = 2 x 5 uS = 10 uS. 3 magnitude bits in one slice (digit =
// |c|, 7 integration steps of 10 ns), 0.5 V.
function run(tPulse: string) {
  const sim = runPulsedTile({ dacs: `t_pulse = ${tPulse};`, adcs: 'flash adcs[2] { bits = 6; out_bound = 4; }' });
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
