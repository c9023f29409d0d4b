// testbenches/run.ts: run one `testbench` block on the emulator.
//
// 1. Collect the trace statements (one VCD per testbench) and build the Simulator.
// 2. Execute the steps in order: program, drive and run act on the simulator; expectations
//    are evaluated once every step has run, in their order.
// 3. Runtime problems (a data file that cannot be read, a shape that does not fit, a
//    structure the emulator cannot run, a timeout) become diagnostics with the span of the
//    statement that caused them; they end the run.
// 4. A run stopped from outside (Ctrl-C) closes its VCD at the last complete time step.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Span } from '../dsl/ast.js';
import { diag, type Diagnostic } from '../dsl/diagnostics/diagnostic.js';
import type { TargetPath, TestbenchIR, TestStep } from '../dsl/ir/nodes.js';
import { DIMS, formatQuantity } from '../dsl/units.js';
import { seconds } from '../emulator/kernel/time.js';
import { Rng } from '../emulator/random.js';
import { SimError, Simulator } from '../emulator/simulator.js';
import type { RunResult } from '../emulator/kernel/kernel.js';
import type { TileTraceRequest } from '../emulator/tile/build-tile.js';
import { writeGtkw } from '../emulator/trace/gtkw-writer.js';
import { TeeSink } from '../emulator/trace/tee-sink.js';
import type { TraceSink } from '../emulator/trace/trace-sink.js';
import { VcdWriter } from '../emulator/trace/vcd-writer.js';
import { weightStream } from './programmed.js';
import { DataError, loadInputs, loadWeights } from './sources.js';
import { compare } from './compare.js';
import { networkExpectation, runNetworkStep, type NetworkRunResult } from './network-run.js';
import { interconnectSummary, summarise, type InterconnectSummary, type TileSummary } from './summary.js';

export interface ExpectationResult {
  /** `expect c[0] ~ ideal within 3 lsb` as written (canonical). */
  text: string;
  passed: boolean;
  /** What was measured, with units. */
  measured: string;
  span: Span;
}

export interface TestbenchResult {
  name: string;
  /** Ran to the end, no diagnostic, every expectation passed. */
  ok: boolean;
  interrupted: boolean;
  diagnostics: Diagnostic[];
  expectations: ExpectationResult[];
  simulatedFs: bigint;
  activations: number;
  tiles: TileSummary[];
  /** What the chip's links moved (Simulator.interconnect, maps as objects): transfers, bits,
   *  stall cycles (waiting for a busy bus or mesh channel) and energy; null before the run. */
  interconnect: InterconnectSummary | null;
  /** Tiles the testbench drives, programs or checks (the others are only fed by links). */
  focus: string[];
  /** What each `run network` step measured (network/timed.ts), in step order. */
  networks: NetworkRunResult[];
  /** The VCD written (and its .gtkw), if any. */
  vcd: string | null;
  gtkw: string | null;
  /** False when the run stopped early (interrupted, or a runtime error): the VCD is valid but
   *  ends where the run stopped. */
  traceComplete: boolean;
}

export interface RunOptions {
  /** Override the testbench's seed. */
  seed?: number;
  /** Write the trace here instead of (or in the absence of) the testbench's trace file. */
  vcd?: string;
  /** Extra trace targets (`c[0]`, `c[0].adcs`, `c[0].adcs[0..4]`). */
  trace?: readonly string[];
  shouldStop?: () => boolean;
  /** Called now and then with the simulated time and the testbench timeout. */
  progress?: (simulated: number, timeout: number) => void;
  /** Called now and then during a `run network` step with the samples done and their total. */
  networkProgress?: (done: number, total: number) => void;
  version?: string;
  /** Another sink that sees the same trace as the VCD (tests record it). */
  extraSink?: TraceSink;
}

const METRIC_DIM = { latency: DIMS.time, throughput: DIMS.frequency, energy: DIMS.energy } as const;

function parseTraceTarget(text: string): { tile: string; component: string | null; lanes: [number, number] | null } | null {
  const m = /^([^.]+?)(?:\.([A-Za-z_]\w*)(?:\[(\d+)\.\.(\d+)\])?)?$/.exec(text.trim());
  if (!m) return null;
  return { tile: m[1]!, component: m[2] ?? null, lanes: m[3] ? [Number(m[3]), Number(m[4])] : null };
}

