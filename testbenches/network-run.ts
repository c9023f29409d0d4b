// testbenches/network-run.ts: the `run network NAME;` step of a testbench and its expectations
// (`expect accuracy(NAME) >= 0.9;`, `latency`, `throughput`, `energy`).
//
// 1. Build the network (network/build.ts: weights from .npy files, or trained by its train
//    block) with the first `samples` test samples of its data (the step's `with ...`, else the
//    network's own); data problems are E4010-E4015 and E4018.
// 2. Run it on the testbench's Simulator through the chip's global controller
//    (network/timed.ts); a tile the emulator cannot run a block on is E4017.
// 3. When the network's devices drift, also its accuracy at 1 s, 1 h, 1 day and 1 year after
//    programming (network/infer.ts, the same samples and seed, without the kernel): the
//    report's accuracy-vs-time chart.
import { diag, type Diagnostic } from '../dsl/diagnostics/diagnostic.js';
import type { ComponentIR, TestStep } from '../dsl/ir/nodes.js';
import { cellOf } from '../dsl/ir/walk.js';
import { formatNumber, formatQuantity, DIMS } from '../dsl/units.js';
import { EmulatorLimitation } from '../emulator/models/crossbar.js';
import { SimError, type Simulator } from '../emulator/simulator.js';
import { buildNetwork, type DatasetOverride } from '../network/build.js';
import { runInference } from '../network/infer.js';
import { startNetworkRun, type NetworkRun, type TimedNetworkResult } from '../network/timed.js';
import type { EpochStats } from '../network/train.js';
import { compare } from './compare.js';
import type { ExpectationResult } from './run.js';

export interface NetworkRunResult {
  network: string;
  run: TimedNetworkResult;
  /** Accuracy at times after programming (s), when the devices drift; else null. */
  drift: { t: number; accuracy: number }[] | null;
  /** Per-epoch statistics when the network was trained for this run. */
  training: EpochStats[] | null;
}

type RunNetworkStep = Extract<TestStep, { kind: 'run-network' }>;

export const DRIFT_TIMES = [1, 3600, 86400, 365 * 86400];

/** Devices whose conductance changes after programming (drift, or the Wan 2022 relaxation). */
export function drifts(device: ComponentIR): boolean {
  const p = device.params;
  if (device.kindName === 'rram_wan2022') return true;
  if (!('t0' in p) || p['drift_scale'] === 0) return false;
  return device.kindName !== 'table' || Array.isArray(p['nu']);
}

function dataset(step: RunNetworkStep): DatasetOverride | undefined {
  const d = step.dataset;
  if (d.kind === 'mnist') return { kind: 'mnist' };
  if (d.kind === 'npy') return { kind: 'npy', inputs: d.inputs.path, labels: d.labels.path };
  return undefined;
}

export async function runNetworkStep(
  sim: Simulator,
  step: RunNetworkStep,
  o: { seed: number; tInference: number; samples: number },
  diagnostics: Diagnostic[],
  runKernel: (run: NetworkRun) => Promise<'idle' | 'until' | 'stopped'>,
  stopped: () => boolean,
): Promise<NetworkRunResult | null> {
  const ir = step.ir!;
  const ds = dataset(step);
  const { built, diagnostics: ds0 } = buildNetwork(ir, { samples: o.samples, ...(ds ? { dataset: ds } : {}) });
  diagnostics.push(...ds0);
  if (!built) return null;
  let run: NetworkRun;
  try {
    run = startNetworkRun(sim, ir, built, { seed: o.seed, tInference: o.tInference });
  } catch (e) {
    if (e instanceof EmulatorLimitation || e instanceof RangeError || e instanceof SimError) {
      diagnostics.push(diag('E4017', `cannot run network \`${ir.name}\` on \`${ir.target.name}\`: ${e.message}`, step.span));
      return null;
    }
    throw e;
  }
  await runKernel(run);
  const res = run.result(stopped() || !run.done);
  let drift: NetworkRunResult['drift'] = null;
  const devices = ir.target.tiles.flatMap((t) => t.tile.instances.map((i) => cellOf(i.component)?.device).filter((d): d is ComponentIR => !!d));
  if (!res.interrupted && devices.some(drifts)) {
    const { result } = await runInference(ir, { times: DRIFT_TIMES, repeats: 1, gdc: false, seed: o.seed, prebuilt: built, shouldStop: stopped });
    if (result && !result.interrupted) drift = result.conditions[0]!.points.map((p) => ({ t: p.t, accuracy: p.mean }));
  }
  return { network: ir.name, run: res, drift, training: built.history };
}

const DIM = { latency: DIMS.time, throughput: DIMS.frequency, energy: DIMS.energy } as const;

/** An `expect METRIC(NETWORK) OP VALUE` against the last run of that network. */
export function networkExpectation(step: Extract<TestStep, { kind: 'expect-network' }>, runs: readonly NetworkRunResult[]): ExpectationResult {
  const fmt = (v: number) => (step.metric === 'accuracy' ? formatNumber(v) : formatQuantity({ value: v, dim: DIM[step.metric].dim }, 4));
  const text = `expect ${step.metric}(${step.network}) ${step.op} ${fmt(step.value)}`;
  const r = [...runs].reverse().find((x) => x.network === step.network)?.run;
  if (!r || r.samples === 0) return { text, passed: false, measured: 'not measured', span: step.span };
  const value = step.metric === 'accuracy' ? r.accuracy : step.metric === 'latency' ? r.latencyFirst : step.metric === 'throughput' ? r.throughput : r.energyPerInference;
  return { text, passed: compare(step.op, value, step.value), measured: `${step.metric} ${fmt(value)}${step.metric === 'accuracy' ? ` (${r.samples} samples)` : ''}`, span: step.span };
}
