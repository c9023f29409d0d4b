// testbenches/area.ts: the silicon area of a tile and of a chip, from the components' `area`
// parameters (defaults and sources in docs/components.md).
//
//   instance of a converter or periphery kind   count x area
//   DACs with `mux` > 1                          count / mux x area (mux rows share one DAC)
//   crossbar                                     rows x cols x devices per weight x count x cell_area
//   a kind with no area parameter (digital, fifo) 0, and named in `unmodelled`
//   a chip with `adc_share` = k                  one ADC bank per group of k tile instances
//                                                (chip order), counted with the group's first
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

/** Physical converters of an instance: a DAC with `mux` > 1 drives mux rows (lanes) in turn,
 *  so `dacs[16] { mux = 4; }` is 4 DACs (E3052 keeps count a multiple of mux); else count. */
export function physicalCount(i: InstanceIR): number {
  const mux = i.component.params['mux'];
  return i.component.category === 'dac' && typeof mux === 'number' && mux > 1 ? Math.ceil(i.count / mux) : i.count;
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
  const count = physicalCount(i);
  return { name: i.name, kind: c.kindName, count, each, area: each === null ? 0 : each * count };
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
  const share = chip.adcShare ?? 1;
  const tiles = chip.tiles.map((ti, index) => {
    let a = byTile.get(ti.tile);
    if (!a) {
      a = tileArea(ti.tile);
      byTile.set(ti.tile, a);
    }
    // adc_share: the later tiles of a group use the first one's ADC bank
    const sharesBank = share > 1 && index % share !== 0;
    const adcs = new Set(sharesBank ? ti.tile.instances.filter((i) => i.component.category === 'adc').map((i) => i.name) : []);
    let area = 0;
    for (const c of a.components) {
      if (adcs.has(c.name)) continue;
      byName.set(c.name, (byName.get(c.name) ?? 0) + c.area);
      area += c.area;
    }
    for (const u of a.unmodelled) unmodelled.add(u);
    return { path: ti.path, tile: ti.tile.name, area: adcs.size ? area : a.area };
  });
  return {
    area: tiles.reduce((s, t) => s + t.area, 0),
    tiles,
    components: [...byName].map(([name, area]) => ({ name, area })),
    unmodelled: [...unmodelled],
  };
}
