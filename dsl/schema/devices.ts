// dsl/schema/devices.ts: parameters of the memory-device kinds (`device name : <kind> { ... }`).
//
// Defaults reproduce IBM aihwkit's inference noise models (commit 4545f11) as recorded in
// ../shared/reference/devices.md §1; where aihwkit's code and docs disagree, the code wins.
import { choice, def, derived, int, list, quantity, type Schema } from './types.js';

const AIHWKIT_PCM = 'aihwkit PCMLikeNoiseModel (devices.md §1.2)';
const AIHWKIT_HERMES = 'aihwkit HermesNoiseModel (devices.md §1.4)';

const scales = {
  prog_noise_scale: quantity('none', 'Multiplier on the programming-noise sigma.', {
    default: def('1'), range: { min: 0 }, source: 'aihwkit noise models (devices.md §1)',
  }),
  read_noise_scale: quantity('none', 'Multiplier on the read-noise sigma.', {
    default: def('1'), range: { min: 0 }, source: 'aihwkit noise models (devices.md §1)',
  }),
  drift_scale: quantity('none', 'Multiplier on the drift exponent nu (0 turns drift off).', {
    default: def('1'), range: { min: 0 }, source: 'aihwkit noise models (devices.md §1)',
  }),
};

const conductanceRange = { min: 0 };

// Array-level non-idealities that every device kind has (emulator/devices/variation.ts); each
// is off by default, so a device behaves as its noise model alone (aihwkit's inference noise
// models have none of them, devices.md §1).
const faults = {
  d2d_sigma: quantity('none', 'Device-to-device spread: each device realises g_min + (g_T - g_min)(1 + d2d_sigma xi), xi ~ N(0, 1) drawn once per device (0: off).', {
    default: def('0'), range: { min: 0 },
    source: 'aihwkit w_max_dtod form b = w(1 + dtod xi) (devices.md §3.1), applied to the programmed range; off by default as in the inference noise models (devices.md §1)',
  }),
  stuck_min_rate: quantity('none', 'Fraction of devices stuck at g_min: no programming, drift or read noise (0: off).', {
    default: def('0'), range: { min: 0, max: 1 },
    source: 'aihwkit corrupt_devices_prob marks stuck devices (devices.md §3.1); off by default',
  }),
  stuck_max_rate: quantity('none', 'Fraction of devices stuck at g_max: no programming, drift or read noise (0: off).', {
    default: def('0'), range: { min: 0, max: 1 },
    source: 'aihwkit corrupt_devices_prob marks stuck devices (devices.md §3.1); off by default',
  }),
};

const quantised = {
  levels: int('Programmable levels: targets are rounded to this many equally spaced levels between g_min and g_max before programming noise (0: continuous, else at least 2).', {
    default: def('0'), range: { min: 0, max: 65536 },
    source: 'continuous targets as in aihwkit\'s conductance converters (devices.md §1.1)',
  }),
};

export const pcm_like: Schema = {
  g_max: quantity('conductance', 'Conductance that the largest |weight| maps to.', {
    default: def('25 uS'), range: { min: 0, minExclusive: true }, source: 'aihwkit SinglePairConductanceConverter (devices.md §1.1)',
  }),
  g_min: quantity('conductance', 'Conductance of a device programmed to zero weight.', {
    default: def('0 uS'), range: conductanceRange, source: 'aihwkit SinglePairConductanceConverter (devices.md §1.1)',
  }),
  t0: quantity('time', 'Time after programming at which drift starts (t = t_inference + t0).', {
    default: def('20 s'), range: { min: 0, minExclusive: true }, source: AIHWKIT_PCM,
  }),
  t_read: quantity('time', 'Read pulse duration in the 1/f read-noise term.', {
    default: def('250 ns'), range: { min: 0, minExclusive: true }, source: AIHWKIT_PCM,
  }),
  prog_coeff: list('conductance', 'Programming-noise polynomial c0 + c1*x + c2*x^2 (x = g/g_max), fitted at prog_coeff_g_ref.', {
    default: def('[0.26348 uS, 1.965 uS, -1.1731 uS]'), source: AIHWKIT_PCM,
  }),
  prog_coeff_g_ref: quantity('conductance', 'g_max at which prog_coeff was fitted; sigma scales by g_max / prog_coeff_g_ref.', {
    default: def('25 uS'), range: { min: 0, minExclusive: true }, source: AIHWKIT_PCM,
  }),
  ...scales,
  ...quantised,
  ...faults,
};

