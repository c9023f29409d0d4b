// hdl-export/veriloga/models/hold.ts: sample-and-hold and integrator (emulator/tile/simple-stages.ts).
//
// sample_hold  ports in, clk, sample, out: at a rising clk edge with sample high the input
//              value is taken (plus out_noise * N(0, 1) when this is the first sampler after
//              the array) and held; the output settles within t_sample (LRM `sh` example:
//              the sample is set in @(cross), driven with transition() outside it).
// integrator   ports in, clear, out: out = idt(V(in)) / t_norm, reset to 0 while clear is
//              high. With t_norm the time over which the emulator normalises the input (the
//              DAC's pulse window for PWM inputs, else the integration window), the output is
//              the value the emulator hands on. Within the ADMS subset (idt with a reset).
import { ModuleBuilder } from '../module.js';
import { declaredParams, eventParams, onClockWhen, samplerParams } from './common.js';
import { modelOf, type Model, type ModelInput } from './model.js';

export function sampleHoldModel({ pc }: ModelInput): Model {
  const b = new ModuleBuilder(pc.module, [`sample-and-hold \`${pc.component.name}\``]);
  const inp = b.port('in', 'input');
  const clk = b.port('clk', 'input');
  const sample = b.port('sample', 'input');
  const out = b.port('out', 'output');
  const { p, vth, tEdge } = eventParams(b, pc);
  const { vUnit, outNoise, seed } = samplerParams(b);
  const held = b.variable('real', 'held');
  const rng = b.variable('integer', 'rng');
  const tSample = p.get('t_sample') ?? '0.0';
  b.m.analog = [
    '@(initial_step) begin',
    `  ${held} = 0.0;`,
    `  ${rng} = ${seed};`,
    'end',
    ...onClockWhen(clk, sample, vth, [`${held} = V(${inp}) + ${vUnit} * ${outNoise} * $rdist_normal(${rng}, 0.0, 1.0);`]),
    `V(${out}) <+ transition(${held}, 0.0, max(${tSample}, ${tEdge}));`,
  ];
  return modelOf(b, false, [
    'At a clk edge with sample high: takes the input value and holds it; the output settles within t_sample.',
    'Ports: in (analog value), clk, sample, out (the held value).',
  ]);
}

export function integratorModel({ pc }: ModelInput): Model {
  const b = new ModuleBuilder(pc.module, [`integrator \`${pc.component.name}\``]);
  const inp = b.port('in', 'input');
  const clear = b.port('clear', 'input');
  const out = b.port('out', 'output');
  b.exportParams(declaredParams(pc));
  const vth = b.param('vth', 'real', 0.5, '', 'Logic threshold of clear.', 'V');
  // t_integrate is a duration (cycles or seconds): the plan's parameter holds it in seconds.
  const window = Number(pc.params.find((q) => q.name === 't_integrate')?.value ?? 0);
  const tNorm = b.param('t_norm', 'real', window > 0 ? window : 1e-9, 'from (0:inf)', 'Time the integral is divided by (default t_integrate; the netlist sets the DAC window for PWM inputs).', 's');
  b.m.analog = [`V(${out}) <+ idt(V(${inp}), 0.0, V(${clear}) > ${vth}) / ${tNorm};`];
  return modelOf(b, true, [
    'out = idt(V(in)) / t_norm, reset to 0 while clear is high.',
    'Ports: in (analog value), clear, out (the integrated value).',
  ]);
}
