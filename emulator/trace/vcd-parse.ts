// emulator/trace/vcd-parse.ts: the strict VCD tokenizer and parser shared by the checker
// (vcd-check.ts, which collects every error) and the reader (vcd-reader.ts, which throws the
// first). Grammar: IEEE 1364-2005 §18.2.1 (= IEEE 1800-2017 §21.7.2); the extra rules are the
// ones /work/shared/reference/eda.md §1.1 and §6 ask for (widths, value characters, declared
// ids, monotonic time). Whitespace separates tokens; the file is case-sensitive.
//
// Decisions where the standard is silent or tools differ:
//  - a `b` vector value on a 1-bit variable (`b1 !`) is ACCEPTED: the grammar allows it and
//    every tool tried accepts it (eda.md §1.3). A scalar value (`1"`) on a variable wider than
//    one bit is REJECTED (the standard has no left-extension rule for scalars).
//  - time stamps must be STRICTLY increasing (a repeated `#t` is an error), and at most
//    2^63-1 (GTKWave keeps time in a signed 64-bit integer and reports "Time backtracking"
//    beyond it).
//  - `$dumpvars`/`$dumpall`/`$dumpon`/`$dumpoff` and value changes need a time stamp first
//    (fst2vcd moves a `$dumpvars` that precedes `#0`, eda.md §1.1).
//  - a range token after the reference (`code [7:0]`, `bit [3]`) must match the size; a range
//    glued to the name (`code[7:0]`) is part of the name and is not checked.
//  - event variables take scalar changes only, real/realtime variables take `r` changes only,
//    every other type takes scalars (1 bit) and `b` vectors.

export class VcdParseError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'VcdParseError';
  }
}

export const VAR_TYPES = new Set([
  'event', 'integer', 'parameter', 'real', 'realtime', 'reg', 'supply0', 'supply1', 'time',
  'tri', 'triand', 'trior', 'trireg', 'tri0', 'tri1', 'wand', 'wire', 'wor',
]);
/** IEEE 1800 additions some simulators write; accepted only with `systemVerilogTypes`. */
export const SV_VAR_TYPES = new Set(['logic', 'bit', 'int', 'shortint', 'longint', 'byte', 'shortreal']);
export const REAL_TYPES = new Set(['real', 'realtime', 'shortreal']);
const SCOPE_TYPES = new Set(['begin', 'fork', 'function', 'module', 'task']);
const DECL_KEYWORDS = new Set(['$comment', '$date', '$enddefinitions', '$scope', '$timescale', '$upscope', '$var', '$version']);
const DUMP_KEYWORDS = new Set(['$dumpall', '$dumpoff', '$dumpon', '$dumpvars']);
/** Every standard keyword; an identifier code must not be one of these (VcdWriter skips them). */
export const KEYWORDS = new Set([...DECL_KEYWORDS, ...DUMP_KEYWORDS, '$end']);
const UNIT_FS: Record<string, bigint> = { s: 10n ** 15n, ms: 10n ** 12n, us: 10n ** 9n, ns: 10n ** 6n, ps: 1000n, fs: 1n };
const MAX_TIME = (1n << 63n) - 1n;

/** The strict real grammar: decimal with optional exponent, or nan / inf / infinity. */
export const REAL_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$|^[+-]?(?:nan|inf|infinity)$/i;
const BITS_RE = /^[01xXzZ]+$/;
const RANGE_RE = /^\[(-?[0-9]+)(?::(-?[0-9]+))?\]$/;

/** Parse a real accepted by REAL_RE. */
export function parseVcdReal(s: string): number {
  const l = s.toLowerCase();
  const body = l.replace(/^[+-]/, '');
  if (body === 'nan') return NaN;
  if (body === 'inf' || body === 'infinity') return l.startsWith('-') ? -Infinity : Infinity;
  return Number(s);
}

export interface VcdVarDecl {
  type: string;
  size: number;
  code: string;
  scope: string[];
  name: string;
  /** The separate range token, e.g. `[7:0]`, if any. */
  range: string | null;
  line: number;
}

export type VcdValueKind = 'scalar' | 'vector' | 'real';

