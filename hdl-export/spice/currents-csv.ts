// hdl-export/spice/currents-csv.ts: print expected-currents.csv, the column currents the
// emulator's model gives for the netlist's inputs with ideal wires (prepare.ts step 5), one
// row per physical column, in netlist order. `#` lines are the header (pandas: comment='#';
// numpy: loadtxt's default).
import { fmtNumber } from '../params.js';
import { Text } from '../text.js';
import type { SpiceCrossbar } from './prepare.js';

export const CURRENTS_FILE = 'expected-currents.csv';

export function printCurrents(x: SpiceCrossbar): string {
  const t = new Text();
  t.comment('#', `${x.title}: expected column currents`, ...x.header);
  t.comment('#',
    `current_A = sum_i G_ip V_i: the emulator's column currents (emulator/models/physical-array.ts`,
    `columnCurrents) with ideal wires and every column at 0 V. ngspice prints the same currents as`,
    `ngspice_vector when wire_r is 0; with wire resistance (here ${fmtNumber(x.wireR)} ohm per segment) IR drop makes them smaller.`,
  );
  t.line('column,sense_source,ngspice_vector,weight_column,role,slice,current_A');
  x.columns.forEach((c, p) => {
    const src = x.names.senseSource[p]!;
    t.line(`${c.name},${src},i(${src.toLowerCase()}),${c.weightCol ?? ''},${c.role},${c.slice},${fmtNumber(x.expected[p]!)}`);
  });
  return t.toString();
}