const AIHWKIT_STATE_INDEPENDENT = 'aihwkit StateIndependentNoiseModel (devices.md §1.4)';

export const state_independent: Schema = {
  g_max: quantity('conductance', 'Conductance that the largest |weight| maps to.', {
    default: def('25 uS'), range: { min: 0, minExclusive: true }, source: 'aihwkit SinglePairConductanceConverter (devices.md §1.1)',
  }),
  g_min: quantity('conductance', 'Conductance of a device programmed to zero weight.', {
    default: def('0 uS'), range: conductanceRange, source: 'aihwkit SinglePairConductanceConverter (devices.md §1.1)',
  }),
  t0: quantity('time', 'Time after programming at which drift starts (t = t_inference + t0).', {
    default: def('20 s'), range: { min: 0, minExclusive: true }, source: AIHWKIT_STATE_INDEPENDENT,
  }),
  t_read: quantity('time', 'Read pulse duration in the 1/f read-noise term.', {
    default: def('250 ns'), range: { min: 0, minExclusive: true }, source: AIHWKIT_STATE_INDEPENDENT,
  }),
  prog_coeff: list('conductance', 'Programming-noise polynomial c0 + c1*x + c2*x^2 (x = g/g_max), not rescaled with g_max.', {
    default: def('[0.2 uS, 0 uS, 0 uS]'), source: AIHWKIT_STATE_INDEPENDENT,
  }),
  nu_mean: quantity('none', 'Mean of the drift exponent nu (before drift_scale), the same for every state.', {
    default: def('0.1'), range: { min: 0 }, source: AIHWKIT_STATE_INDEPENDENT,
  }),
  nu_std: quantity('none', 'Device-to-device spread of nu (folded normal |nu_mean + nu_std xi|).', {
    default: def('0.05'), range: { min: 0 }, source: AIHWKIT_STATE_INDEPENDENT,
  }),
  ...scales,
  ...quantised,
  ...faults,
};

export const pcm_hermes: Schema = {
  num_devices: int('PCM devices per weight sign (1 or 2); selects the fitted coefficients.', {
    default: def('2'), range: { oneOf: [1, 2] }, source: AIHWKIT_HERMES,
  }),
  g_max: quantity('conductance', 'Conductance that the largest |weight| maps to.', {
    default: derived('20.7 uS with 2 devices, 10.35 uS with 1', (get) => (get('num_devices') === 1 ? 10.35e-6 : 20.7e-6)),
    range: { min: 0, minExclusive: true }, source: AIHWKIT_HERMES,
  }),
  g_min: quantity('conductance', 'Conductance of a device programmed to zero weight.', {
    default: def('0 uS'), range: conductanceRange, source: AIHWKIT_HERMES,
  }),
  t0: quantity('time', 'Time after programming at which drift starts.', {
    default: derived('300 s with 2 devices, 200 s with 1', (get) => (get('num_devices') === 1 ? 200 : 300)),
    range: { min: 0, minExclusive: true }, source: AIHWKIT_HERMES,
  }),
  t_read: quantity('time', 'Read pulse duration in the 1/f read-noise term.', {
    default: def('512 ns'), range: { min: 0, minExclusive: true }, source: AIHWKIT_HERMES,
  }),
  ...scales,
  ...quantised,
  ...faults,
};

export const rram_wan2022: Schema = {
  g_max: quantity('conductance', 'Conductance that the largest |weight| maps to.', {
    default: def('25 uS'), range: { min: 0, minExclusive: true },
    source: 'aihwkit ReRamWan2022NoiseModel with the default converter (devices.md §1.4: the code uses g_max, not 40 uS, as coefficient reference)',
  }),
  g_min: quantity('conductance', 'Conductance of a device programmed to zero weight.', {
    default: def('0 uS'), range: conductanceRange, source: 'aihwkit SinglePairConductanceConverter (devices.md §1.1)',
  }),
  ...scales,
  ...quantised,
  ...faults,
};

