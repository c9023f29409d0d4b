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
