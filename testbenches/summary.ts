// testbenches/summary.ts: what a run measured, per tile.
//
//   latency      the first vector's time from entering the tile to leaving it (no queueing)
//   throughput   (n - 1) / (last exit - first exit), vectors per second (1 / latency for one)
//   energy/MVM   energy charged by every stage of the tile, per output vector
//   ops/MVM      2 rows cols (a multiply and an add per weight)
//   leakage      static power x count of every component with a `leakage` parameter, over the
//                whole simulated time (run start to the kernel's time when summarised), J; apart
//                from the dynamic energy above
//   TOPS/W       ops per MVM / (energy per MVM + leakage / vectors) / 1e12: total energy
//   TOPS         ops per MVM x throughput / 1e12 (peak: the steady-state rate, not 1 / latency)
//   area         the tile's components (testbenches/area.ts); TOPS/mm2 = TOPS / area
//   utilisation  per component, busy time / the tile's active window (first vector in to last
//                result out)
//   stall        per component, how long it held a finished result its consumer was not ready
//                for (back-pressure; emulator/tile/stage.ts); per tile, the sum over its stages
//   timeline     when the first vectors entered and left the tile
//   error        |output - ideal| per lane, in units of the output LSB: max and rms
//   full scale   the largest |ideal output| of the run, in LSBs (for relative errors)
import type { Simulator, SimTile } from '../emulator/simulator.js';
import { seconds } from '../emulator/kernel/time.js';
import type { InterconnectStats, TransferStats } from '../emulator/interconnect/kernel-noc.js';
import { physicalCount, tileArea, type ComponentArea } from './area.js';

/** Vectors of a tile's latency timeline (the first ones). */
export const TIMELINE_VECTORS = 8;

export interface ComponentSummary {
  name: string;
  energy: number;
  busy: number;
  tokens: number;
  /** s during which the component held a result its consumer was not ready for. */
  stall: number;
  /** busy / the tile's active window; null without outputs. */
  utilisation: number | null;
}

/** A component's leakage: count x `leakage` (W) x the simulated time. */
export interface ComponentLeakage {
  name: string;
  /** W, all instances. */
  power: number;
  /** J over the simulated time. */
  energy: number;
}

export interface TileSummary {
  path: string;
  vectors: number;
  latency: number | null;
  throughput: number | null;
  /** Dynamic energy per output vector, J (without leakage). */
  energyPerMvm: number | null;
  /** Static power of the tile's components, W, and their leakage energy over `simTime`, J. */
  leakagePower: number;
  leakage: number;
  leakageBy: ComponentLeakage[];
  /** Simulated time the leakage is charged over, s. */
  simTime: number;
  opsPerMvm: number;
  topsPerWatt: number | null;
  /** ops per MVM x throughput / 1e12. */
  tops: number | null;
  /** Area of the tile's components, m2, and by component. */
  area: number;
  areaBy: ComponentArea[];
  topsPerMm2: number | null;
  /** The crossbar's instance name (its utilisation is the tile's). */
  crossbar: string;
  /** First vector in to last result out, s. */
  window: number | null;
  /** Stall time of the tile's stages (components sharing a stage count it once), s. */
  stall: number;
  /** The first vectors: when each entered the tile and when its result left, s. */
  timeline: { vector: number; entered: number; exit: number }[];
  errMax: number | null;
  errRms: number | null;
  /** Full scale: the largest |ideal output| of the run, in LSBs (relative errors divide by it). */
  fullScale: number | null;
  components: ComponentSummary[];
}

