// test/docs-language.test.ts: keeps docs/language.md, the language reference, true.
//
// 1. Code blocks. ```xbar blocks are complete descriptions: the front end must report no
//    diagnostic at all. ```xbar-fragment blocks must parse without diagnostics. ```xbar-error
//    blocks start with `// expect CODE` and must produce that code.
// 2. Machine-checked tables, each announced by an HTML comment `<!-- check: KIND -->`:
//    values (expression -> canonical value or error code), units, prefixes, categories,
//    ports, presets and block parameters are compared with the implementation.
// 3. Coverage: every keyword, contextual word, punctuation and operator literal of the
//    grammar, unit word, built-in function and kind appears in the manual as an inline
//    code span; every item and statement kind (and each operator) occurs in the
//    parsed code of the manual; the grammar summary defines every rule of grammar/*.ne.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORIES, type Category } from '../dsl/ast.js';
import { SourceSet } from '../dsl/diagnostics/source.js';
import { FUNCTION_NAMES } from '../dsl/elaborate/builtins.js';
import type { ComponentIR, InstanceIR } from '../dsl/ir/nodes.js';
import { ports } from '../dsl/ir/ports.js';
import { BLOCK_SCHEMAS, DEFAULT_KIND, KINDS, kindsOf } from '../dsl/schema/index.js';
import { parseUnit, UNITS } from '../dsl/units.js';
import { KEYWORDS } from '../grammar/lexer.js';
import { parse } from '../grammar/parse.js';
import { checkText } from './helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

const DOC_PATH = 'docs/language.md';
const doc = read(DOC_PATH);
const docLines = doc.split('\n');
const grammarFiles = readdirSync(path.join(ROOT, 'grammar')).filter((f) => f.endsWith('.ne'));
const grammarText = grammarFiles.map((f) => read(`grammar/${f}`)).join('\n');

/** Data files the testbench examples name; the front end only checks that they exist. */
const DATA_FILES: Record<string, string> = {
  'weights.npy': '',
  'inputs.csv': '',
  'stimulus.vcd': '',
};

const NO_UNUSED = { warnings: new Map([['unused-declaration', 'off' as const]]) };

// ---------------------------------------------------------------- reading the manual

interface Block {
  lang: string;
  text: string;
  /** 1-based line of the opening fence. */
  line: number;
}

function codeBlocks(): Block[] {
  const out: Block[] = [];
  let cur: Block | null = null;
  docLines.forEach((l, i) => {
    const fence = /^```(\S*)\s*$/.exec(l);
    if (!cur && fence) {
      cur = { lang: fence[1]!, text: '', line: i + 1 };
    } else if (cur && /^```\s*$/.test(l)) {
      out.push(cur);
      cur = null;
    } else if (cur) {
      cur.text += l + '\n';
    }
  });
  return out;
}

const blocks = codeBlocks();

/** Inline code spans outside fenced blocks, with `\|` (a pipe escaped in a table) unescaped. */
function inlineSpans(): Set<string> {
  const prose = doc.replace(/^```[^\n]*\n[\s\S]*?^```\s*$/gm, '');
  const out = new Set<string>();
  for (const m of prose.matchAll(/`([^`\n]+)`/g)) out.add(m[1]!.replace(/\\\|/g, '|'));
  return out;
}

const spans = inlineSpans();

/** Cells of a table row: split on unescaped pipes, then unescape. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.replace(/\\\|/g, '|').trim());
}

/** The code spans of a table cell. */
function cellSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

interface Row {
  cells: string[];
  line: number;
}

/** The body rows of each table announced by `<!-- check: KIND[ ARG] -->`. */
function checkedTables(kind: string): { arg: string; rows: Row[]; line: number }[] {
  const out: { arg: string; rows: Row[]; line: number }[] = [];
  docLines.forEach((l, i) => {
    const m = /^<!-- check: (\S+)(?: (\S+))? -->$/.exec(l.trim());
    if (!m || m[1] !== kind) return;
    let j = i + 1;
    while (j < docLines.length && !docLines[j]!.trim().startsWith('|')) j++;
    const rows: Row[] = [];
    for (j += 2; j < docLines.length && docLines[j]!.trim().startsWith('|'); j++) rows.push({ cells: cells(docLines[j]!), line: j + 1 });
    out.push({ arg: m[2] ?? '', rows, line: i + 1 });
  });
  return out;
}

function parseText(text: string, name = 'doc.xbar') {
  const sources = new SourceSet();
  const f = sources.add(`/virtual/${name}`, name, text);
  return parse(f);
}

/** Every AST node (objects with a `kind`) under a value. */
function* nodes(v: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(v)) {
    for (const x of v) yield* nodes(x);
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['kind'] === 'string') yield o;
    for (const [k, x] of Object.entries(o)) if (k !== 'span' && k !== 'categorySpan') yield* nodes(x);
  }
}

// ---------------------------------------------------------------- code blocks

test('the manual has code blocks of each kind, and only known kinds', (t) => {
  const langs = new Set(blocks.map((b) => b.lang));
  for (const l of ['xbar', 'xbar-fragment', 'xbar-error']) t.true(langs.has(l), `no \`\`\`${l} block`);
  for (const b of blocks) t.true(['xbar', 'xbar-fragment', 'xbar-error', 'text'].includes(b.lang), `line ${b.line}: unknown block kind \`${b.lang}\``);
});

