// emulator/devices/index.ts: build a DeviceModel from a device component's parameters.
//
// `deviceModel(params, kind)` takes the `params` of an elaborated `ComponentIR` (SI values,
// names as in dsl/schema/devices.ts) and the component's kind (`kindName`). Parameters that are
// absent (or null) take the schema default, so a partial record works too (tests, tools); the
// values are checked against the schema's types and ranges, and unknown names are an error.
import type { ParamSpec } from '../../dsl/schema/types.js';
import { KINDS } from '../../dsl/schema/index.js';
import { textDefault } from '../../dsl/elaborate/defaults.js';
import type { DeviceModel } from './device-model.js';
import { EcramLinearModel } from './ecram-linear.js';
import { IdealModel, PulsedHoldModel } from './ideal.js';
import { PcmHermesModel } from './pcm-hermes.js';
import { PcmLikeModel } from './pcm-like.js';
import { RramCmoModel, type CmoAcceptance } from './rram-cmo.js';
import { RramWan2022Model } from './rram-wan2022.js';
import { StateIndependentModel } from './state-independent.js';
import { TableModel } from './table.js';
import { withVariation } from './variation.js';

export type { DeviceModel, Programmed } from './device-model.js';
export { EcramLinearModel, ECRAM_READ_NOISE } from './ecram-linear.js';
export { IdealModel, PulsedHoldModel } from './ideal.js';
export { PcmHermesModel } from './pcm-hermes.js';
export { PcmLikeModel } from './pcm-like.js';
export { RramCmoModel } from './rram-cmo.js';
export { RramWan2022Model, WAN2022_TIMES, type WanProgrammed } from './rram-wan2022.js';
export { StateIndependentModel } from './state-independent.js';
export { TableModel } from './table.js';
export { withVariation, quantiseTargets, STUCK_MAX, STUCK_MIN, STUCK_NONE, type VariationParams, type VariedProgrammed } from './variation.js';

/** The device kinds this module implements (the `device` kinds of dsl/schema). */
export const DEVICE_KINDS: readonly string[] = Object.freeze([
  'pcm_like', 'pcm_hermes', 'state_independent', 'rram_wan2022', 'rram_cmo', 'ecram_linear', 'table', 'ideal', 'pulsed',
]);

type Resolved = Record<string, number | number[] | string | null>;

/**
 * The full parameter record of a device kind: the given values, checked, plus schema defaults
 * for the absent ones (null where a parameter has no default). Throws an Error naming the kind
 * and parameter for an unknown kind or name, a wrong type, or a value out of range.
 */
export function resolveDeviceParams(params: Record<string, unknown>, kind: string): Resolved {
  const info = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
  if (!info || info.category !== 'device' || !DEVICE_KINDS.includes(kind)) {
    throw new Error(`unknown device kind \`${kind}\`; the device kinds are ${DEVICE_KINDS.map((k) => `\`${k}\``).join(', ')}`);
  }
  const schema = info.schema;
  for (const name of Object.keys(params)) {
    if (!Object.hasOwn(schema, name)) {
      throw new Error(`${kind}: unknown parameter \`${name}\`; the parameters are ${Object.keys(schema).join(', ')}`);
    }
  }
  const out: Resolved = {};
  const busy = new Set<string>();
  const get = (name: string): number | number[] | string | null => {
    if (Object.hasOwn(out, name)) return out[name]!;
    const spec = schema[name];
    if (!spec) throw new Error(`internal: ${kind} has no parameter \`${name}\``);
    if (busy.has(name)) throw new Error(`internal: ${kind} default of \`${name}\` depends on itself`);
    busy.add(name);
    let v: unknown = params[name];
    if (v === undefined || v === null) {
      const d = spec.default;
      if (!d) v = null;
      else if ('derive' in d) v = d.derive((n) => get(n)) ?? null;
      else v = textDefault(`emulator.devices.${kind}.${name}`, d.text, spec);
    }
    if (v === null && spec.required) throw new Error(`${kind}: parameter \`${name}\` is required`);
    const checked = v === null ? null : checkValue(kind, name, spec, v);
    busy.delete(name);
    out[name] = checked;
    return checked;
  };
  for (const name of Object.keys(schema)) get(name);
  return out;
}

