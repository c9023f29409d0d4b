// emulator/models/management.ts: aihwkit's noise management and bound management on xbar's
// integer DAC codes (../shared/reference/periphery.md §2.1, §2.3; aihwkit analog_mvm.py
// `AnalogMVM.matmul`, C++ rpu_forward_backward_pass.cpp).
//
// aihwkit scales a float input vector x by 1 / (s r) before its DAC quantises it, and
// multiplies the result by s r digitally. An xbar tile takes DAC codes c, with x = c / c_max:
// the DAC step 1 / c_max is aihwkit's inp_res · 2 · inp_bound (a 7-bit signed DAC, c_max = 63,
// is aihwkit's default inp_res = 1/126, inp_bound = 1). Per input vector:
//   1. noise management gives s, in units of the DAC's full scale (noiseScale):
//        none      s = 1
//        abs_max   s = max_i |x_i| = max_i |c_i| / c_max, clamped to nm_thres if nm_thres > 0
//        constant  s = nm_thres, or 1 if nm_thres = 0
//      An all-zero vector (s = 0) keeps its codes, and its output factor is 0 unless the DAC
//      has input noise (aihwkit returns zeros then, else it uses s = 1).
//   2. bound management starts at r = 1. The DACs drive c'_i = clip(roundHalfEven(c_i / (s r)))
//      to the DAC's code range (scaleCodes: aihwkit's quantiser applied to x / (s r); abs_max
//      computes c_i c_max / (max|c| r), integers over integers in one correctly rounded
//      division, so a tie is an exact tie and goes to even).
//   3. the analog MVM as usual (input noise, array, IR drop, read noise, nonlinearity, output
//      noise), then the ADC.
//   4. iterative: if the ADC clipped (adcClips: some |roundHalfEven(y / step)| > c_max of the
//      ADC; a negative overflow counts only with bm_test_negative_bound) and r ≤ bmLimit =
//      min(max_bm_factor, max_bm_res / (1 / c_max_dac)), set r ← 2r and go back to 2. A pass
//      with r > bmLimit is the last (isLastPass): its output goes on clipped. With a 7-bit DAC
//      and the defaults the limit is 0.25 · 63 = 15.75, so at most 5 passes (r = 1 .. 16).
//   5. the ADC's codes are multiplied by outputFactor = s r (the token's digital gain).
// Checked against periphery.md §2.3: 64 ones × weight 1, 7-bit DAC, 9-bit ADC with out_bound 12
// give 12.0 without bound management and 65.13 with it (r = 8; management.test.ts, and through
// a whole tile in emulator/tile/management.test.ts).
//
// How to call (a tile does steps 1-2 in tile/input-stage.ts, the clip test in tile/adc-stage.ts;
// code outside the emulator can run the whole loop with managedMvm):
//   const p = managementParams(crossbarComponent);      // or build a ManagementParams
//   const { y, factor, passes } = managedMvm(p, codes, { cMax, cMin }, inputNoise > 0,
//     { step: adcStep, cMax: adcCodeMax }, (drivenCodes, r) => preAdcValues(drivenCodes));
//   // then quantise y with the ADC and multiply the codes by `factor`.
import type { ComponentIR } from '../../dsl/ir/nodes.js';
import { roundHalfEven } from './quantize.js';

export type NoiseManagement = 'none' | 'abs_max' | 'constant';
export type BoundManagement = 'none' | 'iterative';

export interface ManagementParams {
  noise: NoiseManagement;
  /** abs_max: the clamp of s (0: none); constant: s itself (0: 1). Full scale = 1. */
  nmThres: number;
  bound: BoundManagement;
  maxBmFactor: number;
  maxBmRes: number;
  /** A negative overflow of the ADC also triggers a retry. */
  testNegative: boolean;
}

/** aihwkit's values with both managements off (xbar's defaults). */
export const NO_MANAGEMENT: ManagementParams = {
  noise: 'none', nmThres: 0, bound: 'none', maxBmFactor: 1000, maxBmRes: 0.25, testNegative: true,
};

export function managementParams(c: ComponentIR): ManagementParams {
  const n = (k: string, d: number) => (typeof c.params[k] === 'number' ? (c.params[k] as number) : d);
  const s = <T extends string>(k: string, d: T) => (typeof c.params[k] === 'string' ? (c.params[k] as T) : d);
  return {
    noise: s<NoiseManagement>('noise_management', 'none'),
    nmThres: n('nm_thres', 0),
    bound: s<BoundManagement>('bound_management', 'none'),
    maxBmFactor: n('max_bm_factor', 1000),
    maxBmRes: n('max_bm_res', 0.25),
    testNegative: typeof c.params['bm_test_negative_bound'] === 'boolean' ? (c.params['bm_test_negative_bound'] as boolean) : true,
  };
}

