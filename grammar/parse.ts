// grammar/parse.ts: the parse façade. Text in, `{ ast, diagnostics }` out; it never throws.
//
// 1. Lex the whole file (lexer.ts); lexing problems become E1001-E1003/E1007.
// 2. Check bracket nesting depth and the length of right-associative chains (E1006), so
//    that no later recursive walk can overflow and no chain costs quadratic parse time.
// 3. Split the token stream before item keywords at bracket depth 0 (`tile`, `dac`, ...)
//    that begin a new item (after `;`, `}` or a line break). Each piece is parsed on its
//    own: one syntax error costs one item, and the errors of every item are collected.
// 4. Parse each piece with nearley. A thrown error becomes E1004 "expected ..., found ..."
//    built from the terminals of the last parsed column; an incomplete piece becomes E1005
//    (or E1004 at the next item). nearley's own message is never shown. More than one parse
//    is a grammar bug (E9001).
// 5. Measure expression depth (iteratively) and reject trees deeper than MAX_DEPTH (E1006).
import nearley from 'nearley';
import type { FileAst, Item, Span } from '../dsl/ast.js';
import { diag, type Diagnostic } from '../dsl/diagnostics/diagnostic.js';
import type { SourceFile } from '../dsl/diagnostics/source.js';
import type { PToken } from './ast-builders.js';
import compiledGrammar from './generated/xbar-grammar.js';
import { ITEM_KEYWORDS, KEYWORDS, lex, type LexProblem } from './lexer.js';
import { TokenArrayLexer } from './lexer-adapter.js';
import { alternatives, expectedAt } from './expected.js';

export const LIMITS = {
  /** Largest source file, in characters. */
  maxFileChars: 64 * 1024 * 1024,
  /** Deepest bracket nesting or expression tree. */
  maxDepth: 256,
  /** Most tokens in one top-level item. */
  maxItemTokens: 2_000_000,
  /** Syntax errors reported per file before parsing stops. */
  maxErrors: 1000,
};

const grammar = nearley.Grammar.fromCompiled(compiledGrammar as unknown as nearley.CompiledRules);

export interface ParseResult {
  ast: FileAst;
  diagnostics: Diagnostic[];
}

function tokSpan(t: PToken): Span {
  return { file: t.file, start: t.offset, end: t.offset + t.text.length };
}

export function parse(file: SourceFile): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const ast: FileAst = { kind: 'file', file: file.id, items: [] };
  if (file.text.length > LIMITS.maxFileChars) {
    diagnostics.push(
      diag('E1008', `file is ${file.text.length} characters long; the limit is ${LIMITS.maxFileChars}`, {
        file: file.id,
        start: 0,
        end: 0,
      }),
    );
    return { ast, diagnostics };
  }

  const lexed = lex(file.text, file.id);
  for (const p of lexed.problems) diagnostics.push(lexDiagnostic(p, file.id));
  const tokens: PToken[] = lexed.tokens;

  const deep = findDeepNesting(tokens);
  if (deep) {
    diagnostics.push(
      diag('E1006', `brackets nested more than ${LIMITS.maxDepth} deep`, tokSpan(deep), {
        label: 'too deep here',
      }),
    );
    return { ast, diagnostics };
  }

  const chain = findLongChain(tokens);
  if (chain) {
    diagnostics.push(
      diag('E1006', `expression nested more than ${LIMITS.maxDepth * 2} levels deep`, tokSpan(chain), {
        label: 'the chain is still going here',
        notes: ['each operator of a chain such as `a ** b ** c ...` or `a ? b : c ? d : ...` counts as one level'],
        help: 'split it into named constants',
      }),
    );
    return { ast, diagnostics };
  }

  const eof: Span = { file: file.id, start: file.text.length, end: file.text.length };
  const pieces = splitItems(tokens, file.text);
  // A piece that holds a lexing problem would only report its cascade: skip its parse error.
  const lexBad = lexed.problems.map((p) => p.token.offset);
  const hasLexProblem = (i: number) => {
    if (lexBad.length === 0) return false;
    const prev = pieces[i - 1];
    const last = prev?.[prev.length - 1];
    const a = last ? last.offset + last.text.length : 0;
    const b = pieces[i + 1]?.[0]?.offset ?? Infinity;
    return lexBad.some((o) => o >= a && o < b);
  };
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (diagnostics.length >= LIMITS.maxErrors) {
      diagnostics[diagnostics.length - 1]!.notes.push(`parsing of this file stopped after ${diagnostics.length} errors`);
      break;
    }
    const next = pieces[i + 1]?.[0] ?? null;
    if (piece.length > LIMITS.maxItemTokens) {
      diagnostics.push(
        diag('E1008', `this item has ${piece.length} tokens; the limit is ${LIMITS.maxItemTokens}`, tokSpan(piece[0]!)),
      );
      continue;
    }
    const r = parsePiece(piece, next, eof, file.text);
    if (r.diagnostic && !hasLexProblem(i)) diagnostics.push(r.diagnostic);
    else for (const item of r.items) ast.items.push(item);
  }

  for (const item of ast.items) {
    const tooDeep = findDeepTree(item);
    if (tooDeep) {
      diagnostics.push(
        diag('E1006', `expression nested more than ${LIMITS.maxDepth * 2} levels deep`, tooDeep, {
          notes: ['each operator of a chain such as `a + b + c + ...` counts as one level'],
          help: 'split it into named constants',
        }),
      );
      return { ast: { ...ast, items: [] }, diagnostics };
    }
  }
  return { ast, diagnostics };
}

