// hdl-export/spice/select.ts: which crossbar the SPICE netlist holds, and its conductances.
//
// 1. The tile: the plan's one tile. A plan with several tiles, or a chip with several
//    instances of its tile (the plan then lists the chip), is a PlanError: SPICE solves one
//    array, so the user names it with --tile (a tile, or a tile instance such as `c[0]`).
// 2. The crossbar: the tile's one crossbar instance (count 1), as the emulator requires.
// 3. The conductances: programmedTile (testbenches/programmed.ts) for the testbench and tile
//    instance the plan chose, with --seed / --t-inference overriding the testbench's values:
//    the same weights and device draws as a run. When no testbench targets the tile, the
//    weights are zero and every device sits at its noise-free zero-weight target (g_min; the
//    mid-scale level of offset and bit-sliced encodings). This is computed here, from the
//    plan's fields (programCrossbar with zero weights, then its targets), because the plan
//    has no testbench to hand to programmedTile.
import type { CellIR, TestStep } from '../../dsl/ir/nodes.js';
import { EmulatorLimitation, programCrossbar } from '../../emulator/models/crossbar.js';
import type { PhysicalArray } from '../../emulator/models/physical-array.js';
import { Rng } from '../../emulator/random.js';
import { SimError } from '../../emulator/simulator.js';
import { programmedTile } from '../../testbenches/programmed.js';
import type { EmitOptions } from '../export.js';
import { fmtNumber } from '../params.js';
import { PlanError, type ExportPlan, type PlannedComponent, type PlannedInstance, type PlannedTile } from '../plan.js';

type ProgramStep = Extract<TestStep, { kind: 'program' }>;

export interface SelectedArray {
  tile: PlannedTile;
  /** The tile instance the conductances belong to (`c[0]`, or the tile's name), or null. */
  path: string | null;
  crossbar: PlannedInstance;
  cell: CellIR;
  /** The cell's device as the plan holds it. */
  device: PlannedComponent | null;
  physical: PhysicalArray;
  /** Seed and t_inference the conductances were drawn with (null: no testbench). */
  seed: number | null;
  tInference: number | null;
  /** Where the conductances come from, one line each, for the file headers. */
  provenance: string[];
}

function lineOf(plan: ExportPlan, span: { file: number; start: number; end: number }): string {
  return plan.sources.where(span).replace(/:\d+$/, '');
}

/** The plan's one tile, or a PlanError that lists what --tile may name. */
export function selectTile(plan: ExportPlan): PlannedTile {
  const multi = plan.chips.some((c) => c.instances.length > 1);
  if (plan.tiles.length === 1 && !multi) return plan.tiles[0]!;
  const candidates = [...plan.tiles.map((t) => t.tile.name), ...plan.chips.flatMap((c) => c.instances.map((i) => i.path))];
  if (plan.tiles.length === 0) throw new PlanError(`${plan.source} has no tile: spice exports a tile's crossbar`);
  const what = plan.tiles.length > 1 ? `${plan.tiles.length} tiles` : `${plan.chips.map((c) => c.instances.length).reduce((a, b) => a + b, 0)} tile instances`;
  throw new PlanError(`spice exports one tile's crossbar: pass --tile NAME (${plan.source} has ${what})`, candidates);
}

export function selectArray(plan: ExportPlan, opts: EmitOptions): SelectedArray {
  const tile = selectTile(plan);
  const xbars = tile.instances.filter((i) => i.instance.component.category === 'crossbar');
  if (xbars.length === 0) throw new PlanError(`tile ${tile.tile.name} has no crossbar: spice exports a crossbar`, plan.tiles.map((t) => t.tile.name));
  if (xbars.length > 1 || xbars[0]!.instance.count !== 1) {
    throw new SimError('E4006', `tile \`${tile.tile.name}\`: spice exports a tile with one crossbar array, as the emulator runs`);
  }
  const crossbar = xbars[0]!;
  const cell = crossbar.instance.component.params['cell'] as CellIR;
  const device = plan.components.find((c) => c.component === cell.device) ?? null;
  const by = tile.programmedBy;
  if (by) {
    const p = programmedTile(by.testbench, by.path, {
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.tInference !== undefined ? { tInference: opts.tInference } : {}),
    });
    const program = by.testbench.steps.filter((s): s is ProgramStep => s.kind === 'program' && s.target.tile === by.path).pop();
    const provenance = [
      `conductances: testbench ${by.testbench.name} (${lineOf(plan, by.testbench.span)}), tile instance ${by.path}, seed ${fmtNumber(p.seed)}${opts.seed !== undefined ? ' (--seed)' : ''}, t_inference ${fmtNumber(p.tInference)} s${opts.tInference !== undefined ? ' (--t-inference)' : ''}`,
      program
        ? `  weights: its program statement (${lineOf(plan, program.span)}), devices drawn as in a run of the testbench`
        : `  weights: zero (the testbench never programs ${by.path}); devices drawn at their zero-weight targets as in a run`,
    ];
    return { tile, path: by.path, crossbar, cell, device, physical: p.model.physical!, seed: p.seed, tInference: p.tInference, provenance };
  }
  const c = crossbar.instance.component;
  const rows = c.params['rows'] as number;
  const cols = c.params['cols'] as number;
  let physical: PhysicalArray;
  try {
    const m = programCrossbar(c, new Float64Array(rows * cols), new Rng(0), 0, { keepConductances: true });
    physical = { ...m.physical!, g: m.physical!.gTarget };
  } catch (e) {
    if (e instanceof EmulatorLimitation) throw new SimError('E4006', e.message);
    throw e;
  }
  return {
    tile, path: null, crossbar, cell, device, physical, seed: null, tInference: null,
    provenance: [`conductances: no testbench programs tile ${tile.tile.name}: zero weights, every device at its noise-free zero-weight target (g_min; mid-scale for offset encodings)`],
  };
}
