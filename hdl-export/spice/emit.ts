// hdl-export/spice/emit.ts: the spice format: an ngspice netlist of one tile's crossbar and
// the column currents the emulator expects for it. prepare.ts decides, the printers print.
import type { EmitOptions } from '../export.js';
import type { OutFile } from '../folder.js';
import type { ExportPlan } from '../plan.js';
import { CURRENTS_FILE, printCurrents } from './currents-csv.js';
import { printNetlist } from './netlist.js';
import { prepareSpice } from './prepare.js';

export function emitSpice(plan: ExportPlan, opts: EmitOptions): OutFile[] {
  const x = prepareSpice(plan, opts);
  const from = `tile ${x.tileName}`;
  return [
    { path: x.file, text: printNetlist(x), holds: [{ module: x.module, from, declaredAt: x.declaredAt }] },
    { path: CURRENTS_FILE, text: printCurrents(x), holds: [{ module: x.module, from, declaredAt: x.declaredAt }] },
  ];
}
