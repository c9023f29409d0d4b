import test from 'ava';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeHost } from '../dsl/load.js';
import { frontEnd } from '../dsl/pipeline.js';
import { checkText } from '../test/helpers.js';
import { PlanError, planExport } from './plan.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function load(file: string) {
  const fe = frontEnd(path.join(root, file), nodeHost(root))!;
  return { design: fe.design!, sources: fe.sources };
}

test('tiny: one tile, its components with module names and cited parameters', (t) => {
  const { design, sources } = load('examples/tiny/tiny.xbar');
  const p = planExport(design, sources, 'examples/tiny/tiny.xbar', 'xbar test');
  t.deepEqual(p.tiles.map((x) => x.module), ['tiny']);
  t.deepEqual(p.tiles[0]!.instances.map((i) => [i.name, i.component.module]), [['dacs', 'pwm4'], ['array', 'tiny_array'], ['adcs', 'flash6']]);
  t.deepEqual(p.components.map((c) => c.module).sort(), ['flash6', 'ideal', 'pwm4', 'tiny_array']);
  t.is(p.tiles[0]!.programmedBy?.testbench.name, 'hand_check');
  t.is(p.tiles[0]!.programmedBy?.path, 'tiny');
  t.is(p.tiles[0]!.declaredAt, 'examples/tiny/tiny.xbar:10');
  const pwm = p.components.find((c) => c.module === 'pwm4')!;
  const tlsb = pwm.params.find((x) => x.name === 't_lsb')!;
  t.like(tlsb, { value: 1e-9, type: 'real', unit: 's', range: 'from (0:inf)', origin: 'set at examples/tiny/tiny.xbar:7' });
  const bits = pwm.params.find((x) => x.name === 'bits')!;
  t.like(bits, { value: 4, type: 'integer', range: 'from [1:16]' });
  const signed = pwm.params.find((x) => x.name === 'signed')!;
  t.like(signed, { value: 1, type: 'integer', range: 'from [0:1]' });
  const econv = pwm.params.find((x) => x.name === 'e_conv')!;
  t.regex(econv.origin, /^default \(/, 'a default cites its source');
  t.deepEqual(p.chips, []);
});

test('HERMES: the chip and its 64 tile instances; --tile c[0] selects the instance the testbench programs', (t) => {
  const { design, sources } = load('examples/hermes-core/hermes.xbar');
  const all = planExport(design, sources, 'hermes.xbar', 'xbar test');
  t.deepEqual(all.tiles.map((x) => x.module), ['core']);
  t.is(all.chips.length, 1);
  t.is(all.chips[0]!.instances.length, 64);
  t.deepEqual(all.chips[0]!.instances.slice(0, 2), [{ path: 'c[0]', name: 'c_0', tile: 'core' }, { path: 'c[1]', name: 'c_1', tile: 'core' }]);
  const one = planExport(design, sources, 'hermes.xbar', 'xbar test', { tile: 'c[5]' });
  t.is(one.tiles[0]!.programmedBy?.path, 'c[5]');
  t.deepEqual(one.chips, [], 'a single tile exports no chip');
  const core = planExport(design, sources, 'hermes.xbar', 'xbar test', { tile: 'core' });
  t.is(core.tiles[0]!.programmedBy?.path, 'c[0]', 'by tile name: the first instance the testbench has');
});

test('requests that name nothing are PlanErrors with the candidates', (t) => {
  const { design, sources } = load('examples/tiny/tiny.xbar');
  const e = t.throws(() => planExport(design, sources, 'tiny.xbar', 'x', { tile: 'tinyy' }), { instanceOf: PlanError })!;
  t.regex(e.message, /no tile or tile instance 'tinyy'/);
  t.true((e as PlanError).suggestions.includes('tiny'));
  t.throws(() => planExport(design, sources, 'tiny.xbar', 'x', { testbench: 'nope' }), { instanceOf: PlanError, message: /no testbench 'nope'/ });
});

test('names that are not legal identifiers come out legal and unique, the same whatever is selected', (t) => {
  const r = checkText(`
clock clk = 1 GHz;
dac input : pwm { bits = 4; }
adc Module : flash { bits = 4; }
tile module {
  clock = clk;
  input dacs[2];
  crossbar wire { rows = 2; cols = 2; cell = differential(ideal); }
  Module MODULE[2];
  connect dacs -> wire -> MODULE;
}
chip output {
  module c[4];
  link c[0] -> c[1];
}
testbench tb for output { program c[3] with random_weights(); run until idle; }`);
  t.truthy(r.result.design, r.text);
  const all = planExport(r.result.design!, r.result.sources, 'x.xbar', 'x');
  const one = planExport(r.result.design!, r.result.sources, 'x.xbar', 'x', { tile: 'c[3]' });
  const legal = /^[A-Za-z_][A-Za-z0-9_]*$/;
  t.is(all.tiles[0]!.module, 'module_x');
  t.is(one.tiles[0]!.module, 'module_x');
  t.deepEqual(all.tiles[0]!.instances.map((i) => i.name), ['dacs', 'wire_x', 'MODULE_x']);
  t.deepEqual(all.chips[0]!.instances.map((i) => i.name), ['c_0', 'c_1', 'c_2', 'c_3']);
  t.is(all.chips[0]!.module, 'output_x');
  const mods = all.components.map((c) => c.module);
  for (const m of [...mods, all.tiles[0]!.module, all.chips[0]!.module]) t.regex(m, legal);
  t.is(new Set(mods.map((m) => m.toLowerCase())).size, mods.length, 'unique, case-insensitively');
  t.deepEqual(one.components.map((c) => c.module), all.components.map((c) => c.module), 'the same names for a single tile');
});
