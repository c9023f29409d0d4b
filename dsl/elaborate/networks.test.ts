// Elaboration of `network` sections into NetworkIR, their IR dump, the placement on tiles,
// and each network diagnostic (the bad-input corpus test/bad/network-bad.xbar has more).
import test from 'ava';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenFile } from '../../test/golden.js';
import { checkText } from '../../test/helpers.js';
import type { NetworkIR } from '../ir/network.js';
import { placeNetwork } from '../ir/network-placement.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

const HW = `clock clk = 1 GHz;
tile core {
  clock = clk;
  pwm dacs[256];
  crossbar array { rows = 256; cols = 128; cell = differential(ideal); }
  flash adcs[128];
  connect dacs -> array -> adcs;
}
chip hermes { core c[16]; }
`;
const FILES = { 'w.npy': '', 'b.npy': '' };

function networks(src: string): { nets: NetworkIR[]; text: string; ir: string | null; codes: string[] } {
  const r = checkText(HW + src, FILES);
  return { nets: r.result.elaborated?.networks ?? [], text: r.text, ir: r.ir, codes: r.codes };
}

const MLP = `network mlp on hermes {
  input = 784;
  dense fc1 { out = 256; }
  relu;
  dense fc2 { out = 128; }
  sigmoid;
  dense fc3 { out = 10; }
  softmax;
  train { dataset = mnist; epochs = 2; weight_noise = 0.05; weight_noise_type = mult_normal; }
  map fc3 -> c[7];
}
`;

test('an MLP: shapes chain from the input, train settings and defaults, spans on every layer', (t) => {
  const { nets, codes, text } = networks(MLP);
  t.deepEqual(codes, [], text);
  const n = nets[0]!;
  t.is(n.name, 'mlp');
  t.is(n.targetKind, 'chip');
  t.is(n.target.tiles.length, 16);
  t.deepEqual(n.input, [784]);
  t.deepEqual(n.layers.map((l) => l.kind === 'dense' ? `${l.name} ${l.inFeatures}->${l.outFeatures}` : l.kind === 'activation' ? l.fn : l.kind),
    ['fc1 784->256', 'relu', 'fc2 256->128', 'sigmoid', 'fc3 128->10', 'softmax']);
  const fc1 = n.layers[0]!;
  t.true(fc1.kind === 'dense' && fc1.bias && fc1.weights === null && fc1.biasFile === null);
  // spans: the layer statement, in the root file
  const src = HW + MLP;
  t.is(src.slice(fc1.span.start, fc1.span.end), 'dense fc1 { out = 256; }');
  t.is(src.slice(n.layers[1]!.span.start, n.layers[1]!.span.end), 'relu;');
  const tr = n.train!;
  t.is(tr.dataset.kind, 'mnist');
  t.deepEqual([tr.trainSamples, tr.testSamples, tr.epochs, tr.batch, tr.lr, tr.momentum, tr.seed, tr.weightNoise, tr.weightNoiseType],
    [6000, 1000, 2, 32, 0.05, 0.9, 1, 0.05, 'mult_normal']);
  t.deepEqual(n.maps.map((m) => [m.layer, m.tiles]), [['fc3', ['c[7]']]]);
});

const CNN = `network cnn on hermes {
  input = [1, 28, 28];
  conv2d c1 { out = 8; kernel = 3; padding = 1; weights = npy("w.npy"); bias = npy("b.npy"); }
  relu;
  conv2d c2 { in = 8; out = 16; kernel = [5, 3]; stride = 2; weights = npy("w.npy"); bias = false; }
  tanh;
  flatten;
  linear fc { out = 10; weights = npy("w.npy"); }
}
`;

test('a conv net: conv2d shapes from kernel, stride and padding; flatten; npy files resolved', (t) => {
  const { nets, codes, text } = networks(CNN);
  t.deepEqual(codes, [], text);
  const [c1, , c2, , flat, fc] = nets[0]!.layers;
  if (c1?.kind !== 'conv2d' || c2?.kind !== 'conv2d' || fc?.kind !== 'dense') return t.fail();
  t.deepEqual([c1.inShape, c1.outShape, c1.kernel, c1.stride, c1.padding], [[1, 28, 28], [8, 28, 28], [3, 3], [1, 1], [1, 1]]);
  // H' = floor((28 - 5) / 2) + 1 = 12, W' = floor((28 - 3) / 2) + 1 = 13
  t.deepEqual([c2.inShape, c2.outShape], [[8, 28, 28], [16, 12, 13]]);
  t.is(flat!.kind, 'flatten');
  t.is(fc.inFeatures, 16 * 12 * 13);
  t.is(c1.weights!.path, '/virtual/w.npy');
  t.is(c1.weights!.display, 'w.npy');
  t.is(c1.biasFile!.path, '/virtual/b.npy');
  t.true(c1.bias);
  t.false(c2.bias);
  t.is(c2.biasFile, null);
  t.is(nets[0]!.train, null);
});

