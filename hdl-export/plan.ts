// hdl-export/plan.ts: the prepare step shared by every format. It decides, from the checked
// IR, everything the emitters print but do not compute:
//   - names: one module namespace (tiles, chips, components, devices, in the design's order,
//     whatever is exported, so every format names things alike), and per tile / chip one
//     namespace of instance names (hdl-export/names.ts);
//   - which tiles (and chips) are exported (`--tile NAME`: a tile, or a tile instance of a
//     chip such as `c[0]`);
//   - each component's parameters with units, ranges and origins (hdl-export/params.ts);
//   - for the formats that need conductances, the testbench that programs the tile and the
//     tile instance it programs.
// Emitters take an ExportPlan and return files; they never look names up in the IR.
import type { SourceSet } from '../dsl/diagnostics/source.js';
import type { Checked, ChipIR, ClockIR, ComponentIR, InstanceIR, TestbenchIR, TileIR } from '../dsl/ir/nodes.js';
import { allComponents, allTiles } from '../dsl/ir/walk.js';
import { Namer } from './names.js';
import { exportParams, type ExportParam } from './params.js';

export interface PlannedComponent {
  /** Unique legal module name. */
  module: string;
  component: ComponentIR;
  params: ExportParam[];
  /** `file:line` of the declaration. */
  declaredAt: string;
}

export interface PlannedInstance {
  /** Unique legal name in its tile. */
  name: string;
  instance: InstanceIR;
  component: PlannedComponent;
}

export interface PlannedTile {
  module: string;
  tile: TileIR;
  clock: ClockIR | null;
  instances: PlannedInstance[];
  declaredAt: string;
  /** The testbench and tile instance whose programming the conductances follow, if any. */
  programmedBy: { testbench: TestbenchIR; path: string } | null;
}

export interface PlannedChip {
  module: string;
  chip: ChipIR;
  /** Tile instance path -> legal instance name, and the tile's module. */
  instances: { path: string; name: string; tile: string }[];
  declaredAt: string;
}

export interface ExportPlan {
  /** The root file as the user named it (relative; never absolute in outputs). */
  source: string;
  /** `xbar 0.1.0` */
  generator: string;
  tiles: PlannedTile[];
  chips: PlannedChip[];
  /** Every component of the exported tiles, devices included, in declaration order. */
  components: PlannedComponent[];
  sources: SourceSet;
}

export interface PlanRequest {
  /** A tile name, or a tile instance path of a chip (`c[0]`); default: every tile. */
  tile?: string;
  /** The testbench whose programming gives the conductances (default: the first that has the tile). */
  testbench?: string;
}

/** A request that names nothing in the design: reported as E5001 by the CLI. */
export class PlanError extends Error {
  constructor(
    message: string,
    readonly suggestions: string[] = [],
  ) {
    super(message);
  }
}

/**
 * A built-in kind used as it is (`differential(ideal)`, `digital post[4];`) has no declaration:
 * the elaborator gives it an empty span at the start of the root file, which would read as
 * `file:1`. Such a component is named after its kind.
 */
export function isBuiltinKind(c: ComponentIR): boolean {
  return c.name === c.kindName && c.span.start === 0 && c.span.end === 0;
}

function where(sources: SourceSet, span: { file: number; start: number; end: number }): string {
  return sources.where(span).replace(/:\d+$/, '');
}

