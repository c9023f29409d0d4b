// hdl-export/veriloga/emit.ts: the `verilog-a` format: one file per component of the exported
// tiles (a crossbar's file also holds its column module), plus the column readout helper.
// prepare.ts decides every module; this file only prints them:
//   header comment (generator, source, declaration lines, parameter origins, conventions),
//   `include "disciplines.vams"` and "constants.vams", then the modules.
// The models and their conventions are described in models/README.md.
import type { EmitOptions } from '../export.js';
import type { OutFile } from '../folder.js';
import type { ExportPlan } from '../plan.js';
import { Text } from '../text.js';
import { printModule } from './module.js';
import { prepareVerilogA, type VaFile } from './prepare.js';

export function printVaFile(f: VaFile): string {
  const t = new Text();
  t.comment('//', ...f.header);
  t.blank();
  t.line('`include "disciplines.vams"', '`include "constants.vams"');
  for (const m of f.modules) {
    t.blank();
    printModule(t, m);
  }
  return t.toString();
}

export function emitVerilogA(plan: ExportPlan, _opts: EmitOptions): OutFile[] {
  return prepareVerilogA(plan).files.map((f) => ({ path: f.path, text: printVaFile(f), holds: f.holds }));
}
