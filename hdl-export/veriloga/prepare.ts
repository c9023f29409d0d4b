// hdl-export/veriloga/prepare.ts: the prepare step of the Verilog-A export.
//
// Input: an ExportPlan. Output: the files to print, each with its modules (as data, see
// module.ts), its header lines, whether it stays within the ADMS subset, and the modules of
// other files it instantiates. Steps:
//   1. Seed a module Namer with the plan's module names (tiles, chips, components), so the
//      helper modules this export adds (a crossbar's column, the column readout) and those the
//      netlist adds later get names that collide with nothing.
//   2. One model per exported component, in the plan's order, by category (models/*.ts).
//   3. The column readout, when a tile has a crossbar.
// The netlist export (hdl-export/netlist/) runs the same step and instantiates these modules
// by the port and parameter names recorded here.
import type { ComponentIR } from '../../dsl/ir/nodes.js';
import { cellOf } from '../../dsl/ir/walk.js';
import type { OutFile } from '../folder.js';
import { Namer } from '../names.js';
import { fmtNumber } from '../params.js';
import { isBuiltinKind, type ExportPlan, type PlannedComponent } from '../plan.js';
import { adcModel } from './models/adc.js';
import { arrayModel } from './models/array.js';
import { cellModel } from './models/cells.js';
import { ADMS_SUBSET, CONVENTIONS, EVENT_DRIVEN } from './models/common.js';
import { dacModel } from './models/dac.js';
import { affineModel, bufferModel, shiftAddModel } from './models/digital.js';
import { integratorModel, sampleHoldModel } from './models/hold.js';
import type { Model, ModelInput } from './models/model.js';
import { readoutModel } from './models/readout.js';
import type { VaModule } from './module.js';
import { componentUses, type ComponentUse } from './uses.js';

export interface VaFile {
  path: string;
  /** Header comment lines (printed with `// `). */
  header: string[];
  modules: VaModule[];
  /** Within the ADMS subset: admsXml checks it (with the files of `uses`). */
  adms: boolean;
  /** Modules defined in other files that this one instantiates. */
  uses: string[];
  holds: OutFile['holds'];
}

export interface PreparedVerilogA {
  files: VaFile[];
  /** Each exported component's model (ports and parameter names by role). */
  models: Map<PlannedComponent, Model>;
  /** The column readout helper, if a tile has a crossbar. */
  readout: Model | null;
  /** File of each module. */
  fileOf: Map<string, VaFile>;
  /** A fresh module name in the export's module namespace (continues the same Namer). */
  newModule: (key: string, want: string) => string;
}

type Builder = (input: ModelInput) => Model;

const BUILDERS: Record<string, Builder> = {
  device: cellModel,
  dac: dacModel,
  crossbar: arrayModel,
  sample_hold: sampleHoldModel,
  integrator: integratorModel,
  adc: adcModel,
  shift_add: shiftAddModel,
  digital: affineModel,
  buffer: bufferModel,
};

/** The header line that says where the component comes from. */
function originLine(plan: ExportPlan, pc: PlannedComponent, use: ComponentUse | null): string {
  const c = pc.component;
  if (!isBuiltinKind(c)) return `\`${c.name}\` (${c.category}, kind ${c.kindName}) is declared at ${pc.declaredAt}.`;
  const inst = use?.tile.tile.instances.find((i) => i.component === c || cellOf(i.component)?.device === c);
  const at = inst ? `; used at ${plan.sources.where(inst.span).replace(/:\d+$/, '')}` : '';
  return `\`${c.name}\` (${c.category}) is the built-in kind ${c.kindName} with its defaults (no declaration${at}).`;
}

function parameterLines(pc: PlannedComponent, model: Model): string[] {
  if (pc.params.length === 0) return [];
  return [
    'Parameters of the description (name = value: where it comes from):',
    ...pc.params.map((p) => {
      const va = model.params.get(p.name);
      const shown = typeof p.value === 'string' ? `"${p.value}"` : fmtNumber(p.value);
      return `  ${p.name} = ${shown}${p.unit ? ` ${p.unit}` : ''}: ${p.origin}${va && va !== p.name ? ` (Verilog-A name ${va})` : ''}`;
    }),
  ];
}

export function prepareVerilogA(plan: ExportPlan): PreparedVerilogA {
  // 1. module names
  const modules = new Namer();
  for (const t of plan.tiles) modules.name(`module ${t.module}`, t.module);
  for (const c of plan.chips) modules.name(`module ${c.module}`, c.module);
  for (const c of plan.components) modules.name(`module ${c.module}`, c.module);
  const newModule = (key: string, want: string) => modules.name(`new ${key}`, want);

  // 2. components
  const uses = componentUses(plan);
  const byComponent = new Map<ComponentIR, PlannedComponent>(plan.components.map((c) => [c.component, c]));
  const moduleOf = (c: ComponentIR) => {
    const p = byComponent.get(c);
    if (!p) throw new Error(`internal: component ${c.name} is not planned`);
    return p.module;
  };
  const files: VaFile[] = [];
  const models = new Map<PlannedComponent, Model>();
  for (const pc of plan.components) {
    const build = BUILDERS[pc.component.category];
    if (!build) throw new Error(`internal: no Verilog-A model for category ${pc.component.category}`);
    const model = build({ pc, use: uses.get(pc.component) ?? null, moduleOf, newModule });
    models.set(pc, model);
    const c = pc.component;
    const path = `${pc.module}.va`;
    files.push({
      path,
      header: [
        `${path}: Verilog-A behavioural model of ${model.modules[model.modules.length - 1]!.about[0] ?? pc.module}`,
        `Generated by ${plan.generator} from ${plan.source}; regenerate it rather than edit it.`,
        originLine(plan, pc, uses.get(c) ?? null),
        ...parameterLines(pc, model),
        ...model.notes,
        ...CONVENTIONS,
        model.adms ? ADMS_SUBSET : EVENT_DRIVEN,
      ],
      modules: model.modules,
      adms: model.adms,
      uses: model.uses,
      holds: model.modules.map((m) => (isBuiltinKind(c) ? { module: m.name, from: `built-in kind ${c.kindName}` } : { module: m.name, from: c.name, declaredAt: pc.declaredAt })),
    });
  }

  // 3. the column readout
  const withArray = plan.tiles.filter((t) => t.instances.some((i) => i.component.component.category === 'crossbar'));
  let readout: Model | null = null;
  if (withArray.length) {
    const name = newModule('readout', 'column_readout');
    readout = readoutModel(name);
    files.push({
      path: `${name}.va`,
      header: [
        `${name}.va: Verilog-A behavioural model of the column readout (a helper module, not a component of the description)`,
        `Generated by ${plan.generator} from ${plan.source}; regenerate it rather than edit it.`,
        `Used between the array and the converters of ${withArray.map((t) => `tile \`${t.tile.name}\` (declared at ${t.declaredAt})`).join(', ')}.`,
        ...readout.notes,
        ...CONVENTIONS,
        ADMS_SUBSET,
      ],
      modules: readout.modules,
      adms: true,
      uses: [],
      holds: [{ module: name, from: 'column readout (helper)' }],
    });
  }
  const fileOf = new Map<string, VaFile>();
  for (const f of files) for (const m of f.modules) fileOf.set(m.name, f);
  return { files, models, readout, fileOf, newModule };
}
