// hdl-export/veriloga/module.ts: a Verilog-A module as data, and its printer.
//
// The model builders (models/*.ts) decide everything a module holds: ports, internal nets,
// parameters (the description's, then the behaviour's own), variables, analog functions,
// instances and the analog block's statements. `printModule` only prints that, in a fixed
// order, through the shared text builder. Identifiers are legal and unique in the module
// (ModuleBuilder names every port, net, parameter, variable and instance through one Namer,
// ports first, so a port keeps its name whatever the parameters are called).
import { Namer } from '../names.js';
import { fmtNumber, type ExportParam } from '../params.js';
import type { Text } from '../text.js';

export type VaDirection = 'input' | 'output' | 'inout';

export interface VaPort {
  name: string;
  dir: VaDirection;
}

export interface VaParam {
  name: string;
  type: 'real' | 'integer' | 'string';
  value: number | string;
  /** `from [1:16]`, `from (0:inf)`, or ''. */
  range: string;
  desc: string;
  /** SI unit symbol, '' for plain numbers. */
  units: string;
  /** The xbar parameter it carries, or null for a parameter of the behaviour. */
  xbar: string | null;
}

export interface VaInstance {
  module: string;
  name: string;
  /** Parameter overrides: [name, value text]. */
  params: [string, string][];
  /** Nets in the order of the module's ports (positional: the ADMS subset). */
  nets: string[];
  /** The module's port names: connect by name (`.port(net)`, one per line) instead. */
  ports?: string[];
}

export interface VaModule {
  name: string;
  /** Comment lines printed above `module`. */
  about: string[];
  ports: VaPort[];
  nets: string[];
  grounds: string[];
  params: VaParam[];
  vars: { type: 'real' | 'integer'; name: string }[];
  /** Analog functions, each as its lines (without indentation). */
  functions: string[][];
  instances: VaInstance[];
  /** Statements of `analog begin ... end` (indented relative to the block), or null. */
  analog: string[] | null;
}

/** Collects a module's declarations under legal, unique names. */
export class ModuleBuilder {
  private readonly names = new Namer();
  readonly m: VaModule;
  /** Port and parameter names by what the model asked for (`in0`, `t_lsb`, `vth`). */
  readonly portNames = new Map<string, string>();
  readonly paramNames = new Map<string, string>();

  constructor(name: string, about: string[]) {
    this.m = { name, about, ports: [], nets: [], grounds: [], params: [], vars: [], functions: [], instances: [], analog: null };
  }

  port(want: string, dir: VaDirection): string {
    const name = this.names.name(`net ${want}`, want);
    this.m.ports.push({ name, dir });
    this.portNames.set(want, name);
    return name;
  }

  net(want: string): string {
    const name = this.names.name(`net ${want}`, want);
    this.m.nets.push(name);
    return name;
  }

  ground(want: string): string {
    const name = this.net(want);
    this.m.grounds.push(name);
    return name;
  }

  /** The description's parameters, in schema order; returns xbar name -> Verilog-A name. */
  exportParams(params: readonly ExportParam[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const p of params) {
      const name = this.names.name(`param ${p.name}`, p.name);
      out.set(p.name, name);
      this.paramNames.set(p.name, name);
      this.m.params.push({ name, type: p.type, value: p.value, range: p.range, desc: p.desc, units: p.unit, xbar: p.name });
    }
    return out;
  }

  /** A parameter of the behaviour (not in the description), with its documented default. */
  param(want: string, type: 'real' | 'integer' | 'string', value: number | string, range: string, desc: string, units = ''): string {
    const name = this.names.name(`behaviour ${want}`, want);
    this.paramNames.set(want, name);
    this.m.params.push({ name, type, value, range, desc, units, xbar: null });
    return name;
  }

  variable(type: 'real' | 'integer', want: string): string {
    const name = this.names.name(`var ${want}`, want);
    this.m.vars.push({ type, name });
    return name;
  }

  /** A name for an analog function or an instance. */
  local(want: string): string {
    return this.names.name(`local ${want}`, want);
  }
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function paramValueText(p: { type: VaParam['type']; value: number | string }): string {
  if (p.type === 'string') return quote(String(p.value));
  return fmtNumber(p.value as number);
}

/** Print one module (declarations in a fixed order, then instances, functions, the analog block). */
export function printModule(t: Text, m: VaModule): void {
  if (m.about.length) t.comment('//', ...m.about);
  const ports = m.ports.map((p) => p.name);
  t.block(`module ${m.name}(${ports.join(', ')});`, () => {
    for (const dir of ['input', 'output', 'inout'] as const) {
      const names = m.ports.filter((p) => p.dir === dir).map((p) => p.name);
      if (names.length) t.line(`${dir} ${names.join(', ')};`);
    }
    const nets = [...ports, ...m.nets];
    if (nets.length) t.line(`electrical ${nets.join(', ')};`);
    if (m.grounds.length) t.line(`ground ${m.grounds.join(', ')};`);
    for (const p of m.params) {
      const range = p.range ? ` ${p.range}` : '';
      t.line(`(* desc=${quote(p.desc)}, units=${quote(p.units)} *) parameter ${p.type} ${p.name} = ${paramValueText(p)}${range};`);
    }
    for (const type of ['real', 'integer'] as const) {
      const names = m.vars.filter((v) => v.type === type).map((v) => v.name);
      if (names.length) t.line(`${type} ${names.join(', ')};`);
    }
    for (const inst of m.instances) {
      if (inst.ports) printNamedInstance(t, inst);
      else t.line(instanceLine(inst));
    }
    for (const f of m.functions) t.line(...f);
    if (m.analog) t.block('analog begin', () => t.line(...m.analog!), 'end');
  }, 'endmodule');
}

function printNamedInstance(t: Text, inst: VaInstance): void {
  const params = inst.params.length ? ` #(${inst.params.map(([n, v]) => `.${n}(${v})`).join(', ')})` : '';
  const conns = inst.ports!.map((p, k) => `.${p}(${inst.nets[k]})`);
  if (conns.length <= 6) {
    t.line(`${inst.module}${params} ${inst.name} (${conns.join(', ')});`);
    return;
  }
  t.block(`${inst.module}${params} ${inst.name} (`, () => t.line(...conns.map((c, k) => (k < conns.length - 1 ? `${c},` : c))), ');');
}

export function instanceLine(inst: VaInstance): string {
  const params = inst.params.length ? ` #(${inst.params.map(([n, v]) => `.${n}(${v})`).join(', ')})` : '';
  return `${inst.module}${params} ${inst.name} (${inst.nets.join(', ')});`;
}