export function summarise(sim: Simulator, t: SimTile): TileSummary {
  const outs = sim.read(t.path);
  const c = t.built.crossbar.component;
  const ops = 2 * (c.params['rows'] as number) * (c.params['cols'] as number);
  // One entry per stage; a stage that models several components (the DACs and the array)
  // reports each with its energy (its busy time, stall time and tokens are shared).
  const stages = t.built.stages.filter((s) => s.stats.tokens > 0 || s.stats.energy > 0);
  const components = stages
    .flatMap((s) => {
      const base = { busy: seconds(s.stats.busyFs), tokens: s.stats.tokens, stall: seconds(s.stats.stallFs) };
      if (s.stats.energyBy) return Object.entries(s.stats.energyBy).map(([name, energy]) => ({ name, energy, ...base }));
      return [{ name: s.name.split('.').pop()!, energy: s.stats.energy, ...base }];
    });
  const energy = components.reduce((a, s) => a + s.energy, 0);
  const n = outs.length;
  let errMax = 0;
  let sq = 0;
  let count = 0;
  let fullScale = 0;
  for (const o of outs) {
    for (let l = 0; l < o.values.length; l++) {
      fullScale = Math.max(fullScale, Math.abs(o.ideal[l]!));
      const e = Math.abs(o.values[l]! - o.ideal[l]!);
      if (e > errMax) errMax = e;
      sq += e * e;
      count++;
    }
  }
  const latency = n ? seconds(outs[0]!.exitFs - outs[0]!.enteredFs) : null;
  const span = n > 1 ? seconds(outs[n - 1]!.exitFs - outs[0]!.exitFs) : 0;
  const throughput = n > 1 && span > 0 ? (n - 1) / span : latency ? 1 / latency : null;
  const energyPerMvm = n ? energy / n : null;
  let first = n ? outs[0]!.enteredFs : 0n;
  let last = n ? outs[0]!.exitFs : 0n;
  for (const o of outs) {
    if (o.enteredFs < first) first = o.enteredFs;
    if (o.exitFs > last) last = o.exitFs;
  }
  const window = n && last > first ? seconds(last - first) : null;
  const area = tileArea(t.instance.tile);
  const simTime = seconds(sim.kernel.now);
  const leakageBy = t.instance.tile.instances.flatMap((i) => {
    const p = i.component.params['leakage'];
    if (typeof p !== 'number' || p === 0) return [];
    const count = physicalCount(i); // DACs shared by `mux` rows leak once
    return [{ name: i.name, power: p * count, energy: p * count * simTime }];
  });
  const leakagePower = leakageBy.reduce((a, c) => a + c.power, 0);
  const leakage = leakagePower * simTime;
  const totalPerMvm = energyPerMvm === null ? null : energyPerMvm + leakage / n;
  const tops = throughput === null ? null : (ops * throughput) / 1e12;
  return {
    path: t.path,
    vectors: n,
    latency,
    throughput,
    energyPerMvm,
    leakagePower,
    leakage,
    leakageBy,
    simTime,
    opsPerMvm: ops,
    topsPerWatt: totalPerMvm ? ops / totalPerMvm / 1e12 : null,
    tops,
    area: area.area,
    areaBy: area.components,
    topsPerMm2: tops !== null && area.area > 0 ? tops / (area.area * 1e6) : null,
    crossbar: t.built.crossbar.name,
    window,
    stall: seconds(stages.reduce((a, s) => a + s.stats.stallFs, 0n)),
    timeline: outs.slice(0, TIMELINE_VECTORS).map((o) => ({ vector: o.vector, entered: seconds(o.enteredFs), exit: seconds(o.exitFs) })),
    errMax: count ? errMax : null,
    errRms: count ? Math.sqrt(sq / count) : null,
    fullScale: count ? fullScale || 1 : null,
    components: components.map((c) => ({ ...c, utilisation: window ? c.busy / window : null })),
  };
}

/** The interconnect's counts (emulator/interconnect/kernel-noc.ts) with its maps as objects. */
export interface InterconnectSummary {
  kind: InterconnectStats['kind'];
  total: TransferStats;
  links: Record<string, TransferStats>;
  tiles: Record<string, TransferStats>;
  channels: Record<string, { busy: number; stall: number; transfers: number }>;
}

export function interconnectSummary(s: InterconnectStats): InterconnectSummary {
  const obj = <T>(m: Map<string, T>): Record<string, T> => Object.fromEntries([...m].map(([k, v]) => [k, { ...v }]));
  return { kind: s.kind, total: { ...s.total }, links: obj(s.links), tiles: obj(s.tiles), channels: obj(s.channels) };
}
