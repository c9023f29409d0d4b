// emulator/models/crossbar.ts: weights -> conductances -> column outputs.
//
// Programming (once per run):
//   1. Scale the weights: max|W| (of the tile, or of each column) maps to 1 (aihwkit
//      weight scaling, undone digitally by `laneScale`).
//   2. Map to device targets by the cell scheme (delta = g_max - g_min):
//        differential  G+ = g_min + max(w, 0) delta,  G- = g_min + max(-w, 0) delta
//        P pairs       significance f_p, F = sum f_p (aihwkit's NPairConductanceConverter,
//                      devices.md §1.1): pair p holds clamp((|w| F - sum_{q<p} f_q)/f_p, 0, 1)
//                      of its range on G+ (w > 0) or G-, filled least significant first; the
//                      weight is sum_p (f_p / F)(G+_p - G-_p) / delta, read as one lane
//                      (the readout's current mirrors have gains f_p / F).
//        offset        G  = g_min + (w + 1)/2 delta, with a reference column at g_min + delta/2
//        bit_sliced    w_int = round(w (2^(b-1) - 1)); offset encoding u = w_int + 2^(b-1),
//                      slice s holds digit u_s (base 2^bpc) at g_min + u_s/(2^bpc - 1) delta;
//                      a unit column at half scale is subtracted from the top slice in the
//                      analog domain, so the slices recombine to w_int exactly.
//                      (encoding = differential: the digits of |w_int| on G+ or G-.)
//   3. The device model programs the targets (programming noise, drift exponents) and gives
//      the conductances at t_inference (drift, read noise).
//   4. Effective weights per output lane, in units of one full-scale device (delta):
//      `w` from the devices, `wIdeal` from the targets.
//   5. ir_drop = exact: the devices as a resistive network with the crossbar's wires
//      (./exact-array.ts), factorised once; it replaces the product below.
// Per input slice: out_j = sum_i x_i w_ij: a dot product per output over the transposed
// weights `wT`, computed by the model's `kernel` (wasm SIMD, ./wasm/dot-kernel.ts), whose
// memory holds the weights: write x into `kernel.x`, call `kernel.mvmPair()`, read
// `kernel.out`. Then the output-side non-idealities of ./analog-mvm.ts (`analog`).
import type { CellIR, ComponentIR } from '../../dsl/ir/nodes.js';
import { outputsPerColumn } from '../../dsl/ir/ports.js';
import { deviceModel } from '../devices/index.js';
import type { Rng } from '../random.js';
import { analogParams, type AnalogParams } from './analog-mvm.js';
import { exactArray, type ExactArray } from './exact-array.js';
import { roundHalfEven } from './quantize.js';
import { pairGains, physicalArray, type PhysicalArray } from './physical-array.js';
import { createDotKernel, type DotKernel } from './wasm/dot-kernel.js';
import { driftCompensation, type DriftCompensationMode } from './drift-compensation.js';

/** The JS reference products (the kernel's fallback; used by tests and the benchmark). */
export { mvm, mvmPair } from './wasm/dot-kernel.js';

export interface CrossbarModel {
  /** Drift compensation: a digital factor per lane applied after the converter, or null. */
  driftAlpha: Float64Array | null;
  rows: number;
  cols: number;
  /** Output lanes: cols x outputs per column (bit slices). */
  lanes: number;
  perColumn: number;
  /**
   * Effective weights after programming and drift, transposed: lanes x rows (each lane's
   * column of weights is contiguous, so an output is one dot product). Float32: device
   * noise is far above its resolution, and half the bytes stream faster. A view into the
   * kernel's memory (`kernel.wT`).
   */
  wT: Float32Array;
  /** Noise-free effective weights (the ideal digital MVM), lanes x rows, float32 too (`kernel.wIdealT`). */
  wIdealT: Float32Array;
  /** The product kernel: its memory holds wT and wIdealT, the inputs and the outputs. */
  kernel: DotKernel;
  /** Conductance of every device on each row (S), for the array energy. */
  rowG: Float64Array;
  /** Digital factor per lane that undoes the weight scaling (max|W| of the tile or column). */
  laneScale: Float64Array;
  /** Noise added to each output, in output units (also in `analog`). */
  outNoise: number;
  /** The output-side non-idealities of the crossbar (IR drop, weight read noise, nonlinearity, noise). */
  analog: AnalogParams;
  /** ir_drop = exact: the resistive network of the devices, and its solver state. */
  exact?: ExactArray;
  gMin: number;
  gMax: number;
  devices: number;
  /** The devices as a physical array (only when programmed with `keepConductances`). */
  physical?: PhysicalArray;
}

