// cli/train.ts: `xbar train FILE`: train a network of the description (its `train` block):
// in float, or in memory on the chip's pulsed devices (`algorithm = analog_sgd | tiki_taka |
// ttv2 | mixed_precision`; network/analog-train.ts, set up by network/analog-setup.ts).
//
// Prints loss and accuracy per epoch and, for in-memory training, time and energy per epoch
// split into forward, backward and update (the transfers of Tiki-Taka and mixed precision are
// in update). --save DIR writes the trained weights (DIR/LAYER.weights.npy, out x in, and
// DIR/LAYER.bias.npy, float64), the trained conductances of the visible arrays
// (DIR/LAYER.conductance.npy, rows x cols in S; a one-sided pair's LAYER.conductance_plus.npy
// and _minus.npy) and training.json, whole or not at all; then
// `xbar infer FILE --weights DIR` evaluates them over time (drift) on the network's chip.
// --vcd FILE writes the bit streams of the first pulse updates of one layer (--trace-layer).
// Exit status: 0 done; 1 errors in the description, its data, or a training that cannot start
// (diagnostics); 2 usage errors.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderDiagnostics } from '../dsl/diagnostics/render.js';
import { placeNetwork } from '../dsl/ir/network-placement.js';
import { didYouMean } from '../dsl/elaborate/suggest.js';
import { DIMS, formatQuantity } from '../dsl/units.js';
import { VcdWriter } from '../emulator/trace/vcd-writer.js';
import { FolderError, checkOutputDir, writeFolder, type OutFile } from '../hdl-export/folder.js';
import type { AnalogEpochStats } from '../network/analog-train.js';
import { buildNetwork, type BuiltNetwork } from '../network/build.js';
import { isMatrixLayer } from '../network/layers.js';
import { writePulseTrace, type TracedUpdate } from '../network/pulse-trace.js';
import type { EpochStats } from '../network/train.js';
import { writeNpy } from '../testbenches/npy.js';
import { UsageError, type Io } from './io.js';
import { checkedDesign } from './run-files.js';

export interface TrainCliOptions {
  network?: string;
  /** `--param NAME=VALUE` overrides (as `xbar check`). */
  params: { name: string; value: string }[];
  epochs?: number;
  samples?: number;
  save?: string;
  json?: string;
  vcd?: string;
  /** The layer whose pulse updates the VCD shows (default: the first). */
  traceLayer?: string;
  color: boolean;
  version: string;
}

/** Pulse updates of the first layer the VCD shows, and lines per side. */
const TRACED_UPDATES = 4;
const TRACED_LINES = 8;

const q = (v: number, dim: keyof typeof DIMS) => formatQuantity({ value: v, dim: DIMS[dim].dim }, 3);
const pct = (v: number | undefined) => (v === undefined ? '-' : `${(100 * v).toFixed(1)} %`);

function isAnalog(e: EpochStats | AnalogEpochStats): e is AnalogEpochStats {
  return 'cost' in e;
}

function epochLine(e: EpochStats | AnalogEpochStats, k: number): string {
  const head = `  ${String(k + 1).padStart(5)}  ${e.loss.toFixed(4).padStart(7)}  ${pct(e.trainAccuracy).padStart(7)}  ${pct(e.testAccuracy).padStart(7)}`;
  if (!isAnalog(e)) return head;
  const c = e.cost;
  const part = (o: { time: number; energy: number }) => `${q(o.time, 'time')}, ${q(o.energy, 'energy')}`.padEnd(22);
  return `${head}  ${part(c.forward)}${part(c.backward)}${part(c.update)}`;
}

