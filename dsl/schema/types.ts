// dsl/schema/types.ts: how a parameter is described, and the TypeScript type of its value.
//
// Every component kind, and the tile, chip, link and testbench blocks, has a table of
// ParamSpecs. Elaboration uses the table to type-check assignments and fill defaults; the
// check passes use `range`; docs/components.md is generated from the same tables.
import { DIMS, type DimName } from '../units.js';

export type ParamType =
  | { k: 'quantity'; dim: DimName }
  /** A time, or a number of cycles of the enclosing clock (`2 ns` or `2 cycles`). */
  | { k: 'duration' }
  /** An integer, optionally with a unit of its own (`8` or `8 bit`). */
  | { k: 'int'; dim?: 'bits' | 'cycles' }
  | { k: 'bool' }
  | { k: 'choice'; options: readonly string[] }
  | { k: 'list'; dim: DimName }
  | { k: 'string' }
  | { k: 'clock' }
  | { k: 'cell' };

export interface Range {
  min?: number;
  max?: number;
  /** The bound itself is not allowed. */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** Only these values are allowed (for numbers with a short list of valid values). */
  oneOf?: readonly number[];
}

/** A default is a value (in the user's units, as text) or a rule over the other parameters. */
export type DefaultSpec =
  | { text: string }
  | { derive: (get: (name: string) => unknown) => unknown; text: string };

export interface ParamSpec {
  type: ParamType;
  doc: string;
  /** Absent and not required: the parameter may stay unset (value null). */
  default?: DefaultSpec;
  required?: boolean;
  range?: Range;
  /** Where the default comes from (a file in ../shared/reference and the upstream source). */
  source?: string;
}

export type Schema = Readonly<Record<string, ParamSpec>>;

// ---------------------------------------------------------------- builders for readable tables

export function quantity(dim: DimName, doc: string, extra: Partial<ParamSpec> = {}): ParamSpec {
  return { type: { k: 'quantity', dim }, doc, ...extra };
}
export function duration(doc: string, extra: Partial<ParamSpec> = {}): ParamSpec {
  return { type: { k: 'duration' }, doc, ...extra };
}
export function int(doc: string, extra: Partial<ParamSpec> = {}, dim?: 'bits' | 'cycles'): ParamSpec {
  return { type: dim ? { k: 'int', dim } : { k: 'int' }, doc, ...extra };
}
export function bool(doc: string, extra: Partial<ParamSpec> = {}): ParamSpec {
  return { type: { k: 'bool' }, doc, ...extra };
}
export function choice(options: readonly string[], doc: string, extra: Partial<ParamSpec> = {}): ParamSpec {
  return { type: { k: 'choice', options }, doc, ...extra };
}
export function list(dim: DimName, doc: string, extra: Partial<ParamSpec> = {}): ParamSpec {
  return { type: { k: 'list', dim }, doc, ...extra };
}
export function def(text: string): DefaultSpec {
  return { text };
}
export function derived(text: string, derive: (get: (name: string) => unknown) => unknown): DefaultSpec {
  return { text, derive };
}

/** How a type reads in documentation and messages. */
export function describeType(t: ParamType): string {
  switch (t.k) {
    case 'quantity':
      return t.dim === 'none' ? 'number' : `${DIMS[t.dim].name.replace(/^an? /, '')} (${DIMS[t.dim].symbol})`;
    case 'duration':
      return 'time (s) or cycles';
    case 'int':
      return t.dim ? `integer (${DIMS[t.dim].symbol})` : 'integer';
    case 'bool':
      return 'boolean';
    case 'choice':
      return `one of ${t.options.map((o) => `\`${o}\``).join(', ')}`;
    case 'list':
      return t.dim === 'none' ? 'list of numbers' : `list of ${DIMS[t.dim].symbol}`;
    case 'string':
      return 'string';
    case 'clock':
      return 'clock';
    case 'cell':
      return 'cell scheme';
  }
}
