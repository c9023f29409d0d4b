// dsl/elaborate/values.ts: what an expression evaluates to during elaboration.
import type { Span } from '../ast.js';
import type { CellIR, InputSource, WeightSource } from '../ir/nodes.js';
import { DIMENSIONLESS, describeDim, formatQuantity, isDimensionless, type Dim } from '../units.js';
import type { Entity } from './scope.js';

export type Value =
  | { t: 'num'; v: number; d: Dim }
  | { t: 'bool'; v: boolean }
  | { t: 'str'; v: string }
  | { t: 'list'; items: Value[] }
  /** Integers lo .. hi-1. */
  | { t: 'range'; lo: number; hi: number }
  /** A bare word read as one of a parameter's choices (`activation = relu`). */
  | { t: 'enum'; name: string }
  | { t: 'entity'; e: Entity }
  | { t: 'cell'; cell: CellIR }
  | { t: 'weights'; src: WeightSource }
  | { t: 'inputs'; src: InputSource }
  /** `npy("w.npy")` or `csv("x.csv")`: weights or inputs, depending on where it is used. */
  | { t: 'file'; format: 'npy' | 'csv'; path: string; display: string; span: Span }
  /** Already reported: stops cascades. */
  | { t: 'error' };

export const ERROR: Value = { t: 'error' };

export function num(v: number, d: Dim = DIMENSIONLESS): Value {
  return { t: 'num', v, d };
}

/** Words for a value's type, for messages: "a voltage", "a boolean", "the dac `pwm8`". */
export function describeValue(v: Value): string {
  switch (v.t) {
    case 'num':
      return isDimensionless(v.d) ? 'a number' : describeDim(v.d);
    case 'bool':
      return 'a boolean';
    case 'str':
      return 'a string';
    case 'list':
      return 'a list';
    case 'range':
      return 'a range';
    case 'enum':
      return `the word \`${v.name}\``;
    case 'entity':
      return describeEntity(v.e);
    case 'cell':
      return 'a cell scheme';
    case 'weights':
      return 'a weight source';
    case 'inputs':
      return 'an input source';
    case 'file':
      return `a ${v.format} file`;
    case 'error':
      return 'an invalid value';
  }
}

export function describeEntity(e: Entity): string {
  switch (e.k) {
    case 'const':
      return `the constant \`${e.name}\``;
    case 'clock':
      return `the clock \`${e.name}\``;
    case 'namespace':
      return `the namespace \`${e.name}\``;
    case 'component':
      return `the ${e.decl.category} \`${e.qualified}\``;
    case 'kind':
      return `the built-in kind \`${e.name}\``;
    case 'tile':
      return `the tile \`${e.decl.name.name}\``;
    case 'chip':
      return `the chip \`${e.decl.name.name}\``;
    case 'testbench':
      return `the testbench \`${e.decl.name.name}\``;
    case 'network':
      return `the network \`${e.decl.name.name}\``;
    case 'instance':
      return `the instance \`${e.name}\``;
  }
}

/** Canonical text of a value (for dumps and messages). */
export function showValue(v: Value): string {
  switch (v.t) {
    case 'num':
      return formatQuantity({ value: v.v, dim: v.d });
    case 'bool':
      return String(v.v);
    case 'str':
      return JSON.stringify(v.v);
    case 'list':
      return `[${v.items.map(showValue).join(', ')}]`;
    case 'range':
      return `${v.lo}..${v.hi}`;
    case 'enum':
      return v.name;
    default:
      return describeValue(v);
  }
}

/** A value with the span of the expression it came from. */
export interface Located {
  value: Value;
  span: Span;
}
