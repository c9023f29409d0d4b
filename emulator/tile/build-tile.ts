// emulator/tile/build-tile.ts: a TileIR becomes a chain of stages in the kernel.
//
// 1. Group the tile's instances into banks by category (a bank's lanes are its instances'
//    lanes, concatenated in declaration order) and find the chain of banks the connections
//    form: dac -> crossbar -> [sample_hold | integrator] -> adc -> [shift_add] -> [digital |
//    buffer]*. Anything else (several crossbars, branches) is an EmulatorLimitation.
// 2. For each bank, map every input lane to the previous bank's output lane it is connected to.
// 3. Create the stages (input stage for DAC + crossbar, then one stage per bank, then a sink)
//    and wire their handshakes: each stage's upstream is the previous stage's registers.
// 4. Traced lanes get their own signals (codes, row voltages, column outputs).
// 5. Bound management: a `bound_verdict` signal from the ADC stage back to the input stage.
import type { Category } from '../../dsl/ast.js';
import type { ComponentIR, Duration, InstanceIR, TileIR } from '../../dsl/ir/nodes.js';
import { ports } from '../../dsl/ir/ports.js';
import type { Kernel } from '../kernel/kernel.js';
import { fs, type Clock, type TimeFs } from '../kernel/time.js';
import { adcParams, integrating } from '../models/adc.js';
import { EmulatorLimitation } from '../models/crossbar.js';
import { dacParams, rowGroup, type DacParams } from '../models/dac.js';
import type { Activation } from '../models/digital.js';
import { managementParams } from '../models/management.js';
import { integrationSteps } from '../models/pulse-events.js';
import type { Rng } from '../random.js';
import { AdcStage } from './adc-stage.js';
import { InputStage } from './input-stage.js';
import { Affine, Buffer, IntegratorHold, SampleHold, ShiftAdd, Sink, Source } from './simple-stages.js';
import { stageSignals, type Stage } from './stage.js';

interface Bank {
  category: Category;
  instances: InstanceIR[];
  /** Offset of each instance's lanes in the bank's input and output lane spaces. */
  inOffset: Map<string, number>;
  outOffset: Map<string, number>;
  inLanes: number;
  outLanes: number;
}

/** Which lanes of which instances to trace: null = not traced; an empty map = control only. */
export interface TileTraceRequest {
  /** Instance name -> lanes [lo, hi) (null = the default first lanes). */
  lanes: Map<string, [number, number] | null>;
}

export interface BuiltTile {
  source: Source;
  input: InputStage;
  stages: Stage[];
  sink: Sink;
  crossbar: InstanceIR;
  dac: DacParams;
  /** Tile input lanes (codes per vector) and output lanes. */
  inLanes: number;
  outLanes: number;
  /** Lanes of the ADC bank (conversions per slice). */
  adcLanes: number;
}

export const DEFAULT_TRACE_LANES = 8;

function banks(tile: TileIR): Map<Category, Bank> {
  const out = new Map<Category, Bank>();
  for (const inst of tile.instances) {
    const cat = inst.component.category;
    let b = out.get(cat);
    if (!b) {
      b = { category: cat, instances: [], inOffset: new Map(), outOffset: new Map(), inLanes: 0, outLanes: 0 };
      out.set(cat, b);
    }
    const [pin, pout] = ports(inst);
    b.instances.push(inst);
    b.inOffset.set(inst.name, b.inLanes);
    b.outOffset.set(inst.name, b.outLanes);
    b.inLanes += pin!.lanes;
    b.outLanes += pout!.lanes;
  }
  return out;
}

