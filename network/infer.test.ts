// xbar infer's evaluation (network/infer.ts) on small networks: with ideal devices and fine
// converters the emulated chip gives the float accuracy; with PCM, drift lowers the accuracy
// over time and global drift compensation recovers part of it; placement follows `map`;
// an interrupted run returns the points it finished.
import test from 'ava';
import type { NetworkIR } from '../dsl/ir/network.js';
import { placeNetwork } from '../dsl/ir/network-placement.js';
import { checkText } from '../test/helpers.js';
import { Rng } from '../emulator/random.js';
import { placeBlocks, runInference } from './infer.js';
import { dense, network, relu } from './layers.js';

const chipSrc = (cell: string, dac: string, adc: string, xbar = '') => `
import "xbar/presets";
clock clk = 1 GHz;
tile core {
  clock = clk;
  ${dac} dacs[256];
  crossbar array { rows = 256; cols = 256; cell = differential(${cell}); ${xbar} }
  ${adc} adcs[256];
  connect dacs -> array -> adcs;
}
chip chip0 { clock = clk; core c[6]; }
`;

const NET = (deep = false) => `
network mlp on chip0 {
  input = 784;
  dense fc1 { out = ${deep ? 128 : 64}; }
  relu;${deep ? `
  dense fc2 { out = 64; }
  relu;` : ''}
  dense fc3 { out = 10; }
  train { dataset = mnist; train_samples = 2000; test_samples = 300; epochs = 3; batch = 32; lr = 0.05; momentum = 0.9; seed = 1; }
}`;

function networkOf(src: string): NetworkIR {
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  return r.result.design.networks[0]!;
}

test('ideal devices, no output noise, 16-bit converters: the emulated chip gives the float accuracy', async (t) => {
  const net = networkOf(chipSrc('ideal', 'voltage', 'flash', 'out_noise = 0;').replace('voltage dacs[256];', 'voltage dacs[256] { bits = 16; }').replace('flash adcs[256];', 'flash adcs[256] { bits = 16; out_bound = 16; }') + NET());
  const { result, diagnostics } = await runInference(net, { times: [1, 86400], repeats: 2, gdc: false, seed: 1, samples: 200 });
  t.deepEqual(diagnostics, []);
  t.log(`float ${result!.floatAccuracy}, emulated ${result!.conditions[0]!.points.map((p) => p.accuracies.join('/')).join(', ')}`);
  for (const p of result!.conditions[0]!.points) for (const a of p.accuracies) t.true(Math.abs(a - result!.floatAccuracy) <= 1 / 200, `${a} vs ${result!.floatAccuracy}`);
  t.true(result!.floatAccuracy > 0.8);
});

test('784-128-64-10 MLP on HERMES PCM: drift lowers the accuracy over a year; global drift compensation recovers part of it', async (t) => {
  const net = networkOf(chipSrc('pcm.hermes', 'dacs.hermes_pwm8', 'adcs.hermes_cco8').replace('adcs.hermes_cco8 adcs[256];', 'adcs.hermes_cco8 adcs[256] { out_bound = 8; }') + NET(true));
  const { result, diagnostics } = await runInference(net, { times: [1, 365 * 86400], repeats: 2, gdc: true, seed: 1, samples: 300 });
  t.deepEqual(diagnostics, []);
  const [plain, gdc] = result!.conditions;
  const m = (c: typeof plain, k: number) => c!.points[k]!.mean;
  t.log(`float ${result!.floatAccuracy}; no GDC ${m(plain, 0)} -> ${m(plain, 1)}; GDC ${m(gdc, 0)} -> ${m(gdc, 1)}`);
  t.true(m(plain, 1) < m(plain, 0) - 0.02, 'a year of drift costs accuracy');
  t.true(m(gdc, 1) > m(plain, 1) + 0.01, 'GDC recovers part of it');
  t.deepEqual(result!.placement.map((p) => `${p.layer}:${p.tile}:${p.rows}x${p.cols}`), ['fc1:c[0]:196x128', 'fc1:c[1]:196x128', 'fc1:c[2]:196x128', 'fc1:c[3]:196x128', 'fc2:c[4]:128x64', 'fc3:c[5]:64x10']);
});

test('placement: a `map` puts a layer on the tiles it names; the other layers take the free tiles in order', (t) => {
  const src = chipSrc('ideal', 'pwm', 'flash').replace('pwm dacs[256];', 'pwm dacs[256] { bits = 8; }').replace('flash adcs[256];', 'flash adcs[256] { bits = 8; out_bound = 8; }')
    + NET(true).replace('  train {', '  map fc2 -> c[0];\n  train {');
  const ir = networkOf(src);
  const rng = new Rng(1);
  const net = network([784], [dense(784, 128, rng), relu(), dense(128, 64, rng), relu(), dense(64, 10, rng)]);
  const placed = placeBlocks(ir, net);
  t.deepEqual(placed.placement.map((p) => `${p.layer}:${p.tile}`), ['fc1:c[1]', 'fc1:c[2]', 'fc1:c[3]', 'fc1:c[4]', 'fc2:c[0]', 'fc3:c[5]']);
});

test('an interrupted run returns the points it finished, marked interrupted', async (t) => {
  const net = networkOf(chipSrc('pcm.hermes', 'dacs.hermes_pwm8', 'adcs.hermes_cco8') + NET());
  let calls = 0;
  const { result } = await runInference(net, { times: [1, 3600, 86400], repeats: 1, gdc: false, seed: 1, samples: 50, shouldStop: () => ++calls > 4 });
  t.true(result!.interrupted);
  t.is(result!.conditions[0]!.points.length, 2, '2 slices of 25 per time: two times finished');
});