export const rram_cmo: Schema = {
  g_max: quantity('conductance', 'Upper end of the single-device conductance range.', {
    default: def('88.2 uS'), range: { min: 0, minExclusive: true }, source: 'aihwkit ReRamCMONoiseModel, SingleDeviceConductanceConverter (devices.md §1.4)',
  }),
  g_min: quantity('conductance', 'Lower end of the single-device conductance range.', {
    default: def('9 uS'), range: conductanceRange, source: 'aihwkit ReRamCMONoiseModel (devices.md §1.4)',
  }),
  acceptance_range: quantity('none', 'Write-verify acceptance range: 0.002 (0.2 %) or 0.02 (2 %); selects the programming-noise fit.', {
    default: def('0.002'), range: { oneOf: [0.002, 0.02] },
    source: 'aihwkit ReRamCMONoiseModel: its default 2e-2 silently falls back to the 0.2 % fit (devices.md §1.4), so 0.2 % is what users get',
  }),
  ...scales,
  ...quantised,
  ...faults,
};

export const ecram_linear: Schema = {
  g_max: quantity('conductance', 'Highest conductance (lowest resistance).', {
    default: def('1.6 uS'), range: { min: 0, minExclusive: true }, source: 'CiMLoop ecram_demo cell, 625 kohm (a demo, not measured; devices.md)',
  }),
  g_min: quantity('conductance', 'Lowest conductance (highest resistance).', {
    default: def('0.1 uS'), range: conductanceRange, source: 'CiMLoop ecram_demo cell, 10 Mohm (devices.md)',
  }),
  dw_min: quantity('none', 'Weight change of one update pulse (normalised weight units).', {
    default: def('0.002'), range: { min: 0, minExclusive: true }, source: 'aihwkit EcRamPresetDevice, Tang 2018 (devices.md §3.2)',
  }),
  w_min: quantity('none', 'Lower weight bound (normalised).', { default: def('-0.8276'), source: 'aihwkit EcRamPresetDevice (devices.md §3.2)' }),
  w_max: quantity('none', 'Upper weight bound (normalised).', { default: def('1.1724'), source: 'aihwkit EcRamPresetDevice (devices.md §3.2)' }),
  gamma_up: quantity('none', 'Linear-step slope for up pulses.', { default: def('0.1153'), range: { min: 0 }, source: 'aihwkit EcRamPresetDevice (devices.md §3.2)' }),
  gamma_down: quantity('none', 'Linear-step slope for down pulses.', { default: def('0.5085'), range: { min: 0 }, source: 'aihwkit EcRamPresetDevice (devices.md §3.2)' }),
  dw_min_std: quantity('none', 'Cycle-to-cycle spread of the step, relative to dw_min.', {
    default: def('0.3'), range: { min: 0 }, source: 'aihwkit EcRamPresetDevice (devices.md §3.2)',
  }),
  read_noise_scale: scales.read_noise_scale,
  ...quantised,
  ...faults,
};

export const table: Schema = {
  levels: list('conductance', 'Programmable conductance levels, strictly increasing.', { required: true }),
  sigma: list('conductance', 'Programming-noise sigma at each level (same length as levels).', { required: true }),
  nu: list('none', 'Mean drift exponent at each level (same length as levels); unset means no drift.'),
  nu_sigma: list('none', 'Device-to-device spread of nu at each level (same length as levels).'),
  t0: quantity('time', 'Time after programming at which drift starts.', {
    default: def('20 s'), range: { min: 0, minExclusive: true }, source: AIHWKIT_PCM,
  }),
  read_noise: quantity('none', 'Relative read-noise sigma per read.', { default: def('0'), range: { min: 0 } }),
  // `levels` is the table itself: targets are already snapped to it.
  ...faults,
};

/** aihwkit's measured training presets (devices.md §3.2), as `preset = NAME` of a pulsed device. */
export const PULSED_PRESET_NAMES = ['none', 'reram_es', 'reram_sb', 'ecram', 'ecram_mo', 'capacitor', 'idealized', 'gokmen_vlasov', 'pcm', 'reram_array_om', 'reram_array_hfo2'] as const;
const PULSED = 'aihwkit PulsedDevice (devices.md §3.1, §3.2)';
const presetValue = (what: string) => ({ source: `unset: the preset's ${what}, else the ${PULSED} default` });

