// hdl-export/netlist/lanes.ts: which output lane drives each input lane of a tile, from its
// `connect` statements (the emulator's laneMap in emulator/tile/build-tile.ts does the same
// per bank). A port's lanes are its instance array's elements side by side (an ADC element
// has `mux` lanes, a shift-and-add element `slices` input lanes, a crossbar rows / cols x
// outputs per column); `connect a[lo..hi] -> b[lo2..hi2]` maps lane lo + k to lane lo2 + k.
import type { InstanceIR, TileIR } from '../../dsl/ir/nodes.js';
import { ports } from '../../dsl/ir/ports.js';

export interface LaneRef {
  /** The xbar instance name. */
  instance: string;
  lane: number;
}

export interface TileLanes {
  inLanes: Map<string, number>;
  outLanes: Map<string, number>;
  /** Input lane (instance, lane) -> the output lane that drives it. */
  driver: Map<string, LaneRef>;
  /** Output lane -> the input lanes it drives, in connection order. */
  consumers: Map<string, LaneRef[]>;
}

export const laneKey = (instance: string, lane: number) => `${instance}#${lane}`;

export function tileLanes(tile: TileIR): TileLanes {
  const inLanes = new Map<string, number>();
  const outLanes = new Map<string, number>();
  for (const inst of tile.instances) {
    const [pin, pout] = ports(inst);
    inLanes.set(inst.name, pin?.lanes ?? 0);
    outLanes.set(inst.name, pout?.lanes ?? 0);
  }
  const driver = new Map<string, LaneRef>();
  const consumers = new Map<string, LaneRef[]>();
  for (const c of tile.connections) {
    for (let k = 0; k < c.to.hi - c.to.lo; k++) {
      const from = { instance: c.from.instance, lane: c.from.lo + k };
      const to = { instance: c.to.instance, lane: c.to.lo + k };
      driver.set(laneKey(to.instance, to.lane), from);
      const key = laneKey(from.instance, from.lane);
      const list = consumers.get(key) ?? [];
      list.push(to);
      consumers.set(key, list);
    }
  }
  return { inLanes, outLanes, driver, consumers };
}

/** Lanes per element of an instance on its input and output port. */
export function lanesPerElement(inst: InstanceIR, lanes: TileLanes): { in: number; out: number } {
  const n = Math.max(1, inst.count);
  return { in: Math.floor((lanes.inLanes.get(inst.name) ?? 0) / n), out: Math.floor((lanes.outLanes.get(inst.name) ?? 0) / n) };
}
