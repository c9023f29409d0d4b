// emulator/models/adc-errors.ts: the static and dynamic errors of an ADC bank.
//
// Everything is in LSB of the output (u = value / step, step = 2 out_bound / (2^bits - 2)).
// A conversion applies, in this order:
//   1. gain and offset on the analog input:  u1 = (1 + gain_error) * u + offset
//   2. comparator noise, input-referred, drawn per conversion:  u2 = u1 + comparator_noise * N(0, 1)
//   3. the transfer function: the number of code edges below u2, minus c_max (c_max =
//      2^(bits-1) - 1), so the codes run -c_max .. c_max and saturate at the ends (clip).
// Ideal edges: `nearest` rounding puts the edge above code c at c + 1/2 (the aihwkit quantiser,
// periphery.md §2.2); a CCO that counts whole periods (`floor`) puts it at c + 1 for c >= 0 and
// at c for c < 0, i.e. sign(u) * floor(|u|) (aihwkit IRDropT, periphery.md §2.4). With no
// INL/DNL the closed forms are used (round half to even, or the floor), so an ideal converter
// gives exactly the codes of quantize.ts.
//
// INL/DNL move the edges. Tables have one value per code, lowest code first (2^bits - 1 values):
//   inl[i]  moves the lower transition of code i - c_max (the edge between codes i - c_max - 1
//           and i - c_max) by inl[i] LSB; the lowest code has no lower transition, so inl[0]
//           is not used;
//   dnl[i]  makes code i - c_max (1 + dnl[i]) LSB wide: the edges above the lowest one move by
//           the running sum, edge k by sum_{i=1..k} dnl[i]; the two end codes are open (they
//           saturate), so dnl[0] and dnl[2^bits - 2] are not used.
// A random profile, drawn once per ADC from the run's seed: every edge moves by inl_sigma * N(0,1)
// of its own, and every interior code's width by dnl_sigma * N(0,1) (so the edges random-walk
// from the lowest one). The code is the count of edges below the input, which is what a
// thermometer (ones-counter) decoder gives; edges drawn out of order are therefore sorted, and
// a table with a code width <= 0 is rejected by the checks (E3026). An input exactly on a
// moved edge gets the lower code.
import type { ComponentIR } from '../../dsl/ir/nodes.js';
import type { Rng } from '../random.js';
import { floorCount, maxCode, roundHalfEven, stepOf } from './quantize.js';

export type AdcRounding = 'nearest' | 'floor';

export interface AdcErrors {
  /** Offset added to the input, in LSB. */
  offset: number;
  /** Relative gain error: the input is scaled by 1 + gainError. */
  gainError: number;
  /** INL table, LSB per code (2^bits - 1 values), or null. */
  inl: readonly number[] | null;
  /** DNL table, LSB per code (2^bits - 1 values), or null. */
  dnl: readonly number[] | null;
  /** Random INL per edge, sigma in LSB. */
  inlSigma: number;
  /** Random DNL per interior code, sigma in LSB. */
  dnlSigma: number;
  /** Input-referred comparator noise per conversion, sigma in LSB. */
  comparatorNoise: number;
  rounding: AdcRounding;
}

export const IDEAL_ADC: AdcErrors = {
  offset: 0, gainError: 0, inl: null, dnl: null, inlSigma: 0, dnlSigma: 0, comparatorNoise: 0, rounding: 'nearest',
};

/** The largest resolution for which edges are stored per ADC (2^bits - 2 edges each). */
export const MAX_PROFILE_BITS = 12;

export function adcErrorParams(c: ComponentIR): AdcErrors {
  const n = (k: string) => (typeof c.params[k] === 'number' ? (c.params[k] as number) : 0);
  const l = (k: string) => (Array.isArray(c.params[k]) ? (c.params[k] as number[]) : null);
  return {
    offset: n('offset'),
    gainError: n('gain_error'),
    inl: l('inl'),
    dnl: l('dnl'),
    inlSigma: n('inl_sigma'),
    dnlSigma: n('dnl_sigma'),
    comparatorNoise: n('comparator_noise'),
    rounding: c.params['rounding'] === 'floor' ? 'floor' : 'nearest',
  };
}

/** Whether the edges move (a table or a random profile). */
export function movesEdges(e: AdcErrors): boolean {
  return e.inl !== null || e.dnl !== null || e.inlSigma > 0 || e.dnlSigma > 0;
}

/** Whether a converter with these errors gives the codes of its ideal quantiser. */
export function isIdealAdc(e: AdcErrors): boolean {
  return e.offset === 0 && e.gainError === 0 && e.comparatorNoise === 0 && !movesEdges(e);
}

/** The ideal code of u (LSB) for a rounding, clipped to +-m (1 bit: the sign quantiser). */
export function idealCount(u: number, m: number, bits: number, rounding: AdcRounding): number {
  if (rounding === 'floor') return floorCount(u, m);
  if (bits === 1) return u > 0 ? 1 : u < 0 ? -1 : 0;
  const c = roundHalfEven(u);
  const k = c > m ? m : c < -m ? -m : c;
  return k === 0 ? 0 : k;
}

/**
 * Ideal edges in LSB: edges[k] is the transition from code k - m to k - m + 1, k = 0 .. 2m - 1
 * (m = 2^(bits-1) - 1, bits >= 2).
 */
