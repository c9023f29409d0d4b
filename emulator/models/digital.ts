// emulator/models/digital.ts: shift-and-add and the affine post-processing. Pure functions.
import { roundHalfEven } from './quantize.js';

/**
 * Combine adjacent lanes: out_j = sum_s 2^(s * shift) * in[j * slices + s] (weight slices,
 * least significant first; the pairs of a differential cell are summed in its readout).
 */
export function combineSlices(input: ArrayLike<number>, slices: number, shift: number, out: Float64Array): void {
  for (let j = 0; j < out.length; j++) {
    let acc = 0;
    for (let s = 0; s < slices; s++) acc += 2 ** (s * shift) * input[j * slices + s]!;
    out[j] = acc;
  }
}

export type Activation = 'none' | 'relu' | 'sigmoid' | 'tanh';

export function activate(a: Activation, x: number): number {
  switch (a) {
    case 'none':
      return x;
    case 'relu':
      return x > 0 ? x : 0;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'tanh':
      return Math.tanh(x);
  }
}

/** The affine unit's output code: round half to even and clip to the signed out_bits range. */
export function affineCode(x: number, scale: number, offset: number, activation: Activation, outBits: number): number {
  const y = activate(activation, scale * x + offset);
  const max = 2 ** (outBits - 1) - 1;
  return Math.min(max, Math.max(-max, roundHalfEven(y)));
}

/** The same without rounding or clipping: the ideal the output is compared with. */
export function affineIdeal(x: number, scale: number, offset: number, activation: Activation): number {
  return activate(activation, scale * x + offset);
}
