// Tests of drift compensation (drift-compensation.ts) against aihwkit's behaviour
// (devices.md §1.3) with the PCM-like model (devices.md §1.2): the factor recovers the drift of
// the mean conductance, compensated outputs have gain ~1 against the ideal ones, and per-column
// compensation is at least as good as global on column-dependent drift.
import test from 'ava';
import { deviceModel, type DeviceModel } from '../devices/index.js';
import { Rng } from '../random.js';
import { driftCompensation, readout, readoutValue, READOUT_FLOOR, type ReadoutPath } from './drift-compensation.js';

const DAY = 86400;
const YEAR = 365 * DAY;

/** A differential pair per weight (G+ in [0, n), G- in [n, 2n)), as programCrossbar maps it. */
function differential(device: DeviceModel, w: Float64Array, rows: number, cols: number) {
  const { gMin, gMax } = device;
  const delta = gMax - gMin;
  const n = rows * cols;
  const targets = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    targets[k] = gMin + Math.max(w[k]!, 0) * delta;
    targets[n + k] = gMin + Math.max(-w[k]!, 0) * delta;
  }
  const effective = (g: Float64Array, out: Float64Array) => {
    for (let k = 0; k < n; k++) out[k] = (g[k]! - g[n + k]!) / delta;
  };
  return { targets, effective };
}

interface Run {
  alpha: Float64Array | null;
  /** Effective weights at t (rows x cols) and the ideal ones. */
  wNow: Float64Array;
  wIdeal: Float64Array;
}

function run(mode: 'none' | 'global' | 'column', w: Float64Array, rows: number, cols: number, tInf: number, seed: number, outNoise = 0.06): Run {
  const device = deviceModel({}, 'pcm_like');
  const { targets, effective } = differential(device, w, rows, cols);
  const rng = new Rng(seed);
  const p = device.program(targets, rng);
  const now = new Float64Array(targets.length);
  device.drift(p, tInf, rng, now);
  const path: ReadoutPath = { rows, lanes: cols, effective, outNoise };
  const alpha = driftCompensation(mode, path, p.gProg, now, rng);
  const wNow = new Float64Array(rows * cols);
  const wIdeal = new Float64Array(rows * cols);
  effective(now, wNow);
  effective(targets, wIdeal);
  return { alpha, wNow, wIdeal };
}

/**
 * Least-squares gain of the (compensated) outputs against the ideal ones over `vectors` random
 * inputs in [-1, 1]: sum y yhat / sum yhat^2, with y = alpha (x W_t) and yhat = x W_ideal.
 */
function outputGain(r: Run, rows: number, cols: number, vectors: number, seed: number): { gain: number; relRms: number } {
  const rng = new Rng(seed);
  let sxy = 0;
  let sxx = 0;
  let see = 0;
  const x = new Float64Array(rows);
  for (let v = 0; v < vectors; v++) {
    for (let i = 0; i < rows; i++) x[i] = 2 * rng.uniform() - 1;
    for (let j = 0; j < cols; j++) {
      let y = 0;
      let yh = 0;
      for (let i = 0; i < rows; i++) {
        y += x[i]! * r.wNow[i * cols + j]!;
        yh += x[i]! * r.wIdeal[i * cols + j]!;
      }
      y *= r.alpha ? r.alpha[j]! : 1;
      sxy += y * yh;
      sxx += yh * yh;
      see += (y - yh) ** 2;
    }
  }
  return { gain: sxy / sxx, relRms: Math.sqrt(see / sxx) };
}

function randomWeights(rows: number, cols: number, seed: number, magnitude?: (j: number) => number): Float64Array {
  const rng = new Rng(seed);
  const w = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const m = magnitude ? magnitude(j) : rng.uniform();
      w[i * cols + j] = rng.uniform() < 0.5 ? -m : m;
    }
  }
  return w;
}

test('readout: one-hot outputs are the weights; global and column read-outs are aihwkit\'s mean |y| with the 1e-4 floor', (t) => {
  const w = Float64Array.from([0.5, -1, 0, 0.25]);
  const path: ReadoutPath = { rows: 2, lanes: 2, effective: () => {}, outNoise: 0 };
  const y = new Float64Array(4);
  readout(path, w, new Rng(1), y);
  t.deepEqual(Array.from(y), [0.5, -1, 0, 0.25]);
  t.deepEqual(Array.from(readoutValue('global', y, 2, 2)), [0.4375]);
  t.deepEqual(Array.from(readoutValue('column', y, 2, 2)), [0.25, 0.625]);
  t.deepEqual(Array.from(readoutValue('column', new Float64Array(4), 2, 2)), [READOUT_FLOOR, READOUT_FLOOR]);
  // Quantiser and input noise are applied when given.
  readout({ ...path, quantize: (v) => Math.round(v) }, w, new Rng(1), y);
  t.deepEqual(Array.from(y), [1, -1, 0, 0]);
  readout({ ...path, inputNoise: 0.1 }, w, new Rng(1), y);
  t.notDeepEqual(Array.from(y), [0.5, -1, 0, 0.25]);
  // The analog hook sees each read-out vector's product, its one-hot input and wT (lanes x rows).
  const seen: string[] = [];
  readout({ ...path, outNoise: 1, analog: (yr, x, wT) => { seen.push(`${Array.from(yr)}|${Array.from(x)}|${Array.from(wT)}`); yr[0] = 7; } }, w, new Rng(1), y);
  t.deepEqual(seen, ['0.5,-1|1,0|0.5,0,-1,0.25', '0,0.25|0,1|0.5,0,-1,0.25']);
  t.deepEqual(Array.from(y), [7, -1, 7, 0.25]);
});