for (const b of blocks.filter((x) => x.lang === 'xbar')) {
  test(`\`\`\`xbar block at line ${b.line} checks with no diagnostics`, (t) => {
    const r = checkText(b.text, DATA_FILES);
    t.deepEqual(r.codes, [], r.text);
    t.is(r.result.stoppedAt, 'done');
  });
}

for (const b of blocks.filter((x) => x.lang === 'xbar-fragment')) {
  test(`\`\`\`xbar-fragment block at line ${b.line} parses`, (t) => {
    const r = parseText(b.text);
    t.deepEqual(r.diagnostics.map((d) => `${d.code}: ${d.message}`), []);
    t.true(r.ast.items.length > 0);
  });
}

for (const b of blocks.filter((x) => x.lang === 'xbar-error')) {
  test(`\`\`\`xbar-error block at line ${b.line} produces its code`, (t) => {
    const m = /^\/\/ expect ([EW]\d{4})\s*$/.exec(b.text.split('\n')[0]!);
    if (!m) return t.fail('the first line must be `// expect CODE`');
    const r = checkText(b.text, DATA_FILES);
    t.true(r.codes.some((c) => c.startsWith(`${m[1]}@`)), `expected ${m[1]}, found ${r.codes.join(' ') || 'nothing'}\n${r.text}`);
  });
}

// ---------------------------------------------------------------- value tables

/** `const v = EXPR;` evaluated (the library imported): the canonical value, or the codes. */
function evaluate(expr: string): { value: string | null; codes: string[]; text: string } {
  const r = checkText(`import "xbar/presets";\nconst v = ${expr};\n`, {}, NO_UNUSED);
  const m = r.ir ? /^const v = (.*)$/m.exec(r.ir) : null;
  return { value: r.codes.length === 0 && m ? m[1]! : null, codes: r.codes.map((c) => c.replace(/@.*/, '')), text: r.text };
}

test('value tables: each expression evaluates to the value shown, or fails with the code shown', (t) => {
  const tables = checkedTables('values');
  t.true(tables.length >= 5);
  for (const table of tables) {
    for (const row of table.rows) {
      const [expr, want] = [cellSpans(row.cells[0]!)[0], cellSpans(row.cells[1]!)[0]];
      if (!expr || !want) {
        t.fail(`line ${row.line}: a value row is \`expression\` | \`value\``);
        continue;
      }
      const got = evaluate(expr);
      if (/^[EW]\d{4}$/.test(want)) t.true(got.codes.includes(want), `line ${row.line}: \`${expr}\` should give ${want}, got ${got.value ?? got.codes.join(' ')}`);
      else t.is(got.value, want, `line ${row.line}: \`${expr}\`\n${got.text}`);
    }
  }
});

// ---------------------------------------------------------------- units and prefixes

const PREFIX_WORDS: Record<string, 'si' | 'multiples' | 'none'> = { all: 'si', multiples: 'multiples', none: 'none' };

