// hdl-export/veriloga/lexer.ts: the tokens of the Verilog-A subset xbar emits (moo).
//
// `rawLex` turns text into every token, blanks, newlines and comments included: the
// preprocessor (preprocess.ts) needs newlines to find the end of a `define. It never throws:
// a character no rule matches becomes an `invalid` token, an unterminated string or block
// comment its own token type, and the parse façade turns each into a syntax problem.
//
// `grammarLexer` is the object the generated grammar names (`@lexer grammarLexer`); the parse
// façade gives each nearley parser its own `TokenArrayLexer` over an already-preprocessed
// token array instead.
import moo from 'moo';
import { TokenArrayLexer as GenericTokenArrayLexer } from '../../grammar/lexer-adapter.js';

/** Reserved words of the subset: never identifiers. `or` separates events in `@(...)`. */
export const VA_KEYWORDS = [
  'module', 'endmodule', 'input', 'output', 'inout', 'ground',
  'parameter', 'localparam', 'real', 'integer', 'string', 'genvar', 'from', 'exclude', 'inf',
  'analog', 'function', 'endfunction', 'begin', 'end', 'if', 'else', 'case', 'endcase', 'default',
  'for', 'while', 'repeat', 'or',
] as const;

/**
 * The access functions of the `electrical` discipline. They get their own token type so that
 * `V(a, b)` is a branch access, not a function call, without an ambiguity in the grammar.
 */
export const ACCESS_FUNCTIONS = ['V', 'I'] as const;

const keywordTransform = moo.keywords({
  ...Object.fromEntries(VA_KEYWORDS.map((k) => [k, k])),
  access: [...ACCESS_FUNCTIONS],
});

/** Operators and punctuation; moo matches the longest literal first. */
const OPERATORS = [
  '<<<', '>>>', '===', '!==',
  '(*', '*)', "'{", '**', '<+', '<=', '>=', '==', '!=', '&&', '||', '<<', '>>', '~&', '~|', '~^', '^~',
  '(', ')', '[', ']', '{', '}', ';', ',', ':', '?', '=', '@', '#', '.',
  '+', '-', '*', '/', '%', '!', '~', '&', '|', '^', '<', '>',
];

const lexer = moo.compile({
  nl: { match: /\r?\n/, lineBreaks: true },
  ws: /[ \t\f\v\r]+/,
  continuation: { match: /\\\r?\n/, lineBreaks: true },
  line_comment: /\/\/[^\n]*/,
  block_comment: { match: /\/\*[^]*?\*\//, lineBreaks: true },
  unterminated_comment: { match: /\/\*[^]*/, lineBreaks: true },
  string: /"(?:[^"\\\n]|\\[^\n])*"/,
  unterminated_string: /"(?:[^"\\\n]|\\[^\n])*/,
  directive: /`[A-Za-z_][A-Za-z0-9_$]*/,
  // 4'b1010, 'd12, 8'shFF (before the decimal rule, which would take the size).
  based: /(?:[0-9][0-9_]*[ \t]*)?'[sS]?[bBoOdDhH][ \t]*[0-9a-fA-FxXzZ?][0-9a-fA-FxXzZ?_]*/,
  // A decimal number and any letters glued to it: the façade checks the suffix is one scale
  // factor (`1n`, `2.5u`, `3K`), so that `1ns` is an error, not `1n` followed by `s`.
  number: /[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9][0-9_]*)?[A-Za-z0-9_]*/,
  sysname: /\$[A-Za-z_][A-Za-z0-9_$]*/,
  ident: { match: /[A-Za-z_][A-Za-z0-9_$]*/, type: keywordTransform },
  op: OPERATORS,
  // Catch-all: one character (or one surrogate pair) the language has no use for.
  invalid: { match: /[\uD800-\uDBFF][\uDC00-\uDFFF]|[^]/, lineBreaks: true },
});

/** A token as the preprocessor and the parser see it. */
export interface VaToken {
  /** A keyword, `ident`, `access`, `sysname`, `number`, `based`, `string`, `invalid`,
   *  `unterminated_string`, `unterminated_comment`, or the operator text itself. */
  type: string;
  text: string;
  /** Same as `text` (nearley's lexer interface reads `value`). */
  value: string;
  /** 1-based line and column. Tokens from a macro body carry the position of the macro use. */
  line: number;
  col: number;
  offset: number;
}

/** Raw token types the preprocessor drops (after using newlines to end a `define). */
export const SKIPPED = new Set(['nl', 'ws', 'continuation', 'line_comment', 'block_comment']);

