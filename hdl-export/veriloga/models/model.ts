// hdl-export/veriloga/models/model.ts: what a model builder gets and returns.
import type { ComponentIR } from '../../../dsl/ir/nodes.js';
import type { PlannedComponent } from '../../plan.js';
import type { ModuleBuilder, VaModule } from '../module.js';
import type { ComponentUse } from '../uses.js';

export interface ModelInput {
  pc: PlannedComponent;
  use: ComponentUse | null;
  /** The module name of another exported component (a crossbar's device). */
  moduleOf: (c: ComponentIR) => string;
  /** A fresh, unique module name (for the helper modules a model needs, such as a column). */
  newModule: (key: string, want: string) => string;
}

export interface Model {
  /** The modules of the file, the component's own module last. */
  modules: VaModule[];
  /** The component's module: port and parameter names by what the model asked for. */
  ports: ReadonlyMap<string, string>;
  params: ReadonlyMap<string, string>;
  /** Within the ADMS subset (checked with admsXml) or event-driven (checked by the lint). */
  adms: boolean;
  /** What the model does, for the file's header. */
  notes: string[];
  /** Modules of other files that this file instantiates. */
  uses: string[];
}

export function modelOf(b: ModuleBuilder, adms: boolean, notes: string[], extra: { modules?: VaModule[]; uses?: string[] } = {}): Model {
  return { modules: [...(extra.modules ?? []), b.m], ports: b.portNames, params: b.paramNames, adms, notes, uses: extra.uses ?? [] };
}
