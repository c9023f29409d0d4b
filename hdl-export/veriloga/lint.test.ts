// Spec of the Verilog-A lint (lint.ts): good files lint clean, each bad file gives exactly the
// problems its `// expect-lint RULE` comments announce, damaged files never throw, and ADMS
// (when installed) agrees on the files within its subset.
//
// Expectation comments: `// expect-lint RULE` expects one problem of RULE on the comment's
// line; `// expect-lint RULE @N` on line N. A line may carry several. The test compares the
// multiset of (rule, line) pairs exactly, so a missing or an extra problem both fail.
import test from 'ava';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawLex } from './lexer.js';
import { lintVerilogA, signatureOf, VA_RULES, type KnownModule } from './lint.js';
import { parseVerilogA } from './parse.js';
import { admsXml, ADMS_AVAILABLE } from './adms.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const goodDir = path.join(here, 'testdata', 'good');
const badDir = path.join(here, 'testdata', 'bad');
const vaFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.va')).sort();
const good = vaFiles(goodDir);
const bad = vaFiles(badDir);
const readGood = (f: string) => readFileSync(path.join(goodDir, f), 'utf8');
const readBad = (f: string) => readFileSync(path.join(badDir, f), 'utf8');

/** The modules of all good files: the structural netlist instantiates some of them. */
const known = new Map<string, KnownModule>();
for (const f of good) for (const m of parseVerilogA(readGood(f), f).modules) known.set(m.name.name, signatureOf(m));

function expectations(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/expect-lint\s+([a-z-]+)(?:\s*@(\d+))?/g)) out.push(`${m[1]}@${m[2] ?? i + 1}`);
  });
  return out.sort();
}

const NEARLEY_TEXT = /nearley|I was expecting|Unexpected .* token|parse table|lexer error/i;

test('the test data: nine good files, and bad files for every rule', (t) => {
  t.true(good.length >= 9);
  const covered = new Set(bad.flatMap((f) => expectations(readBad(f)).map((e) => e.split('@')[0])));
  t.deepEqual(VA_RULES.filter((r) => !covered.has(r)), []);
});

for (const f of good) {
  test(`good/${f} lints clean`, (t) => {
    const r = lintVerilogA(readGood(f), f, { knownModules: known });
    t.deepEqual(r.problems, []);
    t.true(r.ok);
  });
}

test('the structural netlist needs the instantiated modules (from the text or knownModules)', (t) => {
  const r = lintVerilogA(readGood('tile_netlist.va'), 'tile_netlist.va');
  t.false(r.ok);
  t.deepEqual(r.problems.map((p) => `${p.rule}@${p.line}`), ['instance@14', 'instance@15', 'instance@16', 'instance@17', 'instance@18', 'instance@20']);
  t.regex(r.problems[0]!.message, /module `memristor` is not defined/);
  // The same netlist with its leaf modules in the same text is clean.
  const all = ['memristor.va', 'crossbar_flat.va', 'pcm_cell.va', 'tile_netlist.va'].map(readGood).join('\n');
  t.deepEqual(lintVerilogA(all).problems, []);
});

for (const f of bad) {
  test(`bad/${f}: exactly the expected problems`, (t) => {
    const text = readBad(f);
    const expected = expectations(text);
    t.true(expected.length > 0, 'a bad file announces its problems');
    const r = lintVerilogA(text, f);
    t.false(r.ok);
    t.deepEqual(r.problems.map((p) => `${p.rule}@${p.line}`).sort(), expected);
    for (const p of r.problems) {
      t.is(p.file, f);
      t.true(p.column >= 1);
      t.true(p.message.length > 10);
      t.notRegex(p.message, NEARLEY_TEXT);
    }
  });
}

