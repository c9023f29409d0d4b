// hdl-export/netlist/emit.ts: the `netlist` format: structural Verilog-AMS netlists of each
// exported tile (and chip) over the Verilog-A models of the `verilog-a` format, with the
// programmed conductances. prepare.ts decides every file and module; this only prints them
// (veriloga/emit.ts's printVaFile: header comment, the two standard includes, the modules).
import type { EmitOptions } from '../export.js';
import type { OutFile } from '../folder.js';
import type { ExportPlan } from '../plan.js';
import { printVaFile } from '../veriloga/emit.js';
import { prepareNetlist } from './prepare.js';

export function emitNetlist(plan: ExportPlan, opts: EmitOptions): OutFile[] {
  return prepareNetlist(plan, opts).files.map((f) => ({ path: f.path, text: printVaFile(f), holds: f.holds }));
}