// Two kinds of tile: 256 x 256 and 128 x 128 crossbars. fc1 (784 -> 128) is mapped onto the
// large ones and split for them (4 x 196 rows); fc2 and fc3 take the small ones. (Splitting
// every layer for the smallest crossbar would make fc1 7 pieces, more than its map names.)
const MIXED = (fc1Map: string) => `
import "xbar/presets";
clock clk = 1 GHz;
tile big {
  clock = clk;
  voltage dacs[256] { bits = 16; }
  crossbar array { rows = 256; cols = 256; cell = differential(ideal); out_noise = 0; }
  flash adcs[256] { bits = 16; out_bound = 16; }
  connect dacs -> array -> adcs;
}
tile small {
  clock = clk;
  voltage dacs[128] { bits = 16; }
  crossbar array { rows = 128; cols = 128; cell = differential(ideal); out_noise = 0; }
  flash adcs[128] { bits = 16; out_bound = 16; }
  connect dacs -> array -> adcs;
}
chip mixed { clock = clk; small s[2]; big b[4]; }
network mlp on mixed {
  input = 784;
  dense fc1 { out = 128; }
  relu;
  dense fc2 { out = 64; }
  relu;
  dense fc3 { out = 10; }
  ${fc1Map}
  train { dataset = mnist; train_samples = 500; test_samples = 60; epochs = 1; batch = 32; lr = 0.05; momentum = 0.9; seed = 1; }
}`;

test("placement is the front end's: each layer split for the crossbar of its first tile, on a chip with two tile sizes", async (t) => {
  const ir = networkOf(MIXED('map fc1 -> b;'));
  const front = placeNetwork(ir);
  t.deepEqual(front.problems, []);
  const rng = new Rng(1);
  const placed = placeBlocks(ir, network([784], [dense(784, 128, rng), relu(), dense(128, 64, rng), relu(), dense(64, 10, rng)]));
  t.deepEqual(placed.tileSizes, [{ layer: 'fc1', rows: 256, cols: 256 }, { layer: 'fc2', rows: 128, cols: 128 }, { layer: 'fc3', rows: 128, cols: 128 }]);
  t.deepEqual(placed.placement.map((p) => `${p.layer}:${p.tile}:${p.rows}x${p.cols}`), ['fc1:b[0]:196x128', 'fc1:b[1]:196x128', 'fc1:b[2]:196x128', 'fc1:b[3]:196x128', 'fc2:s[0]:128x64', 'fc3:s[1]:64x10']);
  // the same pieces and tiles as the front end's placement, layer by layer
  for (const l of front.layers) {
    const lp = placed.plan.layers.find((x) => x.layer === l.layer)!;
    t.deepEqual([lp.inPieces, lp.outPieces], [l.inPieces, l.outPieces]);
    t.deepEqual(placed.placement.filter((p) => p.layer === l.name).map((p) => p.tile), l.tiles);
  }
  // and it runs: ideal devices and 16-bit converters give the float accuracy
  const { result, diagnostics } = await runInference(ir, { times: [1], repeats: 1, gdc: false, seed: 1, samples: 40 });
  t.deepEqual(diagnostics, []);
  t.true(Math.abs(result!.conditions[0]!.points[0]!.mean - result!.floatAccuracy) <= 1 / 40, `${result!.conditions[0]!.points[0]!.mean} vs ${result!.floatAccuracy}`);
});

test('a layer mapped onto fewer tiles than it has pieces takes the rest from the free tiles in chip order', (t) => {
  const ir = networkOf(MIXED('map fc1 -> b[2], b[0];\n  map fc2 -> s[0];\n  map fc3 -> s[1];'));
  const rng = new Rng(1);
  const placed = placeBlocks(ir, network([784], [dense(784, 128, rng), relu(), dense(128, 64, rng), relu(), dense(64, 10, rng)]));
  t.deepEqual(placed.placement.map((p) => `${p.layer}:${p.tile}`), ['fc1:b[2]', 'fc1:b[0]', 'fc1:b[1]', 'fc1:b[3]', 'fc2:s[0]', 'fc3:s[1]']);
});

test('E4017: a tile the emulator cannot run (two crossbar arrays) ends the run with a diagnostic, no throw', async (t) => {
  const ir = networkOf(`
import "xbar/presets";
clock clk = 1 GHz;
tile core {
  clock = clk;
  pwm dacs[64] { bits = 8; }
  crossbar a[2] { rows = 32; cols = 16; cell = differential(ideal); }
  flash adcs[32] { bits = 8; out_bound = 8; }
  connect dacs -> a -> adcs;
}
chip chip0 { clock = clk; core c[25]; }
network tiny on chip0 {
  input = 784;
  dense fc { out = 10; }
  train { dataset = mnist; train_samples = 20; test_samples = 10; epochs = 1; seed = 1; }
}`);
  const { result, diagnostics } = await runInference(ir, { times: [3600], repeats: 1, gdc: false, seed: 1, samples: 10 });
  t.is(result, null);
  t.deepEqual(diagnostics.map((d) => d.code), ['E4017']);
  t.regex(diagnostics[0]!.message, /cannot run network `tiny` on `chip0` at t = 3600 s: tile `core`: the emulator runs one crossbar array per tile/);
  t.deepEqual(diagnostics[0]!.span, ir.span);
});
