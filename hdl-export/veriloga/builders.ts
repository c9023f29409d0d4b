// hdl-export/veriloga/builders.ts: typed constructors the grammar's postprocessors call.
//
// Each builder picks the parts it needs from nearley's `d` array (tokens and already built
// nodes) and returns an AST node (ast.ts) located at its first token. Nothing here resolves
// names or reports problems: the parse façade and the lint do that.
import type * as A from './ast.js';
import { basedValue, numberValue, stringValue, type VaToken } from './lexer.js';
import { Cons, cons, items } from '../../grammar/cons.js';

type Located = VaToken | A.VaLoc;

function isToken(x: Located): x is VaToken {
  return 'col' in x;
}

/** The position of a token or node. */
export function loc(x: Located): A.VaLoc {
  return isToken(x) ? { line: x.line, column: x.col } : { line: x.line, column: x.column };
}

export function ident(t: VaToken): A.VaIdent {
  return { kind: 'ident', name: t.text, ...loc(t) };
}

// ------------------------------------------------------------------ lists

export { Cons, cons, items };

/** `X (sep X):*` as an array: the first element, then element `pick` of each group. */
export function listOf<T>(first: T, rest: Cons | readonly unknown[] | null, pick = 1): T[] {
  const out: T[] = [first];
  for (const group of items<unknown[]>(rest)) out.push(group[pick] as T);
  return out;
}

/** `X (sep X):*` before it is turned into an array (O(1) to build; see ExprList in the grammar). */
export class LazyList<T> {
  constructor(
    readonly first: T,
    readonly rest: Cons | readonly unknown[] | null,
  ) {}
}

export function lazyList<T>(first: T, rest: Cons | readonly unknown[] | null): LazyList<T> {
  return new LazyList(first, rest);
}

/** The elements of a lazy list (an empty array for an absent `ExprList:?`). */
export function toArray<T>(list: LazyList<T> | null | undefined): T[] {
  return list ? listOf(list.first, list.rest) : [];
}

function attrList(list: Cons | readonly unknown[] | null): A.VaAttr[] {
  return items<A.VaAttr[]>(list).flat();
}

// ------------------------------------------------------------------ modules and items

export interface ModuleHeader extends A.VaLoc {
  kind: 'header';
  name: A.VaIdent;
  ports: A.VaIdent[];
  attrs: A.VaAttr[];
}

export function moduleHeader(d: any[]): ModuleHeader {
  const attrs = attrList(d[0]);
  const ports = ((d[3] ?? []) as VaToken[]).map(ident);
  return { kind: 'header', name: ident(d[2]), ports, attrs, ...loc(d[1]) };
}

export function module(header: ModuleHeader, body: A.VaModuleItem[], end: VaToken): A.VaModule {
  return {
    kind: 'module',
    name: header.name,
    ports: header.ports,
    items: body,
    attrs: header.attrs,
    end: loc(end),
    line: header.line,
    column: header.column,
  };
}

export function attr(d: any[]): A.VaAttr {
  return { kind: 'attr', name: (d[0] as VaToken).text, value: d[1] ? d[1][1] : null, ...loc(d[0]) };
}

export function withAttrs(list: Cons | readonly unknown[] | null, item: A.VaModuleItem): A.VaModuleItem {
  const attrs = attrList(list);
  if (attrs.length) item.attrs = [...attrs, ...item.attrs];
  return item;
}

export function identList(list: LazyList<VaToken>): A.VaIdent[] {
  return toArray(list).map(ident);
}

export function range(d: any[]): A.VaRange {
  return { kind: 'range', msb: d[1], lsb: d[3], ...loc(d[0]) };
}

export function portDecl(d: any[]): A.VaPortDecl {
  const dir = d[0] as VaToken;
  return {
    kind: 'port',
    direction: dir.text as A.VaDirection,
    discipline: d[1] ? ident(d[1]) : null,
    range: d[2],
    names: identList(d[3]),
    attrs: [],
    ...loc(dir),
  };
}

export function netDecl(d: any[]): A.VaNetDecl {
  return { kind: 'net', discipline: ident(d[0]), range: d[1], names: identList(d[2]), attrs: [], ...loc(d[0]) };
}

export function groundDecl(d: any[]): A.VaGroundDecl {
  return { kind: 'ground', names: identList(d[1]), attrs: [], ...loc(d[0]) };
}

