import test from 'ava';
import type { TraceVar } from './trace-sink.js';
import { vcdIdCode, vcdLayout, vcdName } from './vcd-names.js';

test('identifier codes: bijective base 94 over ! .. ~', (t) => {
  t.deepEqual([0, 1, 93, 94, 95, 94 + 93, 94 + 94].map(vcdIdCode), ['!', '"', '~', '!!', '"!', '~!', '!"']);
  const seen = new Set<string>();
  for (let i = 0; i < 20000; i++) {
    const c = vcdIdCode(i);
    t.false(seen.has(c));
    seen.add(c);
    if (!/^[!-~]+$/.test(c)) t.fail(c);
  }
  t.throws(() => vcdIdCode(-1));
});

test('the name rule: simple names and indexed instance names stay, others are escaped, whitespace becomes _', (t) => {
  const cases: [string, string][] = [
    ['hermes', 'hermes'],
    ['c[0]', 'c[0]'],
    ['c[1][2]', 'c[1][2]'],
    ['_x$1', '_x$1'],
    ['a.b', '\\a.b'],
    ['x+y', '\\x+y'],
    ['$tmp', '\\$tmp'],
    ['2fast', '\\2fast'],
    ['w[2:0]', '\\w[2:0]'],
    ['my signal', 'my_signal'],
    ['tab\there', 'tab_here'],
    ['µV', '_V'],
    ['', '_'],
    ['\\already', '\\already'],
  ];
  for (const [name, want] of cases) t.is(vcdName(name), want, name);
  t.is(vcdName('q[2]', true), '\\q[2]', 'reals and integers: GTKWave misreads an index suffix');
});

test('layout: scopes in order of first appearance, names unique per scope, GTKWave names with ranges for vectors only', (t) => {
  const mk = (id: number, scope: string[], name: string, kind: TraceVar['kind'], width = 1): TraceVar => ({ id, scope, name, kind, width, initial: null });
  const l = vcdLayout([
    mk(0, ['t', 'c[0]'], 'q[2]', 'real', 64),
    mk(1, ['t', 'c[0]'], 'q[2]', 'bit'),
    mk(2, ['t'], 'n', 'integer', 32),
    mk(3, ['t', 'c[0]'], 'code', 'vector', 8),
    mk(4, ['t', 'c[0]'], 'code', 'vector', 1),
    mk(5, ['t'], 'go', 'event'),
  ]);
  t.deepEqual(
    l.names.map((n) => n.gtkwaveName),
    ['t.c[0].\\q[2]', 't.c[0].q[2]', 't.n', 't.c[0].code[7:0]', 't.c[0].code_2', 't.go'],
  );
  t.deepEqual(l.root.items.length, 1);
  t.throws(() => vcdLayout([mk(0, [], 'v', 'vector', 0)]), { message: /vector width must be 1\.\.4096/ });
});
