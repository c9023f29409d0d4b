// emulator/models/crossbar.ts: weights -> conductances -> column outputs.
//
// Programming (once per run):
//   1. Scale the weights: max|W| (of the tile, or of each column) maps to 1 (aihwkit
//      weight scaling, undone digitally by `laneScale`).
//   2. Map to device targets by the cell scheme (delta = g_max - g_min):
//        differential  G+ = g_min + max(w, 0) delta,  G- = g_min + max(-w, 0) delta
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
// Per input slice: out_j = sum_i x_i w_ij (+ output noise), a dense loop over `w`.
import type { CellIR, ComponentIR } from '../../dsl/ir/nodes.js';
import { outputsPerColumn } from '../../dsl/ir/ports.js';
import { deviceModel } from '../devices/index.js';
import type { Rng } from '../random.js';
import { roundHalfEven } from './quantize.js';

export interface CrossbarModel {
  rows: number;
  cols: number;
  /** Output lanes: cols x outputs per column (bit slices). */
  lanes: number;
  perColumn: number;
  /** Effective weights after programming and drift: rows x lanes, row-major. */
  w: Float64Array;
  /** Noise-free effective weights (the ideal digital MVM): rows x lanes. */
  wIdeal: Float64Array;
  /** Conductance of every device on each row (S), for the array energy. */
  rowG: Float64Array;
  /** Digital factor per lane that undoes the weight scaling (max|W| of the tile or column). */
  laneScale: Float64Array;
  /** Noise added to each output, in output units. */
  outNoise: number;
  gMin: number;
  gMax: number;
  devices: number;
}

function cellOf(c: ComponentIR): CellIR {
  const cell = c.params['cell'] as CellIR;
  return cell;
}

/** Program a crossbar with `weights` (rows x cols, row-major). */
export function programCrossbar(c: ComponentIR, weights: Float64Array, rng: Rng, tInference: number): CrossbarModel {
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

  if (cell.scheme === 'differential') {
    if (cell.pairs !== 1) throw new EmulatorLimitation('differential cells with more than one pair are not emulated yet');
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

  // 4. effective weights
  const w = new Float64Array(rows * lanes);
  const wIdeal = new Float64Array(rows * lanes);
  effective(now, w);
  effective(targets, wIdeal);
  const rowG = new Float64Array(rows);
  rowSums(now, rows, cols, rowG);
  return {
    rows, cols, lanes, perColumn: per, w, wIdeal, rowG, laneScale,
    outNoise: (c.params['out_noise'] as number) ?? 0,
    gMin, gMax, devices: targets.length,
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

/** out[lane] = sum_i x_i w[i][lane]: the analog product of one input slice. */
export function mvm(w: Float64Array, rows: number, lanes: number, x: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const base = i * lanes;
    for (let j = 0; j < lanes; j++) out[j] = out[j]! + xi * w[base + j]!;
  }
}

/** A structure the emulator cannot run yet: reported as a diagnostic, not a crash. */
export class EmulatorLimitation extends Error {}