export async function runTestbench(tb: TestbenchIR, opts: RunOptions = {}): Promise<TestbenchResult> {
  const diagnostics: Diagnostic[] = [];
  const result: TestbenchResult = {
    name: tb.name, ok: false, interrupted: false, diagnostics, expectations: [], simulatedFs: 0n, activations: 0,
    tiles: [], interconnect: null, networks: [], vcd: null, gtkw: null, traceComplete: false,
    focus: [...new Set(tb.steps.flatMap((s) => ('target' in s ? [s.target.tile] : [])))],
  };
  const seed = opts.seed ?? (tb.params['seed'] as number);
  const tInference = tb.params['t_inference'] as number;
  const timeout = tb.params['timeout'] as number;

  // 1. traces
  const traceSteps = tb.steps.filter((s): s is Extract<TestStep, { kind: 'trace' }> => s.kind === 'trace');
  const files = [...new Set(traceSteps.map((s) => s.file))];
  if (files.length > 1 && !opts.vcd) {
    diagnostics.push(diag('E4008', `testbench \`${tb.name}\` traces to ${files.length} files; one testbench writes one VCD`, traceSteps[1]!.span, {
      help: 'trace every target to the same file',
    }));
    return result;
  }
  const vcdPath = opts.vcd ? path.resolve(opts.vcd) : (files[0] ?? null);
  const requests = new Map<string, TileTraceRequest>();
  const request = (tile: string, component: string | null, lanes: [number, number] | null) => {
    const ti = tb.target.tiles.find((x) => x.path === tile);
    if (!ti) return false;
    const r = requests.get(tile) ?? { lanes: new Map() };
    if (component) r.lanes.set(component, lanes);
    else for (const inst of ti.tile.instances) if (!r.lanes.has(inst.name)) r.lanes.set(inst.name, null);
    requests.set(tile, r);
    return true;
  };
  for (const s of traceSteps) for (const t of s.targets) request(t.tile, t.component, t.lanes);
  for (const text of opts.trace ?? []) {
    const t = parseTraceTarget(text);
    if (!t || !request(t.tile, t.component, t.lanes)) {
      diagnostics.push(diag('E4008', `--trace ${text}: no such tile in \`${tb.target.name}\``, tb.span, {
        notes: [`its tiles are ${tb.target.tiles.slice(0, 8).map((x) => x.path).join(', ')}${tb.target.tiles.length > 8 ? ', ...' : ''}`],
      }));
      return result;
    }
  }
  if (vcdPath && requests.size === 0) {
    const first = tb.steps.find((s) => s.kind === 'drive') as { target: TargetPath } | undefined;
    request(first?.target.tile ?? tb.target.tiles[0]!.path, null, null);
  }

  // 2. simulator
  let sim: Simulator;
  try {
    sim = new Simulator(tb.target, { seed, tInference, trace: requests });
  } catch (e) {
    if (e instanceof SimError) {
      diagnostics.push(diag(e.code, e.message, tb.span));
      return result;
    }
    throw e;
  }
  let writer: VcdWriter | null = null;
  const partial = vcdPath ? `${vcdPath}.partial` : null;
  if (vcdPath && partial) {
    try {
      mkdirSync(path.dirname(partial), { recursive: true });
      writer = new VcdWriter(partial);
    } catch (e) {
      diagnostics.push(diag('E4008', `cannot write ${vcdPath}: ${(e as Error).message}`, traceSteps[0]?.span ?? tb.span));
      return result;
    }
    const sink = opts.extraSink ? new TeeSink([writer, opts.extraSink]) : writer;
    sim.attachTrace(sink, { version: opts.version ?? 'xbar', comment: `testbench ${tb.name}, seed ${seed}` });
  }
  const rng = new Rng(seed).fork('testbench');
  let stopped = false;

  const fail = (span: Span, e: unknown): boolean => {
    if (e instanceof SimError || e instanceof DataError) {
      diagnostics.push(diag(e.code, e.message, span));
      return true;
    }
    throw e;
  };

  // The kernel runs in slices of about 50 ms of wall time, yielding to the event loop in
  // between, so that a Ctrl-C (a signal handler, which only runs then) is seen.
  const sliced = async (until: number, progress: () => void): Promise<RunResult> => {
    let polls = 0;
    for (;;) {
      const sliceEnd = Date.now() + 50;
      let paused = false;
      const r = sim.run({
        until,
        shouldStop: () => {
          if ((++polls & 0x3ff) === 0) {
            progress();
            if (Date.now() >= sliceEnd) paused = true;
          }
          if (opts.shouldStop?.()) {
            stopped = true;
            return true;
          }
          return paused;
        },
      });
      if (stopped || !paused) return r;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  // 3. steps
  steps: for (const step of tb.steps) {
    try {
      switch (step.kind) {
        case 'program': {
          const t = sim.tile(step.target.tile);
          const c = t.built.crossbar.component;
          const w = loadWeights(step.source, c.params['rows'] as number, c.params['cols'] as number, weightStream(seed, step.target.tile));
          sim.program(step.target.tile, w);
          break;
        }
        case 'drive': {
          const t = sim.tile(step.target.tile);
          const vs = loadInputs(step.source, t.built.inLanes, sim.codeRange(step.target.tile), rng.fork(`inputs ${step.target.tile}`), t.built.dac.signed, t.built.dac.bits);
          sim.drive(step.target.tile, vs);
          break;
        }
        case 'run': {
          const start = seconds(sim.kernel.now);
          const until = step.mode === 'for' ? start + step.duration : start + timeout;
          const r = await sliced(until, () => opts.progress?.(seconds(sim.kernel.now), until));
          if (stopped) break steps;
          if (step.mode === 'until-idle' && r.reason === 'until') {
            diagnostics.push(diag('E4007', `still busy after the timeout of ${formatQuantity({ value: timeout, dim: DIMS.time.dim })} of simulated time`, step.span, {
              help: 'raise `timeout` in the testbench, or drive fewer vectors',
            }));
            break steps;
          }
          break;
        }
        case 'run-network': {
          const r = await runNetworkStep(sim, step, { seed, tInference, samples: tb.params['samples'] as number }, diagnostics, async (run) => {
            const until = seconds(sim.kernel.now) + timeout;
            const k = await sliced(until, () => opts.networkProgress?.(run.finished, run.total));
            return k.reason;
          }, () => stopped);
          if (r) {
            result.networks.push(r);
            for (const l of r.run.layers) for (const t of l.tiles) if (!result.focus.includes(t)) result.focus.push(t);
          }
          if (stopped || !r) break steps;
          if (!r.run.interrupted && r.run.samples < r.run.total) {
            diagnostics.push(diag('E4007', `network \`${step.network}\` still running after the timeout of ${formatQuantity({ value: timeout, dim: DIMS.time.dim })} of simulated time (${r.run.samples} of ${r.run.total} samples done)`, step.span, {
              help: 'raise `timeout` in the testbench, or run fewer `samples`',
            }));
            break steps;
          }
          break;
        }
        default:
          break;
      }
    } catch (e) {
      // Data problems point at the data (`npy("w.npy")`), others at the statement.
      const at = (step.kind === 'program' || step.kind === 'drive') && (e instanceof DataError || e instanceof SimError) ? step.source.span : step.span;
      if (fail(at, e)) break;
    }
  }
  result.simulatedFs = sim.kernel.now;
  result.activations = sim.kernel.totalActivations;
  result.interrupted = stopped;

  // 4. trace files: the VCD is renamed into place only when complete (or when interrupted:
  //    then it is valid up to its last complete time step)
  if (writer && vcdPath && partial) {
    sim.closeTrace();
    renameSync(partial, vcdPath);
    result.vcd = vcdPath;
    result.gtkw = writeGtkw(vcdPath, sim.kernel.tracedVars());
    result.traceComplete = !stopped && diagnostics.length === 0;
  } else if (partial) rmSync(partial, { force: true });

  for (const t of sim.tiles.values()) if (t.driven > 0 || sim.read(t.path).length > 0) result.tiles.push(summarise(sim, t));
  result.interconnect = interconnectSummary(sim.interconnect);
  if (diagnostics.length === 0 && !stopped) {
    for (const step of tb.steps) {
      const r = expectation(sim, step, diagnostics, result.networks);
      if (r) result.expectations.push(r);
    }
  }
  result.ok = diagnostics.length === 0 && !stopped && result.expectations.every((e) => e.passed);
  return result;
}


function expectation(sim: Simulator, step: TestStep, diagnostics: Diagnostic[], networks: NetworkRunResult[]): ExpectationResult | null {
  if (step.kind === 'expect-network') return networkExpectation(step, networks);
  if (step.kind !== 'expect-ideal' && step.kind !== 'expect-metric') return null;
  // (check-testbenches has made sure the target is a whole tile)
  const t = sim.tiles.get(step.target.tile)!;
  const s = summarise(sim, t);
  if (s.vectors === 0) {
    diagnostics.push(diag('E4009', `tile \`${t.path}\` produced no outputs to check`, step.target.span, {
      help: `drive it (\`drive ${t.path} with ...;\`) and run until idle`,
    }));
    return null;
  }
  if (step.kind === 'expect-ideal') {
    const tol = step.tolerance;
    // Relative tolerances are fractions of the largest ideal output magnitude (full scale).
    const scale = tol.unit === 'relative' ? s.fullScale! : 1;
    const err = s.errMax! / scale;
    const unit = tol.unit === 'lsb' ? 'lsb' : 'of full scale';
    const text = `expect ${t.path} ~ ideal within ${tol.value}${tol.unit === 'lsb' ? ' lsb' : ''}`;
    return {
      text,
      passed: err <= tol.value + 1e-9,
      measured: `max error ${err.toPrecision(4)} ${unit} (rms ${(s.errRms! / scale).toPrecision(4)}) over ${s.vectors} vectors`,
      span: step.span,
    };
  }
  const value = step.metric === 'latency' ? s.latency : step.metric === 'throughput' ? s.throughput : s.energyPerMvm;
  const dim = METRIC_DIM[step.metric];
  const fmt = (v: number) => formatQuantity({ value: v, dim: dim.dim }, 4);
  const text = `expect ${step.metric}(${t.path}) ${step.op} ${fmt(step.value)}`;
  if (value === null) return { text, passed: false, measured: 'not measured', span: step.span };
  return { text, passed: compare(step.op, value, step.value), measured: `${step.metric} ${fmt(value)}`, span: step.span };
}

