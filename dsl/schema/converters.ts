// dsl/schema/converters.ts: parameters of the DAC kinds (pwm, voltage, bit_serial) and the ADC
// kinds (sar, flash, ramp, cco, pipeline). Sources: ../shared/reference/periphery.md.
//
// Quantisation follows aihwkit (periphery.md §2.2): step = 2*bound/(2^bits - 2), round half to
// even, then clip; a signed b-bit converter has codes -(2^(b-1)-1) .. 2^(b-1)-1.
import { bool, choice, def, derived, int, list, quantity, type Schema } from './types.js';

const bitsRange = { min: 1, max: 16 };

const dacCommon: Schema = {
  bits: int('Resolution of the input code.', {
    default: def('8'), range: bitsRange, source: 'aihwkit StandardIOParameters 8-bit DAC; HERMES 8-bit signed PWM (periphery.md §2.1, chips.md §3)',
  }, 'bits'),
  signed: bool('Signed codes (-(2^(bits-1)-1) .. 2^(bits-1)-1, sign by polarity) or unsigned (0 .. 2^bits-1).', {
    default: def('true'), source: 'aihwkit inp_bound = 1, symmetric (periphery.md §2.1)',
  }),
  v_read: quantity('voltage', 'Read voltage applied to a row at full scale.', {
    default: def('0.3 V'), range: { min: 0, minExclusive: true, max: 5 }, source: 'Ambrogio 2023 PCM chip, 0.3 V (devices.md; periphery.md §2.7)',
  }),
  input_noise: quantity('none', 'Gaussian input noise after quantisation, relative to full scale.', {
    default: def('0'), range: { min: 0 }, source: 'aihwkit inp_noise (periphery.md §2.1)',
  }),
  mux: int('Rows per DAC, driven one after the other, a full window each (the window is mux times longer; an integrator or CCO accumulates them). The count stays the rows, a multiple of mux.', {
    default: def('1'), range: { min: 1, max: 4096 }, source: '1: one DAC per row, as ISAAC and PUMA (periphery.md §2.2); sharing is a structural choice (the reference gives no DAC-sharing figure)',
  }),
  leakage: quantity('power', 'Static (leakage) power of one DAC, charged over the whole simulated time (reported apart from dynamic energy).', {
    default: def('0 W'), range: { min: 0 }, source: '0: leakage off by default; the reference gives PUMA 0.39 uW per 1-bit DAC (periphery.md §2.2)',
  }),
};

/** Converter errors default to none: aihwkit's DAC and ADC are ideal quantisers. */
const IDEAL_SOURCE = 'ideal converter, as the aihwkit quantiser (periphery.md §2.2)';

export const pwm: Schema = {
  ...dacCommon,
  t_lsb: quantity('time', 'Pulse duration of one code step; a code c is applied for |c| * t_lsb.', {
    default: def('1 ns'), range: { min: 0, minExclusive: true }, source: 'HERMES: 8-bit signed PWM at 1 GHz, 128 slots (periphery.md §2.2, chips.md §3)',
  }),
  phases: int('Phases per input vector (HERMES 1-phase or 4-phase mode).', {
    default: def('1'), range: { min: 1, max: 8 }, source: 'HERMES 1-phase vs 4-phase (chips.md §3)',
  }),
  e_conv: quantity('energy', 'Energy per converted code (time-domain converter).', {
    default: def('37.5 fJ'), range: { min: 0 }, source: 'TIMELY DTC, 0.0375 pJ (periphery.md §2.1(g))',
  }),
  area: quantity('area', 'Area of one converter.', {
    default: def('240 um2'), range: { min: 0 }, source: 'TIMELY DTC, 240 um2 (periphery.md §2.1(g))',
  }),
  t_skew: quantity('time', 'Edge skew per pulse: a nonzero code drives for |c| * t_lsb + t_skew per phase (fall delay minus rise delay), so its charge moves by t_skew / t_lsb LSB.', {
    default: def('0 s'), source: `${IDEAL_SOURCE}; time slices as in aihwkit IRDropT (periphery.md §2.4)`,
  }),
  t_jitter: quantity('time', 'Edge jitter: each rising and falling edge moves by t_jitter * N(0, 1), drawn per pulse.', {
    default: def('0 s'), range: { min: 0 }, source: `${IDEAL_SOURCE}; time slices as in aihwkit IRDropT (periphery.md §2.4)`,
  }),
};

