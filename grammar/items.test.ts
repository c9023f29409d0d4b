import test from 'ava';
import { checkTree, parseCodes } from '../test/parse-utils.js';

test('import, const, param, clock', (t) => {
  const items = checkTree(t, 'import "xbar/presets";\nconst n = 256;\nparam bits = 8;\nclock clk = 1 GHz;') as { kind: string; binding?: string }[];
  t.deepEqual(items.map((i) => i.kind), ['import', 'const', 'const', 'clock']);
  t.is(items[2]!.binding, 'param');
});

test('component declarations with and without a base', (t) => {
  const items = checkTree(t, `
    dac pwm8 : pwm { bits = 8; t_lsb = 1 ns; }
    device mine : pcm.hermes { g_max = 18 uS; }
    crossbar xb { rows = 4; cols = 4; }
    digital post { activation = relu; }
    buffer q : fifo { }`) as { category: string; base: { parts: { name: string }[] } | null }[];
  t.deepEqual(items.map((i) => i.category), ['dac', 'device', 'crossbar', 'digital', 'buffer']);
  t.deepEqual(items[1]!.base!.parts.map((p) => p.name), ['pcm', 'hermes']);
  t.is(items[2]!.base, null);
});

test('every category keyword declares a component', (t) => {
  for (const c of ['device', 'dac', 'adc', 'crossbar', 'sample_hold', 'integrator', 'shift_add', 'digital', 'buffer']) {
    checkTree(t, `${c} x : k { a = 1; }`);
  }
});

test('namespaces nest items', (t) => {
  const items = checkTree(t, 'namespace lib { namespace inner { const a = 1; } dac d : pwm { } }') as { kind: string; items: unknown[] }[];
  t.is(items[0]!.kind, 'namespace');
  t.is(items[0]!.items.length, 2);
});

test('tile, chip and testbench blocks', (t) => {
  const items = checkTree(t, `
    tile core { clock = clk; pwm8 dacs[4]; }
    chip top { core c[2][2]; }
    testbench tb for top { seed = 3; run until idle; }`) as { kind: string }[];
  t.deepEqual(items.map((i) => i.kind), ['tile', 'chip', 'testbench']);
});

test('item-level errors: each broken item costs one diagnostic and the rest still parse', (t) => {
  t.deepEqual(parseCodes('const a = ;\ntile t { }\nconst b = 1 +;\n'), ['E1004', 'E1004']);
  t.deepEqual(parseCodes('tile t {'), ['E1005']);
  t.deepEqual(parseCodes('foo = 1;'), ['E1004']);
  t.deepEqual(parseCodes('dac : pwm { }'), ['E1004']);
  t.deepEqual(parseCodes('const tile = 3;'), ['E1004']);
});
