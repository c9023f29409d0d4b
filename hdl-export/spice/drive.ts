// hdl-export/spice/drive.ts: the row voltages of the SPICE netlist, from input codes.
//
// 1. The tile's input lanes are its DAC instances' lanes in declaration order (the order of a
//    testbench's input vectors); each lane has its own DAC's code range and v_read.
// 2. The codes: --input (one per lane), else the first vector of the testbench's first
//    `drive` of the tile when that is a literal list, else every lane at full scale (c_max).
//    A code that does not fit its lane is an ExportInputError naming the lane.
// 3. Each row is driven by the DAC lane the tile's connections route to it (as the
//    emulator's lane map does); a row no connection reaches stays at 0 V.
// 4. Row voltage V = x v_read, x the normalised input of emulator/models/dac.ts sliceInputs
//    for slice 0: c / c_max for PWM and voltage DACs (for PWM the time average over the input
//    window, so current x window = the charge the emulator integrates); for bit-serial DACs
//    the first array cycle, sign(c) d_0 / (2^bpc - 1) with d_0 the least significant digit.
import type { InstanceIR, TestStep } from '../../dsl/ir/nodes.js';
import { ports } from '../../dsl/ir/ports.js';
import { codeMax, codeMin, dacParams, sliceInputs, slicesOf, windowOf, type DacParams } from '../../emulator/models/dac.js';
import { ExportInputError } from '../export.js';
import { fmtNumber, tidyDecimal } from '../params.js';
import type { ExportPlan, PlannedTile } from '../plan.js';

type DriveStep = Extract<TestStep, { kind: 'drive' }>;

export interface Lane {
  /** `dacs[3]`, or `dacs` for a single DAC. */
  label: string;
  dac: DacParams;
  code: number;
  /** Normalised input of slice 0. */
  x: number;
  volts: number;
}

export interface RowDrive {
  /** Input lanes, in tile order. */
  lanes: Lane[];
  /** For each row, the lane that drives it, or -1. */
  laneOfRow: Int32Array;
  /** Row voltages (V). */
  volts: Float64Array;
  /** Where the codes come from, and how a code becomes a voltage (header lines). */
  notes: string[];
}

function dacLanes(tile: PlannedTile): { inst: InstanceIR; offset: number; lanes: number; p: DacParams }[] {
  const out: { inst: InstanceIR; offset: number; lanes: number; p: DacParams }[] = [];
  let offset = 0;
  for (const { instance } of tile.instances) {
    if (instance.component.category !== 'dac') continue;
    const lanes = ports(instance)[1]!.lanes;
    out.push({ inst: instance, offset, lanes, p: dacParams(instance.component) });
    offset += lanes;
  }
  return out;
}

function describeDac(p: DacParams, name: string): string {
  const kind = `${name}: ${p.kind}, ${p.bits} bit ${p.signed ? 'signed' : 'unsigned'} (codes ${codeMin(p)}..=${codeMax(p)}), v_read ${fmtNumber(p.vRead)} V`;
  switch (p.kind) {
    case 'pwm':
      return `${kind}; a pulse of |c| t_lsb at +-v_read, driven here as its average over the ${fmtNumber(tidyDecimal(windowOf(p)))} s window: V = c / c_max v_read (current x window = the charge the emulator integrates)`;
    case 'voltage':
      return `${kind}; V = c / c_max v_read`;
    case 'bit_serial':
      return `${kind}; ${slicesOf(p)} slices of ${p.bitsPerCycle} bit, one per array cycle: the netlist drives slice 0 (the first array cycle), V = sign(c) d_0${p.bitsPerCycle > 1 ? ` / ${2 ** p.bitsPerCycle - 1}` : ''} v_read, d_0 the least significant base-${2 ** p.bitsPerCycle} digit of |c|`;
  }
}

