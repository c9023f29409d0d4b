import test from 'ava';
import { checkTree, parseCodes } from '../test/parse-utils.js';

const inTile = (body: string) => `tile t {\n${body}\n}`;
const stmts = (items: unknown[]) => (items[0] as { body: { kind: string }[] }).body;

test('assignments, including `clock =`', (t) => {
  const s = stmts(checkTree(t, inTile('clock = clk; rows = 4;')));
  t.deepEqual(s.map((x) => x.kind), ['assign', 'assign']);
});

test('instances: arrays, multi-dimensional, overrides, category keywords as types', (t) => {
  const s = stmts(checkTree(t, inTile(`
    pwm8 dacs[256];
    core c[8][8];
    cco8 adcs[256] { t_lsb = 250 ps; }
    crossbar array { rows = 4; cols = 4; };
    sample_hold sh[4];
    lib.adcs.sar8 one;`))) as { kind: string; dims: unknown[]; body: unknown[] | null }[];
  t.deepEqual(s.map((x) => x.dims.length), [1, 2, 1, 0, 1, 0]);
  t.deepEqual(s.map((x) => x.body === null), [true, true, false, false, true, true]);
});

test('connect chains with ports and lane ranges', (t) => {
  const s = stmts(checkTree(t, inTile('connect dacs -> array -> adcs; connect array.cols[0..128] -> adcs[0..=127].in;'))) as unknown as { chain: unknown[] }[];
  t.deepEqual(s.map((x) => x.chain.length), [3, 2]);
});

test('links with and without a body', (t) => {
  checkTree(t, 'chip c { link a[0] -> a[1]; link a[i] -> a[i + 1] { width = 256 bit; latency = 2 cycles; } }');
});

test('for, if / else if / else, local const', (t) => {
  const s = stmts(checkTree(t, inTile(`
    const half = 2;
    for i in 0..4 { connect a[i] -> b[i]; }
    for j in 0..=half { }
    if half > 1 { x = 1; } else if half == 1 { x = 2; } else { x = 3; }`)));
  t.deepEqual(s.map((x) => x.kind), ['local-const', 'for', 'for', 'if']);
});

test('testbench statements', (t) => {
  const items = checkTree(t, `testbench tb for chip1 {
    seed = 7;
    program c[0] with random_weights(-1, 1);
    drive c[0] with random_codes(100, lo = -3, hi = 3);
    drive c[1] with [[1, 2], [3, 4]];
    run for 10 us;
    run until idle;
    expect c[0] ~ ideal within 3 lsb;
    expect latency(c[0]) <= 140 ns;
    trace c[0], c[1].adcs[0..8] to "out.vcd";
  }`);
  const kinds = (items[0] as { body: { kind: string }[] }).body.map((x) => x.kind);
  t.deepEqual(kinds, ['assign', 'program', 'drive', 'drive', 'run', 'run', 'expect-ideal', 'expect-cmp', 'trace']);
});

test('statement errors', (t) => {
  t.deepEqual(parseCodes(inTile('connect a;')), ['E1004']);
  t.deepEqual(parseCodes(inTile('run for;')), ['E1004']);
  t.deepEqual(parseCodes(inTile('expect c[0] ~ ideal 3 lsb;')), ['E1004']);
  t.deepEqual(parseCodes(inTile('for i in 4 { }')), ['E1004']);
  t.deepEqual(parseCodes(inTile('x = 1\ny = 2;')), ['E1004']);
});
