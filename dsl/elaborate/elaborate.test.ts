import test from 'ava';
import { checkText } from '../../test/helpers.js';
import type { ComponentIR, Design } from '../ir/nodes.js';

function design(src: string, others: Record<string, string> = {}, opts = {}): Design {
  const r = checkText(src, others, opts);
  if (!r.result.elaborated) throw new Error(r.text);
  return r.result.elaborated;
}

const comp = (d: Design, name: string): ComponentIR => {
  const c = d.components.find((x) => x.name === name);
  if (!c) throw new Error(`no component ${name}`);
  return c;
};

const TILE = (extra = '', adc = 'cco8 adcs[4]') => `
clock clk = 1 GHz;
dac pwm8 : pwm { bits = 8; }
adc cco8 : cco { t_window = 4 * t_lsb; }
tile t {
  clock = clk;
  pwm8 dacs[4];
  crossbar array { rows = 4; cols = 4; cell = differential(ideal); }
  ${adc};
  connect dacs -> array -> adcs;
  ${extra}
}`;

test('parameters inside a body are late-bound: an override of t_lsb moves a base\'s t_window', (t) => {
  const d = design(TILE('', 'cco8 adcs[4] { t_lsb = 250 ps; }'));
  const adcs = d.tiles[0]!.instances.find((i) => i.name === 'adcs')!.component;
  t.is(adcs.params['t_lsb'], 250e-12);
  t.is(adcs.params['t_window'], 1e-9);
  t.is(adcs.origins['t_lsb']!.from, 'set');
  t.is(adcs.origins['t_window']!.from, 'inherited');
  t.deepEqual(adcs.bases, ['cco8']);
  t.is(comp(d, 'cco8').params['t_window'], 1.2e-9);
});

test('presets: inheritance, origins and derived defaults', (t) => {
  const d = design(`import "xbar/presets";
device mine : pcm.hermes { g_max = 18 uS; }
device one : pcm_hermes { num_devices = 1; }
${TILE().replace('differential(ideal)', 'differential(mine)').replace('crossbar array', 'crossbar array2 { rows = 1; cols = 1; cell = offset(one); }\n  crossbar array')}`);
  const mine = comp(d, 'mine');
  t.is(mine.kindName, 'pcm_hermes');
  t.deepEqual(mine.bases, ['pcm.hermes']);
  t.is(mine.params['g_max'], 18e-6);
  t.is(mine.params['num_devices'], 2);
  t.is(mine.origins['num_devices']!.from, 'inherited');
  t.is(mine.params['t0'], 300);
  const one = comp(d, 'one');
  t.is(one.params['g_max'], 10.35e-6);
  t.is(one.params['t0'], 200);
  t.is(one.origins['g_max']!.from, 'default');
  t.regex(one.origins['g_max']!.source!, /HermesNoiseModel/);
});

test('unit arithmetic in parameter expressions', (t) => {
  const d = design(`const t_base = 150 ps;\ndac d : pwm { t_lsb = 2 * t_base; v_read = 600 mV / 2; }\n${TILE().replace('pwm8 dacs[4]', 'd dacs[4]')}`);
  const dac = comp(d, 'd');
  t.true(Math.abs((dac.params['t_lsb'] as number) - 3e-10) < 1e-24);
  t.true(Math.abs((dac.params['v_read'] as number) - 0.3) < 1e-15);
});

test('--param overrides a top-level param', (t) => {
  const src = `param n = 4;\n${TILE().replace(/\[4\]/g, '[n]').replace('rows = 4; cols = 4', 'rows = n; cols = n')}`;
  const d = design(src, {}, { overrides: [{ name: 'n', value: '8' }] });
  t.is(d.tiles[0]!.instances[0]!.count, 8);
  t.is(d.consts[0]!.text, '8');
});

