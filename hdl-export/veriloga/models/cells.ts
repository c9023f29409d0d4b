// hdl-export/veriloga/models/cells.ts: one memory-cell model per device component, within the
// ADMS subset (scalar ports p, n; per-instance parameters; no events). The current is
// I(p, n) = G V(p, n); the conductance G follows the device model of the emulator
// (emulator/devices/*.ts, ../shared/reference/devices.md) from the state it was programmed to:
//
//   ideal, rram_wan2022  G = g (the programmed conductance; Wan 2022 has no drift and no read
//                        noise beyond the spread already in g at t_inference).
//   pcm_like, pcm_hermes, state_independent
//                        G(t) = g_prog ((t_inference + t0 + $abstime) / t0)^(-nu) (1 + read_dev),
//                        on the internal node `gs` (1 V per S): the drift continues during the
//                        simulation. read_dev is the relative read-noise draw the emulator made at
//                        t_inference (0 for the mean). Read noise as 1/f noise on the current:
//                        the emulator's per-read sigma Q_s sqrt(ln((t + t_read) / (2 t_read))) is
//                        the integral of a 1/f spectrum Q_s^2 / f from 1 / (t + t_read) to
//                        1 / (2 t_read), so the current noise is flicker_noise((read_noise_scale
//                        Q_s I)^2, 1): Q_s from |g_prog| / g_max by the model's fit
//                        (state_independent: Q = 1 uS / g_max, no fit).
//   table                as PCM with the table's t0; read_noise (relative, per read) as white noise
//                        over the read bandwidth 1 / (2 t_read): PSD 2 t_read (read_noise I)^2.
//   rram_cmo             G(t) = g - 0.08900206 uS drift_scale ln((t_inference + $abstime) /
//                        t_inference) (the relaxation continues; none when t_inference = 0),
//                        clipped to [g_min, g_max]; read noise 0.0277316 uS log10(G / 1 uS) as 1/f
//                        noise (t_read 1 us in the model's fit).
//   ecram_linear         the weight w on the internal node `ws` (1 V per unit), G linear in w
//                        between (w_min, g_min) and (w_max, g_max); a third terminal `gate`
//                        applies update pulses: above +v_pulse the weight rises by
//                        dw_min (1 - gamma_up w / w_max) per t_pulse, below -v_pulse it falls by
//                        dw_min (1 - gamma_down w / w_min) per t_pulse (linear step, Tang 2018);
//                        1 % read noise (times read_noise_scale) as white noise over 1 / (2 t_read).
import { deviceModel } from '../../../emulator/devices/index.js';
import { ModuleBuilder } from '../module.js';
import { declaredParams } from './common.js';
import { modelOf, type Model, type ModelInput } from './model.js';

/** What a cell model's per-instance parameters are (the netlist gives each cell its own). */
export type CellState = 'g' | 'drift';

export function cellState(kind: string): CellState {
  return kind === 'pcm_like' || kind === 'pcm_hermes' || kind === 'state_independent' || kind === 'table' ? 'drift' : 'g';
}

