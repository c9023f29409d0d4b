// Tests of the pulsed-device parameters (params.ts) and presets (presets.ts) against
// ../shared/reference/devices.md §3.1 (PulsedDevice defaults) and §3.2 (rule defaults, presets).
import test from 'ava';
import { checkTrainable, defaultPulsedParams, PULSED_RULES } from './params.js';
import { PULSED_PRESETS, pulsedPreset, type PulsedPresetName } from './presets.js';

test('PulsedDevice defaults (§3.1 table) and rule defaults (§3.2)', (t) => {
  const p = defaultPulsedParams('constant');
  t.like(p, { dw_min: 0.001, dw_min_dtod: 0.3, dw_min_std: 0.3, up_down: 0, up_down_dtod: 0.01, w_max: 0.6, w_min: -0.6, w_max_dtod: 0.3, w_min_dtod: 0.3 });
  t.like(defaultPulsedParams('linear'), { gamma_up: 0, gamma_down: 0, gamma_up_dtod: 0.05, gamma_down_dtod: 0.05, write_noise_std: 0, mean_bound_reference: true, mult_noise: true });
  t.like(defaultPulsedParams('soft_bounds', { gamma_up: 3, mean_bound_reference: true }), { gamma_up: 1, gamma_down: 1, gamma_up_dtod: 0, gamma_down_dtod: 0, mean_bound_reference: false, mult_noise: true });
  t.like(defaultPulsedParams('exp'), { A_up: 0.00081, A_down: 0.36833, gamma_up: 12.44625, gamma_down: 12.78785, a: 0.244, b: 0.2425 });
  t.like(defaultPulsedParams('pow'), { pow_gamma: 1, pow_gamma_dtod: 0.1 });
  t.is(Math.round((p.w_max - p.w_min) / p.dw_min), 1200, 'states with the defaults');
  for (const r of PULSED_RULES) t.deepEqual(checkTrainable(defaultPulsedParams(r)), [], r);
});

test('checkTrainable flags a zero step, bounds that do not straddle zero, zero one-way steps and NaN', (t) => {
  const has = (ps: string[], word: string) => t.true(ps.some((s) => s.includes(word)), `${word} in ${JSON.stringify(ps)}`);
  has(checkTrainable(defaultPulsedParams('constant', { dw_min: 0 })), 'dw_min');
  has(checkTrainable(defaultPulsedParams('linear', { w_min: 0.1, w_max: 1 })), 'do not straddle zero');
  has(checkTrainable(defaultPulsedParams('linear', { w_min: -1, w_max: 0 })), 'do not straddle zero');
  has(checkTrainable(defaultPulsedParams('linear', { w_min: 1, w_max: -1 })), 'empty');
  has(checkTrainable(defaultPulsedParams('constant', { up_down: 1 })), 'down step is zero');
  has(checkTrainable(defaultPulsedParams('constant', { up_down: -1 })), 'up step is zero');
  has(checkTrainable(defaultPulsedParams('exp', { A_up: 10 })), 'up step is zero');
  has(checkTrainable(defaultPulsedParams('soft_bounds', { dw_min: NaN })), 'not a number');
  t.deepEqual(checkTrainable(defaultPulsedParams('exp', { w_min: 0, w_max: 2, one_sided: true, A_up: -27.235, A_down: -2.235, gamma_up: 2.5, gamma_down: 2.5 })), [], 'one-sided PCM');
});

test('presets: every value of the §3.2 table, the rest from aihwkit\'s preset classes or the PulsedDevice default, all trainable', (t) => {
  const table: Record<PulsedPresetName, Record<string, number | string | boolean>> = {
    ReRamES: { rule: 'exp', dw_min: 0.00135, w_min: -1, w_max: 1, up_down: 0.259, A_up: -1.18445, A_down: -0.0814, gamma_up: 5, gamma_down: 5, a: -0.5, b: -0.5, dw_min_std: 5.0, write_noise_std: 75 },
    ReRamSB: { rule: 'soft_bounds', dw_min: 0.002, w_min: -0.75, w_max: 1.25, dw_min_std: 3.75, write_noise_std: 56 },
    EcRam: { rule: 'linear', dw_min: 0.002, w_min: -0.8276, w_max: 1.1724, gamma_up: 0.1153, gamma_down: 0.5085, dw_min_std: 0.3 },
    EcRamMO: { rule: 'linear', dw_min: 2.82e-4, gamma_up: 0.4152, gamma_down: 0.7342, dw_min_std: 2.0 },
    Capacitor: { rule: 'linear', dw_min: 0.005, gamma_up: 0.05, gamma_down: 0.05, lifetime: 1e6 },
    Idealized: { rule: 'constant', dw_min: 2e-4, w_min: -1, w_max: 1, up_down_dtod: 0 },
    GokmenVlasov: { rule: 'constant', dw_min: 0.0016, w_min: -1, w_max: 1 },
    PCM: { rule: 'exp', dw_min: 0.01, w_min: 0, w_max: 2, A_up: -27.235, A_down: -2.235, gamma_up: 2.5, gamma_down: 2.5, one_sided: true },
    ReRamArrayOM: { rule: 'soft_bounds', dw_min: 0.0949, dw_min_dtod: 0.78, dw_min_dtod_log_normal: true, dw_min_std: 0.416, write_noise_std: 1.41 },
    ReRamArrayHfO2: { rule: 'soft_bounds', dw_min: 0.4622 },
  };
  t.deepEqual(Object.keys(PULSED_PRESETS).sort(), Object.keys(table).sort());
  for (const [name, want] of Object.entries(table) as [PulsedPresetName, Record<string, unknown>][]) {
    const pr = PULSED_PRESETS[name];
    t.like(pr.params, want, name);
    t.deepEqual({ ...pr.documented }, want, `${name}: documented`);
    const base = defaultPulsedParams(pr.params.rule);
    for (const k of pr.defaulted) t.is(pr.params[k as keyof typeof base], base[k as keyof typeof base], `${name}.${k} defaulted`);
    t.deepEqual(checkTrainable(pr.params), [], name);
  }
  t.is(pulsedPreset('EcRam', { dw_min: 0.01 }).dw_min, 0.01);
  t.false(PULSED_PRESETS.EcRamMO.defaulted.includes('w_max'), 'EcRamMO bounds from aihwkit\'s preset class');
  t.is(PULSED_PRESETS.EcRamMO.params.w_max, 1.1714);
  t.deepEqual([PULSED_PRESETS.PCM.params.a, PULSED_PRESETS.PCM.params.b], [-1, 0], 'PCM: aihwkit\'s a = -1, b = 0');
  t.is(PULSED_PRESETS.EcRam.params.dw_min_dtod, 0.1);
});
