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
//   without bound management (aihwkit's default), unless the train block sets its own
//   `backward_in_bits`, `backward_out_bits`, `backward_out_bound`, `backward_out_noise`;
// - the costs (analog-costs.ts): a forward MVM of a layer is measured on the cycle-accurate
//   emulator: one vector on the rows of the layer's first piece, with random weights in the
//   piece, through its tile (latency and the energy of every stage, by part), times the
//   layer's pieces for the energy (they run in parallel); the backward (transposed) read is
//   estimated from that measurement by `transposedCost` (DACs for the columns, the ADC bank
//   for the rows); the Tiki-Taka transfer read (a one-hot read through the forward IO,
//   `transferRead`) costs a forward MVM; an update slot lasts the
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
import { AdcStage } from '../emulator/tile/adc-stage.js';
import type { ReadLine } from '../emulator/pulsed/compounds.js';
import { AIHWKIT_IO, analogMvm, type IOParameters } from './analog-io.js';
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

/** What one forward MVM of a block costs, by part, measured on the cycle-accurate emulator. */
export interface Measured {
  /** Latency (s) and the ADC stage's busy time per MVM (s). */
  time: number;
  adcBusy: number;
  /** Energy (J): the DACs, the array (and word lines), the ADC stage, everything after it. */
  dacs: number;
  array: number;
  adcs: number;
  rest: number;
  /** ADC lanes converted at once (ADC count), and conversion rounds per forward MVM. */
  adcCount: number;
}

/**
 * One forward MVM of a rows x cols block of random weights in the top-left corner of `ti`'s
 * crossbar, driven with random codes on the block's rows (0 elsewhere), through `sim` (one
 * Simulator for every layer: each layer's first tile is its own, so their stages' figures
 * stay apart).
 */
function measureMvm(sim: Simulator, ti: TileInstanceIR, rows: number, cols: number, seed: number): Measured {
  const t = sim.tile(ti.path);
  const xb = crossbar(ti);
  const R = xb.params['rows'] as number;
  const C = xb.params['cols'] as number;
  const rng = new Rng(seed).fork(`training costs ${rows}x${cols}`);
  const w = new Float64Array(R * C);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) w[i * C + j] = rng.uniform() * 2 - 1;
  sim.program(ti.path, w);
  const [lo, hi] = sim.codeRange(ti.path);
  const lanes = new Float64Array(t.built.inLanes);
  for (let r = 0; r < rows; r++) {
    const lane = t.built.input.rowLane[r]!;
    if (lane >= 0) lanes[lane] = Math.round(lo + rng.uniform() * (hi - lo));
  }
  sim.drive(ti.path, [lanes]);
  sim.run();
  const out = sim.read(ti.path)[0]!;
  const m: Measured = { time: Number(out.exitFs - out.enteredFs) / 1e15, adcBusy: 0, dacs: 0, array: 0, adcs: 0, rest: 0, adcCount: 1 };
  const stages = t.built.stages;
  const adcAt = stages.findIndex((st) => st instanceof AdcStage);
  stages.forEach((st, k) => {
    if (st === t.built.input) {
      const by = st.stats.energyBy ?? {};
      const dacName = Object.keys(by)[0]!;
      m.dacs += by[dacName] ?? 0;
      m.array += st.stats.energy - (by[dacName] ?? 0);
    } else if (k === adcAt) {
      m.adcs += st.stats.energy;
      m.adcBusy += Number(st.stats.busyFs) / 1e15;
    } else m.rest += st.stats.energy;
  });
  const adc = firstOf(ti, 'adc');
  m.adcCount = Math.max(1, Math.floor(t.built.adcLanes / Math.max(1, (adc?.params['mux'] as number | undefined) ?? 1)));
  return m;
}

const total = (m: Measured) => m.dacs + m.array + m.adcs + m.rest;

/**
 * The transposed (backward) read of a rows x cols block, from its forward measurement: cols
 * inputs through DACs and rows outputs through the ADC bank, so the DAC energy scales by
 * cols / rows, the ADC stage's (and what follows it) by rows / cols, the array's stays; the
 * conversions take ceil(rows / ADCs) rounds instead of ceil(cols / ADCs), each as long as a
 * forward round. An estimate: the emulator has no transposed read path.
 */
export function transposedCost(m: Measured, rows: number, cols: number): OpCost {
  const fRounds = Math.max(1, Math.ceil(cols / m.adcCount));
  const bRounds = Math.max(1, Math.ceil(rows / m.adcCount));
  const time = m.time + (bRounds - fRounds) * (m.adcBusy / fRounds);
  const energy = m.dacs * (cols / rows) + m.array + (m.adcs + m.rest) * (rows / cols);
  return { time: Math.max(time, m.time - m.adcBusy), energy };
}

/**
 * The transfer read of Tiki-Taka and TTv2 (aihwkit's `transfer_forward`): input line j of the fast
 * array read with a one-hot vector through the forward IO (output noise, the ADC's step and
 * clipping, bound management): the line's weights as one 1 x cols array driven with 1.
 */
export function transferRead(io: IOParameters): ReadLine {
  return (array, j, rng) => {
    const w = new Float64Array(array.cols);
    for (let i = 0; i < array.cols; i++) w[i] = array.weight(j * array.cols + i);
    return analogMvm(w, 1, array.cols, [1], io, rng);
  };
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
  const b = t.backward;
  const backwardIO: IOParameters = {
    ...forwardIO, boundManagement: 'none',
    ...(b.inBits !== null ? { inpRes: b.inBits } : {}),
    ...(b.outBits !== null ? { outRes: b.outBits } : {}),
    ...(b.outBound !== null ? { outBound: b.outBound } : {}),
    ...(b.outNoise !== null ? { outNoise: b.outNoise } : {}),
  };
  // costs: a measured forward MVM of each layer's (first) piece, times its pieces for the
  // energy (they run in parallel); the transposed read estimated from it
  const sim = new Simulator(ir.target, { seed, tInference: 0 });
  const measured = placed.layers.map((l) => ({ l, m: measureMvm(sim, byPath.get(l.tiles[0]!)!, l.inPieces[0]!, l.outPieces[0]!, seed) }));
  const forward = measured.map(({ l, m }) => ({ time: m.time, energy: total(m) * l.tiles.length }));
  const backward = measured.map(({ l, m }) => {
    const b = transposedCost(m, l.inPieces[0]!, l.outPieces[0]!);
    return { time: b.time, energy: b.energy * l.tiles.length };
  });
  const tPulse = device.params['t_pulse'] as number;
  const v = device.params['v_pulse'] as number;
  const gMax = device.params['g_max'] as number;
  const line = Math.max(xb.params['rows'] as number, xb.params['cols'] as number);
  const costs: TrainingCosts = {
    forward,
    backward,
    transferRead: forward,
    update: { tSlot: tPulse, eLinePulse: ((1.5 + 0.6) * line + 48) * 1e-15 * v * v, eCoincidence: v * v * gMax * tPulse },
    digitalOp: { time: 0, energy: 0.1e-12 },
  };
  const update = { ...DEFAULT_UPDATE_PARAMETERS, desired_bl: t.desiredBl };
  const transfer = { transfer_every: t.transferEvery, transfer_lr: t.transferLr, update, transfer_update: update, read: transferRead(forwardIO) };
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
