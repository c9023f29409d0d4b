// hdl-export/veriloga/models/adc.ts: the output converters (emulator/models/adc.ts).
//
// Ports: in0 .. in<mux-1> (the analog values of the lanes it converts in turn), clk, convert
// (start for a CCO), out0 .. out<mux-1> (the codes, 1 V per LSB). Codes follow the emulator:
// step = 2 out_bound / (2^bits - 2), round half to even of value / step, clipped to
// +-(2^(bits-1) - 1) (the sign for 1 bit). Timing per kind, from the clk edge with convert high:
//   sar       lane k is sampled at k / f_sample and its code appears at (k + 1) / f_sample
//   flash     the same with t_conv per conversion
//   pipeline  lane k sampled at k / f_sample, its code at (bits + k) / f_sample
//   ramp      lane k sampled when lane k-1 is done; its conversion takes (code + c_max + 1)
//             t_step (the counter runs up to the code)
//   cco       counts during the window [start, start + t_window]: an oscillator whose
//             frequency is f = (c_max / t_window) * value / out_bound (full scale out_bound
//             over the window gives the largest count c_max), i.e. code = round(integral of the
//             value over the window / (t_window step)); the integral is on an internal node.
import { ModuleBuilder } from '../module.js';
import { windowOf, dacParams } from '../../../emulator/models/dac.js';
import { caseOf, eventParams, num, onClockWhen, quantizeFunction, samplerParams } from './common.js';
import { modelOf, type Model, type ModelInput } from './model.js';

