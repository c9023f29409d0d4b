// `xbar train` end to end, in process (cli/main.ts `main` with a captured Io): in-memory training
// of a small MLP on a chip of pulsed devices: per-epoch lines with forward / backward / update
// time and energy, the saved weights, biases and conductances (the same bytes twice), the VCD of
// the first pulse updates (valid, and its pulses are the ones the update drew), `xbar infer
// --weights` reading the saved weights back; training that cannot start (E4019 for a learning
// rate with no pulses, E4010 for data of the wrong shape) stops before the first epoch.
import test from 'ava';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkVcd } from '../emulator/trace/vcd-check.js';
import { readVcd } from '../emulator/trace/vcd-reader.js';
import { readNpy } from '../testbenches/npy.js';
import { writeNpy } from '../testbenches/npy.js';
import type { Io } from './io.js';
import { main } from './main.js';
import { gtkwaveAvailable, gtkwaveLoad } from '../test/gtkwave.js';

const design = (train: string, extra = '') => `import "xbar/presets";
clock clk = 1 GHz;
tile ptile {
  clock = clk;
  aihwkit.inputs dacs[784];
  crossbar array { rows = 784; cols = 16; cell = offset(trainable.idealized);
                   noise_management = abs_max; bound_management = iterative; }
  aihwkit.outputs adcs[16];
  connect dacs -> array -> adcs;
}
chip pchip { clock = clk; ptile t[2]; }
network small on pchip {
  input = 784;
  dense fc1 { out = 16; }
  sigmoid;
  dense fc2 { out = 10; }
  train { ${train} }
}
${extra}`;

const TRAIN = 'dataset = mnist; train_samples = 300; test_samples = 100; epochs = 2; batch = 1; lr = 0.1; momentum = 0; seed = 4; algorithm = analog_sgd;';

function io(cwd: string): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd, out, err, stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), stderrIsTty: false, env: { NO_COLOR: '1' } };
}

function dirWith(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-train-'));
  for (const [k, v] of Object.entries(files)) writeFileSync(path.join(dir, k), v);
  return dir;
}

