// emulator/models/dac.ts: input converters. Pure functions of codes and parameters.
//
// Codes are integers: a signed b-bit DAC takes -(2^(b-1)-1) .. 2^(b-1)-1, an unsigned one
// 0 .. 2^b-1 (the aihwkit quantiser's 2^b - 1 levels for signed inputs, periphery.md §2.2).
// The crossbar sees a normalised input x in [-1, 1]:
//   pwm:        a pulse of |c| * t_lsb at +-v_read (sign by polarity); x = c / c_max, and the
//               input window (the longest pulse) is c_max * t_lsb per phase. With `phases` > 1
//               (HERMES 4-phase mode, chips.md §3: inputs of each polarity applied to weights of
//               each polarity in separate modulation cycles) the window holds `phases` cycles,
//               but each device conducts in one of them: |c| * t_lsb per vector, as in 1-phase.
//   voltage:    a level c / c_max * v_read held for t_conv; x = c / c_max.
//   bit_serial: sign-magnitude, bits_per_cycle bits of |c| per array cycle (t_cycle), least
//               significant first: slice k has x = sign(c) * d_k / (2^bpc - 1), with d_k the
//               k-th digit of |c| in base 2^bpc. A shift-and-add recombines the slices.
//               With t_pulse > 0 (NeuRRAM's pulse-count inputs, chips.md §4, §5.D) the digit
//               is applied as |d_k| read pulses of t_pulse at +-v_read, one per integration
//               step, instead of a level x * v_read held for the window: the charge is the same
//               fraction of full scale (x), so only the array energy changes (rowEnergy).
// Time multiplexing (`mux` > 1): DAC j drives rows j mux .. j mux + mux - 1 one after the other
// (group g = the rows whose lane index in the instance is g mod mux), each group for a full
// window; the integrator (or integrating ADC) accumulates the groups, so the result is the
// same and the input window is mux times longer (inputWindowFs).
// These are the ideal inputs (the reference of the ideal result); level errors and PWM edge
// timing are applied on top of them by dac-errors.ts (applyDacErrors).
import type { ComponentIR } from '../../dsl/ir/nodes.js';
import { fs } from '../kernel/time.js';
import { dacErrorParams, type DacErrors } from './dac-errors.js';

export interface DacParams {
  kind: 'pwm' | 'voltage' | 'bit_serial';
  bits: number;
  signed: boolean;
  vRead: number;
  inputNoise: number;
  /** pwm */
  tLsb: number;
  phases: number;
  eConv: number;
  /** voltage */
  tConv: number;
  power: number;
  /** bit_serial */
  bitsPerCycle: number;
  tCycle: number;
  /** Read-pulse width of pulse-count inputs (0: the level is held for the window). */
  tPulse: number;
  /** Rows per physical DAC, driven one group after the other (1: every row at once). */
  mux: number;
  /** Level errors and edge timing (all zero: ideal). */
  errors: DacErrors;
}

export function dacParams(c: ComponentIR): DacParams {
  const n = (k: string) => (typeof c.params[k] === 'number' ? (c.params[k] as number) : 0);
  return {
    kind: c.kindName as DacParams['kind'],
    bits: n('bits'),
    signed: c.params['signed'] === true,
    vRead: n('v_read'),
    inputNoise: n('input_noise'),
    tLsb: n('t_lsb'),
    phases: n('phases') || 1,
    eConv: n('e_conv'),
    tConv: n('t_conv'),
    power: n('power'),
    bitsPerCycle: n('bits_per_cycle') || 1,
    tCycle: n('t_cycle'),
    tPulse: n('t_pulse'),
    mux: n('mux') || 1,
    errors: dacErrorParams(c),
  };
}

/** Largest code magnitude. */
export function codeMax(p: DacParams): number {
  return p.signed ? 2 ** (p.bits - 1) - 1 : 2 ** p.bits - 1;
}

export function codeMin(p: DacParams): number {
  return p.signed ? -codeMax(p) : 0;
}

/** Bits of |code| (the sign is carried by polarity). */
export function magnitudeBits(p: DacParams): number {
  return p.signed ? p.bits - 1 : p.bits;
}

