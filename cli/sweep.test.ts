// `xbar sweep` end to end, in process (cli/main.ts `main` with a captured Io) on
// examples/tiny/tiny.xbar, plus the `--param COMPONENT.PARAM` / `TILE.INSTANCE.PARAM`
// overrides of the front end it relies on.
//
// Analytic timing of tiny (docs/emulator.md, "busy for"; examples/tiny/README.md): a 4-bit
// signed PWM DAC is busy for its window c_max · t_lsb · phases = 7 · t_lsb; then one cycle of
// hand-over, one of flash conversion (t_conv = 1 ns), one to leave: at 1 GHz,
// latency = 7 · t_lsb + 3 ns = 10, 17, 24 ns for t_lsb = 1, 2, 3 ns. Without a
// sample-and-hold the II equals the latency, so 2 vectors give throughput 1 / latency.
import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from './io.js';
import { main } from './main.js';
import { parseSweepParam, variants } from './sweep-spec.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TINY = 'examples/tiny/tiny.xbar';

function io(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd: root, out, err, stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), stderrIsTty: false, env: { NO_COLOR: '1' } };
}

async function sweep(args: string[]): Promise<{ code: number; out: string; err: string; dir: string; files: Record<string, string> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-sweep-'));
  const o = io();
  const code = await main(['sweep', TINY, ...args, '--out', dir], o);
  const files: Record<string, string> = {};
  for (const f of ['sweep.csv', 'sweep.json', 'sweep.svg']) {
    try {
      files[f] = readFileSync(path.join(dir, f), 'utf8');
    } catch {
      /* not written */
    }
  }
  return { code, out: o.out.join(''), err: o.err.join(''), dir, files };
}

const GRID = ['--param', 'flash6.bits=5..6', '--param', 'pwm4.t_lsb=1ns,2ns,3ns'];

test('a 2 x 3 sweep: 6 rows in order, latencies 7 t_lsb + 3 ns, same bytes with 1 or 3 worker threads', async (t) => {
  const a = await sweep([...GRID, '--jobs', '3']);
  t.is(a.code, 0, a.err);
  const j = JSON.parse(a.files['sweep.json']!);
  t.is(j.variants.length, 6);
  const expected = [5, 6].flatMap((bits) => [1, 2, 3].map((lsb) => ({ bits, lsb })));
  j.variants.forEach((v: any, i: number) => {
    t.is(v.variant, i);
    t.deepEqual(v.params, { 'flash6.bits': String(expected[i]!.bits), 'pwm4.t_lsb': `${expected[i]!.lsb}ns` });
    t.is(v.status, 'ok');
    t.is(v.seed, 1); // the testbench's seed: no --seed
    const latency = (7 * expected[i]!.lsb + 3) * 1e-9;
    t.true(Math.abs(v.latency - latency) < 1e-15, `variant ${i}: ${v.latency} vs ${latency}`);
    t.true(Math.abs(v.throughput - 1 / latency) < 1e-3 / latency);
    t.is(v.opsPerMvm, 32); // 2 · 4 rows · 4 cols
    t.true(Math.abs(v.topsPerWatt - 32 / v.energyPerMvm / 1e12) < 1e-9 * v.topsPerWatt);
  });
  // A 6-bit flash ADC has twice the comparators of a 5-bit one: more energy per MVM.
  t.true(j.variants[3].energyPerMvm > j.variants[0].energyPerMvm);
  // The testbench's `expect latency(tiny) <= 20 ns` fails at t_lsb = 3 ns (24 ns): measured, not a failed variant.
  t.deepEqual(j.variants.map((v: any) => v.expectations.passed), [2, 2, 1, 2, 2, 1]);
  const b = await sweep([...GRID, '--jobs', '1']);
  t.is(b.code, 0);
  for (const f of ['sweep.csv', 'sweep.json', 'sweep.svg']) t.is(b.files[f], a.files[f], f);
  t.is(b.out, a.out);
});

test('a value the checks reject fails its variants with their diagnostic; the others run', async (t) => {
  const r = await sweep(['--param', 'flash6.bits=0,5', '--param', 'pwm4.t_lsb=1ns,2ns']);
  t.is(r.code, 1);
  const j = JSON.parse(r.files['sweep.json']!);
  t.deepEqual(j.variants.map((v: any) => v.status), ['failed', 'failed', 'ok', 'ok']);
  t.is(j.failed, 2);
  t.is(j.variants[0].error.code, 'E3001');
  t.regex(j.variants[0].error.message, /`bits` of `flash6` must be between 1 bit and 16 bit, found 0 bit/);
  t.is(j.variants[0].latency, null);
  t.is(j.variants[2].latency, 10e-9);
  t.regex(r.out, /^0 +0 +1ns +FAILED +E3001: /m);
  t.regex(r.err, /variant 0 \(flash6.bits=0 pwm4.t_lsb=1ns\) failed:\nerror\[E3001\]/);
  const csv = r.files['sweep.csv']!.trim().split('\n');
  t.regex(csv[1]!, /^0,0,1ns,failed,,+E3001,"`bits` of `flash6` must be between 1 bit and 16 bit, found 0 bit"$/);
  t.regex(csv[3]!, /^2,5,1ns,ok,1,tiny,2,1e-8,/);
  // The chart shows the two variants that ran and says the others are not shown.
  t.is((r.files['sweep.svg']!.match(/<circle /g) ?? []).length, 2);
  t.regex(r.files['sweep.svg']!, /2 failed or without figures, not shown/);
});