/** The chain of bank categories, from the DACs along the connections. */
function chain(tile: TileIR, bs: Map<Category, Bank>): Category[] {
  const catOf = new Map(tile.instances.map((i) => [i.name, i.component.category]));
  const next = new Map<Category, Set<Category>>();
  for (const c of tile.connections) {
    const a = catOf.get(c.from.instance)!;
    const b = catOf.get(c.to.instance)!;
    if (!next.has(a)) next.set(a, new Set());
    next.get(a)!.add(b);
  }
  const order: Category[] = ['dac'];
  for (;;) {
    const n = next.get(order[order.length - 1]!);
    if (!n || n.size === 0) break;
    if (n.size > 1) throw new EmulatorLimitation(`tile \`${tile.name}\`: the ${order[order.length - 1]} bank feeds several kinds of stage (${[...n].join(', ')}); the emulator runs one chain`);
    const c = [...n][0]!;
    if (order.includes(c)) throw new EmulatorLimitation(`tile \`${tile.name}\`: the connections loop back to the ${c} bank`);
    order.push(c);
  }
  if (order[1] !== 'crossbar') throw new EmulatorLimitation(`tile \`${tile.name}\`: the DACs must drive the crossbar rows`);
  for (const cat of bs.keys()) {
    if (!order.includes(cat)) throw new EmulatorLimitation(`tile \`${tile.name}\`: the ${cat} bank is not on the DAC -> crossbar -> ADC chain`);
  }
  return order;
}

/** For each input lane of bank `to`, the output lane of bank `from` that drives it. */
function laneMap(tile: TileIR, from: Bank, to: Bank): Int32Array {
  const map = new Int32Array(to.inLanes).fill(-1);
  const inFrom = new Set(from.instances.map((i) => i.name));
  const inTo = new Set(to.instances.map((i) => i.name));
  for (const c of tile.connections) {
    if (!inFrom.has(c.from.instance) || !inTo.has(c.to.instance)) continue;
    const a = from.outOffset.get(c.from.instance)! + c.from.lo;
    const b = to.inOffset.get(c.to.instance)! + c.to.lo;
    for (let k = 0; k < c.to.hi - c.to.lo; k++) map[b + k] = a + k;
  }
  if (map.includes(-1)) throw new EmulatorLimitation(`tile \`${tile.name}\`: some ${to.category} inputs are not driven by the ${from.category} bank`);
  return map;
}

function durationFs(d: Duration | null | undefined, clock: Clock): TimeFs {
  if (!d) return 0n;
  return d.unit === 's' ? fs(d.value) : BigInt(Math.round(d.value)) * clock.periodFs;
}

function num(c: ComponentIR, k: string): number {
  const v = c.params[k];
  return typeof v === 'number' ? v : 0;
}

function sameParams(a: ComponentIR, b: ComponentIR): boolean {
  return JSON.stringify(a.params) === JSON.stringify(b.params);
}