function lexDiagnostic(p: LexProblem, file: number): Diagnostic {
  const span = { file, start: p.token.offset, end: p.token.offset + p.token.text.length };
  switch (p.kind) {
    case 'invalid-char': {
      const shown = [...p.token.text].map(describeChar).join(' ');
      return diag('E1001', `invalid character${[...p.token.text].length > 1 ? 's' : ''} ${shown}`, span, {
        label: 'not part of any token',
        help: p.token.text.includes('#') ? 'comments start with `//` or `/*`' : [],
      });
    }
    case 'unterminated-string':
      return diag('E1002', 'unterminated string', span, {
        label: 'this string has no closing `"` on its line',
      });
    case 'unterminated-comment':
      return diag('E1003', 'unterminated block comment', { file, start: p.token.offset, end: p.token.offset + 2 }, {
        label: 'this `/*` is never closed by `*/`',
      });
    case 'invalid-escape':
      return diag('E1007', 'invalid escape in string', { file, start: p.at, end: p.at + 2 }, {
        label: 'unknown escape',
        help: 'the escapes are `\\"`, `\\\\`, `\\n` and `\\t`',
      });
  }
}

function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return cp >= 0x20 && cp !== 0x7f ? `\`${ch}\` (${hex})` : hex;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

function findDeepNesting(tokens: readonly PToken[]): PToken | null {
  let depth = 0;
  for (const t of tokens) {
    if (OPEN.has(t.type)) {
      if (++depth > LIMITS.maxDepth) return t;
    } else if (CLOSE.has(t.type)) depth = Math.max(0, depth - 1);
  }
  return null;
}

/**
 * Right-associative chains (`**`, `?:`) and runs of prefix signs longer than the tree-depth
 * limit are rejected before parsing: they would be rejected after it anyway (their tree is
 * that deep), and nearley folds them once per position, which is quadratic in their length.
 */
function findLongChain(tokens: readonly PToken[]): PToken | null {
  const limit = LIMITS.maxDepth * 2;
  let pow = 0;
  let cond = 0;
  let signs = 0;
  for (const t of tokens) {
    if (t.type === ';' || t.type === '{' || t.type === '}') {
      pow = cond = 0;
    } else if (t.type === '**') {
      if (++pow > limit) return t;
    } else if (t.type === '?') {
      if (++cond > limit) return t;
    }
    signs = t.type === '-' || t.type === '+' || t.type === '!' ? signs + 1 : 0;
    if (signs > limit) return t;
  }
  return null;
}

/**
 * Split before each item keyword at bracket depth 0 that follows a `;` or `}`, or starts a
 * new line: `const tile = 3;` stays one item, and after `const x = 3` with no `;`, the
 * `tile` on the next line still starts its own item.
 */
