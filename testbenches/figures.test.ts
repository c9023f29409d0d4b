// Whole-chip figures: ops (a MAC = 2 ops), peak TOPS (sum of ops per MVM x throughput),
// TOPS/W = ops / energy, TOPS/mm2 over the whole chip's area, latency per inference through
// a pipeline, the bottleneck throughput, the arrays' utilisation; and the same on a real run.
import test from 'ava';
import { checkText } from '../test/helpers.js';
import { chipFigures } from './figures.js';
import { runTestbench } from './run.js';
import type { TileSummary } from './summary.js';

const src = `
clock clk = 1 GHz;
dac pwm4 : pwm { bits = 4; t_lsb = 1 ns; }
adc flash6 : flash { bits = 6; out_bound = 4; }
tile t {
  clock = clk;
  pwm4 dacs[4];
  crossbar array { rows = 4; cols = 4; cell = differential(ideal); out_noise = 0; }
  flash6 adcs[4];
  connect dacs -> array -> adcs;
}
chip c {
  clock = clk;
  t s[3];
  link s[0] -> s[1] { width = 32 bit; latency = 2 cycles; }
}
testbench tb for c {
  seed = 1;
  program s[0] with random_weights(-1, 1);
  program s[1] with random_weights(-1, 1);
  drive s[0] with random_codes(10);
  run until idle;
}
`;

function tile(path: string, o: { vectors: number; throughput: number; energy: number; busy: number; first: [number, number] }): TileSummary {
  return {
    path, vectors: o.vectors, latency: o.first[1] - o.first[0], throughput: o.throughput, energyPerMvm: o.energy / o.vectors, leakagePower: 0, leakage: 0, leakageBy: [], simTime: 0,
    opsPerMvm: 32, topsPerWatt: null, tops: (32 * o.throughput) / 1e12, area: 0, areaBy: [], topsPerMm2: null, crossbar: 'array',
    window: null, stall: 0, timeline: [{ vector: 0, entered: o.first[0], exit: o.first[1] }], errMax: null, errRms: null, fullScale: null,
    components: [
      { name: 'array', energy: o.energy / 2, busy: o.busy, tokens: o.vectors, stall: 0, utilisation: null },
      { name: 'adcs', energy: o.energy / 2, busy: 0, tokens: o.vectors, stall: 0, utilisation: null },
    ],
  };
}

test('figures from summaries, by hand: 2 tiles of a 3-tile chip in a pipeline', (t) => {
  const r = checkText(src);
  t.deepEqual(r.codes, [], r.text);
  const chip = r.result.design!.chips[0]!;
  const a = tile('s[0]', { vectors: 10, throughput: 1e8, energy: 4e-12, busy: 40e-9, first: [0, 10e-9] });
  const b = tile('s[1]', { vectors: 10, throughput: 5e7, energy: 2e-12, busy: 60e-9, first: [12e-9, 20e-9] });
  const f = chipFigures(chip, [a, b], 200e-9);
  t.is(f.tiles, 3);
  t.is(f.activeTiles, 2);
  t.is(f.ops, 2 * 10 * 32, 'a MAC is 2 ops: 2 x 4 x 4 per MVM');
  t.true(Math.abs(f.energy - 6e-12) < 1e-24);
  t.true(Math.abs(f.topsPerWatt! - 640 / 6e-12 / 1e12) < 1e-9, 'ops / energy');
  t.true(Math.abs(f.tops! - (32 * 1e8 + 32 * 5e7) / 1e12) < 1e-15, 'sum over the tiles of ops per MVM x throughput');
  t.true(Math.abs(f.topsPerMm2! - f.tops! / (f.area.area * 1e6)) < 1e-12);
  t.true(Math.abs(f.latencyPerInference! - 20e-9) < 1e-21, 'vector 0: enters s[0] at 0, leaves s[1] at 20 ns');
  t.is(f.throughput, 5e7, 'the slower tile');
  t.true(Math.abs(f.utilisation! - 100e-9 / (3 * 200e-9)) < 1e-12, 'arrays busy / (3 tiles x run time)');
  t.deepEqual(f.topEnergy.map((e) => e.name), ['adcs', 'array']);
  t.true(Math.abs(f.topEnergy[0]!.share - 0.5) < 1e-12);
});

test('figures of a real run: consistent with the per-tile summaries; the same run, the same figures', async (t) => {
  const r = checkText(src);
  const tb = r.result.design!.testbenches[0]!;
  const run = await runTestbench(tb);
  t.deepEqual(run.diagnostics, []);
  const f = chipFigures(tb.target, run.tiles, Number(run.simulatedFs) / 1e15);
  const s0 = run.tiles.find((x) => x.path === 's[0]')!;
  const s1 = run.tiles.find((x) => x.path === 's[1]')!;
  t.is(s0.vectors, 10);
  t.is(s1.vectors, 10);
  t.is(f.ops, 2 * 10 * 2 * 4 * 4);
  const energy = [...run.tiles].reduce((a, x) => a + x.energyPerMvm! * x.vectors, 0);
  t.true(Math.abs(f.topsPerWatt! - f.ops / energy / 1e12) < 1e-9 * f.topsPerWatt!);
  t.true(Math.abs(s0.tops! - (32 * s0.throughput!) / 1e12) < 1e-15);
  // utilisation per component = busy / (last exit - first entry) of the tile
  const win = s0.window!;
  t.true(win > 0);
  for (const c of s0.components) t.true(Math.abs(c.utilisation! - c.busy / win) < 1e-12, c.name);
  // vector 0 goes through s[0], the link, then s[1]
  const v0 = (x: TileSummary) => x.timeline.find((e) => e.vector === 0)!;
  t.true(Math.abs(f.latencyPerInference! - (v0(s1).exit - v0(s0).entered)) < 1e-21);
  t.true(v0(s1).entered >= v0(s0).exit);
  const again = chipFigures(tb.target, (await runTestbench(tb)).tiles, Number(run.simulatedFs) / 1e15);
  t.deepEqual(again, f);
});
