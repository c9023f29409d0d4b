// Spec of the Verilog-A parser (parse.ts, preprocess.ts, lexer.ts, grammar/*.ne).
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as A from './ast.js';
import { numberValue } from './lexer.js';
import { forEachNode, parseVerilogA, parseWhole, PARSE_LIMITS } from './parse.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const goodDir = path.join(here, 'testdata', 'good');
const good = readdirSync(goodDir).filter((f) => f.endsWith('.va')).sort();

/** Parse a module body (wrapped in a module) that must have no error. */
function mod(body: string, header = 'module m(a, b);'): A.VaModule {
  const r = parseVerilogA(`${header}\n${body}\nendmodule\n`);
  if (r.errors.length) throw new Error(JSON.stringify(r.errors));
  return r.modules[0]!;
}

/** The statements of `analog begin ... end`. */
function stmts(body: string): A.VaStmt[] {
  const m = mod(`analog begin\n${body}\nend`);
  const a = m.items[0] as A.VaAnalog;
  return (a.body as A.VaBlock).stmts;
}

/** The expression `x = <e>;`. */
function expr(e: string): A.VaExpr {
  return (stmts(`x = ${e};`)[0] as A.VaAssign).value;
}

/** Fully parenthesised text of an expression, to check precedence. */
function show(e: A.VaExpr): string {
  switch (e.kind) {
    case 'number': return e.text;
    case 'string': return JSON.stringify(e.value);
    case 'inf': return 'inf';
    case 'name': return e.name;
    case 'index': return `${e.name.name}[${show(e.index)}]`;
    case 'call': return `${e.name.name}(${e.args.map(show).join(', ')})`;
    case 'syscall': return e.args ? `${e.name}(${e.args.map(show).join(', ')})` : e.name;
    case 'access': return `${e.nature}(${e.nets.map((n) => (n.index ? `${n.name.name}[${show(n.index)}]` : n.name.name)).join(', ')})`;
    case 'unary': return `(${e.op}${show(e.operand)})`;
    case 'binary': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'cond': return `(${show(e.cond)} ? ${show(e.then)} : ${show(e.else)})`;
    case 'concat': return `{${e.items.map(show).join(', ')}}`;
    case 'pattern': return `'{${e.items.map(show).join(', ')}}`;
  }
}

for (const f of good) {
  test(`good/${f}: parses, every node located, same tree as the whole-file grammar`, (t) => {
    const text = readFileSync(path.join(goodDir, f), 'utf8');
    const r = parseVerilogA(text, f);
    t.deepEqual(r.errors, []);
    t.true(r.modules.length >= 1);
    forEachNode(r.modules, (node) => {
      const n = node as { kind?: string; line?: number; column?: number };
      if (n.kind !== undefined) t.true(n.line! >= 1 && n.column! >= 1, JSON.stringify(n).slice(0, 80));
      return true;
    });
    // The façade parses item by item and statement by statement; the `File` start symbol
    // parses everything at once. Both must build the same tree.
    t.deepEqual(parseWhole(text), r.modules);
  });
}

test('module header, ports, declarations', (t) => {
  const m = mod(
    [
      'input [NB-1:0] a; output electrical b;',
      'electrical [NB-1:0] a; electrical n1, n2; ground n2;',
      'parameter integer NB = 4 from [1:24];',
      'parameter real r1 = 1k, r2 = 2k from (0:inf) exclude 3k exclude [5k:6k);',
      'localparam real half = 0.5;',
      'parameter string mode = "fast";',
      "parameter real G[0:1] = '{1u, 2u};",
      'real x, y = 1.0, arr[0:3]; integer k; genvar i, j;',
    ].join('\n'),
  );
  t.is(m.name.name, 'm');
  t.deepEqual(m.ports.map((p) => p.name), ['a', 'b']);
  t.deepEqual(m.items.map((i) => i.kind), ['port', 'port', 'net', 'net', 'ground', 'parameter', 'parameter', 'parameter', 'parameter', 'parameter', 'variable', 'variable', 'genvar']);
  const [pa, pb] = m.items as [A.VaPortDecl, A.VaPortDecl];
  t.is(pa.direction, 'input');
  t.is(show(pa.range!.msb), '(NB - 1)');
  t.is(pb.discipline?.name, 'electrical');
  const p2 = m.items[6] as A.VaParamDecl;
  t.is(p2.type, 'real');
  t.deepEqual(p2.params.map((p) => p.name.name), ['r1', 'r2']);
  const r2 = p2.params[1]!;
  t.deepEqual(
    r2.constraints.map((c) => [c.kind, c.interval ? [c.interval.loInclusive, show(c.interval.lo), show(c.interval.hi), c.interval.hiInclusive] : show(c.value!)]),
    [['from', [false, '0', 'inf', false]], ['exclude', '3k'], ['exclude', [true, '5k', '6k', false]]],
  );
  t.true((m.items[7] as A.VaParamDecl).local);
  t.is((m.items[8] as A.VaParamDecl).type, 'string');
  const g = (m.items[9] as A.VaParamDecl).params[0]!;
  t.is(show(g.value), "'{1u, 2u}");
  t.is(show(g.dims!.lsb), '1');
  const vars = (m.items[10] as A.VaVarDecl).vars;
  t.deepEqual(vars.map((v) => [v.name.name, v.init ? show(v.init) : null, v.dims ? show(v.dims.lsb) : null]), [['x', null, null], ['y', '1.0', null], ['arr', null, '3']]);
});