test('messages say what is wrong and where', (t) => {
  const msg = (f: string, line: number) =>
    lintVerilogA(readBad(f), f).problems.filter((p) => p.line === line).map((p) => p.message).join(' | ');
  t.regex(msg('analog_op_in_event.va', 13), /analog operator `transition` inside the event statement at line 12/);
  t.regex(msg('contribution_in_event.va', 12), /contribution inside the event statement at line 11/);
  t.regex(msg('analog_op_in_conditional.va', 16), /`idt` inside a conditional whose condition \(line 16\) is not constant/);
  t.regex(msg('analog_op_in_loop.va', 17), /indexed branch access `d\[\.\.\.\]` with a non-genvar index/);
  t.regex(msg('branch_index.va', 18), /index 4 \(when i = 4\) is outside the range \[0:3\] of `q`/);
  t.regex(msg('branch_index.va', 18), /index -1 \(when i = 4\) is outside the range \[3:0\] of `d`/);
  t.regex(msg('undeclared_variable.va', 13), /`gx` is not declared/);
  t.regex(msg('hidden_state.va', 14), /`count` is read here before it is assigned/);
  t.regex(msg('parameter_range.va', 7), /the default 0 of `R` is outside `from \(0:inf\)`/);
  t.regex(msg('syntax_missing_semicolon.va', 11), /expected `;`/);
  t.regex(msg('syntax_unbalanced_begin.va', 14), /the `begin` at line 9 is not closed/);
  t.regex(msg('syntax_missing_endmodule.va', 9), /missing `endmodule` for module `noend`/);
  t.regex(msg('syntax_garbage.va', 9), /invalid character `§`/);
});

test('semantic rules are not run on a file with a syntax error (no cascade)', (t) => {
  const text = readGood('memristor.va').replace('st = V(w);', 'st = V(w)');
  const r = lintVerilogA(text);
  t.deepEqual([...new Set(r.problems.map((p) => p.rule))], ['syntax']);
});

test('hidden-state: what counts as assigned before a read (README.md)', (t) => {
  const rules = (body: string) =>
    lintVerilogA(
      [
        '`include "disciplines.vams"',
        'module m(a); inout a; electrical a; parameter integer N = 2;',
        '  real x, y; integer k, arr[0:1]; genvar i;',
        `  analog begin ${body} end`,
        'endmodule',
      ].join('\n'),
    ).problems.map((p) => p.rule);
  t.deepEqual(rules('x = V(a); if (x > 1) x = 1; y = x; I(a) <+ y;'), [], 'assigned at the top, clamped, read later');
  t.deepEqual(rules('if (V(a) > 0) x = 1; else x = 0; I(a) <+ x;'), [], 'both branches assign');
  t.deepEqual(rules('if (V(a) > 0) x = 1; I(a) <+ x;'), ['hidden-state'], 'one branch assigns');
  t.deepEqual(rules('case (V(a) > 0) 1: x = 1; default: x = 0; endcase I(a) <+ x;'), [], 'case with default');
  t.deepEqual(rules('case (V(a) > 0) 1: x = 1; 0: x = 0; endcase I(a) <+ x;'), ['hidden-state'], 'case without default (conservative)');
  t.deepEqual(rules('for (i = 0; i < N; i = i + 1) arr[i] = i; I(a) <+ arr[0];'), [], 'a genvar loop is unrolled');
  t.deepEqual(rules('for (k = 0; k < N; k = k + 1) x = k; I(a) <+ x;'), ['hidden-state'], 'a procedural loop may not run');
  t.deepEqual(rules('@(initial_step) begin x = 0; end @(cross(V(a), 1)) begin x = V(a); end I(a) <+ x;'), [], 'sampled in events');
  t.deepEqual(rules('@(cross(V(a), 1)) begin y = x; end x = V(a); I(a) <+ y;'), ['hidden-state'], 'read in an event before the step assigns it');
  t.deepEqual(rules('I(a) <+ x;'), [], 'never assigned: a constant');
  t.deepEqual(rules('x = x + V(a); I(a) <+ x;'), ['hidden-state'], 'an accumulator');
});

