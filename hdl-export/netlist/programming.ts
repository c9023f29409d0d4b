// hdl-export/netlist/programming.ts: the parameters of every cell of a programmed array.
//
// programmedTile (testbenches/programmed.ts) gives the physical array at t_inference: each
// device's conductance g as the emulator computes with it, and its target. Cells whose model
// takes a conductance (ideal, RRAM, ECRAM) get `g`. The drifting cells (PCM, table) need the
// programmed conductance g_prog and the drift exponent nu so that the drift continues in
// simulation; programmedTile does not return them, so they are recomputed here, as the
// emulator drew them:
//   1. the device order of programCrossbar's flat vector, from physicalLayout (physicalArray
//      applied to the indices, so the layout is the emulator's own);
//   2. the targets in that order, programmed again by the same device model with the same
//      seeded stream (deviceStream(seed, tile path)), which yields the same g_prog and nu;
//   3. the drift to t_inference continued on that stream must give back programmedTile's
//      conductances bit for bit (checked: anything else is an internal error);
//   4. read_dev = g / (g_prog (t/t0)^-nu) - 1, the read-noise draw at t_inference, so that
//      the cell model's g_prog ((t_inference + t0 + $abstime)/t0)^-nu (1 + read_dev) equals
//      the emulator's g at $abstime = 0.
import type { PlannedTile } from '../plan.js';
import type { ComponentIR, TestbenchIR } from '../../dsl/ir/nodes.js';
import { deviceModel, resolveDeviceParams } from '../../emulator/devices/index.js';
import { driftFactor } from '../../emulator/devices/pcm-like.js';
import type { PhysicalColumn } from '../../emulator/models/physical-array.js';
import { deviceStream } from '../../emulator/simulator.js';
import { programmedTile } from '../../testbenches/programmed.js';
import { physicalLayout } from '../veriloga/models/array.js';
import { cellState } from '../veriloga/models/cells.js';

export interface ProgrammedCells {
  testbench: TestbenchIR;
  path: string;
  seed: number;
  tInference: number;
  /** The testbench has a `program` step for the tile (else every device at g_min). */
  programmed: boolean;
  rows: number;
  columns: PhysicalColumn[];
  /** Conductance of each device at t_inference, rows x columns, row-major (programmedTile's). */
  g: Float64Array;
  /** For drifting cells: g_prog, nu and read_dev, same layout; null otherwise. */
  drift: { gProg: Float64Array; nu: Float64Array; readDev: Float64Array } | null;
}

export function programCells(
  tile: PlannedTile,
  crossbar: ComponentIR,
  tb: TestbenchIR,
  path: string,
  opts: { seed?: number; tInference?: number },
): ProgrammedCells {
  const pt = programmedTile(tb, path, { ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.tInference !== undefined ? { tInference: opts.tInference } : {}) });
  const phys = pt.model.physical;
  if (!phys) throw new Error(`internal: programmedTile of ${path} kept no physical array`);
  const layout = physicalLayout(crossbar);
  if (layout.columns.map((c) => c.name).join() !== phys.columns.map((c) => c.name).join()) {
    throw new Error(`internal: the physical columns of ${tile.tile.name} differ from programmedTile's`);
  }
  const cell = crossbar.params['cell'] as { device: ComponentIR };
  const kind = cell.device.kindName;
  const base = { testbench: tb, path, seed: pt.seed, tInference: pt.tInference, programmed: pt.programmed, rows: phys.rows, columns: phys.columns, g: phys.g };
  if (cellState(kind) !== 'drift') return { ...base, drift: null };

  // 1.-2. program the targets again, in the emulator's order, on the same stream
  const n = layout.index.length;
  const targets = new Float64Array(n);
  for (let k = 0; k < n; k++) targets[layout.index[k]!] = phys.gTarget[k]!;
  const model = deviceModel(cell.device.params, kind);
  const rng = deviceStream(pt.seed, path);
  const prog = model.program(targets, rng);
  // 3. the drift must reproduce programmedTile's conductances exactly
  const now = new Float64Array(n);
  model.drift(prog, pt.tInference, rng, now);
  for (let k = 0; k < n; k++) {
    if (now[layout.index[k]!] !== phys.g[k]) throw new Error(`internal: re-programming ${path} does not reproduce device ${k} (${now[layout.index[k]!]} != ${phys.g[k]})`);
  }
  // 4. per device, in the physical layout
  const t0 = resolveDeviceParams(cell.device.params, kind)['t0'] as number;
  const gProg = new Float64Array(n);
  const nu = new Float64Array(n);
  const readDev = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const f = layout.index[k]!;
    gProg[k] = prog.gProg[f]!;
    nu[k] = prog.nu[f]!;
    const gd = gProg[k]! * driftFactor(pt.tInference, t0, nu[k]!);
    readDev[k] = gd > 0 ? phys.g[k]! / gd - 1 : 0;
  }
  return { ...base, drift: { gProg, nu, readDev } };
}

/** The cell model's conductance at $abstime = 0 from the netlist's parameters (for checks). */
export function cellConductance(p: { gProg: number; nu: number; readDev: number; t0: number; tInference: number }): number {
  return Math.max(p.gProg * ((p.tInference + p.t0) / p.t0) ** -p.nu * (1 + p.readDev), 0);
}
