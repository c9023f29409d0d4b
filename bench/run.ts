// bench/run.ts: how fast is the front end? (`npm run bench`; see bench/README.md)
//
// For each size (10,000 lines, then 1,000 and 100,000 for scaling) it generates a valid
// description with test/generate.ts (in memory; nothing is written to disk) and times, in
// the same process, each stage N times and reports the median:
//   lex         grammar/lexer.ts `lex` (tokens only)
//   parse       grammar/parse.ts `parse` (lexes again, then parses every item)
//   front end   dsl/pipeline.ts `frontEnd` over an in-memory host: load, elaborate, checks
//   JSON.parse  a reference: a JSON document of the same byte size (the serialised AST)
// It checks that the description has no diagnostics (a benchmark of error paths would
// measure something else), then prints a table and the 2-second target for 10,000 lines.
//
// Environment: BENCH_RUNS=N overrides the repetitions of the 10,000-line size (default 7);
// BENCH_SEED=S changes the generated description (default 1); BENCH_QUICK=1 skips 100,000.
import { performance } from 'node:perf_hooks';
import { SourceSet } from '../dsl/diagnostics/source.js';
import { memoryHost } from '../dsl/load.js';
import { frontEnd } from '../dsl/pipeline.js';
import { lex } from '../grammar/lexer.js';
import { parse } from '../grammar/parse.js';
import { generateDescription } from '../test/generate.js';

const TARGET_LINES = 10_000;
const TARGET_MS = 2000;
const SEED = Number(process.env['BENCH_SEED'] ?? 1);
const RUNS = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 7));
const QUICK = process.env['BENCH_QUICK'] === '1';

interface Row {
  lines: number;
  bytes: number;
  runs: number;
  lex: number;
  parse: number;
  frontEnd: number;
  json: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median wall time of `fn` over `runs` runs, after `warmup` untimed runs. */
function time(fn: () => unknown, runs: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** A JSON document of exactly `bytes` bytes (ASCII): AST items, then a padding string. */
function jsonOfSize(items: readonly unknown[], bytes: number): string {
  const parts: string[] = [];
  let size = 2; // [ ]
  for (let i = 0; items.length > 0; i++) {
    const p = JSON.stringify(items[i % items.length]);
    // Room for this part, its comma, and a padding element `,"..."` (at least 3 bytes).
    if (size + p.length + 1 + 4 > bytes) break;
    parts.push(p);
    size += p.length + (parts.length > 1 ? 1 : 0);
  }
  const pad = bytes - size - (parts.length > 0 ? 1 : 0) - 2;
  parts.push(`"${'x'.repeat(Math.max(0, pad))}"`);
  const doc = `[${parts.join(',')}]`;
  JSON.parse(doc); // valid JSON
  return doc;
}

function measure(lines: number, runs: number): Row {
  const text = generateDescription(SEED, lines);
  const bytes = Buffer.byteLength(text, 'utf8');

  const check = () => {
    const r = frontEnd('/virtual/main.xbar', memoryHost({ 'main.xbar': text }, '/virtual'));
    if (!r) throw new Error('the root file is missing from the in-memory host');
    return r;
  };
  const first = check();
  if (first.diagnostics.length > 0 || !first.design) {
    const kinds = [...new Set(first.diagnostics.map((d) => `${d.code} ${d.message}`))].slice(0, 3);
    console.error(`note: generateDescription(${SEED}, ${lines}) gets ${first.diagnostics.length} diagnostics from the front end (${kinds.join('; ')}); the timings include them`);
  }

  const parseOnce = () => parse(new SourceSet().add('/virtual/main.xbar', 'main.xbar', text));
  const ast = parseOnce().ast;
  const json = jsonOfSize(ast.items, bytes);
  if (json.length !== bytes) throw new Error(`the JSON reference is ${json.length} bytes, not ${bytes}`);

  const warmup = runs > 3 ? 1 : 0;
  return {
    lines: text.split('\n').length - 1,
    bytes,
    runs,
    lex: time(() => lex(text), runs, warmup),
    parse: time(parseOnce, runs, warmup),
    frontEnd: time(check, runs, warmup),
    json: time(() => JSON.parse(json), runs, warmup),
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(rows: Row[]): string {
  const head = ['lines', 'bytes', 'runs', 'lex ms', 'parse ms', 'front end ms', 'JSON.parse ms', 'lines/s', 'front end / lex', 'front end / JSON.parse'];
  const body = rows.map((r) => [
    fmt(r.lines),
    fmt(r.bytes),
    String(r.runs),
    fmt(r.lex, 1),
    fmt(r.parse, 1),
    fmt(r.frontEnd, 1),
    fmt(r.json, 2),
    fmt((r.lines / r.frontEnd) * 1000),
    `${fmt(r.frontEnd / r.lex, 1)}x`,
    `${fmt(r.frontEnd / r.json, 0)}x`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padStart(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

console.log(`xbar front-end benchmark: node ${process.version}, seed ${SEED}, median of N runs per stage`);
console.log('(lex = tokens only; parse = lex + parse; front end = load + elaborate + checks; JSON.parse of the same number of bytes)');
console.log('');

const main = measure(TARGET_LINES, RUNS);
console.log(table([main]));
console.log('');
const verdict = main.frontEnd < TARGET_MS ? 'PASS' : 'FAIL';
console.log(`${fmt(main.lines)}-line description checks in ${fmt(main.frontEnd)} ms (target < ${fmt(TARGET_MS)} ms): ${verdict}`);
console.log('');

console.log('Scaling (front end, median):');
const scale: Row[] = [measure(1_000, Math.max(RUNS, 9)), main];
if (!QUICK) scale.push(measure(100_000, 3));
console.log(table(scale));
console.log('');
for (const r of scale) {
  console.log(`  ${fmt(r.lines).padStart(7)} lines: ${fmt(r.frontEnd / (r.lines / 1000), 1).padStart(6)} ms per 1,000 lines (lex ${fmt(r.lex / (r.lines / 1000), 1)}, parse ${fmt(r.parse / (r.lines / 1000), 1)})`);
}
