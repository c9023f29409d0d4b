// network/infer.ts: evaluate a network on its emulated chip over time after programming
// (`xbar infer`; docs/infer.md).
//
// 1. Build the network (network/build.ts): weights from .npy files or trained from the `train`
//    block; the test set; the float accuracy (the reference line).
// 2. Place it: the front end's placement (dsl/ir/network-placement.ts, the rule `xbar check`
//    applies and the IR dump shows; E3048 when it fails, so a checked design always places):
//    per layer the crossbar size of its first tile, near-equal pieces, and a tile instance per
//    piece (the `map` tiles first, then the unmapped instances in chip order). mapping.ts cuts
//    the weights into those pieces (`placeBlocks`), block k of a layer on its k-th tile.
// 3. For each condition (without GDC; with GDC if asked), each time t and each repeat r: every
//    block is programmed onto its tile with seed + r (a new programming draw: devices, and
//    the per-MVM noise streams) and read at t (network/emulated.ts); the test set runs through
//    the network, matrix layers block by block through the emulated tiles, the rest in float
//    (evaluateMapped); accuracy = the fraction of argmax predictions equal to the label.
//    Mean and sample standard deviation over the repeats. With GDC the devices are the same as
//    without (the read-out has its own stream), so the two conditions are paired draws.
// The work runs in slices of SLICE samples; between slices the caller's `shouldStop` is asked
// (Ctrl-C) and the event loop turns, so an interrupted run returns what it finished.
import { diag, type Diagnostic } from '../dsl/diagnostics/diagnostic.js';
import type { NetworkIR } from '../dsl/ir/network.js';
import { placeNetwork } from '../dsl/ir/network-placement.js';
import type { ComponentIR, TileInstanceIR } from '../dsl/ir/nodes.js';
import { EmulatorLimitation } from '../emulator/models/crossbar.js';
import type { DriftCompensationMode } from '../emulator/models/drift-compensation.js';
import { buildNetwork, type BuiltNetwork, type DatasetOverride } from './build.js';
import { EmulatedTile, type NoiseManagement } from './emulated.js';
import { argmax, type Network } from './layers.js';
import { evaluateMapped, mapNetwork, type MappingPlan, type TileSize } from './mapping.js';
import type { EpochStats } from './train.js';

export interface InferOptions {
  /** Seconds after programming. */
  times: number[];
  /** Programming draws per time (repeat r uses seed + r). */
  repeats: number;
  /** Also evaluate with drift compensation. */
  gdc: boolean;
  seed: number;
  /** Evaluate on the first `samples` test samples. */
  samples?: number;
  dataset?: DatasetOverride;
  /** Weights saved by `xbar train --save DIR` (instead of the files or the training). */
  weightsDir?: string;
  /** The network already built (weights, test set): skips build.ts (and its training). */
  prebuilt?: BuiltNetwork;
  /** Activations -> DAC codes per vector (default abs_max). */
  inputScaling?: NoiseManagement;
  shouldStop?: () => boolean;
  /** Samples evaluated so far, of the total. */
  progress?: (done: number, total: number) => void;
}

export interface Placement {
  layer: string;
  block: number;
  tile: string;
  rows: number;
  cols: number;
  inStart: number;
  outStart: number;
}

export interface InferPoint {
  /** Seconds after programming. */
  t: number;
  /** One accuracy per repeat, in repeat order. */
  accuracies: number[];
  mean: number;
  /** Sample standard deviation over the repeats (0 for one repeat). */
  sd: number;
}

export interface InferCondition {
  name: string;
  gdc: boolean;
  points: InferPoint[];
}

export interface InferResult {
  network: string;
  target: string;
  samples: number;
  repeats: number;
  seed: number;
  inputScaling: NoiseManagement['kind'];
  floatAccuracy: number;
  training: EpochStats[] | null;
  /** Per matrix layer, the crossbar size it is split for (the crossbar of its first tile). */
  tileSizes: ({ layer: string } & TileSize)[];
  placement: Placement[];
  conditions: InferCondition[];
  interrupted: boolean;
}

const SLICE = 25;

function crossbarOf(ti: TileInstanceIR): ComponentIR | null {
  return ti.tile.instances.find((i) => i.component.category === 'crossbar')?.component ?? null;
}

export interface PlacedBlocks {
  plan: MappingPlan;
  /** The tile instance of each block, by block id. */
  tiles: TileInstanceIR[];
  tileSizes: InferResult['tileSizes'];
  placement: Placement[];
}

/**
 * The blocks of `net` (built from `ir` by build.ts: the same layers, in the same order) on the
 * tile instances the front end's placement gives. A design that passed the front-end checks
 * has no placement problem (check-network reports each as E3048); one here is a bug.
 */
