import test from 'ava';
import { Rng } from '../emulator/random.js';
import {
  backward,
  conv2d,
  dense,
  flatten,
  forwardAll,
  isMatrixLayer,
  network,
  NetworkError,
  relu,
  sigmoid,
  softmax,
  softmaxCrossEntropy,
  tanh,
  type Layer,
  type Network,
  type Tensor,
} from './layers.js';

/** L = Σ r ⊙ output, with fixed random r: a scalar loss whose gradient w.r.t. the output is r. */
function lossOf(net: Network, x: Tensor, r: Float64Array): number {
  const acts = forwardAll(net, x);
  const y = acts[acts.length - 1]!.data;
  let s = 0;
  for (let i = 0; i < y.length; i++) s += r[i]! * y[i]!;
  return s;
}

function randn(n: number, rng: Rng, scale = 1): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = scale * rng.normal();
  return a;
}

/**
 * Central differences (h = 1e-6) against the backward pass, for every weight, bias and input
 * entry; returns the worst relative error max|a − n| / max(1e-8, |a| + |n|).
 */
function gradCheck(t: import('ava').ExecutionContext, net: Network, x: Tensor, label: string): void {
  const rng = new Rng(99);
  const acts = forwardAll(net, x);
  const out = acts[acts.length - 1]!;
  const r = randn(out.data.length, rng);
  const { grads, gradInput } = backward(net, acts, r);
  const h = 1e-6;
  let worst = 0;
  let where = '';
  const check = (arr: Float64Array, analytic: Float64Array, name: string) => {
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i]!;
      arr[i] = v + h;
      const lp = lossOf(net, x, r);
      arr[i] = v - h;
      const lm = lossOf(net, x, r);
      arr[i] = v;
      const num = (lp - lm) / (2 * h);
      const a = analytic[i]!;
      const err = Math.abs(a - num) / Math.max(1e-6, Math.abs(a) + Math.abs(num));
      if (err > worst) {
        worst = err;
        where = `${name}[${i}]: analytic ${a}, numeric ${num}`;
      }
    }
  };
  net.layers.forEach((l, i) => {
    if (!isMatrixLayer(l)) return;
    check(l.weight, grads[i]!.weight, `layer ${i} weight`);
    check(l.bias, grads[i]!.bias, `layer ${i} bias`);
  });
  check(x.data, gradInput, 'input');
  t.true(worst < 1e-6, `${label}: worst relative error ${worst} at ${where}`);
}

/** Inputs kept away from relu's kink (|v| ≥ 0.05) so that finite differences are valid. */
function awayFromZero(a: Float64Array): Float64Array {
  return a.map((v) => (Math.abs(v) < 0.05 ? v + (v < 0 ? -0.1 : 0.1) : v));
}

test('dense: gradients of weight, bias and input match finite differences', (t) => {
  const rng = new Rng(1);
  const net = network([5], [dense(5, 4, rng)]);
  gradCheck(t, net, { shape: [3, 5], data: randn(15, rng) }, 'dense');
});

for (const [name, act] of [
  ['relu', relu()],
  ['sigmoid', sigmoid()],
  ['tanh', tanh()],
  ['softmax', softmax()],
] as [string, Layer][]) {
  test(`${name}: gradients through dense → ${name} → dense match finite differences`, (t) => {
    const rng = new Rng(2);
    const net = network([6], [dense(6, 5, rng), act, dense(5, 3, rng)]);
    // Keep relu's inputs off the kink: shift the first bias so no pre-activation is near 0.
    const x: Tensor = { shape: [4, 6], data: randn(24, rng) };
    if (name === 'relu') {
      const pre = forwardAll(net, x)[1]!.data;
      t.true(pre.every((v) => Math.abs(v) > 1e-3), 'pre-activations away from 0');
    }
    gradCheck(t, net, x, name);
  });
}

