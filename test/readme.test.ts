// The README's example description checks clean, and its quick start names real files.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkText } from './helpers.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test('the README example description checks with no diagnostics', (t) => {
  const m = /## A description\n\n```\n([^]*?)\n```/.exec(readme);
  t.truthy(m, 'README has a description block');
  const r = checkText(m![1]!);
  t.deepEqual(r.codes, [], r.text);
});

test('the quick start runs the test command that .ci/run runs', (t) => {
  t.regex(readme, /\nnpm test\n/);
  t.regex(readFileSync(new URL('../.ci/run', import.meta.url), 'utf8'), /\nnpm test\n/);
  t.regex(readme, /npm ci && npx xbar sim examples\/hermes-core\/hermes\.xbar/);
});

test('the export section names the top module and the compile order the netlist header gives', (t) => {
  const out = mkdtempSync(path.join(tmpdir(), 'xbar-readme-'));
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), 'export', 'netlist', 'examples/hermes-core/hermes.xbar', '--tile', 'c[0]', '-o', out], { cwd: root, encoding: 'utf8' });
  t.is(r.status, 0, r.stderr);
  const header = readFileSync(path.join(out, 'core.vams'), 'utf8');
  const compile = /\/\/ Compile, in this order: (.*)\n/.exec(header)![1]!;
  t.true(header.includes('// Top module: core.\n'));
  t.true(readme.includes(`holds the top module, \`core\``));
  t.true(readme.includes(`in order: \`${compile}\``), compile);
  for (const f of ['core.cir', 'expected-currents.csv']) t.true(readme.includes(f));
});