export function buildTile(
  k: Kernel,
  tile: TileIR,
  scope: readonly string[],
  clock: Clock,
  rng: Rng,
  trace: TileTraceRequest | null,
): BuiltTile {
  const bs = banks(tile);
  const order = chain(tile, bs);
  const dacBank = bs.get('dac')!;
  const xbarBank = bs.get('crossbar')!;
  if (xbarBank.instances.length !== 1 || xbarBank.instances[0]!.count !== 1) {
    throw new EmulatorLimitation(`tile \`${tile.name}\`: the emulator runs one crossbar array per tile`);
  }
  const crossbar = xbarBank.instances[0]!;
  const dac0 = dacBank.instances[0]!.component;
  if (dacBank.instances.some((i) => !sameParams(i.component, dac0))) {
    throw new EmulatorLimitation(`tile \`${tile.name}\`: the emulator needs all DACs of a tile to be alike`);
  }
  const dac = dacParams(dac0);
  const lanesFor = (inst: string, total: number): number[] => {
    if (!trace || !trace.lanes.has(inst)) return [];
    const r = trace.lanes.get(inst) ?? [0, Math.min(DEFAULT_TRACE_LANES, total)];
    const out: number[] = [];
    for (let l = r[0]; l < Math.min(r[1], total); l++) out.push(l);
    return out;
  };
  const sig = (name: string) => stageSignals(k, [...scope, name], trace !== null);

  // Source -> input stage (DACs + crossbar)
  const source = new Source(`${scope.join('.')}.source`, clock, sig('source'));
  const rowLane = laneMap(tile, dacBank, xbarBank);
  const afterXbar = order[2];
  const integ = afterXbar === 'integrator' ? bs.get('integrator')!.instances[0]!.component : null;
  const adcBank = bs.get('adc');
  if (!adcBank) throw new EmulatorLimitation(`tile \`${tile.name}\` has no ADC`);
  const adcP = adcParams(adcBank.instances[0]!.component);
  if (adcBank.instances.some((i) => !sameParams(i.component, adcBank.instances[0]!.component))) {
    throw new EmulatorLimitation(`tile \`${tile.name}\`: the emulator needs all ADCs of a tile to be alike`);
  }
  const live = afterXbar === 'adc' && !integrating(adcP);
  const release = live ? k.signal(`${scope.join('.')}.array_release`, 0) : null;
  // An integrator integrates during the input window, which lasts at least t_integrate.
  if (dac.mux > 1 && !integ && !(afterXbar === 'adc' && integrating(adcP))) {
    throw new EmulatorLimitation(`tile \`${tile.name}\`: DACs shared by ${dac.mux} rows drive them one group after the other, and only an integrator or an integrating (CCO) ADC right after the array accumulates the groups`);
  }
  const integrateS = integ ? Number(durationFs(integ.params['t_integrate'] as Duration, clock)) / 1e15 : 0;
  const input = new InputStage(
    `${scope.join('.')}.${crossbar.name}`, clock, sig(crossbar.name), dac, rowLane, dacBank.inLanes,
    integrateS, release, rng.fork(`${scope.join('.')}.out_noise`), { volts: dac.vRead },
    { dacs: dacBank.instances.length === 1 ? dacBank.instances[0]!.name : 'dacs', array: crossbar.name },
  );
  input.upValid = source.sig.valid;
  input.upData = source.sig.data;
  source.downReady = input.sig.ready;
  input.producer = source;
  input.outBound = adcP.outBound; // the crossbar's output nonlinearity is relative to it
  input.management = managementParams(crossbar.component);
  input.wordLines = { eWl: num(crossbar.component, 'e_wl'), per: crossbar.component.params['wl_switch'] === 'bit' ? 'bit' : 'pulse' };
  if (dac.mux > 1) {
    // time-multiplexed DACs: lane l of a DAC instance is driven in step l mod mux
    input.laneGroup = new Int32Array(dacBank.inLanes);
    for (const i of dacBank.instances) {
      const off = dacBank.inOffset.get(i.name)!;
      for (let l = 0; l < i.count; l++) input.laneGroup[off + l] = rowGroup(dac, l);
    }
  }
  const verdict = input.management.bound === 'none' ? null : k.signal(`${scope.join('.')}.bound_verdict`, 0);
  if (verdict && dac.kind === 'bit_serial') {
    throw new EmulatorLimitation(`tile \`${tile.name}\`: bound management needs a PWM or voltage DAC (a bit-serial slice cannot be scaled down)`);
  }
  input.verdict = verdict;

  // Trace of the input stage
  const dacLanes = dacBank.instances.flatMap((i) => lanesFor(i.name, dacBank.inLanes).map((l) => l + dacBank.inOffset.get(i.name)!));
  const colLanes = lanesFor(crossbar.name, xbarBank.outLanes);
  if (trace && (dacLanes.length || colLanes.length)) {
    const xs = [...scope, crossbar.name];
    const ds = [...scope, dacBank.instances[0]!.name];
    const unit = dac.kind === 'pwm' ? 'charge' : 'current';
    const volts = dacLanes.map((lane) => ({
      lane,
      code: k.signal(`${ds.join('.')}.code_${lane}`, 0, { trace: { scope: ds, name: `code_${lane}`, kind: 'integer', width: 32, group: 'dac' } }),
      volt: k.signal(`${ds.join('.')}.v_${lane}`, 0, { trace: { scope: ds, name: `v_${lane}`, kind: 'real', width: 64, group: 'dac', analog: true } }),
    }));
    const columns = colLanes.map((lane) => ({
      lane,
      out: k.signal(`${xs.join('.')}.${unit}_${lane}`, 0, { trace: { scope: xs, name: `${unit}_${lane}`, kind: 'real', width: 64, group: 'crossbar', analog: true } }),
    }));
    const pulseProc = k.process(`${scope.join('.')}.pulses`, (cx) => {
      for (const [t, idx, v] of input.pulseEvents) if (t === cx.now) cx.write(volts[idx]!.volt, v);
    });
    input.trace = { dacLanes: volts, columns, schedulePulseEnd: (t) => k.schedule(pulseProc, t) };
  }

  const stages: Stage[] = [source, input];
  let prev: Stage = input;
  let prevBank: Bank = xbarBank;
  const chainAfter = order.slice(2);
  for (const cat of chainAfter) {
    const bank = bs.get(cat)!;
    const comp = bank.instances[0]!.component;
    if (bank.instances.some((i) => !sameParams(i.component, comp)) && cat !== 'adc') {
      throw new EmulatorLimitation(`tile \`${tile.name}\`: the emulator needs all ${cat} instances of a tile to be alike`);
    }
    const map = laneMap(tile, prevBank, bank);
    const name = bank.instances[0]!.name;
    const full = `${scope.join('.')}.${name}`;
    let st: Stage;
    switch (cat) {
      case 'sample_hold':
        st = new SampleHold(full, clock, sig(name), durationFs(comp.params['t_sample'] as Duration, clock), map, num(comp, 'power'));
        break;
      case 'integrator':
        st = new IntegratorHold(full, clock, sig(name), 0n, map, num(comp, 'e_op'), num(comp, 'e_step'), (s) => integrationSteps(dac, s));
        break;
      case 'adc': {
        const a = new AdcStage(full, clock, sig(name), adcP, map, release, rng.fork(`${full}.errors`));
        a.verdict = verdict;
        const adcLanes = lanesFor(name, bank.inLanes);
        if (trace !== null) {
          const as = [...scope, name];
          a.trace = {
            convert: k.signal(`${full}.convert`, 0, { trace: { scope: as, name: 'convert', kind: 'bit', width: 1, group: 'adc' } }),
            lanes: adcLanes.map((lane) => ({
              lane,
              code: k.signal(`${full}.code_${lane}`, 0, { trace: { scope: as, name: `code_${lane}`, kind: 'integer', width: 32, group: 'adc' } }),
            })),
          };
        }
        st = a;
        break;
      }
      case 'shift_add': {
        const cell = crossbar.component.params['cell'] as { scheme: string; bitsPerCell?: number };
        const shiftParam = comp.params['shift'];
        const shift = typeof shiftParam === 'number' ? shiftParam : cell.scheme === 'bit_sliced' ? cell.bitsPerCell ?? 1 : 1;
        const slices = num(comp, 'slices') || 1;
        const inputShift = dac.kind === 'bit_serial' ? dac.bitsPerCycle : 0;
        st = new ShiftAdd(full, clock, sig(name), durationFs(comp.params['latency'] as Duration, clock), map, slices, shift, inputShift, bank.outLanes, num(comp, 'e_op'));
        break;
      }
      case 'digital':
        st = new Affine(full, clock, sig(name), durationFs(comp.params['latency'] as Duration, clock), map, {
          scale: num(comp, 'scale'), offset: num(comp, 'offset'), activation: comp.params['activation'] as Activation,
          outBits: num(comp, 'out_bits'), eOp: num(comp, 'e_op'),
        });
        break;
      case 'buffer': {
        const edram = comp.kindName === 'edram';
        const delay = durationFs(comp.params[edram ? 't_access' : 'latency'] as Duration, clock);
        const depth = edram ? Math.max(1, Math.floor(num(comp, 'size') / Math.max(1, bank.outLanes * 8))) : num(comp, 'depth');
        st = new Buffer(full, clock, sig(name), delay, depth, map, edram ? num(comp, 'e_access') * Math.ceil((bank.outLanes * 8) / Math.max(1, num(comp, 'width'))) : 0);
        break;
      }
      default:
        throw new EmulatorLimitation(`tile \`${tile.name}\`: a ${cat} stage after the crossbar is not emulated`);
    }
    st.upValid = prev.sig.valid;
    st.upData = prev.sig.data;
    prev.downReady = st.sig.ready;
    st.producer = prev;
    stages.push(st);
    prev = st;
    prevBank = bank;
  }
  const identity = Int32Array.from({ length: prevBank.outLanes }, (_, i) => i);
  const sink = new Sink(`${scope.join('.')}.sink`, clock, sig('sink'), identity);
  sink.upValid = prev.sig.valid;
  sink.upData = prev.sig.data;
  prev.downReady = sink.sig.ready;
  sink.producer = prev;
  stages.push(sink);
  for (const s of stages) s.attach(k);
  return { source, input, stages, sink, crossbar, dac, inLanes: dacBank.inLanes, outLanes: prevBank.outLanes, adcLanes: adcBank.inLanes };
}
