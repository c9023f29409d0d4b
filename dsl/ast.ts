// dsl/ast.ts: the syntax tree the parser builds. Every node has a `kind` and a `span`.
//
// The AST is purely syntactic: names are unresolved, numbers keep their unit text, and
// nothing is evaluated. `elaborate` is the only code that turns it into IR.

/** A source range: offsets into the file's text (UTF-16 code units), end exclusive. */
export interface Span {
  file: number;
  start: number;
  end: number;
}

export interface Ident {
  kind: 'ident';
  name: string;
  span: Span;
}

/** Component categories: each is a keyword that declares a component of that category. */
export const CATEGORIES = [
  'device', 'dac', 'adc', 'crossbar', 'sample_hold', 'integrator', 'shift_add', 'digital', 'buffer',
] as const;
export type Category = (typeof CATEGORIES)[number];

// ---------------------------------------------------------------- items (top level)

export type Item =
  | ImportItem
  | ConstItem
  | ClockItem
  | NamespaceItem
  | ComponentItem
  | TileItem
  | ChipItem
  | TestbenchItem
  | NetworkItem;

export interface ImportItem { kind: 'import'; path: StringLit; span: Span }
/** `const N = 4;` or `param adc_bits = 8;` (a `param` can be overridden from the command line). */
export interface ConstItem { kind: 'const'; binding: 'const' | 'param'; name: Ident; value: Expr; span: Span }
export interface ClockItem { kind: 'clock'; name: Ident; value: Expr; span: Span }
export interface NamespaceItem { kind: 'namespace'; name: Ident; items: Item[]; span: Span }
/** `dac pwm8 : pwm { bits = 8; }`: the base is a built-in kind or another component. */
export interface ComponentItem {
  kind: 'component';
  category: Category;
  categorySpan: Span;
  name: Ident;
  base: QualifiedName | null;
  body: Stmt[];
  span: Span;
}
export interface TileItem { kind: 'tile'; name: Ident; body: Stmt[]; span: Span }
export interface ChipItem { kind: 'chip'; name: Ident; body: Stmt[]; span: Span }
export interface TestbenchItem { kind: 'testbench'; name: Ident; target: QualifiedName; body: Stmt[]; span: Span }
/** `network mlp on hermes { input = 784; dense fc1 { out = 256; } relu; ... }` */
export interface NetworkItem { kind: 'network'; name: Ident; target: QualifiedName; body: NetStmt[]; span: Span }

/** `pcm.hermes`: a name with optional namespace qualifiers. */
export interface QualifiedName { kind: 'qualified'; parts: Ident[]; span: Span }

// ---------------------------------------------------------------- statements (in bodies)

export type Stmt =
  | AssignStmt
  | ConstStmt
  | InstanceStmt
  | ConnectStmt
  | LinkStmt
  | ForStmt
  | IfStmt
  | ProgramStmt
  | DriveStmt
  | RunStmt
  | RunNetworkStmt
  | ExpectIdealStmt
  | ExpectCmpStmt
  | TraceStmt;

