// hdl-export/veriloga/uses.ts: where each exported component is used, for the defaults a
// model takes from its neighbours (a CCO's counting window is the DAC's pulse window when
// `t_window` is unset; a shift-and-add shifts by the cell's bits per cell when `shift` is
// unset; a cell's default conductance is its device's g_min). Computed from the plan only.
import type { CellIR, ComponentIR } from '../../dsl/ir/nodes.js';
import { cellOf } from '../../dsl/ir/walk.js';
import type { ExportPlan, PlannedTile } from '../plan.js';

export interface ComponentUse {
  /** The first exported tile that uses the component (as an instance, or as a cell's device). */
  tile: PlannedTile;
  /** That tile's DAC component (the first DAC instance), if any. */
  dac: ComponentIR | null;
  /** That tile's crossbar cell, if any. */
  cell: CellIR | null;
}

export function componentUses(plan: ExportPlan): Map<ComponentIR, ComponentUse> {
  const out = new Map<ComponentIR, ComponentUse>();
  for (const tile of plan.tiles) {
    const dac = tile.tile.instances.find((i) => i.component.category === 'dac')?.component ?? null;
    const xbar = tile.tile.instances.find((i) => i.component.category === 'crossbar')?.component ?? null;
    const cell = xbar ? cellOf(xbar) : null;
    const use = { tile, dac, cell };
    for (const i of tile.tile.instances) {
      if (!out.has(i.component)) out.set(i.component, use);
      const c = cellOf(i.component);
      if (c && !out.has(c.device)) out.set(c.device, use);
    }
  }
  return out;
}