test('analog-op-in-conditional: constant means numbers, parameters, genvars and constant functions', (t) => {
  const rules = (cond: string) =>
    lintVerilogA(
      [
        '`include "disciplines.vams"',
        'module m(a); inout a; electrical a; parameter integer N = 2; parameter real c = 1p; real x; genvar i;',
        `  analog for (i = 0; i < N; i = i + 1) if (${cond}) I(a) <+ c * ddt(V(a));`,
        'endmodule',
      ].join('\n'),
    ).problems.map((p) => p.rule);
  t.deepEqual(rules('N > 1 && i == 0'), []);
  t.deepEqual(rules('abs(c) > pow(10, -N)'), []);
  t.deepEqual(rules('V(a) > 0'), ['analog-op-in-conditional']);
  t.deepEqual(rules('$temperature > 300'), ['analog-op-in-conditional']);
  t.deepEqual(rules('$abstime > 1n'), ['analog-op-in-conditional']);
});

test('knownModules: ports and parameters of modules defined elsewhere', (t) => {
  const text = [
    '`include "disciplines.vams"',
    'module top(a, b);',
    '  inout a, b; electrical a, b;',
    '  res #(.r(2k)) x1 (.p(a), .n(b));',
    '  res #(.rr(2k)) x2 (.p(a), .m(b));',
    'endmodule',
  ].join('\n');
  const knownModules = new Map([['res', { ports: ['p', 'n'], params: ['r'] }]]);
  const r = lintVerilogA(text, 'top.va', { knownModules });
  t.deepEqual(r.problems.map((p) => `${p.rule}@${p.line}:${p.column}`), ['instance@5:10', 'instance@5:30']);
  t.is(lintVerilogA(text, 'top.va').problems.filter((p) => p.rule === 'instance').length, 2);
});

test('a generated 64x64 flat crossbar (4096 contributions, ~8200 lines) lints clean', (t) => {
  const n = 64;
  const nets = [...Array.from({ length: n }, (_, i) => `r${i}`), ...Array.from({ length: n }, (_, i) => `c${i}`)];
  const lines = ['`include "disciplines.vams"', `module xbar_${n}(${nets.join(', ')});`, `  inout ${nets.join(', ')};`, `  electrical ${nets.join(', ')};`];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) lines.push(`  parameter real g_${r}_${c} = ${1 + ((r + c) % 9)}u from [0:inf);`);
  lines.push('  analog begin');
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) lines.push(`    I(r${r}, c${c}) <+ g_${r}_${c} * V(r${r}, c${c});`);
  lines.push('  end', 'endmodule');
  const text = lines.join('\n');
  t.true(lines.length > 8000);
  t.deepEqual(lintVerilogA(text).problems, []);
  const analog = parseVerilogA(text).modules[0]!.items.find((i) => i.kind === 'analog')!;
  t.is(analog.kind === 'analog' && analog.body.kind === 'block' ? analog.body.stmts.length : 0, n * n);
});

test('a genvar-unrolled 64x64 crossbar with a 4096-element parameter array lints clean; an out-of-range cell is found', (t) => {
  const n = 64;
  const g = Array.from({ length: n * n }, (_, i) => `${(i % 7) + 1}.0u`).join(', ');
  const text = (cols: string) => [
    '`include "disciplines.vams"',
    'module xbar(row, col);',
    `  localparam integer R = ${n}; localparam integer C = ${n};`,
    `  parameter real G[0:R*C-1] = '{${g}} from [0:inf);`,
    '  inout [0:R-1] row; inout [0:C-1] col; electrical [0:R-1] row; electrical [0:C-1] col;',
    '  genvar r, c;',
    `  analog for (r = 0; r < R; r = r + 1) for (c = 0; ${cols}; c = c + 1)`,
    '    I(row[r], col[c]) <+ G[r*C + c] * V(row[r], col[c]);',
    'endmodule',
  ].join('\n');
  t.deepEqual(lintVerilogA(text('c < C')).problems, []);
  const r = lintVerilogA(text('c <= C'));
  t.deepEqual(r.problems.map((p) => `${p.rule}@${p.line}`), ['branch-index@8', 'array-index@8', 'branch-index@8']);
  t.regex(r.problems.map((p) => p.message).join('\n'), /index 64 \(when c = 64\) is outside the range \[0:63\] of `col`/);
  t.regex(r.problems.map((p) => p.message).join('\n'), /index 4096 \(when r = 63, c = 64\) is outside the range \[0:4095\] of `G`/);
});

// ------------------------------------------------------------------ robustness

