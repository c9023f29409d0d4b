// grammar/ast-builders.ts: typed constructors the grammar's postprocessors call.
//
// Each builder takes nearley's `d` array (tokens and already-built nodes), picks the parts it
// needs, and returns an AST node with `kind` and `span`. Spans come from the first and last
// token or node of the rule. Nothing here resolves names or evaluates anything.
import type * as A from '../dsl/ast.js';
import { numberValue, stringValue } from './lexer.js';

/** A token as the parser sees it (the lexer's token, which knows its file). */
export type { Token as PToken } from './lexer.js';
import type { Token as PToken } from './lexer.js';
import { Cons, cons, items } from './cons.js';

type Part = PToken | { span: A.Span } | null | undefined | Part[];

function isToken(p: unknown): p is PToken {
  return typeof p === 'object' && p !== null && 'offset' in p && 'text' in p;
}

function spanOfPart(p: Part, first: boolean): A.Span | null {
  if (p === null || p === undefined) return null;
  if (Array.isArray(p)) {
    for (let i = 0; i < p.length; i++) {
      const s = spanOfPart(p[first ? i : p.length - 1 - i], first);
      if (s) return s;
    }
    return null;
  }
  if (isToken(p)) return { file: p.file, start: p.offset, end: p.offset + p.text.length };
  return p.span;
}

/** The span from the first to the last located part. */
export function span(...parts: Part[]): A.Span {
  const a = spanOfPart(parts, true);
  const b = spanOfPart(parts, false);
  if (!a || !b) throw new Error('internal: span of a rule with no located parts');
  return { file: a.file, start: a.start, end: b.end };
}

export function tokenSpan(t: PToken): A.Span {
  return { file: t.file, start: t.offset, end: t.offset + t.text.length };
}

export function ident(t: PToken): A.Ident {
  return { kind: 'ident', name: t.text, span: tokenSpan(t) };
}

export { Cons, cons, items };

/** Flatten the `(sep X):*` groups of a repetition, with the first element before them. */
export function listOf<T>(first: T | null, rest: Cons | readonly unknown[] | null, pick = 1): T[] {
  const out: T[] = first === null ? [] : [first];
  for (const group of items<unknown[]>(rest)) out.push(group[pick] as T);
  return out;
}

// ---------------------------------------------------------------- items

export function importItem(d: any[]): A.ImportItem {
  return { kind: 'import', path: d[1], span: span(d) };
}

export function constItem(d: any[]): A.ConstItem {
  const binding = (d[0][0] as PToken).text as 'const' | 'param';
  return { kind: 'const', binding, name: ident(d[1]), value: d[3], span: span(d) };
}

export function clockItem(d: any[]): A.ClockItem {
  return { kind: 'clock', name: ident(d[1]), value: d[3], span: span(d) };
}

export function namespaceItem(d: any[]): A.NamespaceItem {
  return { kind: 'namespace', name: ident(d[1]), items: items(d[3]), span: span(d) };
}

export function componentItem(d: any[]): A.ComponentItem {
  const cat = d[0][0] as PToken;
  return {
    kind: 'component',
    category: cat.text as A.Category,
    categorySpan: tokenSpan(cat),
    name: ident(d[1]),
    base: d[2] ? d[2][1] : null,
    body: d[3].stmts,
    span: span(d),
  };
}

export function tileItem(d: any[]): A.TileItem {
  return { kind: 'tile', name: ident(d[1]), body: d[2].stmts, span: span(d) };
}

export function chipItem(d: any[]): A.ChipItem {
  return { kind: 'chip', name: ident(d[1]), body: d[2].stmts, span: span(d) };
}

export function testbenchItem(d: any[]): A.TestbenchItem {
  return { kind: 'testbench', name: ident(d[1]), target: d[3], body: d[4].stmts, span: span(d) };
}

export function networkItem(d: any[]): A.NetworkItem {
  return { kind: 'network', name: ident(d[1]), target: d[3], body: d[4].stmts, span: span(d) };
}

export function qualified(d: any[]): A.QualifiedName {
  const parts = listOf<PToken>(d[0], d[1]).map(ident);
  return { kind: 'qualified', parts, span: span(d) };
}

/** `{ stmts }`: the statements and the span of the braces. */
export function body(d: any[]): { stmts: A.Stmt[]; span: A.Span } {
  return { stmts: items(d[1]), span: span(d) };
}

