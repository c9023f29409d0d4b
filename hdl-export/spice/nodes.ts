// hdl-export/spice/nodes.ts: every node and element name of the crossbar netlist.
//
// One Namer (hdl-export/names.ts: legal, unique case-insensitively, as SPICE needs), filled in
// a fixed order: physical columns, then per row its driver, then per column its sense source,
// then the array row by row. With R rows and M physical columns (names as the physical array
// gives them: c3p, c3n, cref, c3s1, ...):
//   Vin_r<i>      row driver, node in_r<i> to ground
//   r<i>_<col>    row i's wire at column <col>; Rwr_r<i>_<col> is the segment that ends there
//                 (from in_r<i> for the first column)
//   <col>_r<i>    column <col>'s wire at row i; Rwc_<col>_r<i> is the segment below it (to the
//                 next row, and from the last row to the sense node)
//   Rg_r<i>_<col> the cell, 1/G between r<i>_<col> and <col>_r<i>
//   Vsense_<col>  0 V source from <col>_s to ground: the column current
// With wire_r = 0 there are no segments: a row is the node in_r<i>, a column is <col>_s.
import { Namer } from '../names.js';

export interface NetNames {
  /** Per row: driver source and its node. */
  rowSource: string[];
  rowInput: string[];
  /** Per physical column: legal column name, sense source and sense node. */
  column: string[];
  senseSource: string[];
  senseNode: string[];
  /** Per cell (row-major, R x M): the node on the row wire and on the column wire, the cell. */
  rowNode: string[];
  colNode: string[];
  cell: string[];
  /** Per cell: the row segment ending at it and the column segment below it (empty when wire_r = 0). */
  rowWire: string[];
  colWire: string[];
}

export function netNames(rows: number, columns: readonly string[], wires: boolean): NetNames {
  const n = new Namer();
  const m = columns.length;
  const column = columns.map((c, p) => n.name(`column ${p}`, c));
  const rowSource: string[] = [];
  const rowInput: string[] = [];
  for (let i = 0; i < rows; i++) {
    rowSource.push(n.name(`driver ${i}`, `Vin_r${i}`));
    rowInput.push(n.name(`input ${i}`, `in_r${i}`));
  }
  const senseSource = column.map((c, p) => n.name(`sense ${p}`, `Vsense_${c}`));
  const senseNode = column.map((c, p) => n.name(`sense node ${p}`, `${c}_s`));
  const rowNode: string[] = new Array<string>(rows * m);
  const colNode: string[] = new Array<string>(rows * m);
  const cell: string[] = new Array<string>(rows * m);
  const rowWire: string[] = wires ? new Array<string>(rows * m) : [];
  const colWire: string[] = wires ? new Array<string>(rows * m) : [];
  for (let i = 0; i < rows; i++) {
    for (let p = 0; p < m; p++) {
      const k = i * m + p;
      const c = column[p]!;
      cell[k] = n.name(`cell ${k}`, `Rg_r${i}_${c}`);
      if (wires) {
        rowNode[k] = n.name(`row node ${k}`, `r${i}_${c}`);
        colNode[k] = n.name(`column node ${k}`, `${c}_r${i}`);
        rowWire[k] = n.name(`row wire ${k}`, `Rwr_r${i}_${c}`);
        colWire[k] = n.name(`column wire ${k}`, `Rwc_${c}_r${i}`);
      } else {
        rowNode[k] = rowInput[i]!;
        colNode[k] = senseNode[p]!;
      }
    }
  }
  return { rowSource, rowInput, column, senseSource, senseNode, rowNode, colNode, cell, rowWire, colWire };
}
