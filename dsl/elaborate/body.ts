// dsl/elaborate/body.ts: run the generate-style control flow of a block body.
//
// `for i in lo..hi { ... }`, `if cond { ... } else { ... }` and `const x = e;` are handled
// here, the same way in tiles, chips and testbenches; every other statement is passed to
// the block's handler with the scope it runs in. Each executed statement costs one step of
// the elaboration budget, so a runaway loop ends with E2018 instead of a hang.
import type * as A from '../ast.js';
import type { Ctx } from './context.js';
import { KINDS } from '../schema/index.js';
import { evaluate, evaluateRange, forceConst } from './evaluate.js';
import { Scope, type ConstEntity } from './scope.js';
import { describeValue, num } from './values.js';

export type StmtHandler = (stmt: A.Stmt, scope: Scope) => void;

/** Called with statements that were not run because their `if` or `for` head was in error. */
export type SkipHandler = (stmts: readonly A.Stmt[]) => void;

/** Every statement in a list, nested bodies included (for poisoning skipped declarations). */
export function* allStatements(stmts: readonly A.Stmt[]): Generator<A.Stmt> {
  for (const s of stmts) {
    yield s;
    if (s.kind === 'for') yield* allStatements(s.body);
    if (s.kind === 'if') {
      yield* allStatements(s.then);
      if (s.else) yield* allStatements(s.else);
    }
  }
}

function declareLocal(scope: Scope, name: A.Ident, entity: ConstEntity, cx: Ctx): boolean {
  if (name.name in KINDS) {
    cx.report('E2002', `\`${name.name}\` is the name of a built-in kind`, name.span, { label: 'choose another name' });
    return false;
  }
  const prev = scope.declare(name.name, entity);
  if (prev) {
    cx.report('E2002', `\`${name.name}\` is already declared in this block`, name.span, {
      label: 'declared again here',
      labels: prev.k === 'const' ? [{ span: prev.decl.span, message: 'first declared here' }] : [],
    });
    return false;
  }
  return true;
}

/** Returns false once the step budget is spent (the caller stops). */
export function walkBody(stmts: readonly A.Stmt[], scope: Scope, cx: Ctx, handle: StmtHandler, skipped?: SkipHandler): boolean {
  // Local constants are collected on the context; `elaborate` warns about the unused ones at
  // the end, once their block's deferred connections and links have been resolved.
  return walk(stmts, scope, cx, handle, cx.locals, skipped);
}

function walk(stmts: readonly A.Stmt[], scope: Scope, cx: Ctx, handle: StmtHandler, locals: ConstEntity[], skipped?: SkipHandler): boolean {
  for (const st of stmts) {
    if (!cx.step(st.span)) return false;
    switch (st.kind) {
      case 'local-const': {
        const c: ConstEntity = {
          k: 'const', name: st.name.name, binding: 'local', decl: st.name, expr: st.value, scope,
          state: 'todo', value: { t: 'error' }, user: true, used: false,
        };
        // Local constants are evaluated where they are declared, in order.
        if (declareLocal(scope, st.name, c, cx)) {
          forceConst(c, cx);
          locals.push(c);
        }
        break;
      }
      case 'for': {
        const r = evaluateRange(st.range, scope, cx);
        if (!r) {
          skipped?.(st.body);
          break;
        }
        for (let i = r.lo; i < r.hi; i++) {
          if (!cx.step(st.span)) return false;
          const inner = new Scope(scope, 'for');
          const v: ConstEntity = {
            k: 'const', name: st.variable.name, binding: 'loop', decl: st.variable, expr: null, scope: null,
            state: 'done', value: num(i), user: false, used: true,
          };
          inner.declare(st.variable.name, v);
          if (!walkBody(st.body, inner, cx, handle, skipped)) return false;
        }
        break;
      }
      case 'if': {
        const c = evaluate(st.cond, scope, cx);
        if (c.t !== 'bool') {
          if (c.t !== 'error') cx.report('E2007', `an \`if\` condition must be a boolean, found ${describeValue(c)}`, st.cond.span);
          skipped?.([...st.then, ...(st.else ?? [])]);
          break;
        }
        const branch = c.v ? st.then : st.else;
        if (branch && !walkBody(branch, new Scope(scope, 'if'), cx, handle, skipped)) return false;
        break;
      }
      default:
        handle(st, scope);
    }
  }
  return true;
}

/** "`connect` is not allowed in a chip" with the blocks where it is. */
export function misplaced(st: A.Stmt, where: string, cx: Ctx): void {
  const allowed: Record<string, string> = {
    assign: 'component, tile, chip, link and testbench bodies',
    instance: 'tiles (components) and chips (tiles)',
    connect: 'tiles',
    link: 'chips',
    program: 'testbenches',
    drive: 'testbenches',
    run: 'testbenches',
    'expect-ideal': 'testbenches',
    'expect-cmp': 'testbenches',
    trace: 'testbenches',
  };
  const word = st.kind.startsWith('expect') ? 'expect' : st.kind === 'assign' ? 'a parameter assignment' : st.kind;
  cx.report('E2016', `${word === 'a parameter assignment' ? word : `\`${word}\``} is not allowed in ${where}`, st.span, {
    label: 'misplaced',
    notes: allowed[st.kind] ? [`\`${word}\` belongs in ${allowed[st.kind]}`] : [],
  });
}
