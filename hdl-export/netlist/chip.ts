// hdl-export/netlist/chip.ts: the structural Verilog-AMS module of a chip, and the link lane
// helper it instantiates.
//
// Ports, in this order: one clock per distinct tile clock (named after the clock); for each
// tile instance in the chip's order, its controls (`c_0_start`, ...), its inputs when no link
// drives it (`c_0_in_0`, ...) and its outputs when it feeds no link (`c_63_out_0`, ...).
// Body: one instance of the tile variant each tile instance uses (prepare.ts decides which),
// connected by name; for each link, one link lane per output lane of its source, from the
// source's output net to the destination's input net. The emulator's link (emulator/
// simulator.ts) forwards each output vector to the destination's input, its codes rounded and
// clipped to the destination DAC's range, after latency + (ceil(lanes * bits / width) - 1)
// cycles of the source's clock; the lane does the same with transition() (the alignment to
// the next clock edge is left to the destination's controls).
import { Namer } from '../names.js';
import { fmtNumber } from '../params.js';
import type { PlannedChip } from '../plan.js';
import type { ClockIR, LinkIR, TileIR } from '../../dsl/ir/nodes.js';
import { codeMax, codeMin, dacParams } from '../../emulator/models/dac.js';
import { SimError } from '../../emulator/simulator.js';
import { ModuleBuilder, type VaInstance, type VaModule, type VaPort } from '../veriloga/module.js';
import { modelOf, type Model } from '../veriloga/models/model.js';
import type { TileNetlist } from './tile.js';

/** `V(out) <+ transition(clip(round(V(in))), td, t_edge)`: one lane of a link (ADMS subset). */
export function linkLaneModel(name: string): Model {
  const b = new ModuleBuilder(name, ['one lane of a link between tiles: the code, rounded and clipped, td later']);
  const inp = b.port('in', 'input');
  const out = b.port('out', 'output');
  const td = b.param('td', 'real', 0, 'from [0:inf)', 'Delay: the link\'s latency plus its transfer cycles.', 's');
  const lo = b.param('lo', 'real', -1e9, '', 'Lowest code the destination takes.');
  const hi = b.param('hi', 'real', 1e9, '', 'Highest code the destination takes.');
  const tEdge = b.param('t_edge', 'real', 1e-11, 'from (0:inf)', 'Rise and fall time of the output.', 's');
  b.m.analog = [`V(${out}) <+ transition(min(max(floor(V(${inp}) + 0.5), ${lo}), ${hi}), ${td}, ${tEdge});`];
  return modelOf(b, true, [
    'out = the code on in, rounded (half up) and clipped to [lo, hi], td later (the emulator\'s link).',
    'Ports: in (a code of the source tile), out (the code at the destination tile\'s input).',
  ]);
}

export interface ChipTileInstance {
  path: string;
  /** Legal instance name (the plan's). */
  name: string;
  /** The tile variant's module and its ports. */
  module: string;
  ports: TileNetlist;
  tile: TileIR;
  /** The tile's clock, or the chip's when the tile has none. */
  clock: ClockIR | null;
}

export interface ChipLink {
  link: LinkIR;
  lanes: number;
  /** Delay in seconds, and the parts it is made of (for the header). */
  delay: number;
  latencyCycles: number | null;
  transferCycles: number;
  lo: number;
  hi: number;
}

/** The delay and code range of each link, as the emulator computes them. */
export function chipLinks(chip: PlannedChip, ports: Map<string, ChipTileInstance>): ChipLink[] {
  const incoming = new Set<string>();
  return chip.chip.links.map((link) => {
    const a = ports.get(link.from)!;
    const b = ports.get(link.to)!;
    const lanes = a.ports.outputs.length;
    if (lanes !== b.ports.inputs.length) throw new SimError('E4006', `link ${link.from} -> ${link.to}: ${link.from} has ${lanes} outputs, ${link.to} has ${b.ports.inputs.length} inputs`);
    if (incoming.has(link.to)) throw new SimError('E4006', `link ${link.from} -> ${link.to}: the netlist drives a tile's inputs from one link only (${link.to} has two)`);
    incoming.add(link.to);
    const dacInst = b.tile.instances.find((i) => i.component.category === 'dac');
    const dac = dacInst ? dacParams(dacInst.component) : null;
    const lo = dac ? codeMin(dac) : -1e9;
    const hi = dac ? codeMax(dac) : 1e9;
    const bits = Math.ceil(Math.log2(Math.max(2, hi - lo + 1)));
    const transferCycles = Math.max(1, Math.ceil((lanes * bits) / link.width)) - 1;
    // in femtoseconds of the source's clock, as the emulator counts
    const period = a.clock?.periodFs ?? 0n;
    const latencyCycles = link.latency.unit === 's' ? null : Math.round(link.latency.value);
    const cycles = BigInt(latencyCycles ?? 0) * period + BigInt(transferCycles) * period;
    const delay = (latencyCycles === null ? link.latency.value : 0) + Number(cycles) / 1e15;
    return { link, lanes, delay, latencyCycles, transferCycles, lo, hi };
  });
}