test.serial('train: per-epoch loss, accuracy, forward / backward / update; saved weights and conductances; the pulse VCD', async (t) => {
  const dir = dirWith({ 'net.xbar': design(TRAIN) });
  const x = io(dir);
  const code = await main(['train', path.join(dir, 'net.xbar'), '--save', 'out', '--json', 'train.json', '--vcd', 'pulses.vcd'], x);
  t.is(code, 0, x.err.join(''));
  const text = x.out.join('');
  t.log(text);
  t.regex(text, /^net\.xbar: network small on pchip, in-memory training \(analog_sgd\)\n/);
  t.regex(text, /epoch +loss +train +test +forward +backward +update/);
  const epochs = text.split('\n').filter((l) => /^ +\d+ +\d\.\d{4} +\d+\.\d % +\d+\.\d % +\S+ \w?s, \S+ \w?J/.test(l));
  t.is(epochs.length, 2, 'one line per epoch with time and energy');
  t.regex(text, /device trainable\.idealized: constant step, dw_min 0\.0002, weights in \[-1, 1\]; IO of t\[0\]: 7-bit inputs, 9-bit outputs \(out_bound 12\), out_noise 0\.06/);
  // saved: weights (out x in), biases, conductances (rows x cols, in the device's range)
  t.deepEqual(readdirSync(path.join(dir, 'out')).sort(), ['fc1.bias.npy', 'fc1.conductance.npy', 'fc1.weights.npy', 'fc2.bias.npy', 'fc2.conductance.npy', 'fc2.weights.npy', 'training.json']);
  const w = readNpy(readFileSync(path.join(dir, 'out', 'fc1.weights.npy')));
  t.deepEqual(w.shape, [16, 784]);
  const g = readNpy(readFileSync(path.join(dir, 'out', 'fc1.conductance.npy')));
  t.deepEqual(g.shape, [784, 16]);
  t.true(Array.from(g.data).every((v) => v >= 0.59e-6 - 1e-18 && v <= 10e-6 + 1e-18), 'conductances within [g_min, g_max] of the pulsed device');
  // conductance = g_min + (w - w_min) / (w_max - w_min) (g_max - g_min), cell (j, i) = W[i][j]
  t.true(Math.abs(g.data[5 * 16 + 3]! - (0.59e-6 + ((w.data[3 * 784 + 5]! + 1) / 2) * (10e-6 - 0.59e-6))) < 1e-15);
  const json = JSON.parse(readFileSync(path.join(dir, 'train.json'), 'utf8'));
  t.is(json.history.length, 2);
  t.true(json.history[1].cost.update.energy > 0 && json.history[1].counts[0].coincidences > 0);
  // the VCD: valid; its row pulses in update 1 are the update's pulses on rows 0..7
  const vcdText = readFileSync(path.join(dir, 'pulses.vcd'), 'utf8');
  const chk = checkVcd(vcdText);
  t.true(chk.ok, JSON.stringify(chk.errors.slice(0, 3)));
  const vcd = readVcd(vcdText);
  t.deepEqual(vcd.keys.slice(0, 2).map((k) => k.replace(/\\/g, '')), ['pchip.t[0].fc1_update.update', 'pchip.t[0].fc1_update.coincidences']);
  const key = (name: string) => vcd.keys.find((k) => k.replace(/\\/g, '') === `pchip.t[0].fc1_update.${name}`)!;
  t.is(vcd.keys.filter((k) => /row\[/.test(k)).length, 8);
  t.is(vcd.keys.filter((k) => /col\[/.test(k)).length, 8);
  // every pulse is a +-1 for half a slot (t_pulse = 10 ns: 5 ns), then 0
  const row0 = vcd.changes.get(key('row[0]')) ?? [];
  for (const c of row0) t.true([-1, 0, 1].includes(Number(c.v)), String(c.v));
  t.true((vcd.changes.get(key('update')) ?? []).length >= 4, 'four updates');
  if (gtkwaveAvailable()) {
    const load = gtkwaveLoad(path.join(dir, 'pulses.vcd'));
    t.true(load.clean, `gtkwave -x: rc ${load.rc}\n${load.log}`);
  } else if (process.env['CI']) t.fail('gtkwave is missing; .ci/run installs it');
  t.regex(text, /trace: pulses\.vcd \(the first 4 pulse updates of fc1 on t\[0\]: 8 rows and 8 columns\)/);
  // the same run: the same bytes
  const y = io(dir);
  t.is(await main(['train', path.join(dir, 'net.xbar'), '--save', 'out2'], y), 0);
  for (const f of readdirSync(path.join(dir, 'out'))) t.deepEqual(readFileSync(path.join(dir, 'out2', f)), readFileSync(path.join(dir, 'out', f)), f);
  // xbar infer --weights: the saved weights, not a new training; its float accuracy is the one train printed
  const z = io(dir);
  t.is(await main(['infer', path.join(dir, 'net.xbar'), '--weights', 'out', '--times', '1s', '--repeats', '1'], z), 0, z.err.join(''));
  const acc = /read digitally: test accuracy (\d+\.\d) %/.exec(text)![1];
  t.regex(z.out.join(''), new RegExp(`float accuracy ${acc!.replace('.', '\\.')} %`));
});

test.serial('train: a learning rate with no pulses is E4019 before the first epoch; data of the wrong shape E4010', async (t) => {
  const dir = dirWith({
    'net.xbar': design(TRAIN.replace('lr = 0.1', 'lr = 1e-9')),
    'bad.xbar': design(TRAIN.replace('dataset = mnist;', 'inputs = npy("x.npy"); labels = npy("y.npy");').replace('train_samples = 300; test_samples = 100;', 'train_samples = 8; test_samples = 2;')),
    'x.npy': writeNpy([10, 50], new Float64Array(500)),
    'y.npy': writeNpy([10], new Float64Array(10)),
  });
  const a = io(dir);
  t.is(await main(['train', path.join(dir, 'net.xbar')], a), 1);
  const err = a.err.join('');
  t.regex(err, /error\[E4019\]: network `small` cannot train in memory: .*no pulses/);
  t.true(err.includes(`error[${'E4019'}]`));
  t.regex(err, /net\.xbar:\d+:\d+/);
  t.false(/^ +1 +\d/m.test(a.out.join('')), 'no epoch ran');
  const b = io(dir);
  t.is(await main(['train', path.join(dir, 'bad.xbar')], b), 1);
  t.regex(b.err.join(''), /error\[E4010\]: x\.npy: samples of shape \(50,\) cannot be read as \(784,\)/);
  t.false(/^ +1 +\d/m.test(b.out.join('')), 'no epoch ran');
});

test.serial('train: a one-sided PCM pair saves the conductances of both devices', async (t) => {
  const dir = dirWith({ 'net.xbar': design(TRAIN.replace('epochs = 2;', 'epochs = 1;')).replace('trainable.idealized', 'trainable.pcm') });
  const x = io(dir);
  t.is(await main(['train', path.join(dir, 'net.xbar'), '--save', 'out'], x), 0, x.err.join(''));
  t.regex(x.out.join(''), /device trainable\.pcm: exp step, dw_min 0\.01, weights in \[0, 2\]/);
  t.deepEqual(readdirSync(path.join(dir, 'out')).filter((f) => f.startsWith('fc1.conductance')).sort(), ['fc1.conductance_minus.npy', 'fc1.conductance_plus.npy']);
  const w = readNpy(readFileSync(path.join(dir, 'out', 'fc1.weights.npy')));
  const gp = readNpy(readFileSync(path.join(dir, 'out', 'fc1.conductance_plus.npy')));
  const gm = readNpy(readFileSync(path.join(dir, 'out', 'fc1.conductance_minus.npy')));
  // w = g+ - g- in weight units: (gp - gm) / (g_max - g_min) * (w_max - w_min) for cell (j, i) = W[i][j]
  const k = (gp.data[7 * 16 + 2]! - gm.data[7 * 16 + 2]!) / (10e-6 - 0.59e-6) * 2;
  t.true(Math.abs(k - w.data[2 * 784 + 7]!) < 1e-9, `${k} vs ${w.data[2 * 784 + 7]}`);
});

test('train: usage errors exit 2 (no network with a train block, unknown network)', async (t) => {
  const dir = dirWith({ 'net.xbar': design(TRAIN) });
  const a = io(dir);
  t.is(await main(['train', path.join(dir, 'net.xbar'), '--network', 'smal'], a), 2);
  t.regex(a.err.join(''), /no network 'smal' with a train block; it has small \(did you mean `small`\?\)/);
  const b = io(dir);
  t.is(await main(['train', path.join(dir, 'net.xbar'), '--vcd', 'p.vcd', '--trace-layer', 'fc9'], b), 2);
  t.regex(b.err.join(''), /--trace-layer: network small has no layer 'fc9'; its layers are fc1, fc2/);
});
