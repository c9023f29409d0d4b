// test/bad-inputs.test.ts: the bad-input corpus (test/bad/*-bad.xbar).
//
// Each corpus file holds cases separated by a line `// -----`; each case is checked on its
// own as the root file main.xbar, with line numbers relative to the case. A case:
//
//   // what the case tests (first line, always a comment: it names the test)
//   // options: max-memory=1M            (also param=NAME=VALUE, max-steps=N,
//   //                                     max-chip-instances=N; one option per line)
//   clock clk = 1 GHz
//   // expect-error E1004 @above          (@below, @above, @+N, @-N, @L7, @file.xbar:3)
//   // file: other.xbar                   (starts another in-memory file of the case)
//
// The (severity, code, file, line) set of the diagnostics must equal the expectations
// exactly. The rendered text is checked for shape (a `-->` location and a caret per
// diagnostic, message lines that start with `error[E` or `warning[W`, no leaked stack
// frames or JavaScript values) and, per corpus file, against a golden file in
// test/bad/__golden__ (UPDATE_GOLDEN=1 rewrites the goldens).
import test from 'ava';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODES, type Code } from '../dsl/diagnostics/codes.js';
import type { Diagnostic } from '../dsl/diagnostics/diagnostic.js';
import { renderDiagnostic } from '../dsl/diagnostics/render.js';
import type { FrontEndOptions } from '../dsl/pipeline.js';
import { checkText, type Checked } from './helpers.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BAD_DIR = path.join(HERE, 'bad');
const GOLDEN_DIR = path.join(BAD_DIR, '__golden__');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const MAIN = 'main.xbar';
/** Codes no input can be expected to produce: internal errors, and files over 64 MiB. */
const UNCOVERABLE: readonly string[] = ['E9001', 'E1008'];
/** Codes of runs (E4xxx), not of `check`: testbenches/bad-runs.test.ts covers them. */
// run-time (E4xxx) and export-request (E5xxx) codes are covered by testbenches/bad-runs.test.ts
// and hdl-export/export.test.ts
const isRunCode = (c: string) => c.startsWith('E4') || c.startsWith('E5');
/** A case slower than this is logged (not failed: tests assert no wall-clock times; runaway
 * inputs are bounded by the elaboration budget, E2018, which the cases expect). */
const SLOW_CASE_MS = 5000;

// ---------------------------------------------------------------- corpus format

interface Expectation {
  severity: 'error' | 'warning';
  code: string;
  file: string;
  line: number;
}

interface Case {
  /** Corpus file name, e.g. `units-bad.xbar`. */
  corpus: string;
  /** 1-based index within the corpus file. */
  index: number;
  /** The first comment, without `//`. */
  title: string;
  /** The whole case as written (for failure messages). */
  source: string;
  main: string;
  others: Record<string, string>;
  opts: FrontEndOptions;
  expected: Expectation[];
  /** Problems in the case itself (bad expectation syntax, ...): reported as failures. */
  problems: string[];
}

const SEPARATOR = /^\/\/ -----\s*$/;
const FILE_MARKER = /^\/\/ file: (\S+)\s*$/;
const OPTIONS = /^\/\/ options: (.+?)\s*$/;
const EXPECT = /^\s*\/\/ expect-(error|warning) (\S+) @(.+?)\s*$/;
const EXPECT_LIKE = /expect-(error|warning)/;

function size(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)$/.exec(text);
  if (!m) return NaN;
  const scale = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2] as '' | 'K' | 'M' | 'G'];
  return Number(m[1]) * scale;
}

function applyOption(opt: string, opts: FrontEndOptions, problems: string[]): void {
  const eq = opt.indexOf('=');
  const key = eq < 0 ? opt : opt.slice(0, eq);
  const value = eq < 0 ? '' : opt.slice(eq + 1);
  const count = (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) problems.push(`option ${key}: \`${v}\` is not a count`);
    return n;
  };
  switch (key) {
    case 'max-memory': {
      const n = size(value);
      if (Number.isNaN(n)) problems.push(`option max-memory: \`${value}\` is not a size (e.g. 1M)`);
      opts.maxMemoryBytes = n;
      break;
    }
    case 'param': {
      const j = value.indexOf('=');
      if (j <= 0) problems.push(`option param: write param=NAME=VALUE, found \`${value}\``);
      opts.overrides = [...(opts.overrides ?? []), { name: value.slice(0, j), value: value.slice(j + 1) }];
      break;
    }
    case 'max-steps':
      opts.limits = { ...opts.limits, maxSteps: count(value) };
      break;
    case 'max-chip-instances':
      opts.limits = { ...opts.limits, maxChipInstances: count(value) };
      break;
    default:
      problems.push(`unknown option \`${key}\``);
  }
}

function isExpectLine(line: string): boolean {
  return EXPECT.test(line);
}