/** Input slices per vector: bit-serial DACs apply one digit per array cycle. */
export function slicesOf(p: DacParams): number {
  return p.kind === 'bit_serial' ? Math.ceil(magnitudeBits(p) / p.bitsPerCycle) : 1;
}

/** Largest digit of one slice (the normalisation of a bit-serial slice). */
export function sliceMax(p: DacParams): number {
  return p.kind === 'bit_serial' ? 2 ** p.bitsPerCycle - 1 : codeMax(p);
}

/** How long one slice drives the rows, in seconds. */
export function windowOf(p: DacParams): number {
  switch (p.kind) {
    case 'pwm':
      return codeMax(p) * p.tLsb * p.phases;
    case 'voltage':
      return p.tConv;
    case 'bit_serial':
      return p.tCycle;
  }
}

/**
 * How long one row group drives, and the whole input window of one slice, in femtoseconds:
 * each of the `mux` groups drives for the DAC's window, extended to `integrate` seconds by an
 * integrator (0: none), so the slice's window is mux times the group's.
 */
export function groupWindowFs(p: DacParams, integrate: number): bigint {
  return fs(Math.max(windowOf(p), integrate));
}

export function inputWindowFs(p: DacParams, integrate: number): bigint {
  return groupWindowFs(p, integrate) * BigInt(p.mux);
}

/** The row group (0 .. mux - 1) of lane `lane` of a DAC instance: the step its DAC drives it in. */
export function rowGroup(p: DacParams, lane: number): number {
  return lane % p.mux;
}

/**
 * The normalised inputs of one slice: x_i in [-1, 1] for every lane. For PWM and voltage
 * DACs there is one slice, x = c / c_max; for bit-serial DACs slice k carries one digit.
 */
export function sliceInputs(p: DacParams, codes: ArrayLike<number>, slice: number, out: Float64Array): void {
  if (p.kind !== 'bit_serial') {
    const m = codeMax(p);
    for (let i = 0; i < out.length; i++) out[i] = codes[i]! / m;
    return;
  }
  const base = 2 ** p.bitsPerCycle;
  const div = base ** slice;
  const m = base - 1;
  for (let i = 0; i < out.length; i++) {
    const c = codes[i]!;
    const digit = Math.floor(Math.abs(c) / div) % base;
    out[i] = (c < 0 ? -digit : digit) / m;
  }
}

/** Weight of slice k when the shift-and-add recombines digits into |c| / c_max units. */
export function sliceWeight(p: DacParams, slice: number): number {
  return p.kind === 'bit_serial' ? (2 ** (p.bitsPerCycle * slice) * sliceMax(p)) / codeMax(p) : 1;
}

/** How long each device of a lane conducts in a PWM slice, in seconds (0 for other kinds):
 *  |c| * t_lsb whatever the phases (each device is driven in one modulation cycle). */
export function pulseLengths(p: DacParams, codes: ArrayLike<number>, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = p.kind === 'pwm' ? Math.abs(codes[i]!) * p.tLsb : 0;
}

/** Energy of converting one slice of `lanes` codes, in joules. */
export function dacEnergy(p: DacParams, lanes: number): number {
  switch (p.kind) {
    case 'pwm':
      return lanes * p.eConv;
    case 'voltage':
      return lanes * p.power * p.tConv;
    case 'bit_serial':
      return lanes * p.power * p.tCycle;
  }
}

/**
 * Energy V^2 G t of one row in one non-PWM slice, in joules: x the row's normalised input (with
 * any level error), v the read voltage, g the row's total conductance, window the slice's
 * drive time (s). A level is held for the window: (x v)^2 g window. A bit-serial DAC with
 * t_pulse > 0 applies |d| = |x| (2^bpc - 1) pulses at v_read: v^2 g t_pulse |d|.
 */
export function rowEnergy(p: DacParams, x: number, v: number, g: number, window: number): number {
  if (p.kind === 'bit_serial' && p.tPulse > 0) return v * v * g * p.tPulse * Math.abs(x) * sliceMax(p);
  return (x * v) ** 2 * g * window;
}