test('numbers: SI scale factors, exponents, based numbers; a bad suffix is a syntax error', (t) => {
  const v = (s: string) => (expr(s) as A.VaNumber).value;
  t.is(v('1n'), 1e-9);
  t.is(v('2.5u'), 2.5e-6);
  t.is(v('1e-9'), 1e-9);
  t.is(v('3K'), 3000);
  t.is(v('10k'), 10000);
  t.is(v('1M'), 1e6);
  t.is(v('5m'), 5e-3);
  t.is(v('7f'), 7e-15);
  t.is(v('1_000'), 1000);
  t.is(v("4'b1010"), 10);
  t.is(v("'hFF"), 255);
  t.true((expr('12') as A.VaNumber).integer);
  t.false((expr('12.0') as A.VaNumber).integer);
  t.false((expr('12n') as A.VaNumber).integer);
  t.is(expr('inf').kind, 'inf');
  t.deepEqual(numberValue('1ns'), { error: '`ns` after the number `1` is not a scale factor (T G M K k m u n p f a)' });
  const r = parseVerilogA('module m; parameter real t = 1e-9n; endmodule');
  t.deepEqual(r.errors.map((e) => [e.rule, e.line, e.column]), [['syntax', 1, 30]]);
});

test('operator precedence and associativity (IEEE 1364 table 5-4)', (t) => {
  t.is(show(expr('a + b * c ** d')), '(a + (b * (c ** d)))');
  t.is(show(expr('-a ** 2')), '((-a) ** 2)');
  t.is(show(expr('a - b - c')), '((a - b) - c)');
  t.is(show(expr('a << 1 + 2')), '(a << (1 + 2))');
  t.is(show(expr('a < b == c > d')), '((a < b) == (c > d))');
  t.is(show(expr('a & b ^ c | d && e || f')), '(((((a & b) ^ c) | d) && e) || f)');
  t.is(show(expr('a ? b : c ? d : e')), '(a ? b : (c ? d : e))');
  t.is(show(expr('!a && ~b')), '((!a) && (~b))');
  t.is(show(expr('a ~^ b ^~ c')), '((a ~^ b) ^~ c)');
  t.is(show(expr('a === b !== c')), '((a === b) !== c)');
  t.is(show(expr('a >>> 2 >> 1 <<< 3')), '(((a >>> 2) >> 1) <<< 3)');
  t.is(show(expr('(a + b) * c % d / e')), '((((a + b) * c) % d) / e)');
});

test('primaries: calls, system functions, branch access, arrays, concatenations, strings', (t) => {
  t.is(show(expr('pow(2.0, k) + abs(V(a, b))')), '(pow(2.0, k) + abs(V(a, b)))');
  t.is(show(expr('$abstime + $vt($temperature) + $rdist_normal(seed, 0, 1)')), '(($abstime + $vt($temperature)) + $rdist_normal(seed, 0, 1))');
  t.is(show(expr('I(d[i + 1], b) * G[r*C + c]')), '(I(d[(i + 1)], b) * G[((r * C) + c)])');
  t.is(show(expr('laplace_nd(V(a), {1.0}, {1.0, 1n})')), 'laplace_nd(V(a), {1.0}, {1.0, 1n})');
  t.is(show(expr('"a\\tb"')), '"a\\tb"');
  t.is(show(expr('f()')), 'f()');
});

