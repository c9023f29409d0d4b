// Bad weight files give diagnostics at the `npy(...)` expression, each with its own code
// (E4010-E4015), naming the file as written and what was expected and found; dataset problems
// are E4018.
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ArrayFileIR, NetworkIR } from '../dsl/ir/network.js';
import { writeNpy } from '../testbenches/npy.js';
import { checkText } from '../test/helpers.js';
import { buildNetwork, npyCode } from './build.js';

const SRC = `
import "xbar/presets";
clock clk = 1 GHz;
tile core {
  clock = clk;
  pwm dacs[784] { bits = 6; }
  crossbar array { rows = 784; cols = 16; cell = differential(ideal); }
  flash adcs[16] { bits = 8; out_bound = 4; }
  connect dacs -> array -> adcs;
}
network tiny on core {
  input = 784;
  dense fc1 { out = 10; }
  train { dataset = mnist; train_samples = 10; test_samples = 10; epochs = 1; seed = 1; }
}`;

function base(): NetworkIR {
  const r = checkText(SRC);
  if (!r.result.design) throw new Error(r.text);
  return r.result.design.networks[0]!;
}

const dir = mkdtempSync(path.join(tmpdir(), 'xbar-npy-'));
function file(name: string, bytes: Uint8Array): ArrayFileIR {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return { format: 'npy', path: p, display: name, span: { file: 0, start: 10, end: 20 } };
}

function withWeights(w: ArrayFileIR, b: ArrayFileIR | null = null): NetworkIR {
  const ir = base();
  const l = ir.layers[0]!;
  if (l.kind !== 'dense') throw new Error('dense expected');
  return { ...ir, layers: [{ ...l, weights: w, biasFile: b }] };
}

const good = Array.from({ length: 10 * 784 }, (_, i) => Math.sin(i) / 10);
const cases: [string, ArrayFileIR, string, RegExp][] = [
  ['a missing file', { format: 'npy', path: path.join(dir, 'nope.npy'), display: 'nope.npy', span: { file: 0, start: 1, end: 2 } }, 'E4010', /^nope\.npy: no such file$/],
  ['not a .npy file', file('text.npy', new TextEncoder().encode('hello')), 'E4010', /^text\.npy: /],
  ['the wrong shape', file('shape.npy', writeNpy([784, 10], good, '<f4')), 'E4011', /^shape\.npy: weights must have shape \(10, 784\), found \(784, 10\)$/],
  ['an integer dtype', file('int.npy', writeNpy([10, 784], good.map((v) => Math.round(v * 10)), '<i4')), 'E4012', /weights must be float32 or float64 .*found dtype '<i4'/],
  ['big-endian floats', file('be.npy', writeNpy([10, 784], good, '>f8')), 'E4013', /found dtype '>f8' \(big-endian/],
  ['Fortran order', file('fortran.npy', writeNpy([10, 784], good, '<f8', { fortranOrder: true })), 'E4014', /must be in C order/],
  ['a NaN', file('nan.npy', writeNpy([10, 784], good.map((v, i) => (i === 5 ? NaN : v)), '<f8')), 'E4015', /must be finite, found NaN at flat index 5 \(0, 5\)/],
  ['an infinity', file('inf.npy', writeNpy([10, 784], good.map((v, i) => (i === 7839 ? -Infinity : v)), '<f4')), 'E4015', /found -Infinity at flat index 7839 \(9, 783\)/],
];

for (const [what, f, code, message] of cases) {
  test(`weights: ${what} is ${code} at the npy(...) expression`, (t) => {
    const { built, diagnostics } = buildNetwork(withWeights(f));
    t.is(built, null);
    t.is(diagnostics.length, 1);
    const d = diagnostics[0]!;
    t.is(d.code as string, code);
    t.regex(d.message, message);
    t.deepEqual(d.span, f.span);
    t.false(d.message.includes(dir), 'the path as written, not the absolute one');
    t.true(d.help.length > 0);
  });
}

test('a bias of the wrong length is E4011 naming the bias', (t) => {
  const { diagnostics } = buildNetwork(withWeights(file('w.npy', writeNpy([10, 784], good, '<f4')), file('b.npy', writeNpy([4], [1, 2, 3, 4], '<f4'))));
  t.deepEqual(diagnostics.map((d) => [d.code, d.message]), [['E4011', 'b.npy: bias must have shape (10,), found (4,)']]);
});

test('good weights load as they are (out x in, as torch saves nn.Linear.weight), biases too', (t) => {
  const ir = withWeights(file('ok.npy', writeNpy([10, 784], good, '<f4')), file('okb.npy', writeNpy([10], [0.5, 0, -0.5, 0, 0, 0, 0, 0, 0, 1], '<f8')));
  const { built, diagnostics } = buildNetwork(ir);
  t.deepEqual(diagnostics, []);
  t.is(built!.history, null, 'every layer has weights: no training');
  const l = built!.net.layers[0]!;
  if (l.kind !== 'dense') return t.fail();
  t.deepEqual([...l.bias], [0.5, 0, -0.5, 0, 0, 0, 0, 0, 0, 1]);
  t.is(l.weight[785], Math.fround(good[785]!));
  t.is(built!.test.count, 10);
});

test('npyCode classifies network/data.ts messages', (t) => {
  t.is(npyCode('x.npy: cannot read: ENOENT'), 'E4010');
  t.is(npyCode("x.npy: labels must be float32/float64 (<f4, <f8) or integers, found dtype '<c8'"), 'E4012');
});

test('E4018: weights from files, no train block and no --dataset: nothing to evaluate on', (t) => {
  const ir = { ...withWeights(file('w18.npy', writeNpy([10, 784], good, '<f4'))), train: null };
  const { built, diagnostics } = buildNetwork(ir);
  t.is(built, null);
  t.deepEqual(diagnostics.map((d) => d.code), ['E4018']);
  t.regex(diagnostics[0]!.message, /network `tiny` has no dataset to evaluate on: give it a `train` block or pass --dataset/);
  t.deepEqual(diagnostics[0]!.span, ir.span);
});

test('E4018: a .npy dataset whose training samples leave none to test on, at the dataset', (t) => {
  const ir = base();
  const x = file('x18.npy', writeNpy([8, 784], new Float64Array(8 * 784).fill(0.5), '<f4'));
  const y = file('y18.npy', writeNpy([8], [0, 1, 2, 3, 4, 5, 6, 7], '<i4'));
  const span = { file: 0, start: 30, end: 40 };
  const { built, diagnostics } = buildNetwork({ ...ir, train: { ...ir.train!, dataset: { kind: 'npy', inputs: x, labels: y, span }, trainSamples: 8 } });
  t.is(built, null);
  t.deepEqual(diagnostics.map((d) => [d.code, d.message]), [['E4018', 'the dataset has 8 samples; 8 for training leave none to test on']]);
  t.deepEqual(diagnostics[0]!.span, span);
});
