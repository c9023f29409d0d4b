// hdl-export/veriloga/parse.ts: the Verilog-A parse façade. Text in, `{ modules, errors }` out;
// it never throws.
//
// 1. Preprocess (preprocess.ts): `include, `define, `ifdef, comments.
// 2. Reject what would make a later step slow or deep: bracket/`begin` nesting deeper than
//    MAX_NESTING, and long right-associative chains (`?:`, prefix operators), for which
//    nearley's work grows with the square of the length.
// 3. Split the tokens into modules, each into its header and its items (an item ends after a
//    `;`, `end`, `endcase` or `endfunction` at nesting depth 0 that is not followed by `else`),
//    and the body of `analog begin ... end` into its statements the same way. Each piece is
//    parsed by the generated grammar with the matching start symbol (ModuleHeader, ModuleItem,
//    Stmt): the work is linear in the number of pieces, and one syntax error costs one piece.
//    The whole-file start symbol `File` gives the same tree (parse.test.ts checks it).
// 4. A failed piece becomes a `syntax` problem "expected ..., found ..." built from the
//    terminals the parser could have accepted; nearley's own message is never shown. A missing
//    `;` at the end of a line is reported after the previous token. More than one parse would
//    be a grammar bug and is reported as such.
// 5. After parsing: unknown event names in `@(...)` and trees deeper than MAX_TREE_DEPTH.
import nearley from 'nearley';
import type * as A from './ast.js';
import { loc, module as buildModule, type ModuleHeader } from './builders.js';
import compiledGrammar from './generated/va-grammar.js';
import { numberValue, TokenArrayLexer, VA_KEYWORDS, type VaToken } from './lexer.js';
import { preprocess } from './preprocess.js';
import { alternatives, expectedAt } from '../../grammar/expected.js';

export type { VaModule, VaProblem } from './ast.js';

export const PARSE_LIMITS = {
  /** Deepest nesting of brackets and begin/case/function blocks. */
  maxNesting: 256,
  /** Deepest syntax tree (a chain `a + b + c ...` counts one level per operator). */
  maxTreeDepth: 1000,
  /** Longest `?:` chain or run of prefix operators in one statement. */
  maxChain: 512,
  /** Syntax problems reported before parsing stops. */
  maxErrors: 200,
};

/** The names `@(...)` accepts (LRM 2.4 §5.10 and the compact-model `initial_model/instance`). */
export const EVENT_FUNCTIONS: ReadonlySet<string> = new Set([
  'initial_step', 'final_step', 'cross', 'above', 'timer', 'absdelta', 'initial_model', 'initial_instance',
]);

export interface VaParseResult {
  modules: A.VaModule[];
  /** Syntax and preprocessor problems. */
  errors: A.VaProblem[];
  /** The `include`d file names (without directories), in order. */
  includes: string[];
}

type Start = 'File' | 'ModuleHeader' | 'ModuleItem' | 'Stmt';
const grammars = new Map<Start, nearley.Grammar>();
function grammarFor(start: Start): nearley.Grammar {
  let g = grammars.get(start);
  if (!g) {
    g = nearley.Grammar.fromCompiled({ ...(compiledGrammar as unknown as nearley.CompiledRules), ParserStart: start });
    grammars.set(start, g);
  }
  return g;
}

class TooManyErrors extends Error {}

export function parseVerilogA(text: string, file = 'input.va'): VaParseResult {
  const errors: A.VaProblem[] = [];
  try {
    return parseInner(text, file, errors);
  } catch (err) {
    if (err instanceof TooManyErrors) return { modules: [], errors, includes: [] };
    errors.push({
      file,
      line: 1,
      column: 1,
      rule: 'syntax',
      message: `internal error in the Verilog-A parser: ${String((err as Error)?.message ?? err).split('\n')[0]}`,
    });
    return { modules: [], errors, includes: [] };
  }
}