export const pulsed: Schema = {
  preset: choice(PULSED_PRESET_NAMES, 'Measured training preset whose values the unset parameters take (`none`: aihwkit PulsedDevice defaults, constant step).', {
    default: def('none'), source: 'aihwkit presets/devices.py (devices.md §3.2 table)',
  }),
  rule: choice(['constant', 'linear', 'soft_bounds', 'exp', 'pow'], 'Update-once rule: constant step, linear step, soft bounds, exponential step, power step.', presetValue('rule')),
  dw_min: quantity('none', 'Mean weight change of one device pulse (weight units); also the granularity of the pulse update.', { range: { min: 0 }, ...presetValue('dw_min (0.001)') }),
  dw_min_dtod: quantity('none', 'Device-to-device spread of the step size (relative).', { range: { min: 0 }, ...presetValue('dw_min_dtod (0.3)') }),
  dw_min_std: quantity('none', 'Cycle-to-cycle spread of each step (relative).', { range: { min: 0 }, ...presetValue('dw_min_std (0.3)') }),
  up_down: quantity('none', 'Mean up/down step asymmetry.', presetValue('up_down (0)')),
  up_down_dtod: quantity('none', 'Device-to-device spread of the asymmetry.', { range: { min: 0 }, ...presetValue('up_down_dtod (0.01)') }),
  w_min: quantity('none', 'Lower weight bound (weight units).', presetValue('w_min (-0.6)')),
  w_max: quantity('none', 'Upper weight bound (weight units).', presetValue('w_max (0.6)')),
  w_min_dtod: quantity('none', 'Device-to-device spread of the lower bound (relative).', { range: { min: 0 }, ...presetValue('w_min_dtod (0.3)') }),
  w_max_dtod: quantity('none', 'Device-to-device spread of the upper bound (relative).', { range: { min: 0 }, ...presetValue('w_max_dtod (0.3)') }),
  gamma_up: quantity('none', 'Slope of up steps (linear step), exponent (exp step).', presetValue('gamma_up (0)')),
  gamma_down: quantity('none', 'Slope of down steps (linear step), exponent (exp step).', presetValue('gamma_down (0)')),
  write_noise_std: quantity('none', 'Write noise on the apparent weight, in units of dw_min.', { range: { min: 0 }, ...presetValue('write_noise_std (0)') }),
  t_pulse: quantity('time', 'Width of one update pulse: one slot of the stochastic bit streams.', {
    default: def('10 ns'), range: { min: 0, minExclusive: true }, source: 'assumption: NeuroSim\'s 10 ns pulse (devices.md, "Device figures"); the presets give no pulse width',
  }),
  v_pulse: quantity('voltage', 'Update-pulse amplitude across a device that gets a coincidence (half on its row, half on its column).', {
    default: def('2 V'), range: { min: 0 }, source: 'NeuroSim write voltage 2 V (devices.md, "Device figures")',
  }),
  g_max: quantity('conductance', 'Conductance at the upper weight bound (inference, and the energy of an update pulse).', {
    default: def('10 uS'), range: { min: 0, minExclusive: true }, source: 'NeuroSim R_on 100 kohm (devices.md, "Device figures")',
  }),
  g_min: quantity('conductance', 'Conductance at the lower weight bound.', {
    default: def('0.59 uS'), range: conductanceRange, source: 'NeuroSim R_off 1.7 Mohm (devices.md, "Device figures")',
  }),
  ...quantised,
  ...faults,
};

export const ideal: Schema = {
  g_max: quantity('conductance', 'Conductance that the largest |weight| maps to.', {
    default: def('25 uS'), range: { min: 0, minExclusive: true }, source: 'aihwkit SinglePairConductanceConverter (devices.md §1.1)',
  }),
  g_min: quantity('conductance', 'Conductance of a device programmed to zero weight.', {
    default: def('0 uS'), range: conductanceRange, source: 'aihwkit SinglePairConductanceConverter (devices.md §1.1)',
  }),
  ...quantised,
  ...faults,
};
