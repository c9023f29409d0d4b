// emulator/pulsed/from-component.ts: a `pulsed` device component of the language
// (dsl/schema/devices.ts) as PulsedDeviceParams: its preset's values (presets.ts), then the
// parameters the component sets. Unset parameters keep the preset's value, or the
// PulsedDevice default when the preset is `none`.
import type { ComponentIR } from '../../dsl/ir/nodes.js';
import { defaultPulsedParams, type PulsedDeviceParams, type PulsedRule } from './params.js';
import { PULSED_PRESETS, type PulsedPresetName } from './presets.js';

/** Language preset names (`preset = ecram`) -> presets.ts names. */
export const PRESET_OF: Readonly<Record<string, PulsedPresetName | null>> = Object.freeze({
  none: null,
  reram_es: 'ReRamES',
  reram_sb: 'ReRamSB',
  ecram: 'EcRam',
  ecram_mo: 'EcRamMO',
  capacitor: 'Capacitor',
  idealized: 'Idealized',
  gokmen_vlasov: 'GokmenVlasov',
  pcm: 'PCM',
  reram_array_om: 'ReRamArrayOM',
  reram_array_hfo2: 'ReRamArrayHfO2',
});

/** The numeric parameters a component may set over its preset. */
const OVERRIDES = [
  'dw_min', 'dw_min_dtod', 'dw_min_std', 'up_down', 'up_down_dtod', 'w_min', 'w_max', 'w_min_dtod', 'w_max_dtod',
  'gamma_up', 'gamma_down', 'write_noise_std',
] as const;

export function pulsedParamsOf(device: ComponentIR): PulsedDeviceParams {
  if (device.kindName !== 'pulsed') throw new Error(`internal: ${device.name} is a ${device.kindName} device, not pulsed`);
  const p = device.params;
  const name = PRESET_OF[p['preset'] as string] ?? null;
  const base = name ? PULSED_PRESETS[name].params : defaultPulsedParams('constant');
  const rule = (p['rule'] as PulsedRule | null | undefined) ?? base.rule;
  const set: Partial<PulsedDeviceParams> = {};
  for (const k of OVERRIDES) {
    const v = p[k];
    if (typeof v === 'number') set[k] = v;
  }
  // the rule's own defaults (soft bounds forces its gamma), then the preset's values, then the set ones
  const { rule: _r, ...rest } = base;
  return defaultPulsedParams(rule, { ...rest, ...set });
}