test('chip arrays expand in row-major order; links expand per loop iteration', (t) => {
  const d = design(`${TILE()}\nchip c { core2 x[2][3]; for i in 0..2 { for j in 0..2 { link x[i][j] -> x[i][j + 1] { latency = 2 cycles; } } } }`.replace('tile t', 'tile core2'));
  const chip = d.chips[0]!;
  t.deepEqual(chip.tiles.map((x) => x.path), ['x[0][0]', 'x[0][1]', 'x[0][2]', 'x[1][0]', 'x[1][1]', 'x[1][2]']);
  t.deepEqual(chip.links.map((l) => `${l.from}>${l.to}`), ['x[0][0]>x[0][1]', 'x[0][1]>x[0][2]', 'x[1][0]>x[1][1]', 'x[1][1]>x[1][2]']);
  t.deepEqual(chip.links[0]!.latency, { unit: 'cycles', value: 2 });
  t.is(chip.links[0]!.width, 256);
});

test('lane selections: ports, element ranges, ADC mux lanes', (t) => {
  const src = TILE(
    '',
    'cco8 adcs[2] { mux = 2; }',
  ).replace('connect dacs -> array -> adcs;', 'connect dacs -> array;\n  connect array.cols[0..2] -> adcs[0].in;\n  connect array.cols[2..=3] -> adcs[1];');
  const d = design(src);
  const c = d.tiles[0]!.connections;
  t.deepEqual(c.map((x) => `${x.from.instance}.${x.from.port}[${x.from.lo}..${x.from.hi}]->${x.to.instance}.${x.to.port}[${x.to.lo}..${x.to.hi}]`), [
    'dacs.out[0..4]->array.rows[0..4]',
    'array.cols[0..2]->adcs.in[0..2]',
    'array.cols[2..4]->adcs.in[2..4]',
  ]);
});

test('choices, namespaces, category keywords as types', (t) => {
  const d = design(`namespace lib { dac p : pwm { bits = 6; } }\n${TILE('digital post[4] { activation = relu; }\n  connect adcs -> post;').replace('pwm8 dacs[4]', 'lib.p dacs[4]')}`);
  const post = d.tiles[0]!.instances.find((i) => i.name === 'post')!.component;
  t.is(post.kindName, 'affine');
  t.is(post.params['activation'], 'relu');
  t.is(d.tiles[0]!.instances[0]!.component.name, 'lib.p');
});

test('clock periods are integer femtoseconds; an inexact one is rounded with a warning', (t) => {
  const r = checkText('clock a = 1 GHz;\nclock b = 3 GHz;\nclock c = 1.28 GHz;\ntile t { }', {}, { warnings: new Map([['unused-declaration', 'off']]) });
  const clocks = r.result.elaborated!.clocks;
  t.deepEqual(clocks.map((c) => c.periodFs), [1_000_000n, 333_333n, 781_250n]);
  t.true(r.codes.includes('W3002@2'));
  t.false(r.codes.some((c) => c.startsWith('W3002@3')));
});

test('imports: relative paths, diamonds load once, declarations are global', (t) => {
  const d = design(`import "lib/a.xbar";\nimport "lib/b.xbar";\n${TILE().replace('clock clk = 1 GHz;', '')}`, {
    'lib/a.xbar': 'import "c.xbar";',
    'lib/b.xbar': 'import "c.xbar";',
    'lib/c.xbar': 'clock clk = 1 GHz;',
  });
  t.is(d.clocks.length, 1);
});

test('a testbench on a tile wraps it as a one-instance chip named after the tile', (t) => {
  const d = design(`${TILE()}\ntestbench tb for t { program t with random_weights(-0.5, 0.5); drive t with [[1, 2, 3, 4]]; run for 1 us; expect t ~ ideal within 2 lsb; }`);
  const tb = d.testbenches[0]!;
  t.is(tb.targetKind, 'tile');
  t.deepEqual(tb.target.tiles.map((x) => x.path), ['t']);
  t.deepEqual(tb.steps.map((s) => s.kind), ['program', 'drive', 'run', 'expect-ideal']);
});

test('the IR dump is deterministic', (t) => {
  const src = `${TILE()}\nchip c { t x[3]; for i in 0..2 { link x[i] -> x[i + 1]; } }`;
  t.is(checkText(src).ir, checkText(src).ir);
});
