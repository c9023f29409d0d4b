// hdl-export/veriloga/models/array.ts: the crossbar array, within the ADMS subset.
//
// The array is structural: ports r0 .. r<rows-1> (the rows) and one port per physical column
// (emulator/models/physical-array.ts: c<j>p / c<j>n for a differential pair, c<j>p<k> / c<j>n<k>
// for pair k of several, c<j> and cref for
// offset cells, c<j>s<k> and cunit for bit-sliced cells), one instance of a column module per
// physical column, and in the column module one instance of the device's cell model per row
// (cell port p on the row, n on the column; the column of an ECRAM cell also ties its gate to
// ground: inference only). A 256 x 512 array is 512 column instances of a 256-cell column, so
// each module stays small (admsXml takes 0.4 s on it, against 84 s for 131,072 cells in one
// module). The cells keep their model's defaults (every device at g_min, as in a tile no
// testbench programs); the netlist export writes the programmed array with each cell's own
// parameters. wire_r is carried as a parameter and not modelled, as in the emulator (the SPICE
// export models it).
import type { CellIR, ComponentIR } from '../../../dsl/ir/nodes.js';
import { cellOf } from '../../../dsl/ir/walk.js';
import { outputsPerColumn } from '../../../dsl/ir/ports.js';
import { physicalArray, type PhysicalColumn } from '../../../emulator/models/physical-array.js';
import { ModuleBuilder } from '../module.js';
import { declaredParams, num } from './common.js';
import { modelOf, type Model, type ModelInput } from './model.js';

/** Devices programCrossbar keeps for a cell scheme (its flat device vector's length). */
export function deviceCount(cell: CellIR, rows: number, cols: number): number {
  const n = rows * cols;
  const per = outputsPerColumn(cell);
  if (cell.scheme === 'differential') return 2 * cell.pairs * n;
  if (cell.scheme === 'offset') return n + rows;
  return cell.encoding === 'differential' ? 2 * per * n : per * n + rows;
}

/**
 * The physical columns of a crossbar and, for each (row, column), the index of its device in
 * programCrossbar's flat device vector: physicalArray itself, given the indices as
 * "conductances", so the layout is the emulator's by construction.
 */
export function physicalLayout(c: ComponentIR): { rows: number; columns: PhysicalColumn[]; index: Int32Array } {
  const cell = cellOf(c)!;
  const rows = num(c, 'rows');
  const cols = num(c, 'cols');
  const idx = Float64Array.from({ length: deviceCount(cell, rows, cols) }, (_, k) => k);
  const a = physicalArray(cell, rows, cols, outputsPerColumn(cell), idx, idx, 0, 1);
  return { rows, columns: a.columns, index: Int32Array.from(a.g) };
}

export function arrayModel({ pc, moduleOf, newModule }: ModelInput): Model {
  const c = pc.component;
  const cell = cellOf(c)!;
  const { rows, columns } = physicalLayout(c);
  const cellModule = moduleOf(cell.device);
  const ecram = cell.device.kindName === 'ecram_linear';

  const colName = newModule(`column ${pc.module}`, `${pc.module}_column`);
  const col = new ModuleBuilder(colName, [`one physical column of \`${c.name}\`: ${rows} cells of \`${cell.device.name}\``]);
  const rowPorts = Array.from({ length: rows }, (_, i) => col.port(`r${i}`, 'inout'));
  const cPort = col.port('c', 'inout');
  const gnd = ecram ? col.ground('gnd') : '';
  for (let i = 0; i < rows; i++) {
    col.m.instances.push({ module: cellModule, name: col.local(`x_r${i}`), params: [], nets: ecram ? [rowPorts[i]!, cPort, gnd] : [rowPorts[i]!, cPort] });
  }

  const b = new ModuleBuilder(pc.module, [
    `crossbar \`${c.name}\`: ${rows} rows x ${columns.length} physical columns (${cell.scheme}${cell.scheme === 'bit_sliced' ? `, ${outputsPerColumn(cell)} slices` : ''}${cell.scheme === 'differential' && cell.pairs > 1 ? `, ${cell.pairs} pairs weighted ${cell.significance.join(':')}` : ''} cells of \`${cell.device.name}\`)`,
  ]);
  const rowNets = Array.from({ length: rows }, (_, i) => b.port(`r${i}`, 'inout'));
  const colNets = columns.map((k) => b.port(k.name, 'inout'));
  b.exportParams(declaredParams(pc));
  columns.forEach((k, p) => {
    b.m.instances.push({ module: colName, name: b.local(`x_${k.name}`), params: [], nets: [...rowNets, colNets[p]!] });
  });
  return modelOf(b, true, [
    `Ports: r0 .. r${rows - 1} (rows), ${columns.length <= 6 ? columns.map((k) => k.name).join(', ') : `${columns.slice(0, 4).map((k) => k.name).join(', ')}, ... ${columns[columns.length - 1]!.name}`} (physical columns).`,
    `Structure: one \`${colName}\` per physical column, ${rows} \`${cellModule}\` cells each, every cell at its model's defaults;`,
    'the netlist export gives each cell its programmed parameters. wire_r is not modelled (as in the emulator).',
  ], { modules: [col.m], uses: [cellModule] });
}
