// network/timed.ts: a network run on the cycle-accurate emulator, scheduled by the chip's
// global controller (`run network NAME;` in a testbench; docs/emulator.md, "Global controller").
//
// 1. The blocks of the network's placement (infer.ts `placeBlocks`) are programmed into an
//    EmulatedTile each, whose programmed crossbar (the same devices `Simulator.program` would
//    draw: the seed's device stream of the tile, at t_inference) the Simulator's tile adopts.
// 2. Every (sample, matrix layer, position) is a job for emulator/controller: its blocks are the
//    layer's pieces on their tiles; it depends on the previous matrix layer's jobs of the same
//    sample that produce its inputs (all of them for a dense layer; for a conv layer after a
//    conv layer with only element-wise layers between, the positions under its window).
// 3. At dispatch the job's input slice of each block becomes DAC codes (abs_max scaling, as in
//    `xbar infer`) and the block's result in weight units is computed by the EmulatedTile
//    (network/emulated.ts: the Simulator's numbers, without the kernel); the codes are driven
//    into the Simulator's tile, which times the MVM and charges its energy. At the combine the
//    partial sums are added in block order, the bias once, and the element-wise layers that
//    follow are applied (per position); other layers (softmax, flatten before a dense layer)
//    when the layer is complete for the sample.
// So the accuracy is the one `xbar infer` computes for the same draws (the MVMs of a tile
// may come in another order than in `xbar infer`, so the per-MVM noise draws differ), and
// time and energy are the cycle-accurate emulator's.
import type { NetworkIR } from '../dsl/ir/network.js';
import type { ComponentIR } from '../dsl/ir/nodes.js';
import { GlobalController, type ControllerStats, type Job, type JobBlock } from '../emulator/controller/controller.js';
import { controllerIR, controllerParams } from '../emulator/controller/params.js';
import { controllerTransport } from '../emulator/controller/transport.js';
import { Clock, seconds, type TimeFs } from '../emulator/kernel/time.js';
import type { DriftCompensationMode } from '../emulator/models/drift-compensation.js';
import { SimError, type Simulator } from '../emulator/simulator.js';
import type { BuiltNetwork } from './build.js';
import { geometry, type ConvGeometry } from './conv.js';
import { EmulatedTile } from './emulated.js';
import { placeBlocks } from './infer.js';
import { argmax, isMatrixLayer, layerForward, shapes, size, type Layer, type MatrixLayer, type Tensor } from './layers.js';
import type { Block } from './mapping.js';

export interface TimedLayer {
  name: string;
  kind: 'dense' | 'conv2d';
  tiles: string[];
  /** Jobs (vectors) per sample, MVMs run and skipped (all-zero inputs). */
  positions: number;
  mvms: number;
  skipped: number;
  /** Mean time from a job's dispatch (its input read from the buffer) to its outputs being complete (s). */
  latency: number;
  /** Mean time a job waited from its inputs being complete to its dispatch (controller busy, tile inputs full) (s). */
  wait: number;
  /** Energy (J): the layer's tiles, its transfers to and from the controller, its combines and buffer accesses. */
  energy: { tiles: number; transfers: number; controller: number };
  /** Operations per sample (2 per MAC). */
  ops: number;
}

export interface TimedSample {
  sample: number;
  label: number;
  predicted: number;
  /** From the first read of its input to its last combine (s). */
  startS: number;
  endS: number;
  /** Per matrix layer: when its first job was ready and its last job done (s). */
  layers: { readyS: number; doneS: number }[];
}

export interface TimedNetworkResult {
  network: string;
  target: string;
  /** Samples finished, of `total`. */
  samples: number;
  total: number;
  accuracy: number;
  floatAccuracy: number;
  /** First sample's latency (empty pipeline) and the mean over samples (s). */
  latencyFirst: number;
  latencyMean: number;
  /** Inferences per second in steady state: (N - 1) / (end of the last - end of the first). */
  throughput: number;
  /** Joules per inference: tiles of the network, transfers, controller; and their sum. */
  energyPerInference: number;
  opsPerInference: number;
  layers: TimedLayer[];
  controller: Omit<ControllerStats, 'busyFs' | 'backPressureFs'> & { busyS: number; backPressureS: number };
  /** The first samples' timeline (at most 8), for the report. */
  timeline: TimedSample[];
  interrupted: boolean;
}

export interface TimedOptions {
  seed: number;
  tInference: number;
  shouldStop?: () => boolean;
}

