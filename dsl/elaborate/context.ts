// dsl/elaborate/context.ts: state shared by the elaboration step: diagnostics, sources, limits,
// and the hooks through which expression evaluation reaches component and clock resolution.
import path from 'node:path';
import type * as A from '../ast.js';
import type { Span } from '../ast.js';
import type { Code } from '../diagnostics/codes.js';
import { Diagnostics, type DiagnosticExtras } from '../diagnostics/diagnostic.js';
import type { SourceSet } from '../diagnostics/source.js';
import type { ClockIR, ComponentIR } from '../ir/nodes.js';
import type { SourceHost } from '../load.js';
import type { ClockEntity, ComponentEntity, ConstEntity, KindEntity, Scope } from './scope.js';

export interface ElaborationLimits {
  /** Statements executed while expanding loops and bodies, across the whole design. */
  maxSteps: number;
  /** Tile instances in one chip. */
  maxChipInstances: number;
}

export const DEFAULT_LIMITS: ElaborationLimits = {
  maxSteps: 5_000_000,
  maxChipInstances: 1_000_000,
};

export interface Hooks {
  /** The component an entity (or built-in kind) denotes, evaluated; null if it failed. */
  component(e: ComponentEntity | KindEntity, use: Span): ComponentIR | null;
  /** The same, without requiring its required parameters (to read one parameter). */
  peek(e: ComponentEntity | KindEntity): ComponentIR | null;
  clock(e: ClockEntity): ClockIR | null;
}

export class Ctx {
  readonly diags = new Diagnostics();
  /** Components of built-in kinds with all defaults, by kind name. */
  readonly kindDefaults = new Map<string, ComponentIR | null>();
  /** Components on a base cycle that was already reported. */
  readonly cyclesReported = new Set<ComponentEntity>();
  /** Every local constant declared while walking bodies (loop bodies: once per iteration). */
  readonly locals: ConstEntity[] = [];
  /** Components whose missing parameters were already reported. */
  readonly missingReported = new Set<ComponentIR>();
  private steps = 0;
  /** Set once the step budget is spent (E2018 reported): blocks stop their deferred work. */
  exhausted = false;
  hooks!: Hooks;
  /** `--param COMPONENT.PARAM=...`: assignments after the component's own body (overrides.ts). */
  readonly componentOverrides = new Map<ComponentEntity, A.AssignStmt[]>();
  /** `--param TILE.INSTANCE.PARAM=...`, by `TILE.INSTANCE`: assignments after the instance's `{ ... }`. */
  readonly instanceOverrides = new Map<string, { stmts: A.AssignStmt[]; used: boolean; at: Span }>();
  /** Override assignments whose unknown parameter was reported (E2030 once, not per use). */
  readonly overrideReported = new Set<A.AssignStmt>();

  constructor(
    readonly sources: SourceSet,
    readonly host: SourceHost,
    readonly global: Scope,
    readonly limits: ElaborationLimits,
    /** Names the built-in library defines (`pcm` -> `xbar/presets`), for "add an import" help. */
    readonly libraryNames: ReadonlyMap<string, string>,
  ) {}

  report(code: Code, message: string, span: Span | null, extras?: DiagnosticExtras): void {
    this.diags.report(code, message, span, extras);
  }

  /** Count one elaboration step; false (after one E2018) when the budget is spent. */
  step(span: Span): boolean {
    if (++this.steps <= this.limits.maxSteps) return true;
    if (!this.exhausted) {
      this.exhausted = true;
      this.report('E2018', `elaboration stopped after ${this.limits.maxSteps} steps`, span, {
        label: 'still expanding here',
        notes: ['loops and instance arrays are expanded at elaboration; this design expands too far'],
      });
    }
    return false;
  }

  /** Resolve a path written in a file relative to that file's folder. */
  resolvePath(p: string, span: Span): { path: string; display: string } {
    const from = this.sources.get(span.file).path;
    const abs = path.resolve(path.dirname(from), p);
    return { path: abs, display: this.host.display(abs) };
  }
}