/** Resolve the `@...` of an expectation written on 1-based line `at` of main.xbar. */
function resolveLocation(loc: string, at: number, mainLines: readonly string[], problems: string[]): { file: string; line: number } | null {
  if (loc === 'below' || loc === 'above') {
    const step = loc === 'below' ? 1 : -1;
    for (let l = at + step; l >= 1 && l <= mainLines.length; l += step) {
      if (!isExpectLine(mainLines[l - 1]!)) return { file: MAIN, line: l };
    }
    problems.push(`line ${at}: @${loc} finds no line ${loc} it`);
    return null;
  }
  let m = /^([+-])(\d+)$/.exec(loc);
  if (m) return { file: MAIN, line: at + (m[1] === '+' ? 1 : -1) * Number(m[2]) };
  m = /^L(\d+)$/.exec(loc);
  if (m) return { file: MAIN, line: Number(m[1]) };
  m = /^(.+):(\d+)$/.exec(loc);
  if (m) return { file: m[1]!, line: Number(m[2]) };
  problems.push(`line ${at}: cannot read the location \`@${loc}\``);
  return null;
}

function parseCase(corpus: string, index: number, lines: string[]): Case {
  const problems: string[] = [];
  // Drop trailing blank lines: they are the gap before the next separator.
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const first = lines[0] ?? '';
  const title = /^\/\/ (?!expect-|options:|file:)(.+)$/.exec(first)?.[1]?.trim() ?? '';
  if (!title) problems.push('a case starts with a one-line comment saying what it tests');

  const files: [string, string[]][] = [[MAIN, []]];
  const opts: FrontEndOptions = {};
  for (const line of lines) {
    const fm = FILE_MARKER.exec(line);
    if (fm) {
      files.push([fm[1]!, []]);
      continue;
    }
    const om = OPTIONS.exec(line);
    if (om) {
      if (files.length > 1) problems.push('options belong in main.xbar');
      applyOption(om[1]!, opts, problems);
    }
    files[files.length - 1]![1].push(line);
  }

  const mainLines = files[0]![1];
  const expected: Expectation[] = [];
  mainLines.forEach((line, i) => {
    if (!EXPECT_LIKE.test(line)) return;
    const m = EXPECT.exec(line);
    if (!m) {
      problems.push(`line ${i + 1}: an expectation is a whole line \`// expect-error CODE @where\`: ${line.trim()}`);
      return;
    }
    const severity = m[1] as 'error' | 'warning';
    const code = m[2]!;
    const info = (CODES as Record<string, { severity: string } | undefined>)[code];
    if (!info) problems.push(`line ${i + 1}: \`${code}\` is not a diagnostic code`);
    else if (info.severity !== severity) problems.push(`line ${i + 1}: ${code} is a ${info.severity}, not a ${severity}`);
    const loc = resolveLocation(m[3]!, i + 1, mainLines, problems);
    if (loc) expected.push({ severity, code, ...loc });
  });
  for (const [name, fl] of files.slice(1)) {
    if (fl.some((l) => EXPECT_LIKE.test(l))) problems.push(`expectations belong in main.xbar, not in ${name}: use @${name}:LINE`);
  }

  const text = (fl: string[]) => fl.join('\n') + '\n';
  const others: Record<string, string> = {};
  for (const [name, fl] of files.slice(1)) {
    if (name in others || name === MAIN) problems.push(`file ${name} is given twice`);
    others[name] = text(fl);
  }
  return { corpus, index, title, source: lines.join('\n'), main: text(mainLines), others, opts, expected, problems };
}

function parseCorpus(corpus: string, text: string): Case[] {
  const cases: Case[] = [];
  let cur: string[] = [];
  const flush = () => {
    if (cur.some((l) => l.trim() !== '')) cases.push(parseCase(corpus, cases.length + 1, cur));
    cur = [];
  };
  for (const line of text.split('\n')) {
    if (SEPARATOR.test(line)) flush();
    else cur.push(line.replace(/\r$/, ''));
  }
  flush();
  return cases;
}

const corpusFiles = readdirSync(BAD_DIR)
  .filter((f) => f.endsWith('-bad.xbar'))
  .sort();
const corpus = corpusFiles.map((f) => ({ file: f, cases: parseCorpus(f, readFileSync(path.join(BAD_DIR, f), 'utf8')) }));

// ---------------------------------------------------------------- running a case

interface Ran {
  checked: Checked;
  /** `error E2003 main.xbar:3` for each diagnostic. */
  actual: string[];
  ms: number;
}

const ran = new Map<Case, Ran>();

function fileOf(d: Diagnostic, c: Checked): { file: string; line: number } {
  if (!d.span) return { file: '<no span>', line: 0 };
  const f = c.result.sources.get(d.span.file);
  return { file: f.id === 0 ? MAIN : f.display, line: f.position(d.span.start).line };
}

function key(severity: string, code: string, file: string, line: number): string {
  return `${severity} ${code} ${file}:${line}`;
}

function run(k: Case): Ran {
  const hit = ran.get(k);
  if (hit) return hit;
  const t0 = performance.now();
  const checked = checkText(k.main, k.others, k.opts);
  const ms = performance.now() - t0;
  const actual = checked.diagnostics.map((d) => {
    const at = fileOf(d, checked);
    return key(d.severity, d.code, at.file, at.line);
  });
  const r = { checked, actual: actual.sort(), ms };
  ran.set(k, r);
  return r;
}

