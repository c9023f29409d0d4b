// dsl/elaborate/paths.ts: instance paths such as `c[0].adcs[0..4]` or `array.cols[0..128]`,
// split into named segments, each with its index or range selections.
import type * as A from '../ast.js';
import type { Ctx } from './context.js';
import { evaluate, evaluateRange, toIndex } from './evaluate.js';
import type { Scope } from './scope.js';

export interface Segment {
  name: string;
  span: A.Span;
  selections: (A.Expr | A.RangeExpr)[];
}

/** Split a path expression; null if it is not a path (a number, a call, ...). */
export function segments(e: A.Expr): Segment[] | null {
  switch (e.kind) {
    case 'name':
      return [{ name: e.name, span: e.span, selections: [] }];
    case 'index': {
      const s = segments(e.object);
      if (!s) return null;
      s[s.length - 1]!.selections.push(e.index);
      return s;
    }
    case 'member': {
      const s = segments(e.object);
      if (!s) return null;
      s.push({ name: e.member.name, span: e.member.span, selections: [] });
      return s;
    }
    default:
      return null;
  }
}

export interface Selection {
  lo: number;
  hi: number;
  /** Written as a single index (`[3]`) rather than a range. */
  single: boolean;
  span: A.Span;
}

export function evalSelection(sel: A.Expr | A.RangeExpr, scope: Scope, cx: Ctx): Selection | null {
  if (sel.kind === 'range') {
    const r = evaluateRange(sel, scope, cx);
    return r ? { ...r, single: false, span: sel.span } : null;
  }
  const i = toIndex(evaluate(sel, scope, cx), sel.span, cx);
  return i === null ? null : { lo: i, hi: i + 1, single: true, span: sel.span };
}

/** Check a selection against a size; reports E2013. */
export function inBounds(s: Selection, size: number, what: string, cx: Ctx): boolean {
  if (s.lo >= 0 && s.hi <= size && s.lo < s.hi) return true;
  const shown = s.single ? `index ${s.lo}` : `lanes ${s.lo}..${s.hi}`;
  cx.report('E2013', `${shown} ${s.single ? 'is' : 'are'} outside ${what} (${size} element${size === 1 ? '' : 's'}: 0..${size})`, s.span, {
    label: 'out of range',
  });
  return false;
}