/** Whether either management changes anything. */
export function managementActive(p: ManagementParams): boolean {
  return p.noise !== 'none' || p.bound !== 'none';
}

/** Step 1: s for a vector whose largest |code| is absMaxCode (full scale = 1). */
export function noiseScale(p: ManagementParams, absMaxCode: number, cMax: number): number {
  switch (p.noise) {
    case 'none':
      return 1;
    case 'abs_max': {
      const s = absMaxCode / cMax;
      return p.nmThres > 0 && s > p.nmThres ? p.nmThres : s;
    }
    case 'constant':
      return p.nmThres > 0 ? p.nmThres : 1;
  }
}

/** The code range of a DAC: c_min .. c_max (c_min = -c_max signed, 0 unsigned). */
export interface CodeRange {
  cMax: number;
  cMin: number;
}

/**
 * Step 2: the codes the DACs drive for scale s and bound-management factor r, into `out`:
 * clip(roundHalfEven(c / (s r)), cMin, cMax). s = 0 (an all-zero vector) leaves the codes.
 * For abs_max (s = absMax / cMax without clamp) pass absMaxCode to divide integers exactly.
 */
export function scaleCodes(codes: ArrayLike<number>, range: CodeRange, s: number, r: number, out: Float64Array, absMaxCode?: number): void {
  const exact = absMaxCode !== undefined && absMaxCode > 0 && s === absMaxCode / range.cMax;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (s === 0 || (s === 1 && r === 1)) {
      out[i] = c;
      continue;
    }
    const q = roundHalfEven(exact ? (c * range.cMax) / (absMaxCode! * r) : c / (s * r));
    const k = q > range.cMax ? range.cMax : q < range.cMin ? range.cMin : q;
    out[i] = k === 0 ? 0 : k;
  }
}

/** Step 5: the digital factor on the ADC codes; 0 for an all-zero vector without input noise. */
export function outputFactor(s: number, r: number, inputNoise: boolean): number {
  if (s === 0) return inputNoise ? r : 0;
  return s * r;
}

/** min(max_bm_factor, max_bm_res / DAC step), the DAC step being 1 / c_max of full scale. */
export function bmLimit(p: ManagementParams, dacCodeMax: number): number {
  return Math.min(p.maxBmFactor, p.maxBmRes * dacCodeMax);
}

/** Whether the pass at factor r is the last one, clipped or not (aihwkit's stop rule). */
export function isLastPass(p: ManagementParams, r: number, dacCodeMax: number): boolean {
  return p.bound === 'none' || r > bmLimit(p, dacCodeMax);
}

/** The largest number of passes: r = 1, 2, 4, ... up to the first r > bmLimit. */
export function maxPasses(p: ManagementParams, dacCodeMax: number): number {
  let n = 1;
  for (let r = 1; !isLastPass(p, r, dacCodeMax); r *= 2) n++;
  return n;
}

/**
 * Step 4's test on the pre-ADC values y (lanes): whether an ideal ADC of this step and code
 * range clips any of them (|roundHalfEven(y / step)| > cMax, or sign(y) floor(|y| / step) for a
 * floor-rounding CCO); negative overflows count only if testNegative. Exactly full scale is
 * not a clip (aihwkit compares the quantised value with out_bound). NaN never clips.
 */
export function adcClips(y: ArrayLike<number>, step: number, cMax: number, testNegative: boolean, floor = false): boolean {
  for (let l = 0; l < y.length; l++) {
    const u = y[l]! / step;
    const q = floor ? Math.sign(u) * Math.floor(Math.abs(u)) : roundHalfEven(u);
    if (q > cMax || (testNegative && q < -cMax)) return true;
  }
  return false;
}

/**
 * The whole loop for code outside the emulator: `pass(driven, r)` runs steps 3 up to the ADC
 * (exclusive) for the codes the DACs drive, and returns the pre-ADC values. Returns the last
 * pass's values, the digital factor for its ADC codes, and the number of passes.
 */
export function managedMvm(
  p: ManagementParams,
  codes: ArrayLike<number>,
  range: CodeRange,
  inputNoise: boolean,
  adc: { step: number; cMax: number; floor?: boolean },
  pass: (driven: Float64Array, r: number) => Float64Array,
): { y: Float64Array; factor: number; passes: number } {
  let absMax = 0;
  for (let i = 0; i < codes.length; i++) absMax = Math.max(absMax, Math.abs(codes[i]!));
  const s = noiseScale(p, absMax, range.cMax);
  const driven = new Float64Array(codes.length);
  for (let r = 1, passes = 1; ; r *= 2, passes++) {
    scaleCodes(codes, range, s, r, driven, absMax);
    const y = pass(driven, r);
    if (isLastPass(p, r, range.cMax) || !adcClips(y, adc.step, adc.cMax, p.testNegative, adc.floor)) {
      return { y, factor: outputFactor(s, r, inputNoise), passes };
    }
  }
}
