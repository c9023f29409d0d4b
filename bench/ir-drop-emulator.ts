// bench/ir-drop-emulator.ts: the whole emulator's time per MVM with exact IR drop against the
// same tile without IR drop, in the same run (the solver alone is bench/ir-drop.ts).
//
// Tile: 256 x 256 differential PCM (aihwkit's PCM-like model at 1 h: 256 x 512 physical
// columns), 0.15 ohm wires, sample-and-hold, 8-bit flash ADCs; 8-bit signed DACs, voltage or
// PWM; a stream of 64 random input vectors driven in batches through the pipelined tile.
// Per DAC kind it prints the time per MVM with ir_drop = none, analytic and exact (default
// ir_drop_tol 1e-9, and 1e-12), the ratio to none, and the mean sweeps per exact solve. For PWM
// it also times the piecewise-in-time integration (ir-drop/pwm.ts: one solve per distinct
// pulse length), which the emulator does not need: the network is linear, so one solve at the
// time-averaged row voltages gives the charge. Times are CPU time (process.cpuUsage), which
// other jobs on a shared machine do not inflate. Run with `node --import tsx bench/ir-drop-emulator.ts`.
import { checkText } from '../test/helpers.js';
import { codeMax, dacParams, pulseLengths } from '../emulator/models/dac.js';
import { pwmChargePiecewise } from '../emulator/ir-drop/pwm.js';
import { Rng } from '../emulator/random.js';
import { Simulator } from '../emulator/simulator.js';

const N = 256;
const src = (dac: string, xbar: string) => `
import "xbar/presets";
clock clk = 1 GHz;
tile t {
  clock = clk;
  ${dac} dacs[${N}] { bits = 8; signed = true; }
  crossbar array { rows = ${N}; cols = ${N}; cell = differential(pcm_like); out_noise = 0.06; wire_r = 0.15 ohm; ${xbar} }
  sample_hold sh[${N}];
  flash adcs[${N}] { bits = 8; out_bound = 32; }
  connect dacs -> array -> sh -> adcs;
}
testbench tb for t { run until idle; }`;

const rng = new Rng(1);
const W = Float64Array.from({ length: N * N }, () => rng.uniform() * 2 - 1);
const codes = Array.from({ length: 64 }, () => Float64Array.from({ length: N }, () => rng.int(-127, 127)));

/** CPU time (user + system) in ms: the VM is shared, so wall time would count other jobs. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU ms per MVM over at least `minMs` of CPU time, driving batches of `batch` vectors. */
function perMvm(dac: string, xbar: string, batch: number, minMs: number): { ms: number; sweeps: number } {
  const r = checkText(src(dac, xbar));
  if (!r.result.design) throw new Error(r.text);
  const sim = new Simulator(r.result.design.testbenches[0]!.target, { seed: 3, tInference: 3600 });
  sim.program('t', W);
  const input = sim.tile('t').built.input;
  let sweeps = 0;
  let solves = 0;
  input.tap = () => {
    const ex = input.model!.exact;
    if (ex) {
      sweeps += ex.lastIterations;
      solves++;
    }
  };
  let v = 0;
  const once = () => {
    sim.drive('t', Array.from({ length: batch }, () => codes[v++ & 63]!));
    sim.run();
  };
  once(); // warm-up
  let runs = 0;
  const start = cpuMs();
  while (cpuMs() - start < minMs) {
    once();
    runs++;
  }
  return { ms: (cpuMs() - start) / (runs * batch), sweeps: solves ? sweeps / solves : 0 };
}

console.log(`xbar emulator with IR drop: node ${process.version}; 256 x 256 differential PCM tile (256 x 512 cells), 0.15 ohm wires; CPU time per MVM (the machine may be shared); every figure measured in this run\n`);
for (const dac of ['voltage', 'pwm']) {
  const none = perMvm(dac, 'ir_drop = none;', 50, 1500);
  const analytic = perMvm(dac, 'ir_drop = analytic;', 50, 1500);
  const exact = perMvm(dac, 'ir_drop = exact;', 10, 3000);
  const tight = perMvm(dac, 'ir_drop = exact; ir_drop_tol = 1e-12;', 10, 3000);
  const f = (x: { ms: number; sweeps: number }) => `${(x.ms * 1000).toFixed(0).padStart(6)} us/MVM  ${(x.ms / none.ms).toFixed(1).padStart(5)}x${x.sweeps ? `  ${x.sweeps.toFixed(1)} sweeps` : ''}`;
  console.log(`8-bit ${dac} DACs`);
  console.log(`  ir_drop = none                       ${f(none)}`);
  console.log(`  ir_drop = analytic                   ${f(analytic)}`);
  console.log(`  ir_drop = exact (tol 1e-9, default)  ${f(exact)}`);
  console.log(`  ir_drop = exact, tol 1e-12           ${f(tight)}`);
  if (dac === 'pwm') {
    // the time-resolved alternative: one solve per distinct pulse length
    const r = checkText(src(dac, 'ir_drop = exact;'));
    const sim = new Simulator(r.result.design!.testbenches[0]!.target, { seed: 3, tInference: 3600 });
    sim.program('t', W);
    const net = sim.tile('t').built.input.model!.exact!.net;
    const d = dacParams(r.result.design!.testbenches[0]!.target.tiles[0]!.tile.instances.find((i) => i.name === 'dacs')!.component);
    const lengths = new Float64Array(N);
    let ms = 0;
    let solves = 0;
    const reps = 3;
    for (let k = 0; k < reps; k++) {
      pulseLengths(d, codes[k]!, lengths);
      const t0 = cpuMs();
      const pw = pwmChargePiecewise(net, codes[k]!, lengths, d.vRead, 1e-9);
      ms += cpuMs() - t0;
      solves += pw.solves;
    }
    console.log(`  piecewise in time (not used)         ${((ms / reps) * 1000).toFixed(0).padStart(6)} us/MVM  ${(ms / reps / none.ms).toFixed(1).padStart(5)}x  ${(solves / reps).toFixed(0)} solves of up to ${codeMax(d)} pulse lengths`);
  }
  console.log('');
}