function splitItems(tokens: readonly PToken[], text: string): PToken[][] {
  const pieces: PToken[][] = [];
  let cur: PToken[] = [];
  let depth = 0;
  for (const t of tokens) {
    const prev = cur[cur.length - 1];
    const boundary = () =>
      prev !== undefined && (prev.type === ';' || prev.type === '}' || text.slice(prev.offset + prev.text.length, t.offset).includes('\n'));
    if (depth === 0 && ITEM_KEYWORDS.has(t.type) && boundary()) {
      pieces.push(cur);
      cur = [];
    }
    cur.push(t);
    if (OPEN.has(t.type)) depth++;
    else if (CLOSE.has(t.type)) depth = Math.max(0, depth - 1);
  }
  if (cur.length) pieces.push(cur);
  return pieces;
}

interface PieceResult {
  items: Item[];
  diagnostic: Diagnostic | null;
}

function parsePiece(piece: readonly PToken[], next: PToken | null, eof: Span, text: string): PieceResult {
  const parser = new nearley.Parser(grammar);
  const lexer = new TokenArrayLexer();
  lexer.load(piece);
  (parser as unknown as { lexer: TokenArrayLexer }).lexer = lexer;
  try {
    parser.feed('');
  } catch (err) {
    const token = (err as { token?: PToken }).token;
    if (!token) return { items: [], diagnostic: internal(err, piece[0]!) };
    const idx = piece.indexOf(token);
    const prev = idx > 0 ? piece[idx - 1]! : null;
    const d = unexpected(expectedAt(parser, 2, TYPE_NAMES), token, prev, text);
    // An item keyword inside brackets: most likely a `}` is missing before it.
    const open = ITEM_KEYWORDS.has(token.type) ? unclosed(piece.slice(0, idx)) : null;
    if (open) {
      d.labels.push({ span: tokSpan(open), message: `this \`${open.text}\` is not closed before \`${token.text}\`` });
      if (open.text === '{') d.help.push('a `}` is missing here or in a block inside it');
    }
    return { items: [], diagnostic: d };
  }
  const results = parser.results as Item[][];
  if (results.length === 1) return { items: results[0]!, diagnostic: null };
  if (results.length > 1) {
    return {
      items: [],
      diagnostic: diag('E9001', `internal error: the grammar is ambiguous here (${results.length} parses)`, tokSpan(piece[0]!), {
        help: 'please report this input as a bug in xbar',
      }),
    };
  }
  // The piece ended before the item was complete.
  const expected = expectedAt(parser, 1, TYPE_NAMES);
  const last = piece[piece.length - 1]!;
  if (next) {
    const d = unexpected(expected, next, last, text);
    const open = unclosed(piece);
    if (open) {
      d.labels.push({ span: tokSpan(open), message: `this \`${open.text}\` is not closed before \`${next.text}\`` });
      if (open.text === '{') d.help.push('a `}` is missing here or in a block inside it');
    }
    return { items: [], diagnostic: d };
  }
  const where = expected.includes('`;`') ? { ...tokSpan(last), start: tokSpan(last).end } : eof;
  const open = unclosed(piece);
  return {
    items: [],
    diagnostic: diag('E1005', `unexpected end of file: expected ${describeExpected(expected)}`, where, {
      label: 'the file ends here',
      labels: open
        ? [{ span: tokSpan(open), message: `this \`${open.text}\` is never closed` }]
        : [{ span: tokSpan(piece[0]!), message: 'in this item' }],
      help: open?.text === '{' ? 'a `}` is missing here or in a block inside it' : [],
    }),
  };
}

/** The outermost bracket of a piece that is never closed, if any. */
function unclosed(piece: readonly PToken[]): PToken | null {
  const stack: PToken[] = [];
  for (const t of piece) {
    if (OPEN.has(t.type)) stack.push(t);
    else if (CLOSE.has(t.type)) stack.pop();
  }
  return stack[0] ?? null;
}

function internal(err: unknown, at: PToken): Diagnostic {
  return diag('E9001', `internal error while parsing: ${String((err as Error)?.message ?? err).split('\n')[0]}`, tokSpan(at), {
    help: 'please report this input as a bug in xbar',
  });
}

const TYPE_NAMES: Record<string, string> = {
  ident: 'identifier',
  number: 'number',
  unit: 'unit',
  string: 'string',
};