export function planExport(design: Checked, sources: SourceSet, source: string, generator: string, req: PlanRequest = {}): ExportPlan {
  const modules = new Namer();
  const tiles = allTiles(design);
  const tileByName = new Map<string, TileIR>();
  for (const t of tiles) if (!tileByName.has(t.name)) tileByName.set(t.name, t);
  // 1. names, always in the same order
  for (const name of tileByName.keys()) modules.name(`tile ${name}`, name);
  for (const c of design.chips) modules.name(`chip ${c.name}`, c.name);
  const comps = allComponents(design);
  for (const c of comps) modules.name(`component ${c.name}`, c.name);

  // 2. selection
  let selected = [...tileByName.values()];
  let selectedPath: string | null = null;
  if (req.tile !== undefined) {
    const byName = tileByName.get(req.tile);
    const inChip = [...design.chips, ...design.testbenches.map((t) => t.target)].flatMap((c) => c.tiles).find((t) => t.path === req.tile);
    if (byName) selected = [byName];
    else if (inChip) {
      selected = [tileByName.get(inChip.tile.name)!];
      selectedPath = inChip.path;
    } else {
      const names = [...tileByName.keys(), ...design.chips.flatMap((c) => c.tiles.slice(0, 4).map((t) => t.path))];
      throw new PlanError(`no tile or tile instance '${req.tile}' in ${source}`, names);
    }
  }
  let testbenches = design.testbenches;
  if (req.testbench !== undefined) {
    testbenches = design.testbenches.filter((t) => t.name === req.testbench);
    if (testbenches.length === 0) throw new PlanError(`no testbench '${req.testbench}' in ${source}`, design.testbenches.map((t) => t.name));
  }

  // 3. components and tiles
  const planned = new Map<ComponentIR, PlannedComponent>();
  const plan = (c: ComponentIR, usedAt: InstanceIR): PlannedComponent => {
    let p = planned.get(c);
    if (!p) {
      const declaredAt = isBuiltinKind(c) ? `the built-in kind ${c.kindName} (no declaration; used at ${where(sources, usedAt.span)})` : where(sources, c.span);
      p = { module: modules.name(`component ${c.name}`, c.name), component: c, params: [], declaredAt };
      planned.set(c, p);
    }
    return p;
  };
  const outTiles: PlannedTile[] = selected.map((tile) => {
    const names = new Namer();
    const clock = tile.clock;
    const instances = tile.instances.map((inst) => {
      const comp = plan(inst.component, inst);
      const cell = inst.component.params['cell'];
      if (cell && typeof cell === 'object' && 'kind' in cell && cell.kind === 'cell') plan(cell.device, inst);
      return { name: names.name(inst.name), instance: inst, component: comp };
    });
    let programmedBy: PlannedTile['programmedBy'] = null;
    for (const tb of testbenches) {
      const ti = tb.target.tiles.find((t) => t.tile.name === tile.name && (selectedPath === null || t.path === selectedPath));
      if (ti) {
        programmedBy = { testbench: tb, path: ti.path };
        break;
      }
    }
    return { module: modules.name(`tile ${tile.name}`), tile, clock, instances, declaredAt: where(sources, tile.span), programmedBy };
  });
  // parameters (with the clock of the first tile that uses the component, for cycle counts)
  for (const t of outTiles) {
    for (const i of t.instances) {
      const clock = t.clock;
      const p = i.component;
      if (p.params.length === 0) p.params = exportParams(p.component, sources, clock);
      const cell = i.instance.component.params['cell'];
      if (cell && typeof cell === 'object' && 'kind' in cell && cell.kind === 'cell') {
        const d = planned.get(cell.device)!;
        if (d.params.length === 0) d.params = exportParams(d.component, sources, clock);
      }
    }
  }
  const components = comps.filter((c) => planned.has(c)).map((c) => planned.get(c)!);

  // 4. chips whose tiles are all exported
  const exported = new Set(outTiles.map((t) => t.tile.name));
  const chips: PlannedChip[] = design.chips
    .filter((c) => req.tile === undefined && c.tiles.every((t) => exported.has(t.tile.name)))
    .map((chip) => {
      const names = new Namer();
      return {
        module: modules.name(`chip ${chip.name}`),
        chip,
        instances: chip.tiles.map((t) => ({ path: t.path, name: names.name(t.path), tile: modules.name(`tile ${t.tile.name}`) })),
        declaredAt: where(sources, chip.span),
      };
    });
  return { source, generator, tiles: outTiles, chips, components, sources };
}