export function paramDecl(d: any[]): A.VaParamDecl {
  const kw = d[0][0] as VaToken;
  return {
    kind: 'parameter',
    local: kw.text === 'localparam',
    type: d[1] ? ((d[1] as VaToken).text as 'real' | 'integer' | 'string') : null,
    range: d[2],
    params: listOf<A.VaParam>(d[3], d[4]),
    attrs: attrList(d[5]),
    ...loc(kw),
  };
}

export function param(d: any[]): A.VaParam {
  return { kind: 'param', name: ident(d[0]), dims: d[1], value: d[3], constraints: items(d[4]), ...loc(d[0]) };
}

export function constraint(kw: VaToken, interval: A.VaInterval | null, value: A.VaExpr | null): A.VaConstraint {
  return { kind: kw.text as 'from' | 'exclude', interval, value, ...loc(kw) };
}

export function interval(d: any[]): A.VaInterval {
  return {
    kind: 'interval',
    lo: d[1],
    hi: d[3],
    loInclusive: (d[0][0] as VaToken).text === '[',
    hiInclusive: (d[4][0] as VaToken).text === ']',
    ...loc(d[0][0]),
  };
}

export function varDecl(d: any[]): A.VaVarDecl {
  const t = d[0] as VaToken;
  return { kind: 'variable', type: t.text as 'real' | 'integer', vars: listOf<A.VaVar>(d[1], d[2]), attrs: attrList(d[3]), ...loc(t) };
}

export function variable(d: any[]): A.VaVar {
  return { kind: 'var', name: ident(d[0]), dims: d[1], init: d[2] ? d[2][1] : null, ...loc(d[0]) };
}

export function genvarDecl(d: any[]): A.VaGenvarDecl {
  return { kind: 'genvar', names: identList(d[1]), attrs: [], ...loc(d[0]) };
}

export function analog(d: any[]): A.VaAnalog {
  return { kind: 'analog', body: d[1], attrs: [], ...loc(d[0]) };
}

export function analogFunction(d: any[]): A.VaFunction {
  const decls = items<A.VaPortDecl | A.VaVarDecl>(d[5]);
  return {
    kind: 'function',
    type: d[2] ? ((d[2] as VaToken).text as 'real' | 'integer') : null,
    name: ident(d[3]),
    ports: decls.filter((x): x is A.VaPortDecl => x.kind === 'port'),
    decls: decls.filter((x): x is A.VaVarDecl => x.kind === 'variable'),
    body: d[6],
    attrs: [],
    ...loc(d[0]),
  };
}

export function instance(d: any[]): A.VaInstance {
  const params = d[1] ? listOf<A.VaConnection>(d[1][2], d[1][3]) : [];
  const connections = d[4] ? listOf<A.VaConnection>(d[4][0], d[4][1]) : [];
  return { kind: 'instance', module: ident(d[0]), params, name: ident(d[2]), connections, attrs: [], ...loc(d[0]) };
}

export function connection(at: Located, name: VaToken | null, value: A.VaExpr | null): A.VaConnection {
  return { kind: 'connection', name: name ? ident(name) : null, value, ...loc(at) };
}

// ------------------------------------------------------------------ statements

export function ifStmt(kw: VaToken, cond: A.VaExpr, then: A.VaStmt, els: A.VaStmt | null): A.VaIf {
  return { kind: 'if', cond, then, else: els, ...loc(kw) };
}

/** A statement head (`for (...)`, `while (...)`, `repeat (...)`, `@(...)`) waiting for its body. */
export type ControlHead =
  | Omit<A.VaFor, 'body'>
  | Omit<A.VaWhile, 'body'>
  | Omit<A.VaRepeat, 'body'>
  | Omit<A.VaEventStmt, 'body'>;

export function control(head: ControlHead, body: A.VaStmt): A.VaStmt {
  return { ...head, body } as A.VaStmt;
}

export function forHead(d: any[]): Omit<A.VaFor, 'body'> {
  return { kind: 'for', init: d[2], cond: d[4], step: d[6], ...loc(d[0]) };
}

export function whileHead(d: any[]): Omit<A.VaWhile, 'body'> {
  return { kind: 'while', cond: d[2], ...loc(d[0]) };
}

export function repeatHead(d: any[]): Omit<A.VaRepeat, 'body'> {
  return { kind: 'repeat', count: d[2], ...loc(d[0]) };
}

export function eventHead(d: any[]): Omit<A.VaEventStmt, 'body'> {
  return { kind: 'event', events: listOf<A.VaEvent>(d[2], d[3]), ...loc(d[0]) };
}