/** `bits = 8;` (a parameter of the enclosing block). */
export interface AssignStmt { kind: 'assign'; name: Ident; value: Expr; span: Span }
/** `const half = rows / 2;` inside a body. */
export interface ConstStmt { kind: 'local-const'; name: Ident; value: Expr; span: Span }
/** `pwm8 dacs[256] { t_lsb = 2 ns; }`: an instance (or an array of instances) of a type. */
export interface InstanceStmt {
  kind: 'instance';
  type: QualifiedName;
  name: Ident;
  dims: Expr[];
  body: Stmt[] | null;
  span: Span;
}
/** `connect dacs -> array -> adcs;` */
export interface ConnectStmt { kind: 'connect'; chain: Expr[]; span: Span }
/** `link c[i] -> c[i+1] { width = 256 bit; latency = 2 cycles; }` */
export interface LinkStmt { kind: 'link'; from: Expr; to: Expr; body: Stmt[] | null; span: Span }
export interface ForStmt { kind: 'for'; variable: Ident; range: RangeExpr; body: Stmt[]; span: Span }
export interface IfStmt { kind: 'if'; cond: Expr; then: Stmt[]; else: Stmt[] | null; span: Span }
/** `program c[0] with random_weights(-1, 1);` */
export interface ProgramStmt { kind: 'program'; target: Expr; source: Expr; span: Span }
/** `drive c[0] with random_codes(100);` */
export interface DriveStmt { kind: 'drive'; target: Expr; source: Expr; span: Span }
/** `run for 10 us;` or `run until idle;` */
export interface RunStmt { kind: 'run'; mode: 'for' | 'until-idle'; duration: Expr | null; span: Span }
/** `run network mlp;` or `run network mlp with npy("x.npy"), npy("y.npy");` (inputs, labels) or `... with mnist;` */
export interface RunNetworkStmt { kind: 'run-network'; network: Ident; data: Expr[]; span: Span }
/** `expect c[0] ~ ideal within 3 lsb;` */
export interface ExpectIdealStmt { kind: 'expect-ideal'; target: Expr; tolerance: Expr; span: Span }
/** `expect latency(c[0]) <= 150 ns;` */
export interface ExpectCmpStmt { kind: 'expect-cmp'; expr: Expr; span: Span }
/** `trace c[0], c[1].adcs to "run.vcd";` */
export interface TraceStmt { kind: 'trace'; targets: Expr[]; file: StringLit; span: Span }

// ---------------------------------------------------------------- network statements

/** Statements of a network body (docs/language.md, "Networks"). */
export type NetStmt = AssignStmt | LayerStmt | ActivationStmt | TrainStmt | MapStmt;

/** `dense fc1 { out = 256; }`: a layer with weights (kind and name are unresolved words). */
export interface LayerStmt { kind: 'layer'; layer: Ident; name: Ident; body: Stmt[]; span: Span }
/** `relu;` or `flatten;`: a layer without weights or parameters. */
export interface ActivationStmt { kind: 'activation'; layer: Ident; span: Span }
/** `train { dataset = mnist; epochs = 5; }` */
export interface TrainStmt { kind: 'train'; body: Stmt[]; span: Span }
/** `map fc1 -> c[0..4], c[8];` */
export interface MapStmt { kind: 'map'; layer: Ident; tiles: Expr[]; span: Span }

// ---------------------------------------------------------------- expressions

export type Expr =
  | NumberLit
  | StringLit
  | BoolLit
  | NameExpr
  | MemberExpr
  | IndexExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | CondExpr
  | ListExpr;

/** `25 uS`: the number as written, and the unit word if any (unresolved). */
export interface NumberLit { kind: 'number'; text: string; value: number; unit: UnitLit | null; span: Span }
export interface UnitLit { kind: 'unit'; text: string; span: Span }
export interface StringLit { kind: 'string'; value: string; span: Span }
export interface BoolLit { kind: 'bool'; value: boolean; span: Span }
export interface NameExpr { kind: 'name'; name: string; span: Span }
export interface MemberExpr { kind: 'member'; object: Expr; member: Ident; span: Span }
/** `a[i]` or a lane range `cols[0..128]`. */
export interface IndexExpr { kind: 'index'; object: Expr; index: Expr | RangeExpr; span: Span }
export interface CallExpr { kind: 'call'; callee: Ident; args: Arg[]; span: Span }
export interface Arg { kind: 'arg'; name: Ident | null; value: Expr; span: Span }
export type UnaryOp = '-' | '+' | '!';
export interface UnaryExpr { kind: 'unary'; op: UnaryOp; operand: Expr; span: Span }
export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '**' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';
export interface BinaryExpr { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
export interface CondExpr { kind: 'cond'; cond: Expr; then: Expr; else: Expr; span: Span }
export interface ListExpr { kind: 'list'; items: Expr[]; span: Span }
/** `lo..hi` (hi excluded) or `lo..=hi` (hi included). */
export interface RangeExpr { kind: 'range'; lo: Expr; hi: Expr; inclusive: boolean; span: Span }

/** A parsed file: its items, in order. */
export interface FileAst { kind: 'file'; file: number; items: Item[] }
