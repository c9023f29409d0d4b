// hdl-export/veriloga/ast.ts: the typed syntax tree of the Verilog-A subset (see README.md).
//
// Every node carries the 1-based `line` and `column` of its first token (for a token that
// comes from a `define, the position of the macro use).

/** The lint rule ids (stable: tests and callers match on them; README.md describes each). */
export const VA_RULES = [
  'syntax',
  'preprocessor',
  'analog-op-in-event',
  'contribution-in-event',
  'analog-op-in-conditional',
  'analog-op-in-loop',
  'branch-index',
  'array-index',
  'undeclared',
  'duplicate',
  'arity',
  'event-begin-end',
  'parameter-range',
  'hidden-state',
  'port-direction',
  'instance',
] as const;
export type VaRule = (typeof VA_RULES)[number];

export interface VaProblem {
  file: string;
  line: number;
  column: number;
  rule: VaRule;
  message: string;
}

export interface VaLoc {
  line: number;
  column: number;
}

export interface VaIdent extends VaLoc {
  kind: 'ident';
  name: string;
}

/** `(* name = value *)`; `value` is null for a bare name. */
export interface VaAttr extends VaLoc {
  kind: 'attr';
  name: string;
  value: VaExpr | null;
}

// ------------------------------------------------------------------ expressions

export interface VaNumber extends VaLoc {
  kind: 'number';
  text: string;
  value: number;
  /** No `.`, exponent or scale factor (or a based number such as 4'b1010). */
  integer: boolean;
}
export interface VaString extends VaLoc {
  kind: 'string';
  /** Without quotes, escapes resolved. */
  value: string;
}
export interface VaInf extends VaLoc {
  kind: 'inf';
}
export interface VaName extends VaLoc {
  kind: 'name';
  name: string;
}
/** `a[i]`: an element of an array variable or parameter. */
export interface VaIndex extends VaLoc {
  kind: 'index';
  name: VaIdent;
  index: VaExpr;
}
/** `f(a, b)`: a built-in function, an analog operator or an analog function. */
export interface VaCall extends VaLoc {
  kind: 'call';
  name: VaIdent;
  args: VaExpr[];
}
/** `$abstime`, `$rdist_normal(seed, 0, 1)`; `args` is null without parentheses. */
export interface VaSysCall extends VaLoc {
  kind: 'syscall';
  name: string;
  args: VaExpr[] | null;
}
/** A net or one element of a bus, as the argument of a branch access. */
export interface VaNetRef extends VaLoc {
  kind: 'netref';
  name: VaIdent;
  index: VaExpr | null;
}
/** `V(a)`, `V(a, b)`, `I(a[i], b)`. */
export interface VaAccess extends VaLoc {
  kind: 'access';
  nature: 'V' | 'I';
  nets: VaNetRef[];
}
export interface VaUnary extends VaLoc {
  kind: 'unary';
  op: string;
  operand: VaExpr;
}
export interface VaBinary extends VaLoc {
  kind: 'binary';
  op: string;
  left: VaExpr;
  right: VaExpr;
}
export interface VaConditional extends VaLoc {
  kind: 'cond';
  cond: VaExpr;
  then: VaExpr;
  else: VaExpr;
}
/** `{a, b}` (concatenation; laplace/zi coefficient lists). */
export interface VaConcat extends VaLoc {
  kind: 'concat';
  items: VaExpr[];
}
/** `'{a, b}` (assignment pattern: parameter and variable arrays). */
export interface VaPattern extends VaLoc {
  kind: 'pattern';
  items: VaExpr[];
}

export type VaExpr =
  | VaNumber
  | VaString
  | VaInf
  | VaName
  | VaIndex
  | VaCall
  | VaSysCall
  | VaAccess
  | VaUnary
  | VaBinary
  | VaConditional
  | VaConcat
  | VaPattern;

// ------------------------------------------------------------------ statements

export interface VaLvalue extends VaLoc {
  kind: 'lvalue';
  name: VaIdent;
  index: VaExpr | null;
}
export interface VaBlock extends VaLoc {
  kind: 'block';
  /** `begin : name` */
  name: VaIdent | null;
  /** Variables declared in a named block. */
  decls: VaVarDecl[];
  stmts: VaStmt[];
}
export interface VaAssign extends VaLoc {
  kind: 'assign';
  target: VaLvalue;
  value: VaExpr;
}
export interface VaContribution extends VaLoc {
  kind: 'contribution';
  access: VaAccess;
  value: VaExpr;
}
export interface VaIf extends VaLoc {
  kind: 'if';
  cond: VaExpr;
  then: VaStmt;
  else: VaStmt | null;
}
export interface VaCaseItem extends VaLoc {
  kind: 'caseitem';
  /** null for `default`. */
  labels: VaExpr[] | null;
  body: VaStmt;
}
export interface VaCase extends VaLoc {
  kind: 'case';
  subject: VaExpr;
  items: VaCaseItem[];
}
export interface VaFor extends VaLoc {
  kind: 'for';
  init: VaAssign;
  cond: VaExpr;
  step: VaAssign;
  body: VaStmt;
}
export interface VaWhile extends VaLoc {
  kind: 'while';
  cond: VaExpr;
  body: VaStmt;
}
export interface VaRepeat extends VaLoc {
  kind: 'repeat';
  count: VaExpr;
  body: VaStmt;
}
/** One event of `@(...)`: `initial_step`, `cross(e, +1)`, `timer(0, 1n)`, ... */
export interface VaEvent extends VaLoc {
  kind: 'eventfn';
  name: VaIdent;
  args: VaExpr[] | null;
}
export interface VaEventStmt extends VaLoc {
  kind: 'event';
  events: VaEvent[];
  body: VaStmt;
}
/** `$strobe(...)`, `$bound_step(e)`, `$discontinuity;` */
export interface VaSysTask extends VaLoc {
  kind: 'systask';
  name: string;
  args: VaExpr[] | null;
}
export interface VaNullStmt extends VaLoc {
  kind: 'null';
}