test('unit table: every unit word, its prefixes and its value', (t) => {
  const [table] = checkedTables('units');
  if (!table) return t.fail('no units table');
  const listed = new Map<string, Row>();
  for (const row of table.rows) for (const w of cellSpans(row.cells[0]!)) listed.set(w, row);
  t.deepEqual([...listed.keys()].sort(), Object.keys(UNITS).sort(), 'the table lists exactly the unit words of dsl/units.ts');
  const words = [...listed.keys()].filter((w) => w in UNITS);
  const r = checkText(words.map((w, i) => `const u${i} = 1 ${w};`).join('\n') + '\n', {}, NO_UNUSED);
  t.deepEqual(r.codes, [], r.text);
  words.forEach((w, i) => {
    const row = listed.get(w)!;
    const want = cellSpans(row.cells[2]!)[0];
    const got = new RegExp(`^const u${i} = (.*)$`, 'm').exec(r.ir ?? '')?.[1];
    t.is(got, want, `line ${row.line}: 1 ${w}`);
    t.is(PREFIX_WORDS[row.cells[3]!], UNITS[w]!.prefixes, `line ${row.line}: prefixes of ${w}`);
  });
});

test('prefix table: exactly the SI prefixes, with their factors', (t) => {
  const [table] = checkedTables('prefixes');
  if (!table) return t.fail('no prefix table');
  const listed = new Map<string, number>();
  for (const row of table.rows) {
    const factor = Number(cellSpans(row.cells[1]!)[0]);
    for (const p of cellSpans(row.cells[0]!)) listed.set(p, factor);
  }
  // The prefixes the implementation accepts: the characters that make `<c>Hz` a unit.
  const actual = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZµμ'].filter((c) => parseUnit(`${c}Hz`) !== null);
  t.deepEqual([...listed.keys()].sort(), actual.sort());
  for (const [p, f] of listed) {
    const u = parseUnit(`${p}Hz`);
    t.true(u !== null && Math.abs(u.scale - f) <= 1e-12 * f, `${p}: ${u?.scale} != ${f}`);
  }
  // "multiples" units take the decimal multiples only (§3.3).
  t.deepEqual(actual.filter((c) => parseUnit(`${c}bit`) !== null).sort(), ['E', 'G', 'M', 'P', 'T', 'k']);
});

// ---------------------------------------------------------------- components, ports, presets

test('category table: the kinds of each category and the kind used without a base', (t) => {
  const [table] = checkedTables('categories');
  if (!table) return t.fail('no category table');
  const seen = new Set<string>();
  for (const row of table.rows) {
    const cat = cellSpans(row.cells[0]!)[0] as Category;
    seen.add(cat);
    t.deepEqual(cellSpans(row.cells[1]!).sort(), kindsOf(cat).sort(), `line ${row.line}: kinds of ${cat}`);
    const dflt: string | null = cellSpans(row.cells[2]!)[0] ?? null;
    t.is<string | null, string | null>(dflt, DEFAULT_KIND[cat] ?? null, `line ${row.line}: ${cat} without a base`);
  }
  t.deepEqual([...seen].sort(), [...new Set(Object.values(KINDS).map((k) => k.category))].sort());
});

test('port table: port names and domains of each category', (t) => {
  const [table] = checkedTables('ports');
  if (!table) return t.fail('no port table');
  const domainWords: Record<string, string> = { digital: 'digital', voltage: 'voltage', current: 'current' };
  for (const row of table.rows) {
    const category = cellSpans(row.cells[0]!)[0] as Category;
    const component = { kind: 'component', category, kindName: '', name: '', bases: [], params: {}, origins: {}, missing: [], span: { file: 0, start: 0, end: 0 } } as ComponentIR;
    const inst: InstanceIR = { kind: 'instance', name: 'x', count: 1, component, span: component.span };
    const [pin, pout] = ports(inst);
    for (const [cell, port] of [[row.cells[1]!, pin], [row.cells[2]!, pout]] as const) {
      t.is(cellSpans(cell)[0], port?.name, `line ${row.line}: port name`);
      const listed = cell.replace(/^.*?:\s*/, '').split(/\s+or\s+/).map((w) => domainWords[w.trim()] ?? w.trim());
      t.deepEqual(listed, [...(port?.domains ?? [])], `line ${row.line}: domains of ${category}.${port?.name}`);
    }
  }
  t.deepEqual(table.rows.map((r) => cellSpans(r.cells[0]!)[0]).sort(), CATEGORIES.filter((c) => c !== "device").sort(), "every category except device");
});