export interface VcdVisitor {
  /** `$date`, `$version`, `$comment` (declaration part) text. */
  header?(keyword: string, text: string, line: number): void;
  timescale?(fsPerUnit: bigint, line: number): void;
  variable?(decl: VcdVarDecl): void;
  endDefinitions?(line: number): void;
  time?(t: bigint, line: number): void;
  /** A value change that passed every check. `value` is the text after the leading b/B/r/R
   * for vectors and reals, the single character for scalars. */
  value?(decl: VcdVarDecl, kind: VcdValueKind, value: string, line: number): void;
  dump?(keyword: string, line: number): void;
}

export interface VcdParseOptions {
  /** Accept the IEEE 1800 variable types in SV_VAR_TYPES (the reader does; the checker not). */
  systemVerilogTypes?: boolean;
}

/** Whitespace-separated tokens with their 1-based line numbers. */
class Scanner {
  private pos = 0;
  private lineNo = 1;
  /** Line of the last token returned. */
  line = 1;
  private peeked: string | null = null;
  private peekedLine = 1;
  constructor(private readonly text: string) {}

  next(): string | null {
    if (this.peeked !== null) {
      const t = this.peeked;
      this.peeked = null;
      this.line = this.peekedLine;
      return t;
    }
    const s = this.text;
    const n = s.length;
    let i = this.pos;
    for (;;) {
      if (i >= n) {
        this.pos = i;
        return null;
      }
      const c = s.charCodeAt(i);
      if (c === 10) {
        this.lineNo++;
        i++;
      } else if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) {
        i++;
      } else break;
    }
    const start = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 10 || c === 32 || c === 9 || c === 13 || c === 11 || c === 12) break;
      i++;
    }
    this.pos = i;
    this.line = this.lineNo;
    return s.slice(start, i);
  }

  /** Put back the token just read (one level). */
  unread(tok: string): void {
    this.peeked = tok;
    this.peekedLine = this.line;
  }

  /** Tokens up to `$end`: returns them (without `$end`) or null at end of input. If `stopAtKeyword`,
   * a `$keyword` other than `$end` stops the scan, is put back, and `stoppedAt` is set. */
  untilEnd(stopAtKeyword: boolean): { tokens: string[]; stoppedAt: string | null } | null {
    const tokens: string[] = [];
    for (;;) {
      const t = this.next();
      if (t === null) return null;
      if (t === '$end') return { tokens, stoppedAt: null };
      if (stopAtKeyword && KEYWORDS.has(t)) {
        this.unread(t);
        return { tokens, stoppedAt: t };
      }
      tokens.push(t);
    }
  }

  /** Raw text of a comment-like command up to `$end` (returns null at end of input). */
  textUntilEnd(): string | null {
    const parts: string[] = [];
    for (;;) {
      const t = this.next();
      if (t === null) return null;
      if (t === '$end') return parts.join(' ');
      parts.push(t);
    }
  }
}

function printableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

/**
 * Parse `text`, calling `visitor` for what is well-formed and `report(line, message)` for each
 * error. `report` may throw to stop at the first error; otherwise parsing continues with a
 * best-effort recovery (errors after the first may be consequences of it).
 */
