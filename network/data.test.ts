import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { writeNpy } from '../testbenches/npy.js';
import { loadMnist, loadNpyDataset, mnistCounts, mnistDigits, NpyError, readWeightsNpy } from './data.js';

test('the mnist package ships 10,000 real digits, 28×28, grey levels in [0, 1]', (t) => {
  const counts = mnistCounts();
  t.deepEqual(counts, [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  t.is(counts.reduce((a, b) => a + b, 0), 10000);
  const d = mnistDigits();
  let min = Infinity;
  let max = -Infinity;
  for (const a of d) for (const v of a) (min = Math.min(min, v)), (max = Math.max(max, v));
  t.is(min, 0);
  t.is(max, 1);
  // Same arrays as the package's own accessor (mnist[7].get(3)).
  const mnist = createRequire(import.meta.url)('mnist') as { [k: number]: { get(i: number): number[] } };
  t.deepEqual(Array.from(d[7]!.subarray(3 * 784, 4 * 784)), mnist[7]!.get(3));
});

test('loadMnist: class-balanced, disjoint split as mnist.set makes it, shuffled by the seed', (t) => {
  const { train, test: tst } = loadMnist({ train: 200, test: 50, seed: 1 });
  t.is(train.count, 200);
  t.is(tst.count, 50);
  t.deepEqual(train.inputShape, [784]);
  const hist = (l: Int32Array) => Array.from({ length: 10 }, (_, d) => l.filter((v) => v === d).length);
  t.deepEqual(hist(train.labels), new Array(10).fill(20));
  t.deepEqual(hist(tst.labels), new Array(10).fill(5));
  // Every training digit d is one of the first 20 of its class; every test digit one of the next 5.
  const d = mnistDigits();
  const key = (a: Float64Array) => a.join(',');
  const firsts = d.map((a, c) => new Set(Array.from({ length: 20 }, (_, k) => key(a.subarray(k * 784, (k + 1) * 784)))).add(`class${c}`));
  const nexts = d.map((a) => new Set(Array.from({ length: 5 }, (_, k) => key(a.subarray((20 + k) * 784, (21 + k) * 784)))));
  for (let r = 0; r < train.count; r++) t.true(firsts[train.labels[r]!]!.has(key(train.x.subarray(r * 784, (r + 1) * 784))));
  for (let r = 0; r < tst.count; r++) t.true(nexts[tst.labels[r]!]!.has(key(tst.x.subarray(r * 784, (r + 1) * 784))));
  // Deterministic per seed; another seed gives another order of the same samples.
  const again = loadMnist({ train: 200, test: 50, seed: 1 });
  t.deepEqual(again.train.labels, train.labels);
  t.deepEqual(again.train.x, train.x);
  const other = loadMnist({ train: 200, test: 50, seed: 2 });
  t.notDeepEqual(other.train.labels, train.labels);
  t.deepEqual(hist(other.train.labels), hist(train.labels));
  t.deepEqual(loadMnist({ train: 10, test: 0, layout: 'image' }).train.inputShape, [1, 28, 28]);
});

test('loadMnist: impossible requests are clear errors', (t) => {
  t.throws(() => loadMnist({ train: 8000, test: 2000 }), { instanceOf: RangeError, message: /1000 per class; the package has 863 of digit 5 \(at most 8630 in all\)/ });
  t.throws(() => loadMnist({ train: 25, test: 0 }), { message: /multiple of 10, found 25/ });
});

const dir = mkdtempSync(join(tmpdir(), 'xbar-net-'));
const put = (name: string, bytes: Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

test('weights .npy: float32 and float64 little-endian C order load', (t) => {
  const vals = [0.5, -1.25, 2, 3, -4, 5.5];
  const f8 = readWeightsNpy(put('w8.npy', writeNpy([2, 3], vals, '<f8')), [2, 3]);
  t.deepEqual(Array.from(f8.data), vals);
  const f4 = readWeightsNpy(put('w4.npy', writeNpy([2, 3], vals, '<f4')), [2, null]);
  t.deepEqual(Array.from(f4.data), vals);
});

test('weights .npy: other dtypes, byte order, Fortran order, shape, NaN/Inf are NpyErrors naming the file', (t) => {
  const vals = [1, 2, 3, 4, 5, 6];
  const bad = (name: string, bytes: Uint8Array, re: RegExp, shape: (number | null)[] = [2, 3]) => {
    const p = put(name, bytes);
    const e = t.throws(() => readWeightsNpy(p, shape), { instanceOf: NpyError, message: re });
    t.true(e!.message.startsWith(p), e!.message);
  };
  bad('i4.npy', writeNpy([2, 3], vals, '<i4'), /weights must be float32 or float64 \(<f4, <f8\), found dtype '<i4'/);
  bad('f2.npy', writeNpy([2, 3], vals, '<f2'), /found dtype '<f2'/);
  bad('be.npy', writeNpy([2, 3], vals, '>f8'), /found dtype '>f8' \(big-endian/);
  bad('fortran.npy', writeNpy([2, 3], vals, '<f8', { fortranOrder: true }), /must be in C order, found fortran_order: True/);
  bad('shape.npy', writeNpy([3, 2], vals, '<f8'), /weights must have shape \(2, 3\), found \(3, 2\)/);
  bad('rank.npy', writeNpy([6], vals, '<f8'), /must have shape \(2, 3\), found \(6,\)/);
  bad('nan.npy', writeNpy([2, 3], [1, 2, 3, 4, NaN, 6], '<f8'), /weights must be finite, found NaN at flat index 4 \(1, 1\)/);
  bad('inf.npy', writeNpy([2, 3], [1, 2, -Infinity, 4, 5, 6], '<f4'), /found -Infinity at flat index 2 \(0, 2\)/);
  t.throws(() => readWeightsNpy(join(dir, 'missing.npy'), [2]), { instanceOf: NpyError, message: /missing\.npy: cannot read/ });
});

test('.npy datasets: float inputs with integer labels; bad labels are errors naming the file', (t) => {
  const x = put('x.npy', writeNpy([3, 2, 2], Array.from({ length: 12 }, (_, i) => i / 12), '<f4'));
  const y = put('y.npy', writeNpy([3], [2, 0, 1], '<i8'));
  const ds = loadNpyDataset(x, y);
  t.deepEqual(ds.inputShape, [2, 2]);
  t.is(ds.count, 3);
  t.is(ds.classes, 3);
  t.deepEqual(Array.from(ds.labels), [2, 0, 1]);
  t.deepEqual(loadNpyDataset(x, y, { inputShape: [4] }).inputShape, [4]);
  t.throws(() => loadNpyDataset(x, y, { inputShape: [5] }), { instanceOf: NpyError, message: /x\.npy: samples of shape \(2, 2\) cannot be read as \(5,\)/ });
  const y2 = put('y2.npy', writeNpy([2], [0, 1], '<i8'));
  t.throws(() => loadNpyDataset(x, y2), { instanceOf: NpyError, message: /y2\.npy: labels must have shape \(3,\), found \(2,\)/ });
  const y3 = put('y3.npy', writeNpy([3], [0, 1.5, 1], '<f8'));
  t.throws(() => loadNpyDataset(x, y3), { instanceOf: NpyError, message: /y3\.npy: labels must be non-negative integers, found 1\.5 at index 1/ });
  t.throws(() => loadNpyDataset(x, y, { classes: 2 }), { instanceOf: NpyError, message: /label 2 is out of range for 2 classes/ });
  const xi = put('xi.npy', writeNpy([3, 4], new Array(12).fill(1), '|u1'));
  t.throws(() => loadNpyDataset(xi, y), { instanceOf: NpyError, message: /xi\.npy: inputs must be float32 or float64/ });
  const xn = put('xn.npy', writeNpy([3, 1], [0, Infinity, 1], '<f8'));
  t.throws(() => loadNpyDataset(xn, y), { instanceOf: NpyError, message: /xn\.npy: inputs must be finite, found Infinity/ });
});
