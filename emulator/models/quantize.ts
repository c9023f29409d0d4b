// emulator/models/quantize.ts: the symmetric DAC/ADC quantiser of IBM aihwkit.
//
// Semantics (../shared/reference/periphery.md §2.2, verified there by running aihwkit's torch
// tile; C++ `rintf`, torch `torch.round`):
//
//   step = 2 * bound / (2^bits - 2)            (aihwkit: res = 1/(2^bits - 2), step = res*2*bound)
//   q(v) = clip(roundHalfEven(v / step) * step, -bound, +bound)
//
// Rounding comes first and clipping second. A b-bit converter has the 2^b - 1 codes
// -(2^(b-1) - 1) .. 2^(b-1) - 1; the largest code is exactly +bound (2^(b-1) - 1 steps of
// 2*bound/(2^b - 2)). Example: 7 bits, bound 1 -> step 2/126, codes -63 .. 63.
//
// 1 bit: the formula has 2^1 - 2 = 0 steps, and the code range -(2^0 - 1) .. 2^0 - 1 is {0}, so
// the aihwkit quantiser has no 1-bit form. The language allows 1-bit converters (a comparator /
// sense-amplifier ADC, a sign DAC), so here bits = 1 is a SIGN quantiser:
//   codeOf(v) = sign(v) in {-1, 0, +1}, valueOf(c) = c * bound, stepOf(bound, 1) = bound,
//   q(v) = bound * sign(v).
// Exactly zero (and -0) maps to 0, so an idle zero input does not drive full scale; every
// other value maps to +bound or -bound. This is the limit of "round to the nearest of
// {-bound, +bound}" with a dead zone of width 0 around 0.
//
// NaN: quantize(NaN) is NaN (as rint and clamp in aihwkit); codeOf(NaN) throws a RangeError,
// because there is no integer code for it. +-Infinity clip to +-bound (the extreme code).
// bits must be an integer 1 .. 52 and bound finite and > 0 (RangeError otherwise).

/** Round to the nearest integer, ties to even (IEEE 754 roundTiesToEven, like C rint()). */
export function roundHalfEven(x: number): number {
  // Math.round is exact and rounds ties toward +Infinity; r - x is then exact (r and x are
  // within a factor of two of each other, or one of them is 0), so a tie is detected exactly
  // and moved down to the even neighbour. Values with |x| >= 2^52 are integers already.
  const r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

function check(bound: number, bits: number): void {
  if (!Number.isInteger(bits) || bits < 1 || bits > 52) {
    throw new RangeError(`quantiser bits must be an integer 1 .. 52, got ${bits}`);
  }
  if (!(bound > 0) || !Number.isFinite(bound)) {
    throw new RangeError(`quantiser bound must be finite and > 0, got ${bound}`);
  }
}

/** The largest code magnitude: 2^(bits-1) - 1 (1 for the 1-bit sign quantiser). */
export function maxCode(bits: number): number {
  check(1, bits);
  return bits === 1 ? 1 : 2 ** (bits - 1) - 1;
}

/** The quantisation step: 2*bound/(2^bits - 2); for bits = 1, bound (the value of code 1). */
export function stepOf(bound: number, bits: number): number {
  check(bound, bits);
  return bits === 1 ? bound : (2 * bound) / (2 ** bits - 2);
}

/**
 * The integer code of v: roundHalfEven(v/step), clipped to +-(2^(bits-1) - 1). For bits = 1,
 * sign(v). Throws a RangeError for NaN.
 */
export function codeOf(v: number, bound: number, bits: number): number {
  check(bound, bits);
  if (Number.isNaN(v)) throw new RangeError('cannot quantise NaN');
  if (bits === 1) return v > 0 ? 1 : v < 0 ? -1 : 0;
  const m = 2 ** (bits - 1) - 1;
  const c = roundHalfEven(v / ((2 * bound) / (2 ** bits - 2)));
  const k = c > m ? m : c < -m ? -m : c;
  return k === 0 ? 0 : k; // no -0 codes
}

/**
 * The count of a current-controlled-oscillator ADC that counts only whole periods: a partial
 * period at the end of the window is not counted (the oscillator's capacitor has not reached
 * its threshold), so the magnitude is floored and the sign is the polarity:
 * sign(v) * floor(|v| / step), clipped to +-(2^(bits-1) - 1). Same step and code range as
 * codeOf (aihwkit IRDropT's CCO quantisation, periphery.md §2.4). Throws a RangeError for NaN.
 */
export function floorCodeOf(v: number, bound: number, bits: number): number {
  check(bound, bits);
  if (Number.isNaN(v)) throw new RangeError('cannot quantise NaN');
  return floorCount(v / stepOf(bound, bits), maxCode(bits));
}

/** sign(u) * floor(|u|), clipped to +-m; u in steps (LSB). No -0. */
export function floorCount(u: number, m: number): number {
  const f = Math.floor(Math.abs(u));
  const k = f > m ? m : f;
  return k === 0 ? 0 : u < 0 ? -k : k;
}

/** The value of a code: code * step; the extreme codes give exactly +-bound. */
export function valueOf(code: number, bound: number, bits: number): number {
  check(bound, bits);
  const m = bits === 1 ? 1 : 2 ** (bits - 1) - 1;
  if (!Number.isInteger(code) || code > m || code < -m) {
    throw new RangeError(`code ${code} is outside -${m} .. ${m} for ${bits} bits`);
  }
  if (code === m) return bound;
  if (code === -m) return -bound;
  if (code === 0) return 0; // (for 1 bit, whose step 2 bound / 0 is not finite)
  return code * ((2 * bound) / (2 ** bits - 2));
}

/**
 * aihwkit's quantiser: roundHalfEven(v/step)*step, then clip to +-bound. NaN stays NaN.
 * For bits = 1, bound*sign(v).
 */
export function quantize(v: number, bound: number, bits: number): number {
  check(bound, bits);
  if (Number.isNaN(v)) return NaN;
  if (bits === 1) return v > 0 ? bound : v < 0 ? -bound : 0;
  const step = (2 * bound) / (2 ** bits - 2);
  const m = 2 ** (bits - 1) - 1;
  const c = roundHalfEven(v / step);
  if (c >= m) return bound;
  if (c <= -m) return -bound;
  return c === 0 ? 0 : c * step;
}

/** quantize() over an array (src and dst may be the same array). Returns dst. */
export function quantizeInto(src: ArrayLike<number>, dst: Float64Array, bound: number, bits: number): Float64Array {
  check(bound, bits);
  if (dst.length < src.length) throw new RangeError(`quantizeInto: dst has ${dst.length} elements, src ${src.length}`);
  if (bits === 1) {
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      dst[i] = Number.isNaN(v) ? NaN : v > 0 ? bound : v < 0 ? -bound : 0;
    }
    return dst;
  }
  const step = (2 * bound) / (2 ** bits - 2);
  const m = 2 ** (bits - 1) - 1;
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    if (Number.isNaN(v)) {
      dst[i] = NaN;
      continue;
    }
    const c = roundHalfEven(v / step);
    dst[i] = c >= m ? bound : c <= -m ? -bound : c === 0 ? 0 : c * step;
  }
  return dst;
}
