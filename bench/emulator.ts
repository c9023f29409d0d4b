// bench/emulator.ts: the emulator's speed, against references measured in the same run.
//
//   1. MVMs per second of a 256 x 256 tile with full non-idealities (PCM programming noise,
//      drift and read noise at 1 h, output noise, 8-bit DAC and ADC), two ways:
//        - the numeric path alone (input slice -> array product -> noise -> ADC codes),
//        - the whole emulator (kernel, handshakes, stages, energy) driving vectors through,
//      both with the crossbar's wasm SIMD product kernel (emulator/models/wasm/dot-kernel.ts),
//      against a bare Float32 matrix-vector loop in plain JS on the same data (the reference).
//   2. Kernel events (process activations) per second on a synthetic workload.
//   3. VCD bytes per second written by the trace writer, against fs.writeSync of the same bytes.
// Run with `npm run bench`. Nothing here is a test: it prints numbers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkText } from '../test/helpers.js';
import { Kernel } from '../emulator/kernel/kernel.js';
import { Clock } from '../emulator/kernel/time.js';
import { adcCode, adcParams } from '../emulator/models/adc.js';
import { programCrossbar } from '../emulator/models/crossbar.js';
import { dacParams, sliceInputs } from '../emulator/models/dac.js';
import { Rng } from '../emulator/random.js';
import { Simulator } from '../emulator/simulator.js';
import { VcdWriter } from '../emulator/trace/vcd-writer.js';
import { timeRuns } from './timing.js';

const N = 256;
const SRC = `
clock clk = 1 GHz;
tile t {
  clock = clk;
  pwm dacs[${N}] { bits = 8; }
  crossbar array { rows = ${N}; cols = ${N}; cell = differential(pcm_like); out_noise = 0.06; }
  sample_hold sh[${N}];
  flash adcs[${N}] { bits = 8; out_bound = 32; }
  connect dacs -> array -> sh -> adcs;
}
testbench tb for t { run until idle; }`;


const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(1));

const design = checkText(SRC).result.design!;
const chip = design.testbenches[0]!.target;
const tile = chip.tiles[0]!.tile;
const xbar = tile.instances.find((i) => i.name === 'array')!.component;
const dac = dacParams(tile.instances.find((i) => i.name === 'dacs')!.component);
const adc = adcParams(tile.instances.find((i) => i.name === 'adcs')!.component);
const rng = new Rng(1);
const W = new Float64Array(N * N);
for (let i = 0; i < W.length; i++) W[i] = rng.uniform() * 2 - 1;
const codes = Array.from({ length: 64 }, () => Float64Array.from({ length: N }, () => rng.int(-127, 127)));

console.log(`xbar emulator benchmark: node ${process.version}; every figure measured in this run\n`);

// 1a. bare Float32 MVM: the fastest plain loop we know in V8 (dot products over contiguous
//     columns of the transposed matrix, two partial sums), no model around it
const w32 = new Float32Array(N * N);
for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) w32[j * N + i] = W[i * N + j]!;
const x64 = new Float64Array(N);
const y64 = new Float64Array(N);
let v = 0;
const bare = time(() => {
  const c = codes[v++ & 63]!;
  for (let i = 0; i < N; i++) x64[i] = c[i]! / 127;
  for (let j = 0; j < N; j++) {
    const base = j * N;
    let s0 = 0;
    let s1 = 0;
    for (let i = 0; i < N; i += 2) {
      s0 += x64[i]! * w32[base + i]!;
      s1 += x64[i + 1]! * w32[base + i + 1]!;
    }
    y64[j] = s0 + s1;
  }
});

// 1b. the numeric path with every non-ideality, through the crossbar's product kernel (inputs
//     written into, outputs read from, the kernel's memory)
const model = programCrossbar(xbar, W, rng.fork('program'), 3600);
const kernel = model.kernel;
const out = new Int32Array(N);
const numeric = time(() => {
  const c = codes[v++ & 63]!;
  sliceInputs(dac, c, 0, kernel.x);
  kernel.mvm();
  const y = kernel.out;
  for (let j = 0; j < N; j++) out[j] = adcCode(adc, y[j]! + model.outNoise * rng.normal());
});

