// hdl-export/veriloga/models/common.ts: what every behavioural model shares.
//
// Conventions (also in models/README.md; the netlist export follows them):
//   - A digital code is a voltage, 1 V per LSB; a reader rounds it to the nearest integer.
//   - An analog value between the column readout and the converters is a voltage, `v_unit`
//     volts (default 1 V) per unit of one fully-on maximum-weight row: the unit the emulator
//     computes column outputs in and `out_bound` is given in.
//   - Controls (start, sample, convert, latch) are levels sampled at rising edges of `clk`
//     (high above `vth`); `clear` is a level (high: the readouts and integrators reset).
//   - Sampled values are set inside @(cross(...)) / @(timer(...)) blocks and driven outside
//     them with transition(); analog operators are never inside an event or a conditional.
import type { ComponentIR } from '../../../dsl/ir/nodes.js';
import { KINDS } from '../../../dsl/schema/index.js';
import { fmtNumber, type ExportParam } from '../../params.js';
import type { PlannedComponent } from '../../plan.js';
import type { ModuleBuilder } from '../module.js';

export const CONVENTIONS: readonly string[] = [
  'Conventions: a digital code is a voltage, 1 V per LSB (read rounded to the nearest integer);',
  'an analog value after the column readout is a voltage, v_unit per fully-on maximum-weight',
  'row; controls are levels sampled at rising clk edges (high above vth). See',
  'hdl-export/veriloga/models/README.md.',
];

export const EVENT_DRIVEN = 'Event-driven (Verilog-AMS LRM 2.4 @(cross)/@(timer)): beyond the ADMS subset; xbar lints it.';
export const ADMS_SUBSET = 'Within the ADMS subset (scalar ports, no events): admsXml 2.3.7 accepts it.';

/** A numeric parameter of a component (0 when unset or not a number). */
export function num(c: ComponentIR, name: string): number {
  const v = c.params[name];
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : 0;
}

/**
 * The component's parameters as its module declares them: the plan's, with a Verilog-A range
 * also for the numbers the schema allows only a set of (`oneOf`), which params.ts leaves
 * without one: `from [lo:hi]` plus `exclude (a:b)` for each gap between allowed reals
 * (`num_devices` {1, 2} -> `from [1:2]`; `acceptance_range` {0.002, 0.02} ->
 * `from [0.002:0.02] exclude (0.002:0.02)`).
 */
export function declaredParams(pc: PlannedComponent): ExportParam[] {
  const schema = KINDS[pc.component.kindName]?.schema ?? {};
  return pc.params.map((p) => {
    const oneOf = schema[p.name]?.range?.oneOf;
    if (p.range || p.type === 'string' || !oneOf?.length) return p;
    const v = [...oneOf].sort((a, b) => a - b);
    const gaps = v.slice(1).flatMap((hi, k) => (p.type === 'integer' && hi - v[k]! <= 1 ? [] : [` exclude (${fmtNumber(v[k]!)}:${fmtNumber(hi)})`]));
    return { ...p, range: `from [${fmtNumber(v[0]!)}:${fmtNumber(v[v.length - 1]!)}]${gaps.join('')}` };
  });
}

/** The description's parameters of the component, then `vth` and `t_edge` for event models. */
export function eventParams(b: ModuleBuilder, pc: PlannedComponent): { p: Map<string, string>; vth: string; tEdge: string } {
  const p = b.exportParams(declaredParams(pc));
  const vth = b.param('vth', 'real', 0.5, '', 'Logic threshold of clk and the controls.', 'V');
  const tEdge = b.param('t_edge', 'real', 1e-11, 'from (0:inf)', 'Rise and fall time of the outputs.', 's');
  return { p, vth, tEdge };
}

/** `v_unit`, `out_noise` and `seed`: the parameters of a model that samples an analog value. */
export function samplerParams(b: ModuleBuilder): { vUnit: string; outNoise: string; seed: string } {
  const vUnit = b.param('v_unit', 'real', 1, 'from (0:inf)', 'Volts per unit of one fully-on maximum-weight row at the analog input.', 'V');
  const outNoise = b.param('out_noise', 'real', 0, 'from [0:inf)', 'Gaussian noise added to each sample, in fully-on rows (the array\'s out_noise, on the first sampler after it).');
  const seed = b.param('seed', 'integer', 1, 'from [0:inf)', 'Seed of the sample noise.');
  return { vUnit, outNoise, seed };
}

/**
 * The analog function that turns a value into a code as the emulator does (emulator/models/
 * quantize.ts): round half to even of y/step, clipped to +-cmax; with `sign` set (1-bit
 * converters), the sign of y.
 */
export function quantizeFunction(b: ModuleBuilder): string {
  const f = b.local('quantize');
  b.m.functions.push([
    `analog function real ${f};`,
    '  input y, step, cmax, sign;',
    '  real y, step, cmax, sign;',
    '  real q, r;',
    '  begin',
    '    q = y / step;',
    '    r = floor(q + 0.5);',
    '    if (r - q == 0.5 && r - 2.0 * floor(r / 2.0) != 0.0) r = r - 1.0;',
    '    if (r > cmax) r = cmax;',
    '    if (r < -cmax) r = -cmax;',
    '    if (sign > 0.5) r = (y > 0.0) ? 1.0 : ((y < 0.0) ? -1.0 : 0.0);',
    `    ${f} = r;`,
    '  end',
    'endfunction',
  ]);
  return f;
}

/** `@(cross(V(clk) - vth, +1)) begin if (V(ctrl) > vth) begin ... end end` */
export function onClockWhen(clk: string, ctrl: string, vth: string, body: string[]): string[] {
  return [
    `@(cross(V(${clk}) - ${vth}, +1)) begin`,
    `  if (V(${ctrl}) > ${vth}) begin`,
    ...body.map((l) => `    ${l}`),
    '  end',
    'end',
  ];
}

/** The nearest code in [lo, hi] to the voltage on `code`. */
export function readCode(target: string, node: string, lo: string, hi: string): string[] {
  return [`${target} = floor(V(${node}) + 0.5);`, `if (${target} > ${hi}) ${target} = ${hi};`, `if (${target} < ${lo}) ${target} = ${lo};`];
}

/** `case (sel) lo: begin ... end lo+1: ... endcase`, one item per index in [lo, n). */
export function caseOf(sel: string, lo: number, n: number, item: (k: number) => string[]): string[] {
  const out = [`case (${sel})`];
  for (let k = lo; k < n; k++) {
    const body = item(k);
    if (body.length === 1) out.push(`  ${k}: ${body[0]}`);
    else out.push(`  ${k}: begin`, ...body.map((l) => `    ${l}`), '  end');
  }
  out.push('endcase');
  return out;
}