test('a parameter that does not exist fails every variant with its diagnostic (E2030, E2029)', async (t) => {
  const r = await sweep(['--param', 'flash6.bitz=5,6']);
  t.is(r.code, 1);
  const j = JSON.parse(r.files['sweep.json']!);
  t.deepEqual(j.variants.map((v: any) => [v.status, v.error.code]), [['failed', 'E2030'], ['failed', 'E2030']]);
  t.regex(r.err, /help: did you mean `bits`\?/);
  const u = await sweep(['--param', 'tiny.adcz.mux=1,2', '--param', 'nosuch.bits=4']);
  t.deepEqual(JSON.parse(u.files['sweep.json']!).variants.map((v: any) => v.error.code), ['E2029', 'E2029']);
  // A mux the tile cannot take is an invalid chip for that variant only.
  const m = await sweep(['--param', 'tiny.adcs.mux=1,2']);
  t.deepEqual(JSON.parse(m.files['sweep.json']!).variants.map((v: any) => v.error?.code ?? 'ok'), ['ok', 'E3004']);
});

test('CSV, JSON and SVG shapes; --x/--y pick the chart axes; --seed gives seed + index', async (t) => {
  const r = await sweep(['--param', 'pwm4.t_lsb=1ns,2ns', '--seed', '7', '--x', 'latency', '--y', 'energy']);
  t.is(r.code, 0);
  const csv = r.files['sweep.csv']!.trim().split('\n').map((l) => l.split(','));
  t.deepEqual(csv[0], ['variant', 'pwm4.t_lsb', 'status', 'seed', 'tile', 'vectors', 'latency_s', 'throughput_mvm_per_s', 'energy_per_mvm_j', 'tops_per_w', 'err_max_lsb', 'err_rms_lsb', 'err_rms_rel', 'ops_per_mvm', 'expectations_passed', 'expectations', 'code', 'message']);
  t.is(csv.length, 3);
  t.true(csv.every((row) => row.length === csv[0]!.length));
  t.deepEqual(csv.slice(1).map((row) => row[3]), ['7', '8']);
  const j = JSON.parse(r.files['sweep.json']!);
  t.deepEqual(Object.keys(j), ['file', 'testbench', 'seeds', 'params', 'failed', 'variants']);
  t.is(j.testbench, 'hand_check');
  t.deepEqual(j.params, [{ name: 'pwm4.t_lsb', values: ['1ns', '2ns'] }]);
  t.deepEqual(Object.keys(j.variants[0]), ['variant', 'params', 'status', 'seed', 'tile', 'vectors', 'latency', 'throughput', 'energyPerMvm', 'opsPerMvm', 'topsPerWatt', 'errMax', 'errRms', 'errRel', 'expectations', 'error']);
  const svg = r.files['sweep.svg']!;
  t.true(svg.startsWith('<?xml'));
  t.regex(svg, /energy per MVM \(J\) vs latency per MVM \(s\): 2 variants/);
  t.is((svg.match(/<circle /g) ?? []).length, 2);
  t.regex(svg, />t_lsb=1ns</);
  t.regex(svg, />t_lsb=2ns</);
  // Energy grows with the window: the 2 ns point is above and to the right of the 1 ns one.
  const pts = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
  t.true(pts[1]![0]! > pts[0]![0]! && pts[1]![1]! < pts[0]![1]!);
});

test('usage errors exit 2: empty range, no --param, unknown metric', async (t) => {
  for (const args of [['--param', 'flash6.bits=8..4'], [], ['--param', 'flash6.bits=4..x'], ['--param', 'flash6.bits=5', '--x', 'speed']]) {
    const o = io();
    t.is(await main(['sweep', TINY, ...args], o), 2, args.join(' '));
  }
});

test('sweep values: ranges, lists, units, brackets; the product varies the last parameter fastest', (t) => {
  let ps = parseSweepParam('adc.bits=4..6', []);
  ps = parseSweepParam('t=1ns, 2 ns', ps);
  ps = parseSweepParam('tiny.array.cell=differential(ideal, pairs = 1),differential(ideal, pairs = 2)', ps);
  t.deepEqual(ps.map((p) => p.values), [['4', '5', '6'], ['1ns', '2 ns'], ['differential(ideal, pairs = 1)', 'differential(ideal, pairs = 2)']]);
  const vs = variants(ps, 100);
  t.is(vs.length, 12);
  t.deepEqual(vs[1]!.params.map((p) => p.value), ['4', '1ns', 'differential(ideal, pairs = 2)']);
  t.deepEqual(vs.map((v) => v.seed), vs.map((_, i) => 100 + i));
  t.is(variants(ps, undefined)[5]!.seed, undefined);
});

test('xbar check --param COMPONENT.PARAM and TILE.INSTANCE.PARAM: checked, and shown as set by --param', async (t) => {
  const o = io();
  t.is(await main(['check', TINY, '--param', 'flash6.bits=5', '--param', 'tiny.dacs.t_lsb=2ns', '--dump-ir'], o), 0, o.err.join(''));
  const ir = o.out.join('');
  t.regex(ir, /adc flash6 : flash\n {2}bits = 5 bit {2}# set by --param\n/);
  t.regex(ir, /instance dacs\[4\] : dac pwm from pwm4\n(?: {4}.*\n)*? {4}t_lsb = 2 ns {2}# set by --param\n/);
  const bad = io();
  t.is(await main(['check', TINY, '--param', 'flash6.bits=0'], bad), 1);
  t.regex(bad.err.join(''), /error\[E3001\]/);
});
