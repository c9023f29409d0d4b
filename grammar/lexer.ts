// grammar/lexer.ts: every token of the xbar language.
//
// The lexer never throws: characters it cannot place become `invalid` problems, and an
// unterminated string or block comment becomes its own token type, so that the parse
// façade can turn each into a diagnostic with a span.
//
// Units. A physical unit is written after a number (`1 GHz`, `25 uS`, `3ns`, `0.2 fF/um`).
// After a number the lexer switches to the `unit` state: there, a word on the same line
// is a `unit` token; anything else (newline, punctuation, another number) goes back to
// the main state and is lexed normally. So `rows = 4` followed by a newline and
// `cols = 4;` is a missing `;`, not the unit `cols`.
import moo from 'moo';

/** Reserved words: never identifiers. Contextual words (`with`, `to`, `ideal`, ...) are not here. */
export const KEYWORDS = [
  'import', 'const', 'param', 'clock', 'namespace',
  'device', 'dac', 'adc', 'crossbar', 'sample_hold', 'integrator', 'shift_add', 'digital', 'buffer',
  'tile', 'chip', 'testbench', 'network',
  'for', 'in', 'if', 'else', 'connect', 'link',
  'program', 'drive', 'run', 'expect', 'trace',
  'true', 'false',
] as const;
export type Keyword = (typeof KEYWORDS)[number];

/** Words that start a top-level item; the parse façade splits a file before each at depth 0. */
export const ITEM_KEYWORDS: ReadonlySet<string> = new Set([
  'import', 'const', 'param', 'clock', 'namespace',
  'device', 'dac', 'adc', 'crossbar', 'sample_hold', 'integrator', 'shift_add', 'digital', 'buffer',
  'tile', 'chip', 'testbench', 'network',
]);

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/;
const UNIT = /[A-Za-zµμΩ][A-Za-z0-9µμΩ_]*(?:\/[A-Za-zµμΩ][A-Za-z0-9µμΩ_]*)*/;
const NUMBER = /0[xX][0-9a-fA-F][0-9a-fA-F_]*|0[bB][01][01_]*|[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9]+)?/;

const keywordTransform = moo.keywords(Object.fromEntries(KEYWORDS.map((k) => [k, k])));

/** Rules shared by both states; in the unit state each goes back to `main`. */
function sharedRules(back: boolean): moo.Rules {
  const next = back ? { next: 'main' } : {};
  return {
    nl: { match: /\r?\n/, lineBreaks: true, ...next },
    ws: /[ \t\f\v\r]+/,
    line_comment: { match: /\/\/[^\n]*/, ...next },
    block_comment: { match: /\/\*[^]*?\*\//, lineBreaks: true, ...next },
    unterminated_comment: { match: /\/\*[^]*/, lineBreaks: true, ...next },
    string: { match: /"(?:[^"\\\n]|\\[^\n])*"/, ...next },
    unterminated_string: { match: /"(?:[^"\\\n]|\\[^\n])*/, ...next },
    number: { match: NUMBER, next: 'unit' },
    ident: { match: IDENT, type: keywordTransform, ...next },
    arrow: { match: '->', ...next },
    range_incl: { match: '..=', ...next },
    range: { match: '..', ...next },
    op2: { match: ['==', '!=', '<=', '>=', '&&', '||', '**'], ...next },
    punct: { match: /[{}()[\];,.:=+\-*/%<>!?~]/, ...next },
    // Catch-all: one character (or one surrogate pair) the language has no use for.
    invalid: { match: /[\uD800-\uDBFF][\uDC00-\uDFFF]|[^]/, lineBreaks: true, ...next },
  };
}

const lexer = moo.states({
  main: sharedRules(false),
  unit: {
    // On the same line as the number: skip blanks, then a word is a unit.
    unit_ws: /[ \t]+/,
    unit: { match: UNIT, next: 'main' },
    ...sharedRules(true),
  },
});

export interface Token {
  /** Token type: a keyword, `ident`, `number`, `unit`, `string`, or the punctuation text itself. */
  type: string;
  /** The source text. */
  text: string;
  /** Same as `text` (nearley's lexer interface reads `value`). */
  value: string;
  /** Offset of the first character in the file (UTF-16 code units). */
  offset: number;
  /** Id of the file the token comes from. */
  file: number;
}

export type LexProblem =
  | { kind: 'invalid-char'; token: Token }
  | { kind: 'unterminated-string'; token: Token }
  | { kind: 'unterminated-comment'; token: Token }
  | { kind: 'invalid-escape'; token: Token; at: number };

export interface LexResult {
  tokens: Token[];
  problems: LexProblem[];
}

const SKIP = new Set(['nl', 'ws', 'unit_ws', 'line_comment', 'block_comment']);
const ESCAPE = /\\(.)/g;
const VALID_ESCAPES = new Set(['"', '\\', 'n', 't']);

/** Lex a whole file. Punctuation tokens take their text as type, so the grammar can match `"{"`. */
export function lex(text: string, file = 0): LexResult {
  const tokens: Token[] = [];
  const problems: LexProblem[] = [];
  lexer.reset(text);
  for (const t of lexer) {
    const type = t.type ?? 'error';
    if (SKIP.has(type)) continue;
    const token: Token = { type, text: t.text, value: t.text, offset: t.offset, file };
    switch (type) {
      case 'invalid': {
        // Adjacent invalid characters make one problem.
        const last = problems[problems.length - 1];
        if (last?.kind === 'invalid-char' && last.token.offset + last.token.text.length === t.offset) {
          last.token.text += t.text;
        } else {
          problems.push({ kind: 'invalid-char', token });
        }
        continue;
      }
      case 'unterminated_string':
        problems.push({ kind: 'unterminated-string', token });
        tokens.push({ ...token, type: 'string' });
        continue;
      case 'unterminated_comment':
        problems.push({ kind: 'unterminated-comment', token });
        continue;
      case 'string':
        for (const m of t.text.matchAll(ESCAPE)) {
          if (!VALID_ESCAPES.has(m[1]!)) problems.push({ kind: 'invalid-escape', token, at: t.offset + (m.index ?? 0) });
        }
        break;
      case 'op2': case 'punct': case 'arrow': case 'range': case 'range_incl':
        token.type = t.text;
        break;
    }
    tokens.push(token);
  }
  return { tokens, problems };
}

/** The value of a string token without quotes, escapes resolved. */
export function stringValue(text: string): string {
  const body = text.endsWith('"') && text.length >= 2 ? text.slice(1, -1) : text.slice(1);
  return body.replace(ESCAPE, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** The numeric value of a number token (decimal, 0x hex, 0b binary; `_` separators allowed). */
export function numberValue(text: string): number {
  const clean = text.replace(/_/g, '');
  if (/^0[xX]/.test(clean)) return parseInt(clean.slice(2), 16);
  if (/^0[bB]/.test(clean)) return parseInt(clean.slice(2), 2);
  return Number(clean);
}
