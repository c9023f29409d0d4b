// testbenches/figures.ts: the whole-chip figures of a run, from its per-tile summaries.
//
// Conventions (docs/emulator.md, "What a run reports"):
//   ops          a multiply-accumulate is 2 operations: 2 rows cols per crossbar MVM, summed over
//                every MVM of every tile
//   TOPS         peak, throughput-based: the sum over the tiles that ran of ops per MVM x the
//                tile's steady-state throughput / 1e12 (what every tile sustains at once)
//   TOPS/W       ops / (energy charged by every component of every tile + their leakage) / 1e12
//   leakage      every tile's leakage (summary.ts: count x leakage power x simulated time), J
//   TOPS/mm2     TOPS / the area of the whole chip (every tile instance, idle ones included)
//   latency per inference   the first vector, from entering the first tile it reaches to its
//                result leaving the last one (matched by vector number)
//   throughput   inferences per second: the slowest tile's throughput (the pipeline's bottleneck)
//   utilisation  busy time of the crossbar arrays / (tile instances x simulated time)
//   top energy   energy by component name, summed over the tiles, largest first
import type { ChipIR } from '../dsl/ir/nodes.js';
import { chipArea, type ChipArea } from './area.js';
import type { TileSummary } from './summary.js';

export interface ChipFigures {
  chip: string;
  /** Tile instances in the chip, and those that produced results. */
  tiles: number;
  activeTiles: number;
  /** MVMs over every tile. */
  vectors: number;
  ops: number;
  /** J, over every tile: dynamic energy (without leakage). */
  energy: number;
  /** J, over every tile: leakage over the simulated time. */
  leakage: number;
  area: ChipArea;
  tops: number | null;
  topsPerWatt: number | null;
  topsPerMm2: number | null;
  latencyPerInference: number | null;
  throughput: number | null;
  utilisation: number | null;
  topEnergy: { name: string; energy: number; share: number }[];
}

export function chipFigures(chip: ChipIR, tiles: readonly TileSummary[], simulatedSeconds: number): ChipFigures {
  const active = tiles.filter((t) => t.vectors > 0);
  const ops = active.reduce((a, t) => a + t.opsPerMvm * t.vectors, 0);
  const byName = new Map<string, number>();
  for (const t of tiles) for (const c of t.components) byName.set(c.name, (byName.get(c.name) ?? 0) + c.energy);
  const energy = [...byName.values()].reduce((a, e) => a + e, 0);
  const leakage = tiles.reduce((a, t) => a + t.leakage, 0);
  const area = chipArea(chip);
  const tops = active.length && active.every((t) => t.tops !== null) ? active.reduce((a, t) => a + t.tops!, 0) : null;
  // latency per inference: vector 0 (or the lowest number every tile saw first) through the tiles
  let latency: number | null = null;
  const firsts = active.map((t) => t.timeline[0]).filter((v) => v !== undefined);
  if (firsts.length) {
    const v = Math.min(...firsts.map((f) => f.vector));
    const same = active.flatMap((t) => t.timeline.filter((e) => e.vector === v));
    latency = Math.max(...same.map((e) => e.exit)) - Math.min(...same.map((e) => e.entered));
  }
  const rates = active.map((t) => t.throughput).filter((r): r is number => r !== null);
  const busy = tiles.reduce((a, t) => a + (t.components.find((c) => c.name === t.crossbar)?.busy ?? 0), 0);
  return {
    chip: chip.name,
    tiles: chip.tiles.length,
    activeTiles: active.length,
    vectors: active.reduce((a, t) => a + t.vectors, 0),
    ops,
    energy,
    leakage,
    area,
    tops,
    topsPerWatt: energy + leakage > 0 ? ops / (energy + leakage) / 1e12 : null,
    topsPerMm2: tops !== null && area.area > 0 ? tops / (area.area * 1e6) : null,
    latencyPerInference: latency,
    throughput: rates.length ? Math.min(...rates) : null,
    utilisation: simulatedSeconds > 0 && chip.tiles.length ? busy / (chip.tiles.length * simulatedSeconds) : null,
    topEnergy: [...byName]
      .filter(([, e]) => e > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([name, e]) => ({ name, energy: e, share: e / energy })),
  };
}