export interface ChipNetlistInput {
  name: string;
  about: string[];
  instances: ChipTileInstance[];
  links: ChipLink[];
  link: Model | null;
}

export function chipNetlist(input: ChipNetlistInput): VaModule {
  const names = new Namer();
  const ports: VaPort[] = [];
  const nets: string[] = [];
  const port = (key: string, want: string, dir: VaPort['dir']) => {
    const n = names.name(key, want);
    ports.push({ name: n, dir });
    return n;
  };
  // 1. clocks, then per instance its controls, unlinked inputs and unlinked outputs
  const clocks = new Map<string, string>();
  const clockOf = (c: ClockIR | null) => {
    const key = c?.name ?? 'clk';
    if (!clocks.has(key)) clocks.set(key, port(`clock ${key}`, key, 'input'));
    return clocks.get(key)!;
  };
  for (const i of input.instances) clockOf(i.clock);
  // instance names are the plan's; reserve them before any net
  const instName = new Map(input.instances.map((i) => [i.path, names.name(`instance ${i.path}`, i.name)]));
  const driven = new Set(input.links.map((l) => l.link.to));
  const feeding = new Set(input.links.map((l) => l.link.from));
  const conn = new Map<string, Map<string, string>>();
  for (const i of input.instances) {
    const e = instName.get(i.path)!;
    const c = new Map<string, string>([[i.ports.clock, clockOf(i.clock)]]);
    for (const n of i.ports.controls.values()) c.set(n, port(`control ${i.path} ${n}`, `${e}_${n}`, 'input'));
    for (const n of i.ports.inputs) {
      if (driven.has(i.path)) {
        const net = names.name(`in ${i.path} ${n}`, `${e}_${n}`);
        nets.push(net);
        c.set(n, net);
      } else c.set(n, port(`in ${i.path} ${n}`, `${e}_${n}`, 'input'));
    }
    for (const n of i.ports.outputs) {
      if (feeding.has(i.path)) {
        const net = names.name(`out ${i.path} ${n}`, `${e}_${n}`);
        nets.push(net);
        c.set(n, net);
      } else c.set(n, port(`out ${i.path} ${n}`, `${e}_${n}`, 'output'));
    }
    conn.set(i.path, c);
  }
  // 2. tile instances, by name
  const instances: VaInstance[] = input.instances.map((i) => {
    const c = conn.get(i.path)!;
    const tp = i.ports.module.ports.map((p) => p.name);
    return { module: i.module, name: instName.get(i.path)!, params: [], ports: tp, nets: tp.map((p) => c.get(p)!) };
  });
  // 3. link lanes
  const byPath = new Map(input.instances.map((i) => [i.path, i]));
  for (const l of input.links) {
    const lm = input.link!;
    const p = (k: string) => lm.params.get(k)!;
    const from = byPath.get(l.link.from)!;
    const to = byPath.get(l.link.to)!;
    const base = `${instName.get(from.path)}_${instName.get(to.path)}`;
    const params: [string, string][] = [[p('td'), fmtNumber(l.delay)], [p('lo'), fmtNumber(l.lo)], [p('hi'), fmtNumber(l.hi)]];
    for (let k = 0; k < l.lanes; k++) {
      instances.push({
        module: lm.modules[0]!.name, name: names.name(`link ${l.link.from} ${l.link.to} ${k}`, `${base}_l${k}`), params,
        nets: [conn.get(from.path)!.get(from.ports.outputs[k]!)!, conn.get(to.path)!.get(to.ports.inputs[k]!)!],
      });
    }
  }
  return { name: input.name, about: input.about, ports, nets, grounds: [], params: [], vars: [], functions: [], instances, analog: null };
}
