// End-to-end tests of `xbar sim` and `xbar test` as installed (dist/cli/main.js): what they
// print, the files they write, and their exit codes (0 pass, 1 failure or error, 2 usage,
// 130 interrupted).
import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Progress } from '../cli/report.js';
import { frontEnd } from '../dsl/pipeline.js';
import type { Duration } from '../dsl/ir/nodes.js';
import { nodeHost } from '../dsl/load.js';
import { dacParams, windowOf } from '../emulator/models/dac.js';
import { checkVcd, formatVcdErrors } from '../emulator/trace/vcd-check.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(root, 'dist', 'cli', 'main.js');
const env = { ...process.env, NO_COLOR: '1', XBAR_DEBUG: '' };

function xbar(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const tmpDir = () => mkdtempSync(path.join(tmpdir(), 'xbar-sim-'));
const noStack = (t: { false: (v: boolean, m?: string) => void }, s: string) => t.false(/\n\s+at .+\(.+:\d+:\d+\)/.test(s), s);
const tiny = readFileSync(path.join(root, 'examples/tiny/tiny.xbar'), 'utf8');

test('sim on the tiny example: the summary, the VCD and .gtkw written where asked, nothing on stderr', (t) => {
  const dir = tmpDir();
  const r = xbar(['sim', path.join(root, 'examples/tiny/tiny.xbar'), '--vcd', 'out/tiny.vcd'], dir);
  t.is(r.code, 0, r.err);
  t.is(r.err, '', 'no progress bar or colour when stderr is not a terminal');
  const text = r.out.replace(root, '<root>').replace(/\(\d+\.\d\d s\)/, '(<wall> s)');
  t.is(text, [
    'testbench hand_check (<root>/examples/tiny/tiny.xbar)',
    '  simulated 22 ns in 33 kernel activations (<wall> s)',
    '  tile tiny: 2 vectors',
    '    latency per MVM   10 ns',
    '    throughput        100 M MVM/s  (0.00320 TOPS)',
    '    energy per MVM    662.3 fJ  (48.3 TOPS/W at 32 ops per MVM)',
    '    error vs ideal    max 0.500 lsb, rms 0.370 lsb (0.0323, 0.0239 of full scale)',
    '    energy by part    adcs 477.3 fJ (72%), dacs 150 fJ (23%), array 35 fJ (5%)',
    '    busy per MVM      dacs 10 ns, array 10 ns, adcs 1 ns',
    '    utilisation       dacs 100%, array 100%, adcs 10%',
    '    area              964.1 um2 (dacs 100%, array 0%)  (3.32 TOPS/mm2); no area parameter: adcs',
    '  expectations',
    '    PASS  expect tiny ~ ideal within 1 lsb  -- max error 0.5000 lsb (rms 0.3698) over 2 vectors',
    '    PASS  expect latency(tiny) <= 20 ns  -- latency 10 ns',
    '  trace: out/tiny.vcd; open with: gtkwave out/tiny.gtkw',
    '',
  ].join('\n'));
  t.deepEqual(readdirSync(path.join(dir, 'out')).sort(), ['tiny.gtkw', 'tiny.vcd'], 'no .partial left');
  const vcd = readFileSync(path.join(dir, 'out', 'tiny.vcd'), 'latin1');
  t.true(checkVcd(vcd).ok, formatVcdErrors(checkVcd(vcd)));
  // the golden VCD was written by the test harness, whose $version says `xbar (test)`
  const golden = readFileSync(path.join(root, 'test/__golden__/examples/tiny.vcd'), 'latin1');
  const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;
  t.is(vcd, golden.replace('xbar (test)', `xbar ${version}`), 'the same bytes as the golden VCD');
});

test('sim --json: one JSON document with the measured figures; --seed changes the noise', (t) => {
  const dir = tmpDir();
  const r = xbar(['sim', path.join(root, 'examples/tiny/tiny.xbar'), '--json', '--vcd', 'tiny.vcd'], dir);
  t.is(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  t.is(j.testbench, 'hand_check');
  t.true(j.ok);
  t.is(j.vcd, 'tiny.vcd');
  t.true(j.traceComplete);
  t.is(j.tiles.length, 1);
  t.is(j.tiles[0].path, 'tiny');
  t.is(j.tiles[0].vectors, 2);
  t.is(j.tiles[0].latency, 1e-8);
  t.deepEqual(j.expectations.map((e: { passed: boolean }) => e.passed), [true, true]);
  // a noisy variant: another seed, other errors; the same seed, the same JSON
  const noisy = path.join(dir, 'noisy.xbar');
  writeFileSync(noisy, tiny.replace('cell = differential(ideal);', 'cell = differential(pcm_like);').replace('out_noise = 0;', 'out_noise = 0.1;').replace(/trace tiny.*\n/, ''));
  const run = (seed: string) => JSON.parse(xbar(['sim', noisy, '--json', '--seed', seed], dir).out).tiles[0].errRms as number;
  t.is(run('5'), run('5'));
  t.not(run('5'), run('6'));
});

test('sim: usage errors exit 2 (unknown testbench, bad seed, missing file, no testbench)', (t) => {
  const f = path.join(root, 'examples/tiny/tiny.xbar');
  const unknown = xbar(['sim', f, '--testbench', 'hand_chek']);
  t.is(unknown.code, 2);
  t.regex(unknown.err, /has no testbench 'hand_chek'; it has hand_check \(did you mean `hand_check`\?\)/);
  t.is(xbar(['sim', f, '--seed', '-1']).code, 2);
  t.is(xbar(['sim', f, '--seed', 'x']).code, 2);
  t.is(xbar(['sim', 'no/such.xbar']).code, 2);
  const dir = tmpDir();
  writeFileSync(path.join(dir, 'none.xbar'), 'clock c = 1 GHz;\n');
  const none = xbar(['sim', 'none.xbar'], dir);
  t.is(none.code, 2);
  t.regex(none.err, /none\.xbar has no testbench to run/);
  noStack(t, unknown.err + none.err);
});

test('sim: a failed expectation exits 1 and says what was measured', (t) => {
  const dir = tmpDir();
  writeFileSync(path.join(dir, 'slow.xbar'), tiny.replace('expect latency(tiny) <= 20 ns;', 'expect latency(tiny) <= 5 ns;').replace(/trace tiny.*\n/, ''));
  const r = xbar(['sim', 'slow.xbar'], dir);
  t.is(r.code, 1);
  t.regex(r.out, /FAIL {2}expect latency\(tiny\) <= 5 ns {2}-- latency 10 ns/);
  t.regex(r.out, /PASS {2}expect tiny ~ ideal within 1 lsb/);
});

test('sim: an error in the description exits 1 with the diagnostic; a runtime error too', (t) => {
  const dir = tmpDir();
  writeFileSync(path.join(dir, 'bad.xbar'), tiny.replace('bits = 4;', 'bits = 4 V;'));
  const r = xbar(['sim', 'bad.xbar'], dir);
  t.is(r.code, 1);
  t.regex(r.err, /error\[E2\d{3}\]/);
  t.regex(r.err, /--> bad\.xbar:\d+:\d+/);
  t.is(r.out, '');
  writeFileSync(path.join(dir, 'data.xbar'), tiny.replace(/program tiny with \[[^;]*\];/, 'program tiny with npy("missing.npy");'));
  const d = xbar(['sim', 'data.xbar'], dir);
  t.is(d.code, 1);
  t.regex(d.err, /error\[E\d{4}\]: .*missing\.npy/);
  noStack(t, r.err + d.err);
});

test('test: every testbench of the files, a line per expectation; exit 1 when one fails', (t) => {
  const ok = xbar(['test', 'examples/tiny/tiny.xbar']);
  t.is(ok.code, 0, ok.err);
  t.regex(ok.out, /^PASS {2}examples\/tiny\/tiny\.xbar testbench hand_check \(\d+\.\d\d s\)\n/);
  t.regex(ok.out, /\n {8}pass {2}expect latency\(tiny\) <= 20 ns {2}-- latency 10 ns\n/);
  t.regex(ok.out, /\n1 testbench: 1 passed, 0 failed\n$/);
  const dir = tmpDir();
  writeFileSync(path.join(dir, 'a.xbar'), tiny.replace(/trace tiny.*\n/, ''));
  writeFileSync(path.join(dir, 'b.xbar'), tiny.replace('within 1 lsb', 'within 0.1 lsb').replace(/trace tiny.*\n/, ''));
  writeFileSync(path.join(dir, 'c.xbar'), 'tile ;');
  const all = xbar(['test'], dir);
  t.is(all.code, 1);
  t.regex(all.out, /PASS {2}a\.xbar testbench hand_check/);
  t.regex(all.out, /FAIL {2}b\.xbar testbench hand_check/);
  t.regex(all.out, / {8}FAIL {2}expect tiny ~ ideal within 0\.1 lsb {2}-- max error 0\.5000 lsb/);
  t.regex(all.out, /FAIL {2}c\.xbar: the description has errors/);
  t.regex(all.out, /\n2 testbenches: 1 passed, 1 failed; 1 file with errors\n$/);
  t.regex(all.err, /error\[E1\d{3}\]/);
  const empty = xbar(['test'], tmpDir());
  t.is(empty.code, 2);
  t.regex(empty.err, /no \.xbar files to test here/);
});

test('HERMES example: `xbar sim` reports the analytic MVM latency of its parameters', (t) => {
  // Analytic: the PWM window (c_max t_lsb per phase) + the CCO's one-cycle latch + the
  // digital stage's latency + one cycle per hand-over (DAC -> ADC -> digital -> output).
  const fe = frontEnd(path.join(root, 'examples/hermes-core/hermes.xbar'), nodeHost(root))!;
  const tile = fe.design!.tiles.find((x) => x.name === 'core')!;
  const comp = (n: string) => tile.instances.find((i) => i.name === n)!.component;
  const period = 1 / tile.clock!.frequency;
  const post = comp('post').params['latency'] as Duration;
  const postS = post.unit === 'cycles' ? post.value * period : post.value;
  const analytic = windowOf(dacParams(comp('dacs'))) + period + postS + 3 * period;
  t.is(Math.round(analytic * 1e12), 132_000, 'HERMES: 127 ns window + 1 latch + 1 digital + 3 hand-overs');
  const dir = tmpDir();
  const r = xbar(['sim', path.join(root, 'examples/hermes-core/hermes.xbar'), '--json', '--vcd', 'smoke.vcd'], dir);
  t.is(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const c0 = j.tiles.find((x: { path: string }) => x.path === 'c[0]');
  t.is(Math.round(c0.latency * 1e12), Math.round(analytic * 1e12));
  t.true(existsSync(path.join(dir, 'smoke.vcd')) && existsSync(path.join(dir, 'smoke.gtkw')));
});

test("the README's quick start prints what `xbar sim` prints on the HERMES example", (t) => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  // the first fenced block after the quick start's commands
  const block = /npm ci && npx xbar sim examples\/hermes-core\/hermes\.xbar\nnpm test\n```\n[^`]*```\n([^`]*)```/.exec(readme);
  t.truthy(block, 'README has the quick start output block');
  const r = xbar(['sim', 'examples/hermes-core/hermes.xbar', '--vcd', path.join(tmpDir(), 'smoke.vcd')]);
  t.is(r.code, 0, r.err);
  const wall = (s: string) => s.replace(/ \(\d+\.\d\d s\)\n/, ' (<wall> s)\n').replace(/\n  trace: .*\n$/, '\n');
  t.is(wall(r.out), wall(block![1]!));
});

test('Ctrl-C: the run stops, exits 130, and the VCD is valid up to where it stopped', async (t) => {
  const dir = tmpDir();
  // 20,000 vectors through a 256 x 256 tile: far longer than the second we wait
  writeFileSync(path.join(dir, 'long.xbar'), `
clock clk = 1 GHz;
tile big {
  clock = clk;
  pwm dacs[256] { bits = 8; }
  crossbar array { rows = 256; cols = 256; cell = differential(pcm_like); }
  flash adcs[256] { bits = 8; out_bound = 32; }
  connect dacs -> array -> adcs;
}
testbench long for big {
  program big with random_weights(-1, 1);
  drive big with random_codes(20000);
  run until idle;
  trace big.adcs[0..4] to "long.vcd";
}`);
  const child = spawn(process.execPath, [bin, 'sim', 'long.xbar'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // wait until the run has started writing its trace, then interrupt
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !existsSync(path.join(dir, 'long.vcd.partial'))) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 500));
  child.kill('SIGINT');
  const code = await exited;
  t.is(code, 130, err);
  t.regex(out, /testbench long \(long\.xbar\) -- interrupted/);
  t.regex(out, /trace: long\.vcd \(ends where the run was interrupted\)/);
  t.false(existsSync(path.join(dir, 'long.vcd.partial')));
  const vcd = readFileSync(path.join(dir, 'long.vcd'), 'latin1');
  t.true(checkVcd(vcd).ok, formatVcdErrors(checkVcd(vcd)));
  noStack(t, err);
});

test('the progress line: only after a second, then at most every 100 ms, erased at the end', (t) => {
  const written: string[] = [];
  const p = new Progress((s) => written.push(s), Date.now() - 2000);
  p.update(5e-6, 10e-6);
  t.is(written.length, 1);
  t.regex(written[0]!, /^\r\[#{15}\.{15}\] simulated 5 us \(2\.\d s\)$/);
  p.update(6e-6, 10e-6);
  t.is(written.length, 1, 'throttled');
  p.done();
  t.is(written[1], '\r\x1b[K');
  const quiet: string[] = [];
  const q = new Progress((s) => quiet.push(s));
  q.update(1e-6, 10e-6);
  q.done();
  t.deepEqual(quiet, [], 'a run shorter than a second shows nothing');
});
