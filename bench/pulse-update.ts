// bench/pulse-update.ts: throughput of the stochastic pulse update (emulator/pulsed/pulse-update.ts)
// on a 256 x 256 array with BL = 31, against a plain Float64 outer-product update
// W -= lr·x·dᵀ on the same sizes, in the same run.
//
// Cell updates per second = rows·cols·updates / s (a full update counts every cell, whether or
// not it receives a pulse). x and d are a stream of 64 seeded vectors, uniform in [-1, 1]. Cases:
//   outer product    the reference: for j, s = lr·x_j; for i, W[j,i] -= s·d_i
//   pulse, no mgmt   UpdateParameters with both managements off: BL = 31 always,
//                    A = B = √(lr/(dw_min·31)); lr = 0.01, dw_min = 0.001 (≈ 2.5 pulses per cell)
//   pulse, defaults  update and BL management on; lr = 0.05 so that k = lr·max|x|·max|d|/dw_min
//                    ≥ 31 and BL = 31
// each on a constant-step device (c2c noise 0.3: one normal per pulse) and a soft-bounds device.
// Each case alternates ROUNDS = 3 times with the outer product (BENCH_MS, default 1500 ms, split
// over the rounds), and the fastest of each is kept, so that both see the same load on a shared
// machine. Prints ms per update, pulses per update, cell updates per second and the ratio to the
// outer product. Run alone with `node --import tsx bench/pulse-update.ts`. Nothing here is a test.
import { PulsedArray } from '../emulator/pulsed/array.js';
import { defaultPulsedParams, type PulsedRule } from '../emulator/pulsed/params.js';
import { DEFAULT_UPDATE_PARAMETERS, pulseUpdate, type UpdateParameters } from '../emulator/pulsed/pulse-update.js';
import { Rng } from '../emulator/random.js';
import { timeRuns } from './timing.js';

const N = 256;
const STREAM = 64;
const MIN_MS = Number(process.env['BENCH_MS'] ?? 1500);
const ROUNDS = 3;

/** Runs of `fn` for at least `minMs` after a warm-up; mean ms per run. */

const rng = new Rng(1);
const xs = Array.from({ length: STREAM }, () => Float64Array.from({ length: N }, () => 2 * rng.uniform() - 1));
const ds = Array.from({ length: STREAM }, () => Float64Array.from({ length: N }, () => 2 * rng.uniform() - 1));

// Reference: the plain outer product.
const W = new Float64Array(N * N);
let k = 0;
const outer = () => {
  const x = xs[k % STREAM]!;
  const d = ds[k % STREAM]!;
  k++;
  const lr = 1e-3;
  for (let j = 0; j < N; j++) {
    const s = lr * x[j]!;
    const base = j * N;
    for (let i = 0; i < N; i++) W[base + i] = W[base + i]! - s * d[i]!;
  }
};

const NONE: UpdateParameters = { ...DEFAULT_UPDATE_PARAMETERS, update_bl_management: false, update_management: false };
const cases: { name: string; rule: PulsedRule; up: UpdateParameters; lr: number }[] = [
  { name: 'constant step, no management', rule: 'constant', up: NONE, lr: 0.01 },
  { name: 'constant step, defaults', rule: 'constant', up: DEFAULT_UPDATE_PARAMETERS, lr: 0.05 },
  { name: 'soft bounds, no management', rule: 'soft_bounds', up: NONE, lr: 0.01 },
  { name: 'soft bounds, defaults', rule: 'soft_bounds', up: DEFAULT_UPDATE_PARAMETERS, lr: 0.05 },
];
const cellsPerS = (ms: number) => (N * N * 1000) / ms;
console.log(`Stochastic pulse update, ${N} x ${N} array, BL = 31, ${STREAM} seeded random vector pairs in [-1, 1]`);
console.log(`(each case alternates ${ROUNDS} times with the outer product; fastest of each; the ratio is of those)`);
console.log('case                                  ms/update   pulses/update   cell updates/s   vs outer product');
const rows: string[] = [];
let refBest = Infinity;
for (const c of cases) {
  const arr = new PulsedArray(N, N, defaultPulsedParams(c.rule), new Rng(2));
  const r = new Rng(3);
  let n = 0;
  let pulses = 0;
  let bl = 0;
  const step = () => {
    const res = pulseUpdate(arr, xs[n % STREAM]!, ds[n % STREAM]!, c.lr, c.up, r);
    n++;
    pulses += res.coincidences;
    bl = res.BL;
  };
  // Alternate with the reference so both see the same machine load (the machine is shared).
  let ref = Infinity;
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    ref = Math.min(ref, timeRuns(outer, MIN_MS / ROUNDS).ms);
    best = Math.min(best, timeRuns(step, MIN_MS / ROUNDS).ms);
  }
  refBest = Math.min(refBest, ref);
  if (bl !== 31) throw new Error(`${c.name}: BL ${bl}, expected 31`);
  rows.push(
    `${c.name.padEnd(38)}${best.toFixed(4).padStart(9)}   ${(pulses / n).toFixed(0).padStart(13)}   ${cellsPerS(best).toExponential(2).padStart(14)}   ${(best / ref).toFixed(1)}x slower`,
  );
}
if (!Number.isFinite(W[0]!)) throw new Error('unreachable');
console.log(`${'outer product W -= lr x d^T (Float64)'.padEnd(38)}${refBest.toFixed(4).padStart(9)}   ${'-'.padStart(13)}   ${cellsPerS(refBest).toExponential(2).padStart(14)}   1.00x`);
for (const row of rows) console.log(row);