export const voltage: Schema = {
  ...dacCommon,
  t_conv: quantity('time', 'Settling time of one conversion.', {
    default: derived('(bits + 2) ns', (get) => ((get('bits') as number) + 2) * 1e-9),
    range: { min: 0, minExclusive: true }, source: 'MNSIM DAC latency (N + 2) ns (periphery.md §2.2)',
  }),
  power: quantity('power', 'Power while converting.', {
    default: derived('3.9 uW * 2^(bits-1)', (get) => 3.9e-6 * 2 ** ((get('bits') as number) - 1)),
    range: { min: 0 }, source: 'MNSIM DAC table, power doubles per bit (periphery.md §2.2)',
  }),
  area: quantity('area', 'Area of one converter.', {
    default: derived('0.166 um2 * 2^(bits-1)', (get) => 0.166e-12 * 2 ** ((get('bits') as number) - 1)),
    range: { min: 0 }, source: 'MNSIM DAC table (periphery.md §2.2)',
  }),
  inl: list('none', 'INL table: the level of each code moves by this many LSB (one value per code, lowest code first).'),
  inl_sigma: quantity('none', 'Random INL: the level of each code of each DAC moves by inl_sigma * N(0, 1) LSB, drawn once per DAC from the run seed.', {
    default: def('0'), range: { min: 0 }, source: IDEAL_SOURCE,
  }),
};

export const bit_serial: Schema = {
  ...dacCommon,
  bits_per_cycle: int('Input bits applied per array cycle (1 for ISAAC).', {
    default: def('1'), range: { min: 1, max: 16 }, source: 'ISAAC 1-bit DACs (chips.md §1.7)',
  }, 'bits'),
  t_cycle: quantity('time', 'Duration of one input slice (array read cycle).', {
    default: def('100 ns'), range: { min: 0, minExclusive: true }, source: 'ISAAC 100 ns crossbar cycle (chips.md §1.7, periphery.md §2.7)',
  }),
  t_pulse: quantity('time', 'Read-pulse width of pulse-count inputs: 0 drives a slice\'s level x * v_read for the whole slice (t_cycle, or the integrator\'s t_integrate); > 0 applies a digit d as |d| pulses of t_pulse at v_read (one per integration step, the integrator holding the charge between them), so a row conducts for |d| * t_pulse. Only the array energy changes.', {
    default: def('0 s'), range: { min: 0 }, source: '0: level held for the window (ISAAC, periphery.md §2.7); NeuRRAM 10 ns read pulses at 0.5 V, 2^k - 1 integration steps per k-bit phase (chips.md §4 and §5.D; CiMLoop variables_free.yaml READ_PULSE_WIDTH = 10e-9, bits2integration_steps; periphery.md §2.4 integrator)',
  }),
  power: quantity('power', 'Power of one 1-bit DAC while driving.', {
    default: def('3.9 uW'), range: { min: 0 }, source: 'ISAAC: 4 mW per 1024 DACs (periphery.md §2.2)',
  }),
  area: quantity('area', 'Area of one DAC.', {
    default: def('0.166 um2'), range: { min: 0 }, source: 'ISAAC 1-bit DAC (periphery.md §2.2)',
  }),
  inl: list('none', 'Level error of each nonzero digit 1 .. 2^bits_per_cycle - 1, in LSB of the digit (one value per digit, digit 1 first).'),
  inl_sigma: quantity('none', 'Random level error: each nonzero digit level of each DAC moves by inl_sigma * N(0, 1) LSB, drawn once per DAC from the run seed.', {
    default: def('0'), range: { min: 0 }, source: IDEAL_SOURCE,
  }),
};

// ---------------------------------------------------------------- ADCs