/** The row voltages for `input` (or the default codes), with the lanes' descriptions. */
export function rowDrive(plan: ExportPlan, tile: PlannedTile, crossbar: InstanceIR, rows: number, input: readonly number[] | undefined): RowDrive {
  const banks = dacLanes(tile);
  const lanes = banks.reduce((a, b) => a + b.lanes, 0);
  const labelOf = (l: number): string => {
    const b = banks.find((x) => l >= x.offset && l < x.offset + x.lanes);
    if (!b) return `lane ${l}`;
    return b.inst.count > 1 || b.lanes > 1 ? `${b.inst.name}[${l - b.offset}]` : b.inst.name;
  };
  const dacOf = (l: number): DacParams => banks.find((x) => l >= x.offset && l < x.offset + x.lanes)!.p;

  // 2. codes
  let codes: readonly number[];
  let origin: string;
  let what: string;
  if (input !== undefined) {
    codes = input;
    origin = 'inputs: --input';
    what = '--input';
  } else {
    const path = tile.programmedBy?.path;
    const drive = tile.programmedBy?.testbench.steps.find((s): s is DriveStep => s.kind === 'drive' && s.target.tile === path && s.target.component === null);
    if (drive && drive.source.kind === 'vectors' && drive.source.vectors.length > 0) {
      codes = drive.source.vectors[0]!;
      const at = plan.sources.where(drive.source.span).replace(/:\d+$/, '');
      origin = `inputs: the first vector of testbench ${tile.programmedBy!.testbench.name}'s drive (${at}); pass --input to choose others`;
      what = `the first input vector at ${at}`;
    } else {
      codes = Array.from({ length: lanes }, (_, l) => codeMax(dacOf(l)));
      origin = `inputs: every lane at full scale (c_max; the default when the testbench drives no literal vector); pass --input to choose others`;
      what = 'the default input';
    }
  }
  if (codes.length !== lanes) {
    const has = `${what} has ${codes.length} codes, but tile ${tile.tile.name} has ${lanes} input lanes`;
    throw new ExportInputError(
      codes.length < lanes ? `${has}: lane ${codes.length} (${labelOf(codes.length)}) has no code` : `${has} (0..=${lanes - 1}): code ${lanes} has no lane`,
    );
  }
  for (let l = 0; l < lanes; l++) {
    const c = codes[l]!;
    const p = dacOf(l);
    if (!Number.isInteger(c)) throw new ExportInputError(`${what}, lane ${l} (${labelOf(l)}): code ${c} is not an integer`);
    if (c < codeMin(p) || c > codeMax(p)) throw new ExportInputError(`${what}, lane ${l} (${labelOf(l)}): code ${c} is outside the DAC's range ${codeMin(p)}..=${codeMax(p)}`);
  }

  // 4. voltages per lane
  const one = new Float64Array(1);
  const laneList: Lane[] = codes.map((code, l) => {
    const dac = dacOf(l);
    sliceInputs(dac, [code], 0, one);
    return { label: labelOf(l), dac, code, x: one[0]!, volts: one[0]! * dac.vRead };
  });

  // 3. which lane drives which row
  const laneOfRow = new Int32Array(rows).fill(-1);
  for (const c of tile.tile.connections) {
    if (c.to.instance !== crossbar.name) continue;
    const b = banks.find((x) => x.inst.name === c.from.instance);
    if (!b) continue;
    for (let k = 0; k < c.to.hi - c.to.lo; k++) laneOfRow[c.to.lo + k] = b.offset + c.from.lo + k;
  }
  const volts = new Float64Array(rows);
  for (let r = 0; r < rows; r++) volts[r] = laneOfRow[r]! >= 0 ? laneList[laneOfRow[r]!]!.volts : 0;

  const seen = new Set<string>();
  const dacNotes: string[] = [];
  for (const b of banks) {
    const d = describeDac(b.p, b.inst.name);
    if (!seen.has(d)) dacNotes.push(d);
    seen.add(d);
  }
  return { lanes: laneList, laneOfRow, volts, notes: [origin, ...dacNotes] };
}
