import test from 'ava';
import { legalIdentifier, Namer, RESERVED } from './names.js';

test('legalIdentifier: brackets, dots and other characters become underscores', (t) => {
  t.is(legalIdentifier('c[3]'), 'c_3');
  t.is(legalIdentifier('c[1][2]'), 'c_1_2');
  t.is(legalIdentifier('pcm.hermes'), 'pcm_hermes');
  t.is(legalIdentifier('core.adcs'), 'core_adcs');
  t.is(legalIdentifier('3d'), 'n_3d');
  t.is(legalIdentifier(''), 'n');
  t.is(legalIdentifier('a--b'), 'a_b');
  t.regex(legalIdentifier('µ-cell (x)'), /^[A-Za-z_][A-Za-z0-9_]*$/);
});

test('Namer: keywords get a suffix, clashes (case-insensitive) get numbers, keys keep their name', (t) => {
  const n = new Namer();
  t.is(n.name('module'), 'module_x');
  t.is(n.name('input'), 'input_x');
  t.is(n.name('V'), 'V_x');
  t.is(n.name('core'), 'core');
  t.is(n.name('Core'), 'Core_2');
  t.is(n.name('core[3]'), 'core_3');
  t.is(n.name('core_3'), 'core_3_2');
  t.is(n.name('core'), 'core', 'the same key, the same name');
  t.is(n.name('module'), 'module_x');
  t.deepEqual(n.entries().map(([, v]) => v), ['module_x', 'input_x', 'V_x', 'core', 'Core_2', 'core_3', 'core_3_2']);
  for (const [, v] of n.entries()) {
    t.regex(v, /^[A-Za-z_][A-Za-z0-9_]*$/);
    t.false(RESERVED.has(v.toLowerCase()));
  }
});

test('Namer: every name is legal, unique case-insensitively, and stable for a given order (seeded)', (t) => {
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const alphabet = 'aAbB_[]0.9 -mOdUle';
  const keys = Array.from({ length: 500 }, () => Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''));
  const a = new Namer();
  const b = new Namer();
  const names = keys.map((k) => a.name(k));
  t.deepEqual(keys.map((k) => b.name(k)), names);
  const lower = new Map<string, string>();
  for (const [k, v] of a.entries()) {
    t.regex(v, /^[A-Za-z_][A-Za-z0-9_]*$/);
    t.false(lower.has(v.toLowerCase()) && lower.get(v.toLowerCase()) !== k, `${v} given twice`);
    lower.set(v.toLowerCase(), k);
  }
});
