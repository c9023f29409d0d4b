import test from 'ava';
import { Rng } from '../emulator/random.js';
import { conv2d, dense, flatten, forward, network, NetworkError, relu, softmax, tanh, type Tensor } from './layers.js';
import { evaluateMapped, idealMvm, mapNetwork, noisyMvm, splitSizes } from './mapping.js';

const maxAbsDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

test('splitSizes: ceil(n / max) near-equal pieces, larger first (aihwkit TileModuleArray)', (t) => {
  t.deepEqual(splitSizes(784, 512), [392, 392]);
  t.deepEqual(splitSizes(512, 512), [512]);
  t.deepEqual(splitSizes(513, 512), [257, 256]);
  t.deepEqual(splitSizes(1025, 512), [342, 342, 341]);
  t.deepEqual(splitSizes(10, 512), [10]);
  t.deepEqual(splitSizes(784, 256), [196, 196, 196, 196]);
});

test('784×256 on 512×512 tiles: two row pieces of 392, one column piece of 256', (t) => {
  const rng = new Rng(1);
  const l1 = dense(784, 256, rng);
  const net = network([784], [l1, relu(), dense(256, 10, rng)]);
  const plan = mapNetwork(net, { rows: 512, cols: 512 });
  t.deepEqual(plan.layers[0]!.inPieces, [392, 392]);
  t.deepEqual(plan.layers[0]!.outPieces, [256]);
  t.deepEqual(plan.layers[1]!.inPieces, [256]);
  t.is(plan.tilesUsed, 3);
  t.deepEqual(
    plan.blocks.map((b) => [b.layer, b.tile, b.inStart, b.rows, b.outStart, b.cols]),
    [
      [0, 0, 0, 392, 0, 256],
      [0, 1, 392, 392, 0, 256],
      [2, 2, 0, 256, 0, 10],
    ],
  );
  // Blocks hold Wᵀ slices: row i of block 1 is input 392 + i, column j is output j.
  const b = plan.blocks[1]!;
  for (const [i, j] of [[0, 0], [5, 17], [391, 255]] as const) t.is(b.weights[i * b.cols + j], l1.weight[j * 784 + 392 + i]);
});

test('a split MLP evaluated block by block with the ideal MVM equals the unsplit network', (t) => {
  const rng = new Rng(2);
  const net = network([784], [dense(784, 300, rng), tanh(), dense(300, 130, rng), relu(), dense(130, 10, rng), softmax()]);
  const plan = mapNetwork(net, { rows: 256, cols: 128 });
  t.deepEqual(plan.layers.map((p) => [p.inPieces.length, p.outPieces.length]), [[4, 3], [2, 2], [1, 1]]);
  t.is(plan.tilesUsed, 12 + 4 + 1);
  const x: Tensor = { shape: [7, 784], data: new Float64Array(7 * 784).map(() => rng.uniform()) };
  const want = forward(net, x).data;
  const got = evaluateMapped(net, plan, x, idealMvm(plan)).data;
  t.true(maxAbsDiff(got, want) < 1e-12, `max diff ${maxAbsDiff(got, want)}`);
});

test('a conv net whose kernel matrix exceeds the tile is split and still equals the unsplit one', (t) => {
  const rng = new Rng(3);
  const net = network(
    [3, 10, 10],
    [conv2d({ inChannels: 3, outChannels: 6, kernel: 3, padding: 1 }, rng), relu(), conv2d({ inChannels: 6, outChannels: 5, kernel: 3, stride: 2 }, rng), flatten(), dense(5 * 4 * 4, 4, rng)],
  );
  const plan = mapNetwork(net, { rows: 16, cols: 4 });
  // conv 1: fan-in 27 → 2 pieces (14 + 13); fan-out 6 → 2 pieces (3 + 3). conv 2: 54 → 4 pieces.
  t.deepEqual(plan.layers[0]!.inPieces, [14, 13]);
  t.deepEqual(plan.layers[0]!.outPieces, [3, 3]);
  t.deepEqual(plan.layers[1]!.inPieces, [14, 14, 13, 13]);
  const x: Tensor = { shape: [2, 3, 10, 10], data: new Float64Array(600).map(() => rng.normal()) };
  const got = evaluateMapped(net, plan, x, idealMvm(plan)).data;
  const want = forward(net, x).data;
  t.true(maxAbsDiff(got, want) < 1e-12, `max diff ${maxAbsDiff(got, want)}`);
});