interface MatrixInfo {
  index: number;
  layer: MatrixLayer;
  name: string;
  positions: number;
  fanIn: number;
  fanOut: number;
  /** Blocks in order: input piece major. */
  blocks: Block[];
  inPieces: number;
  /** Layers after this one up to the next matrix layer (or the end). */
  tail: Layer[];
  /** The tail is element-wise (applied per position). */
  elementwise: boolean;
  /** Tile instance of each block. */
  tilePaths: string[];
  /** A conv layer's geometry (null for dense). */
  geom: ConvGeometry | null;
  /** MVMs run and skipped (all-zero inputs) so far. */
  mvms: number;
  skipped: number;
}

const ELEMENTWISE = new Set(['relu', 'sigmoid', 'tanh']);

function crossbarOf(c: { tile: { instances: { component: ComponentIR }[] } }): ComponentIR {
  return c.tile.instances.find((i) => i.component.category === 'crossbar')!.component;
}

/** A network run set up on a Simulator: run the kernel, then `result()`. */
export interface NetworkRun {
  /** Every sample has gone through. */
  readonly done: boolean;
  /** Samples finished so far, of `total`. */
  readonly finished: number;
  readonly total: number;
  result(interrupted: boolean): TimedNetworkResult;
}

/** Run `built` on `sim` until it is done (tests and tools; testbenches run the kernel in slices). */
export function runNetworkTimed(sim: Simulator, ir: NetworkIR, built: BuiltNetwork, opts: TimedOptions): TimedNetworkResult {
  const run = startNetworkRun(sim, ir, built, opts);
  const r = sim.run({ ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}) });
  return run.result(r.reason === 'stopped' || !run.done);
}

/**
 * Set up `built` (the network of `ir`) on `sim` (the testbench's Simulator of `ir.target`):
 * program its blocks and start the controller on every test sample of `built` at the next
 * controller edge. The caller runs the kernel.
 */