function cellOf(c: ComponentIR): CellIR {
  const cell = c.params['cell'] as CellIR;
  return cell;
}

/**
 * Program a crossbar with `weights` (rows x cols, row-major). `keepConductances` also keeps
 * every device's conductance as a physical array (for the exporters; it costs 16 bytes per
 * device).
 */
export function programCrossbar(c: ComponentIR, weights: Float64Array, rng: Rng, tInference: number, opts: { keepConductances?: boolean } = {}): CrossbarModel {
  const rows = c.params['rows'] as number;
  const cols = c.params['cols'] as number;
  const cell = cellOf(c);
  const per = outputsPerColumn(cell);
  const lanes = cols * per;
  const device = deviceModel(cell.device.params, cell.device.kindName);
  const gMin = device.gMin;
  const gMax = device.gMax;
  const delta = gMax - gMin;

  // 1. scaling
  const columnwise = c.params['weight_scaling'] === 'column';
  const colMax = new Float64Array(cols);
  let tileMax = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const a = Math.abs(weights[i * cols + j]!);
      if (a > colMax[j]!) colMax[j] = a;
      if (a > tileMax) tileMax = a;
    }
  }
  const scaleOf = (j: number) => {
    const m = columnwise ? colMax[j]! : tileMax;
    return m > 0 ? m : 1;
  };
  const wn = (i: number, j: number) => weights[i * cols + j]! / scaleOf(j);

  // 2. targets, and how each lane's effective weight is read from device conductances
  let targets: Float64Array;
  let effective: (g: Float64Array, out: Float64Array) => void;
  const laneScale = new Float64Array(lanes);

  if (cell.scheme === 'differential' && cell.pairs > 1) {
    // P pairs with significance f_p (aihwkit's NPairConductanceConverter, devices.md §1.1):
    // |w| spans F = sum_p f_p full-scale pairs; the pairs are filled in list order (least
    // significant first), pair p taking clamp((|w| F - sum_{q<p} f_q) / f_p, 0, 1) of its
    // range. Pair p occupies blocks 2p (G+) and 2p + 1 (G-); the column's readout combines
    // the pairs in the analog domain with gains f_p / F (./physical-array.ts).
    const P = cell.pairs;
    const f = cell.significance;
    const gains = pairGains(f);
    const F = f.reduce((a, b) => a + b, 0);
    const n = rows * cols;
    targets = new Float64Array(2 * P * n);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const w = wn(i, j);
        const u = Math.abs(w) * F;
        let lower = 0;
        for (let p = 0; p < P; p++) {
          const level = gMin + Math.min(1, Math.max(0, (u - lower) / f[p]!)) * delta;
          targets[2 * p * n + i * cols + j] = w > 0 ? level : gMin;
          targets[(2 * p + 1) * n + i * cols + j] = w < 0 ? level : gMin;
          lower += f[p]!;
        }
      }
    }
    effective = (g, out) => {
      for (let k = 0; k < n; k++) {
        let v = 0;
        for (let p = 0; p < P; p++) v += gains[p]! * (g[2 * p * n + k]! - g[(2 * p + 1) * n + k]!);
        out[k] = v / delta;
      }
    };
    for (let j = 0; j < cols; j++) laneScale[j] = scaleOf(j);
  } else if (cell.scheme === 'differential') {
    const n = rows * cols;
    targets = new Float64Array(2 * n);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const w = wn(i, j);
        targets[i * cols + j] = gMin + Math.max(w, 0) * delta;
        targets[n + i * cols + j] = gMin + Math.max(-w, 0) * delta;
      }
    }
    effective = (g, out) => {
      for (let k = 0; k < n; k++) out[k] = (g[k]! - g[n + k]!) / delta;
    };
    for (let j = 0; j < cols; j++) laneScale[j] = scaleOf(j);
  } else if (cell.scheme === 'offset') {
    const n = rows * cols;
    targets = new Float64Array(n + rows);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) targets[i * cols + j] = gMin + ((wn(i, j) + 1) / 2) * delta;
      targets[n + i] = gMin + delta / 2;
    }
    effective = (g, out) => {
      for (let i = 0; i < rows; i++) {
        const ref = g[n + i]!;
        for (let j = 0; j < cols; j++) out[i * cols + j] = (2 * (g[i * cols + j]! - ref)) / delta;
      }
    };
    for (let j = 0; j < cols; j++) laneScale[j] = scaleOf(j);
  } else {
    // bit_sliced
    const bits = cell.bits;
    const bpc = cell.bitsPerCell;
    const base = 2 ** bpc;
    const top = base - 1;
    const half = 2 ** (bpc - 1);
    const qmax = 2 ** (bits - 1) - 1;
    const n = rows * cols;
    const diff = cell.encoding === 'differential';
    // layout: slice s occupies [s*n, (s+1)*n) (and [(per+s)*n, ...) for G- when differential);
    // offset encoding adds a unit column (one device per row) at the end.
    targets = new Float64Array(diff ? 2 * per * n : per * n + rows);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const wi = roundHalfEven(wn(i, j) * qmax);
        let u = diff ? Math.abs(wi) : wi + 2 ** (bits - 1);
        for (let s = 0; s < per; s++) {
          const digit = u % base;
          u = Math.floor(u / base);
          const level = gMin + (digit / top) * delta;
          if (diff) {
            targets[s * n + i * cols + j] = wi >= 0 ? level : gMin;
            targets[(per + s) * n + i * cols + j] = wi < 0 ? level : gMin;
          } else targets[s * n + i * cols + j] = level;
        }
      }
      if (!diff) targets[per * n + i] = gMin + (half / top) * delta;
    }
    effective = (g, out) => {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          for (let s = 0; s < per; s++) {
            const k = s * n + i * cols + j;
            let v = diff ? g[k]! - g[per * n + k]! : g[k]! - gMin;
            // Offset encoding: the unit column removes 2^(bpc-1) levels from the top slice.
            if (!diff && s === per - 1) v -= g[per * n + i]! - gMin;
            out[i * lanes + j * per + s] = v / delta;
          }
        }
      }
    };
    // Lane j*per + s recombines (shift_add) as sum_s 2^(s*bpc) code_s, in units of 1/top
    // of a level per (2^(b-1) - 1): the digital scale back to weight units.
    for (let j = 0; j < cols; j++) for (let s = 0; s < per; s++) laneScale[j * per + s] = (scaleOf(j) * top) / qmax;
  }

  // 3. devices
  const programmed = device.program(targets, rng);
  const now = new Float64Array(targets.length);
  device.drift(programmed, tInference, rng, now);

  // 3b. drift compensation (devices.md §1.3): digital factors per lane from one-hot read-outs,
  // applied to the codes after the converter (Token.digitalGain), as aihwkit applies alpha.
  const mode = (c.params['drift_compensation'] as DriftCompensationMode | undefined) ?? 'none';
  const driftAlpha = driftCompensation(mode, { rows, lanes, effective, outNoise: (c.params['out_noise'] as number) ?? 0 }, programmed.gProg, now, rng);

  // 4. effective weights
  const w64 = new Float64Array(rows * lanes);
  const ideal64 = new Float64Array(rows * lanes);
  effective(now, w64);
  effective(targets, ideal64);
  const kernel = createDotKernel(rows, lanes);
  transpose(w64, rows, lanes, kernel.wT);
  transpose(ideal64, rows, lanes, kernel.wIdealT);
  const rowG = new Float64Array(rows);
  rowSums(now, rows, cols, rowG);
  const analog = analogParams(c, gMax);
  const keep = opts.keepConductances || analog.irDrop === 'exact';
  const physical = keep ? physicalArray(cell, rows, cols, per, now, targets, gMin, gMax) : undefined;
  return {
    rows, cols, lanes, perColumn: per, wT: kernel.wT, wIdealT: kernel.wIdealT, kernel, rowG, laneScale,
    outNoise: analog.outNoise, analog,
    gMin, gMax, devices: targets.length, driftAlpha,
    ...(opts.keepConductances ? { physical: physical! } : {}),
    ...(analog.irDrop === 'exact' ? { exact: exactArray(physical!, cols, per, { wireR: analog.wireR, rDriver: analog.rDriver, tol: analog.tol }) } : {}),
  };
}

/** Sum of device conductances per row: blocks of rows x cols devices, then (maybe) one per row. */
function rowSums(g: Float64Array, rows: number, cols: number, out: Float64Array): void {
  const n = rows * cols;
  const blocks = Math.floor(g.length / n);
  const perRowTail = g.length - blocks * n === rows;
  for (let i = 0; i < rows; i++) {
    let sum = perRowTail ? g[blocks * n + i]! : 0;
    for (let b = 0; b < blocks; b++) for (let j = 0; j < cols; j++) sum += g[b * n + i * cols + j]!;
    out[i] = sum;
  }
}

/** rows x lanes (row-major) -> lanes x rows, as float32, into `t`. */
function transpose(a: Float64Array, rows: number, lanes: number, t: Float32Array): void {
  for (let i = 0; i < rows; i++) for (let j = 0; j < lanes; j++) t[j * rows + i] = a[i * lanes + j]!;
}

/** A structure the emulator cannot run yet: reported as a diagnostic, not a crash. */
export class EmulatorLimitation extends Error {}