export async function runTrain(file: string, opts: TrainCliOptions, io: Io): Promise<number> {
  const checked = checkedDesign(file, io, opts.color, opts.params);
  if (!checked) return 1;
  const { design, sources, display } = checked;
  const nets = design.networks.filter((n) => n.train);
  if (nets.length === 0) throw new UsageError(`${display} has no network with a \`train\` block`);
  const net = opts.network === undefined ? nets[0]! : nets.find((n) => n.name === opts.network);
  if (!net) {
    const names = nets.map((n) => n.name);
    throw new UsageError(`${display} has no network '${opts.network}' with a train block; it has ${names.join(', ')}${didYouMean(opts.network!, names).map((h) => ` (${h})`).join('')}`);
  }
  const saveDir = opts.save !== undefined ? path.resolve(io.cwd, opts.save) : null;
  if (saveDir) {
    try {
      checkOutputDir(saveDir, opts.save);
    } catch (e) {
      if (e instanceof FolderError) throw new UsageError(`--save: ${e.message}`);
      throw e;
    }
  }
  const t = net.train!;
  const analog = t.algorithm !== 'float';
  const matrixNames = net.layers.filter((l) => l.kind === 'dense' || l.kind === 'conv2d').map((l) => (l as { name: string }).name);
  const traceLayer = opts.traceLayer ?? matrixNames[0]!;
  const traceIndex = matrixNames.indexOf(traceLayer);
  if (traceIndex < 0) throw new UsageError(`--trace-layer: network ${net.name} has no layer '${traceLayer}'; its layers are ${matrixNames.join(', ')}`);
  io.stdout(`${display}: network ${net.name} on ${net.target.name}, ${analog ? `in-memory training (${t.algorithm})` : 'float training (then programmed)'}\n`);
  io.stdout(`  ${t.trainSamples} training samples, batch ${t.batch}, lr ${t.lr}, ${opts.epochs ?? t.epochs} epochs, seed ${t.seed}\n`);
  io.stdout(`  epoch     loss    train     test${analog ? `  ${'forward'.padEnd(22)}${'backward'.padEnd(22)}${'update'.padEnd(22)}` : ''}\n`);
  let k = 0;
  const traced: TracedUpdate[] = [];
  const start = Date.now();
  const { built, diagnostics } = buildNetwork(net, {
    ...(opts.samples !== undefined ? { samples: opts.samples } : {}),
    ...(opts.epochs !== undefined ? { epochs: opts.epochs } : {}),
    onEpoch: (e) => io.stdout(epochLine(e, k++) + '\n'),
    ...(opts.vcd && analog ? { tracePulses: { layer: traceIndex, tap: { remaining: TRACED_UPDATES, seen: (r, x, d) => traced.push({ r, x, d }) } } } : {}),
  });
  if (diagnostics.length) io.stderr(renderDiagnostics(diagnostics, sources, { color: opts.color }) + '\n');
  if (!built) return 1;
  if (built.analog) {
    const s = built.analog.setup;
    const io0 = s.forwardIO;
    io.stdout(`  device ${s.deviceName}: ${s.device.rule} step, dw_min ${s.device.dw_min}, weights in [${s.device.w_min}, ${s.device.w_max}]; IO of ${s.ioTile}: ${io0.inpRes}-bit inputs, ${io0.outRes}-bit outputs (out_bound ${io0.outBound}), out_noise ${io0.outNoise}\n`);
    const tot = built.analog.result.history.reduce((a, e) => ({ time: a.time + e.cost.total.time, energy: a.energy + e.cost.total.energy }), { time: 0, energy: 0 });
    io.stdout(`  training on the chip: ${q(tot.time, 'time')}, ${q(tot.energy, 'energy')} in all\n`);
  }
  io.stdout(`  trained network, read digitally: test accuracy ${pct(built.floatAccuracy)} on ${built.test.count} samples (${((Date.now() - start) / 1000).toFixed(1)} s)\n`);
  try {
    if (saveDir) {
      writeFolder(saveDir, savedFiles(net.layers, built), undefined, opts.save);
      io.stdout(`  saved: ${opts.save}/ (evaluate over time: xbar infer ${display} --network ${net.name} --weights ${opts.save})\n`);
    }
    if (opts.json) writeAtomicText(path.resolve(io.cwd, opts.json), JSON.stringify(trainJson(built, net.name, display, opts.version), null, 2) + '\n');
    if (opts.vcd && built.analog) {
      const file = path.resolve(io.cwd, opts.vcd);
      const tracedTile = placeNetwork(net).layers[traceIndex]!.tiles[0]!;
      const partial = `${file}.partial`;
      writePulseTrace(new VcdWriter(partial), traced, {
        tPulse: built.analog.setup.costs.update.tSlot, lines: TRACED_LINES, scope: [net.target.name, tracedTile, `${traceLayer}_update`],
        version: `xbar ${opts.version}`, comment: `pulse updates of network ${net.name}, layer ${traceLayer}, first ${traced.length} updates`,
      });
      renameSync(partial, file);
      io.stdout(`  trace: ${opts.vcd} (the first ${traced.length} pulse updates of ${traceLayer} on ${tracedTile}: ${TRACED_LINES} rows and ${TRACED_LINES} columns)\n`);
    }
  } catch (e) {
    if (opts.vcd) rmSync(`${path.resolve(io.cwd, opts.vcd)}.partial`, { force: true });
    if (!(e instanceof FolderError) && !(e as NodeJS.ErrnoException).code) throw e;
    io.stderr(`xbar: cannot write the output: ${(e as Error).message}\n`);
    return 1;
  }
  return 0;
}


