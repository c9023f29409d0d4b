// hdl-export/veriloga/models/digital.ts: shift-and-add, affine post-processing and buffers
// (emulator/models/digital.ts, emulator/tile/simple-stages.ts), on codes (1 V per LSB).
//
// shift_add  ports in0 .. in<slices-1>, clk, clear, latch, out. At a clk edge with latch high:
//            v = sum_s 2^(s shift) code(in_s) (weight slices, least significant first); with
//            bit-serial inputs (input_slices > 1) the k-th latch since the last result adds
//            2^(input_shift k) v, and the input_slices-th presents the sum. clear (at a clk
//            edge) restarts the count. The result appears `latency` after the edge.
// affine     ports in, clk, latch, out: out = round-half-even(activation(scale code + offset)),
//            clipped to +-(2^(out_bits-1) - 1), `latency` after the clk edge with latch high.
// fifo/edram ports in, clk, latch, out: the code taken at the edge, `latency` (t_access) later;
//            depth and capacity are not modelled (one value per lane in flight).
import { cellOf } from '../../../dsl/ir/walk.js';
import { dacParams, slicesOf } from '../../../emulator/models/dac.js';
import { ModuleBuilder } from '../module.js';
import { eventParams, num, onClockWhen, quantizeFunction } from './common.js';
import { modelOf, type Model, type ModelInput } from './model.js';

export function shiftAddModel({ pc, use }: ModelInput): Model {
  const c = pc.component;
  const slices = Math.max(1, num(c, 'slices'));
  const b = new ModuleBuilder(pc.module, [`shift-and-add \`${c.name}\`: ${slices} slices per output`]);
  const ins = Array.from({ length: slices }, (_, s) => b.port(`in${s}`, 'input'));
  const clk = b.port('clk', 'input');
  const clear = b.port('clear', 'input');
  const latch = b.port('latch', 'input');
  const out = b.port('out', 'output');
  const { p, vth, tEdge } = eventParams(b, pc);
  const cell = use?.tile.tile.instances.map((i) => cellOf(i.component)).find((x) => x) ?? null;
  const shift = p.get('shift') ?? b.param('shift', 'integer', cell?.scheme === 'bit_sliced' ? cell.bitsPerCell : 1, 'from [0:32]', 'Bits between successive slices (shift is unset: the cell\'s bits per cell).');
  const dac = use?.dac ? dacParams(use.dac) : null;
  const inSlices = b.param('input_slices', 'integer', dac ? slicesOf(dac) : 1, 'from [1:inf)', 'Input slices per vector (bit-serial DACs: one per digit); 1: no accumulation.');
  const inShift = b.param('input_shift', 'integer', dac?.kind === 'bit_serial' ? dac.bitsPerCycle : 0, 'from [0:inf)', 'Bits per input slice (the bit-serial DAC\'s bits_per_cycle).');
  const v = { sum: b.variable('real', 'v'), acc: b.variable('real', 'acc'), o: b.variable('real', 'o'), k: b.variable('integer', 'k') };
  const terms = ins.map((n, s) => (s === 0 ? `floor(V(${n}) + 0.5)` : `pow(2.0, ${s} * ${shift}) * floor(V(${n}) + 0.5)`));
  b.m.analog = [
    '@(initial_step) begin',
    `  ${v.acc} = 0.0;`,
    `  ${v.o} = 0.0;`,
    `  ${v.sum} = 0.0;`,
    `  ${v.k} = 0;`,
    'end',
    `@(cross(V(${clk}) - ${vth}, +1)) begin`,
    `  if (V(${clear}) > ${vth}) begin`,
    `    ${v.acc} = 0.0;`,
    `    ${v.k} = 0;`,
    `  end else if (V(${latch}) > ${vth}) begin`,
    `    ${v.sum} = ${terms.join(' + ')};`,
    `    if (${inSlices} <= 1) ${v.o} = ${v.sum};`,
    '    else begin',
    `      ${v.acc} = ${v.acc} + pow(2.0, ${inShift} * ${v.k}) * ${v.sum};`,
    `      ${v.k} = ${v.k} + 1;`,
    `      if (${v.k} >= ${inSlices}) begin`,
    `        ${v.o} = ${v.acc};`,
    `        ${v.acc} = 0.0;`,
    `        ${v.k} = 0;`,
    '      end',
    '    end',
    '  end',
    'end',
    `V(${out}) <+ transition(${v.o}, ${p.get('latency') ?? '0.0'}, ${tEdge});`,
  ];
  return modelOf(b, false, [
    'At a clk edge with latch high: sum_s 2^(s * shift) * code(in_s); with input_slices > 1 the k-th latch adds',
    '2^(input_shift * k) times it and the last presents the sum; clear restarts; the result appears latency later.',
    `Ports: in0 .. in${slices - 1} (codes), clk, clear, latch, out (code).`,
  ]);
}

