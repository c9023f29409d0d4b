// End-to-end tests of the `xbar` command as installed: the compiled dist/cli/main.js.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(root, 'dist', 'cli', 'main.js');

function xbar(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XBAR_DEBUG: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-cli-'));
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

const noStack = (t: { false: (v: boolean, m?: string) => void }, s: string) => t.false(/\n\s+at .+\(.+:\d+:\d+\)/.test(s), s);

test('check on a clean example: exit 0 and a one-line summary', (t) => {
  const r = xbar(['check', 'examples/tiny/tiny.xbar']);
  t.is(r.code, 0, r.err);
  t.is(r.out, 'examples/tiny/tiny.xbar: ok (1 tile, 0 chips, 1 testbench, 32 devices)\n');
  t.is(r.err, '');
});

test('check several files: each its own design; exit 1 if any has an error', (t) => {
  const bad = tmpFile('bad.xbar', 'const x = 1 V + 1 s;\n');
  const r = xbar(['check', 'examples/tiny/tiny.xbar', bad]);
  t.is(r.code, 1);
  t.regex(r.out, /tiny\.xbar: ok/);
  t.regex(r.err, /error\[E2005\]: `\+` between a voltage and a time/);
  t.regex(r.err, /--> .*bad\.xbar:1:11/);
  t.regex(r.err, /\n  \| {11}\^{9}\n/);
  t.regex(r.err, /\n1 error in 2 files\n/);
  noStack(t, r.err);
});

test('usage errors exit 2: no arguments, unknown command or option, missing file, bad option values', (t) => {
  t.is(xbar([]).code, 2);
  const unknown = xbar(['chek', 'x.xbar']);
  t.is(unknown.code, 2);
  t.regex(unknown.err, /unknown command 'chek'/);
  t.regex(unknown.err, /Did you mean check\?/);
  t.is(xbar(['check', '--frobnicate', 'examples/tiny/tiny.xbar']).code, 2);
  const missing = xbar(['check', 'no/such/file.xbar']);
  t.is(missing.code, 2);
  t.is(missing.err, "xbar: cannot read 'no/such/file.xbar': no such file\n");
  t.is(xbar(['check', 'examples']).code, 2);
  t.is(xbar(['check', '--format', 'xml', 'examples/tiny/tiny.xbar']).code, 2);
  t.is(xbar(['check', '--param', 'oops', 'examples/tiny/tiny.xbar']).code, 2);
  t.is(xbar(['check', '--warn', 'no-such-warning=off', 'examples/tiny/tiny.xbar']).code, 2);
  t.is(xbar(['check', '--max-memory', 'lots', 'examples/tiny/tiny.xbar']).code, 2);
});

test('--help and --version exit 0', (t) => {
  const h = xbar(['--help']);
  t.is(h.code, 0);
  t.regex(h.out, /Usage: xbar/);
  t.regex(h.out, /check/);
  const ch = xbar(['check', '--help']);
  t.is(ch.code, 0);
  t.regex(ch.out, /--dump-ir/);
  const v = xbar(['--version']);
  t.is(v.code, 0);
  t.is(v.out.trim(), JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version);
});

test('--format json prints the diagnostics as one JSON document on stdout', (t) => {
  const bad = tmpFile('bad.xbar', 'dac d : pwm { t_lbs = 1 ns; }\n');
  const r = xbar(['check', '--format', 'json', bad]);
  t.is(r.code, 1);
  t.is(r.err, '');
  const j = JSON.parse(r.out);
  t.is(j.files.length, 1);
  t.false(j.files[0].ok);
  const d = j.files[0].diagnostics[0];
  t.is(d.code, 'E2003');
  t.is(d.id, 'unknown-parameter');
  t.deepEqual({ line: d.location.line, column: d.location.column, endColumn: d.location.endColumn }, { line: 1, column: 15, endColumn: 20 });
  t.deepEqual(d.help, ['did you mean `t_lsb`?']);
  t.is(j.summary.errors, 1);
});

test('--param overrides a param; --warn re-levels a warning', (t) => {
  const f = tmpFile('p.xbar', 'param n = 4;\nconst unused = n * 2;\n');
  const ok = xbar(['check', '--param', 'n=8', '--warn', 'unused-declaration=off', f]);
  t.is(ok.code, 0, ok.err);
  const dump = xbar(['check', '--dump-ir', '--param', 'n=3 * 3', f]);
  t.regex(dump.out, /param n = 9\n/);
  t.regex(dump.out, /const unused = 18\n/);
  const strict = xbar(['check', '--warn', 'unused-declaration=error', f]);
  t.is(strict.code, 1);
  t.regex(strict.err, /error\[W3001\]: constant `unused` is never used/);
  const badParam = xbar(['check', '--param', 'm=1', f]);
  t.is(badParam.code, 1);
  t.regex(badParam.err, /error\[E2019\]: `--param m`: no top-level `param m`/);
});

test('--max-memory turns a large chip into a resource error, not a crash', (t) => {
  const r = xbar(['check', '--max-memory', '64M', 'examples/hermes-core/hermes.xbar']);
  t.is(r.code, 1);
  t.regex(r.err, /error\[E3009\]: chip `hermes` needs about 196 MiB to emulate \(8\.39e\+6 devices\), more than the 64 MiB available/);
});

test('colour only when asked or on a terminal', (t) => {
  const bad = tmpFile('bad.xbar', 'const x = ;\n');
  t.false(xbar(['check', bad]).err.includes('\x1b['));
  t.true(xbar(['check', '--color', 'always', bad]).err.includes('\x1b['));
});

test('an input that is not UTF-8 text or is binary still gives diagnostics, not a crash', (t) => {
  const f = tmpFile('bin.xbar', '\u0000\u0001\u0002tile');
  const r = xbar(['check', f]);
  t.is(r.code, 1);
  t.regex(r.err, /error\[E1001\]: invalid characters U\+0000 U\+0001 U\+0002/);
  noStack(t, r.err);
});

test('--max-diagnostics caps the printed diagnostics and says how many were left out', (t) => {
  const f = tmpFile('many.xbar', '@ '.repeat(30));
  const r = xbar(['check', '--max-diagnostics', '3', f]);
  t.is(r.code, 1);
  t.is(r.err.match(/^error\[E1001\]/gm)?.length, 3);
  t.regex(r.err, /\.\.\. and 27 more diagnostics \(--max-diagnostics 0 shows all\)/);
  t.regex(r.err, /30 errors in 1 file/);
  const j = JSON.parse(xbar(['check', '--format', 'json', '--max-diagnostics', '5', f]).out);
  t.is(j.files[0].diagnostics.length, 5);
  t.is(j.files[0].omitted, 25);
  t.is(xbar(['check', '--max-diagnostics', '0', f]).err.match(/^error\[E1001\]/gm)?.length, 30);
});
