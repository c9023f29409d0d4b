// emulator/simulator.ts: the façade over the kernel and the tiles of one chip.
//
//   const sim = Simulator.forDesign(design, { target: 'chip0', seed: 7, tInference: 3600 });
//   // or new Simulator(chipIR, { seed, tInference }) for a ChipIR
//   sim.program('c[0]', weights);            // rows x cols, row-major
//   sim.drive('c[0]', [codes0, codes1]);      // one code per tile input lane
//   sim.run();                                // until idle
//   sim.read('c[0]');                         // outputs with their ideal values and times
//
// Each tile instance runs on its own clock (its tile's, or the chip's). Links carry a tile's
// outputs to the next tile's input after `latency` plus the cycles its width needs, or, on a
// chip with `interconnect = bus | mesh`, through the shared medium, arbitrated cycle by cycle
// (emulator/interconnect/). A crossbar that is never programmed holds zero weights (every
// device at g_min).
//
// Clock-domain crossings: where data passes between two clocks (tile to tile on a point-to-
// point link; tile to the chip clock of a bus or mesh, and back), it goes through a
// synchroniser of `sync_stages` flops of the receiving clock: it is taken at the receiver's
// first edge at or after its arrival, plus sync_stages receiver cycles. Clocks are told apart
// by name (two declared clocks are two asynchronous sources, even at one frequency).
import { tileAsChip, type Checked, type ChipIR, type LinkIR, type TileInstanceIR } from '../dsl/ir/nodes.js';
import { countTransfer, emptyStats, KernelNoc, type InterconnectStats } from './interconnect/kernel-noc.js';
import { meshPlacement } from './interconnect/topology.js';
import { DeltaLimitError, Kernel, type RunResult } from './kernel/kernel.js';
import { Clock, fs, type TimeFs } from './kernel/time.js';
import { EmulatorLimitation, programCrossbar, type CrossbarModel } from './models/crossbar.js';
import { codeMax, codeMin } from './models/dac.js';
import { Rng } from './random.js';
import { buildTile, type BuiltTile, type TileTraceRequest } from './tile/build-tile.js';
import { shareAdcBanks, type SharedAdcBank } from './tile/shared-adc.js';
import type { Output } from './tile/simple-stages.js';
import type { TraceSink } from './trace/trace-sink.js';

export interface SimOptions {
  seed: number;
  /** Seconds after programming at which the devices are read. */
  tInference: number;
  /** Tiles to trace (by instance path) and which lanes. */
  trace?: ReadonlyMap<string, TileTraceRequest>;
}

export interface SimTile {
  path: string;
  instance: TileInstanceIR;
  clock: Clock;
  built: BuiltTile;
  programmed: boolean;
  /** Vectors driven into the tile by the testbench (not by links). */
  driven: number;
}

export class SimError extends Error {
  constructor(
    readonly code: 'E4001' | 'E4003' | 'E4004' | 'E4006',
    message: string,
  ) {
    super(message);
  }
}

/** The random stream that programs a tile's devices (shared with the exporters' programmedTile). */
export function deviceStream(seed: number, tilePath: string): Rng {
  return new Rng(seed).fork(`program ${tilePath}`);
}

export class Simulator {
  readonly kernel = new Kernel();
  readonly tiles = new Map<string, SimTile>();
  private readonly rng: Rng;
  /** What the links moved: transfers, bits, stall cycles and energy (J), by link, tile and channel. */
  readonly interconnect: InterconnectStats;
  /** The ADC banks shared between tiles (`adc_share` > 1), with their grants and waits. */
  readonly adcBanks: SharedAdcBank[];
  /** The chip's bus or mesh (null: point to point). */
  readonly noc: KernelNoc | null = null;