export function startNetworkRun(sim: Simulator, ir: NetworkIR, built: BuiltNetwork, opts: TimedOptions): NetworkRun {
  const net = built.net;
  const { plan, tiles } = placeBlocks(ir, net);
  const shp = shapes(net);
  const dims = shp.map((s) => size(s));
  const names = ir.layers.filter((l) => l.kind === 'dense' || l.kind === 'conv2d').map((l) => (l as { name: string }).name);

  // matrix layers, their blocks and tails
  const mats: MatrixInfo[] = [];
  net.layers.forEach((l, li) => {
    if (isMatrixLayer(l)) {
      const lp = plan.layers.find((p) => p.layer === li)!;
      const positions = l.kind === 'conv2d' ? shp[li + 1]![1]! * shp[li + 1]![2]! : 1;
      mats.push({
        index: li, layer: l, name: names[mats.length]!, positions, fanIn: lp.fanIn, fanOut: lp.fanOut,
        blocks: lp.blocks.map((id) => plan.blocks[id]!), inPieces: lp.inPieces.length, tail: [], elementwise: true,
        tilePaths: lp.blocks.map((id) => tiles[id]!.path), mvms: 0, skipped: 0,
        geom: l.kind === 'conv2d' ? geometry(l, [1, ...shp[li]!]) : null,
      });
    } else if (mats.length) {
      const m = mats[mats.length - 1]!;
      m.tail.push(l);
      if (!ELEMENTWISE.has(l.kind)) m.elementwise = false;
    }
  });
  const head = net.layers.slice(0, mats[0]!.index);
  // the controller moves the data between layers: a link from or to one of the network's tiles
  // would also feed it vectors the controller does not know of
  const used = new Set(plan.blocks.map((b) => tiles[b.id]!.path));
  const linked = sim.chip.links.find((l) => used.has(l.from) || used.has(l.to));
  if (linked) {
    throw new SimError('E4006', `the link ${linked.from} -> ${linked.to} touches a tile of network \`${ir.name}\`; the global controller moves the data between its layers, so a network runs on tiles without links (a chip without them, or \`map\` the layers onto other tiles)`);
  }

  // programming: the Simulator's tiles and the numeric twins
  const emulated = new Map<number, EmulatedTile>();
  for (const b of plan.blocks) {
    const ti = tiles[b.id]!;
    const own = (crossbarOf(ti).params['drift_compensation'] as DriftCompensationMode | undefined) ?? 'none';
    const em = new EmulatedTile(ir.target, ti, { seed: opts.seed, tInference: opts.tInference, driftCompensation: own });
    em.programBlock(b.weights, b.rows, b.cols);
    // the same devices (deviceStream(seed, path) at tInference), drawn once for both
    sim.adopt(ti.path, em.model!);
    emulated.set(b.id, em);
  }

  // controller clock and parameters
  const ck = sim.chip.clock ?? sim.chip.tiles[0]!.tile.clock!;
  const clock = new Clock(ck.name, ck.periodFs);
  const cir = controllerIR(sim.chip);
  const { params, link } = controllerParams(cir, clock);
  const actBits = cir.actBits;

  // jobs
  const test = built.test;
  const n = test.count;
  const per = test.x.length / n;
  const jobs: Job[] = [];
  const jobOf = (s: number, m: number, p: number) => firstJob[s]! + offsets[m]! + p;
  const offsets: number[] = [];
  let perSample = 0;
  for (const m of mats) {
    offsets.push(perSample);
    perSample += m.positions;
  }
  const firstJob = Array.from({ length: n }, (_, s) => s * perSample);
  const deps = mats.map((m, k) => (k === 0 ? null : depsOf(mats[k - 1]!, m)));
  for (let s = 0; s < n; s++) {
    mats.forEach((m, k) => {
      for (let p = 0; p < m.positions; p++) {
        const blocks: JobBlock[] = m.blocks.map((b) => {
          const em = emulated.get(b.id)!;
          return { tile: tiles[b.id]!.path, inBits: em.inputLanes * em.dac.bits, outBits: b.cols * actBits };
        });
        const tailOps = m.tail.filter((l) => l.kind !== 'flatten').length * m.fanOut;
        jobs.push({
          id: jobs.length, sample: s, layer: k, position: p,
          deps: k === 0 ? [] : deps[k]![p]!.map((q) => jobOf(s, k - 1, q)),
          blocks, readBits: m.fanIn * actBits, combineOps: m.inPieces * m.fanOut + tailOps, writeBits: m.fanOut * actBits,
        });
      }
    });
  }

  // numbers: per sample, each matrix layer's input (after the layers before it) and output
  const acts: Float64Array[][] = [];
  const zs: Float64Array[][] = [];
  const partial = new Map<number, Float64Array[]>();
  const predicted: number[] = new Array(n).fill(-1);
  const sampleInput = (s: number): Float64Array => {
    let t: Tensor = { shape: [1, ...test.inputShape], data: test.x.slice(s * per, (s + 1) * per) };
    head.forEach((l, i) => (t = layerForward(l, t, [1, ...shp[i + 1]!])));
    return t.data;
  };
  const ensure = (s: number) => {
    if (acts[s]) return;
    acts[s] = mats.map((m, k) => (k === 0 ? sampleInput(s) : new Float64Array(dims[m.index]!)));
    zs[s] = mats.map((m) => new Float64Array(m.fanOut * m.positions));
  };
  const doneCount = new Map<string, number>();
  let finished = 0;
  let inputOf: { job: number; x: Float64Array } | null = null;

  const hooks = {
    codes(job: Job, bi: number): Float64Array | null {
      ensure(job.sample);
      const m = mats[job.layer]!;
      const b = m.blocks[bi]!;
      // the job's input vector (a conv layer's im2col column), once for all its blocks
      if (inputOf?.job !== job.id) inputOf = { job: job.id, x: inputVector(m, acts[job.sample]![job.layer]!, job.position) };
      const x = inputOf.x;
      const em = emulated.get(b.id)!;
      const r = em.mvmWithCodes(x.subarray(b.inStart, b.inStart + b.rows), b.cols, { kind: 'abs_max' });
      let parts = partial.get(job.id);
      if (!parts) partial.set(job.id, (parts = new Array(m.blocks.length)));
      parts[bi] = r ? r.out : new Float64Array(b.cols);
      if (r) m.mvms++;
      else m.skipped++;
      return r ? em.laneCodes(r.codes) : null;
    },
    complete(job: Job): void {
      const m = mats[job.layer]!;
      const s = job.sample;
      const y = Float64Array.from(m.layer.bias);
      const parts = partial.get(job.id)!;
      partial.delete(job.id);
      m.blocks.forEach((b, bi) => {
        const part = parts[bi]!;
        for (let j = 0; j < b.cols; j++) y[b.outStart + j]! += part[j]!;
      });
      const z = zs[s]![job.layer]!;
      for (let o = 0; o < m.fanOut; o++) z[o * m.positions + job.position] = y[o]!;
      const last = job.layer === mats.length - 1;
      if (m.elementwise && !last) {
        // element-wise tail per position, into the next layer's input (C order: c·P + p)
        let v: Tensor = { shape: [1, m.fanOut], data: y };
        for (const l of m.tail) v = layerForward(l, v, [1, m.fanOut]);
        const next = acts[s]![job.layer + 1]!;
        for (let o = 0; o < m.fanOut; o++) next[o * m.positions + job.position] = v.data[o]!;
      }
      const key = `${s}/${job.layer}`;
      const c = (doneCount.get(key) ?? 0) + 1;
      doneCount.set(key, c);
      if (c < m.positions) return;
      doneCount.delete(key);
      if (!m.elementwise || last) {
        let t: Tensor = { shape: [1, ...shp[m.index + 1]!], data: z };
        m.tail.forEach((l, i) => (t = layerForward(l, t, [1, ...shp[m.index + 2 + i]!])));
        if (last) {
          predicted[s] = argmax(t.data, 0, t.data.length);
          finished++;
          delete acts[s];
          delete zs[s];
        } else acts[s]![job.layer + 1]!.set(t.data);
      }
    },
  };

  const ctrl = new GlobalController(sim.kernel, clock, jobs, params, controllerTransport(sim, clock, link), simPort(sim), hooks);
  const t0 = clock.edgeAtOrAfter(sim.kernel.now);
  ctrl.start(t0);
  return {
    get done() {
      return ctrl.done;
    },
    get finished() {
      return finished;
    },
    total: n,
    result: (interrupted) => summarise(sim, mats, jobs, perSample, ctrl, predicted, test.labels, built.floatAccuracy, ir, t0, interrupted),
  };
}

