import test from 'ava';
import { Rng } from '../random.js';
import { createDotKernel, dotKernelBytes, mvm, mvmPair, wasmKernelAvailable, type DotKernel } from './wasm/dot-kernel.js';
import { s32, u32 } from './wasm/encode.js';

const bits = (a: Float64Array) => [...new BigUint64Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength))];

/** Random weights (float32) and inputs (float64), as the crossbar has them. */
function fill(k: DotKernel, rng: Rng): void {
  for (let i = 0; i < k.wT.length; i++) {
    k.wT[i] = rng.normal();
    k.wIdealT[i] = rng.uniform() * 2 - 1;
  }
  for (let i = 0; i < k.rows; i++) {
    k.x[i] = rng.normal();
    k.xIdeal[i] = rng.int(-127, 127) / 127;
  }
}

/** Reference products and, per lane, sum_i |x_i w_ij| (the scale of its rounding error). */
function reference(k: DotKernel) {
  const out = new Float64Array(k.lanes);
  const ideal = new Float64Array(k.lanes);
  mvmPair(k.wT, k.wIdealT, k.rows, k.lanes, k.x, k.xIdeal, out, ideal);
  const scale = (w: Float32Array, x: Float64Array) =>
    Float64Array.from({ length: k.lanes }, (_, j) => {
      let s = 0;
      for (let i = 0; i < k.rows; i++) s += Math.abs(x[i]! * w[j * k.rows + i]!);
      return s;
    });
  return { out, ideal, outScale: scale(k.wT, k.x), idealScale: scale(k.wIdealT, k.xIdeal) };
}

const SIZES: [number, number][] = [
  [1, 1], [1, 4], [2, 1], [3, 2], [4, 3], [5, 5], [7, 1], [8, 8], [9, 3], [15, 2], [16, 16], [17, 7],
  [31, 33], [64, 10], [100, 9], [255, 2], [256, 256], [257, 3], [0, 3], [3, 0],
];

test('encoder: LEB128 and the vector-opcode prefix', (t) => {
  t.deepEqual(u32(0), [0x00]);
  t.deepEqual(u32(127), [0x7f]);
  t.deepEqual(u32(128), [0x80, 0x01]);
  t.deepEqual(u32(240), [0xf0, 0x01]); // f64x2.add after the 0xFD prefix
  t.deepEqual(u32(624485), [0xe5, 0x8e, 0x26]);
  t.deepEqual(s32(0), [0x00]);
  t.deepEqual(s32(63), [0x3f]);
  t.deepEqual(s32(64), [0xc0, 0x00]);
  t.deepEqual(s32(-1), [0x7f]);
  t.deepEqual(s32(-8), [0x78]);
  t.deepEqual(s32(-64), [0x40]);
  t.deepEqual(s32(-65), [0xbf, 0x7f]);
  t.deepEqual(s32(-123456), [0xc0, 0xbb, 0x78]);
});

test('the kernel module validates, and Node 20 runs it (wasm SIMD)', (t) => {
  const api = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
  t.true(api.validate(dotKernelBytes()));
  t.true(wasmKernelAvailable());
  t.is(createDotKernel(4, 4).impl, 'wasm');
  t.is(createDotKernel(4, 4, { wasm: false }).impl, 'js');
});

test('wasm kernel = JS reference to 1e-12 of sum |x w|, on fixed and seeded random sizes', (t) => {
  const rng = new Rng(20240611);
  const sizes = [...SIZES];
  for (let n = 0; n < 40; n++) sizes.push([rng.int(1, 300), rng.int(1, 40)]);
  for (const [rows, lanes] of sizes) {
    const k = createDotKernel(rows, lanes);
    t.is(k.impl, 'wasm');
    fill(k, rng);
    const ref = reference(k);
    k.mvmPair();
    for (let j = 0; j < lanes; j++) {
      t.true(Math.abs(k.out[j]! - ref.out[j]!) <= 1e-12 * ref.outScale[j]!, `out ${rows}x${lanes} lane ${j}: ${k.out[j]} vs ${ref.out[j]}`);
      t.true(Math.abs(k.ideal[j]! - ref.ideal[j]!) <= 1e-12 * ref.idealScale[j]!, `ideal ${rows}x${lanes} lane ${j}`);
    }
    if (rows === 0) t.deepEqual([...k.out], new Array<number>(lanes).fill(0));
  }
});

test('wasm kernel: mvm writes only out, and leaves weights and inputs alone', (t) => {
  const rng = new Rng(5);
  for (const [rows, lanes] of [[1, 1], [9, 5], [257, 3]] as const) {
    const k = createDotKernel(rows, lanes);
    fill(k, rng);
    const before = { w: k.wT.slice(), wi: k.wIdealT.slice(), x: k.x.slice(), xi: k.xIdeal.slice() };
    k.ideal.fill(12345);
    k.mvm();
    const ref = new Float64Array(lanes);
    mvm(k.wT, rows, lanes, k.x, ref);
    for (let j = 0; j < lanes; j++) t.true(Math.abs(k.out[j]! - ref[j]!) <= 1e-12 * (1 + Math.abs(ref[j]!) * rows));
    t.deepEqual([...k.ideal], new Array<number>(lanes).fill(12345));
    t.deepEqual(k.wT, before.w);
    t.deepEqual(k.wIdealT, before.wi);
    t.deepEqual(k.x, before.x);
    t.deepEqual(k.xIdeal, before.xi);
  }
});

test('wasm kernel is deterministic: same bits on repeated calls and on separate instances', (t) => {
  for (const [rows, lanes] of [[1, 1], [17, 7], [257, 3], [256, 64]] as const) {
    const a = createDotKernel(rows, lanes);
    const b = createDotKernel(rows, lanes);
    fill(a, new Rng(77));
    fill(b, new Rng(77));
    a.mvmPair();
    const first = { out: bits(a.out), ideal: bits(a.ideal) };
    for (let rep = 0; rep < 3; rep++) {
      a.mvmPair();
      t.deepEqual(bits(a.out), first.out);
      t.deepEqual(bits(a.ideal), first.ideal);
    }
    b.mvmPair();
    t.deepEqual(bits(b.out), first.out);
    t.deepEqual(bits(b.ideal), first.ideal);
  }
});

test('wasm kernel is exact where every partial sum is representable (small integers, dyadic inputs)', (t) => {
  const rng = new Rng(3);
  for (const [rows, lanes] of [[1, 1], [3, 5], [13, 4], [257, 3]] as const) {
    const k = createDotKernel(rows, lanes);
    for (let i = 0; i < k.wT.length; i++) {
      k.wT[i] = rng.int(-8, 8);
      k.wIdealT[i] = rng.int(-8, 8) / 4;
    }
    for (let i = 0; i < rows; i++) {
      k.x[i] = rng.int(-127, 127) / 128;
      k.xIdeal[i] = rng.int(-3, 3);
    }
    const ref = reference(k);
    k.mvmPair();
    t.deepEqual(k.out, ref.out);
    t.deepEqual(k.ideal, ref.ideal);
  }
});

test('JS fallback kernel is the reference itself', (t) => {
  const rng = new Rng(11);
  for (const [rows, lanes] of [[1, 1], [9, 5], [257, 3]] as const) {
    const k = createDotKernel(rows, lanes, { wasm: false });
    fill(k, rng);
    const ref = reference(k);
    k.mvmPair();
    t.deepEqual(bits(k.out), bits(ref.out));
    t.deepEqual(bits(k.ideal), bits(ref.ideal));
  }
});