export function adcModel({ pc, use }: ModelInput): Model {
  const c = pc.component;
  const kind = c.kindName;
  const mux = Math.max(1, num(c, 'mux'));
  const b = new ModuleBuilder(pc.module, [`${kind} ADC \`${c.name}\`${mux > 1 ? `, ${mux} lanes through its multiplexer` : ''}`]);
  const ins = Array.from({ length: mux }, (_, k) => b.port(`in${k}`, 'input'));
  const clk = b.port('clk', 'input');
  const ctrl = b.port(kind === 'cco' ? 'start' : 'convert', 'input');
  const outs = Array.from({ length: mux }, (_, k) => b.port(`out${k}`, 'output'));
  const { p, vth, tEdge } = eventParams(b, pc);
  const P = (n: string) => p.get(n) ?? n;
  const { vUnit, outNoise, seed } = samplerParams(b);
  let tWindow = '';
  if (kind === 'cco' && !p.has('t_window')) {
    const dacWindow = use?.dac ? windowOf(dacParams(use.dac)) : 0;
    tWindow = b.param('t_window', 'real', dacWindow > 0 ? dacWindow : 1e-9, 'from (0:inf)', 'Counting window (t_window is unset: the pulse window of the tile\'s DACs).', 's');
  }
  const q = quantizeFunction(b);
  const v = {
    step: b.variable('real', 'step'), cmax: b.variable('real', 'cmax'), sign: b.variable('real', 'sign'), y: b.variable('real', 'y'),
    tNext: b.variable('real', 't_next'), j: b.variable('integer', 'j'), rng: b.variable('integer', 'rng'),
  };
  const codes = Array.from({ length: mux }, (_, k) => b.variable('real', `c${k}`));
  const held = Array.from({ length: mux }, (_, k) => b.variable('real', `o${k}`));
  const init = [
    '@(initial_step) begin',
    `  ${v.sign} = (${P('bits')} == 1) ? 1.0 : 0.0;`,
    `  ${v.cmax} = (${P('bits')} == 1) ? 1.0 : pow(2.0, ${P('bits')} - 1) - 1.0;`,
    `  ${v.step} = (${P('bits')} == 1) ? ${P('out_bound')} : 2.0 * ${P('out_bound')} / (pow(2.0, ${P('bits')}) - 2.0);`,
    `  ${v.j} = -1;`,
    `  ${v.tNext} = 0.0;`,
    `  ${v.y} = 0.0;`,
    `  ${v.rng} = ${seed};`,
    ...codes.map((x) => `  ${x} = 0.0;`),
    ...held.map((x) => `  ${x} = 0.0;`),
    'end',
  ];
  const noise = `${outNoise} * $rdist_normal(${v.rng}, 0.0, 1.0)`;
  const sample = (k: number) => [`${v.y} = V(${ins[k]}) / ${vUnit} + ${noise};`, `${codes[k]} = ${q}(${v.y}, ${v.step}, ${v.cmax}, ${v.sign});`];
  const drive = outs.map((o, k) => `V(${o}) <+ transition(${held[k]}, 0.0, ${tEdge});`);
  let body: string[];
  let notes: string[];
  if (kind === 'cco') {
    const acc = b.net('acc');
    const a0 = b.variable('real', 'a0');
    const counting = b.variable('integer', 'counting');
    const window = tWindow || P('t_window');
    notes = [
      'Counts during [start, start + t_window]: the integral of the input value runs on the internal node',
      'acc; the oscillator frequency is (c_max / t_window) * value / out_bound, so out_bound over the whole',
      'window is the largest count; t_lsb is the shortest oscillator period the converter supports.',
    ];
    body = [
      ...init.slice(0, -1), `  ${a0} = 0.0;`, `  ${counting} = 0;`, 'end',
      `V(${acc}) <+ idt(V(${ins[0]}) / ${vUnit}, 0.0);`,
      ...onClockWhen(clk, ctrl, vth, [`${a0} = V(${acc});`, `${v.tNext} = $abstime + ${window};`, `${counting} = 1;`]),
      `@(timer(${v.tNext})) begin`,
      `  if (${counting} == 1) begin`,
      `    ${v.y} = (V(${acc}) - ${a0}) / ${window} + ${noise};`,
      `    ${held[0]} = ${q}(${v.y}, ${v.step}, ${v.cmax}, ${v.sign});`,
      `    ${counting} = 0;`,
      '  end',
      'end',
      ...drive,
    ];
  } else if (kind === 'ramp') {
    notes = ['Converts its lanes in turn; each conversion takes (code + c_max + 1) * t_step.'];
    body = [
      ...init,
      ...onClockWhen(clk, ctrl, vth, [`${v.j} = 0;`, ...sample(0), `${v.tNext} = $abstime + (${codes[0]} + ${v.cmax} + 1.0) * ${P('t_step')};`]),
      `@(timer(${v.tNext})) begin`,
      `  if (${v.j} >= 0) begin`,
      ...caseOf(v.j, 0, mux, (k) => [`${held[k]} = ${codes[k]};`]).map((l) => `    ${l}`),
      ...(mux > 1
        ? [
          `    ${v.j} = ${v.j} + 1;`,
          `    if (${v.j} < ${mux}) begin`,
          ...caseOf(v.j, 1, mux, (k) => [...sample(k), `${v.tNext} = ${v.tNext} + (${codes[k]} + ${v.cmax} + 1.0) * ${P('t_step')};`]).map((l) => `      ${l}`),
          `    end else ${v.j} = -1;`,
        ]
        : [`    ${v.j} = -1;`]),
      '  end',
      'end',
      ...drive,
    ];
  } else {
    const tick = kind === 'flash' ? P('t_conv') : `1.0 / ${P('f_sample')}`;
    const latency = kind === 'pipeline' ? P('bits') : '1';
    notes = [
      kind === 'pipeline'
        ? 'Samples lane k at k / f_sample after the convert edge; its code appears bits / f_sample later.'
        : `Samples lane k at k * ${kind === 'flash' ? 't_conv' : '(1 / f_sample)'} after the convert edge; its code appears one conversion later.`,
    ];
    body = [
      ...init,
      ...onClockWhen(clk, ctrl, vth, [`${v.j} = 0;`, ...sample(0), `${v.tNext} = $abstime + ${tick};`]),
      `@(timer(${v.tNext})) begin`,
      `  if (${v.j} >= 0) begin`,
      `    ${v.j} = ${v.j} + 1;`,
      ...(mux > 1 ? [`    if (${v.j} < ${mux}) begin`, ...caseOf(v.j, 1, mux, sample).map((l) => `      ${l}`), '    end'] : []),
      ...caseOf(`${v.j} - ${latency}`, 0, mux, (k) => [`${held[k]} = ${codes[k]};`]).map((l) => `    ${l}`),
      `    if (${v.j} - ${latency} >= ${mux - 1}) ${v.j} = -1;`,
      `    else ${v.tNext} = ${v.tNext} + ${tick};`,
      '  end',
      'end',
      ...drive,
    ];
  }
  b.m.analog = body;
  const lanes = (p: string) => (mux > 1 ? `${p}0 .. ${p}${mux - 1}` : `${p}0`);
  return modelOf(b, false, [
    ...notes,
    `Ports: ${lanes('in')} (analog value${mux > 1 ? 's' : ''}, v_unit per fully-on row), clk, ${kind === 'cco' ? 'start' : 'convert'}, ${lanes('out')} (code${mux > 1 ? 's' : ''}).`,
  ]);
}