function checkValue(kind: string, name: string, spec: ParamSpec, v: unknown): number | number[] | string {
  const where = `${kind}: parameter \`${name}\``;
  const t = spec.type;
  if (t.k === 'choice') {
    if (typeof v !== 'string' || !t.options.includes(v)) throw new Error(`${where} must be one of ${t.options.join(', ')}, got ${describe(v)}`);
    return v;
  }
  if (t.k === 'list') {
    if (!Array.isArray(v)) throw new Error(`${where} must be a list of numbers, got ${describe(v)}`);
    v.forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`${where}[${i}] must be a finite number, got ${describe(x)}`);
    });
    return [...(v as number[])];
  }
  if (t.k !== 'quantity' && t.k !== 'int') throw new Error(`internal: ${where} has type ${t.k}, which devices do not use`);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where} must be a finite number, got ${describe(v)}`);
  if (t.k === 'int' && !Number.isInteger(v)) throw new Error(`${where} must be an integer, got ${v}`);
  const r = spec.range;
  if (r) {
    if (r.oneOf && !r.oneOf.includes(v)) throw new Error(`${where} must be one of ${r.oneOf.join(', ')}, got ${v}`);
    if (r.min !== undefined && (r.minExclusive ? !(v > r.min) : !(v >= r.min))) {
      throw new Error(`${where} must be ${r.minExclusive ? '>' : '>='} ${r.min}, got ${v}`);
    }
    if (r.max !== undefined && (r.maxExclusive ? !(v < r.max) : !(v <= r.max))) {
      throw new Error(`${where} must be ${r.maxExclusive ? '<' : '<='} ${r.max}, got ${v}`);
    }
  }
  return v;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/**
 * The statistical model of a device component for inference. `params` is a ComponentIR's
 * `params` (SI values; absent ones take the schema defaults), `kind` its `kindName`. The
 * kind's noise model is wrapped with the array-level non-idealities every kind has (levels,
 * device-to-device spread, stuck-at faults: ./variation.ts); with those off (the defaults)
 * it is returned as it is.
 */
export function deviceModel(params: Record<string, unknown>, kind: string): DeviceModel {
  const p = resolveDeviceParams(params, kind);
  return withVariation(noiseModel(p, kind), {
    // `table` has no `levels` count: its `levels` list is the set of programmable states.
    levels: kind === 'table' ? 0 : (p['levels'] as number),
    d2dSigma: p['d2d_sigma'] as number,
    stuckMinRate: p['stuck_min_rate'] as number,
    stuckMaxRate: p['stuck_max_rate'] as number,
  });
}

/** The kind's own noise model, from its resolved parameters. */
function noiseModel(p: Resolved, kind: string): DeviceModel {
  const num = (name: string): number => p[name] as number;
  const list = (name: string): number[] => p[name] as number[];
  const maybeList = (name: string): number[] | null => (p[name] === null ? null : (p[name] as number[]));
  const scales = () => ({
    progNoiseScale: num('prog_noise_scale'),
    readNoiseScale: num('read_noise_scale'),
    driftScale: num('drift_scale'),
  });
  switch (kind) {
    case 'pcm_like':
      return new PcmLikeModel({
        gMax: num('g_max'),
        gMin: num('g_min'),
        t0: num('t0'),
        tRead: num('t_read'),
        progCoeff: list('prog_coeff'),
        progCoeffGRef: num('prog_coeff_g_ref'),
        ...scales(),
      });
    case 'state_independent':
      return new StateIndependentModel({
        gMax: num('g_max'),
        gMin: num('g_min'),
        t0: num('t0'),
        tRead: num('t_read'),
        progCoeff: list('prog_coeff'),
        nuMean: num('nu_mean'),
        nuStd: num('nu_std'),
        ...scales(),
      });
    case 'pcm_hermes': {
      const nd = num('num_devices');
      if (nd !== 1 && nd !== 2) throw new Error(`pcm_hermes: parameter \`num_devices\` must be 1 or 2, got ${nd}`);
      return new PcmHermesModel({
        numDevices: nd,
        gMax: num('g_max'),
        gMin: num('g_min'),
        t0: num('t0'),
        tRead: num('t_read'),
        ...scales(),
      });
    }
    case 'rram_wan2022':
      return new RramWan2022Model({ gMax: num('g_max'), gMin: num('g_min'), ...scales() });
    case 'rram_cmo':
      return new RramCmoModel({
        gMax: num('g_max'),
        gMin: num('g_min'),
        acceptanceRange: num('acceptance_range') as CmoAcceptance,
        ...scales(),
      });
    case 'ecram_linear':
      return new EcramLinearModel({
        gMax: num('g_max'),
        gMin: num('g_min'),
        dwMin: num('dw_min'),
        wMin: num('w_min'),
        wMax: num('w_max'),
        gammaUp: num('gamma_up'),
        gammaDown: num('gamma_down'),
        dwMinStd: num('dw_min_std'),
        readNoiseScale: num('read_noise_scale'),
      });
    case 'table':
      return new TableModel({
        levels: list('levels'),
        sigma: list('sigma'),
        nu: maybeList('nu'),
        nuSigma: maybeList('nu_sigma'),
        t0: num('t0'),
        readNoise: num('read_noise'),
      });
    case 'ideal':
      return new IdealModel({ gMax: num('g_max'), gMin: num('g_min') });
    case 'pulsed': // a trained device holds its conductance (its pulsed updates: emulator/pulsed/)
      return new PulsedHoldModel({ gMax: num('g_max'), gMin: num('g_min') });
    default:
      throw new Error(`internal: device kind \`${kind}\` has no model`);
  }
}