/** Parse the whole token stream with the `File` start symbol, without splitting (tests compare the two). */
export function parseWhole(text: string): A.VaModule[] | null {
  const pre = preprocess(text, 'input.va');
  const r = runParser('File', pre.tokens);
  return r.ok ? (r.value as A.VaModule[]) : null;
}

const OPENERS = new Set(['(', '[', '{', "'{", '(*', 'begin', 'case', 'function']);
const CLOSERS = new Set([')', ']', '}', '*)', 'end', 'endcase', 'endfunction']);
const ITEM_ENDS = new Set([';', 'end', 'endcase', 'endfunction']);
/** Words that start a module item: a header without its `;` stops before them. */
const ITEM_STARTS = new Set(['input', 'output', 'inout', 'ground', 'parameter', 'localparam', 'real', 'integer', 'genvar', 'analog', '(*']);
const KEYWORD_SET: ReadonlySet<string> = new Set(VA_KEYWORDS);

function parseInner(text: string, file: string, errors: A.VaProblem[]): VaParseResult {
  const pre = preprocess(text, file);
  errors.push(...pre.problems);
  const tokens = pre.tokens;
  const modules: A.VaModule[] = [];
  const problem = (at: A.VaLoc, message: string) => {
    errors.push({ file, line: at.line, column: at.column, rule: 'syntax', message });
    if (errors.length >= PARSE_LIMITS.maxErrors) {
      errors.push({ file, line: at.line, column: at.column, rule: 'syntax', message: `parsing stopped after ${errors.length} problems` });
      throw new TooManyErrors();
    }
  };

  for (const t of tokens) {
    if (t.type === 'number') {
      const v = numberValue(t.text);
      if ('error' in v) problem(loc(t), v.error);
    }
  }
  const limit = findLimitProblem(tokens);
  if (limit) {
    problem(loc(limit.token), limit.message);
    return { modules, errors, includes: pre.includes };
  }

  const eofAt = (): A.VaLoc => {
    const last = tokens[tokens.length - 1];
    return last ? endOf(last) : { line: 1, column: 1 };
  };

  let pos = 0;
  while (pos < tokens.length) {
    // A module: attributes, `module`, header, items, `endmodule`.
    let j = pos;
    while (tokens[j]?.type === '(*') {
      while (j < tokens.length && tokens[j]!.type !== '*)' && tokens[j]!.type !== 'module') j++;
      if (tokens[j]?.type === '*)') j++;
    }
    if (tokens[j]?.type !== 'module') {
      const bad = tokens[j] ?? tokens[pos]!;
      problem(loc(bad), tokenProblem(bad) ?? `expected \`module\`, found ${describeToken(bad)}`);
      let k = j + 1;
      while (k < tokens.length && tokens[k]!.type !== 'module') k++;
      pos = k;
      continue;
    }
    // Header: to the first `;` at depth 0, or before an item keyword or `endmodule`.
    let h = j + 1;
    let depth = 0;
    let headerEnd = -1;
    for (; h < tokens.length; h++) {
      const t = tokens[h]!;
      if (t.type === 'endmodule' || t.type === 'module' || (depth === 0 && ITEM_STARTS.has(t.type))) break;
      if (t.type === '(' || t.type === '[') depth++;
      else if (t.type === ')' || t.type === ']') depth = Math.max(0, depth - 1);
      else if (t.type === ';' && depth === 0) {
        headerEnd = h;
        break;
      }
    }
    const headerTokens = tokens.slice(pos, headerEnd >= 0 ? headerEnd + 1 : h);
    const header = parsePiece<ModuleHeader>('ModuleHeader', headerTokens, tokens[headerEnd >= 0 ? headerEnd + 1 : h] ?? null, problem, eofAt);
    let k = headerEnd >= 0 ? headerEnd + 1 : h;
    const body: A.VaModuleItem[] = [];
    let end: VaToken | null = null;
    let failed = header === null;
    while (k < tokens.length) {
      const t = tokens[k]!;
      if (t.type === 'endmodule') {
        end = t;
        k++;
        break;
      }
      if (t.type === 'module') break;
      const stop = scanPiece(tokens, k, true);
      const piece = tokens.slice(k, stop);
      const item = parseItem(piece, tokens[stop] ?? null, problem, eofAt);
      if (item) body.push(item);
      else failed = true;
      k = stop;
    }
    if (!end) {
      const lastError = errors[errors.length - 1];
      const at = k < tokens.length ? endOf(tokens[k - 1]!) : eofAt();
      // One problem at the end of the file is enough (a truncated item already said so).
      if (!(failed && k >= tokens.length && lastError && lastError.line === at.line && lastError.column === at.column)) {
        const name = header ? ` \`${header.name.name}\`` : '';
        problem(at, `missing \`endmodule\` for module${name} (line ${tokens[j]!.line})`);
      }
      failed = true;
    }
    // A module with broken items is kept (without them): the lint only checks files that parse.
    if (header && end) modules.push(buildModule(header, body, end));
    pos = k;
  }

  checkEvents(modules, problem);
  checkDepth(modules, problem);
  return { modules, errors, includes: pre.includes };
}