export function parseVcd(text: string, visitor: VcdVisitor, report: (line: number, message: string) => void, options: VcdParseOptions = {}): void {
  const sc = new Scanner(text);
  const decls = new Map<string, VcdVarDecl>();
  const scopes: { name: string; line: number }[] = [];
  let timescaleSeen = false;
  let inDefinitions = true;
  let enddefSeen = false;
  const varTypeOk = (t: string): boolean => VAR_TYPES.has(t) || (options.systemVerilogTypes === true && SV_VAR_TYPES.has(t));

  const unterminated = (kw: string, line: number): void => report(line, `${kw} is not terminated by $end before the end of the file`);

  // ---- declaration part -------------------------------------------------------------------
  const parseVar = (line: number): void => {
    const r = sc.untilEnd(true);
    if (r === null) return unterminated('$var', line);
    const { tokens } = r;
    if (r.stoppedAt !== null) report(line, `$var is missing its $end (found ${r.stoppedAt} on line ${sc.line} first)`);
    if (tokens.length < 4) {
      if (r.stoppedAt === null) report(line, `$var needs: type size identifier_code reference [range] $end; got '${tokens.join(' ')}'`);
      return;
    }
    const [type, sizeTok, code, name, ...rest] = tokens as [string, string, string, string, ...string[]];
    let ok = true;
    if (!varTypeOk(type)) {
      report(line, `unknown $var type '${type}' (expected one of ${[...VAR_TYPES].join(', ')})`);
      ok = false;
    }
    const size = /^[0-9]+$/.test(sizeTok) ? Number(sizeTok) : NaN;
    if (!(size >= 1) || !Number.isSafeInteger(size)) {
      report(line, `$var size '${sizeTok}' is not a positive integer`);
      ok = false;
    }
    if (!printableAscii(code)) {
      report(line, `identifier code '${code}' has characters outside printable ASCII 33..126`);
      ok = false;
    }
    if (!printableAscii(name)) {
      report(line, `reference '${name}' has characters outside printable ASCII 33..126`);
      ok = false;
    }
    let range: string | null = null;
    if (rest.length > 1) {
      report(line, `$var reference must be one token plus an optional [msb:lsb] range; extra '${rest.join(' ')}' (names cannot contain whitespace)`);
      ok = false;
    } else if (rest.length === 1) {
      range = rest[0]!;
      const m = RANGE_RE.exec(range);
      if (!m) {
        report(line, `'${range}' after the reference is not a [msb:lsb] range or [index] (names cannot contain whitespace)`);
        ok = false;
      } else if (ok) {
        const rangeWidth = m[2] === undefined ? 1 : Math.abs(Number(m[1]) - Number(m[2])) + 1;
        if (rangeWidth !== size) {
          report(line, `$var size ${size} does not match the range ${range} (${rangeWidth} bit${rangeWidth === 1 ? '' : 's'})`);
          ok = false;
        }
      }
    }
    if (!ok) return;
    const prev = decls.get(code);
    if (prev && (prev.size !== size || REAL_TYPES.has(prev.type) !== REAL_TYPES.has(type) || (prev.type === 'event') !== (type === 'event'))) {
      report(line, `identifier code '${code}' was declared on line ${prev.line} as ${prev.type} ${prev.size}; here as ${type} ${size}`);
      return;
    }
    const decl: VcdVarDecl = { type, size, code, scope: scopes.map((s) => s.name), name, range, line };
    if (!prev) decls.set(code, decl);
    visitor.variable?.(decl);
  };

  const parseDeclaration = (kw: string, line: number): void => {
    switch (kw) {
      case '$comment':
      case '$date':
      case '$version': {
        const t = sc.textUntilEnd();
        if (t === null) return unterminated(kw, line);
        visitor.header?.(kw, t, line);
        return;
      }
      case '$timescale': {
        const r = sc.untilEnd(true);
        if (r === null) return unterminated(kw, line);
        if (r.stoppedAt !== null) report(line, `$timescale is missing its $end (found ${r.stoppedAt} on line ${sc.line} first)`);
        const spec = r.tokens.join('');
        const m = /^(1|10|100)(s|ms|us|ns|ps|fs)$/.exec(spec);
        if (timescaleSeen) report(line, 'second $timescale');
        timescaleSeen = true;
        if (!m) {
          report(line, `bad $timescale '${r.tokens.join(' ')}': the number must be 1, 10 or 100 and the unit s, ms, us, ns, ps or fs`);
          return;
        }
        visitor.timescale?.(BigInt(m[1]!) * UNIT_FS[m[2]!]!, line);
        return;
      }
      case '$scope': {
        const r = sc.untilEnd(true);
        if (r === null) return unterminated(kw, line);
        if (r.stoppedAt !== null) report(line, `$scope is missing its $end (found ${r.stoppedAt} on line ${sc.line} first)`);
        const [type, name, ...rest] = r.tokens;
        if (type === undefined || name === undefined) {
          report(line, '$scope needs: scope_type identifier $end');
          scopes.push({ name: name ?? '?', line });
          return;
        }
        if (!SCOPE_TYPES.has(type)) report(line, `unknown scope type '${type}' (expected begin, fork, function, module or task)`);
        if (rest.length > 0) report(line, `$scope name must be one token; extra '${rest.join(' ')}' (names cannot contain whitespace)`);
        if (!printableAscii(name)) report(line, `scope name '${name}' has characters outside printable ASCII 33..126`);
        scopes.push({ name, line });
        return;
      }
      case '$upscope': {
        const r = sc.untilEnd(true);
        if (r === null) return unterminated(kw, line);
        if (r.stoppedAt !== null) report(line, `$upscope is missing its $end (found ${r.stoppedAt} on line ${sc.line} first)`);
        else if (r.tokens.length > 0) report(line, `unexpected '${r.tokens.join(' ')}' in $upscope`);
        if (scopes.length === 0) report(line, '$upscope without a matching $scope');
        else scopes.pop();
        return;
      }
      case '$var':
        return parseVar(line);
      case '$enddefinitions': {
        const r = sc.untilEnd(true);
        if (r === null) unterminated(kw, line);
        else if (r.stoppedAt !== null) report(line, `$enddefinitions is missing its $end (found ${r.stoppedAt} on line ${sc.line} first)`);
        else if (r.tokens.length > 0) report(line, `unexpected '${r.tokens.join(' ')}' in $enddefinitions`);
        endDefinitions(line);
        return;
      }
    }
  };

  const endDefinitions = (line: number): void => {
    if (scopes.length > 0) {
      const open = scopes[scopes.length - 1]!;
      report(line, `${scopes.length} $scope${scopes.length === 1 ? '' : 's'} not closed by $upscope at $enddefinitions (innermost '${open.name}' opened on line ${open.line})`);
      scopes.length = 0;
    }
    inDefinitions = false;
    enddefSeen = true;
    visitor.endDefinitions?.(line);
  };

  // ---- simulation part --------------------------------------------------------------------
  let lastTime: bigint | null = null;
  let lastTimeLine = 0;
  let block: { kw: string; line: number } | null = null;
  let valueBeforeTimeReported = false;

  const valueChange = (tok: string, line: number): void => {
    const c = tok[0]!;
    let kind: VcdValueKind;
    let value: string;
    let code: string;
    if (c === '0' || c === '1' || c === 'x' || c === 'X' || c === 'z' || c === 'Z') {
      kind = 'scalar';
      value = c;
      code = tok.slice(1);
      if (code === '') {
        report(line, `scalar value '${tok}' has no identifier code (write it without a space, like ${c}!)`);
        return;
      }
    } else if (c === 'b' || c === 'B' || c === 'r' || c === 'R') {
      kind = c === 'b' || c === 'B' ? 'vector' : 'real';
      value = tok.slice(1);
      const next = sc.next();
      if (next === null || KEYWORDS.has(next)) {
        if (next !== null) sc.unread(next);
        report(line, `value '${tok}' has no identifier code after it`);
        return;
      }
      code = next;
      if (value === '') {
        report(line, `empty ${kind} value '${tok}' for '${code}'`);
        return;
      }
      if (kind === 'vector' && !BITS_RE.test(value)) {
        report(line, `vector value '${tok}' for '${code}' has a character other than 0 1 x X z Z`);
        return;
      }
      if (kind === 'real' && !REAL_RE.test(value)) {
        report(line, `real value '${tok}' for '${code}' is not a number (decimal with optional exponent, nan or inf)`);
        return;
      }
    } else {
      report(line, `unexpected '${tok}' (expected a value change, #time or a $command)`);
      return;
    }
    if (lastTime === null && !valueBeforeTimeReported) {
      valueBeforeTimeReported = true;
      report(line, `value change '${tok}' before the first time stamp (write #0 first)`);
    }
    const decl = decls.get(code);
    if (!decl) {
      report(line, `value change for undeclared identifier code '${code}'`);
      return;
    }
    const label = [...decl.scope, decl.name].join('.');
    if (decl.type === 'event') {
      if (kind !== 'scalar') {
        report(line, `${kind} value '${tok}' for event '${label}': an event takes scalar changes like 1${code}`);
        return;
      }
    } else if (REAL_TYPES.has(decl.type)) {
      if (kind !== 'real') {
        report(line, `${kind} value '${tok}' for real variable '${label}': write r<number> ${code}`);
        return;
      }
    } else if (kind === 'real') {
      report(line, `real value '${tok}' for ${decl.type} '${label}' (reals only for real variables)`);
      return;
    } else if (kind === 'scalar' && decl.size > 1) {
      report(line, `scalar value '${tok}' for ${decl.size}-bit ${decl.type} '${label}': write b${value} ${code}`);
      return;
    } else if (kind === 'vector' && value.length > decl.size) {
      report(line, `value '${tok}' has ${value.length} bits but ${decl.type} '${label}' is ${decl.size} bit${decl.size === 1 ? '' : 's'} wide`);
      return;
    }
    visitor.value?.(decl, kind, value, line);
  };

  for (;;) {
    const tok = sc.next();
    if (tok === null) break;
    const line = sc.line;
    const c0 = tok.charCodeAt(0);
    if (inDefinitions) {
      if (DECL_KEYWORDS.has(tok)) {
        parseDeclaration(tok, line);
        continue;
      }
      if (c0 === 36 /* $ */ && !DUMP_KEYWORDS.has(tok)) {
        report(line, tok === '$end' ? '$end without a command' : `unknown command '${tok}'`);
        if (tok !== '$end' && sc.untilEnd(true) === null) unterminated(tok, line);
        continue;
      }
      if (c0 !== 35 /* # */ && !DUMP_KEYWORDS.has(tok) && !/^[01xXzZbBrR]/.test(tok)) {
        report(line, `unexpected '${tok}' in the declarations (expected a $command)`);
        continue;
      }
      // A time, value or $dump* command: the definitions should have ended.
      report(line, `'${tok}' before $enddefinitions: the declarations must end with $enddefinitions $end`);
      inDefinitions = false;
    }
    if (c0 === 35 /* # */) {
      const digits = tok.slice(1);
      if (!/^[0-9]+$/.test(digits)) {
        report(line, `bad time stamp '${tok}': # must be followed by a non-negative integer`);
        continue;
      }
      if (block) {
        report(block.line, `${block.kw} is missing its $end (found ${tok} on line ${line} first)`);
        block = null;
      }
      const t = BigInt(digits);
      if (t > MAX_TIME) report(line, `time ${digits} exceeds 2^63-1 (GTKWave misreads it as going backwards)`);
      if (lastTime !== null && t <= lastTime) {
        report(line, `time ${digits} is not after the previous time ${lastTime} (line ${lastTimeLine}); times must strictly increase`);
        continue;
      }
      lastTime = t;
      lastTimeLine = line;
      visitor.time?.(t, line);
      continue;
    }
    if (c0 === 36 /* $ */) {
      if (DUMP_KEYWORDS.has(tok)) {
        if (block) report(block.line, `${block.kw} is missing its $end (found ${tok} on line ${line} first)`);
        if (lastTime === null) report(line, `${tok} before the first time stamp (write #0 before ${tok})`);
        block = { kw: tok, line };
        visitor.dump?.(tok, line);
      } else if (tok === '$end') {
        if (block) block = null;
        else report(line, '$end without a command');
      } else if (tok === '$comment') {
        if (sc.textUntilEnd() === null) unterminated(tok, line);
      } else if (DECL_KEYWORDS.has(tok)) {
        report(line, `${tok} after ${enddefSeen ? '$enddefinitions' : 'the first value change'}: declarations must come first`);
        if (sc.untilEnd(true) === null) unterminated(tok, line);
      } else {
        report(line, `unknown command '${tok}'`);
        if (sc.untilEnd(true) === null) unterminated(tok, line);
      }
      continue;
    }
    valueChange(tok, line);
  }
  if (inDefinitions && !enddefSeen) report(sc.line, 'missing $enddefinitions $end (end of file reached in the declarations)');
  if (block) unterminated(block.kw, block.line);
}