test('statements: assignments, contributions, if/else, case, loops, events, system tasks', (t) => {
  const s = stmts(
    [
      'x = 1; arr[k] = 2;',
      'V(a) <+ 1; I(a, b) <+ V(a, b) / r;',
      'if (x > 0) y = 1; else if (x < 0) y = -1; else y = 0;',
      'case (k) 0, 1: y = 2; 2: begin y = 3; end default y = 4; endcase',
      'for (k = 0; k < 4; k = k + 1) arr[k] = 0;',
      'while (k > 0) k = k - 1;',
      'repeat (3) ;',
      '@(initial_step or cross(V(a) - 0.5, +1, 1p), timer(0, 1n)) begin : ev real tmp; tmp = 1; end',
      '@(final_step) begin $strobe("done %g", x); end',
      '$bound_step(1n); $discontinuity; $discontinuity(0);',
    ].join('\n'),
  );
  t.deepEqual(s.map((x) => x.kind), ['assign', 'assign', 'contribution', 'contribution', 'if', 'case', 'for', 'while', 'repeat', 'event', 'event', 'systask', 'systask', 'systask']);
  const arr = s[1] as A.VaAssign;
  t.is(show(arr.target.index!), 'k');
  const ifs = s[4] as A.VaIf;
  t.is((ifs.else as A.VaIf).kind, 'if');
  t.is(((ifs.else as A.VaIf).else as A.VaAssign).kind, 'assign');
  const c = s[5] as A.VaCase;
  t.deepEqual(c.items.map((i) => (i.labels ? i.labels.map(show) : 'default')), [['0', '1'], ['2'], 'default']);
  const f = s[6] as A.VaFor;
  t.is(f.init.target.name.name, 'k');
  t.is(show(f.step.value), '(k + 1)');
  const ev = s[9] as A.VaEventStmt;
  t.deepEqual(ev.events.map((e) => [e.name.name, e.args?.length ?? null]), [['initial_step', null], ['cross', 3], ['timer', 2]]);
  const blk = ev.body as A.VaBlock;
  t.is(blk.name?.name, 'ev');
  t.is(blk.decls[0]!.vars[0]!.name.name, 'tmp');
  t.deepEqual(s.slice(11).map((x) => [(x as A.VaSysTask).name, (x as A.VaSysTask).args?.length ?? null]), [['$bound_step', 1], ['$discontinuity', null], ['$discontinuity', 1]]);
});

test('the dangling else binds to the nearest if', (t) => {
  const [s] = stmts('if (a) if (b) x = 1; else x = 2;') as [A.VaIf];
  t.is(s.else, null);
  t.is((s.then as A.VaIf).else?.kind, 'assign');
  const [u] = stmts('if (a) for (k = 0; k < 2; k = k + 1) if (b) x = 1; else x = 2;') as [A.VaIf];
  t.is(u.else, null);
});

test('analog forms, analog functions, instances, attributes', (t) => {
  const m = mod(
    [
      '(* desc = "gain", units = "V/V" *) parameter real g = 2 (* type = "instance" *);',
      'analog function real clip;',
      '  input v, lim; real v, lim;',
      '  clip = (v > lim) ? lim : v;',
      'endfunction',
      'analog V(b) <+ clip(V(a), 1.0) * g;',
      'res #(.r(1k)) r1 (.p(a), .n(b));',
      'res #(2k) r2 (a, b);',
      'res r3 ();',
    ].join('\n'),
  );
  const p = m.items[0] as A.VaParamDecl;
  t.deepEqual(p.attrs.map((a) => [a.name, a.value ? show(a.value) : null]), [['desc', '"gain"'], ['units', '"V/V"'], ['type', '"instance"']]);
  const f = m.items[1] as A.VaFunction;
  t.is(f.type, 'real');
  t.is(f.name.name, 'clip');
  t.deepEqual(f.ports.flatMap((x) => x.names.map((n) => `${x.direction} ${n.name}`)), ['input v', 'input lim']);
  t.is(f.body.kind, 'assign');
  t.is((m.items[2] as A.VaAnalog).body.kind, 'contribution');
  const [i1, i2, i3] = m.items.slice(3) as A.VaInstance[];
  t.deepEqual([i1!.module.name, i1!.name.name, i1!.params.map((c) => c.name?.name), i1!.connections.map((c) => `${c.name?.name}=${show(c.value!)}`)], ['res', 'r1', ['r'], ['p=a', 'n=b']]);
  t.deepEqual(i2!.params.map((c) => [c.name, show(c.value!)]), [[null, '2k']]);
  t.deepEqual(i3!.connections, []);
  const withModAttr = parseVerilogA('(* src = "xbar" *) module top; endmodule');
  t.deepEqual(withModAttr.modules[0]!.attrs.map((a) => a.name), ['src']);
});

