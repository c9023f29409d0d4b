// hdl-export/verilog/timing.ts: the chain of stages of a tile and how many clock cycles each
// one is busy, by the emulator's own rules, for the Verilog timing model to print.
//
// 1. Build the tile as the emulator does (emulator/tile/build-tile.ts buildTile, on a kernel
//    of its own that never runs): the same chain of stages, with the same names, and the same
//    refusals (EmulatorLimitation becomes a PlanError).
// 2. For each stage, compute its cycle counts from the IR parameters with the emulator's
//    model functions (models/dac.ts windowOf, inputWindowFs and slicesOf, models/adc.ts groupTimer and
//    integrating) and its clock (kernel/time.ts fs and Clock.cyclesFor): a stage that starts
//    at an edge t and is busy for d frees its result at the first edge at or after t + d, that
//    is ceil(d / period) cycles later (docs/emulator.md, Timing).
// 3. Refuse what a controller cannot know in advance: a ramp ADC's conversion time depends on
//    the codes it converts.
// The delays that build-tile.ts reads from the parameters (t_sample, latency, t_access,
// t_integrate, depth) are read here the same way: `durationFs` and the buffer depth below
// follow build-tile.ts line for line.
import type { ClockIR, ComponentIR, Duration, InstanceIR, TileIR } from '../../dsl/ir/nodes.js';
import { ports } from '../../dsl/ir/ports.js';
import { DIMS, formatQuantity } from '../../dsl/units.js';
import { Kernel } from '../../emulator/kernel/kernel.js';
import { Clock, fs, type TimeFs } from '../../emulator/kernel/time.js';
import { groupTimer, integrating, type AdcParams } from '../../emulator/models/adc.js';
import { EmulatorLimitation } from '../../emulator/models/crossbar.js';
import { codeMax, inputWindowFs, magnitudeBits, slicesOf, windowOf, type DacParams } from '../../emulator/models/dac.js';
import { Rng } from '../../emulator/random.js';
import { AdcStage } from '../../emulator/tile/adc-stage.js';
import { buildTile, type BuiltTile } from '../../emulator/tile/build-tile.js';
import { InputStage } from '../../emulator/tile/input-stage.js';
import { Affine, Buffer, IntegratorHold, SampleHold, ShiftAdd, Sink, Source } from '../../emulator/tile/simple-stages.js';
import type { Stage } from '../../emulator/tile/stage.js';
import { PlanError } from '../plan.js';

/** What a stage does per token, in cycles of the tile clock. */
export type StageTiming =
  /** Queues the testbench's vectors; offers one per cycle at most. */
  | { kind: 'source' }
  /** DACs + crossbar: drives the rows for `window` cycles per slice, `slices` slices per
   *  vector; `live`: holds the rows until the ADCs say they have converted (no S&H). */
  | { kind: 'input'; window: number; slices: number; live: boolean }
  /** ADC bank: `conversion` cycles per token; `live`: releases the array when done. */
  | { kind: 'adc'; conversion: number; live: boolean }
  /** S&H, integrator, shift-and-add, digital, buffer: each token `delay` cycles, at most
   *  `capacity` tokens inside (in flight and waiting to leave); one token out per `absorb` in
   *  (a shift-and-add recombining bit-serial slices). */
  | { kind: 'delay'; delay: number; capacity: number; absorb: number }
  /** Takes the tile's results; always ready. */
  | { kind: 'sink' };

export interface TimedStage {
  /** The emulator's name of the stage (its VCD scope under the tile instance). */
  name: string;
  /** The tile instance the stage is named after (null for the source and the sink). */
  instance: InstanceIR | null;
  /** The instances it models (the DACs and the crossbar for the input stage, else the bank). */
  models: InstanceIR[];
  /** What the stage is, in a few words (`flash ADC bank`). */
  what: string;
  timing: StageTiming;
  /** How the counts follow from the parameters, one line each (printed as comments). */
  why: string[];
}

export interface TileTiming {
  stages: TimedStage[];
  /** Tile input lanes (codes per vector) and the DACs' parameters. */
  inLanes: number;
  dac: DacParams;
  /** Results the sink receives per vector (input slices, unless a shift-and-add merges them). */
  outputsPerVector: number;
  periodFs: TimeFs;
}

const SCOPE = ['chip', 'tile'];

const KIND_NAMES: Record<AdcParams['kind'], string> = { sar: 'SAR', flash: 'flash', ramp: 'ramp', pipeline: 'pipeline', cco: 'CCO' };

function time(seconds: number): string {
  return formatQuantity({ value: seconds, dim: DIMS.time.dim }, 6);
}

function cycles(n: number): string {
  return `${n} cycle${n === 1 ? '' : 's'}`;
}

