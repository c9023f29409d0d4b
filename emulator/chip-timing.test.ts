// Multi-tile pipeline timing against the analytic count (docs/emulator.md, Timing and Links).
//
// Three 4x4 tiles (4-bit signed PWM at 1 GHz, flash ADCs, no S&H: latency L = 10 cycles,
// II = 10) chained by links of latency 2 cycles and width 8 bits. A link carries 4 lanes of
// 4-bit codes (the receiving DACs' range -7..7): ceil(16 / 8) - 1 = 1 transfer cycle; the
// codes reach the next tile 2 + 1 = 3 cycles after they leave, and enter it at the next edge
// (its input register: one hand-over, as a vector driven at time 0 enters at 1 ns), so
// D = 4 cycles from a tile's output to the next tile's entry. Arrivals are II apart, so no
// tile stalls and, for vector j at tile i (all driven at time 0):
//   exit(i, j) = 1 + L + j II + i (D + L)  cycles
// k = 5 vectors: the last leaves tile 2 at 1 + 10 + 40 + 2 (4 + 10) = 79 cycles.
import test from 'ava';
import { checkText } from '../test/helpers.js';
import { Simulator } from './simulator.js';
import { flashTile } from './test-designs.js';

const SRC = `
clock clk = 1 GHz;
${flashTile()}
chip c {
  clock = clk;
  t p[3];
  link p[0] -> p[1] { latency = 2 cycles; width = 8 bit; }
  link p[1] -> p[2] { latency = 2 cycles; width = 8 bit; }
}`;

const NS = 1_000_000n;

test('k vectors through a 3-tile pipeline: every exit at 1 + L + j II + i (D + L) cycles', (t) => {
  const r = checkText(SRC);
  t.truthy(r.result.design, r.text);
  const chip = r.result.design!.chips[0]!;
  const sim = new Simulator(chip, { seed: 1, tInference: 0 });
  const W = new Float64Array(16).map((_, i) => ((i * 7) % 5) / 4 - 0.5);
  for (const tile of chip.tiles) sim.program(tile.path, W);
  const k = 5;
  sim.drive('p[0]', Array.from({ length: k }, (_, j) => [7, -3, j, 2]));
  sim.run();
  const L = 10n;
  const II = 10n;
  const D = 4n;
  const first = sim.read('p[0]');
  t.is(first.length, k);
  t.is(first[0]!.enteredFs, 1n * NS, 'driven at 0, entered at the first edge');
  const start = 0n;
  for (let i = 0; i < 3; i++) {
    const outs = sim.read(`p[${i}]`);
    t.is(outs.length, k, `tile ${i}`);
    for (let j = 0; j < k; j++) {
      const want = start + (1n + L + BigInt(j) * II + BigInt(i) * (D + L)) * NS;
      t.is(outs[j]!.exitFs, want, `tile ${i}, vector ${j}: ${Number(outs[j]!.exitFs - start) / 1e6} cycles, expected ${Number(want - start) / 1e6}`);
    }
  }
  t.is(Number(sim.read('p[2]')[k - 1]!.exitFs - start) / 1e6, 79);
});