/** Every token of `text`, in order, blanks and comments included. Operators take their text as type. */
export function rawLex(text: string): VaToken[] {
  const out: VaToken[] = [];
  lexer.reset(text);
  for (const t of lexer) {
    let type = t.type ?? 'invalid';
    if (type === 'op') type = t.text;
    out.push({ type, text: t.text, value: t.text, line: t.line, col: t.col, offset: t.offset });
  }
  return out;
}

const SCALE: Record<string, number> = {
  T: 1e12, G: 1e9, M: 1e6, K: 1e3, k: 1e3, m: 1e-3, u: 1e-6, n: 1e-9, p: 1e-12, f: 1e-15, a: 1e-18,
};

/** The value of a `number` token, or an error for a bad suffix. `integer` when it has no `.`, exponent or scale factor. */
export function numberValue(text: string): { value: number; integer: boolean } | { error: string } {
  const m = /^([0-9][0-9_]*)(\.[0-9][0-9_]*)?([eE][+-]?[0-9][0-9_]*)?([A-Za-z_][A-Za-z0-9_]*)?$/.exec(text);
  if (!m) return { error: `malformed number \`${text}\`` };
  const [, int, frac, exp, suffix] = m;
  const base = Number(`${int!.replace(/_/g, '')}${frac ? frac.replace(/_/g, '') : ''}${exp ? exp.replace(/_/g, '') : ''}`);
  if (suffix === undefined) return { value: base, integer: !frac && !exp };
  const scale = SCALE[suffix];
  if (scale === undefined) {
    return { error: `\`${suffix}\` after the number \`${text.slice(0, text.length - suffix.length)}\` is not a scale factor (T G M K k m u n p f a)` };
  }
  if (exp) return { error: `number \`${text}\` has both an exponent and a scale factor` };
  // Multiply in decimal to avoid 2.5u = 2.4999999999999998e-6.
  return { value: Number(`${int!.replace(/_/g, '')}${frac ? frac.replace(/_/g, '') : ''}e${Math.round(Math.log10(scale))}`), integer: false };
}

/** The value of a based number (`4'b1010`); NaN when it has x/z digits. */
export function basedValue(text: string): number {
  const m = /'[sS]?([bBoOdDhH])\s*([0-9a-fA-FxXzZ?_]+)$/.exec(text);
  if (!m) return NaN;
  const digits = m[2]!.replace(/_/g, '');
  if (/[xXzZ?]/.test(digits)) return NaN;
  const radix = { b: 2, o: 8, d: 10, h: 16 }[m[1]!.toLowerCase() as 'b' | 'o' | 'd' | 'h'];
  const v = parseInt(digits, radix);
  return v;
}

/** The value of a string token without quotes, escapes resolved. */
export function stringValue(text: string): string {
  const body = text.endsWith('"') && text.length >= 2 ? text.slice(1, -1) : text.slice(1);
  return body.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** Feeds an already-lexed token array to nearley (literals match `text`, `%type` matches `type`). */
export class TokenArrayLexer extends GenericTokenArrayLexer<VaToken> {}

/** The lexer object the generated grammar names; each parse installs its own TokenArrayLexer. */
export const grammarLexer = new TokenArrayLexer();
