// examples/mnist-mlp: `xbar infer` runs it end to end (on a reduced sample count here), and the
// README's table is reproducible: the same training gives the README's float accuracy, and the
// first programming draw at 1 s gives the accuracy recorded in the checked-in JSON (mlp.json,
// written by the command the README gives).
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../cli/main.js';
import type { Io } from '../cli/io.js';
import { nodeHost } from '../dsl/load.js';
import { frontEnd } from '../dsl/pipeline.js';
import { runInference } from '../network/infer.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dir = path.join(root, 'examples', 'mnist-mlp');
const file = path.join(dir, 'mnist-mlp.xbar');

test('xbar infer on the example, reduced: exit 0, a table with both conditions', async (t) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { cwd: root, stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), stderrIsTty: false, env: {} };
  const code = await main(['infer', file, '--network', 'mlp', '--gdc', '--repeats', '1', '--samples', '20', '--times', '1s,1y'], io);
  t.is(code, 0, err.join(''));
  const text = out.join('');
  t.regex(text, /network mlp on hermes/);
  t.regex(text, /6 tiles of 256 × 256: fc1 on c\[0\], c\[1\], c\[2\], c\[3\]; fc2 on c\[4\]; fc3 on c\[5\]/);
  t.regex(text, /1 year +\d+\.\d ± 0\.0 % +\d+\.\d ± 0\.0 %/);
});

test("the README's numbers reproduce: float accuracy and the first draw at 1 s", async (t) => {
  const recorded = JSON.parse(readFileSync(path.join(dir, 'mlp.json'), 'utf8'));
  const r = frontEnd(file, nodeHost(root))!;
  const net = r.design!.networks.find((n) => n.name === 'mlp')!;
  const { result } = await runInference(net, { times: [1], repeats: 1, gdc: false, seed: recorded.seed });
  t.is(result!.floatAccuracy, recorded.floatAccuracy);
  t.is(result!.conditions[0]!.points[0]!.accuracies[0], recorded.conditions[0].points[0].accuracies[0]);
  const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
  t.true(readme.includes(`${(recorded.floatAccuracy * 100).toFixed(1)} %`), 'the README quotes the float accuracy');
});