  constructor(
    readonly chip: ChipIR,
    readonly opts: SimOptions,
  ) {
    this.rng = new Rng(opts.seed);
    try {
      for (const ti of chip.tiles) {
        const ck = ti.tile.clock ?? chip.clock;
        if (!ck) throw new SimError('E4006', `tile ${ti.path} has no clock`);
        const clock = new Clock(ck.name, ck.periodFs);
        const built = buildTile(this.kernel, ti.tile, [chip.name, ti.path], clock, this.rng.fork(`tile ${ti.path}`), opts.trace?.get(ti.path) ?? null);
        this.tiles.set(ti.path, { path: ti.path, instance: ti, clock, built, programmed: false, driven: 0 });
      }
    } catch (e) {
      if (e instanceof EmulatorLimitation) throw new SimError('E4006', e.message);
      throw e;
    }
    const n = chip.interconnect;
    this.interconnect = emptyStats(n ? n.kind : 'point_to_point');
    if (n) {
      if (!chip.clock) throw new SimError('E4006', `chip ${chip.name}: a ${n.kind} interconnect needs a chip clock`);
      const medium = n.kind === 'bus' ? { kind: 'bus' as const } : meshPlacement(chip.arrays, chip.tiles.map((t) => t.index));
      this.noc = new KernelNoc(this.kernel, medium, n, chip.clock.periodFs, this.interconnect);
    }
    for (const l of chip.links) this.link(l);
    this.adcBanks = shareAdcBanks(chip, this.tiles); // `adc_share`: one ADC bank per group of tiles
  }

  /**
   * A simulator for a chip, or a tile on its own, of a checked design, by name (the first
   * chip, else the first tile, when no name is given). Tile instance paths are then as in
   * `xbar check --dump-ir`: `c[0]` in a chip, the tile's name for a tile.
   */
  static forDesign(design: Checked, opts: SimOptions & { target?: string }): Simulator {
    const { target, ...simOpts } = opts;
    const chip = target === undefined ? design.chips[0] : design.chips.find((c) => c.name === target);
    if (chip) return new Simulator(chip, simOpts);
    const tile = target === undefined ? design.tiles[0] : design.tiles.find((t) => t.name === target);
    if (tile) return new Simulator(tileAsChip(tile), simOpts);
    const names = [...design.chips, ...design.tiles].map((x) => x.name);
    throw new Error(target === undefined ? 'the design has no chip or tile' : `no chip or tile '${target}' (the design has ${names.join(', ') || 'none'})`);
  }

  tile(path: string): SimTile {
    const t = this.tiles.get(path);
    if (!t) throw new Error(`internal: no tile ${path}`);
    return t;
  }

  /** Program a tile's crossbar with weights (rows x cols, row-major). */
  program(path: string, weights: Float64Array): void {
    const t = this.tile(path);
    const c = t.built.crossbar.component;
    const rows = c.params['rows'] as number;
    const cols = c.params['cols'] as number;
    if (weights.length !== rows * cols) throw new SimError('E4003', `${path}: ${weights.length} weights for a ${rows} x ${cols} crossbar`);
    for (const w of weights) if (!Number.isFinite(w)) throw new SimError('E4003', `${path}: a weight is not a finite number`);
    try {
      t.built.input.model = programCrossbar(c, weights, deviceStream(this.opts.seed, path), this.opts.tInference);
    } catch (e) {
      if (e instanceof EmulatorLimitation) throw new SimError('E4006', e.message);
      throw e;
    }
    t.programmed = true;
  }

  /**
   * Use a crossbar model already programmed for this tile (programCrossbar with this
   * simulator's deviceStream(seed, path) and tInference: the same devices `program` would
   * draw), instead of drawing them again.
   */
  adopt(path: string, model: CrossbarModel): void {
    const t = this.tile(path);
    t.built.input.model = model;
    t.programmed = true;
  }

  private ensureProgrammed(t: SimTile): void {
    if (t.programmed) return;
    const c = t.built.crossbar.component;
    this.program(t.path, new Float64Array((c.params['rows'] as number) * (c.params['cols'] as number)));
  }

  /** Code range of a tile's inputs. */
  codeRange(path: string): [number, number] {
    const d = this.tile(path).built.dac;
    return [codeMin(d), codeMax(d)];
  }

  /** Queue input vectors (codes, one per input lane) at a tile's input. */
  drive(path: string, vectors: readonly ArrayLike<number>[]): void {
    const t = this.tile(path);
    this.ensureProgrammed(t);
    const [lo, hi] = this.codeRange(path);
    const lanes = t.built.inLanes;
    const vs = vectors.map((v, i) => {
      if (v.length !== lanes) throw new SimError('E4003', `${path}: input vector ${i} has ${v.length} codes, the tile has ${lanes} input lanes`);
      const out = Float64Array.from(v);
      for (let l = 0; l < lanes; l++) {
        if (!Number.isInteger(out[l]) || out[l]! < lo || out[l]! > hi) {
          throw new SimError('E4004', `${path}: input vector ${i}, lane ${l}: code ${out[l]} is not an integer in ${lo}..=${hi}`);
        }
      }
      return out;
    });
    t.driven += vs.length;
    t.built.source.push(vs);
    this.kernel.schedule(t.built.source.pid, t.clock.edgeAtOrAfter(this.kernel.now));
  }