test('preprocessor: includes, defines, ifdef, comments; macro tokens take the position of the use', (t) => {
  const text = [
    '`include "disciplines.vams"',
    '`include "constants.vams" // comment',
    '`define GAIN 2.5 * \\',
    '  `SCALE',
    '`define SCALE 1k',
    '`ifdef NOT_DEFINED',
    'this is skipped',
    '`else',
    '`define PICKED 1',
    '`endif',
    '/* a block',
    '   comment */ module m;',
    '  parameter real g = `GAIN + `PICKED + `M_PI;',
    'endmodule',
  ].join('\n');
  const r = parseVerilogA(text);
  t.deepEqual(r.errors, []);
  t.deepEqual(r.includes, ['disciplines.vams', 'constants.vams']);
  const m = r.modules[0]!;
  t.deepEqual([m.line, m.column], [12, 15]);
  const g = (m.items[0] as A.VaParamDecl).params[0]!;
  t.is(show(g.value), '(((2.5 * 1k) + 1) + 3.14159265358979323846)');
  const two = ((g.value as A.VaBinary).left as A.VaBinary).left as A.VaBinary;
  t.deepEqual([two.line, two.column], [13, 22]);
});

test('preprocessor problems', (t) => {
  const r = parseVerilogA(['`include "other.va"', '`define A `A', '`ifdef X', 'module m; parameter real p = `A + `UNDEF; endmodule'].join('\n'));
  t.deepEqual(
    r.errors.map((e) => `${e.rule}@${e.line}: ${e.message}`),
    [
      'preprocessor@1: cannot include "other.va": only "disciplines.vams" and "constants.vams" are known (files are not read)',
      'preprocessor@3: `ifdef/`ifndef is never closed by `endif',
    ],
  );
  const r2 = parseVerilogA(['`define A `A', 'module m; parameter real p = `A + `UNDEF; endmodule'].join('\n'));
  t.deepEqual(r2.errors.map((e) => `${e.rule}@${e.line}:${e.column}`), ['preprocessor@2:30', 'preprocessor@2:35', 'syntax@2:41']);
  t.regex(r2.errors[0]!.message, /expands more than 32 levels deep/);
  t.regex(r2.errors[1]!.message, /macro `UNDEF` is not defined/);
});

test('syntax errors: located, worded without nearley, one per broken item; the parser never throws', (t) => {
  const r = parseVerilogA(['module m(a);', '  inout a', '  electrical a;', '  analog begin', '    V(a) <+ ;', '    V(a) <+ 1;', '  end', 'endmodule'].join('\n'));
  t.deepEqual(
    r.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
    ['2:10 expected `;` at the end of this line, found identifier `electrical` on the next line', '5:13 expected an expression, found `;`'],
  );
  t.is(r.modules.length, 1);
  for (const junk of ['\u0000\u0001', 'module', 'endmodule', '))))', 'module m; analog begin end end end endmodule', '`define', '"', '/*', 'module m(;']) {
    const x = parseVerilogA(junk);
    t.true(x.errors.length > 0, junk);
    for (const e of x.errors) t.notRegex(e.message, /nearley|I was expecting|Unexpected/);
  }
  t.deepEqual(parseVerilogA('').errors, []);
  t.deepEqual(parseVerilogA('// only a comment\n').modules, []);
});

test('limits: deep nesting and long ?: chains are errors, not stack overflows or quadratic parses', (t) => {
  const deep = `module m; parameter real p = ${'('.repeat(PARSE_LIMITS.maxNesting + 1)}1${')'.repeat(PARSE_LIMITS.maxNesting + 1)}; endmodule`;
  t.regex(parseVerilogA(deep).errors[0]!.message, /nested more than 256 deep/);
  const chain = `module m; parameter real p = ${'a ? 1 : '.repeat(PARSE_LIMITS.maxChain + 1)}0; endmodule`;
  t.regex(parseVerilogA(chain).errors[0]!.message, /more than 512 `\?:`/);
  const long = `module m; parameter real p = ${Array.from({ length: PARSE_LIMITS.maxTreeDepth + 5 }, () => '1').join(' + ')}; endmodule`;
  t.regex(parseVerilogA(long).errors[0]!.message, /nested more than 1000 levels/);
  const ok = `module m; parameter real p = ${Array.from({ length: 500 }, () => '1').join(' + ')}; endmodule`;
  t.deepEqual(parseVerilogA(ok).errors, []);
});
