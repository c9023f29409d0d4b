// hdl-export/export.ts: one export: plan, emit, manifest. The CLI (cli/export.ts) and the
// tests call runExport; each format lives in its own folder and registers here.
import type { SourceSet } from '../dsl/diagnostics/source.js';
import type { Checked } from '../dsl/ir/nodes.js';
import type { OutFile } from './folder.js';
import { emitNetlist } from './netlist/emit.js';
import { planExport, type ExportPlan, type PlanRequest } from './plan.js';
import { emitSpice } from './spice/emit.js';
import { emitVerilogA } from './veriloga/emit.js';
import { emitVerilog } from './verilog/emit.js';

export interface EmitOptions {
  /** Time after programming at which the conductances are taken (default: the testbench's). */
  tInference?: number;
  /** Seed of the weights and device draws (default: the testbench's). */
  seed?: number;
  /** Input codes for the rows (SPICE). */
  input?: number[];
}

/** An input vector that does not fit (E5003). */
export class ExportInputError extends Error {}

export type Emitter = (plan: ExportPlan, opts: EmitOptions) => OutFile[];

export const FORMATS = {
  'verilog-a': { emit: emitVerilogA, about: 'Verilog-A behavioural models of every component of the tiles (one file per module)' },
  netlist: { emit: emitNetlist, about: 'structural Verilog-AMS netlists of each tile (and chip), instantiating the Verilog-A models with the programmed conductances' },
  spice: { emit: emitSpice, about: 'an ngspice netlist of one tile\'s crossbar: a resistor per cell, wire resistance, row drivers for --input, column currents' },
  verilog: { emit: emitVerilog, about: 'a Verilog (IEEE 1364-2005) timing model of each tile\'s controller, with a testbench that dumps a VCD' },
} as const satisfies Record<string, { emit: Emitter; about: string }>;

export type FormatName = keyof typeof FORMATS;

export interface ExportResult {
  files: OutFile[];
  manifest: unknown;
}

export function runExport(
  design: Checked,
  sources: SourceSet,
  source: string,
  generator: string,
  format: FormatName,
  req: PlanRequest,
  opts: EmitOptions = {},
): ExportResult {
  const plan = planExport(design, sources, source, generator, req);
  const files = FORMATS[format].emit(plan, opts);
  return { files, manifest: manifest(plan, format, files) };
}

function manifest(plan: ExportPlan, format: FormatName, files: readonly OutFile[]): unknown {
  return {
    generator: plan.generator,
    source: plan.source,
    format,
    files: files.map((f) => ({ path: f.path, holds: f.holds })),
    tiles: plan.tiles.map((t) => ({
      module: t.module,
      tile: t.tile.name,
      declaredAt: t.declaredAt,
      instances: t.instances.map((i) => ({ name: i.name, xbar: i.instance.name, count: i.instance.count, module: i.component.module })),
      conductancesFrom: t.programmedBy ? { testbench: t.programmedBy.testbench.name, tile: t.programmedBy.path } : null,
    })),
    chips: plan.chips.map((c) => ({ module: c.module, chip: c.chip.name, declaredAt: c.declaredAt, instances: c.instances })),
    components: plan.components.map((c) => ({
      module: c.module,
      xbar: c.component.name,
      kind: c.component.kindName,
      declaredAt: c.declaredAt,
      parameters: c.params.map((p) => ({ name: p.name, value: p.value, unit: p.unit, origin: p.origin })),
    })),
  };
}