/** Where the piece starting at `from` ends (exclusive): after an item end at depth 0 not followed by `else`. */
function scanPiece(tokens: readonly VaToken[], from: number, stopAtModule: boolean, limit = tokens.length): number {
  let depth = 0;
  for (let k = from; k < limit; k++) {
    const t = tokens[k]!;
    if (stopAtModule && (t.type === 'endmodule' || t.type === 'module')) return k === from ? k + 1 : k;
    if (OPENERS.has(t.type)) depth++;
    else if (CLOSERS.has(t.type)) depth = Math.max(0, depth - 1);
    if (depth === 0 && ITEM_ENDS.has(t.type) && tokens[k + 1]?.type !== 'else') return k + 1;
  }
  return limit;
}

type Report = (at: A.VaLoc, message: string) => void;

/**
 * One module item. `analog begin ... end` (unnamed) is parsed statement by statement, so that a
 * long analog block costs linear time and each broken statement its own problem.
 */
function parseItem(piece: VaToken[], next: VaToken | null, problem: Report, eofAt: () => A.VaLoc): A.VaModuleItem | null {
  const n = piece.length;
  if (n >= 3 && piece[0]!.type === 'analog' && piece[1]!.type === 'begin' && piece[2]!.type !== ':' && piece[n - 1]!.type === 'end' && matchingEnd(piece, 1) === n - 1) {
    // A statement with a syntax error is left out; the others are kept (the lint checks
    // nothing but syntax in a file with syntax errors, but later parse checks still apply).
    const stmts: A.VaStmt[] = [];
    let k = 2;
    while (k < n - 1) {
      const stop = scanPiece(piece, k, false, n - 1);
      const s = parsePiece<A.VaStmt>('Stmt', piece.slice(k, stop), piece[stop] ?? next, problem, eofAt);
      if (s) stmts.push(s);
      k = stop;
    }
    const block: A.VaBlock = { kind: 'block', name: null, decls: [], stmts, ...loc(piece[1]!) };
    return { kind: 'analog', body: block, attrs: [], ...loc(piece[0]!) };
  }
  return parsePiece<A.VaModuleItem>('ModuleItem', piece, next, problem, eofAt);
}