/** For each position of layer `m`, the positions of `prev` whose outputs it reads. */
function depsOf(prev: MatrixInfo, m: MatrixInfo): number[][] {
  const all = Array.from({ length: prev.positions }, (_, q) => q);
  const g = m.geom;
  if (!g || !prev.elementwise || !prev.geom) return Array.from({ length: m.positions }, () => all);
  const out: number[][] = [];
  for (let oy = 0; oy < g.ho; oy++) {
    for (let ox = 0; ox < g.wo; ox++) {
      const d: number[] = [];
      for (let i = 0; i < g.kh; i++) {
        const y = oy * g.sh - g.ph + i;
        if (y < 0 || y >= g.h) continue;
        for (let j = 0; j < g.kw; j++) {
          const x = ox * g.sw - g.pw + j;
          if (x >= 0 && x < g.w) d.push(y * g.w + x);
        }
      }
      out.push(d);
    }
  }
  return out;
}

/** The input vector of position p of layer m (dense: the whole input; conv: im2col column p). */
function inputVector(m: MatrixInfo, a: Float64Array, p: number): Float64Array {
  const g = m.geom;
  if (!g) return a;
  const v = new Float64Array(m.fanIn);
  const oy = Math.floor(p / g.wo);
  const ox = p % g.wo;
  for (let ch = 0; ch < g.c; ch++) {
    for (let i = 0; i < g.kh; i++) {
      const y = oy * g.sh - g.ph + i;
      for (let j = 0; j < g.kw; j++) {
        const x = ox * g.sw - g.pw + j;
        v[(ch * g.kh + i) * g.kw + j] = y >= 0 && y < g.h && x >= 0 && x < g.w ? a[(ch * g.h + y) * g.w + x]! : 0;
      }
    }
  }
  return v;
}

/** The Simulator's tiles as the controller sees them: drive, taken, result, in order per tile. */
function simPort(sim: Simulator) {
  const waiting = new Map<string, { taken: ((t: TimeFs) => void)[]; result: ((t: TimeFs) => void)[] }>();
  const queues = (tile: string) => {
    let q = waiting.get(tile);
    if (!q) {
      const qq = { taken: [] as ((t: TimeFs) => void)[], result: [] as ((t: TimeFs) => void)[] };
      waiting.set(tile, (q = qq));
      const t = sim.tile(tile);
      t.built.source.takenListeners.push((_v, at) => qq.taken.shift()?.(at));
      t.built.sink.listeners.push((o) => qq.result.shift()?.(o.exitFs));
    }
    return q;
  };
  return {
    drive(tile: string, codes: Float64Array, onTaken: (t: TimeFs) => void, onResult: (t: TimeFs) => void): void {
      const q = queues(tile);
      q.taken.push(onTaken);
      q.result.push(onResult);
      sim.drive(tile, [codes]);
    },
  };
}