// ---------------------------------------------------------------- network statements

export function layer(d: any[]): A.LayerStmt {
  return { kind: 'layer', layer: ident(d[0]), name: ident(d[1]), body: d[2].stmts, span: span(d) };
}

export function activation(d: any[]): A.ActivationStmt {
  return { kind: 'activation', layer: ident(d[0]), span: span(d) };
}

export function train(d: any[]): A.TrainStmt {
  return { kind: 'train', body: d[1].stmts, span: span(d) };
}

export function mapStmt(d: any[]): A.MapStmt {
  return { kind: 'map', layer: ident(d[1]), tiles: listOf<A.Expr>(d[3], d[4]), span: span(d) };
}

// ---------------------------------------------------------------- statements

export function assign(d: any[]): A.AssignStmt {
  return { kind: 'assign', name: ident(d[0][0]), value: d[2], span: span(d) };
}

export function localConst(d: any[]): A.ConstStmt {
  return { kind: 'local-const', name: ident(d[1]), value: d[3], span: span(d) };
}

export function instance(d: any[]): A.InstanceStmt {
  const dims = items<unknown[]>(d[2]).map((g) => g[1] as A.Expr);
  const b = d[3] && !isToken(d[3]) ? (d[3] as { stmts: A.Stmt[] }).stmts : null;
  return { kind: 'instance', type: d[0], name: ident(d[1]), dims, body: b, span: span(d) };
}

export function connect(d: any[]): A.ConnectStmt {
  return { kind: 'connect', chain: listOf<A.Expr>(d[1], d[2]), span: span(d) };
}

export function link(d: any[]): A.LinkStmt {
  const b = d[4] && !isToken(d[4]) ? (d[4] as { stmts: A.Stmt[] }).stmts : null;
  return { kind: 'link', from: d[1], to: d[3], body: b, span: span(d) };
}

export function forStmt(d: any[]): A.ForStmt {
  return { kind: 'for', variable: ident(d[1]), range: d[3], body: d[4].stmts, span: span(d) };
}

export function ifStmt(d: any[]): A.IfStmt {
  let elseBranch: A.Stmt[] | null = null;
  if (d[3]) {
    const e = d[3][1];
    elseBranch = e.kind === 'if' ? [e] : e.stmts;
  }
  return { kind: 'if', cond: d[1], then: d[2].stmts, else: elseBranch, span: span(d) };
}

export function program(d: any[]): A.ProgramStmt {
  return { kind: 'program', target: d[1], source: d[3], span: span(d) };
}

export function drive(d: any[]): A.DriveStmt {
  return { kind: 'drive', target: d[1], source: d[3], span: span(d) };
}

export function runFor(d: any[]): A.RunStmt {
  return { kind: 'run', mode: 'for', duration: d[2], span: span(d) };
}

export function runUntilIdle(d: any[]): A.RunStmt {
  return { kind: 'run', mode: 'until-idle', duration: null, span: span(d) };
}

export function runNetwork(d: any[]): A.RunNetworkStmt {
  const w = d[3] as [PToken, A.Expr, [PToken, A.Expr] | null] | null;
  const data = w ? [w[1], ...(w[2] ? [w[2][1]] : [])] : [];
  return { kind: 'run-network', network: ident(d[2]), data, span: span(d) };
}

export function expectIdeal(d: any[]): A.ExpectIdealStmt {
  return { kind: 'expect-ideal', target: d[1], tolerance: d[5], span: span(d) };
}

export function expectCmp(d: any[]): A.ExpectCmpStmt {
  return { kind: 'expect-cmp', expr: d[1], span: span(d) };
}

export function trace(d: any[]): A.TraceStmt {
  return { kind: 'trace', targets: listOf<A.Expr>(d[1], d[2]), file: d[4], span: span(d) };
}

// ---------------------------------------------------------------- expressions

export function numberLit(d: any[]): A.NumberLit {
  const t = d[0] as PToken;
  const u = d[1] as PToken | null;
  return {
    kind: 'number',
    text: t.text,
    value: numberValue(t.text),
    unit: u ? { kind: 'unit', text: u.text, span: tokenSpan(u) } : null,
    span: span(d),
  };
}