/** The weights, biases and conductances of `xbar train --save`. */
function savedFiles(layers: readonly { kind: string; name?: string }[], built: BuiltNetwork): OutFile[] {
  const names = layers.filter((l) => l.kind === 'dense' || l.kind === 'conv2d').map((l) => l.name!);
  const files: OutFile[] = [];
  const npy = (p: string, shape: number[], data: ArrayLike<number>): OutFile => ({ path: p, text: '', bytes: writeNpy(shape, data), holds: [] });
  let m = 0;
  for (const l of built.net.layers) {
    if (!isMatrixLayer(l)) continue;
    const name = names[m]!;
    const shape = l.kind === 'dense' ? [l.outFeatures, l.inFeatures] : [l.outChannels, l.inChannels, l.kernel[0], l.kernel[1]];
    files.push(npy(`${name}.weights.npy`, shape, l.weight), npy(`${name}.bias.npy`, [l.bias.length], l.bias));
    const tl = built.analog?.result.layers[m];
    if (tl) {
      // the visible devices: the array, Tiki-Taka's slow array C, or a one-sided pair's g+ and g-
      const visible: [string, string][] = tl.arrays['plus'] ? [['plus', '_plus'], ['minus', '_minus']] : [[tl.arrays['C'] ? 'C' : 'array', '']];
      for (const [key, suffix] of visible) {
        const a = tl.arrays[key]!;
        const g = conductances(a.visible, a.params.w_min, a.params.w_max, built.analog!.setup.gRange);
        files.push(npy(`${name}.conductance${suffix}.npy`, [a.rows, a.cols], g));
      }
    }
    m++;
  }
  files.push({ path: 'training.json', text: JSON.stringify({ history: built.history }, null, 2) + '\n', holds: [] });
  return files;
}

/** Weights in [w_min, w_max] as conductances in [g_min, g_max] (linear over the device's range). */
function conductances(w: Float64Array, wMin: number, wMax: number, [gMin, gMax]: [number, number]): Float64Array {
  return w.map((v) => gMin + ((Math.min(wMax, Math.max(wMin, v)) - wMin) / (wMax - wMin)) * (gMax - gMin));
}

function trainJson(b: BuiltNetwork, network: string, file: string, version: string): unknown {
  return {
    xbar: version, file, network, testSamples: b.test.count, testAccuracy: b.floatAccuracy,
    algorithm: b.analog ? 'in-memory' : 'float', device: b.analog?.setup.deviceName ?? null, history: b.history,
  };
}

function writeAtomicText(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}
