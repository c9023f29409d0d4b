// hdl-export/veriloga/models/dac.ts: the input converters (emulator/models/dac.ts).
//
// Ports: code (the input code, 1 V per LSB), clk, start (control), out (the row voltage).
// At a rising clk edge with start high the DAC takes its code, rounded and clipped to the
// code range (signed: +-(2^(bits-1) - 1), unsigned: 0 .. 2^bits - 1), x = c / c_max (plus
// input_noise * N(0, 1) when set), and drives the row:
//   pwm         +-v_read (the sign of x) for |x| c_max t_lsb phases, then 0 V;
//   voltage     x v_read, settling within t_conv, held until the next start (or for t_hold);
//   bit_serial  slice k = 0, 1, ... for t_cycle each: sign(c) d_k / (2^bits_per_cycle - 1)
//               v_read, d_k the k-th base-2^bits_per_cycle digit of |c|, least significant
//               first; ceil(magnitude bits / bits_per_cycle) slices, then 0 V.
import { ModuleBuilder } from '../module.js';
import { eventParams, onClockWhen, readCode } from './common.js';
import { modelOf, type Model, type ModelInput } from './model.js';

export function dacModel({ pc }: ModelInput): Model {
  const kind = pc.component.kindName;
  const b = new ModuleBuilder(pc.module, [`${kind} DAC \`${pc.component.name}\``]);
  const code = b.port('code', 'input');
  const clk = b.port('clk', 'input');
  const start = b.port('start', 'input');
  const out = b.port('out', 'output');
  const { p, vth, tEdge } = eventParams(b, pc);
  const P = (n: string) => p.get(n) ?? n;
  const seed = b.param('seed', 'integer', 1, 'from [0:inf)', 'Seed of the input noise.');
  const tHold = kind === 'voltage' ? b.param('t_hold', 'real', 0, 'from [0:inf)', 'How long the level is held after start (0: until the next start).', 's') : '';
  const v = {
    c: b.variable('real', 'c'), x: b.variable('real', 'x'), level: b.variable('real', 'level'), cmax: b.variable('real', 'cmax'),
    cmin: b.variable('real', 'cmin'), tNext: b.variable('real', 't_next'), rng: b.variable('integer', 'rng'),
  };
  const noise = `if (${P('input_noise')} > 0.0) ${v.x} = ${v.x} + ${P('input_noise')} * $rdist_normal(${v.rng}, 0.0, 1.0);`;
  const init = [
    '@(initial_step) begin',
    `  ${v.cmax} = ${P('signed')} ? pow(2.0, ${P('bits')} - 1) - 1.0 : pow(2.0, ${P('bits')}) - 1.0;`,
    `  if (${v.cmax} < 1.0) ${v.cmax} = 1.0;`,
    `  ${v.cmin} = ${P('signed')} ? -${v.cmax} : 0.0;`,
    `  ${v.level} = 0.0;`,
    `  ${v.tNext} = 0.0;`,
    `  ${v.rng} = ${seed};`,
  ];
  const take = [...readCode(v.c, code, v.cmin, v.cmax)];
  let body: string[];
  let notes: string[];
  if (kind === 'pwm') {
    notes = ['At a clk edge with start high: a pulse of +-v_read for |c| * t_lsb * phases (x = c / c_max).'];
    body = [
      ...init, 'end',
      ...onClockWhen(clk, start, vth, [
        ...take,
        `${v.x} = ${v.c} / ${v.cmax};`,
        noise,
        `${v.level} = (${v.x} > 0.0) ? ${P('v_read')} : ((${v.x} < 0.0) ? -${P('v_read')} : 0.0);`,
        `${v.tNext} = $abstime + abs(${v.x}) * ${v.cmax} * ${P('t_lsb')} * ${P('phases')};`,
      ]),
      `@(timer(${v.tNext})) begin`,
      `  ${v.level} = 0.0;`,
      'end',
      `V(${out}) <+ transition(${v.level}, 0.0, ${tEdge});`,
    ];
  } else if (kind === 'voltage') {
    notes = ['At a clk edge with start high: the level c / c_max * v_read, settling within t_conv, held until the next start (or for t_hold).'];
    body = [
      ...init, 'end',
      ...onClockWhen(clk, start, vth, [
        ...take,
        `${v.x} = ${v.c} / ${v.cmax};`,
        noise,
        `${v.level} = ${v.x} * ${P('v_read')};`,
        `if (${tHold} > 0.0) ${v.tNext} = $abstime + ${tHold};`,
      ]),
      `@(timer(${v.tNext})) begin`,
      `  if (${tHold} > 0.0) ${v.level} = 0.0;`,
      'end',
      `V(${out}) <+ transition(${v.level}, 0.0, ${P('t_conv')});`,
    ];
  } else {
    const w = { mag: b.variable('real', 'mag'), sgn: b.variable('real', 'sgn'), base: b.variable('real', 'base'), k: b.variable('integer', 'k'), slices: b.variable('integer', 'slices') };
    const digit = (k: string) => `floor(${w.mag} / pow(${w.base}, ${k})) - ${w.base} * floor(${w.mag} / pow(${w.base}, ${k} + 1))`;
    notes = ['At a clk edge with start high: one base-2^bits_per_cycle digit of |c| per t_cycle, least significant first,', 'at sign(c) * digit / (2^bits_per_cycle - 1) * v_read; then 0 V.'];
    body = [
      ...init,
      `  ${w.base} = pow(2.0, ${P('bits_per_cycle')});`,
      `  ${w.slices} = ceil((${P('signed')} ? ${P('bits')} - 1.0 : 1.0 * ${P('bits')}) / ${P('bits_per_cycle')});`,
      `  ${w.k} = ${w.slices};`,
      `  ${w.mag} = 0.0;`,
      `  ${w.sgn} = 1.0;`,
      'end',
      ...onClockWhen(clk, start, vth, [
        ...take,
        `${w.mag} = abs(${v.c});`,
        `${w.sgn} = (${v.c} < 0.0) ? -1.0 : 1.0;`,
        `${w.k} = 0;`,
        `${v.x} = ${w.sgn} * (${digit('0')}) / (${w.base} - 1.0);`,
        noise,
        `${v.level} = ${v.x} * ${P('v_read')};`,
        `${v.tNext} = $abstime + ${P('t_cycle')};`,
      ]),
      `@(timer(${v.tNext})) begin`,
      `  ${w.k} = ${w.k} + 1;`,
      `  if (${w.k} < ${w.slices}) begin`,
      `    ${v.x} = ${w.sgn} * (${digit(w.k)}) / (${w.base} - 1.0);`,
      `    ${noise}`,
      `    ${v.level} = ${v.x} * ${P('v_read')};`,
      `    ${v.tNext} = ${v.tNext} + ${P('t_cycle')};`,
      `  end else ${v.level} = 0.0;`,
      'end',
      `V(${out}) <+ transition(${v.level}, 0.0, ${tEdge});`,
    ];
  }
  b.m.analog = body;
  return modelOf(b, false, [
    ...notes,
    'Ports: code (1 V per LSB), clk, start, out (the row voltage).',
    ...(Number(pc.params.find((q) => q.name === 'input_noise')?.value ?? 0) > 0 ? ['input_noise: x + input_noise * N(0, 1) per code, as the emulator draws it.'] : []),
  ]);
}