export function stringLit(d: any[]): A.StringLit {
  const t = d[0] as PToken;
  return { kind: 'string', value: stringValue(t.text), span: tokenSpan(t) };
}

export function boolLit(d: any[]): A.BoolLit {
  const t = d[0] as PToken;
  return { kind: 'bool', value: t.text === 'true', span: tokenSpan(t) };
}

export function name(d: any[]): A.NameExpr {
  const t = d[0] as PToken;
  return { kind: 'name', name: t.text, span: tokenSpan(t) };
}

export function member(d: any[]): A.MemberExpr {
  return { kind: 'member', object: d[0], member: ident(d[2][0]), span: span(d) };
}

export function index(d: any[]): A.IndexExpr {
  return { kind: 'index', object: d[0], index: d[2], span: span(d) };
}

export function call(d: any[]): A.CallExpr {
  const args = d[2] ? listOf<A.Arg>(d[2][0], d[2][1]) : [];
  return { kind: 'call', callee: ident(d[0]), args, span: span(d) };
}

export function positionalArg(d: any[]): A.Arg {
  return { kind: 'arg', name: null, value: d[0], span: span(d) };
}

export function namedArg(d: any[]): A.Arg {
  return { kind: 'arg', name: ident(d[0]), value: d[2], span: span(d) };
}

export function binary(d: any[]): A.BinaryExpr {
  const opTok = Array.isArray(d[1]) ? d[1][0] : d[1];
  return { kind: 'binary', op: (opTok as PToken).text as A.BinaryOp, left: d[0], right: d[2], span: span(d) };
}

/**
 * `c1 ? t1 : c2 ? t2 : e`, parsed as a head and a left-recursive list of `? then : next`
 * tails (nearley is quadratic on right recursion), folded back to the right-nested tree.
 */
export function condChain(d: any[]): A.Expr {
  const head = d[0] as A.Expr;
  const tails = items<any[]>(d[1]).map((t) => ({ then: t[1] as A.Expr, next: t[3] as A.Expr }));
  if (tails.length === 0) return head;
  let elseE = tails[tails.length - 1]!.next;
  for (let i = tails.length - 1; i >= 0; i--) {
    const c = i === 0 ? head : tails[i - 1]!.next;
    elseE = { kind: 'cond', cond: c, then: tails[i]!.then, else: elseE, span: span(c, elseE) };
  }
  return elseE;
}

function applySigns(signs: PToken[], e: A.Expr): A.Expr {
  let out = e;
  for (let i = signs.length - 1; i >= 0; i--) {
    out = { kind: 'unary', op: signs[i]!.text as A.UnaryOp, operand: out, span: span(signs[i]!, out) };
  }
  return out;
}

/** `- - x`: a list of signs (left-recursive) before a power, applied innermost last. */
export function unaryChain(d: any[]): A.Expr {
  return applySigns(items<PToken[]>(d[0]).map((g) => g[0]!), d[1]);
}

/** `a ** -b ** c` = a ** (-(b ** c)): a head and `** signs operand` tails, folded to the right. */
export function powChain(d: any[]): A.Expr {
  const head = d[0] as A.Expr;
  const tails = items<any[]>(d[1]).map((t) => ({ op: t[0] as PToken, signs: items<PToken[]>(t[1]).map((g) => g[0]!), operand: t[2] as A.Expr }));
  if (tails.length === 0) return head;
  let acc = applySigns(tails[tails.length - 1]!.signs, tails[tails.length - 1]!.operand);
  for (let i = tails.length - 2; i >= 0; i--) {
    const t = tails[i]!;
    acc = applySigns(t.signs, { kind: 'binary', op: '**', left: t.operand, right: acc, span: span(t.operand, acc) });
  }
  return { kind: 'binary', op: '**', left: head, right: acc, span: span(head, acc) };
}

export function list(d: any[]): A.ListExpr {
  const items = d[1] ? listOf<A.Expr>(d[1][0], d[1][1]) : [];
  return { kind: 'list', items, span: span(d) };
}

export function range(d: any[]): A.RangeExpr {
  return { kind: 'range', lo: d[0], hi: d[2], inclusive: (d[1] as PToken).text === '..=', span: span(d) };
}

/** `( expr )`: the inner expression keeps its own span; parentheses are not a node. */
export function paren(d: any[]): A.Expr {
  return d[1];
}
