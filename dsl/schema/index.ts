// dsl/schema/index.ts: the built-in component kinds, by category, with their parameter tables.
//
// A kind is what a component declaration ultimately derives from (`dac pwm8 : pwm`); its
// category is the keyword that declares it. Kind names are global built-in type names.
import type { Category } from '../ast.js';
import * as blocks from './blocks.js';
import * as conv from './converters.js';
import * as dev from './devices.js';
import * as peri from './periphery.js';
import type { Schema } from './types.js';

export interface KindInfo {
  category: Category;
  schema: Schema;
  doc: string;
}

export const KINDS: Readonly<Record<string, KindInfo>> = {
  // devices
  pcm_like: { category: 'device', schema: dev.pcm_like, doc: 'Phase-change memory, aihwkit PCM-like statistical model (Nandakumar 2019, Joshi 2020): programming noise, drift with per-device nu, 1/f read noise.' },
  state_independent: { category: 'device', schema: dev.state_independent, doc: 'aihwkit\'s state-independent statistical model: constant programming noise, drift with one nu distribution for every state, read noise without a Q factor.' },
  pcm_hermes: { category: 'device', schema: dev.pcm_hermes, doc: 'Phase-change memory of the IBM HERMES 14 nm chip (aihwkit HermesNoiseModel).' },
  rram_wan2022: { category: 'device', schema: dev.rram_wan2022, doc: 'RRAM, polynomial model of Wan et al., Nature 2022 (aihwkit ReRamWan2022NoiseModel); t_inference must be 1 s, 1 day or 2 days.' },
  rram_cmo: { category: 'device', schema: dev.rram_cmo, doc: 'RRAM, IBM CMO/HfOx single-device model (aihwkit ReRamCMONoiseModel).' },
  ecram_linear: { category: 'device', schema: dev.ecram_linear, doc: 'Electrochemical RAM with linear-step pulsed updates (aihwkit EcRamPresetDevice, Tang 2018).' },
  table: { category: 'device', schema: dev.table, doc: 'A device given by a table: conductance levels, programming sigma and drift per level.' },
  pulsed: { category: 'device', schema: dev.pulsed, doc: 'A training device with pulsed updates (aihwkit PulsedDevice and its measured presets): trained in place by `xbar train`; in inference it holds its conductance (no drift, no read noise).' },
  ideal: { category: 'device', schema: dev.ideal, doc: 'A noiseless, drift-free conductance.' },
  // DACs
  pwm: { category: 'dac', schema: conv.pwm, doc: 'Pulse-width modulation: code c drives v_read for |c| * t_lsb, sign by polarity.' },
  voltage: { category: 'dac', schema: conv.voltage, doc: 'Amplitude DAC: code c drives c / c_max * v_read for one conversion time.' },
  bit_serial: { category: 'dac', schema: conv.bit_serial, doc: 'Bit-serial input: bits_per_cycle bits per array cycle, results shifted and added.' },
  // ADCs
  sar: { category: 'adc', schema: conv.sar, doc: 'Successive-approximation ADC: bits + 1 cycles per conversion.' },
  flash: { category: 'adc', schema: conv.flash, doc: 'Flash ADC: 2^bits - 1 comparators, one cycle per conversion.' },
  ramp: { category: 'adc', schema: conv.ramp, doc: 'Ramp (single-slope) ADC: up to 2^bits counter steps per conversion.' },
  cco: { category: 'adc', schema: conv.cco, doc: 'Current-controlled-oscillator ADC: counts over a window, t_lsb per count (HERMES).' },
  pipeline: { category: 'adc', schema: conv.pipeline, doc: 'Pipelined ADC: latency of bits clocks, one result per clock.' },
  // array and periphery
  crossbar: { category: 'crossbar', schema: peri.crossbar, doc: 'A crossbar array of memory cells computing I_j = sum_i G_ij * V_i.' },
  sample_hold: { category: 'sample_hold', schema: peri.sample_hold, doc: 'Sample-and-hold between the array and the ADC; lets the DAC start the next vector while the ADC converts.' },
  integrator: { category: 'integrator', schema: peri.integrator, doc: 'Charge integrator turning column current into a voltage over a window.' },
  shift_add: { category: 'shift_add', schema: peri.shift_add, doc: 'Shift-and-add of bit-serial input cycles and of weight slices.' },
  affine: { category: 'digital', schema: peri.affine, doc: 'Digital post-processing: scale, offset, activation.' },
  fifo: { category: 'buffer', schema: peri.fifo, doc: 'A FIFO of whole vectors with valid/ready handshakes.' },
  edram: { category: 'buffer', schema: peri.edram, doc: 'An eDRAM buffer with access time and energy.' },
};

/** The kind a category declares when no base is given (categories with a single kind). */
export const DEFAULT_KIND: Partial<Record<Category, string>> = {
  crossbar: 'crossbar',
  sample_hold: 'sample_hold',
  integrator: 'integrator',
  shift_add: 'shift_add',
  digital: 'affine',
};

export function kindsOf(category: Category): string[] {
  return Object.entries(KINDS)
    .filter(([, k]) => k.category === category)
    .map(([name]) => name);
}

export const BLOCK_SCHEMAS = {
  tile: blocks.tile,
  chip: blocks.chip,
  link: blocks.link,
  testbench: blocks.testbench,
} as const;

export type { Schema, ParamSpec, ParamType } from './types.js';