test('none draws nothing and returns null; global returns one factor for every lane', (t) => {
  const w = randomWeights(16, 8, 1);
  t.is(run('none', w, 16, 8, DAY, 1).alpha, null);
  const g = run('global', w, 16, 8, DAY, 1).alpha!;
  t.is(g.length, 8);
  t.true(g.every((a) => a === g[0]));
});

test('GDC, full-scale weights: alpha recovers aihwkit\'s E[g(t)]/g_T = 0.665 (1 day) and 0.500 (1 year) within 3 %', (t) => {
  // Every weight at |w| = 1: its G+ (or G-) is at g_max, x = 1, where devices.md §1.2 lists
  // aihwkit's Monte-Carlo E[g(t)]/g_T.
  const rows = 128;
  const cols = 64;
  const w = randomWeights(rows, cols, 2, () => 1);
  for (const [tInf, factor] of [[DAY, 0.665], [YEAR, 0.5]] as const) {
    const none = outputGain(run('none', w, rows, cols, tInf, 3), rows, cols, 50, 4);
    const r = run('global', w, rows, cols, tInf, 3);
    const gdc = outputGain(r, rows, cols, 50, 4);
    const a = r.alpha![0]!;
    t.log(`t=${tInf}s: gain uncompensated ${none.gain.toFixed(4)}, alpha ${a.toFixed(4)} (1/${factor} = ${(1 / factor).toFixed(4)}), gain compensated ${gdc.gain.toFixed(4)}`);
    t.true(Math.abs(none.gain - factor) < 0.03 * factor, `uncompensated gain ${none.gain}`);
    t.true(Math.abs(a * factor - 1) < 0.03, `alpha ${a}`);
    t.true(Math.abs(gdc.gain - 1) < 0.03, `compensated gain ${gdc.gain}`);
  }
});

test('GDC, uniform random weights: compensated gain ~1 and smaller error at 1 day and 1 year', (t) => {
  const rows = 128;
  const cols = 64;
  const w = randomWeights(rows, cols, 5);
  for (const tInf of [DAY, YEAR]) {
    const none = outputGain(run('none', w, rows, cols, tInf, 6), rows, cols, 50, 7);
    const gdc = outputGain(run('global', w, rows, cols, tInf, 6), rows, cols, 50, 7);
    t.log(`t=${tInf}s: gain ${none.gain.toFixed(4)} -> ${gdc.gain.toFixed(4)}, rel. rms error ${none.relRms.toFixed(4)} -> ${gdc.relRms.toFixed(4)}`);
    t.true(none.gain < 0.7, `uncompensated gain ${none.gain}`);
    t.true(Math.abs(gdc.gain - 1) < 0.03, `compensated gain ${gdc.gain}`);
    t.true(gdc.relRms < 0.6 * none.relRms);
  }
});

test('column compensation beats global on column-dependent drift (small-x columns drift more)', (t) => {
  // Half the columns at |w| = 1 (x = 1, E[g]/g_T = 0.665 at 1 day), half at |w| = 0.05 (x = 0.05,
  // 0.570: devices.md §1.2): one tile factor cannot fit both.
  const rows = 128;
  const cols = 32;
  const w = randomWeights(rows, cols, 8, (j) => (j % 2 === 0 ? 1 : 0.05));
  const columnGains = (r: Run) => {
    const gains: number[] = [];
    for (let j = 0; j < cols; j++) {
      let sxy = 0;
      let sxx = 0;
      for (let i = 0; i < rows; i++) {
        sxy += (r.alpha ? r.alpha[j]! : 1) * r.wNow[i * cols + j]! * r.wIdeal[i * cols + j]!;
        sxx += r.wIdeal[i * cols + j]! ** 2;
      }
      gains.push(sxy / sxx);
    }
    return gains;
  };
  const rmsDev = (g: number[]) => Math.sqrt(g.reduce((s, x) => s + (x - 1) ** 2, 0) / g.length);
  for (const tInf of [DAY, YEAR]) {
    // Output noise off: at x = 0.05 it would swamp a one-hot read-out of 128 rows.
    const glob = columnGains(run('global', w, rows, cols, tInf, 9, 0));
    const col = columnGains(run('column', w, rows, cols, tInf, 9, 0));
    const smallGlobal = glob.filter((_, j) => j % 2 === 1);
    const meanSmall = smallGlobal.reduce((s, x) => s + x, 0) / smallGlobal.length;
    t.log(`t=${tInf}s: rms |column gain - 1| global ${rmsDev(glob).toFixed(4)}, column ${rmsDev(col).toFixed(4)}; small columns under global ${meanSmall.toFixed(4)}`);
    t.true(rmsDev(col) <= rmsDev(glob));
    t.true(rmsDev(col) < 0.5 * rmsDev(glob));
    t.true(meanSmall < 0.95, `small columns under global compensation: ${meanSmall}`);
  }
});
