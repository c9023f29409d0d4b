// network/conv.ts: conv2d through im2col (NCHW, zero padding, stride), forward and backward.
//
// For one sample x [C, H, W], im2col builds the matrix cols [K, P] with K = C·kh·kw rows,
// ordered (c, i, j) like the weight's trailing axes, and P = Ho·Wo columns, ordered (oy, ox):
//   cols[(c·kh + i)·kw + j, oy·Wo + ox] = x[c, oy·sh − ph + i, ox·sw − pw + j]   (0 outside).
// Then out[oc, p] = b[oc] + Σ_k Wm[oc, k] · cols[k, p], with Wm the weight viewed as outC × K:
// every output position is one matrix-vector product with the same matrix, which is how a
// conv layer runs on a crossbar (mapping.ts feeds cols[:, p] to the tiles).
// Backward: dWm = Σ_samples g · colsᵀ, db = Σ g, dcols = Wmᵀ · g, dx = col2im(dcols) (the adjoint
// of im2col: overlapping windows add).
import type { Conv2dLayer, Tensor } from './layers.js';

export function convOutputSize(n: number, k: number, stride: number, pad: number): number {
  return Math.floor((n + 2 * pad - k) / stride) + 1;
}

export interface ConvGeometry {
  c: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  ho: number;
  wo: number;
}

export function geometry(l: Conv2dLayer, shape: readonly number[]): ConvGeometry {
  const [, c, h, w] = shape as [number, number, number, number];
  const [kh, kw] = l.kernel;
  const [sh, sw] = l.stride;
  const [ph, pw] = l.padding;
  return { c, h, w, kh, kw, sh, sw, ph, pw, ho: convOutputSize(h, kh, sh, ph), wo: convOutputSize(w, kw, sw, pw) };
}

/** im2col of sample `s` of x (NCHW data) into cols [K, P] (row-major). */
export function im2col(x: Float64Array, s: number, g: ConvGeometry, cols: Float64Array): void {
  const { c, h, w, kh, kw, sh, sw, ph, pw, ho, wo } = g;
  const p = ho * wo;
  const base = s * c * h * w;
  for (let ch = 0; ch < c; ch++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const row = ((ch * kh + i) * kw + j) * p;
        for (let oy = 0; oy < ho; oy++) {
          const y = oy * sh - ph + i;
          const inside = y >= 0 && y < h;
          for (let ox = 0; ox < wo; ox++) {
            const xx = ox * sw - pw + j;
            cols[row + oy * wo + ox] = inside && xx >= 0 && xx < w ? x[base + (ch * h + y) * w + xx]! : 0;
          }
        }
      }
    }
  }
}

/** Adds col2im(dcols) into sample `s` of dx (NCHW data). */
export function col2im(dcols: Float64Array, s: number, g: ConvGeometry, dx: Float64Array): void {
  const { c, h, w, kh, kw, sh, sw, ph, pw, ho, wo } = g;
  const p = ho * wo;
  const base = s * c * h * w;
  for (let ch = 0; ch < c; ch++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const row = ((ch * kh + i) * kw + j) * p;
        for (let oy = 0; oy < ho; oy++) {
          const y = oy * sh - ph + i;
          if (y < 0 || y >= h) continue;
          for (let ox = 0; ox < wo; ox++) {
            const xx = ox * sw - pw + j;
            if (xx >= 0 && xx < w) dx[base + (ch * h + y) * w + xx]! += dcols[row + oy * wo + ox]!;
          }
        }
      }
    }
  }
}

/** Forward: [N, C, H, W] → [N, outC, Ho, Wo] data. */
export function conv2dForward(l: Conv2dLayer, x: Tensor): Float64Array {
  const n = x.shape[0]!;
  const g = geometry(l, x.shape);
  const k = g.c * g.kh * g.kw;
  const p = g.ho * g.wo;
  const oc = l.outChannels;
  const cols = new Float64Array(k * p);
  const out = new Float64Array(n * oc * p);
  for (let s = 0; s < n; s++) {
    im2col(x.data, s, g, cols);
    const ob = s * oc * p;
    for (let o = 0; o < oc; o++) {
      const row = ob + o * p;
      out.fill(l.bias[o]!, row, row + p);
      for (let kk = 0; kk < k; kk++) {
        const wv = l.weight[o * k + kk]!;
        if (wv === 0) continue;
        const cr = kk * p;
        for (let q = 0; q < p; q++) out[row + q]! += wv * cols[cr + q]!;
      }
    }
  }
  return out;
}

/** Backward: gradients of weight, bias and input from g = ∂L/∂out [N, outC, Ho, Wo]. */
export function conv2dBackward(l: Conv2dLayer, x: Tensor, gOut: Float64Array): { weight: Float64Array; bias: Float64Array; gradInput: Float64Array } {
  const n = x.shape[0]!;
  const g = geometry(l, x.shape);
  const k = g.c * g.kh * g.kw;
  const p = g.ho * g.wo;
  const oc = l.outChannels;
  const cols = new Float64Array(k * p);
  const dcols = new Float64Array(k * p);
  const dw = new Float64Array(l.weight.length);
  const db = new Float64Array(oc);
  const dx = new Float64Array(x.data.length);
  for (let s = 0; s < n; s++) {
    im2col(x.data, s, g, cols);
    dcols.fill(0);
    const gb = s * oc * p;
    for (let o = 0; o < oc; o++) {
      const grow = gb + o * p;
      let sum = 0;
      for (let q = 0; q < p; q++) sum += gOut[grow + q]!;
      db[o]! += sum;
      for (let kk = 0; kk < k; kk++) {
        const cr = kk * p;
        let acc = 0;
        for (let q = 0; q < p; q++) acc += gOut[grow + q]! * cols[cr + q]!;
        dw[o * k + kk]! += acc;
        const wv = l.weight[o * k + kk]!;
        if (wv === 0) continue;
        for (let q = 0; q < p; q++) dcols[cr + q]! += wv * gOut[grow + q]!;
      }
    }
    col2im(dcols, s, g, dx);
  }
  return { weight: dw, bias: db, gradInput: dx };
}