/** Offsets of the first `module` keyword and of the end of the first `endmodule` (comments skipped). */
function firstModule(text: string): [number, number] {
  const toks = rawLex(text);
  const start = toks.find((t) => t.type === 'module')!.offset;
  const end = toks.find((t) => t.type === 'endmodule')!;
  return [start, end.offset + end.text.length];
}

test('truncated good files never throw, and a truncated first module is never clean', (t) => {
  const texts = good.map(readGood);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.nat(), (fi, n) => {
      const text = texts[fi]!;
      const cut = n % (text.length + 1);
      const r = lintVerilogA(text.slice(0, cut), good[fi]);
      if (!r.problems.every((p) => p.line >= 1 && p.column >= 1 && !NEARLEY_TEXT.test(p.message))) return false;
      const [start, end] = firstModule(text);
      return cut > start && cut < end ? !r.ok : true;
    }),
    { seed: 4242, numRuns: 400 },
  );
  t.pass();
});

test('good files with random edits never throw', (t) => {
  const texts = good.map(readGood);
  const junk = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('begin', 'end', '(', ')', '[', ']', ';', '@(', '`define X', '`X', '"', '/*', '(*', "'{", '<+', '?', 'else', 'endmodule', 'module m;'),
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.nat(), fc.nat({ max: 40 }), junk, (fi, at, del, ins) => {
      const text = texts[fi]!;
      const i = at % (text.length + 1);
      const edited = text.slice(0, i) + ins + text.slice(i + del);
      const r = lintVerilogA(edited, good[fi]);
      return r.problems.every((p) => p.line >= 1 && p.column >= 1 && p.message.length > 0 && !NEARLEY_TEXT.test(p.message));
    }),
    { seed: 777, numRuns: 400 },
  );
  t.pass();
});

// ------------------------------------------------------------------ ADMS agreement

const admsTest = ADMS_AVAILABLE ? test : test.skip;

/** admsXml on one file (adms.ts). */
function adms(name: string, text: string): { ok: boolean; output: string } {
  return admsXml([{ path: name, text }]);
}

for (const f of ['crossbar_flat.va', 'memristor.va', 'pcm_cell.va', 'integrator.va']) {
  admsTest(`ADMS accepts good/${f} (within its subset), like the lint`, (t) => {
    const r = adms(f, readGood(f));
    t.true(r.ok, r.output);
    t.regex(r.output, /module \w+/);
    t.true(lintVerilogA(readGood(f), f).ok);
  });
}

admsTest('ADMS rejects bad/undeclared_variable.va at the same line and column as the lint', (t) => {
  const r = adms('undeclared_variable.va', readBad('undeclared_variable.va'));
  t.false(r.ok);
  t.regex(r.output, /undeclared_variable\.va:13:16\]: at 'gx'/);
  t.regex(r.output, /identifier never declared/);
  const p = lintVerilogA(readBad('undeclared_variable.va')).problems;
  t.deepEqual(p.map((x) => `${x.rule}@${x.line}:${x.column}`), ['undeclared@13:16']);
});

admsTest('ADMS rejects bad/no_disciplines.va and bad/syntax_missing_semicolon.va, like the lint', (t) => {
  for (const f of ['no_disciplines.va', 'syntax_missing_semicolon.va']) {
    t.false(adms(f, readBad(f)).ok, f);
    t.false(lintVerilogA(readBad(f)).ok, f);
  }
});

admsTest('where they differ: ADMS accepts analog operators under a changing condition (LRM 4.5.15), the lint does not', (t) => {
  t.true(adms('analog_op_in_conditional.va', readBad('analog_op_in_conditional.va')).ok);
  t.false(lintVerilogA(readBad('analog_op_in_conditional.va')).ok);
});

admsTest('where they differ: ADMS rejects the LRM 2.4 bus, array and event forms the lint accepts', (t) => {
  for (const f of ['dac_nbit.va', 'adc_nbit.va', 'sample_hold.va', 'crossbar_array.va']) {
    t.false(adms(f, readGood(f)).ok, f);
    t.true(lintVerilogA(readGood(f)).ok, f);
  }
});
