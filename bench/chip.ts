// bench/chip.ts: whole-chip simulation speed, and how it grows with the number of tiles.
//
// The HERMES-like chip of examples/hermes-core (256 x 256 PCM cores, 8-bit PWM, CCO ADCs,
// affine + ReLU, cores chained by links) with n_cores = 1, 4, 16, 64, every core programmed:
// an MLP of n_cores 256-wide layers, one per core, vectors pipelined through the chain. For
// each size: wall time of the run, simulated clock cycles per wall second, MVMs per second, and
// the wall time per core-MVM against the 1-core run (the reference measured in the same run;
// each size the fastest of BENCH_RUNS runs, default 3):
// near 1.0x at every size means the emulator's cost grows linearly with the tiles.
// Run with `npm run bench` (or `node --import tsx bench/chip.ts`). Nothing here is a test.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../emulator/random.js';
import { Simulator } from '../emulator/simulator.js';
import { checkText } from '../test/helpers.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const HERMES = readFileSync(path.join(root, 'examples/hermes-core/hermes.xbar'), 'utf8');
const SIZES = [1, 4, 16, 64];
const VECTORS = Number(process.env['BENCH_VECTORS'] ?? 32);
const PERIOD_FS = 1_000_000n; // core_clk = 1 GHz

interface Row {
  cores: number;
  wallMs: number;
  cycles: number;
  mvms: number;
}

function runChip(cores: number): Row {
  const r = checkText(HERMES, {}, { overrides: [{ name: 'n_cores', value: String(cores) }] });
  if (!r.result.design) throw new Error(r.text);
  const chip = r.result.design.chips.find((c) => c.name === 'hermes')!;
  const sim = new Simulator(chip, { seed: 7, tInference: 3600 });
  const rng = new Rng(1);
  const W = new Float64Array(256 * 256);
  for (const t of chip.tiles) {
    for (let i = 0; i < W.length; i++) W[i] = 2 * rng.uniform() - 1;
    sim.program(t.path, W);
  }
  const vectors = Array.from({ length: VECTORS }, () => Array.from({ length: 256 }, () => rng.int(-127, 127)));
  sim.drive(chip.tiles[0]!.path, vectors);
  const start = performance.now();
  const res = sim.run();
  const wallMs = performance.now() - start;
  return { cores, wallMs, cycles: Number(res.time / PERIOD_FS), mvms: cores * VECTORS };
}

console.log(`HERMES-like chip, ${VECTORS} vectors through a chain of n cores (one 256-wide layer per core), PCM at 1 h`);
console.log('cores   wall        simulated cycles   cycles/s      core-MVMs/s   wall per core-MVM vs 1 core');
runChip(1); // warm-up: V8 and the wasm kernel
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
let ref = 0;
for (const n of SIZES) {
  // the fastest of RUNS runs: the small sizes take milliseconds, so one run is mostly noise
  let row = runChip(n);
  for (let r = 1; r < RUNS; r++) {
    const again = runChip(n);
    if (again.wallMs < row.wallMs) row = again;
  }
  const perMvm = row.wallMs / row.mvms;
  if (n === 1) ref = perMvm;
  console.log(
    `${String(n).padStart(5)}   ${(row.wallMs / 1000).toFixed(2).padStart(6)} s   ${String(row.cycles).padStart(16)}   ${(row.cycles / (row.wallMs / 1000)).toExponential(2).padStart(10)}   ${((row.mvms * 1000) / row.wallMs).toFixed(0).padStart(11)}   ${(perMvm / ref).toFixed(2)}x`,
  );
}

// The same cores (without the links) running a 784-1024-1024-1024-10 ReLU MLP through the chip's
// global controller (`run network`, network/timed.ts): 52 of the 64 cores hold its pieces, on a
// 8 x 8 mesh. Simulated cycles per wall second, and inferences per wall second (the numbers
// of every piece are computed twice: by the Simulator's tile and by its numeric twin).
const MLP = `
import "xbar/presets";
clock core_clk = 1 GHz;
tile core {
  clock = core_clk;
  dacs.hermes_pwm8 dacs[256];
  crossbar array { rows = 256; cols = 256; cell = differential(pcm.hermes); }
  adcs.hermes_cco8 adcs[256] { out_bound = 8; }
  connect dacs -> array -> adcs;
}
chip mesh64 { clock = core_clk; interconnect = mesh; core c[8][8]; }
network mlp on mesh64 {
  input = 784;
  dense fc1 { out = 1024; } relu;
  dense fc2 { out = 1024; } relu;
  dense fc3 { out = 1024; } relu;
  dense fc4 { out = 10; }
  train { dataset = mnist; train_samples = 200; test_samples = 100; epochs = 1; seed = 1; }
}`;
const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 20);
{
  const { buildNetwork } = await import('../network/build.js');
  const { startNetworkRun } = await import('../network/timed.js');
  const r = checkText(MLP);
  if (!r.result.design) throw new Error(r.text);
  const ir = r.result.design.networks[0]!;
  const { built } = buildNetwork(ir, { samples: SAMPLES });
  const sim = new Simulator(r.result.design.chips[0]!, { seed: 7, tInference: 3600 });
  const t0 = performance.now();
  const run = startNetworkRun(sim, ir, built!, { seed: 7, tInference: 3600 });
  const start = performance.now();
  sim.run();
  const wallMs = performance.now() - start;
  const res = run.result(!run.done);
  const cycles = Number(sim.kernel.now / PERIOD_FS);
  const tiles = new Set(res.layers.flatMap((l) => l.tiles)).size;
  console.log(`\n64-core mesh running a 784-1024-1024-1024-10 MLP through the global controller (${tiles} cores hold it), ${res.samples} samples`);
  console.log(`  setup (programming the ${tiles} cores' devices) ${((start - t0) / 1000).toFixed(2)} s; run ${(wallMs / 1000).toFixed(2)} s, ${cycles} simulated cycles: ${(cycles / (wallMs / 1000)).toExponential(2)} cycles/s, ${((res.samples * 1000) / wallMs).toFixed(1)} inferences/s and ${((res.layers.reduce((a, l) => a + l.mvms, 0) * 1000) / wallMs).toFixed(0)} core-MVMs/s of wall time`);
  console.log(`  emulated: latency ${(res.latencyFirst * 1e9).toFixed(0)} ns, ${(res.throughput / 1e6).toFixed(2)} M inferences/s, ${(res.energyPerInference * 1e9).toFixed(1)} nJ per inference, accuracy ${(100 * res.accuracy).toFixed(0)} % (float ${(100 * res.floatAccuracy).toFixed(0)} %)`);
}
