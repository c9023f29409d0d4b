// hdl-export/netlist/array.ts: the programmed array of one tile variant, within the ADMS
// subset (scalar ports, per-instance parameters, no events), as models/array.ts lays out the
// default one:
//   - one column module per physical column (c0p, c0n, ..., cref): ports r0 .. r<rows-1> and
//     c, one instance of the device's cell model per row (p on the row, n on the column; an
//     ECRAM cell's gate on ground), each with its own parameters from programCells
//     (programming.ts): `g`, or for drifting cells `g_prog`, `nu` and `read_dev` (whatever the
//     cell model declares, models/cells.ts);
//   - the array module: ports r0 .. r<rows-1>, then the physical columns in the emulator's
//     order (the ports the tile module connects), one column instance per physical column.
// Cell models that take the time since programming get it from the array's `t_inference`
// parameter (default: the time the conductances were drawn for), passed down the columns.
// Splitting per column keeps each module small: admsXml's time grows faster than linearly
// with the instances of one module (models/array.ts).
import { fmtNumber } from '../params.js';
import { ModuleBuilder, type VaModule } from '../veriloga/module.js';
import type { Model } from '../veriloga/models/model.js';
import type { ProgrammedCells } from './programming.js';

export interface ProgrammedArrayInput {
  /** Module name of the array. */
  name: string;
  /** A fresh module name for each column (the export's module namespace). */
  columnModule: (column: string) => string;
  cells: ProgrammedCells;
  /** The device's cell model (prepareVerilogA's), and its module name. */
  cellModel: Model;
  cellModule: string;
  /** Comment lines above the array module. */
  about: string[];
}

/** The cell parameters programCells gives, by what the cell model calls them. */
export const CELL_PARAMS = ['g', 'g_prog', 'nu', 'read_dev'] as const;

/** The column modules, then the array module. */
export function programmedArray(input: ProgrammedArrayInput): VaModule[] {
  const { cells, cellModel } = input;
  const m = cells.columns.length;
  const has = (k: string) => cellModel.params.has(k);
  const pn = (k: string) => cellModel.params.get(k)!;
  const ecram = cellModel.ports.has('gate');
  const tInf = has('t_inference') ? pn('t_inference') : null;
  if (cells.drift ? !(has('g_prog') && has('nu') && has('read_dev')) : !has('g')) {
    throw new Error(`internal: cell model ${input.cellModule} does not take the parameters programCells gives`);
  }
  const tParam = (b: ModuleBuilder) =>
    b.param('t_inference', 'real', cells.tInference, 'from [0:inf)', 'Time since programming at the start of the simulation (the conductances were drawn for it).', 's');

  const modules: VaModule[] = [];
  const columnOf: string[] = [];
  let colT = '';
  cells.columns.forEach((col, p) => {
    const b = new ModuleBuilder(input.columnModule(col.name), []);
    const rows = Array.from({ length: cells.rows }, (_, i) => b.port(`r${i}`, 'inout'));
    const c = b.port('c', 'inout');
    const gnd = ecram ? b.ground('gnd') : '';
    const t = tInf ? tParam(b) : '';
    colT = t;
    for (let i = 0; i < cells.rows; i++) {
      const k = i * m + p;
      const params: [string, string][] = cells.drift
        ? [[pn('g_prog'), fmtNumber(cells.drift.gProg[k]!)], [pn('nu'), fmtNumber(cells.drift.nu[k]!)], [pn('read_dev'), fmtNumber(cells.drift.readDev[k]!)]]
        : [[pn('g'), fmtNumber(cells.g[k]!)]];
      if (tInf) params.push([tInf, t]);
      b.m.instances.push({ module: input.cellModule, name: b.local(`x_r${i}`), params, nets: ecram ? [rows[i]!, c, gnd] : [rows[i]!, c] });
    }
    modules.push(b.m);
    columnOf.push(b.m.name);
  });

  const b = new ModuleBuilder(input.name, input.about);
  const rows = Array.from({ length: cells.rows }, (_, i) => b.port(`r${i}`, 'inout'));
  const cols = cells.columns.map((col) => b.port(col.name, 'inout'));
  const t = tInf ? tParam(b) : '';
  cells.columns.forEach((col, p) => {
    b.m.instances.push({ module: columnOf[p]!, name: b.local(`x_${col.name}`), params: t ? [[colT, t]] : [], nets: [...rows, cols[p]!] });
  });
  modules.push(b.m);
  return modules;
}
