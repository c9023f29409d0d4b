import test from 'ava';
import { Rng } from '../emulator/random.js';
import { loadMnist } from './data.js';
import { conv2d, dense, flatten, network, relu, softmax, type DenseLayer } from './layers.js';
import { evaluate, train, withWeightNoise } from './train.js';

// 2,000 training and 500 test digits of the mnist package (class-balanced, seed 1).
const { train: trainSet, test: testSet } = loadMnist({ train: 2000, test: 500, seed: 1 });
const opts = { epochs: 5, batchSize: 32, learningRate: 0.05, momentum: 0.9, seed: 3 };
const mlp = () => {
  const rng = new Rng(7);
  return network([784], [dense(784, 64, rng), relu(), dense(64, 10, rng)]);
};

test('float SGD: a 784-64-10 MLP reaches > 88% on 500 held-out digits (seeded)', (t) => {
  const a = mlp();
  const hist = train(a, trainSet, { ...opts, test: testSet });
  t.log(hist.map((s) => `epoch ${s.epoch}: loss ${s.loss.toFixed(4)} train ${s.trainAccuracy.toFixed(3)} test ${s.testAccuracy!.toFixed(3)}`).join('\n'));
  t.is(hist.length, 5);
  t.true(hist[4]!.loss < hist[0]!.loss / 2, 'loss falls');
  t.true(hist[4]!.testAccuracy! > 0.88, `test accuracy ${hist[4]!.testAccuracy}`);
  t.is(evaluate(a, testSet).accuracy, hist[4]!.testAccuracy!);
});

test('training is deterministic: the same seed gives the same bytes, another seed other weights', (t) => {
  const run = (seed: number) => {
    const net = mlp();
    const hist = train(net, trainSet, { ...opts, epochs: 1, seed, weightNoise: { type: 'add_normal', std: 0.02 } });
    return { hist, w: (net.layers[2] as DenseLayer).weight };
  };
  const a = run(3);
  const b = run(3);
  t.deepEqual(b.hist, a.hist);
  t.deepEqual(b.w, a.w);
  t.notDeepEqual(run(4).w, a.w);
});

test('hardware-aware training (ADD_NORMAL 5% of max|W| per batch) changes the weights and still converges', (t) => {
  const plain = mlp();
  train(plain, trainSet, { ...opts, epochs: 1 });
  const hwa = mlp();
  const hist = train(hwa, trainSet, { ...opts, test: testSet, weightNoise: { type: 'add_normal', std: 0.05 } });
  t.log(hist.map((s) => `epoch ${s.epoch}: loss ${s.loss.toFixed(4)} train ${s.trainAccuracy.toFixed(3)} test ${s.testAccuracy!.toFixed(3)}`).join('\n'));
  t.notDeepEqual((hwa.layers[0] as DenseLayer).weight, (plain.layers[0] as DenseLayer).weight);
  t.true(hist[4]!.testAccuracy! > 0.88, `test accuracy ${hist[4]!.testAccuracy}`);
  // The trained net stays accurate under one draw of the noise it was trained with.
  const noisy = withWeightNoise(hwa, { type: 'add_normal', std: 0.05 }, new Rng(5));
  t.true(evaluate(noisy, testSet).accuracy > 0.85);
});

test('MULT_NORMAL weight noise also trains (softmax-terminated net: fused cross-entropy)', (t) => {
  const rng = new Rng(8);
  const net = network([784], [dense(784, 32, rng), relu(), dense(32, 10, rng), softmax()]);
  const hist = train(net, trainSet, { ...opts, epochs: 3, test: testSet, weightNoise: { type: 'mult_normal', std: 0.1 } });
  t.true(hist[2]!.testAccuracy! > 0.85, `test accuracy ${hist[2]!.testAccuracy}`);
});

test('withWeightNoise follows aihwkit: σ·max|W| additive, W·σ·max|W| multiplicative, biases untouched', (t) => {
  const rng = new Rng(1);
  const l = dense(400, 300, rng);
  l.weight[0] = 0.5; // max |W| = 0.5 (the init bound is 1/20)
  const net = network([400], [l]);
  const sigma = 0.1;
  const stdOf = (a: number[]) => {
    const m = a.reduce((s, v) => s + v, 0) / a.length;
    return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1));
  };
  const add = withWeightNoise(net, { type: 'add_normal', std: sigma }, new Rng(2)).layers[0] as DenseLayer;
  const dAdd = Array.from(add.weight, (v, i) => v - l.weight[i]!);
  // 120,000 samples: the sd of the sample sd is ~0.2%; allow 1%.
  t.true(Math.abs(stdOf(dAdd) / (sigma * 0.5) - 1) < 0.01, `add sd ${stdOf(dAdd)}`);
  const mul = withWeightNoise(net, { type: 'mult_normal', std: sigma }, new Rng(2)).layers[0] as DenseLayer;
  const rel = Array.from(mul.weight, (v, i) => (v - l.weight[i]!) / l.weight[i]!);
  t.true(Math.abs(stdOf(rel) / (sigma * 0.5) - 1) < 0.01, `mult sd ${stdOf(rel)}`);
  t.is(add.bias, l.bias);
  const assumed = withWeightNoise(net, { type: 'add_normal', std: sigma, relToActualWmax: false, assumedWmax: 2 }, new Rng(2)).layers[0] as DenseLayer;
  t.true(Math.abs(stdOf(Array.from(assumed.weight, (v, i) => v - l.weight[i]!)) / (sigma * 2) - 1) < 0.01);
});

test('a small conv net (conv 5×5 stride 2 → relu → flatten → dense) trains on MNIST images', (t) => {
  const { train: tr, test: te } = loadMnist({ train: 1000, test: 200, seed: 4, layout: 'image' });
  const rng = new Rng(9);
  const net = network([1, 28, 28], [conv2d({ inChannels: 1, outChannels: 4, kernel: 5, stride: 2 }, rng), relu(), flatten(), dense(4 * 12 * 12, 10, rng)]);
  const hist = train(net, tr, { ...opts, epochs: 3, test: te });
  t.log(hist.map((s) => `epoch ${s.epoch}: loss ${s.loss.toFixed(4)} test ${s.testAccuracy!.toFixed(3)}`).join('\n'));
  t.true(hist[2]!.testAccuracy! > 0.78, `test accuracy ${hist[2]!.testAccuracy}`);
});