export function idealEdges(bits: number, rounding: AdcRounding): Float64Array {
  const m = maxCode(bits);
  const e = new Float64Array(2 * m);
  for (let k = 0; k < 2 * m; k++) {
    const c = k - m;
    e[k] = rounding === 'nearest' ? c + 0.5 : c < 0 ? c : c + 1;
  }
  return e;
}

/** The edges with the INL and DNL tables applied (a table may be null). Sorted ascending if valid. */
export function tableEdges(bits: number, rounding: AdcRounding, inl: readonly number[] | null, dnl: readonly number[] | null): Float64Array {
  const e = idealEdges(bits, rounding);
  let walk = 0;
  for (let k = 0; k < e.length; k++) {
    if (k > 0 && dnl) walk += dnl[k]!;
    e[k] = e[k]! + walk + (inl ? inl[k + 1]! : 0);
  }
  return e;
}

/** One ADC's random profile on top of `base`, written to out (same length); sorted ascending. */
export function drawEdges(base: Float64Array, inlSigma: number, dnlSigma: number, rng: Rng, out: Float64Array): void {
  let walk = 0;
  for (let k = 0; k < base.length; k++) {
    if (k > 0 && dnlSigma > 0) walk += dnlSigma * rng.normal();
    out[k] = base[k]! + walk + (inlSigma > 0 ? inlSigma * rng.normal() : 0);
  }
  out.sort();
}

/** The code of u against the ascending edges e[lo .. lo + n): (edges below u) - m. */
export function edgeCode(e: Float64Array, lo: number, n: number, m: number, u: number): number {
  let a = 0;
  let b = n;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (e[lo + mid]! < u) a = mid + 1;
    else b = mid;
  }
  const c = a - m;
  return c === 0 ? 0 : c;
}

export interface AdcErrorKernel {
  /** The code of value y (output units) converted by ADC number `adc` of the bank. */
  code(y: number, adc: number): number;
}

/**
 * The converter of a bank of `adcs` ADCs with errors, or null when the errors are all zero (the
 * ideal kernel of adc.ts applies). Random profiles come from `rng.fork('profile').fork(j)` for
 * ADC j, comparator noise from `rng.fork('comparator')`, one draw per conversion in lane order.
 */
export function adcErrorKernel(p: { bits: number; outBound: number; errors: AdcErrors }, adcs: number, rng: Rng): AdcErrorKernel | null {
  const e = p.errors;
  if (isIdealAdc(e)) return null;
  const step = stepOf(p.outBound, p.bits);
  const m = maxCode(p.bits);
  const gain = 1 + e.gainError;
  const off = e.offset;
  const sigma = e.comparatorNoise;
  const noise = sigma > 0 ? rng.fork('comparator') : null;
  const input = (y: number): number => {
    if (Number.isNaN(y)) throw new RangeError('cannot quantise NaN');
    const u = gain * (y / step) + off;
    return noise ? u + sigma * noise.normal() : u;
  };
  if (!movesEdges(e) || p.bits === 1) {
    return { code: (y) => idealCount(input(y), m, p.bits, e.rounding) };
  }
  if (p.bits > MAX_PROFILE_BITS) throw new RangeError(`INL/DNL need at most ${MAX_PROFILE_BITS} bits, got ${p.bits}`);
  const base = tableEdges(p.bits, e.rounding, e.inl, e.dnl);
  const n = base.length;
  if (e.inlSigma === 0 && e.dnlSigma === 0) {
    const sorted = base.slice().sort();
    return { code: (y) => edgeCode(sorted, 0, n, m, input(y)) };
  }
  const edges = new Float64Array(adcs * n);
  const profiles = rng.fork('profile');
  const one = new Float64Array(n);
  for (let j = 0; j < adcs; j++) {
    drawEdges(base, e.inlSigma, e.dnlSigma, profiles.fork(String(j)), one);
    edges.set(one, j * n);
  }
  return { code: (y, adc) => edgeCode(edges, adc * n, n, m, input(y)) };
}

// ---------------------------------------------------------------- checks (dsl/passes)

/** Problems of an INL or DNL table for a `bits`-bit ADC, as messages (empty if it is valid). */
export function adcTableProblems(bits: number, which: 'inl' | 'dnl', table: readonly number[]): { code: 'E3025' | 'E3026'; message: string }[] {
  const codes = 2 ** bits - 1;
  if (table.length !== codes) {
    return [{ code: 'E3025', message: `needs one value per code, 2^bits - 1 = ${codes} for ${bits} bits, found ${table.length}` }];
  }
  // the width of interior code i is 1 + dnl[i], or 1 + inl[i+1] - inl[i]
  for (let i = 1; i < codes - 1; i++) {
    const w = which === 'dnl' ? 1 + table[i]! : 1 + table[i + 1]! - table[i]!;
    if (!(w > 0)) {
      const c = i - (2 ** (bits - 1) - 1);
      const what = which === 'dnl' ? `dnl = ${table[i]} LSB` : `inl goes from ${table[i]} to ${table[i + 1]} LSB`;
      return [{ code: 'E3026', message: `makes code ${c} ${fmt(w)} LSB wide (${what}): DNL must be greater than -1 LSB so that the codes stay monotonic` }];
    }
  }
  return [];
}

function fmt(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}