export function affineModel({ pc }: ModelInput): Model {
  const c = pc.component;
  const b = new ModuleBuilder(pc.module, [`affine post-processing \`${c.name}\``]);
  const inp = b.port('in', 'input');
  const clk = b.port('clk', 'input');
  const latch = b.port('latch', 'input');
  const out = b.port('out', 'output');
  const { p, vth, tEdge } = eventParams(b, pc);
  const P = (n: string) => p.get(n) ?? n;
  const q = quantizeFunction(b);
  const v = { x: b.variable('real', 'x'), y: b.variable('real', 'y'), o: b.variable('real', 'o'), omax: b.variable('real', 'omax'), act: b.variable('integer', 'act') };
  b.m.analog = [
    '@(initial_step) begin',
    `  ${v.act} = (${P('activation')} == "relu") ? 1 : ((${P('activation')} == "sigmoid") ? 2 : ((${P('activation')} == "tanh") ? 3 : 0));`,
    `  ${v.omax} = pow(2.0, ${P('out_bits')} - 1) - 1.0;`,
    `  ${v.o} = 0.0;`,
    'end',
    ...onClockWhen(clk, latch, vth, [
      `${v.x} = ${P('scale')} * floor(V(${inp}) + 0.5) + ${P('offset')};`,
      `${v.y} = (${v.act} == 1) ? max(${v.x}, 0.0) : ((${v.act} == 2) ? 1.0 / (1.0 + exp(-${v.x})) : ((${v.act} == 3) ? tanh(${v.x}) : ${v.x}));`,
      `${v.o} = ${q}(${v.y}, 1.0, ${v.omax}, 0.0);`,
    ]),
    `V(${out}) <+ transition(${v.o}, ${P('latency')}, ${tEdge});`,
  ];
  return modelOf(b, false, [
    'At a clk edge with latch high: round-half-even(activation(scale * code + offset)), clipped to out_bits; latency later.',
    'Ports: in (code), clk, latch, out (code).',
  ]);
}

export function bufferModel({ pc }: ModelInput): Model {
  const c = pc.component;
  const b = new ModuleBuilder(pc.module, [`${c.kindName} buffer \`${c.name}\``]);
  const inp = b.port('in', 'input');
  const clk = b.port('clk', 'input');
  const latch = b.port('latch', 'input');
  const out = b.port('out', 'output');
  const { p, vth, tEdge } = eventParams(b, pc);
  const delay = p.get(c.kindName === 'edram' ? 't_access' : 'latency') ?? '0.0';
  const o = b.variable('real', 'o');
  b.m.analog = [
    '@(initial_step) begin',
    `  ${o} = 0.0;`,
    'end',
    ...onClockWhen(clk, latch, vth, [`${o} = floor(V(${inp}) + 0.5);`]),
    `V(${out}) <+ transition(${o}, ${delay}, ${tEdge});`,
  ];
  return modelOf(b, false, [
    `At a clk edge with latch high: takes the code and presents it ${c.kindName === 'edram' ? 't_access' : 'latency'} later (depth not modelled).`,
    'Ports: in (code), clk, latch, out (code).',
  ]);
}