export type VaStmt =
  | VaBlock
  | VaAssign
  | VaContribution
  | VaIf
  | VaCase
  | VaFor
  | VaWhile
  | VaRepeat
  | VaEventStmt
  | VaSysTask
  | VaNullStmt;

// ------------------------------------------------------------------ module items

/** `[msb:lsb]` (or an array's `[first:last]`). */
export interface VaRange extends VaLoc {
  kind: 'range';
  msb: VaExpr;
  lsb: VaExpr;
}
export type VaDirection = 'input' | 'output' | 'inout';
export interface VaPortDecl extends VaLoc {
  kind: 'port';
  direction: VaDirection;
  /** `input electrical a;` */
  discipline: VaIdent | null;
  range: VaRange | null;
  names: VaIdent[];
  attrs: VaAttr[];
}
export interface VaNetDecl extends VaLoc {
  kind: 'net';
  discipline: VaIdent;
  range: VaRange | null;
  names: VaIdent[];
  attrs: VaAttr[];
}
export interface VaGroundDecl extends VaLoc {
  kind: 'ground';
  names: VaIdent[];
  attrs: VaAttr[];
}
/** `from [lo:hi)` or `exclude (lo:hi)`: the bracket says whether the bound is included. */
export interface VaInterval extends VaLoc {
  kind: 'interval';
  lo: VaExpr;
  hi: VaExpr;
  loInclusive: boolean;
  hiInclusive: boolean;
}
export interface VaConstraint extends VaLoc {
  kind: 'from' | 'exclude';
  /** A range, or null for `exclude value`. */
  interval: VaInterval | null;
  value: VaExpr | null;
}
export interface VaParam extends VaLoc {
  kind: 'param';
  name: VaIdent;
  /** `G[0:15]`: a parameter array. */
  dims: VaRange | null;
  value: VaExpr;
  constraints: VaConstraint[];
}
export interface VaParamDecl extends VaLoc {
  kind: 'parameter';
  /** `localparam` */
  local: boolean;
  type: 'real' | 'integer' | 'string' | null;
  range: VaRange | null;
  params: VaParam[];
  attrs: VaAttr[];
}
export interface VaVar extends VaLoc {
  kind: 'var';
  name: VaIdent;
  dims: VaRange | null;
  init: VaExpr | null;
}
export interface VaVarDecl extends VaLoc {
  kind: 'variable';
  type: 'real' | 'integer';
  vars: VaVar[];
  attrs: VaAttr[];
}
export interface VaGenvarDecl extends VaLoc {
  kind: 'genvar';
  names: VaIdent[];
  attrs: VaAttr[];
}
export interface VaAnalog extends VaLoc {
  kind: 'analog';
  body: VaStmt;
  attrs: VaAttr[];
}
export interface VaFunction extends VaLoc {
  kind: 'function';
  type: 'real' | 'integer' | null;
  name: VaIdent;
  /** `input x;`, `output y;` (in order: the call's arguments). */
  ports: VaPortDecl[];
  decls: VaVarDecl[];
  body: VaStmt;
  attrs: VaAttr[];
}
/** `.name(value)` (named) or `value` (positional, `name` null); `value` null for `.name()`. */
export interface VaConnection extends VaLoc {
  kind: 'connection';
  name: VaIdent | null;
  value: VaExpr | null;
}
export interface VaInstance extends VaLoc {
  kind: 'instance';
  module: VaIdent;
  params: VaConnection[];
  name: VaIdent;
  connections: VaConnection[];
  attrs: VaAttr[];
}

export type VaModuleItem =
  | VaPortDecl
  | VaNetDecl
  | VaGroundDecl
  | VaParamDecl
  | VaVarDecl
  | VaGenvarDecl
  | VaAnalog
  | VaFunction
  | VaInstance;

export interface VaModule extends VaLoc {
  kind: 'module';
  name: VaIdent;
  ports: VaIdent[];
  items: VaModuleItem[];
  attrs: VaAttr[];
  /** Position of `endmodule`. */
  end: VaLoc;
}