// 1c. the whole emulator: programmed once, then batches of vectors streaming through the
//     pipelined tile (kernel, handshakes, stages, energy)
const batch = 200;
const programStart = performance.now();
const sim = new Simulator(chip, { seed: 3, tInference: 3600 });
sim.program('t', W);
const programMs = performance.now() - programStart;
let simVectors = 0;
const activations0 = sim.kernel.totalActivations;
const whole = time(() => {
  const before = sim.read('t').length;
  sim.drive('t', Array.from({ length: batch }, (_, i) => codes[i & 63]!));
  sim.run();
  simVectors += sim.read('t').length - before;
}, 1500);
// every run drains the pipeline (run until idle): `batch` results per run
const wholePerSec = whole.perSec * batch;
const simActivations = sim.kernel.totalActivations - activations0;
console.log(`256 x 256 tile, MVMs per second (product kernel: ${kernel.impl})`);
console.log(`  bare Float32 loop (reference)        ${fmt(bare.perSec).padStart(9)}/s`);
console.log(`  numeric path, full non-idealities    ${fmt(numeric.perSec).padStart(9)}/s   overhead ${(bare.perSec / numeric.perSec).toFixed(2)}x (goal < 2x)`);
console.log(`  whole emulator, streaming vectors    ${fmt(wholePerSec).padStart(9)}/s   overhead ${(bare.perSec / wholePerSec).toFixed(2)}x; ${(simActivations / simVectors).toFixed(1)} activations per MVM`);
console.log(`  programming the 131,072 PCM devices once (noise, drift and read noise at 1 h): ${programMs.toFixed(0)} ms`);
console.log(`  for scale (../shared): aihwkit 2.2 k/s one vector at a time (the whole emulator: ${(wholePerSec / 2200).toFixed(1)}x that; goal 10x), 151 k/s batched; sgemm 652 k/s\n`);

// 2. kernel events per second: 1,000 clocked processes ping-ponging through signals
{
  const k = new Kernel();
  const clk = new Clock('clk', 1000n);
  const sigs = Array.from({ length: 1000 }, (_, i) => k.signal(`s${i}`, 0));
  for (let i = 0; i < 1000; i++) {
    const me = sigs[i]!;
    // each activation writes its signal (waking its neighbour at the next edge) and wakes
    // itself a cycle later; the same slot merges the two wake-ups. Stops after 200 cycles.
    const pid = k.process(`p${i}`, (cx) => {
      if (cx.now >= 2_000_000n) return;
      cx.write(me, ((cx.read(me) as number) + 1) & 0xffff);
      cx.wakeAt(cx.now + 1000n);
    });
    k.watchClocked(pid, sigs[(i + 1) % 1000]!, clk);
    k.schedule(pid, 0n);
  }
  const start = performance.now();
  k.run();
  const sec = (performance.now() - start) / 1000;
  console.log(`kernel: ${fmt(k.totalActivations / sec)} activations/s (${k.totalActivations.toLocaleString('en-US')} in ${sec.toFixed(2)} s)\n`);
}

// 3. VCD bytes per second, against a raw write of the same bytes
{
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-bench-'));
  const file = path.join(dir, 'bench.vcd');
  const writer = new VcdWriter(file);
  const vars = Array.from({ length: 64 }, (_, i) => ({
    id: i, scope: ['top', `col${i >> 3}`], name: i % 2 ? `code_${i}` : `i_${i}`,
    kind: (i % 2 ? 'integer' : 'real') as 'integer' | 'real', width: i % 2 ? 32 : 64, initial: 0,
  }));
  // the values first (not timed): 1,024 steps of 64 changes, replayed 20 times
  const r = new Rng(9);
  const table = Array.from({ length: 1024 * 64 }, (_, k) => (k % 2 ? r.int(-127, 127) : r.normal() * 1e-6));
  const start = performance.now();
  writer.declare(vars, { version: 'bench' });
  for (let t = 1; t <= 20_480; t++) {
    const tf = BigInt(t) * 1000n;
    writer.advance(tf);
    const row = ((t * 7) & 1023) * 64;
    for (let i = 0; i < 64; i++) writer.change(tf, i, table[row + i]!);
  }
  writer.close();
  const vcdSec = (performance.now() - start) / 1000;
  const bytes = readFileSync(file);
  const raw = path.join(dir, 'raw.vcd');
  const rawStart = performance.now();
  const fd = openSync(raw, 'w');
  for (let o = 0; o < bytes.length; o += 1 << 20) writeSync(fd, bytes, o, Math.min(1 << 20, bytes.length - o));
  closeSync(fd);
  const rawSec = (performance.now() - rawStart) / 1000;
  console.log(`VCD writer: ${(bytes.length / 1e6).toFixed(1)} MB at ${fmt(bytes.length / vcdSec)}B/s; raw write of the same bytes ${fmt(bytes.length / rawSec)}B/s (${(rawSec > 0 ? vcdSec / rawSec : 0).toFixed(1)}x slower)`);
  writeFileSync(path.join(dir, 'done'), '');
  rmSync(dir, { recursive: true, force: true });
}

/** Runs per second of `fn` (bench/timing.ts). */
function time(fn: () => void, minMs = 400): { perSec: number; runs: number } {
  return timeRuns(fn, minMs);
}
