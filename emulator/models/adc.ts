// emulator/models/adc.ts: output converters. Pure functions of values and parameters.
//
// Codes follow the aihwkit quantiser (periphery.md §2.2): step = 2 out_bound / (2^bits - 2),
// round half to even, clip to +-(2^(bits-1) - 1); values are in units of one fully-on
// maximum-weight row. Conversion time per kind (periphery.md §2.1(h)):
//   sar       1 / f_sample per conversion (bits + 1 internal cycles at f_sample (bits + 1))
//   flash     t_conv per conversion (2^bits - 1 comparators at once)
//   ramp      (u + 1) t_step, u = the code offset to 0 .. 2^bits - 2 ("up to 2^bits steps")
//   pipeline  bits / f_sample for the first result, then 1 / f_sample per conversion
//   cco       counts during the input window (integrating): no time after it but the
//             tile's one-cycle latch; it needs the live column current, so it cannot share
//             a sample-and-hold, and each CCO converts one column (mux = 1)
// Columns that share an ADC (mux) are converted one after the other.
// A CCO with `rounding = floor` counts whole oscillator periods: sign(y) floor(|y| / step).
// Offset, gain error, INL/DNL and comparator noise are in adc-errors.ts.
import type { ComponentIR } from '../../dsl/ir/nodes.js';
import { adcErrorParams, type AdcErrors } from './adc-errors.js';
import { codeOf, floorCodeOf, floorCount, maxCode, roundHalfEven, stepOf } from './quantize.js';

export interface AdcParams {
  kind: 'sar' | 'flash' | 'ramp' | 'cco' | 'pipeline';
  bits: number;
  mux: number;
  outBound: number;
  fSample: number;
  tConv: number;
  pComparator: number;
  tStep: number;
  power: number;
  tLsb: number;
  tWindow: number | null;
  eConv: number;
  /** SAR: energy per conversion step (bit cycle), `bits` steps per conversion, on top of eConv. */
  eStep: number;
  /** Converter errors (all zero and `nearest` rounding: the ideal quantiser). */
  errors: AdcErrors;
}

export function adcParams(c: ComponentIR): AdcParams {
  const n = (k: string) => (typeof c.params[k] === 'number' ? (c.params[k] as number) : 0);
  return {
    kind: c.kindName as AdcParams['kind'],
    bits: n('bits'),
    mux: n('mux') || 1,
    outBound: n('out_bound'),
    fSample: n('f_sample'),
    tConv: n('t_conv'),
    pComparator: n('p_comparator'),
    tStep: n('t_step'),
    power: n('power'),
    tLsb: n('t_lsb'),
    tWindow: typeof c.params['t_window'] === 'number' ? (c.params['t_window'] as number) : null,
    eConv: n('e_conv'),
    eStep: n('e_step'),
    errors: adcErrorParams(c),
  };
}

/** Output value per code. */
export function adcStep(p: AdcParams): number {
  return stepOf(p.outBound, p.bits);
}

/** The code of y without offset, gain, INL/DNL or noise (floored for a `floor` CCO). */
export function adcCode(p: AdcParams, y: number): number {
  return p.errors.rounding === 'floor' ? floorCodeOf(y, p.outBound, p.bits) : codeOf(y, p.outBound, p.bits);
}

/** An integrating converter works during the input window; the others sample afterwards. */
export function integrating(p: AdcParams): boolean {
  return p.kind === 'cco';
}

/** Time to convert, one after the other, the codes of the columns one ADC serves (s). */
export function groupTime(p: AdcParams, codes: readonly number[]): number {
  const g = groupTimer(p);
  return codes.reduce((s, c) => s + g.perCode(c), g.fixed(codes.length));
}

/**
 * groupTime as a fixed part for n conversions plus a part per code (only a ramp's time
 * depends on the code), computed once per converter for the per-lane hot path.
 */
export function groupTimer(p: AdcParams): { fixed: (n: number) => number; perCode: (code: number) => number } {
  const none = () => 0;
  switch (p.kind) {
    case 'sar':
      return { fixed: (n) => n / p.fSample, perCode: none };
    case 'flash':
      return { fixed: (n) => n * p.tConv, perCode: none };
    case 'ramp': {
      const half = maxCode(p.bits);
      return { fixed: none, perCode: (c) => (c + half + 1) * p.tStep };
    }
    case 'pipeline':
      return { fixed: (n) => (n ? (p.bits + n - 1) / p.fSample : 0), perCode: none };
    case 'cco':
      return { fixed: none, perCode: none };
  }
}

/**
 * A converter's quantiser with its constants computed once (the per-lane hot path):
 * the same codes as `adcCode`, and the energy of each conversion.
 */
export function adcKernel(p: AdcParams): { code: (y: number) => number; energy: (code: number) => number } {
  if (p.bits === 1) return { code: (y) => adcCode(p, y), energy: (c) => conversionEnergy(p, c) };
  const step = adcStep(p);
  const m = maxCode(p.bits);
  const floored = (y: number) => {
    if (Number.isNaN(y)) throw new RangeError('cannot quantise NaN');
    return floorCount(y / step, m);
  };
  const rounded = (y: number) => {
    if (Number.isNaN(y)) throw new RangeError('cannot quantise NaN');
    const c = roundHalfEven(y / step);
    const k = c > m ? m : c < -m ? -m : c;
    return k === 0 ? 0 : k;
  };
  const code = p.errors.rounding === 'floor' ? floored : rounded;
  if (p.kind === 'ramp') return { code, energy: (c) => conversionEnergy(p, c) };
  const fixed = conversionEnergy(p, 0);
  return { code, energy: () => fixed };
}

/** Energy of one conversion of `code` (J). */
export function conversionEnergy(p: AdcParams, code: number): number {
  const half = maxCode(p.bits);
  switch (p.kind) {
    case 'sar':
      return p.eConv + p.bits * p.eStep;
    case 'cco':
      return p.eConv;
    case 'flash':
      return (2 ** p.bits - 1) * p.pComparator * p.tConv;
    case 'ramp':
      return p.power * (code + half + 1) * p.tStep;
    case 'pipeline':
      return p.power / p.fSample;
  }
}