export function event(name: VaToken, args: A.VaExpr[] | null): A.VaEvent {
  return { kind: 'eventfn', name: ident(name), args, ...loc(name) };
}

export function assign(target: A.VaLvalue, value: A.VaExpr): A.VaAssign {
  return { kind: 'assign', target, value, line: target.line, column: target.column };
}

export function contribution(access: A.VaAccess, value: A.VaExpr): A.VaContribution {
  return { kind: 'contribution', access, value, line: access.line, column: access.column };
}

export function caseStmt(d: any[]): A.VaCase {
  return { kind: 'case', subject: d[2], items: items(d[4]), ...loc(d[0]) };
}

export function caseItem(at: Located, labels: A.VaExpr[] | null, body: A.VaStmt): A.VaCaseItem {
  return { kind: 'caseitem', labels, body, ...loc(at) };
}

export function sysTask(d: any[]): A.VaSysTask {
  const t = d[0] as VaToken;
  return { kind: 'systask', name: t.text, args: d[1] ? toArray(d[1][1]) : null, ...loc(t) };
}

export function nullStmt(t: VaToken): A.VaNullStmt {
  return { kind: 'null', ...loc(t) };
}

export function block(d: any[]): A.VaBlock {
  return {
    kind: 'block',
    name: d[1] ? ident(d[1][1]) : null,
    decls: d[1] ? items(d[1][2]) : [],
    stmts: items(d[2]),
    ...loc(d[0]),
  };
}

export function lvalue(d: any[]): A.VaLvalue {
  return { kind: 'lvalue', name: ident(d[0]), index: d[1] ? d[1][1] : null, ...loc(d[0]) };
}

// ------------------------------------------------------------------ expressions

export function cond(d: any[]): A.VaConditional {
  const c = d[0] as A.VaExpr;
  return { kind: 'cond', cond: c, then: d[2], else: d[4], line: c.line, column: c.column };
}

export function binary(d: any[]): A.VaBinary {
  const left = d[0] as A.VaExpr;
  const op = (Array.isArray(d[1]) ? d[1][0] : d[1]) as VaToken;
  return { kind: 'binary', op: op.text, left, right: d[2], line: left.line, column: left.column };
}

export function unary(d: any[]): A.VaUnary {
  const op = d[0][0] as VaToken;
  return { kind: 'unary', op: op.text, operand: d[1], ...loc(op) };
}

export function number(t: VaToken): A.VaNumber {
  const v = numberValue(t.text);
  return 'error' in v
    ? { kind: 'number', text: t.text, value: NaN, integer: false, ...loc(t) }
    : { kind: 'number', text: t.text, value: v.value, integer: v.integer, ...loc(t) };
}

export function based(t: VaToken): A.VaNumber {
  return { kind: 'number', text: t.text, value: basedValue(t.text), integer: true, ...loc(t) };
}

export function string(t: VaToken): A.VaString {
  return { kind: 'string', value: stringValue(t.text), ...loc(t) };
}

export function inf(t: VaToken): A.VaInf {
  return { kind: 'inf', ...loc(t) };
}

export function name(t: VaToken): A.VaName {
  return { kind: 'name', name: t.text, ...loc(t) };
}

export function index(t: VaToken, e: A.VaExpr): A.VaIndex {
  return { kind: 'index', name: ident(t), index: e, ...loc(t) };
}

export function call(t: VaToken, args: LazyList<A.VaExpr> | null): A.VaCall {
  return { kind: 'call', name: ident(t), args: toArray(args), ...loc(t) };
}

export function sysCall(t: VaToken, args: A.VaExpr[] | null): A.VaSysCall {
  return { kind: 'syscall', name: t.text, args, ...loc(t) };
}

export function concatenation(t: VaToken, list: LazyList<A.VaExpr>): A.VaConcat {
  return { kind: 'concat', items: toArray(list), ...loc(t) };
}

export function pattern(t: VaToken, list: LazyList<A.VaExpr>): A.VaPattern {
  return { kind: 'pattern', items: toArray(list), ...loc(t) };
}

export function access(d: any[]): A.VaAccess {
  const t = d[0] as VaToken;
  const nets: A.VaNetRef[] = d[3] ? [d[2], d[3][1]] : [d[2]];
  return { kind: 'access', nature: t.text as 'V' | 'I', nets, ...loc(t) };
}

export function netRef(d: any[]): A.VaNetRef {
  return { kind: 'netref', name: ident(d[0]), index: d[1] ? d[1][1] : null, ...loc(d[0]) };
}