  /** Forward every output of `from` to the input of `to`, after the link's delay. */
  private link(l: LinkIR): void {
    const { from, to, latency, width } = l;
    const a = this.tile(from);
    const b = this.tile(to);
    const lanes = a.built.outLanes;
    if (lanes !== b.built.inLanes) {
      throw new SimError('E4006', `link ${from} -> ${to}: ${from} has ${lanes} outputs, ${to} has ${b.built.inLanes} inputs`);
    }
    const [lo, hi] = this.codeRange(to);
    const bits = Math.ceil(Math.log2(Math.max(2, hi - lo + 1)));
    const transfer = BigInt(Math.max(1, Math.ceil((lanes * bits) / width)) - 1);
    const lat = latency.unit === 's' ? fs(latency.value) : BigInt(Math.round(latency.value)) * a.clock.periodFs;
    const deliver = this.kernel.process(`link ${from}->${to}`, () => {
      const due = pending.filter((p) => p.at <= this.kernel.now);
      pending.splice(0, due.length);
      if (due.length) {
        this.ensureProgrammed(b);
        b.built.source.push(due.map((p) => p.codes));
        this.kernel.schedule(b.built.source.pid, b.clock.edgeAtOrAfter(this.kernel.now));
      }
    });
    const pending: { at: TimeFs; codes: Float64Array }[] = [];
    const name = `${from}->${to}`;
    const noc = this.noc;
    if (noc) {
      const src = this.chip.tiles.findIndex((t) => t.path === from);
      const dst = this.chip.tiles.findIndex((t) => t.path === to);
      const chipClock = new Clock(this.chip.clock!.name, this.chip.clock!.periodFs);
      a.built.sink.listeners.push((o: Output) => {
        const codes = o.values.map((v) => Math.min(hi, Math.max(lo, Math.round(v))));
        noc.inject(src, dst, lanes * bits, this.crossing(a.clock, chipClock, o.exitFs), (t, d) => {
          countTransfer(this.interconnect, name, from, lanes * bits, d.stall, d.energy);
          const at = this.crossing(chipClock, b.clock, t);
          pending.push({ at, codes });
          this.kernel.schedule(deliver, at);
        });
      });
      return;
    }
    a.built.sink.listeners.push((o: Output) => {
      const codes = o.values.map((v) => Math.min(hi, Math.max(lo, Math.round(v))));
      const at = this.crossing(a.clock, b.clock, a.clock.edgeAtOrAfter(o.exitFs + lat + transfer * a.clock.periodFs));
      countTransfer(this.interconnect, name, from, lanes * bits, 0, lanes * bits * l.eBit);
      pending.push({ at, codes });
      this.kernel.schedule(deliver, at);
    });
  }

  /**
   * When data arriving at `t` from clock `from` is usable in clock `to`: `t` on one clock;
   * across clocks, the first `to` edge at or after `t` plus sync_stages `to` cycles.
   */
  crossing(from: Clock, to: Clock, t: TimeFs): TimeFs {
    if (from.name === to.name) return t;
    return to.edgeAtOrAfter(t) + BigInt(this.chip.syncStages ?? 2) * to.periodFs;
  }

  /** Run until nothing is left to do, or until `until` seconds of simulated time. */
  run(opts: { until?: number; shouldStop?: () => boolean } = {}): RunResult {
    try {
      const r = this.kernel.run({
        ...(opts.until !== undefined ? { until: fs(opts.until) } : {}),
        ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}),
      });
      const t = this.kernel.now;
      for (const tile of this.tiles.values()) for (const s of tile.built.stages) s.finish(t);
      this.noc?.fillChannels();
      return r;
    } catch (e) {
      if (e instanceof DeltaLimitError) throw new SimError('E4001', e.message);
      throw e;
    }
  }

  read(path: string): readonly Output[] {
    return this.tile(path).built.sink.outputs;
  }

  attachTrace(sink: TraceSink, header: { version: string; comment?: string }): void {
    this.kernel.attachTrace(sink, header);
  }

  closeTrace(): void {
    this.kernel.closeTrace();
  }
}
