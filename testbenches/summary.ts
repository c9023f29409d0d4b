// testbenches/summary.ts: what a run measured, per tile.
//
//   latency      the first vector's time from entering the tile to leaving it (no queueing)
//   throughput   (n - 1) / (last exit - first exit), vectors per second (1 / latency for one)
//   energy/MVM   energy charged by every stage of the tile, per output vector
//   ops/MVM      2 rows cols (a multiply and an add per weight)
//   TOPS/W       ops per MVM / energy per MVM / 1e12
//   error        |output - ideal| per lane, in units of the output LSB: max and rms
//   full scale   the largest |ideal output| of the run, in LSBs (for relative errors)
import type { Simulator, SimTile } from '../emulator/simulator.js';
import { seconds } from '../emulator/kernel/time.js';

export interface ComponentSummary {
  name: string;
  energy: number;
  busy: number;
  tokens: number;
}

export interface TileSummary {
  path: string;
  vectors: number;
  latency: number | null;
  throughput: number | null;
  energyPerMvm: number | null;
  opsPerMvm: number;
  topsPerWatt: number | null;
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
  // reports each with its energy (its busy time and tokens are shared).
  const components = t.built.stages
    .filter((s) => s.stats.tokens > 0 || s.stats.energy > 0)
    .flatMap((s) => {
      const base = { busy: seconds(s.stats.busyFs), tokens: s.stats.tokens };
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
  return {
    path: t.path,
    vectors: n,
    latency,
    throughput,
    energyPerMvm,
    opsPerMvm: ops,
    topsPerWatt: energyPerMvm ? ops / energyPerMvm / 1e12 : null,
    errMax: count ? errMax : null,
    errRms: count ? Math.sqrt(sq / count) : null,
    fullScale: count ? fullScale || 1 : null,
    components,
  };
}