test('preset table: every preset of xbar/presets, with its category and kind', (t) => {
  const [table] = checkedTables('presets');
  if (!table) return t.fail('no preset table');
  const presets = new Map<string, string>();
  for (const item of parseText(read('dsl/lib/presets.xbar'), 'presets.xbar').ast.items) {
    if (item.kind !== 'namespace') continue;
    for (const c of item.items) {
      if (c.kind === 'component') presets.set(`${item.name.name}.${c.name.name}`, `${c.category} : ${c.base?.parts.map((p) => p.name).join('.')}`);
    }
  }
  const listed = new Map(table.rows.map((r) => [cellSpans(r.cells[0]!)[0]!, r.cells[1]!.replace(/`/g, '')]));
  t.deepEqual([...listed.keys()].sort(), [...presets.keys()].sort());
  for (const [name, what] of presets) t.is(listed.get(name), what, name);
});

test('block parameter tables: chip, link and testbench parameters and their defaults', (t) => {
  const tables = checkedTables('block-params');
  t.deepEqual(tables.map((x) => x.arg).sort(), ['chip', 'link', 'testbench']);
  for (const table of tables) {
    const schema = BLOCK_SCHEMAS[table.arg as keyof typeof BLOCK_SCHEMAS];
    const names = table.rows.map((r) => cellSpans(r.cells[0]!)[0]!);
    t.deepEqual(names.sort(), Object.keys(schema).sort(), `${table.arg} parameters`);
    for (const r of table.rows) {
      const name = cellSpans(r.cells[0]!)[0]!;
      t.is<string | undefined, string | undefined>(cellSpans(r.cells[2]!)[0], schema[name]?.default?.text, `line ${r.line}: default of ${table.arg}.${name}`);
    }
  }
});

// ---------------------------------------------------------------- coverage

/** Quoted literals of the grammar files: words (keywords and contextual words) and symbols. */
const grammarLiterals = [...new Set([...grammarText.matchAll(/"([^"\s]+)"/g)].map((m) => m[1]!))].filter((l) => !l.endsWith('.ne'));
const literalWords = grammarLiterals.filter((l) => /^[A-Za-z_]+$/.test(l));
const literalSymbols = grammarLiterals.filter((l) => !/[A-Za-z0-9_]/.test(l));

function missingSpans(names: Iterable<string>, match: (name: string) => boolean = (n) => spans.has(n)): string[] {
  return [...names].filter((n) => !match(n));
}

test('coverage: every reserved keyword', (t) => {
  t.deepEqual(missingSpans(KEYWORDS), []);
});

test('coverage: every contextual word and every word literal of the grammar', (t) => {
  const contextual = literalWords.filter((w) => !(KEYWORDS as readonly string[]).includes(w));
  t.true(contextual.length >= 6, `contextual words found: ${contextual.join(' ')}`);
  t.deepEqual(missingSpans(literalWords), []);
});

test('coverage: every punctuation and operator literal of the grammar', (t) => {
  t.true(literalSymbols.includes('**') && literalSymbols.includes('->'));
  t.deepEqual(missingSpans(literalSymbols), []);
});

test('coverage: every unit word', (t) => {
  t.deepEqual(missingSpans(Object.keys(UNITS)), []);
});

test('coverage: every built-in function, written as a call', (t) => {
  t.deepEqual(missingSpans(FUNCTION_NAMES, (f) => [...spans].some((s) => s.startsWith(`${f}(`))), []);
});

test('coverage: every component kind', (t) => {
  t.deepEqual(missingSpans(Object.keys(KINDS)), []);
});

/** Parsed code of the manual: every xbar and fragment block, and every value-table expression. */
function manualAst(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const b of blocks.filter((x) => x.lang === 'xbar' || x.lang === 'xbar-fragment')) out.push(...nodes(parseText(b.text).ast.items));
  const exprs = checkedTables('values').flatMap((tb) => tb.rows.map((r) => cellSpans(r.cells[0]!)[0]!));
  out.push(...nodes(parseText(exprs.map((e, i) => `const v${i} = ${e};`).join('\n')).ast.items));
  return out;
}

/** The `kind` strings of a union type in dsl/ast.ts (`Item`, `Stmt`, `Expr`). */
function unionKinds(union: string): string[] {
  const ast = read('dsl/ast.ts');
  const members = /export type (\w+) =([^;]+);/g;
  let body = '';
  for (const m of ast.matchAll(members)) if (m[1] === union) body = m[2]!;
  const names = [...body.matchAll(/\b([A-Z]\w+)\b/g)].map((m) => m[1]!);
  return names.map((n) => new RegExp(`export interface ${n} \\{\\s*kind: '([^']+)'`).exec(ast)?.[1] ?? `?${n}`);
}

test('coverage: the manual shows every item, statement and expression kind, and each form of them', (t) => {
  const all = manualAst();
  const kinds = new Set(all.map((n) => n['kind'] as string));
  for (const union of ['Item', 'Stmt', 'Expr']) {
    const want = unionKinds(union);
    t.true(want.length >= 8, `${union}: ${want.join(' ')}`);
    t.deepEqual(want.filter((k) => !kinds.has(k)), [], `${union} kinds missing from the manual's code`);
  }
  const has = (pred: (n: Record<string, unknown>) => boolean, what: string) => t.true(all.some(pred), `no example of ${what}`);
  const ops = (kind: string) => new Set(all.filter((n) => n['kind'] === kind).map((n) => n['op'] as string));
  t.deepEqual(['+', '-', '*', '/', '%', '**', '==', '!=', '<', '<=', '>', '>=', '&&', '||'].filter((o) => !ops('binary').has(o)), [], 'binary operators');
  t.deepEqual(['-', '+', '!'].filter((o) => !ops('unary').has(o)), [], 'unary operators');
  has((n) => n['kind'] === 'const' && n['binding'] === 'param', '`param`');
  has((n) => n['kind'] === 'component' && n['base'] === null, 'a component without a base');
  has((n) => n['kind'] === 'instance' && n['body'] !== null, 'an instance with overrides');
  has((n) => n['kind'] === 'instance' && (n['dims'] as unknown[]).length >= 2, 'a multi-dimensional tile array');
  has((n) => n['kind'] === 'connect' && (n['chain'] as unknown[]).length >= 3, 'a connect chain');
  has((n) => n['kind'] === 'link' && n['body'] === null, 'a link without a body');
  has((n) => n['kind'] === 'link' && n['body'] !== null, 'a link with a body');
  has((n) => n['kind'] === 'if' && Array.isArray(n['else']) && (n['else'] as { kind: string }[])[0]?.kind === 'if', '`else if`');
  has((n) => n['kind'] === 'run' && n['mode'] === 'for', '`run for`');
  has((n) => n['kind'] === 'run' && n['mode'] === 'until-idle', '`run until idle`');
  has((n) => n['kind'] === 'trace' && (n['targets'] as unknown[]).length >= 2, 'a trace of several targets');
  has((n) => n['kind'] === 'range' && n['inclusive'] === true, 'an inclusive range');
  has((n) => n['kind'] === 'range' && n['inclusive'] === false, 'an exclusive range');
  has((n) => n['kind'] === 'arg' && n['name'] !== null, 'a named argument');
  has((n) => n['kind'] === 'number' && n['unit'] !== null, 'a number with a unit');
  const numbers = all.filter((n) => n['kind'] === 'number').map((n) => n['text'] as string);
  for (const form of [/^0x/i, /^0b/i, /_/, /[eE]/, /\./]) t.true(numbers.some((x) => form.test(x)), `no number of the form ${form}`);
});

test('grammar summary: defines every rule of grammar/*.ne and quotes every literal', (t) => {
  const summary = blocks.find((b) => b.lang === 'text' && /^File\s+=/m.test(b.text));
  if (!summary) return t.fail('no grammar summary');
  const rules = [...new Set([...grammarText.matchAll(/^([A-Z]\w*)\s*->/gm)].map((m) => m[1]!))];
  const defined = new Set([...summary.text.matchAll(/^([A-Z]\w*)\s*=/gm)].map((m) => m[1]!));
  t.deepEqual(rules.filter((r) => !defined.has(r)), [], 'rules missing from the summary');
  t.deepEqual([...defined].filter((r) => !rules.includes(r)), [], 'rules the grammar does not have');
  const quoted = new Set([...summary.text.matchAll(/"([^"\s]+)"/g)].map((m) => m[1]!));
  t.deepEqual(grammarLiterals.filter((l) => !quoted.has(l)), [], 'literals missing from the summary');
  t.deepEqual([...quoted].filter((l) => !grammarLiterals.includes(l)), [], 'literals the grammar does not have');
});

test('the manual links the generated references', (t) => {
  t.regex(doc, /\]\(components\.md\)/);
  t.regex(doc, /\]\(diagnostics\.md\)/);
});