test('conv2d (stride 2, padding 1, 2 channels) and flatten: gradients match finite differences', (t) => {
  const rng = new Rng(3);
  const net = network(
    [2, 7, 6],
    [conv2d({ inChannels: 2, outChannels: 3, kernel: [3, 2], stride: 2, padding: 1 }, rng), tanh(), flatten(), dense(3 * 4 * 4, 4, rng)],
  );
  gradCheck(t, net, { shape: [2, 2, 7, 6], data: randn(2 * 2 * 7 * 6, rng) }, 'conv2d');
});

test('conv2d → relu: gradients match finite differences', (t) => {
  const rng = new Rng(4);
  const net = network([1, 5, 5], [conv2d({ inChannels: 1, outChannels: 2, kernel: 3 }, rng), relu(), flatten()]);
  const x: Tensor = { shape: [1, 1, 5, 5], data: awayFromZero(randn(25, rng)) };
  const pre = forwardAll(net, x)[1]!.data;
  t.true(pre.every((v) => Math.abs(v) > 1e-3));
  gradCheck(t, net, x, 'conv2d-relu');
});

test('softmax cross-entropy: value and gradient match finite differences', (t) => {
  const rng = new Rng(5);
  const k = 4;
  const logits = randn(3 * k, rng, 2);
  const labels = [2, 0, 3];
  const { loss, grad } = softmaxCrossEntropy(logits, k, labels);
  const h = 1e-6;
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    logits[i] = v + h;
    const lp = softmaxCrossEntropy(logits, k, labels).loss;
    logits[i] = v - h;
    const lm = softmaxCrossEntropy(logits, k, labels).loss;
    logits[i] = v;
    t.true(Math.abs((lp - lm) / (2 * h) - grad[i]!) < 1e-8, `logit ${i}`);
  }
  // All-equal logits: loss = ln K, and every row of the gradient sums to 0.
  const flat = softmaxCrossEntropy(new Float64Array(2 * k), k, [1, 3]);
  t.true(Math.abs(flat.loss - Math.log(k)) < 1e-15);
  t.true(Math.abs(flat.grad.reduce((a, b) => a + b, 0)) < 1e-15);
  t.true(loss > 0);
});

test('softmax forward is stable for large logits and sums to 1', (t) => {
  const net = network([3], [softmax()]);
  const y = forwardAll(net, { shape: [1, 3], data: Float64Array.from([1000, 1001, 999]) })[1]!.data;
  t.true(y.every(Number.isFinite));
  t.true(Math.abs(y[0]! + y[1]! + y[2]! - 1) < 1e-15);
  t.true(Math.abs(y[1]! / y[0]! - Math.E) < 1e-12);
});

test('dense follows the torch layout: W is out × in, y = W x + b', (t) => {
  const l = dense(3, 2, new Rng(0));
  l.weight.set([1, 2, 3, 4, 5, 6]);
  l.bias.set([0.5, -1]);
  const net = network([3], [l]);
  const y = forwardAll(net, { shape: [1, 3], data: Float64Array.from([1, 0, -1]) })[1]!.data;
  t.deepEqual(Array.from(y), [1 - 3 + 0.5, 4 - 6 - 1]);
});

test('shape mismatches are NetworkErrors that name the layer', (t) => {
  const rng = new Rng(0);
  t.throws(() => network([784], [dense(100, 10, rng)]), { instanceOf: NetworkError, message: /layer 0 \(dense\) expects 100 inputs, found shape \(784\)/ });
  t.throws(() => network([1, 28, 28], [dense(784, 10, rng)]), { instanceOf: NetworkError, message: /add a flatten layer/ });
  t.throws(() => network([784], [conv2d({ inChannels: 1, outChannels: 2, kernel: 3 }, rng)]), { instanceOf: NetworkError, message: /layer 0 \(conv2d\) expects \[1, H, W\]/ });
  const bad = dense(4, 2, rng);
  bad.weight = new Float64Array(7);
  t.throws(() => network([4], [bad]), { instanceOf: NetworkError, message: /weight \(2 × 4\) must have 8 values, found 7/ });
  const net = network([4], [dense(4, 2, rng)]);
  t.throws(() => forwardAll(net, { shape: [1, 5], data: new Float64Array(5) }), { instanceOf: NetworkError, message: /shape \(N, 4\)/ });
});