/** The run's figures; `jobs` are sample-major, `perSample` jobs a sample. */
function summarise(
  sim: Simulator, mats: MatrixInfo[], jobs: Job[], perSample: number, ctrl: GlobalController, predicted: number[], labels: ArrayLike<number>,
  floatAccuracy: number, ir: NetworkIR, t0: TimeFs, interrupted: boolean,
): TimedNetworkResult {
  const n = predicted.length;
  const done = predicted.filter((p) => p >= 0).length;
  let correct = 0;
  for (let s = 0; s < n; s++) if (predicted[s]! >= 0 && predicted[s] === labels[s]) correct++;
  const samples: TimedSample[] = [];
  for (let s = 0; s < n; s++) {
    const js = jobs.slice(s * perSample, (s + 1) * perSample);
    const tm = js.map((j) => ctrl.timing[j.id]);
    if (tm.some((t) => !t || t.doneFs < 0n)) continue;
    const layers = mats.map((_, k) => {
      const lj = js.filter((j) => j.layer === k).map((j) => ctrl.timing[j.id]!);
      return { readyS: seconds(lj.reduce((a, t) => (t.readyFs < a ? t.readyFs : a), lj[0]!.readyFs) - t0), doneS: seconds(lj.reduce((a, t) => (t.doneFs > a ? t.doneFs : a), 0n) - t0) };
    });
    const start = js.filter((j) => j.layer === 0).reduce((a, j) => (ctrl.timing[j.id]!.dispatchFs < a ? ctrl.timing[j.id]!.dispatchFs : a), ctrl.timing[js[0]!.id]!.dispatchFs);
    samples.push({ sample: s, label: labels[s]!, predicted: predicted[s]!, startS: seconds(start - t0), endS: layers[layers.length - 1]!.doneS, layers });
  }
  const lat = samples.map((x) => x.endS - x.startS);
  const ends = samples.map((x) => x.endS).sort((a, b) => a - b);
  const throughput = ends.length > 1 ? (ends.length - 1) / (ends[ends.length - 1]! - ends[0]!) : lat.length ? 1 / lat[0]! : 0;

  // per layer energies: its tiles' stages, its transfers, its combines and buffer accesses
  const stats = sim.interconnect;
  const layers: TimedLayer[] = mats.map((m, k) => {
    const tiles = m.tilePaths;
    let tileE = 0;
    for (const p of tiles) for (const st of sim.tile(p).built.stages) tileE += st.stats.energy;
    let transfers = 0;
    for (const p of tiles) for (const name of [`ctrl->${p}`, `${p}->ctrl`]) transfers += stats.links.get(name)?.energy ?? 0;
    const lj = jobs.filter((j) => j.layer === k && ctrl.timing[j.id]?.doneFs !== undefined && ctrl.timing[j.id]!.doneFs >= 0n);
    const ctrlE = ctrl.energyByLayer[k] ?? 0;
    let latency = 0;
    let wait = 0;
    for (const j of lj) {
      const t = ctrl.timing[j.id]!;
      latency += seconds(t.doneFs - t.dispatchFs);
      wait += seconds(t.dispatchFs - t.readyFs);
    }
    return {
      name: m.name, kind: m.layer.kind, tiles, positions: m.positions, mvms: m.mvms, skipped: m.skipped,
      latency: lj.length ? latency / lj.length : 0,
      wait: lj.length ? wait / lj.length : 0,
      energy: { tiles: tileE, transfers, controller: ctrlE },
      ops: 2 * m.fanIn * m.fanOut * m.positions,
    };
  });
  const totalE = layers.reduce((a, l) => a + l.energy.tiles + l.energy.transfers + l.energy.controller, 0);
  const st = ctrl.stats;
  return {
    network: ir.name, target: ir.target.name, samples: done, total: n, accuracy: done ? correct / done : 0, floatAccuracy,
    latencyFirst: lat[0] ?? 0, latencyMean: lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : 0, throughput,
    energyPerInference: done ? totalE / done : 0, opsPerInference: layers.reduce((a, l) => a + l.ops, 0), layers,
    controller: {
      ops: st.ops, accesses: st.accesses, energyOps: st.energyOps, energyBuffer: st.energyBuffer, skipped: st.skipped,
      busyS: seconds(st.busyFs), backPressureS: seconds(st.backPressureFs),
    },
    timeline: samples.slice(0, 8), interrupted,
  };
}
