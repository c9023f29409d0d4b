// dsl/pipeline.ts: the front end, in order. Every ordering constraint is written down.
//
//   load                 text -> tokens -> AST for the root file and its imports.
//                        Stops on parse or import errors: elaboration needs whole files.
//   elaborate            AST -> IR (form Elaborated). Stops on errors: checks need values.
//   check-params         ranges and cross-parameter rules. Runs first among the checks and
//                        stops on errors, because the structural checks below compute lane
//                        counts and footprints from these values (rows = 0 would cascade).
//   check-connectivity   directions, domains, widths, driven and read lanes.
//   check-stages         the stages a tile needs; clocks.
//   check-comb-loops     after connectivity, so that every connection it walks is valid.
//   check-testbenches    testbench steps against the hardware they address.
//   check-network        network sections: shapes, weights, maps, and whether the layers
//                        fit the chip's tiles (needs the crossbar sizes checked above).
//   check-resources      memory the emulator would need.
//   (the structural checks collect all their errors together: form Checked if none)
//
// An exception inside a stage is a bug in xbar: it becomes E9001 naming the stage, never a
// stack trace (set XBAR_DEBUG=1 to see it).
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { applyWarningLevels, diag, Diagnostics, type WarningLevels } from './diagnostics/diagnostic.js';
import { SourceSet } from './diagnostics/source.js';
import { elaborate, type ElaborateOptions } from './elaborate/index.js';
import type { Checked, Design, Elaborated } from './ir/nodes.js';
import { load, type SourceHost } from './load.js';
import { checkCombLoops } from './passes/check-comb-loops.js';
import { checkConnectivity } from './passes/check-connectivity.js';
import { checkNetworks } from './passes/check-network.js';
import { checkParams } from './passes/check-params.js';
import { checkResources } from './passes/check-resources.js';
import { checkStages } from './passes/check-stages.js';
import { checkTestbenches } from './passes/check-testbenches.js';

export interface FrontEndOptions extends ElaborateOptions {
  /** Memory the emulator may use, in bytes (check-resources). */
  maxMemoryBytes?: number;
  warnings?: WarningLevels;
}

export type Stage = 'load' | 'elaborate' | 'check-params' | 'checks' | 'done';

export interface FrontEndResult {
  sources: SourceSet;
  /** The checked design, if every stage passed. */
  design: Checked | null;
  /** The last IR produced (for --dump-ir even when checks fail). */
  elaborated: Elaborated | null;
  diagnostics: Diagnostic[];
  /** The stage that stopped the run, or `done`. */
  stoppedAt: Stage;
}

export const DEFAULT_MAX_MEMORY = 8 * 1024 ** 3;

type Pass = (d: Design, diags: Diagnostics) => void;

const STRUCTURAL: readonly [string, Pass][] = [
  ['check-connectivity', checkConnectivity],
  ['check-stages', checkStages],
  ['check-comb-loops', checkCombLoops],
  ['check-testbenches', checkTestbenches],
  ['check-network', checkNetworks],
];

function internalError(stage: string, err: unknown): Diagnostic {
  if (process.env['XBAR_DEBUG']) console.error(err);
  const msg = err instanceof Error ? err.message : String(err);
  return diag('E9001', `internal error in ${stage}: ${msg.split('\n')[0]}`, null, {
    help: 'this is a bug in xbar; please report it with the input file (XBAR_DEBUG=1 shows the stack)',
  });
}

/** Run the front end on one root file; null if the root file cannot be read. */
export function frontEnd(rootPath: string, host: SourceHost, opts: FrontEndOptions = {}): FrontEndResult | null {
  const levels = opts.warnings ?? new Map();
  const finish = (r: Omit<FrontEndResult, 'diagnostics'> & { diagnostics: Diagnostic[] }): FrontEndResult => {
    const diagnostics = applyWarningLevels(r.diagnostics, levels);
    const failed = diagnostics.some((d) => d.severity === 'error');
    return { ...r, diagnostics, design: failed ? null : r.design, stoppedAt: failed && r.stoppedAt === 'done' ? 'checks' : r.stoppedAt };
  };

  let loaded;
  try {
    loaded = load(rootPath, host);
  } catch (err) {
    return finish({ sources: new SourceSet(), design: null, elaborated: null, diagnostics: [internalError('load', err)], stoppedAt: 'load' });
  }
  if (!loaded) return null;
  const sources = loaded.sources;
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    return finish({ sources, design: null, elaborated: null, diagnostics: loaded.diagnostics, stoppedAt: 'load' });
  }

  let elaborated: Elaborated | null;
  const diagnostics = [...loaded.diagnostics];
  const append = (ds: readonly Diagnostic[]) => {
    for (const d of ds) diagnostics.push(d);
  };
  try {
    const r = elaborate(loaded, host, opts);
    elaborated = r.design;
    append(r.diagnostics);
  } catch (err) {
    diagnostics.push(internalError('elaborate', err));
    return finish({ sources, design: null, elaborated: null, diagnostics, stoppedAt: 'elaborate' });
  }
  if (!elaborated || diagnostics.some((d) => d.severity === 'error')) {
    return finish({ sources, design: null, elaborated, diagnostics, stoppedAt: 'elaborate' });
  }

  const first = new Diagnostics();
  try {
    checkParams(elaborated, first);
  } catch (err) {
    first.add(internalError('check-params', err));
  }
  append(first.items);
  if (first.hasErrors()) return finish({ sources, design: null, elaborated, diagnostics, stoppedAt: 'check-params' });

  const rest = new Diagnostics();
  const budget = opts.maxMemoryBytes ?? DEFAULT_MAX_MEMORY;
  const passes: [string, Pass][] = [...STRUCTURAL, ['check-resources', (d, ds) => checkResources(d, ds, budget)]];
  for (const [name, pass] of passes) {
    try {
      pass(elaborated, rest);
    } catch (err) {
      rest.add(internalError(name, err));
    }
  }
  append(rest.items);
  if (rest.hasErrors()) return finish({ sources, design: null, elaborated, diagnostics, stoppedAt: 'checks' });
  return finish({ sources, design: elaborated as unknown as Checked, elaborated, diagnostics, stoppedAt: 'done' });
}
