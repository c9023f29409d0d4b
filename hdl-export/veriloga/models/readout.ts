// hdl-export/veriloga/models/readout.ts: the column readout, a helper module (not a component
// of the language) between the array's physical columns and the converters.
//
// The array delivers currents; the emulator hands the converters one value per output lane,
// in units of one fully-on maximum-weight row (emulator/models/crossbar.ts): for a
// differential pair (I(c_p) - I(c_n)) / i_unit with i_unit = (g_max - g_min) v_read, for an
// offset column 2 (I(c) - I(c_ref)) / i_unit, and for PWM inputs the charge over the window
// divided by i_unit times the window. The readout holds its input `in` at virtual ground
// (V(in) <+ 0: the column current flows into it) and drives
//     V(out) = v_unit * gain * (Y - k_ref * V(ref) / v_unit)
// with Y = I(in) / i_unit (charge = 0), or Y = idt(I(in)) / (i_unit t_unit) since clear fell
// (charge = 1). A reference or minus column gets its own readout (gain 1, k_ref 0, ref at
// ground) whose output feeds the `ref` of the lane's readouts. A cell of several differential
// pairs sums its 2P columns with their gains f_k / sum f (the emulator's lane, crossbar.ts) by
// a chain of readouts: column q's readout has gain a_q (+f_k / sum f for G+, - for G-),
// k_ref = -1 / a_q and the previous readout's output as ref, so V(out) = a_q v_unit Y_q +
// V(ref), and the last one drives the lane. Within the ADMS subset.
import type { Model } from './model.js';
import { modelOf } from './model.js';
import { ModuleBuilder } from '../module.js';

export function readoutModel(name: string): Model {
  const b = new ModuleBuilder(name, ['column readout: virtual-ground current (or charge) to an analog value']);
  const inp = b.port('in', 'inout');
  const ref = b.port('ref', 'input');
  const clear = b.port('clear', 'input');
  const out = b.port('out', 'output');
  const iUnit = b.param('i_unit', 'real', 1e-6, 'from (0:inf)', 'Current of one fully-on maximum-weight row: (g_max - g_min) * v_read.', 'A');
  const charge = b.param('charge', 'integer', 0, 'from [0:1]', '1: integrate the current since clear fell (PWM inputs); 0: the current itself.');
  const tUnit = b.param('t_unit', 'real', 1e-9, 'from (0:inf)', 'Time of a full-scale input (the PWM window), for charge = 1.', 's');
  const gain = b.param('gain', 'real', 1, '', 'Gain on the value (2 for an offset column against its reference).');
  const kRef = b.param('k_ref', 'real', 0, '', 'Weight of the reference value subtracted.');
  const vUnit = b.param('v_unit', 'real', 1, 'from (0:inf)', 'Volts per unit of one fully-on maximum-weight row at the output.', 'V');
  const vth = b.param('vth', 'real', 0.5, '', 'Logic threshold of clear.', 'V');
  const y = b.variable('real', 'y');
  b.m.analog = [
    `V(${inp}) <+ 0.0;`,
    `${y} = (1 - ${charge}) * I(${inp}) / ${iUnit} + ${charge} * idt(I(${inp}), 0.0, V(${clear}) > ${vth}) / (${iUnit} * ${tUnit});`,
    `V(${out}) <+ ${vUnit} * ${gain} * (${y} - ${kRef} * V(${ref}) / ${vUnit});`,
  ];
  return modelOf(b, true, [
    'Holds `in` at virtual ground and drives out = v_unit * gain * (Y - k_ref * V(ref) / v_unit), with',
    'Y = I(in) / i_unit (charge = 0) or idt(I(in)) / (i_unit * t_unit), reset while clear is high (charge = 1).',
    'Ports: in (a physical column), ref (another readout\'s output, or ground), clear, out (the lane\'s value).',
  ]);
}