/** Index of the token that closes the opener at `open`, or -1. */
function matchingEnd(piece: readonly VaToken[], open: number): number {
  let depth = 0;
  for (let k = open; k < piece.length; k++) {
    const t = piece[k]!.type;
    if (OPENERS.has(t)) depth++;
    else if (CLOSERS.has(t)) {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

type RunResult = { ok: true; value: unknown } | { ok: false; parser: nearley.Parser; token: VaToken | null; ambiguous: number };

function runParser(start: Start, piece: readonly VaToken[]): RunResult {
  const lexer = new TokenArrayLexer();
  lexer.load(piece);
  const parser = new nearley.Parser(grammarFor(start), { lexer });
  // nearley's error text (a dump of its parse table) is never shown: skip building it.
  const quiet = parser as unknown as { reportError: () => string; reportLexerError: () => string };
  quiet.reportError = () => 'syntax error';
  quiet.reportLexerError = () => 'syntax error';
  try {
    parser.feed('');
  } catch (err) {
    const token = (err as { token?: VaToken }).token;
    if (!token) throw err;
    return { ok: false, parser, token, ambiguous: 0 };
  }
  const results = parser.results as unknown[];
  if (results.length === 1) return { ok: true, value: results[0] };
  return { ok: false, parser, token: null, ambiguous: results.length };
}

function parsePiece<T>(start: Start, piece: readonly VaToken[], next: VaToken | null, problem: Report, eofAt: () => A.VaLoc): T | null {
  if (piece.length === 0) return null;
  const r = runParser(start, piece);
  if (r.ok) return r.value as T;
  if (r.ambiguous > 1) {
    problem(loc(piece[0]!), `internal error: the Verilog-A grammar is ambiguous here (${r.ambiguous} parses); please report this input`);
    return null;
  }
  const missing = missingSemicolon(start, piece, r.token ? piece.indexOf(r.token) : piece.length);
  if (missing) {
    problem(endOf(missing), `expected \`;\` at the end of this line, found ${describeToken(piece[piece.indexOf(missing) + 1]!)} on the next line`);
    return null;
  }
  if (r.token) {
    const idx = piece.indexOf(r.token);
    const prev = idx > 0 ? piece[idx - 1]! : null;
    const special = tokenProblem(r.token);
    if (special) {
      problem(loc(r.token), special);
      return null;
    }
    const expected = expectedAt(r.parser, 2, TYPE_NAMES);
    report(problem, expected, r.token, prev, piece.slice(0, idx));
    return null;
  }
  // The piece ended before the construct was complete.
  const expected = expectedAt(r.parser, 1, TYPE_NAMES);
  const last = piece[piece.length - 1]!;
  if (next) {
    report(problem, expected, next, last, piece);
    return null;
  }
  const open = unclosed(piece);
  const note = open ? ` (the \`${open.text}\` at line ${open.line} is never closed)` : '';
  problem(eofAt(), `unexpected end of file: expected ${describeExpected(expected)}${note}`);
  return null;
}

/** Most line breaks of a failed piece tried by `missingSemicolon`. */
const MAX_SPLIT_TRIES = 20;

/**
 * A `;` missing at the end of a line merges two items (or statements) into one piece, and the
 * error may only show further on (`inout a` + `electrical a;` reads as `inout a electrical`).
 * If the piece splits at a line break before the error into two pieces that both parse (the
 * first with a `;` added), return the token after which the `;` is missing.
 */
function missingSemicolon(start: Start, piece: readonly VaToken[], errorAt: number): VaToken | null {
  let tries = 0;
  for (let k = 1; k <= Math.min(errorAt, piece.length - 1) && tries < MAX_SPLIT_TRIES; k++) {
    const prev = piece[k - 1]!;
    if (piece[k]!.line <= prev.line || prev.type === ';') continue;
    tries++;
    const semi: VaToken = { type: ';', text: ';', value: ';', line: prev.line, col: prev.col + prev.text.length, offset: prev.offset + prev.text.length };
    if (runParser(start, [...piece.slice(0, k), semi]).ok && runParser(start, piece.slice(k)).ok) return prev;
  }
  return null;
}

function report(problem: Report, expected: string[], found: VaToken, prev: VaToken | null, before: readonly VaToken[]): void {
  const special = tokenProblem(found);
  if (special) {
    problem(loc(found), special);
    return;
  }
  const what = describeExpected(expected);
  const open = found.type === 'endmodule' || found.type === 'module' ? unclosed(before) : null;
  const note = open ? ` (the \`${open.text}\` at line ${open.line} is not closed)` : '';
  // A missing `;` at the end of a line belongs after the previous token (but not where a
  // statement could start: there `;` is the null statement, and a missing `end` is likelier).
  if (prev && expected.includes('`;`') && !expected.includes('`begin`') && prev.line < found.line) {
    problem(endOf(prev), `expected ${what}, found ${describeToken(found)} on the next line${note}`);
    return;
  }
  problem(loc(found), `expected ${what}, found ${describeToken(found)}${note}`);
}

/** The message for a token that is an error by itself (bad character, unterminated string). */
function tokenProblem(t: VaToken): string | null {
  switch (t.type) {
    case 'invalid': {
      const cp = t.text.codePointAt(0) ?? 0;
      const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      return cp >= 0x21 && cp !== 0x7f ? `invalid character \`${t.text}\` (${hex})` : `invalid character ${hex}`;
    }
    case 'unterminated_string':
      return 'unterminated string: no closing `"` on this line';
    case 'unterminated_comment':
      return 'unterminated block comment: this `/*` is never closed by `*/`';
    case 'directive':
      return `\`${t.text.slice(1)} cannot be used here`;
    default:
      return null;
  }
}

function endOf(t: VaToken): A.VaLoc {
  return { line: t.line, column: t.col + t.text.length };
}

/** The outermost opener in `piece` that is never closed. */
function unclosed(piece: readonly VaToken[]): VaToken | null {
  const stack: VaToken[] = [];
  for (const t of piece) {
    if (OPENERS.has(t.type)) stack.push(t);
    else if (CLOSERS.has(t.type)) stack.pop();
  }
  return stack[0] ?? null;
}

const TYPE_NAMES: Record<string, string> = {
  ident: 'identifier',
  number: 'number',
  based: 'number',
  string: 'string',
  sysname: 'system function',
  access: '`V` or `I`',
};

const CONTINUATIONS = new Set([
  '`+`', '`-`', '`*`', '`/`', '`%`', '`**`', '`==`', '`!=`', '`===`', '`!==`', '`<`', '`<=`', '`>`', '`>=`',
  '`&&`', '`||`', '`&`', '`|`', '`^`', '`^~`', '`~^`', '`<<`', '`>>`', '`<<<`', '`>>>`', '`?`', '`[`',
]);
const EXPR_STARTS = new Set([
  'number', 'string', 'identifier', 'system function', '`V` or `I`', '`(`', '`{`', "`'{`", '`inf`',
  '`-`', '`+`', '`!`', '`~`', '`&`', '`~&`', '`|`', '`~|`', '`^`', '`~^`', '`^~`',
]);
const STMT_STARTS = new Set(['`begin`', '`if`', '`case`', '`for`', '`while`', '`repeat`', '`@`', '`;`', 'system function', 'identifier', '`V` or `I`']);
const ITEM_STARTS_DESC = new Set([
  '`input`', '`output`', '`inout`', '`ground`', '`parameter`', '`localparam`', '`real`', '`integer`', '`genvar`', '`analog`', '`(*`', 'identifier',
]);

/** Words for a set of expected terminals, grouping the usual sets. */
export function describeExpected(expected: readonly string[]): string {
  // After an expression, an operator could always continue it: only say so if nothing else fits.
  const ends = expected.filter((e) => !CONTINUATIONS.has(e));
  let rest = ends.length > 0 ? ends : ['an operator'];
  const groups: string[] = [];
  const take = (members: ReadonlySet<string>, name: string, need: string[]) => {
    if (need.every((n) => rest.includes(n))) {
      rest = rest.filter((r) => !members.has(r));
      groups.push(name);
    }
  };
  take(ITEM_STARTS_DESC, 'a module item', ['`parameter`', '`analog`']);
  take(STMT_STARTS, 'a statement', ['`begin`', '`if`']);
  take(EXPR_STARTS, 'an expression', ['number', '`(`']);
  return alternatives(groups, rest);
}

function describeToken(t: VaToken): string {
  switch (t.type) {
    case 'ident':
      return `identifier \`${t.text}\``;
    case 'number':
    case 'based':
      return `number \`${t.text}\``;
    case 'string':
      return `string ${t.text}`;
    case 'sysname':
      return `system function \`${t.text}\``;
    case 'access':
      return `\`${t.text}\``;
    default:
      return KEYWORD_SET.has(t.type) ? `keyword \`${t.text}\`` : `\`${t.text}\``;
  }
}

/** Nesting too deep for the recursive walks, or a right-associative chain too long for nearley. */
function findLimitProblem(tokens: readonly VaToken[]): { token: VaToken; message: string } | null {
  let depth = 0;
  let cond = 0;
  let prefix = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (OPENERS.has(t.type)) {
      if (++depth > PARSE_LIMITS.maxNesting) {
        return { token: t, message: `brackets and blocks nested more than ${PARSE_LIMITS.maxNesting} deep` };
      }
    } else if (CLOSERS.has(t.type)) depth = Math.max(0, depth - 1);
    if (t.type === ';' || t.type === 'begin' || t.type === 'end') cond = 0;
    else if (t.type === '?' && ++cond > PARSE_LIMITS.maxChain) {
      return { token: t, message: `more than ${PARSE_LIMITS.maxChain} \`?:\` in one statement; split it` };
    }
    prefix = PREFIX.has(t.type) && PREFIX.has(tokens[k - 1]?.type ?? '') ? prefix + 1 : 0;
    if (prefix > PARSE_LIMITS.maxChain) return { token: t, message: `more than ${PARSE_LIMITS.maxChain} prefix operators in a row` };
  }
  return null;
}
const PREFIX = new Set(['+', '-', '!', '~', '&', '~&', '|', '~|', '^', '~^', '^~']);

/** Every `@(...)` names a known event. */
function checkEvents(modules: readonly A.VaModule[], problem: Report): void {
  forEachNode(modules, (node) => {
    if ((node as { kind?: string }).kind === 'eventfn') {
      const e = node as A.VaEvent;
      if (!EVENT_FUNCTIONS.has(e.name.name)) {
        problem(e, `\`${e.name.name}\` is not an event: expected ${[...EVENT_FUNCTIONS].map((n) => `\`${n}\``).join(', ')}`);
      }
    }
    return true;
  });
}

/** No tree deeper than MAX_TREE_DEPTH (so that the lint's recursive walks cannot overflow). */
function checkDepth(modules: A.VaModule[], problem: Report): void {
  const stack: [unknown, number][] = modules.map((m) => [m, 0]);
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > PARSE_LIMITS.maxTreeDepth) {
      const at = node as A.VaLoc;
      problem(at, `expression or statement nested more than ${PARSE_LIMITS.maxTreeDepth} levels deep; split it`);
      modules.length = 0;
      return;
    }
    if (Array.isArray(node)) {
      for (const n of node) stack.push([n, depth]);
    } else if (node && typeof node === 'object') {
      for (const v of Object.values(node)) {
        if (typeof v === 'object' && v !== null) stack.push([v, Array.isArray(v) ? depth : depth + 1]);
      }
    }
  }
}

/** Visit every node (iteratively); `visit` returns false to skip a node's children. */
export function forEachNode(root: unknown, visit: (node: object) => boolean): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
    } else if (node && typeof node === 'object') {
      if (!visit(node)) continue;
      const vals = Object.values(node);
      for (let i = vals.length - 1; i >= 0; i--) {
        const v = vals[i];
        if (typeof v === 'object' && v !== null) stack.push(v);
      }
    }
  }
}
