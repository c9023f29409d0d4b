// The global controller's timing against the analytic count (docs/emulator.md, "Global
// controller"), and a network run through the testbench language.
//
// Chip: two 4x4 flash tiles (emulator/test-designs.ts flashTile: a vector driven at an edge
// enters one cycle later and leaves L + 1 = 11 cycles after it was driven; II = 10), point to
// point, hop_latency 1 and noc_width 256, so every controller transfer takes 1 cycle; buffer
// 256 bits per access at 1 cycle; 64 ops per cycle. A 4-4-4 dense network (fc1 on p[0], fc2 on
// p[1]) with 16-bit activations:
//   dispatch = 1 cycle (one buffer access: 4 x 16 bits), transfer to the tile 1, tile 11,
//   transfer back 1, combine = ceil(ops / 64) + 1 write access = 2 cycles;
// so a layer takes 1 + 1 + 11 + 1 + 2 = 16 cycles and sample 0 ends at 32 cycles. The tiles'
// II (10) is the bottleneck: sample j's fc1 result leaves p[0] at 13 + 10 j, and the
// controller's work for sample j (dispatches at 3 + 10 (j - 2), combines at 14 + 10 j and
// 30 + 10 j, fc2 dispatch at 16 + 10 j) never collides modulo 10, so
//   end(j) = 32 + 10 j cycles; latency of the first sample 32 cycles; throughput 1 / 10 ns.
// Also: a conv network (im2col positions as jobs, a conv layer after a conv layer pipelined
// by window), and a chip whose network tiles have links (refused).
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderDiagnostics } from '../dsl/diagnostics/render.js';
import { nodeHost } from '../dsl/load.js';
import { frontEnd } from '../dsl/pipeline.js';
import { flashTile } from '../emulator/test-designs.js';
import { writeNpy } from '../testbenches/npy.js';
import { runTestbench } from '../testbenches/run.js';
import { Rng } from '../emulator/random.js';
import { argmax, conv2d, dense, flatten, forward, network, relu } from './layers.js';

const W1 = [0.5, -0.25, 0, 0.25, 0.25, 0.5, -0.25, 0, 0, 0.25, 0.5, -0.25, -0.25, 0, 0.25, 0.5];
const W2 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
const X = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0.5, 0.5, -0.5, 0.25];
const Y = [0, 1, 2, 3, 1];

function design(extra = '', chipExtra = '') {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-timed-'));
  const npy = (name: string, shape: number[], data: number[]) => writeFileSync(path.join(dir, name), writeNpy(shape, data));
  npy('w1.npy', [4, 4], W1);
  npy('b1.npy', [4], [0, 0, 0, 0]);
  npy('w2.npy', [4, 4], W2);
  npy('b2.npy', [4], [0, 0, 0, 0]);
  npy('x.npy', [5, 4], X);
  npy('y.npy', [5], Y);
  const src = `
clock clk = 1 GHz;
${flashTile()}
chip c {
  clock = clk; t p[2];
  hop_latency = 1; noc_width = 256; buffer_width = 256; buffer_t_access = 1 cycles; ctrl_ops_per_cycle = 64; act_bits = 16;
  ${chipExtra}
}
network net on c {
  input = 4;
  dense fc1 { out = 4; weights = npy("w1.npy"); bias = npy("b1.npy"); }
  relu;
  dense fc2 { out = 4; weights = npy("w2.npy"); bias = npy("b2.npy"); }
}
testbench tb for c {
  samples = 5;
  run network net with npy("x.npy"), npy("y.npy");
  ${extra}
}`;
  writeFileSync(path.join(dir, 'main.xbar'), src);
  const r = frontEnd(path.join(dir, 'main.xbar'), nodeHost(dir));
  if (!r?.design) throw new Error(r ? renderDiagnostics(r.diagnostics, r.sources, { color: false }) : 'no front end');
  return r.design;
}

const NS = 1e-9;

test('two-layer network on two tiles: sample j ends at 32 + 10 j cycles (analytic count in the header)', async (t) => {
  const d = design('expect latency(net) <= 32 ns; expect throughput(net) >= 99.99 MHz; expect accuracy(net) >= 0.6;');
  const res = await runTestbench(d.testbenches[0]!, {});
  t.deepEqual(res.diagnostics, []);
  const run = res.networks[0]!.run;
  t.is(run.samples, 5);
  run.timeline.forEach((s, j) => {
    t.is(Math.round(s.endS / NS), 32 + 10 * j, `sample ${j} end`);
    t.is(Math.round(s.layers[0]!.doneS / NS), 16 + 10 * j, `sample ${j} fc1 done`);
  });
  t.is(Math.round(run.latencyFirst / NS), 32);
  t.true(Math.abs(run.throughput - 1e8) < 1);
  t.true(res.ok, res.expectations.map((e) => `${e.text}: ${e.measured}`).join('; '));
  // controller work: per sample 2 dispatches (1 cycle) + 2 combines (2 cycles) = 6 cycles
  t.is(Math.round(run.controller.busyS / NS), 5 * 6);
  // the numbers: relu(W1 x) then W2 (identity) through 6-bit flash ADCs
  t.is(run.accuracy, 1);
});

