// The README's example description checks clean, and its quick start names real files.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { checkText } from './helpers.js';

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