const CONTINUATIONS = [
  '`+`', '`-`', '`*`', '`/`', '`%`', '`**`', '`==`', '`!=`', '`<`', '`<=`', '`>`', '`>=`', '`&&`', '`||`',
  '`?`', '`.`', '`[`', 'unit',
];
const KIND_WORDS = ['`crossbar`', '`sample_hold`', '`integrator`', '`shift_add`', '`digital`'];
const EXPR_STARTS = ['number', 'string', 'identifier', '`(`', '`[`', '`-`', '`+`', '`!`', '`true`', '`false`', ...KIND_WORDS];
const STMT_STARTS = [
  '`const`', '`connect`', '`link`', '`for`', '`if`', '`program`', '`drive`', '`run`', '`expect`', '`trace`', '`clock`',
  '`device`', '`dac`', '`adc`', '`buffer`', ...KIND_WORDS,
];
const ITEM_STARTS = [...ITEM_KEYWORDS].map((k) => `\`${k}\``);

/** Words for a set of expected terminals, grouping the usual sets. */
export function describeExpected(expected: readonly string[]): string {
  // After an expression, an operator could always continue it: only say so if nothing else fits.
  const ends = expected.filter((e) => !CONTINUATIONS.includes(e));
  let rest = ends.length > 0 ? ends : ['an operator'];
  const groups: string[] = [];
  const take = (members: string[], name: string, need: string[]) => {
    if (need.every((n) => rest.includes(n))) {
      rest = rest.filter((r) => !members.includes(r));
      groups.push(name);
    }
  };
  take(ITEM_STARTS, 'an item (`import`, `const`, `param`, `clock`, a component, `tile`, `chip`, `testbench`)', ['`tile`', '`chip`']);
  take([...STMT_STARTS, 'identifier'], 'a statement', ['`connect`', '`program`', 'identifier']);
  take(EXPR_STARTS, 'an expression', ['number', '`(`']);
  return alternatives(groups, rest);
}

function describeToken(t: PToken): string {
  if (t.type === 'ident') return `identifier \`${t.text}\``;
  if (t.type === 'number') return `number \`${t.text}\``;
  if (t.type === 'unit') return `unit \`${t.text}\``;
  if (t.type === 'string') return `string ${t.text}`;
  if ((KEYWORDS as readonly string[]).includes(t.type)) return `keyword \`${t.text}\``;
  return `\`${t.text}\``;
}

/** Tokens after which an identifier is a name being declared. */
const NAME_DECLARERS = new Set([...ITEM_KEYWORDS, 'for', ':']);

function unexpected(expected: string[], found: PToken, prev: PToken | null, text: string): Diagnostic {
  const what = describeExpected(expected);
  // A missing `;` at the end of a line is reported where it belongs: after the previous token.
  if (prev && expected.includes('`;`') && text.slice(prev.offset + prev.text.length, found.offset).includes('\n')) {
    const end = tokSpan(prev).end;
    return diag('E1004', `expected ${what}, found ${describeToken(found)}`, { file: prev.file, start: end, end }, {
      label: 'expected `;` here',
      labels: [{ span: tokSpan(found), message: 'the next token' }],
    });
  }
  const help: string[] = [];
  if (found.type === 'unit') help.push('a unit follows a number on the same line: `1 ns`, `25 uS`');
  // "reserved word" only where a name is being declared: after `const x`-like words or a type.
  const namePosition = prev !== null && (NAME_DECLARERS.has(prev.type) || prev.type === 'ident');
  if ((KEYWORDS as readonly string[]).includes(found.type) && expected.includes('identifier') && namePosition) {
    help.push(`\`${found.text}\` is a reserved word; choose another name`);
  }
  if (found.type === '=' && text[found.offset + 1] === '>') help.push('connections are written `->`');
  else if (found.type === '=' && expected.includes('`{`')) help.push('to compare, write `==`');
  return diag('E1004', `expected ${what}, found ${describeToken(found)}`, tokSpan(found), {
    label: 'unexpected here',
    help,
  });
}

/** Depth of the deepest node, without recursion; returns the span where the limit is crossed. */
function findDeepTree(root: Item): Span | null {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > LIMITS.maxDepth * 2) {
      const s = (node as { span?: Span }).span;
      if (s) return s;
    }
    if (Array.isArray(node)) {
      for (const n of node) stack.push([n, depth]);
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'span' || typeof v !== 'object' || v === null) continue;
        stack.push([v, Array.isArray(v) ? depth : depth + 1]);
      }
    }
  }
  return null;
}
