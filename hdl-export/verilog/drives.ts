// hdl-export/verilog/drives.ts: which vectors the Verilog testbench drives into a tile, and
// when, so that they match the emulator's source stage for the same testbench.
//
// The emulator queues a `drive` at the time the testbench reaches it; before the first `run`
// that is time 0, and the source offers the vectors from the edge at 0 on, one per cycle at
// most, as fast as the tile takes them. After a `run` the time is the kernel's last event,
// which only a run of the emulator knows, and vectors that arrive through links depend on
// other tiles: both are refused. So:
//   1. `--input CODES`: one vector of those codes at time 0 (checked against the DACs' lanes
//      and code range: ExportInputError).
//   2. Else the testbench and tile instance the plan chose (`programmedBy`): every `drive` of
//      that instance before the first `run`, counted with the loader the run uses
//      (testbenches/sources.ts loadInputs). The run lasts until every result is out, or, when
//      the only run is `run for T`, until T.
//   3. No testbench: no vectors (the model still compiles and runs; the header says why).
import type { TestbenchIR } from '../../dsl/ir/nodes.js';
import { DIMS, formatQuantity } from '../../dsl/units.js';
import { fs, type TimeFs } from '../../emulator/kernel/time.js';
import { codeMax, codeMin, type DacParams } from '../../emulator/models/dac.js';
import { Rng } from '../../emulator/random.js';
import { loadInputs } from '../../testbenches/sources.js';
import { ExportInputError, type EmitOptions } from '../export.js';
import { PlanError, type ExportPlan, type PlannedTile } from '../plan.js';

export interface DriveSchedule {
  /** Vectors queued at time 0. */
  vectors: number;
  /** Where they come from, one line each (for the testbench's header). */
  from: string[];
  /** The emulator's scope of the tile instance: [chip, tile instance path]. */
  emulatorScope: [string, string];
  /** Stop at this time (fs) instead of when every result is out (`run for T`). */
  stopAtFs: TimeFs | null;
}

function line(plan: ExportPlan, span: { file: number; start: number; end: number }): string {
  return plan.sources.where(span).replace(/:\d+$/, '');
}

function fromInput(codes: readonly number[], tile: PlannedTile, lanes: number, dac: DacParams): number {
  const lo = codeMin(dac);
  const hi = codeMax(dac);
  if (codes.length !== lanes) throw new ExportInputError(`--input has ${codes.length} codes; tile \`${tile.tile.name}\` has ${lanes} input lanes`);
  codes.forEach((c, l) => {
    if (!Number.isInteger(c) || c < lo || c > hi) throw new ExportInputError(`--input lane ${l}: code ${c} is not an integer in ${lo}..=${hi} (the DACs of tile \`${tile.tile.name}\`)`);
  });
  return 1;
}

function fromTestbench(plan: ExportPlan, tb: TestbenchIR, path: string, lanes: number, dac: DacParams, seed: number): Omit<DriveSchedule, 'emulatorScope'> {
  const into = tb.target.links.filter((l) => l.to === path);
  if (into.length > 0) {
    throw new PlanError(
      `tile instance '${path}' of testbench \`${tb.name}\` is fed through links (from ${into.map((l) => l.from).join(', ')}); the Verilog testbench cannot know when their vectors arrive: export a tile instance the testbench drives, or pass --input CODES`,
    );
  }
  const rng = new Rng(seed).fork('testbench');
  let vectors = 0;
  const from: string[] = [];
  const runs = tb.steps.filter((s) => s.kind === 'run');
  const firstRun = tb.steps.findIndex((s) => s.kind === 'run');
  tb.steps.forEach((s, i) => {
    if (s.kind !== 'drive' || s.target.tile !== path) return;
    if (firstRun >= 0 && i > firstRun) {
      throw new PlanError(
        `testbench \`${tb.name}\` drives '${path}' after a \`run\` (${line(plan, s.span)}), at a time only a run of the emulator knows; the Verilog testbench drives what is queued before the first run`,
      );
    }
    const n = loadInputs(s.source, lanes, [codeMin(dac), codeMax(dac)], rng.fork(`inputs ${path}`), dac.signed, dac.bits).length;
    vectors += n;
    from.push(`${n} vector${n === 1 ? '' : 's'} from \`drive\` at ${line(plan, s.span)}`);
  });
  let stopAtFs: TimeFs | null = null;
  if (runs.length > 0 && runs.every((r) => r.kind === 'run' && r.mode === 'for')) {
    if (runs.length > 1) {
      throw new PlanError(`testbench \`${tb.name}\` has ${runs.length} \`run for\` steps and no \`run until idle\`; the Verilog testbench stops either when every result is out or after one \`run for\``);
    }
    const r = runs[0]!;
    if (r.kind === 'run' && r.mode === 'for') {
      stopAtFs = fs(r.duration);
      from.push(`runs for ${formatQuantity({ value: r.duration, dim: DIMS.time.dim }, 6)} (${line(plan, r.span)})`);
    }
  }
  return { vectors, from, stopAtFs };
}

/** The vectors the testbench of `tile` drives. Throws PlanError or ExportInputError. */
export function driveSchedule(plan: ExportPlan, tile: PlannedTile, lanes: number, dac: DacParams, opts: EmitOptions): DriveSchedule {
  const by = tile.programmedBy;
  const emulatorScope: [string, string] = by ? [by.testbench.target.name, by.path] : [tile.tile.name, tile.tile.name];
  if (opts.input !== undefined) {
    const vectors = fromInput(opts.input, tile, lanes, dac);
    return { vectors, from: ['1 vector from --input, at time 0'], emulatorScope, stopAtFs: null };
  }
  if (!by) return { vectors: 0, from: ['no vectors: no testbench drives this tile (pass --input CODES to drive one)'], emulatorScope, stopAtFs: null };
  const seed = opts.seed ?? (by.testbench.params['seed'] as number);
  const s = fromTestbench(plan, by.testbench, by.path, lanes, dac, seed);
  const head = `testbench \`${by.testbench.name}\` (${line(plan, by.testbench.span)}), tile instance '${by.path}'`;
  return { ...s, from: [head, ...(s.from.length ? s.from : ['no vectors: the testbench does not drive this tile instance'])], emulatorScope };
}
