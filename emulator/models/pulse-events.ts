// emulator/models/pulse-events.ts: events of one input slice that the array and the periphery
// charge energy for, beyond the conversions: word-line switchings and integration steps. Pure
// functions of the DAC's parameters and the slice's inputs.
//
// Word lines. A row's word line (the line and the select gates of the 1T1R cells along it) is
// switched on to let the row conduct; each switching costs e_wl = C_wl V^2 (the crossbar's
// `e_wl`, with `wl_switch` saying when a row is switched; NeuRRAM's "WL switching" part of
// Fig. 12b, chips.md §5.D). Per row and input slice:
//   pulse: once per read pulse the DAC applies: a pulsed bit-serial DAC (t_pulse > 0) applies a
//          digit d as |d| pulses; any other DAC drives a row once per slice if its digit or code
//          is not 0 (a PWM pulse, a voltage level, a held bit-serial level).
//   bit:   once per input bit applied, whatever its value: the bits of the slice for a
//          bit-serial DAC, the code's magnitude bits for PWM and voltage DACs (the word lines
//          re-armed for every input bit, as CiMLoop's NeuRRAM model charges them).
// Integration steps. A pulsed bit-serial DAC applies a slice of k bits in 2^k - 1 pulse slots,
// and the integrator takes one step per slot whether a row pulses in it or not (CiMLoop
// bits2integration_steps; chips.md §4, §5.D); any other input is one step per slice.
import { magnitudeBits, type DacParams } from './dac.js';

export type WlSwitch = 'pulse' | 'bit';

export interface WordLineParams {
  /** Energy of one switching of one word line, J (0: not modelled). */
  eWl: number;
  per: WlSwitch;
}

export const NO_WORD_LINES: WordLineParams = { eWl: 0, per: 'pulse' };

/** Input bits applied in slice `slice` (a bit-serial DAC's last slice may hold fewer). */
export function sliceBits(p: DacParams, slice: number): number {
  const m = magnitudeBits(p);
  if (p.kind !== 'bit_serial') return m;
  return Math.max(0, Math.min(p.bitsPerCycle, m - slice * p.bitsPerCycle));
}

/** How many times one row's word line is switched in slice `slice`; x is the row's normalised
 *  input in it (models/dac.ts sliceInputs: the digit or code over its maximum). */
export function rowSwitches(p: DacParams, per: WlSwitch, x: number, slice: number): number {
  if (per === 'bit') return sliceBits(p, slice);
  if (p.kind === 'bit_serial' && p.tPulse > 0) return Math.round(Math.abs(x) * (2 ** p.bitsPerCycle - 1));
  return x !== 0 ? 1 : 0;
}

/** Word-line switching energy of one slice over all rows, J. */
export function wordLineEnergy(w: WordLineParams, p: DacParams, x: ArrayLike<number>, slice: number): number {
  if (!(w.eWl > 0)) return 0;
  let n = 0;
  for (let r = 0; r < x.length; r++) n += rowSwitches(p, w.per, x[r]!, slice);
  return n * w.eWl;
}

/** Integration steps of slice `slice`: 2^k - 1 pulse slots for a pulsed bit-serial DAC
 *  (k the slice's bits), else 1. */
export function integrationSteps(p: DacParams, slice: number): number {
  return p.kind === 'bit_serial' && p.tPulse > 0 ? 2 ** sliceBits(p, slice) - 1 : 1;
}
