// hdl-export/spice/netlist.ts: print the ngspice netlist of a prepared crossbar. It only
// prints: names, values and topology were decided by prepare.ts. Lines go into one array and
// are joined once (a 256 x 512 array is ~400k lines).
//
// Sections, in order: header comments (title line first), the column and row tables,
// `.options klu`, row drivers, row wire segments, cells, column wire segments, sense
// sources, and a `.control` block that runs `op` and prints every column current with 16
// significant digits.
import { Text } from '../text.js';
import { fmtNumber } from '../params.js';
import { roleText, type SpiceCrossbar } from './prepare.js';

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  return rows.map((r) => r.map((c, k) => (k === r.length - 1 ? c : c.padEnd(widths[k]!))).join('  ').trimEnd());
}

export function printNetlist(x: SpiceCrossbar): string {
  const t = new Text();
  const { rows, names: n, g, drive } = x;
  const m = x.columns.length;
  const wire = fmtNumber(x.wireR);
  let open = 0;
  for (let k = 0; k < g.length; k++) if (g[k] === 0) open++;

  // header
  t.line(`* ${x.title}`);
  t.comment('*', ...x.header);
  t.comment('*',
    '',
    `Run: ngspice -b ${x.file} (or load it in eecircuit-engine). The .control block prints`,
    'i(vsense_<column>) for every physical column: the current into the column\'s 0 V sense',
    'source, positive for positive row voltages. ngspice -b exits 1 when the analysis is in',
    '.control: read its output, not its exit code.',
    '',
    x.wireR > 0
      ? `Topology: each row is driven at its left end by Vin_r<i> through ${m} segments of wire_r =`
      : 'Topology: wire_r is 0, so there are no wire segments: every cell of row i connects',
    ...(x.wireR > 0
      ? [
        `${wire} ohm (one per cell); each cell is R = 1/G between its row node r<i>_<col> and its`,
        `column node <col>_r<i>; each column runs down through ${rows} segments of wire_r to its`,
        '0 V source Vsense_<col> below the last row.',
      ]
      : ['the driver node in_r<i> directly to the sense node <col>_s of its column.']),
    `Cells: ${rows * m - open} resistors${open ? `; ${open} cells with G = 0 are open and left out` : ''}.`,
    'Expected currents with ideal wires: expected-currents.csv.',
    '',
    'Physical columns, left to right along the rows:',
  );
  t.comment('*', ...table([
    ['sense source', 'column', 'weight column', 'role'],
    ...x.columns.map((c, p) => [n.senseSource[p]!, c.name, c.weightCol === null ? '-' : String(c.weightCol), roleText(c, x.sliced)]),
  ]).map((l) => `  ${l}`));
  t.comment('*', '', 'Row drivers:');
  t.comment('*', ...table([
    ['driver', 'row', 'lane', 'code', 'x', 'V'],
    ...Array.from({ length: rows }, (_, i) => {
      const l = drive.laneOfRow[i]!;
      const lane = l >= 0 ? drive.lanes[l]! : null;
      return [n.rowSource[i]!, String(i), lane ? `${l} (${lane.label})` : 'undriven', lane ? String(lane.code) : '-', lane ? fmtNumber(lane.x) : '0', fmtNumber(drive.volts[i]!)];
    }),
  ]).map((l) => `  ${l}`));
  t.blank();
  t.line('.options klu');
  t.blank();

  // elements
  t.line('* Row drivers: V = x v_read');
  for (let i = 0; i < rows; i++) t.line(`${n.rowSource[i]} ${n.rowInput[i]} 0 DC ${fmtNumber(drive.volts[i]!)}`);
  if (x.wireR > 0) {
    t.blank();
    t.line(`* Row wires: ${wire} ohm per segment, from the driver to the far end of the row`);
    for (let i = 0; i < rows; i++) {
      let prev = n.rowInput[i]!;
      for (let p = 0; p < m; p++) {
        const k = i * m + p;
        t.line(`${n.rowWire[k]} ${prev} ${n.rowNode[k]} ${wire}`);
        prev = n.rowNode[k]!;
      }
    }
  }
  t.blank();
  t.line('* Cells: R = 1/G (G at t_inference)');
  for (let k = 0; k < rows * m; k++) {
    const gk = g[k]!;
    if (gk !== 0) t.line(`${n.cell[k]} ${n.rowNode[k]} ${n.colNode[k]} ${fmtNumber(1 / gk)}`);
  }
  if (x.wireR > 0) {
    t.blank();
    t.line(`* Column wires: ${wire} ohm per segment, from the first row down to the sense source`);
    for (let p = 0; p < m; p++) {
      for (let i = 0; i < rows; i++) {
        const k = i * m + p;
        t.line(`${n.colWire[k]} ${n.colNode[k]} ${i + 1 < rows ? n.colNode[k + m] : n.senseNode[p]} ${wire}`);
      }
    }
  }
  t.blank();
  t.line('* Sense sources: 0 V, the virtual ground of each column\'s readout');
  for (let p = 0; p < m; p++) t.line(`${n.senseSource[p]} ${n.senseNode[p]} 0 DC 0`);
  t.blank();

  // analysis
  t.line('.control');
  t.line('set numdgt=15');
  t.line('op');
  for (let p = 0; p < m; p++) t.line(`print i(${n.senseSource[p]})`);
  t.line('.endc');
  t.line('.end');
  return t.toString();
}
