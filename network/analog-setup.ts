// network/analog-setup.ts: how a network with `algorithm = analog_sgd | tiki_taka | ttv2 |
// mixed_precision` trains on its chip (analog-train.ts), from the description:
//
// - the device: the `pulsed` device of the tiles the layers are placed on (one for the whole
//   network, checked by dsl/passes/check-network.ts), as PulsedDeviceParams
//   (emulator/pulsed/from-component.ts);
// - the forward and backward IO (analog-io.ts) from the first tile of the first layer: inp_res
//   = its DAC's bits, out_res = its ADC's bits, out_bound = the ADC's out_bound, out_noise and
//   noise / bound management = the crossbar's (abs_max noise management when the crossbar has
//   `none` or `constant`: the activations must be scaled to the DAC's range); the backward read
//   goes through the same converters (aihwkit's backward IOParameters equal the forward ones),
//   without bound management (aihwkit's default);
// - the costs (analog-costs.ts): a forward MVM of a layer is measured on the cycle-accurate
//   emulator: one vector through the tile of the layer's first piece (latency and the energy of
//   every stage), times the layer's pieces for the energy (they run in parallel); the backward
//   (transposed) read and the Tiki-Taka transfer read are taken to cost the same (the same
//   converters on the other side of the array: an assumption); an update slot lasts the
//   device's t_pulse; a device pulse (coincidence) costs v_pulse²·g_max·t_pulse (ohmic,
//   devices.md "Device figures": E = V²·G·t); a row or column line pulse C_line·v_pulse² with
//   the CiMLoop word-line capacitance [(1.5 + 0.6)·N + 48] fF of a line of N cells
//   (devices.md "Device figures"); mixed precision's digital ops as analog-costs.ts.
import type { NetworkIR } from '../dsl/ir/network.js';
import { placeNetwork } from '../dsl/ir/network-placement.js';
import type { ComponentIR, TileInstanceIR } from '../dsl/ir/nodes.js';
import { cellOf } from '../dsl/ir/walk.js';
import { pulsedParamsOf } from '../emulator/pulsed/from-component.js';
import type { PulsedDeviceParams } from '../emulator/pulsed/params.js';
import { DEFAULT_UPDATE_PARAMETERS } from '../emulator/pulsed/pulse-update.js';
import { Rng } from '../emulator/random.js';
import { Simulator } from '../emulator/simulator.js';
import { AIHWKIT_IO, type IOParameters } from './analog-io.js';
import type { TrainingCosts, OpCost } from './analog-costs.js';
import type { AnalogAlgorithm, AnalogTrainOptions } from './analog-train.js';

export interface AnalogSetup {
  device: PulsedDeviceParams;
  deviceName: string;
  algorithm: AnalogAlgorithm;
  forwardIO: IOParameters;
  backwardIO: IOParameters;
  costs: TrainingCosts;
  update: AnalogTrainOptions['update'];
  /** The tile the IO comes from. */
  ioTile: string;
  /** The device's conductance range [g_min, g_max] (S). */
  gRange: [number, number];
}

function crossbar(ti: TileInstanceIR): ComponentIR {
  return ti.tile.instances.find((i) => i.component.category === 'crossbar')!.component;
}

function firstOf(ti: TileInstanceIR, category: string): ComponentIR | null {
  return ti.tile.instances.find((i) => i.component.category === category)?.component ?? null;
}

/** One forward MVM of a random block on `ti`, through the Simulator: latency and energy. */
function measureMvm(chip: NetworkIR['target'], ti: TileInstanceIR, seed: number): OpCost {
  const sim = new Simulator(chip, { seed, tInference: 0 });
  const t = sim.tile(ti.path);
  const xb = crossbar(ti);
  const rows = xb.params['rows'] as number;
  const cols = xb.params['cols'] as number;
  const rng = new Rng(seed).fork('training costs');
  sim.program(ti.path, Float64Array.from({ length: rows * cols }, () => rng.uniform() * 2 - 1));
  const [lo, hi] = sim.codeRange(ti.path);
  const vec = Float64Array.from({ length: t.built.inLanes }, () => Math.round(lo + rng.uniform() * (hi - lo)));
  sim.drive(ti.path, [vec]);
  sim.run();
  const out = sim.read(ti.path)[0]!;
  let energy = 0;
  for (const st of t.built.stages) energy += st.stats.energy;
  return { time: Number(out.exitFs - out.enteredFs) / 1e15, energy };
}

export function analogSetup(ir: NetworkIR, seed: number): AnalogSetup {
  const t = ir.train!;
  const placed = placeNetwork(ir);
  const byPath = new Map(ir.target.tiles.map((ti) => [ti.path, ti]));
  const first = byPath.get(placed.layers[0]!.tiles[0]!)!;
  const device = cellOf(crossbar(first))!.device;
  const params = pulsedParamsOf(device);
  const xb = crossbar(first);
  const dac = firstOf(first, 'dac');
  const adc = firstOf(first, 'adc');
  const forwardIO: IOParameters = {
    ...AIHWKIT_IO,
    inpRes: dac ? (dac.params['bits'] as number) : AIHWKIT_IO.inpRes,
    outRes: adc ? (adc.params['bits'] as number) : AIHWKIT_IO.outRes,
    outBound: adc ? (adc.params['out_bound'] as number) : AIHWKIT_IO.outBound,
    outNoise: xb.params['out_noise'] as number,
    noiseManagement: 'abs_max',
    boundManagement: xb.params['bound_management'] === 'iterative' ? 'iterative' : 'none',
  };
  const backwardIO: IOParameters = { ...forwardIO, boundManagement: 'none' };
  // costs: a measured forward MVM per layer (times its pieces for the energy)
  const forward = placed.layers.map((l) => {
    const m = measureMvm(ir.target, byPath.get(l.tiles[0]!)!, seed);
    return { time: m.time, energy: m.energy * l.tiles.length };
  });
  const tPulse = device.params['t_pulse'] as number;
  const v = device.params['v_pulse'] as number;
  const gMax = device.params['g_max'] as number;
  const line = Math.max(xb.params['rows'] as number, xb.params['cols'] as number);
  const costs: TrainingCosts = {
    forward,
    backward: forward,
    transferRead: forward,
    update: { tSlot: tPulse, eLinePulse: ((1.5 + 0.6) * line + 48) * 1e-15 * v * v, eCoincidence: v * v * gMax * tPulse },
    digitalOp: { time: 0, energy: 0.1e-12 },
  };
  const update = { ...DEFAULT_UPDATE_PARAMETERS, desired_bl: t.desiredBl };
  const transfer = { transfer_every: t.transferEvery, transfer_lr: t.transferLr, update, transfer_update: update };
  const algorithm: AnalogAlgorithm =
    t.algorithm === 'tiki_taka' ? { kind: 'tiki-taka', options: transfer }
    : t.algorithm === 'ttv2' ? { kind: 'buffered-transfer', options: transfer }
    : t.algorithm === 'mixed_precision' ? { kind: 'mixed-precision', options: { transfer_every: t.transferEvery, transfer_lr: t.transferLr } }
    : { kind: 'sgd' };
  return {
    device: params, deviceName: device.name, algorithm, forwardIO, backwardIO, costs, update, ioTile: first.path,
    gRange: [device.params['g_min'] as number, device.params['g_max'] as number],
  };
}