const adcCommon: Schema = {
  bits: int('Resolution of the output code.', {
    default: def('8'), range: bitsRange, source: 'aihwkit StandardIOParameters 8-bit ADC; ISAAC 8-bit SAR (periphery.md §2.1, §2.7)',
  }, 'bits'),
  mux: int('Columns sharing this ADC through a multiplexer; they are converted in turn.', {
    default: def('1'), range: { min: 1, max: 4096 }, source: 'NeuroSim numColMuxed (landscape.md §4.1)',
  }),
  out_bound: quantity('none', 'Full scale, in units of one fully-on maximum-weight row (aihwkit out_bound).', {
    default: def('12'), range: { min: 0, minExclusive: true }, source: 'aihwkit IOParameters.out_bound (periphery.md §2.1)',
  }),  leakage: quantity('power', 'Static (leakage) power of one ADC, charged over the whole simulated time (reported apart from dynamic energy).', {
    default: def('0 W'), range: { min: 0 }, source: '0: leakage off by default; the reference gives PUMA 0.2 mW for an 8-bit ADC (periphery.md §2.1(f))',
  }),
};

/** Converter errors, applied in this order: gain and offset, comparator noise, the code edges
 * moved by INL/DNL, saturation (emulator/models/adc-errors.ts). Last in every ADC's table. */
const adcErrors: Schema = {
  offset: quantity('none', 'Offset added to the input, in LSB: every code edge moves down by this much.', {
    default: def('0'), source: 'ideal converter, as the aihwkit quantiser (periphery.md §2.2); CrossSim models ADC errors (periphery.md §2.1(h))',
  }),
  gain_error: quantity('none', 'Relative gain error: the input is scaled by 1 + gain_error.', {
    default: def('0'), range: { min: -1, minExclusive: true }, source: 'ideal converter, as the aihwkit quantiser (periphery.md §2.2)',
  }),
  inl: list('none', 'INL table: the lower transition of each code moves by this many LSB (one value per code, 2^bits - 1, lowest code first; the first is not used).'),
  dnl: list('none', 'DNL table: each code is 1 + dnl LSB wide (one value per code, 2^bits - 1, lowest code first; the open end codes are not used); must be > -1.'),
  inl_sigma: quantity('none', 'Random INL: each code edge of each ADC moves by inl_sigma * N(0, 1) LSB, drawn once per ADC from the run seed.', {
    default: def('0'), range: { min: 0 }, source: 'ideal converter, as the aihwkit quantiser (periphery.md §2.2)',
  }),
  dnl_sigma: quantity('none', 'Random DNL: each interior code of each ADC is 1 + dnl_sigma * N(0, 1) LSB wide, drawn once per ADC from the run seed.', {
    default: def('0'), range: { min: 0 }, source: 'ideal converter, as the aihwkit quantiser (periphery.md §2.2)',
  }),
  comparator_noise: quantity('none', 'Input-referred comparator noise, sigma in LSB, drawn per conversion.', {
    default: def('0'), range: { min: 0 }, source: 'ideal converter, as the aihwkit quantiser (periphery.md §2.2); aihwkit adds out_noise before the ADC instead (§2.1)',
  }),
};

/** ISAAC SAR energies (pJ) and areas (um2) by resolution, 32 nm (periphery.md §2.1(f)). */
const SAR_TABLE: Record<number, [number, number]> = {
  4: [0.79, 361], 5: [0.99, 477], 6: [1.2, 627], 7: [1.42, 845], 8: [1.67, 1200], 9: [1.97, 1828], 10: [2.38, 3002],
};

export const sar: Schema = {
  ...adcCommon,
  f_sample: quantity('frequency', 'Conversion rate; one conversion takes (bits + 1) cycles of bits_clock = f_sample * (bits + 1).', {
    default: def('1.28 GHz'), range: { min: 0, minExclusive: true }, source: 'ISAAC / Kull ISSCC 2013 8-bit SAR, 1.28 GS/s (chips.md §1.7)',
  }),
  e_conv: quantity('energy', 'Energy per conversion.', {
    default: derived('ISAAC SAR table for 4-10 bits (1.67 pJ at 8 bits); no default outside it', (get) => {
      const row = SAR_TABLE[get('bits') as number];
      return row ? row[0] * 1e-12 : undefined;
    }),
    range: { min: 0 }, source: 'ISAAC SAR capacitive-DAC-scaled energies, 32 nm (periphery.md §2.1(f))',
  }),
  e_step: quantity('energy', 'Energy per conversion step (bit cycle), on top of e_conv: a conversion takes `bits` steps (the control logic of a variable-precision SAR).', {
    default: def('0 J'), range: { min: 0 }, source: '0: e_conv per conversion only; NeuRRAM\'s neuron control, per ADC step (chips.md §5.D, examples/neurram)',
  }),
  area: quantity('area', 'Area of one ADC.', {
    default: derived('ISAAC SAR table for 4-10 bits (1200 um2 at 8 bits); no default outside it', (get) => {
      const row = SAR_TABLE[get('bits') as number];
      return row ? row[1] * 1e-12 : undefined;
    }),
    range: { min: 0 }, source: 'ISAAC SAR table, 32 nm (periphery.md §2.1(f))',
  }),
  ...adcErrors,
};

