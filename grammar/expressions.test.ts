import test from 'ava';
import type { Expr } from '../dsl/ast.js';
import { expr as printExpr } from './print-ast.js';
import { checkTree, parseCodes, parseText } from '../test/parse-utils.js';

function parseExpr(text: string): Expr {
  const r = parseText(`const x = ${text};`);
  if (r.diagnostics.length) throw new Error(`${text}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return (r.ast.items[0] as { value: Expr }).value;
}

/** Fully parenthesised form, to assert structure. */
function shape(e: Expr): string {
  switch (e.kind) {
    case 'binary':
      return `(${shape(e.left)} ${e.op} ${shape(e.right)})`;
    case 'unary':
      return `(${e.op}${shape(e.operand)})`;
    case 'cond':
      return `(${shape(e.cond)} ? ${shape(e.then)} : ${shape(e.else)})`;
    default:
      return printExpr(e);
  }
}

test('precedence and associativity', (t) => {
  const cases: [string, string][] = [
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['8 / 2 / 2', '((8 / 2) / 2)'],
    ['2 ** 3 ** 2', '(2 ** (3 ** 2))'],
    ['-2 ** 2', '(-(2 ** 2))'],
    ['2 ** -1', '(2 ** (-1))'],
    ['a < b && c || d', '(((a < b) && c) || d)'],
    ['!a && b', '((!a) && b)'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['x % 4 == 0', '((x % 4) == 0)'],
    ['1 ns * 2 + 3 ns', '((1 ns * 2) + 3 ns)'],
  ];
  for (const [src, want] of cases) t.is(shape(parseExpr(src)), want, src);
});

test('postfix: members, indexing, ranges in brackets, calls with named arguments', (t) => {
  checkTree(t, 'const a = pcm.hermes.g_max / 2;\nconst b = xs[3];\nconst c = xs[1..3];\nconst d = f(1, 2, k = 3,);\nconst e = [1, 2, 3,];\nconst f = [];');
});

test('numbers with units, strings, booleans, lists', (t) => {
  const e = parseExpr('[1 GHz, 25 uS, 0.15 ohm, 300 ps, "s", true, 1200 um2]');
  t.is(printExpr(e), '[1 GHz, 25 uS, 0.15 ohm, 300 ps, "s", true, 1200 um2]');
});

test('comparisons do not chain', (t) => {
  t.deepEqual(parseCodes('const x = 1 < 2 < 3;'), ['E1004']);
});

test('round trip keeps needed parentheses only', (t) => {
  t.is(printExpr(parseExpr('(1 + 2) * 3')), '(1 + 2) * 3');
  t.is(printExpr(parseExpr('((1)) + (2 * 3)')), '1 + 2 * 3');
  t.is(printExpr(parseExpr('(-2) ** 2')), '(-2) ** 2');
  t.is(printExpr(parseExpr('a - (b - c)')), 'a - (b - c)');
  t.is(printExpr(parseExpr('(a ? b : c) + 1')), '(a ? b : c) + 1');
  t.is(printExpr(parseExpr('(1 < 2) == true')), '(1 < 2) == true');
});