export function placeBlocks(ir: NetworkIR, net: Network): PlacedBlocks {
  const placed = placeNetwork(ir);
  if (placed.problems.length) {
    throw new Error(`internal: network \`${ir.name}\` does not place (${placed.problems.map((p) => p.kind).join(', ')}); run the front-end checks first (E3048)`);
  }
  const byLayer = new Map(placed.layers.map((l) => [l.layer, l]));
  const plan = mapNetwork(net, (li) => {
    const l = byLayer.get(li);
    if (!l) throw new Error(`internal: layer ${li} of \`${ir.name}\` has no placement`);
    return l;
  });
  const instances = new Map(ir.target.tiles.map((t) => [t.path, t]));
  const tiles: TileInstanceIR[] = [];
  const placement: Placement[] = [];
  for (const lp of plan.layers) {
    const l = byLayer.get(lp.layer)!;
    lp.blocks.forEach((id, k) => {
      const b = plan.blocks[id]!;
      tiles[id] = instances.get(l.tiles[k]!)!;
      placement.push({ layer: l.name, block: id, tile: l.tiles[k]!, rows: b.rows, cols: b.cols, inStart: b.inStart, outStart: b.outStart });
    });
  }
  const tileSizes = placed.layers.map((l) => ({ layer: l.name, ...l.tileSize! }));
  return { plan, tiles, tileSizes, placement };
}

function meanSd(a: number[]): { mean: number; sd: number } {
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const sd = a.length > 1 ? Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / (a.length - 1)) : 0;
  return { mean, sd };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Run the whole evaluation; diagnostics for user errors. */
export async function runInference(ir: NetworkIR, opts: InferOptions): Promise<{ result: InferResult | null; diagnostics: Diagnostic[] }> {
  const { built, diagnostics } = opts.prebuilt
    ? { built: opts.prebuilt, diagnostics: [] }
    : buildNetwork(ir, {
        ...(opts.samples !== undefined ? { samples: opts.samples } : {}),
        ...(opts.dataset ? { dataset: opts.dataset } : {}),
        ...(opts.weightsDir ? { weightsDir: opts.weightsDir } : {}),
      });
  if (!built) return { result: null, diagnostics };
  const { plan, tiles, tileSizes, placement } = placeBlocks(ir, built.net);
  const scaling: NoiseManagement = opts.inputScaling ?? { kind: 'abs_max' };
  const test = built.test;
  const per = test.x.length / test.count;
  const conditions: InferCondition[] = [{ name: 'no GDC', gdc: false, points: [] }];
  if (opts.gdc) conditions.push({ name: 'GDC', gdc: true, points: [] });
  const total = conditions.length * opts.times.length * opts.repeats * test.count;
  let done = 0;
  let interrupted = false;
  const result: InferResult = {
    network: ir.name, target: ir.target.name, samples: test.count, repeats: opts.repeats, seed: opts.seed,
    inputScaling: scaling.kind, floatAccuracy: built.floatAccuracy, training: built.history,
    tileSizes, placement, conditions, interrupted: false,
  };
  outer: for (const cond of conditions) {
    for (const t of opts.times) {
      const accuracies: number[] = [];
      for (let r = 0; r < opts.repeats; r++) {
        let blocks: EmulatedTile[];
        try {
          blocks = plan.blocks.map((b) => {
            const ti = tiles[b.id]!;
            const xbar = crossbarOf(ti)!;
            const own = (xbar.params['drift_compensation'] as DriftCompensationMode | undefined) ?? 'none';
            const mode: DriftCompensationMode = cond.gdc ? (own === 'none' ? 'global' : own) : 'none';
            const em = new EmulatedTile(ir.target, ti, { seed: opts.seed + r, tInference: t, driftCompensation: mode });
            em.programBlock(b.weights, b.rows, b.cols);
            return em;
          });
        } catch (e) {
          if (e instanceof EmulatorLimitation || e instanceof RangeError) {
            return { result: null, diagnostics: [diag('E4017', `cannot run network \`${ir.name}\` on \`${ir.target.name}\` at t = ${t} s: ${e.message}`, ir.span)] };
          }
          throw e;
        }
        const mvm = (id: number, x: Float64Array) => blocks[id]!.mvm(x, plan.blocks[id]!.cols, scaling);
        let correct = 0;
        for (let start = 0; start < test.count; start += SLICE) {
          if (opts.shouldStop?.()) {
            interrupted = true;
            break outer;
          }
          const n = Math.min(SLICE, test.count - start);
          const out = evaluateMapped(built.net, plan, { shape: [n, ...test.inputShape], data: test.x.subarray(start * per, (start + n) * per) }, mvm);
          const k = out.data.length / n;
          for (let i = 0; i < n; i++) if (argmax(out.data, i * k, k) === test.labels[start + i]) correct++;
          done += n;
          opts.progress?.(done, total);
          await tick();
        }
        accuracies.push(correct / test.count);
      }
      cond.points.push({ t, accuracies, ...meanSd(accuracies) });
    }
  }
  result.interrupted = interrupted;
  return { result, diagnostics: [] };
}
