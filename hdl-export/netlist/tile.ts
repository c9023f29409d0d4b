// hdl-export/netlist/tile.ts: the structural Verilog-AMS module of one tile.
//
// Ports: clk, the controls the tile's models need (clear, start, sample, convert, latch: see
// models/README.md), one input per DAC lane (in_0 ..: a code, 1 V per LSB) and one output per
// lane no connection consumes (out_0 ..), in the order of the tile's instances and lanes (the
// emulator's tile inputs and outputs). Body, in the tile's instance order:
//   - one instance per element of every instance array (`dacs[256]` -> dacs_0 .. dacs_255),
//     wired lane by lane as the `connect` statements say (lanes.ts);
//   - the crossbar: the programmed array module (or the Verilog-A array, every device at g_min,
//     for a tile no testbench programs), its rows on the nets of the lanes that drive them, a
//     net per physical column, and the column readouts that turn physical columns into the
//     values of its output lanes (differential pair, several pairs summed with their gains
//     f_k / sum f, offset column against the reference column, bit slices against the unit
//     column: models/readout.ts);
//   - the converters, stages and digital units on those lanes.
// The array's out_noise goes to the first sampler after it (a sample-and-hold or an ADC,
// through an integrator), with a seed per element.
import { legalIdentifier, Namer } from '../names.js';
import { fmtNumber } from '../params.js';
import type { PlannedInstance, PlannedTile } from '../plan.js';
import type { CellIR, ComponentIR, InstanceIR } from '../../dsl/ir/nodes.js';
import { cellOf } from '../../dsl/ir/walk.js';
import { outputsPerColumn } from '../../dsl/ir/ports.js';
import { deviceModel } from '../../emulator/devices/index.js';
import { dacParams, windowOf, type DacParams } from '../../emulator/models/dac.js';
import { SimError } from '../../emulator/simulator.js';
import type { PhysicalColumn } from '../../emulator/models/physical-array.js';
import type { VaInstance, VaModule, VaPort } from '../veriloga/module.js';
import type { Model } from '../veriloga/models/model.js';
import type { PreparedVerilogA } from '../veriloga/prepare.js';
import { laneKey, lanesPerElement, tileLanes } from './lanes.js';

export type Control = 'clear' | 'start' | 'sample' | 'convert' | 'latch';
export const CONTROLS: readonly Control[] = ['clear', 'start', 'sample', 'convert', 'latch'];

export interface TileNetlist {
  module: VaModule;
  clock: string;
  controls: Map<Control, string>;
  inputs: string[];
  outputs: string[];
}

export interface TileNetlistInput {
  tile: PlannedTile;
  /** Module name of this tile variant. */
  name: string;
  va: PreparedVerilogA;
  /** Module to instantiate as the crossbar (ports: rows, then the physical columns). */
  arrayModule: string;
  columns: PhysicalColumn[];
  about: string[];
}

/** The controls a tile's models use. */
export function tileControls(tile: PlannedTile): Control[] {
  const has = (cat: string, pred: (c: ComponentIR) => boolean = () => true) => tile.tile.instances.some((i) => i.component.category === cat && pred(i.component));
  const out: Control[] = [];
  if (has('crossbar') || has('integrator') || has('shift_add')) out.push('clear');
  if (has('dac') || has('adc', (c) => c.kindName === 'cco')) out.push('start');
  if (has('sample_hold')) out.push('sample');
  if (has('adc', (c) => c.kindName !== 'cco')) out.push('convert');
  if (has('shift_add') || has('digital') || has('buffer')) out.push('latch');
  return out;
}

function elementName(inst: InstanceIR, k: number): string {
  return inst.count > 1 ? `${inst.name}_${k}` : inst.name;
}

