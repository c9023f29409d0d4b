// testbenches/area.ts: the silicon area of a tile and of a chip, from the components' `area`
// parameters (defaults and sources in docs/components.md).
//
//   instance of a converter or periphery kind   count x area
//   crossbar                                     rows x cols x devices per weight x count x cell_area
//   a kind with no area parameter (digital, fifo) 0, and named in `unmodelled`
//
// Areas are in m2. Interconnect (links, routers) has no area parameter yet and is not counted.
import type { ChipIR, InstanceIR, TileIR } from '../dsl/ir/nodes.js';
import { devicesPerWeight } from '../dsl/ir/ports.js';
import { cellOf } from '../dsl/ir/walk.js';

export interface ComponentArea {
  /** Instance name in the tile (`dacs`, `array`, `adcs`). */
  name: string;
  /** Built-in kind (`pwm`, `crossbar`, `cco`). */
  kind: string;
  /** Instances (or, for a crossbar, devices). */
  count: number;
  /** Area of one instance (one device for a crossbar), m2; null without an area parameter. */
  each: number | null;
  /** count x each, m2 (0 when unmodelled). */
  area: number;
}

export interface TileArea {
  area: number;
  components: ComponentArea[];
  /** Instances whose kind has no area parameter (counted as 0). */
  unmodelled: string[];
}

export interface ChipArea {
  area: number;
  /** One entry per tile instance, in the chip's order. */
  tiles: { path: string; tile: string; area: number }[];
  /** Summed over every tile instance, by component instance name. */
  components: { name: string; area: number }[];
  unmodelled: string[];
}

function instanceArea(i: InstanceIR): ComponentArea {
  const c = i.component;
  const cell = cellOf(c);
  if (cell) {
    const devices = (c.params['rows'] as number) * (c.params['cols'] as number) * devicesPerWeight(cell) * i.count;
    const each = c.params['cell_area'] as number;
    return { name: i.name, kind: c.kindName, count: devices, each, area: devices * each };
  }
  const a = c.params['area'];
  const each = typeof a === 'number' && Number.isFinite(a) ? a : null;
  return { name: i.name, kind: c.kindName, count: i.count, each, area: each === null ? 0 : each * i.count };
}

export function tileArea(tile: TileIR): TileArea {
  const components = tile.instances.map(instanceArea);
  return {
    area: components.reduce((a, c) => a + c.area, 0),
    components,
    unmodelled: components.filter((c) => c.each === null).map((c) => c.name),
  };
}

export function chipArea(chip: ChipIR): ChipArea {
  const byTile = new Map<TileIR, TileArea>();
  const byName = new Map<string, number>();
  const unmodelled = new Set<string>();
  const tiles = chip.tiles.map((ti) => {
    let a = byTile.get(ti.tile);
    if (!a) {
      a = tileArea(ti.tile);
      byTile.set(ti.tile, a);
    }
    for (const c of a.components) byName.set(c.name, (byName.get(c.name) ?? 0) + c.area);
    for (const u of a.unmodelled) unmodelled.add(u);
    return { path: ti.path, tile: ti.tile.name, area: a.area };
  });
  return {
    area: tiles.reduce((s, t) => s + t.area, 0),
    tiles,
    components: [...byName].map(([name, area]) => ({ name, area })),
    unmodelled: [...unmodelled],
  };
}
