// hdl-export/netlist/variants.ts: which tile module each tile (and each tile instance of a
// chip) is exported as, and where its conductances come from.
//
// A tile variant is a tile module with one array: the tile's own (the plan's tile module, with
// the conductances of the testbench and tile instance the plan chose, `programmedBy`), or for
// a chip's instance another testbench programming (`core_c_1`), or none (`core_unprogrammed`:
// the Verilog-A array of the crossbar, every device at its model's default g_min).
//   1. Every exported tile gets its own variant from `programmedBy` (programCells: the
//      emulator's devices at t_inference; zero weights when the testbench has no `program`
//      for the instance, as in a run). No testbench: the unprogrammed array.
//   2. A chip's tile instance that the chip's testbench (the one the plan chose for the
//      chip's tiles) programs (a `program` step) uses its tile's variant when that is
//      programmed from the instance itself, else a variant of its own. Every other instance
//      uses the unprogrammed variant of its tile (one module shared by all of them: a HERMES
//      chip has one 131,072-cell programmed core, not 64), or the tile's own variant when no
//      testbench programs the tile at all.
// Module names come from prepareVerilogA's namespace (newModule), in this fixed order.
import type { ComponentIR, TestbenchIR } from '../../dsl/ir/nodes.js';
import { legalIdentifier } from '../names.js';
import type { ExportPlan, PlannedChip, PlannedInstance, PlannedTile } from '../plan.js';
import type { PhysicalColumn } from '../../emulator/models/physical-array.js';
import { physicalLayout } from '../veriloga/models/array.js';
import type { PreparedVerilogA } from '../veriloga/prepare.js';
import { programCells, type ProgrammedCells } from './programming.js';

export interface VariantSource {
  testbench: TestbenchIR;
  path: string;
}

export interface TileVariant {
  tile: PlannedTile;
  module: string;
  source: VariantSource | null;
  crossbar: PlannedInstance | null;
  /** The programmed cells (null: no crossbar, or unprogrammed). */
  cells: ProgrammedCells | null;
  /** The array module the tile instantiates: the programmed one, or the crossbar's Verilog-A model. */
  arrayModule: string;
  columns: PhysicalColumn[];
}

export interface ChipVariants {
  chip: PlannedChip;
  testbench: TestbenchIR | null;
  /** Per tile instance, in the chip's order. */
  instances: { path: string; name: string; variant: TileVariant }[];
}

export function planVariants(
  plan: ExportPlan,
  va: PreparedVerilogA,
  opts: { seed?: number; tInference?: number },
): { tiles: TileVariant[]; all: TileVariant[]; chips: ChipVariants[] } {
  const all: TileVariant[] = [];
  const make = (tile: PlannedTile, source: VariantSource | null, module: string): TileVariant => {
    const crossbar = tile.instances.find((i) => i.instance.component.category === 'crossbar') ?? null;
    let cells: ProgrammedCells | null = null;
    let arrayModule = '';
    let columns: PhysicalColumn[] = [];
    if (crossbar) {
      const c: ComponentIR = crossbar.instance.component;
      if (source) {
        cells = programCells(tile, c, source.testbench, source.path, opts);
        arrayModule = va.newModule(`programmed array ${module}`, `${module}_${crossbar.name}_prog`);
        columns = cells.columns;
      } else {
        arrayModule = crossbar.component.module;
        columns = physicalLayout(c).columns;
      }
    }
    const v = { tile, module, source, crossbar, cells, arrayModule, columns };
    all.push(v);
    return v;
  };
  // 1.
  const tiles = plan.tiles.map((t) => make(t, t.programmedBy, t.module));
  // 2.
  const chips = plan.chips.map((chip): ChipVariants => {
    const testbench = tiles.map((v) => v.tile.programmedBy?.testbench).find((tb) => tb && tb.targetKind === 'chip' && tb.target.name === chip.chip.name) ?? null;
    const unprogrammed = new Map<PlannedTile, TileVariant>();
    const instances = chip.instances.map((ci) => {
      const own = tiles.find((v) => v.tile.tile.name === chip.chip.tiles.find((t) => t.path === ci.path)!.tile.name)!;
      const programmed = testbench !== null && testbench.steps.some((s) => s.kind === 'program' && s.target.tile === ci.path);
      let variant: TileVariant;
      if (programmed && own.source?.testbench === testbench && own.source.path === ci.path) variant = own;
      else if (programmed) {
        variant = make(own.tile, { testbench, path: ci.path }, va.newModule(`variant ${own.module} ${ci.path}`, `${own.module}_${legalIdentifier(ci.path)}`));
      } else if (!own.source) variant = own;
      else {
        if (!unprogrammed.has(own.tile)) unprogrammed.set(own.tile, make(own.tile, null, va.newModule(`variant ${own.module} unprogrammed`, `${own.module}_unprogrammed`)));
        variant = unprogrammed.get(own.tile)!;
      }
      return { path: ci.path, name: ci.name, variant };
    });
    return { chip, testbench, instances };
  });
  return { tiles, all, chips };
}
