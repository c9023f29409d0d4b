// `xbar infer` end to end, in process (cli/main.ts `main` with a captured Io): the table, the
// JSON document and the SVG plot (golden, byte-for-byte: the plot has no dates or wall-clock
// figures), usage errors (exit 2), diagnostics for a bad weight file (exit 1) and Ctrl-C
// (exit 130, the finished points written and marked interrupted).
import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '../testbenches/npy.js';
import { goldenFile } from '../test/golden.js';
import type { Io } from './io.js';
import { main } from './main.js';
import { parseTimes } from './infer.js';

const here = path.dirname(fileURLToPath(import.meta.url));

const CHIP = `import "xbar/presets";
clock clk = 1 GHz;
tile core {
  clock = clk;
  dacs.hermes_pwm8 dacs[256];
  crossbar array { rows = 256; cols = 256; cell = differential(pcm.hermes); }
  adcs.hermes_cco8 adcs[256] { out_bound = 8; }
  connect dacs -> array -> adcs;
}
chip chip0 { clock = clk; core c[5]; }
`;

const TRAINED = `${CHIP}
network small on chip0 {
  input = 784;
  dense fc1 { out = 32; }
  relu;
  dense fc2 { out = 10; }
  train { dataset = mnist; train_samples = 500; test_samples = 100; epochs = 2; batch = 32; lr = 0.05; momentum = 0.9; seed = 2; }
  map fc2 -> c[4];
}
`;

function io(cwd: string): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd, out, err, stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), stderrIsTty: false, env: { NO_COLOR: '1' } };
}

function dirWith(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-infer-'));
  for (const [k, v] of Object.entries(files)) writeFileSync(path.join(dir, k), v);
  return dir;
}

test('--times accepts s, min, h, d, y (365 days) and rejects the rest', (t) => {
  t.deepEqual(parseTimes('1s,1h,1d,1y'), [1, 3600, 86400, 365 * 86400]);
  t.deepEqual(parseTimes('20, 10min, 2 days'), [20, 600, 172800]);
  for (const bad of ['', '1x', '-1s', '0', '1 V']) t.throws(() => parseTimes(bad));
});

test.serial('infer: the table, the JSON and the SVG (golden), exit 0', async (t) => {
  const dir = dirWith({ 'net.xbar': TRAINED });
  const x = io(dir);
  const code = await main(['infer', path.join(dir, 'net.xbar'), '--times', '1s,1y', '--repeats', '2', '--gdc', '--samples', '60', '--json', 'out/r.json', '--svg', 'out/r.svg'], x);
  t.is(code, 0, x.err.join(''));
  t.is(x.err.join(''), '');
  const text = x.out.join('').replace(/\(\d+\.\d s\)/, '(<wall> s)');
  t.log(text);
  t.regex(text, /^net\.xbar: network small on chip0\n/);
  t.regex(text, /5 tiles of 256 × 256: fc1 on c\[0\], c\[1\], c\[2\], c\[3\]; fc2 on c\[4\]/);
  t.regex(text, /60 test samples; 2 programming draws per time \(seeds 1\.\.2\)/);
  t.regex(text, /time +no GDC +GDC\n +1 s +\d+\.\d ± \d+\.\d % +\d+\.\d ± \d+\.\d %\n +1 year +/);
  const json = JSON.parse(readFileSync(path.join(dir, 'out/r.json'), 'utf8'));
  t.is(json.network, 'small');
  t.is(json.samples, 60);
  t.is(json.interrupted, false);
  t.deepEqual(json.conditions.map((c: { name: string }) => c.name), ['no GDC', 'GDC']);
  t.deepEqual(json.conditions[0].points.map((p: { t: number; label: string }) => [p.t, p.label]), [[1, '1 s'], [31536000, '1 year']]);
  for (const c of json.conditions) for (const p of c.points) {
    t.is(p.accuracies.length, 2);
    t.true(Math.abs(p.mean - (p.accuracies[0] + p.accuracies[1]) / 2) < 1e-12);
  }
  t.true(json.floatAccuracy > 0.5);
  t.false(existsSync(path.join(dir, 'out/r.json.partial')));
  const svg = readFileSync(path.join(dir, 'out/r.svg'), 'utf8');
  t.is(svg, goldenFile(path.join(here, '__golden__'), 'infer-small.svg', svg));
  // deterministic: the same run gives the same bytes
  const y = io(dir);
  t.is(await main(['infer', path.join(dir, 'net.xbar'), '--times', '1s,1y', '--repeats', '2', '--gdc', '--samples', '60', '--json', 'out/r2.json', '--svg', 'out/r2.svg'], y), 0);
  t.is(readFileSync(path.join(dir, 'out/r2.svg'), 'utf8'), svg);
  t.is(readFileSync(path.join(dir, 'out/r2.json'), 'utf8'), readFileSync(path.join(dir, 'out/r.json'), 'utf8'));
});

test.serial('usage errors exit 2: a bad --times, an unknown network, a file without networks', async (t) => {
  const dir = dirWith({ 'net.xbar': TRAINED, 'chip.xbar': CHIP });
  const a = io(dir);
  t.is(await main(['infer', path.join(dir, 'net.xbar'), '--times', '1x'], a), 2);
  t.regex(a.err.join(''), /--times: '1x' is not a positive time/);
  const b = io(dir);
  t.is(await main(['infer', path.join(dir, 'net.xbar'), '--network', 'smal'], b), 2);
  t.regex(b.err.join(''), /has no network 'smal'; it has small/);
  const c = io(dir);
  t.is(await main(['infer', path.join(dir, 'chip.xbar')], c), 2);
  t.regex(c.err.join(''), /has no network to evaluate/);
  const d = io(dir);
  t.is(await main(['infer', path.join(dir, 'net.xbar'), '--repeats', '0'], d), 2);
});

test.serial('a weight file of the wrong shape: E4011 at the npy(...) in the file, exit 1', async (t) => {
  const src = `${CHIP}
network loaded on chip0 {
  input = 784;
  dense fc1 { out = 10; weights = npy("w.npy"); }
}
`;
  const dir = dirWith({ 'net.xbar': src, 'w.npy': writeNpy([784, 10], new Float64Array(7840), '<f4') });
  const x = io(dir);
  t.is(await main(['infer', path.join(dir, 'net.xbar'), '--dataset', 'mnist', '--samples', '10', '--repeats', '1'], x), 1);
  const err = x.err.join('');
  t.log(err);
  t.regex(err, /error\[E4011\]: w\.npy: weights must have shape \(10, 784\), found \(784, 10\)/);
  t.regex(err, /--> net\.xbar:14:35/);
  t.deepEqual(x.out, []);
});

test.serial('Ctrl-C: exit 130, the finished points printed and written, marked interrupted', async (t) => {
  const dir = dirWith({ 'net.xbar': TRAINED });
  const x = io(dir);
  let n = 0;
  // the first SIGINT asks the run to stop at the next slice of samples
  const timer = setInterval(() => {
    if (++n === 1) process.emit('SIGINT');
  }, 5);
  const code = await main(['infer', path.join(dir, 'net.xbar'), '--times', '1s,1h,1d,1y', '--repeats', '3', '--samples', '100', '--json', 'r.json'], x);
  clearInterval(timer);
  t.is(code, 130);
  t.regex(x.out.join(''), /interrupted/);
  t.is(JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')).interrupted, true);
});