export function tileNetlist(input: TileNetlistInput): TileNetlist {
  const { tile, va } = input;
  const ir = tile.tile;
  const lanes = tileLanes(ir);
  const names = new Namer();
  const ports: VaPort[] = [];
  const port = (key: string, want: string, dir: VaPort['dir']) => {
    const name = names.name(key, want);
    ports.push({ name, dir });
    return name;
  };
  // 1. ports: clock, controls, inputs (undriven DAC lanes), outputs (unconsumed lanes)
  const clock = port('clk', 'clk', 'input');
  const controls = new Map<Control, string>();
  for (const c of tileControls(tile)) controls.set(c, port(`control ${c}`, c, 'input'));
  const inputs: string[] = [];
  const inputOf = new Map<string, string>();
  for (const inst of ir.instances) {
    if (inst.component.category !== 'dac') continue;
    for (let l = 0; l < (lanes.inLanes.get(inst.name) ?? 0); l++) {
      if (lanes.driver.has(laneKey(inst.name, l))) continue;
      const name = port(`in ${inst.name} ${l}`, `in_${inputs.length}`, 'input');
      inputs.push(name);
      inputOf.set(laneKey(inst.name, l), name);
    }
  }
  const outputs: string[] = [];
  const outputOf = new Map<string, string>();
  for (const inst of ir.instances) {
    if (inst.component.category === 'crossbar') continue;
    for (let l = 0; l < (lanes.outLanes.get(inst.name) ?? 0); l++) {
      if (lanes.consumers.has(laneKey(inst.name, l))) continue;
      const name = port(`out ${inst.name} ${l}`, `out_${outputs.length}`, 'output');
      outputs.push(name);
      outputOf.set(laneKey(inst.name, l), name);
    }
  }
  const gnd = names.name('gnd', 'gnd');
  // instance names next, then nets (so an instance keeps its plan name)
  const planned = new Map<string, PlannedInstance>(tile.instances.map((p) => [p.instance.name, p]));
  const elemName = new Map<string, string>();
  for (const inst of ir.instances) {
    const pi = planned.get(inst.name)!;
    for (let k = 0; k < Math.max(1, inst.count); k++) elemName.set(laneKey(inst.name, k), names.name(`element ${inst.name} ${k}`, elementName({ ...inst, name: pi.name }, k)));
  }
  const nets: string[] = [];
  const net = (key: string, want: string) => {
    const name = names.name(key, want);
    nets.push(name);
    return name;
  };

  // 2. the net of every output lane
  const outNets = new Map<string, string>();
  const outNet = (instance: string, lane: number): string => {
    const key = laneKey(instance, lane);
    const have = outNets.get(key) ?? outputOf.get(key);
    if (have) return have;
    const inst = ir.instances.find((i) => i.name === instance)!;
    const per = lanesPerElement(inst, lanes).out;
    const e = elemName.get(laneKey(instance, inst.component.category === 'crossbar' ? 0 : Math.floor(lane / per)))!;
    const want = inst.component.category === 'crossbar' ? `${e}_out${lane}` : per > 1 ? `${e}_out${lane % per}` : `${e}_out`;
    const name = net(`lane ${key}`, want);
    outNets.set(key, name);
    return name;
  };
  const inNet = (instance: string, lane: number): string => {
    const key = laneKey(instance, lane);
    const d = lanes.driver.get(key);
    if (d) return outNet(d.instance, d.lane);
    return inputOf.get(key) ?? gnd;
  };

  // 3. instances
  const instances: VaInstance[] = [];
  const dacInst = ir.instances.find((i) => i.component.category === 'dac');
  const dac: DacParams | null = dacInst ? dacParams(dacInst.component) : null;
  const consumerOf = (instance: string, lane: number): ComponentIR | null => {
    const c = lanes.consumers.get(laneKey(instance, lane))?.[0];
    return c ? ir.instances.find((i) => i.name === c.instance)!.component : null;
  };
  const afterArray = (inst: InstanceIR, lane: number): boolean => {
    const d = lanes.driver.get(laneKey(inst.name, lane));
    if (!d) return false;
    const from = ir.instances.find((i) => i.name === d.instance)!;
    return from.component.category === 'crossbar' || (from.component.category === 'integrator' && afterArray(from, d.lane));
  };
  const arrayNoise = (() => {
    const x = ir.instances.find((i) => i.component.category === 'crossbar');
    const v = x?.component.params['out_noise'];
    return typeof v === 'number' ? v : 0;
  })();
  let seed = 0;
  /** A parameter of a component of this tile in seconds (the plan converted cycles). */
  const seconds = (c: ComponentIR, name: string): number => {
    const v = tile.instances.find((p) => p.instance.component === c)?.component.params.find((p) => p.name === name)?.value;
    return typeof v === 'number' ? v : 0;
  };
  const modelOf = (inst: InstanceIR): Model => {
    const pc = tile.instances.find((p) => p.instance === inst)!.component;
    return va.models.get(pc)!;
  };
  const pname = (m: Model, key: string) => {
    const n = m.params.get(key);
    if (!n) throw new Error(`internal: model has no parameter ${key}`);
    return n;
  };
  const pn = (m: Model, key: string) => {
    const n = m.ports.get(key);
    if (!n) throw new Error(`internal: model has no port ${key}`);
    return n;
  };
  const ctl = (c: Control) => controls.get(c)!;
  const add = (m: Model, moduleName: string, name: string, conns: [string, string][], params: [string, string][] = []) => {
    instances.push({ module: moduleName, name, params, ports: conns.map(([p]) => pn(m, p)), nets: conns.map(([, n]) => n) });
  };

  for (const inst of ir.instances) {
    const pi = planned.get(inst.name)!;
    const m = modelOf(inst);
    const cat = inst.component.category;
    const per = lanesPerElement(inst, lanes);
    if (cat === 'crossbar') {
      if (inst.count !== 1) throw new SimError('E4006', `tile \`${ir.name}\`: the netlist exports one crossbar array per tile (\`${inst.name}\` has ${inst.count})`);
      addArray(inst, input, elemName.get(laneKey(inst.name, 0))!, {
        inNet, outNet, net, local: (key, want) => names.name(key, want), gnd, clear: ctl('clear'), instances, dac, consumerOf, lanes,
      });
      continue;
    }
    for (let k = 0; k < Math.max(1, inst.count); k++) {
      const e = elemName.get(laneKey(inst.name, k))!;
      const lin = (i: number) => inNet(inst.name, k * per.in + i);
      const lout = (i: number) => outNet(inst.name, k * per.out + i);
      const params: [string, string][] = [];
      const noisy = (lane: number) => {
        if (arrayNoise > 0 && afterArray(inst, lane)) params.push([pname(m, 'out_noise'), fmtNumber(arrayNoise)], [pname(m, 'seed'), String(++seed)]);
      };
      switch (cat) {
        case 'dac': {
          if (inst.component.kindName === 'voltage') {
            // the level lasts the drive window when a sample-and-hold or an integrator takes it
            const next = consumerOf(ir.instances.find((i) => i.component.category === 'crossbar')?.name ?? '', 0);
            const ti = next?.category === 'integrator' ? seconds(next, 't_integrate') : 0;
            if (next?.category === 'sample_hold' || next?.category === 'integrator') params.push([pname(m, 't_hold'), fmtNumber(Math.max(dac!.tConv, ti))]);
          }
          if (dac!.inputNoise > 0) params.push([pname(m, 'seed'), String(++seed)]);
          add(m, pi.component.module, e, [['code', lin(0)], ['clk', clock], ['start', ctl('start')], ['out', lout(0)]], params);
          break;
        }
        case 'sample_hold':
          noisy(k * per.in);
          add(m, pi.component.module, e, [['in', lin(0)], ['clk', clock], ['sample', ctl('sample')], ['out', lout(0)]], params);
          break;
        case 'integrator': {
          const window = dac ? windowOf(dac) : 0;
          const tInt = seconds(inst.component, 't_integrate');
          params.push([pname(m, 't_norm'), fmtNumber(dac?.kind === 'pwm' ? window : Math.max(window, tInt))]);
          add(m, pi.component.module, e, [['in', lin(0)], ['clear', ctl('clear')], ['out', lout(0)]], params);
          break;
        }
        case 'adc': {
          const cco = inst.component.kindName === 'cco';
          noisy(k * per.in);
          const conns: [string, string][] = [];
          for (let i = 0; i < per.in; i++) conns.push([`in${i}`, lin(i)]);
          conns.push(['clk', clock], cco ? ['start', ctl('start')] : ['convert', ctl('convert')]);
          for (let i = 0; i < per.out; i++) conns.push([`out${i}`, lout(i)]);
          add(m, pi.component.module, e, conns, params);
          break;
        }
        case 'shift_add': {
          const conns: [string, string][] = [];
          for (let i = 0; i < per.in; i++) conns.push([`in${i}`, lin(i)]);
          conns.push(['clk', clock], ['clear', ctl('clear')], ['latch', ctl('latch')], ['out', lout(0)]);
          add(m, pi.component.module, e, conns, params);
          break;
        }
        case 'digital':
        case 'buffer':
          add(m, pi.component.module, e, [['in', lin(0)], ['clk', clock], ['latch', ctl('latch')], ['out', lout(0)]], params);
          break;
        default:
          throw new Error(`internal: no netlist element for category ${cat}`);
      }
    }
  }
  const module: VaModule = {
    name: input.name, about: input.about, ports, nets: [...nets, gnd], grounds: [gnd], params: [], vars: [], functions: [], instances, analog: null,
  };
  return { module, clock, controls, inputs, outputs };
}

