// dsl/elaborate/scope.ts: named things (entities) and the scopes that hold them.
//
// Scopes nest: builtins (kinds, functions) < global (every loaded file, imports included) <
// namespace < block (tile, chip, testbench, loop body). Entities that need evaluation
// (constants, clocks, components, tiles, chips) are evaluated lazily, on first use, with a
// `busy` state that turns a self-reference into a circular-definition error.
import type * as A from '../ast.js';
import type { ChipIR, ClockIR, ComponentIR, InstanceIR, TileIR } from '../ir/nodes.js';
import type { Value } from './values.js';

type Lazy = 'todo' | 'busy' | 'done';

export interface ConstEntity {
  k: 'const';
  name: string;
  binding: 'const' | 'param' | 'local' | 'loop';
  decl: A.Ident;
  expr: A.Expr | null;
  scope: Scope | null;
  state: Lazy;
  value: Value;
  /** For a `param` replaced by `--param`: the description's own expression and the override's span. */
  overridden?: { original: A.Expr; at: A.Span; text: string };
  /** Declared in a user file (not the built-in library): unused ones are warned about. */
  user: boolean;
  used: boolean;
}

export interface ClockEntity {
  k: 'clock';
  name: string;
  decl: A.ClockItem;
  scope: Scope;
  state: Lazy;
  ir: ClockIR | null;
  user: boolean;
  used: boolean;
}

export interface NamespaceEntity {
  k: 'namespace';
  name: string;
  decl: A.NamespaceItem;
  scope: Scope;
}

export interface ComponentEntity {
  k: 'component';
  name: string;
  /** `pcm.hermes` for components declared in namespaces. */
  qualified: string;
  decl: A.ComponentItem;
  scope: Scope;
  state: Lazy;
  ir: ComponentIR | null;
  user: boolean;
  used: boolean;
}

export interface KindEntity {
  k: 'kind';
  name: string;
}

export interface TileEntity {
  k: 'tile';
  decl: A.TileItem;
  scope: Scope;
  state: Lazy;
  ir: TileIR | null;
}

export interface ChipEntity {
  k: 'chip';
  decl: A.ChipItem;
  scope: Scope;
  state: Lazy;
  ir: ChipIR | null;
}

export interface TestbenchEntity {
  k: 'testbench';
  decl: A.TestbenchItem;
  scope: Scope;
}

export interface NetworkEntity {
  k: 'network';
  decl: A.NetworkItem;
  scope: Scope;
}

/** An instance inside a tile (component array) or a chip (tile array). */
export interface InstanceEntity {
  k: 'instance';
  name: string;
  span: A.Span;
  site: { in: 'tile'; inst: InstanceIR } | { in: 'chip'; dims: number[]; tile: TileIR };
}

export type Entity =
  | ConstEntity
  | ClockEntity
  | NamespaceEntity
  | ComponentEntity
  | KindEntity
  | TileEntity
  | ChipEntity
  | TestbenchEntity
  | NetworkEntity
  | InstanceEntity;

/** The span of the name that declares an entity, if it has one. */
export function declSpan(e: Entity): A.Span | null {
  switch (e.k) {
    case 'const':
      return e.decl.span;
    case 'clock':
    case 'namespace':
    case 'component':
    case 'tile':
    case 'chip':
    case 'testbench':
    case 'network':
      return e.decl.name.span;
    case 'instance':
      return e.span;
    case 'kind':
      return null;
  }
}

export class Scope {
  private readonly names = new Map<string, Entity>();

  constructor(
    readonly parent: Scope | null,
    /** For messages: `global`, `namespace pcm`, `tile core`, ... */
    readonly label: string,
  ) {}

  /** Add a name; returns the entity already there if the name is taken in this scope. */
  declare(name: string, e: Entity): Entity | null {
    const prev = this.names.get(name);
    if (prev) return prev;
    this.names.set(name, e);
    return null;
  }

  /** The names of entities of kind `k` visible here (for suggestions). */
  namesOfKind(k: Entity['k']): string[] {
    const out: string[] = [];
    for (let s: Scope | null = this; s; s = s.parent) for (const [n, e] of s.names) if (e.k === k) out.push(n);
    return out;
  }

  /** Find a name here or in an enclosing scope, marking it used. */
  lookup(name: string): Entity | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const e = s.names.get(name);
      if (e) {
        if ('used' in e) e.used = true;
        return e;
      }
    }
    return undefined;
  }

  /**
   * Find a type name (component, kind, tile), skipping instances: an instance named `dacs`
   * does not hide the library namespace `dacs` for later instance types.
   */
  lookupType(name: string): Entity | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const e = s.names.get(name);
      if (e && e.k !== 'instance') {
        if ('used' in e) e.used = true;
        return e;
      }
    }
    return undefined;
  }

  /** Whether a name is visible from here, without marking it used. */
  has(name: string): boolean {
    for (let s: Scope | null = this; s; s = s.parent) if (s.names.has(name)) return true;
    return false;
  }

  /** Find a name in this scope only, without marking it used. */
  own(name: string): Entity | undefined {
    return this.names.get(name);
  }

  /** Every name visible from here (for suggestions). */
  visible(): string[] {
    const out = new Set<string>();
    for (let s: Scope | null = this; s; s = s.parent) for (const n of s.names.keys()) out.add(n);
    return [...out];
  }

  entries(): [string, Entity][] {
    return [...this.names.entries()];
  }
}