test('input_depth = 1: a tile takes a new vector only after the last one entered: same count here (II-bound)', async (t) => {
  const d = design('', 'input_depth = 1;');
  const res = await runTestbench(d.testbenches[0]!, {});
  t.deepEqual(res.diagnostics, []);
  const run = res.networks[0]!.run;
  // sample 1 is dispatched when sample 0 enters p[0] (cycle 3): arrives at 5, enters at 13 as before
  run.timeline.forEach((s, j) => t.is(Math.round(s.endS / NS), 32 + 10 * j, `sample ${j}`));
  t.true(run.controller.backPressureS > 0);
});

test('a link from or to one of the network\'s tiles: E4017 at the run (the controller moves the data)', async (t) => {
  const d = design('', 'link p[0] -> p[1];');
  const res = await runTestbench(d.testbenches[0]!, {});
  t.deepEqual(res.diagnostics.map((x) => x.code), ['E4017']);
  t.regex(res.diagnostics[0]!.message, /the link p\[0\] -> p\[1\] touches a tile of network `net`/);
  t.false(res.ok);
});

test('conv layers: im2col positions as jobs, a conv layer after a conv layer starts before the first finishes; fine converters give the float predictions', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-timed-conv-'));
  const rng = new Rng(5);
  const rand = (n: number) => Array.from({ length: n }, () => rng.uniform() * 2 - 1);
  const w1 = rand(2 * 1 * 3 * 3);
  const w2 = rand(2 * 2 * 3 * 3);
  const w3 = rand(3 * 8);
  const x = Array.from({ length: 6 * 36 }, () => rng.uniform());
  // labels: the float network's own predictions, so fine converters must reach accuracy 1
  const net = network([1, 6, 6], [
    conv2d({ inChannels: 1, outChannels: 2, kernel: [3, 3], stride: [1, 1], padding: [0, 0] }, new Rng(2)), relu(),
    conv2d({ inChannels: 2, outChannels: 2, kernel: [3, 3], stride: [1, 1], padding: [0, 0] }, new Rng(3)), relu(),
    flatten(), dense(8, 3, new Rng(4)),
  ]);
  (net.layers[0] as { weight: Float64Array }).weight.set(w1);
  (net.layers[2] as { weight: Float64Array }).weight.set(w2);
  (net.layers[5] as { weight: Float64Array }).weight.set(w3);
  for (const k of [0, 2, 5]) (net.layers[k] as { bias: Float64Array }).bias.fill(0);
  const out = forward(net, { shape: [6, 1, 6, 6], data: Float64Array.from(x) });
  const labels = Array.from({ length: 6 }, (_, i) => argmax(out.data, i * 3, 3));
  const npy = (name: string, shape: number[], data: number[]) => writeFileSync(path.join(dir, name), writeNpy(shape, data));
  npy('w1.npy', [2, 1, 3, 3], w1);
  npy('w2.npy', [2, 2, 3, 3], w2);
  npy('w3.npy', [3, 8], w3);
  npy('b1.npy', [2], [0, 0]);
  npy('b2.npy', [2], [0, 0]);
  npy('b3.npy', [3], [0, 0, 0]);
  npy('x.npy', [6, 1, 6, 6], x);
  npy('y.npy', [6], labels);
  writeFileSync(path.join(dir, 'main.xbar'), `
clock clk = 1 GHz;
tile t {
  clock = clk;
  voltage dacs[18] { bits = 16; signed = true; }
  crossbar array { rows = 18; cols = 4; cell = differential(ideal); out_noise = 0; }
  flash adcs[4] { bits = 16; out_bound = 18; }
  connect dacs -> array -> adcs;
}
chip c { clock = clk; t p[3]; }
network cnn on c {
  input = [1, 6, 6];
  conv2d k1 { out = 2; kernel = 3; weights = npy("w1.npy"); bias = npy("b1.npy"); }
  relu;
  conv2d k2 { out = 2; kernel = 3; weights = npy("w2.npy"); bias = npy("b2.npy"); }
  relu;
  flatten;
  dense fc { out = 3; weights = npy("w3.npy"); bias = npy("b3.npy"); }
}
testbench tb for c {
  samples = 6;
  run network cnn with npy("x.npy"), npy("y.npy");
}`);
  const r = frontEnd(path.join(dir, 'main.xbar'), nodeHost(dir));
  if (!r?.design) throw new Error(r ? renderDiagnostics(r.diagnostics, r.sources, { color: false }) : 'no front end');
  const res = await runTestbench(r.design.testbenches[0]!, {});
  t.deepEqual(res.diagnostics, []);
  const run = res.networks[0]!.run;
  t.deepEqual(run.layers.map((l) => [l.name, l.positions]), [['k1', 16], ['k2', 4], ['fc', 1]]);
  t.is(run.accuracy, 1, 'the float predictions');
  // k2's first position needs only k1's positions under its window: it is ready before k1 is done
  const s0 = run.timeline[0]!;
  t.true(s0.layers[1]!.readyS < s0.layers[0]!.doneS, `k2 ready ${s0.layers[1]!.readyS} vs k1 done ${s0.layers[0]!.doneS}`);
  // fc (after flatten) waits for all of k2
  t.true(s0.layers[2]!.readyS >= s0.layers[1]!.doneS);
});