export const flash: Schema = {
  ...adcCommon,
  t_conv: quantity('time', 'Time of one conversion (one cycle).', {
    default: def('1 ns'), range: { min: 0, minExclusive: true }, source: 'NeuroSim multilevel sense amplifier, ~1 ns at 22 nm (periphery.md §2.1(d))',
  }),
  p_comparator: quantity('power', 'Power of one of the 2^bits - 1 comparators.', {
    default: def('1.894 uW'), range: { min: 0 }, source: 'NeuroSim MultilevelSenseAmp, 22 nm HP (periphery.md §2.1(d))',
  }),
  ...adcErrors,
};

export const ramp: Schema = {
  ...adcCommon,
  t_step: quantity('time', 'Counter period; a conversion takes up to 2^bits steps.', {
    default: def('166.667 ps'), range: { min: 0, minExclusive: true }, source: 'MNSIM ADC choice 9, ramp-like 8-bit at 6 GS/s counter (periphery.md §2.1(e))',
  }),
  power: quantity('power', 'Power while converting.', {
    default: def('58.4 uW'), range: { min: 0 }, source: 'MNSIM ADC choice 9 (periphery.md §2.1(e))',
  }),
  area: quantity('area', 'Area of one ADC.', {
    default: def('15899 um2'), range: { min: 0 }, source: 'MNSIM ADC choice 9 (periphery.md §2.1(e))',
  }),
  ...adcErrors,
};

export const cco: Schema = {
  ...adcCommon,
  mux: int('Columns per ADC: a CCO counts one column\'s live current during the window, so 1.', {
    default: def('1'), range: { min: 1, max: 1 }, source: 'HERMES: one CCO ADC per column (chips.md §3)',
  }),
  t_lsb: quantity('time', 'Time per output count of the current-controlled oscillator.', {
    default: def('300 ps'), range: { min: 0, minExclusive: true }, source: 'HERMES core CCO ADC, 300 ps/LSB (chips.md §3; periphery.md §2.1(g))',
  }),
  t_window: quantity('time', 'Counting window; unset means the input DAC\'s full pulse window.'),
  rounding: choice(['nearest', 'floor'], 'How the count is quantised: `nearest` (round half to even, as the aihwkit quantiser) or `floor` (whole oscillator periods only: sign(y) * floor(|y| / step)).', {
    default: def('nearest'), source: 'aihwkit quantiser (periphery.md §2.2); `floor` is aihwkit IRDropT\'s CCO quantisation, adc_frequency 6.24 GHz (periphery.md §2.4)',
  }),
  e_conv: quantity('energy', 'Energy per conversion.', {
    default: derived('5 fJ/step * 2^bits (Walden figure of merit)', (get) => 5e-15 * 2 ** (get('bits') as number)),
    range: { min: 0 }, source: 'Walden FOM 5 fJ/conversion-step, textbook (periphery.md §2.1(b)); HERMES per-ADC energy is not published',
  }),
  ...adcErrors,
};

export const pipeline: Schema = {
  ...adcCommon,
  f_sample: quantity('frequency', 'One result per clock after a latency of `bits` clocks.', {
    default: def('1.5 GHz'), range: { min: 0, minExclusive: true }, source: 'MNSIM ADC choice 1, 14 nm pipelined SAR (periphery.md §2.1(e))',
  }),
  power: quantity('power', 'Power while converting.', {
    default: def('6.92 mW'), range: { min: 0 }, source: 'MNSIM ADC choice 1 (periphery.md §2.1(e))',
  }),
  area: quantity('area', 'Area of one ADC.', {
    default: def('1600 um2'), range: { min: 0 }, source: 'MNSIM ADC choice 1 (periphery.md §2.1(e))',
  }),
  ...adcErrors,
};