/** As build-tile.ts: a duration in seconds, or in cycles of the tile clock. */
function durationFs(d: Duration | null | undefined, clock: Clock): TimeFs {
  if (!d) return 0n;
  return d.unit === 's' ? fs(d.value) : BigInt(Math.round(d.value)) * clock.periodFs;
}

function durationText(d: Duration | null | undefined): string {
  if (!d) return '0 s';
  return d.unit === 's' ? time(d.value) : `${d.value} cycle${d.value === 1 ? '' : 's'}`;
}

function num(c: ComponentIR, k: string): number {
  const v = c.params[k];
  return typeof v === 'number' ? v : 0;
}

/** The stages of `tile` on `clock`, with their cycle counts. Throws PlanError. */
export function tileTiming(tile: TileIR, clockIr: ClockIR): TileTiming {
  const clock = new Clock(clockIr.name, clockIr.periodFs);
  let built: BuiltTile;
  try {
    built = buildTile(new Kernel(), tile, SCOPE, clock, new Rng(0), null);
  } catch (e) {
    if (e instanceof EmulatorLimitation) throw new PlanError(`${e.message}: the Verilog timing model follows the emulator, which cannot run this tile`);
    throw e;
  }
  const prefix = `${SCOPE.join('.')}.`;
  const byName = new Map(tile.instances.map((i) => [i.name, i]));
  const bank = (inst: InstanceIR) => tile.instances.filter((i) => i.component.category === inst.component.category);
  const cyclesOf = (d: TimeFs) => Number(clock.cyclesFor(d));
  const slices = slicesOf(built.dac);
  let outputsPerVector = slices;

  const timed = (stage: Stage): TimedStage => {
    const name = stage.name.slice(prefix.length);
    const instance = byName.get(name) ?? null;
    const models = instance ? bank(instance) : [];
    if (stage instanceof Source) return { name, instance: null, models: [], what: 'tile input', timing: { kind: 'source' }, why: ['queues the vectors driven into the tile; offers one per cycle at most'] };
    if (stage instanceof Sink) return { name, instance: null, models: [], what: 'tile output', timing: { kind: 'sink' }, why: ['takes every result; always ready'] };
    if (stage instanceof InputStage) return inputStage(name, instance!, stage);
    if (stage instanceof AdcStage) return adcStage(name, instance!, models, stage);
    const comp = instance!.component;
    let delay: Duration | null;
    let capacity: number;
    let absorb = 1;
    let what: string;
    let from: string;
    let holds: string;
    const why: string[] = [];
    if (stage instanceof IntegratorHold) {
      delay = null;
      capacity = 1;
      what = 'integrators (hold)';
      from = 'integrates during the input window (counted in the array stage), no settling';
      holds = 'holds one result';
    } else if (stage instanceof SampleHold) {
      delay = comp.params['t_sample'] as Duration;
      capacity = 1;
      what = 'sample-and-hold bank';
      from = `t_sample ${durationText(delay)}`;
      holds = 'holds one sample';
    } else if (stage instanceof ShiftAdd) {
      delay = comp.params['latency'] as Duration;
      capacity = 2;
      absorb = slices;
      outputsPerVector = 1;
      what = 'shift-and-add';
      from = `latency ${durationText(delay)}`;
      holds = 'holds 2 tokens';
      if (slices > 1) why.push(`one result per ${slices} input slices (recombines the bit-serial slices)`);
    } else if (stage instanceof Affine) {
      delay = comp.params['latency'] as Duration;
      capacity = 2;
      what = 'digital post-processing';
      from = `latency ${durationText(delay)}`;
      holds = 'holds 2 tokens';
    } else if (stage instanceof Buffer) {
      const edram = comp.kindName === 'edram';
      delay = comp.params[edram ? 't_access' : 'latency'] as Duration;
      const outLanes = models.reduce((s, i) => s + ports(i)[1]!.lanes, 0);
      capacity = edram ? Math.max(1, Math.floor(num(comp, 'size') / Math.max(1, outLanes * 8))) : num(comp, 'depth');
      what = edram ? 'eDRAM buffer' : 'FIFO buffer';
      from = `${edram ? 't_access' : 'latency'} ${durationText(delay)}`;
      holds = edram ? `holds ${capacity} tokens (size ${num(comp, 'size')} bit / (${outLanes} lanes x 8 bit))` : `holds depth ${capacity} tokens`;
    } else {
      throw new Error(`internal: no timing for the emulator stage ${stage.name}`);
    }
    const n = cyclesOf(durationFs(delay, clock));
    why.unshift(`${from}: ${cycles(n)} per token; ${holds}`);
    return { name, instance, models, what, timing: { kind: 'delay', delay: n, capacity, absorb }, why };
  };

  const inputStage = (name: string, instance: InstanceIR, stage: InputStage): TimedStage => {
    const dac = stage.dac;
    const dacs = tile.instances.filter((i) => i.component.category === 'dac');
    const integStage = built.stages.find((s) => s instanceof IntegratorHold);
    const integ = integStage ? byName.get(integStage.name.slice(prefix.length))! : null;
    // As input-stage.ts and build-tile.ts: the window is the DAC's, or t_integrate if longer,
    // once per row group of time-multiplexed DACs (mux).
    const integrateS = integ ? Number(durationFs(integ.component.params['t_integrate'] as Duration, clock)) / 1e15 : 0;
    const windowFs = inputWindowFs(dac, integrateS);
    const window = cyclesOf(windowFs > 0n ? windowFs : clock.periodFs);
    const why: string[] = [];
    switch (dac.kind) {
      case 'pwm':
        why.push(`PWM window ${time(windowOf(dac))} = c_max ${codeMax(dac)} x t_lsb ${time(dac.tLsb)} x ${dac.phases} phase${dac.phases === 1 ? '' : 's'}`);
        break;
      case 'voltage':
        why.push(`voltage DAC level held for t_conv ${time(dac.tConv)}`);
        break;
      case 'bit_serial':
        why.push(`bit-serial DAC: t_cycle ${time(dac.tCycle)} per slice, ${slices} slices per vector (${magnitudeBits(dac)} magnitude bits / ${dac.bitsPerCycle} per cycle)`);
        break;
    }
    if (integ) why.push(`integrator \`${integ.name}\`: the window lasts at least t_integrate ${durationText(integ.component.params['t_integrate'] as Duration)}`);
    if (dac.mux > 1) why.push(`DACs shared by mux ${dac.mux} rows: ${dac.mux} row groups one after the other, ${time(Number(windowFs / BigInt(dac.mux)) / 1e15)} each, accumulated by the ${integ ? 'integrator' : 'CCO ADCs'}`);
    why.push(`drives the rows for ${cycles(window)} per slice (period ${clock.periodFs} fs)`);
    const live = stage.release !== null;
    why.push(live ? 'no sample-and-hold: holds the rows until the ADCs have converted the slice' : 'hands each slice on and goes on with the next');
    const what = `DACs + crossbar`;
    return { name, instance, models: [...dacs, instance], what, timing: { kind: 'input', window, slices, live }, why };
  };

  const adcStage = (name: string, instance: InstanceIR, models: InstanceIR[], stage: AdcStage): TimedStage => {
    const p: AdcParams = stage.p;
    if (p.kind === 'ramp') {
      throw new PlanError(
        `tile \`${tile.name}\`: the ramp ADCs \`${instance.name}\` take (code + 2^(bits-1)) x t_step per conversion, so their timing depends on the data; a controller's timing model cannot know it in advance (use a flash, SAR, pipeline or CCO ADC, or the emulator)`,
      );
    }
    // As adc-stage.ts: the lanes are converted `mux` at a time per ADC, the ADCs in parallel;
    // the token is done when the slowest group is (no code-dependent part for these kinds).
    const timer = groupTimer(p);
    const n = stage.lanes;
    let longest = 0;
    for (let start = 0; start < n; start += p.mux) longest = Math.max(longest, timer.fixed(Math.min(p.mux, n - start)));
    const durFs = integrating(p) ? clock.periodFs : fs(longest);
    const conversion = cyclesOf(durFs > 0n ? durFs : clock.periodFs);
    const group = Math.min(p.mux, n);
    const why: string[] = [];
    switch (p.kind) {
      case 'cco':
        why.push('CCO: counts during the input window itself, then a one-cycle latch');
        break;
      case 'sar':
        why.push(`SAR: ${group} conversion${group === 1 ? '' : 's'} per ADC (mux ${p.mux}, ${n} lanes) x 1 / f_sample ${formatQuantity({ value: p.fSample, dim: DIMS.frequency.dim }, 6)} = ${time(longest)}`);
        break;
      case 'flash':
        why.push(`flash: ${group} conversion${group === 1 ? '' : 's'} per ADC (mux ${p.mux}, ${n} lanes) x t_conv ${time(p.tConv)} = ${time(longest)}`);
        break;
      case 'pipeline':
        why.push(`pipeline: (bits ${p.bits} + ${group} conversions - 1) / f_sample ${formatQuantity({ value: p.fSample, dim: DIMS.frequency.dim }, 6)} = ${time(longest)} (mux ${p.mux}, ${n} lanes)`);
        break;
    }
    why.push(`converts for ${cycles(conversion)} per token`);
    const live = stage.release !== null;
    if (live) why.push('samples the array directly: releases it when done');
    return { name, instance, models, what: `${KIND_NAMES[p.kind]} ADC bank`, timing: { kind: 'adc', conversion, live }, why };
  };

  const stages = built.stages.map(timed);
  return { stages, inLanes: built.inLanes, dac: built.dac, outputsPerVector, periodFs: clock.periodFs };
}