// ---------------------------------------------------------------- checks on the rendered text

const FORBIDDEN = ['    at ', 'nearley', 'Unexpected', 'undefined', 'NaN', '[object'];
const GUTTER = /^\s*\d*\s*\|/;
const LOCATION = /^\s*(-->|:::) /;
const NOTE = /^\s*= (note|help): /;
const HEADER = /^(error\[E\d{4}\]|warning\[W\d{4}\]): \S/;

/** Problems with the shape of the rendered diagnostics. */
function renderProblems(c: Checked): string[] {
  const out: string[] = [];
  for (const bad of FORBIDDEN) if (c.text.includes(bad)) out.push(`the rendered text contains \`${bad}\``);
  let headers = 0;
  for (const line of c.text.split('\n')) {
    if (line === '' || GUTTER.test(line) || LOCATION.test(line) || NOTE.test(line)) continue;
    if (HEADER.test(line)) headers++;
    else out.push(`a line that is neither a message, a location, source, nor a note: \`${line}\``);
  }
  if (headers !== c.diagnostics.length) out.push(`${c.diagnostics.length} diagnostics but ${headers} message lines`);
  for (const d of c.diagnostics) {
    const one = renderDiagnostic(d, c.result.sources, { color: false });
    const head = one.split('\n')[0]!;
    if (!d.span) {
      out.push(`${d.code} has no span`);
      continue;
    }
    const where = c.result.sources.where(d.span);
    if (!/^(error\[E|warning\[W)/.test(head)) out.push(`${d.code}: the message line does not start with error[E / warning[W: \`${head}\``);
    if (!one.includes(`--> ${where}\n`)) out.push(`${d.code}: no \`--> ${where}\` line`);
    if (!/^\s*\|\s*\^+/m.test(one)) out.push(`${d.code}: no caret line under the source`);
    if (!c.text.includes(one)) out.push(`${d.code}: not in the rendered text`);
  }
  return out;
}

// ---------------------------------------------------------------- tests

for (const { file, cases } of corpus) {
  for (const k of cases) {
    test(`${file} case ${k.index}: ${k.title || '(no title)'}`, (t) => {
      const r = run(k);
      const show = () =>
        `\n---- case source (${file} case ${k.index})\n${k.source}\n---- rendered diagnostics\n${r.checked.text || '(none)'}`;
      t.deepEqual(k.problems, [], `the case itself is malformed${show()}`);
      const expected = k.expected.map((e) => key(e.severity, e.code, e.file, e.line)).sort();
      const missing = expected.filter((e, i) => expected.indexOf(e) === i && count(expected, e) > count(r.actual, e));
      const extra = r.actual.filter((a, i) => r.actual.indexOf(a) === i && count(r.actual, a) > count(expected, a));
      t.deepEqual(
        r.actual,
        expected,
        `diagnostics differ from the expectations\n  missing: ${missing.join(', ') || 'none'}\n  unexpected: ${extra.join(', ') || 'none'}${show()}`,
      );
      t.deepEqual(renderProblems(r.checked), [], `badly rendered diagnostics${show()}`);
      if (r.ms > SLOW_CASE_MS) t.log(`slow: the case took ${Math.round(r.ms)} ms`);
    });
  }

  test(`${file} golden diagnostics`, (t) => {
    const name = file.replace(/\.xbar$/, '');
    const golden = path.join(GOLDEN_DIR, `${name}.diag.txt`);
    const text = cases.map((k) => `// ----- case ${k.index}: ${k.title}\n${run(k).checked.text}`).join('\n');
    if (UPDATE) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(golden, text);
      t.pass();
      return;
    }
    let want: string;
    try {
      want = readFileSync(golden, 'utf8');
    } catch {
      t.fail(`no golden file ${path.relative(process.cwd(), golden)}; run with UPDATE_GOLDEN=1 to write it`);
      return;
    }
    t.is(text, want, `rendered diagnostics differ from ${path.relative(process.cwd(), golden)} (UPDATE_GOLDEN=1 rewrites it)`);
  });
}

function count<T>(xs: readonly T[], x: T): number {
  return xs.filter((y) => y === x).length;
}

test('every diagnostic code is expected by some case of the corpus', (t) => {
  const expected = new Set(corpus.flatMap(({ cases }) => cases.flatMap((k) => k.expected.map((e) => e.code))));
  const missing = (Object.keys(CODES) as Code[]).filter((c) => !UNCOVERABLE.includes(c) && !isRunCode(c) && !expected.has(c));
  t.deepEqual(missing, [], `codes that no case in test/bad expects: ${missing.join(', ')}`);
});

test('the corpus has enough cases', (t) => {
  const n = corpus.reduce((a, f) => a + f.cases.length, 0);
  t.true(n >= 80, `only ${n} cases`);
});
