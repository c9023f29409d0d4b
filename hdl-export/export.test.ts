// `xbar export` as installed (dist/cli/main.js): bad requests give a diagnostic with a
// stable code and write nothing; the E5xxx codes are tested here.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(root, 'dist', 'cli', 'main.js');
const tiny = path.join(root, 'examples', 'tiny', 'tiny.xbar');
const hermes = path.join(root, 'examples', 'hermes-core', 'hermes.xbar');

function xbar(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XBAR_DEBUG: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const noStack = (t: { false: (v: boolean, m?: string) => void }, s: string) => t.false(/\n\s+at .+\(.+:\d+:\d+\)/.test(s), s);

test('an unknown format is a usage error (exit 2) naming the formats', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-export-'));
  const r = xbar(['export', 'vhdl', tiny], dir);
  t.is(r.code, 2);
  t.regex(r.err, /unknown export format 'vhdl'; the formats are verilog-a, netlist, spice, verilog/);
  t.deepEqual(readdirSync(dir), []);
  t.regex(xbar(['export', 'spic', tiny], dir).err, /did you mean `spice`\?/);
});

test('E5001: an unknown tile or testbench (exit 2), with the candidates; nothing written', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-export-'));
  const r = xbar(['export', 'verilog', hermes, '--tile', 'c[99]'], dir);
  t.is(r.code, 2);
  t.regex(r.err, /^error\[E5001\]: no tile or tile instance 'c\[99\]' in .*hermes\.xbar/);
  const tb = xbar(['export', 'verilog', tiny, '--testbench', 'hand_chek'], dir);
  t.is(tb.code, 2);
  t.regex(tb.err, /error\[E5001\]: no testbench 'hand_chek'/);
  t.regex(tb.err, /did you mean `hand_check`\?/);
  t.deepEqual(readdirSync(dir), []);
  noStack(t, r.err + tb.err);
});

test('E5002: an output folder that is a file (exit 1); the file is untouched', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-export-'));
  writeFileSync(path.join(dir, 'out'), 'mine\n');
  const r = xbar(['export', 'verilog', tiny, '-o', 'out'], dir);
  t.is(r.code, 1);
  t.is(r.err, 'error[E5002]: the output out exists and is not a folder\n');
  t.deepEqual(readdirSync(dir), ['out']);
  t.false(existsSync(path.join(dir, 'out.xbar-tmp')));
});

test('bad option values are usage errors', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-export-'));
  t.is(xbar(['export', 'spice', tiny, '--t-inference', '3 V'], dir).code, 2);
  t.is(xbar(['export', 'spice', tiny, '--input', 'a,b'], dir).code, 2);
  t.is(xbar(['export', 'spice', tiny, '--seed', '-4'], dir).code, 2);
  t.is(xbar(['export', 'spice'], dir).code, 2);
  t.deepEqual(readdirSync(dir), []);
});