interface ArrayCtx {
  inNet: (instance: string, lane: number) => string;
  outNet: (instance: string, lane: number) => string;
  net: (key: string, want: string) => string;
  /** An instance name in the tile module. */
  local: (key: string, want: string) => string;
  gnd: string;
  clear: string;
  instances: VaInstance[];
  dac: DacParams | null;
  consumerOf: (instance: string, lane: number) => ComponentIR | null;
  lanes: ReturnType<typeof tileLanes>;
}

/**
 * The array instance and its column readouts. Lane j * per + s (weight column j, slice s) reads
 * its physical column(s) against the minus column of its pair or the shared reference column.
 */
function addArray(inst: InstanceIR, input: TileNetlistInput, elem: string, cx: ArrayCtx): void {
  const { va } = input;
  const cell = cellOf(inst.component) as CellIR;
  const rows = inst.component.params['rows'] as number;
  const per = outputsPerColumn(cell);
  const columns = input.columns;
  const colNet = new Map<string, string>(columns.map((c) => [c.name, cx.net(`column ${c.name}`, `${elem}_${c.name}`)]));
  const rowNets = Array.from({ length: rows }, (_, i) => cx.inNet(inst.name, i));
  cx.instances.push({ module: input.arrayModule, name: elem, params: [], nets: [...rowNets, ...columns.map((c) => colNet.get(c.name)!)] });

  const ro = va.readout!;
  const rp = (k: string) => ro.params.get(k)!;
  const rport = (k: string) => ro.ports.get(k)!;
  const device = deviceModel(cell.device.params, cell.device.kindName);
  const vRead = cx.dac?.vRead ?? 1;
  const iUnit = (device.gMax - device.gMin) * vRead;
  const window = cx.dac ? windowOf(cx.dac) : 0;
  const readout = (col: PhysicalColumn, ref: string, out: string, p: { charge: boolean; gain?: number; kRef?: number }) => {
    const params: [string, string][] = [[rp('i_unit'), fmtNumber(iUnit)]];
    if (p.charge) params.push([rp('charge'), '1'], [rp('t_unit'), fmtNumber(window)]);
    if (p.gain !== undefined && p.gain !== 1) params.push([rp('gain'), fmtNumber(p.gain)]);
    if (p.kRef) params.push([rp('k_ref'), fmtNumber(p.kRef)]);
    const name = cx.local(`readout ${col.name}`, `${elem}_rd_${legalIdentifier(col.name)}`);
    cx.instances.push({
      module: ro.modules[0]!.name, name, params,
      ports: [rport('in'), rport('ref'), rport('clear'), rport('out')], nets: [colNet.get(col.name)!, ref, cx.clear, out],
    });
  };
  // lanes in use, and how their consumer takes the value
  const used: { lane: number; charge: boolean }[] = [];
  for (let l = 0; l < (cx.lanes.outLanes.get(inst.name) ?? 0); l++) {
    const c = cx.consumerOf(inst.name, l);
    if (!c) continue;
    const integrating = c.category === 'integrator' || (c.category === 'adc' && c.kindName === 'cco');
    used.push({ lane: l, charge: cx.dac?.kind === 'pwm' && !integrating });
  }
  const anyCharge = used.some((u) => u.charge);
  const shared = columns.find((c) => c.role === 'reference' || c.role === 'unit');
  let sharedNet = cx.gnd;
  if (shared && used.length) {
    sharedNet = cx.net(`value ${shared.name}`, `${elem}_${shared.name}_v`);
    readout(shared, cx.gnd, sharedNet, { charge: anyCharge });
  }
  const unitTarget = device.gMin + ((2 ** (cell.scheme === 'bit_sliced' ? cell.bitsPerCell - 1 : 0)) / (2 ** (cell.scheme === 'bit_sliced' ? cell.bitsPerCell : 1) - 1)) * (device.gMax - device.gMin);
  for (const { lane, charge } of used) {
    const j = Math.floor(lane / per);
    const s = lane % per;
    const mine = columns.filter((c) => c.weightCol === j && c.slice === s);
    const plus = mine.find((c) => c.role === 'plus' || c.role === 'single');
    const minus = mine.find((c) => c.role === 'minus');
    if (!plus) throw new Error(`internal: no physical column for lane ${lane} of ${inst.name}`);
    const out = cx.outNet(inst.name, lane);
    if (cell.scheme === 'differential' && cell.pairs > 1) {
      // Several pairs: a chain of readouts, one per physical column (G+ and G- of each pair),
      // each adding gain_k v_unit Y of its column to the previous one's output (gain ±f_k / sum f,
      // k_ref = -1/gain, so V(out) = ±f_k / sum f v_unit Y + V(ref)); the last drives the lane.
      const chain = [...mine].sort((a, b) => a.pair - b.pair || (a.role === 'minus' ? -1 : 1));
      let ref = cx.gnd;
      chain.forEach((c, q) => {
        const gain = c.role === 'plus' ? c.gain : -c.gain;
        const v = q === chain.length - 1 ? out : cx.net(`value ${c.name}`, `${elem}_${c.name}_v`);
        readout(c, ref, v, { charge, gain, kRef: -1 / gain });
        ref = v;
      });
    } else if (minus) {
      const v = cx.net(`value ${minus.name}`, `${elem}_${minus.name}_v`);
      readout(minus, cx.gnd, v, { charge });
      readout(plus, v, out, { charge, kRef: 1 });
    } else if (cell.scheme === 'offset') {
      readout(plus, sharedNet, out, { charge, gain: 2, kRef: 1 });
    } else {
      // bit-sliced, offset encoding: g - g_min per device, the top slice minus the unit column
      readout(plus, sharedNet, out, { charge, kRef: s === per - 1 ? 1 : device.gMin / unitTarget });
    }
  }
}

