// testbenches/programmed.ts: the crossbar of one tile as a testbench programs it, without
// running anything: the same weights (from the testbench's last `program` of that tile, with
// the same seeded streams as runTestbench) and the same device draws as the Simulator, so an
// exporter writes the conductances the emulator computes with. A tile the testbench never
// programs holds zero weights, as in the emulator.
import type { ComponentIR, TestbenchIR, TileInstanceIR } from '../dsl/ir/nodes.js';
import { EmulatorLimitation, programCrossbar, type CrossbarModel } from '../emulator/models/crossbar.js';
import { Rng } from '../emulator/random.js';
import { deviceStream, SimError } from '../emulator/simulator.js';
import { loadWeights } from './sources.js';

export interface ProgrammedTile {
  instance: TileInstanceIR;
  crossbar: { name: string; component: ComponentIR };
  weights: Float64Array;
  /** Programmed with `keepConductances`: `model.physical` holds every device. */
  model: CrossbarModel;
  /** Where the weights came from: the testbench's `program` statement, or none (zeros). */
  programmed: boolean;
  seed: number;
  tInference: number;
}

/** The stream of a tile's random weights (runTestbench uses it too). */
export function weightStream(seed: number, tile: string): Rng {
  return new Rng(seed).fork('testbench').fork(`weights ${tile}`);
}

/**
 * Program `tilePath` of the testbench's target as the run would. Throws DataError (a weight
 * file that cannot be read) or SimError (E4006: a structure the emulator cannot program).
 */
export function programmedTile(tb: TestbenchIR, tilePath: string, opts: { seed?: number; tInference?: number } = {}): ProgrammedTile {
  const instance = tb.target.tiles.find((t) => t.path === tilePath);
  if (!instance) throw new Error(`internal: no tile ${tilePath} in ${tb.target.name}`);
  const xbar = instance.tile.instances.find((i) => i.component.category === 'crossbar');
  if (!xbar) throw new Error(`internal: tile ${tilePath} has no crossbar`);
  const seed = opts.seed ?? (tb.params['seed'] as number);
  const tInference = opts.tInference ?? (tb.params['t_inference'] as number);
  const c = xbar.component;
  const rows = c.params['rows'] as number;
  const cols = c.params['cols'] as number;
  const steps = tb.steps.filter((s) => s.kind === 'program' && s.target.tile === tilePath);
  const last = steps[steps.length - 1];
  const weights = last && last.kind === 'program' ? loadWeights(last.source, rows, cols, weightStream(seed, tilePath)) : new Float64Array(rows * cols);
  let model: CrossbarModel;
  try {
    model = programCrossbar(c, weights, deviceStream(seed, tilePath), tInference, { keepConductances: true });
  } catch (e) {
    if (e instanceof EmulatorLimitation) throw new SimError('E4006', e.message);
    throw e;
  }
  return { instance, crossbar: { name: xbar.name, component: c }, weights, model, programmed: Boolean(last), seed, tInference };
}