test('the IR dump of a network (golden), with its placement', (t) => {
  const { ir } = networks(MLP + CNN);
  const dump = ir!.slice(ir!.indexOf('network mlp'));
  t.is(dump, goldenFile(path.join(HERE, '__golden__'), 'networks.ir.txt', dump));
});

test('placement: near-equal pieces, mapped tiles first, then the free ones in order', (t) => {
  const { nets } = networks(MLP);
  const p = placeNetwork(nets[0]!);
  t.deepEqual(p.problems, []);
  // fc1: 784 rows on 256 -> 4 x 196; 256 cols on 128 -> 2 x 128: 8 pieces on c[0..6] and
  // c[8] (c[7] is fc3's); fc2 on the next free tile.
  t.deepEqual(p.layers.map((l) => [l.name, l.inPieces, l.outPieces]), [
    ['fc1', [196, 196, 196, 196], [128, 128]],
    ['fc2', [256], [128]],
    ['fc3', [128], [10]],
  ]);
  t.deepEqual(p.layers[0]!.tiles, ['c[0]', 'c[1]', 'c[2]', 'c[3]', 'c[4]', 'c[5]', 'c[6]', 'c[8]']);
  t.deepEqual(p.layers[1]!.tiles, ['c[9]']);
  t.deepEqual(p.layers[2]!.tiles, ['c[7]']);
});

test('a network that needs more tiles than the chip has: E3048 with the counts', (t) => {
  const { codes, text } = networks(MLP);
  t.deepEqual(codes, []);
  const big = networks(MLP.replace('out = 256;', 'out = 600;'));
  // fc1 is 4 x 5 = 20 pieces; 15 tiles are not mapped to fc3; fc2 then finds none left
  t.deepEqual(big.codes, ['E3048@12', 'E3048@14'], big.text);
  t.regex(big.text, /needs 20 tiles \(4 x 5 pieces of at most 196 x 120 on 256 x 128 crossbars\) and has 15/);
  t.is(text, '');
});

test('a tile as target is one instance named after the tile', (t) => {
  const { nets, codes, text } = networks(`network one on core {
  input = 100;
  dense fc { out = 10; weights = npy("w.npy"); }
  map fc -> core;
}
`);
  t.deepEqual(codes, [], text);
  t.is(nets[0]!.targetKind, 'tile');
  t.deepEqual(nets[0]!.maps[0]!.tiles, ['core']);
  t.deepEqual(placeNetwork(nets[0]!).layers[0]!.tiles, ['core']);
});

test('map targets: ranges, lists and whole arrays expand in order', (t) => {
  const { nets, codes, text } = networks(`network n on hermes {
  input = 1000;
  dense fc { out = 10; weights = npy("w.npy"); }
  map fc -> c[6], c[0..=2];
}
network m on hermes {
  input = 4096;
  dense fc { out = 10; weights = npy("w.npy"); }
  map fc -> c;
}
`);
  t.deepEqual(codes, [], text);
  t.deepEqual(nets[0]!.maps[0]!.tiles, ['c[6]', 'c[0]', 'c[1]', 'c[2]']);
  t.deepEqual(placeNetwork(nets[0]!).layers[0]!.inPieces, [250, 250, 250, 250]);
  t.is(nets[1]!.maps[0]!.tiles.length, 16);
  t.deepEqual(placeNetwork(nets[1]!).layers[0]!.inPieces, Array(16).fill(256));
});

// Every network diagnostic, one small case each: [code, source].
const CASES: [string, string][] = [
  ['E2023', 'const k = 1;\nnetwork n on k { input = 4; }'],
  ['E2024', 'network n on hermes { input = 4; pool p { } }'],
  ['E2025', 'network n on hermes { input = [2, 2]; }'],
  ['E2026', 'network n on hermes { input = 4; dense fc { out = 2; } train { dataset = imagenet; } }'],
  ['E2027', 'network n on hermes { input = 4; dense fc { out = 2; weights = [1, 2]; } }'],
  ['E2028', 'network n on hermes { input = 4; dense fc { out = 2; weights = npy("w.npy"); } map fc -> 3; }'],
  ['E3045', 'network n on hermes { input = [1, 4, 4]; dense fc { out = 2; weights = npy("w.npy"); } }'],
  ['E3046', 'network n on hermes { input = 4; dense fc { out = 2; } }'],
  ['E3047', 'network n on hermes { input = 4; dense fc { out = 2; weights = npy("w.npy"); } map fc -> c[99]; }'],
  ['E3048', 'network n on hermes { input = 8192; dense fc { out = 2; weights = npy("w.npy"); } }'],
  ['E3049', 'network n on hermes { input = 4; dense fc { out = 4; weights = npy("w.npy"); } dense fc { out = 2; weights = npy("w.npy"); } }'],
  ['W3045', 'network n on hermes { input = 4; }'],
  ['W3046', 'network n on hermes { input = 4; softmax; dense fc { out = 2; weights = npy("w.npy"); } }'],
];

for (const [code, src] of CASES) {
  test(`diagnostic ${code}`, (t) => {
    const r = networks(src + '\n');
    t.deepEqual(r.codes.map((c) => c.replace(/@.*/, '')), [code], r.text);
  });
}