export function cellModel({ pc }: ModelInput): Model {
  const c = pc.component;
  const kind = c.kindName;
  const gMin = deviceModel(c.params, kind).gMin;
  const b = new ModuleBuilder(pc.module, [`${kind} memory cell \`${c.name}\``]);
  const pp = b.port('p', 'inout');
  const nn = b.port('n', 'inout');
  const gate = kind === 'ecram_linear' ? b.port('gate', 'inout') : '';
  const p = b.exportParams(declaredParams(pc));
  const P = (n: string) => p.get(n) ?? n;
  const V = `V(${pp}, ${nn})`;
  let body: string[];
  let notes: string[];
  if (cellState(kind) === 'drift') {
    const gProg = b.param('g_prog', 'real', gMin, 'from [0:inf)', 'Programmed conductance (target plus programming noise).', 'S');
    const nu = b.param('nu', 'real', 0, 'from [0:inf)', 'Drift exponent of this device.');
    const readDev = b.param('read_dev', 'real', 0, 'from [-1:inf)', 'Relative read-noise draw at t_inference (0: the mean).');
    const tInf = b.param('t_inference', 'real', 0, 'from [0:inf)', 'Time since programming at the start of the simulation.', 's');
    const tRead = kind === 'table' ? b.param('t_read', 'real', 250e-9, 'from (0:inf)', 'Read pulse duration: the read-noise bandwidth is 1 / (2 t_read).', 's') : '';
    const gs = b.net('gs');
    const v = { x: b.variable('real', 'x'), qs: b.variable('real', 'qs'), g: b.variable('real', 'g'), i: b.variable('real', 'cur') };
    const drift = `${gProg} * pow((${tInf} + ${P('t0')} + $abstime) / ${P('t0')}, -${nu}) * (1.0 + ${readDev})`;
    body = [`V(${gs}) <+ ${drift};`, `${v.g} = max(V(${gs}), 0.0);`, `${v.i} = ${v.g} * ${V};`, `I(${pp}, ${nn}) <+ ${v.i};`];
    if (kind === 'table') {
      body.push(`I(${pp}, ${nn}) <+ white_noise(2.0 * ${tRead} * pow(${P('read_noise')} * ${v.i}, 2), "read");`);
      notes = ['G(t) = g_prog * ((t_inference + t0 + $abstime) / t0)^(-nu) * (1 + read_dev) on node gs (1 V per S); read_noise as white noise over 1 / (2 t_read).'];
    } else {
      const lnx = `ln(max(${v.x}, 1e-300))`;
      const qs = kind === 'pcm_like'
        ? `min(0.0088 / max(pow(${v.x}, 0.65), 1e-3), 0.2)`
        : kind === 'state_independent'
        ? `1e-6 / ${P('g_max')}`
        : `(${P('num_devices')} == 1) ? ((${v.x} < 0.1591) ? min(max(-0.0078 * ${lnx} + 0.0038, 0.0179), 0.04) : 0.0664 * pow(${v.x}, 3) - 0.1352 * ${v.x} * ${v.x} + 0.0768 * ${v.x} + 0.0088)`
          + ` : ((${v.x} < 0.16) ? min(max(-0.0117 * ${lnx} - 0.0069, 0.015), 0.04) : 0.0069 * pow(${v.x}, 3) - 0.028 * ${v.x} * ${v.x} + 0.0211 * ${v.x} + 0.0123)`;
      body.push(
        `${v.x} = abs(${gProg}) / ${P('g_max')};`,
        `${v.qs} = ${qs};`,
        `I(${pp}, ${nn}) <+ flicker_noise(pow(${P('read_noise_scale')} * ${v.qs} * ${v.i}, 2), 1.0, "read");`,
      );
      notes = [
        'G(t) = g_prog * ((t_inference + t0 + $abstime) / t0)^(-nu) * (1 + read_dev) on node gs (1 V per S).',
        kind === 'state_independent'
          ? 'Read noise: flicker_noise((read_noise_scale * Q * I)^2, 1), Q = 1 uS / g_max (aihwkit adds |g/g_max| rho sqrt(...) microsiemens: no Q factor, devices.md §1.4).'
          : `Read noise: flicker_noise((read_noise_scale * Q_s * I)^2, 1), Q_s the ${kind === 'pcm_like' ? 'PCM-like' : 'HERMES'} fit at |g_prog| / g_max (devices.md §1).`,
      ];
    }
  } else if (kind === 'rram_cmo') {
    const g = b.param('g', 'real', gMin, 'from [0:inf)', 'Conductance at t_inference (programmed, relaxed).', 'S');
    const tInf = b.param('t_inference', 'real', 0, 'from [0:inf)', 'Time since programming at the start of the simulation.', 's');
    const gs = b.net('gs');
    const v = { g: b.variable('real', 'gnow'), i: b.variable('real', 'cur') };
    body = [
      `V(${gs}) <+ ${g} - 0.08900206e-6 * ${P('drift_scale')} * ((${tInf} > 0.0) ? ln((${tInf} + $abstime) / ${tInf}) : 0.0);`,
      `${v.g} = min(max(V(${gs}), ${P('g_min')}), ${P('g_max')});`,
      `${v.i} = ${v.g} * ${V};`,
      `I(${pp}, ${nn}) <+ ${v.i};`,
      `I(${pp}, ${nn}) <+ flicker_noise(pow(${P('read_noise_scale')} * 0.0277316483e-6 * log(max(${v.g} * 1e6, 1e-30)) * ${V}, 2), 1.0, "read");`,
    ];
    notes = ['G(t) = g - 0.08900206 uS * drift_scale * ln((t_inference + $abstime) / t_inference), clipped; 1/f read noise of the CMO fit.'];
  } else if (kind === 'ecram_linear') {
    const g = b.param('g', 'real', gMin, 'from [0:inf)', 'Programmed conductance (sets the initial weight).', 'S');
    const tPulse = b.param('t_pulse', 'real', 1e-6, 'from (0:inf)', 'Duration of one update pulse on gate.', 's');
    const vPulse = b.param('v_pulse', 'real', 0.5, 'from (0:inf)', 'Gate voltage above which (or below minus which) update pulses apply.', 'V');
    const tRead = b.param('t_read', 'real', 5e-9, 'from (0:inf)', 'Read pulse duration: the read-noise bandwidth is 1 / (2 t_read) (CiMLoop ecram_demo, 5 ns).', 's');
    const ws = b.net('ws');
    const v = { w: b.variable('real', 'w'), rate: b.variable('real', 'rate'), g: b.variable('real', 'gnow'), i: b.variable('real', 'cur') };
    const wMin = P('w_min');
    const wMax = P('w_max');
    body = [
      `${v.w} = min(max(V(${ws}), ${wMin}), ${wMax});`,
      `${v.rate} = ((V(${gate}) > ${vPulse}) ? ${P('dw_min')} * (1.0 - ${P('gamma_up')} * ${v.w} / ${wMax}) : 0.0) - ((V(${gate}) < -${vPulse}) ? ${P('dw_min')} * (1.0 - ${P('gamma_down')} * ${v.w} / ${wMin}) : 0.0);`,
      `${v.rate} = ((${v.w} >= ${wMax} && ${v.rate} > 0.0) || (${v.w} <= ${wMin} && ${v.rate} < 0.0)) ? 0.0 : ${v.rate};`,
      `V(${ws}) <+ idt(${v.rate} / ${tPulse}, ${wMin} + (${g} - ${P('g_min')}) / (${P('g_max')} - ${P('g_min')}) * (${wMax} - ${wMin}));`,
      `${v.g} = ${P('g_min')} + (${v.w} - ${wMin}) / (${wMax} - ${wMin}) * (${P('g_max')} - ${P('g_min')});`,
      `${v.i} = ${v.g} * ${V};`,
      `I(${pp}, ${nn}) <+ ${v.i};`,
      `I(${pp}, ${nn}) <+ white_noise(2.0 * ${tRead} * pow(${P('read_noise_scale')} * 0.01 * ${v.i}, 2), "read");`,
    ];
    notes = ['The weight on node ws (1 V per unit), starting from g; update pulses on gate (linear step); 1 % read noise.'];
  } else {
    const g = b.param('g', 'real', gMin, 'from [0:inf)', 'Programmed conductance.', 'S');
    body = [`I(${pp}, ${nn}) <+ ${g} * ${V};`];
    notes = [kind === 'ideal' ? 'G = g: noiseless, drift-free.' : kind === 'pulsed' ? 'G = g: the trained conductance (a pulsed training device holds its state; its update rules are not modelled here).' : 'G = g, the conductance at t_inference (the Wan 2022 spread is in g; no drift, no read noise).'];
  }
  b.m.analog = body;
  return modelOf(b, true, [...notes, `Ports: p, n${gate ? ', gate (update pulses)' : ''}.`]);
}