test('partial sums are added digitally and the bias once', (t) => {
  const rng = new Rng(4);
  const l = dense(10, 3, rng);
  const net = network([10], [l]);
  const plan = mapNetwork(net, { rows: 3, cols: 2 }); // 4 input pieces × 2 output pieces
  t.is(plan.tilesUsed, 8);
  const calls: number[] = [];
  // Each block returns ones: every output gets (number of input pieces) + its bias.
  const y = evaluateMapped(net, plan, { shape: [1, 10], data: new Float64Array(10) }, (id) => {
    calls.push(id);
    return new Float64Array(plan.blocks[id]!.cols).fill(1);
  }).data;
  t.deepEqual(calls, [0, 1, 2, 3, 4, 5, 6, 7]);
  t.deepEqual(Array.from(y), Array.from(l.bias, (b) => b + 4));
});

test('noisy MVM: seeded, zero noise equals the ideal, noise perturbs the result', (t) => {
  const rng = new Rng(5);
  const net = network([64], [dense(64, 32, rng), relu(), dense(32, 10, rng)]);
  const plan = mapNetwork(net, { rows: 32, cols: 32 });
  const x: Tensor = { shape: [20, 64], data: new Float64Array(20 * 64).map(() => rng.uniform()) };
  const ideal = evaluateMapped(net, plan, x, idealMvm(plan)).data;
  const zero = evaluateMapped(net, plan, x, noisyMvm(plan, { rng: new Rng(9) })).data;
  t.true(maxAbsDiff(zero, ideal) < 1e-12);
  const a = evaluateMapped(net, plan, x, noisyMvm(plan, { programSigma: 0.05, outputSigma: 0.02, rng: new Rng(9) })).data;
  const b = evaluateMapped(net, plan, x, noisyMvm(plan, { programSigma: 0.05, outputSigma: 0.02, rng: new Rng(9) })).data;
  const c = evaluateMapped(net, plan, x, noisyMvm(plan, { programSigma: 0.05, outputSigma: 0.02, rng: new Rng(10) })).data;
  t.deepEqual(a, b);
  t.true(maxAbsDiff(a, ideal) > 1e-3);
  t.true(maxAbsDiff(a, c) > 1e-3);
});

test('a network that needs more tiles than the chip has is an error that names the count', (t) => {
  const rng = new Rng(6);
  const net = network([784], [dense(784, 256, rng), relu(), dense(256, 10, rng)]);
  t.throws(() => mapNetwork(net, { rows: 256, cols: 256 }, { maxTiles: 4 }), {
    instanceOf: NetworkError,
    message: /needs 5 tiles of 256 × 256, the chip has 4 \(layer 0 \(dense 784→256\): 4, layer 2 \(dense 256→10\): 1\)/,
  });
  t.throws(() => mapNetwork(net, { rows: 0, cols: 8 }), { instanceOf: NetworkError });
});

test('per layer: a tile size or the pieces themselves (as xbar infer gives the front end\'s); the split network still equals the unsplit one', (t) => {
  const rng = new Rng(7);
  const net = network([784], [dense(784, 128, rng), relu(), dense(128, 64, rng), relu(), dense(64, 10, rng)]);
  const plan = mapNetwork(net, (li) => (li === 0 ? { rows: 256, cols: 256 } : li === 2 ? { inPieces: [64, 64], outPieces: [40, 24] } : { rows: 128, cols: 128 }));
  t.deepEqual(plan.layers.map((p) => [p.layer, p.inPieces, p.outPieces]), [
    [0, [196, 196, 196, 196], [128]],
    [2, [64, 64], [40, 24]],
    [4, [64], [10]],
  ]);
  t.deepEqual(plan.blocks.filter((b) => b.layer === 2).map((b) => [b.inStart, b.rows, b.outStart, b.cols]), [[0, 64, 0, 40], [0, 64, 40, 24], [64, 64, 0, 40], [64, 64, 40, 24]]);
  const x: Tensor = { shape: [3, 784], data: new Float64Array(3 * 784).map(() => rng.uniform()) };
  t.true(maxAbsDiff(evaluateMapped(net, plan, x, idealMvm(plan)).data, forward(net, x).data) < 1e-12);
  t.throws(() => mapNetwork(net, () => ({ inPieces: [100, 100], outPieces: [128] })), { instanceOf: NetworkError, message: /layer 0: input pieces \[100, 100\] are not positive integers summing to 784/ });
});
