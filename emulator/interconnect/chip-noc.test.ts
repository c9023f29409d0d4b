// A 2 x 2 chip whose links share a bus or a mesh channel, through the Simulator, against the
// analytic count (docs/emulator.md, Links and interconnect).
//
// Tiles as in emulator/chip-timing.test.ts: 4 x 4, 4-bit signed PWM at 1 GHz, flash ADCs, no
// S&H: latency L = 10 cycles, II = 10. Vector j leaves c[0][0] at E_j = 1 + L + j II =
// 11 + 10 j cycles. c[0][0] sends every output over two links, declared in this order:
// to c[1][1] (transfer 1) and to c[1][0] (transfer 2). A transfer is 4 lanes x 4 bits = 16 bits:
// F = ceil(16 / 8) = 2 flits at noc_width 8; hop_latency H = 2. A transfer delivered at cycle d
// enters its tile at d + 1 (its input register) and leaves it at d + 1 + L.
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { Simulator } from '../simulator.js';
import { flashTile } from '../test-designs.js';

const tiles = `
clock clk = 1 GHz;
${flashTile()}`;

function chip(params: string): string {
  return `${tiles}
chip c {
  clock = clk;
  ${params}
  t c[2][2];
  link c[0][0] -> c[1][1] { latency = 2 cycles; width = 8 bit; }
  link c[0][0] -> c[1][0] { latency = 2 cycles; width = 8 bit; }
}`;
}

const NS = 1_000_000n;
const K = 4;

function run(src: string): Simulator {
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  const c = r.result.design.chips[0]!;
  const sim = new Simulator(c, { seed: 1, tInference: 0 });
  const W = new Float64Array(16).map((_, i) => ((i * 7) % 5) / 4 - 0.5);
  for (const tile of c.tiles) sim.program(tile.path, W);
  sim.drive('c[0][0]', Array.from({ length: K }, (_, j) => [7, -3, j, 2]));
  sim.run();
  return sim;
}

function exits(sim: Simulator, path: string): number[] {
  return sim.read(path).map((o) => Number(o.exitFs / NS));
}

const E = (j: number) => 11 + 10 * j;
const ks = Array.from({ length: K }, (_, j) => j);

test('mesh: two links share the channel (0,0)->(1,0); the second waits F = 2 cycles per vector', (t) => {
  // Mesh c[x][y] at (x, y); XY routes: to c[1][1] (0,0)->(1,0)->(1,1), h = 2; to c[1][0]
  // (0,0)->(1,0), h = 1. Both inject at E_j, same source: link order. Transfer 1 holds
  // (0,0)->(1,0) for cycles E, E+1, then (1,0)->(1,1) from E + 2: delivered E + 2 + F - 1 + H =
  // E + 5 (= 2 H + F - 1, uncontended). Transfer 2 waits for (0,0)->(1,0) until E + 2 (stall
  // 2 = F), delivered E + 2 + 1 + 2 = E + 5 (uncontended: E + 3). Both tiles leave at
  // E + 5 + 1 + 10 = 27 + 10 j (c[1][0] would leave at 25 + 10 j without the contention).
  const sim = run(chip('interconnect = mesh; noc_width = 8 bit; hop_latency = 2 cycles; e_hop = 81 fJ/bit; e_bit = 10 fJ/bit;'));
  t.deepEqual(exits(sim, 'c[0][0]'), ks.map(E));
  t.deepEqual(exits(sim, 'c[1][1]'), ks.map((j) => E(j) + 16));
  t.deepEqual(exits(sim, 'c[1][0]'), ks.map((j) => E(j) + 16));
  t.deepEqual(exits(sim, 'c[0][1]'), []);
  const s = sim.interconnect;
  t.is(s.kind, 'mesh');
  t.is(s.links.get('c[0][0]->c[1][0]')!.stallCycles, 2 * K);
  t.is(s.links.get('c[0][0]->c[1][1]')!.stallCycles, 0);
  t.is(s.tiles.get('c[0][0]')!.stallCycles, 2 * K);
  t.deepEqual(s.channels.get('(0,0)->(1,0)'), { busy: 2 * 2 * K, stall: 2 * K, transfers: 2 * K });
  t.deepEqual(s.channels.get('(1,0)->(1,1)'), { busy: 2 * K, stall: 0, transfers: K });
  // Energy per transfer = bits (e_bit links + e_hop hops): 16 x 2 x 91 fJ + 16 x 1 x 91 fJ per vector.
  t.true(Math.abs(s.total.energy - K * 16 * 3 * 91e-15) < 1e-25, `${s.total.energy}`);
  t.is(s.total.transfers, 2 * K);
});

test('bus: the two transfers of each vector take turns; the second delivered F = 2 cycles later', (t) => {
  // One channel: transfer 1 granted E, delivered E + F - 1 + H = E + 3; transfer 2 granted
  // E + 2 (stall 2), delivered E + 5. c[1][1] leaves at E + 14, c[1][0] at E + 16.
  const sim = run(chip('interconnect = bus; noc_width = 8 bit; hop_latency = 2 cycles;'));
  t.deepEqual(exits(sim, 'c[1][1]'), ks.map((j) => E(j) + 14));
  t.deepEqual(exits(sim, 'c[1][0]'), ks.map((j) => E(j) + 16));
  t.deepEqual(sim.interconnect.channels.get('bus'), { busy: 2 * 2 * K, stall: 2 * K, transfers: 2 * K });
  // Defaults: e_bit 0 (ISAAC's router energy includes its links), and a bus has no router.
  t.is(sim.interconnect.total.energy, 0);
});

test('point to point (the default): private links, no contention, link e_bit per bit', (t) => {
  // latency 2 + ceil(16 / 8) - 1 = 3 cycles on either link: both tiles leave at E + 3 + 1 + 10.
  const sim = run(chip(''));
  t.deepEqual(exits(sim, 'c[1][1]'), ks.map((j) => E(j) + 14));
  t.deepEqual(exits(sim, 'c[1][0]'), ks.map((j) => E(j) + 14));
  t.is(sim.interconnect.kind, 'point_to_point');
  t.is(sim.interconnect.total.stallCycles, 0);
  t.true(Math.abs(sim.interconnect.total.energy - 2 * K * 16 * 81e-15) < 1e-25);
});

test('a bus or mesh needs a chip clock (E3050)', (t) => {
  const r = checkText(`${tiles}
chip c {
  interconnect = mesh;
  t c[2];
  link c[0] -> c[1];
}`);
  t.is(r.result.design, null);
  t.regex(r.text, /E3050/);
});
