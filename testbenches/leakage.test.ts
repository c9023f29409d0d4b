// Leakage: count x `leakage` (W) x the simulated time, apart from the dynamic energy, and in
// TOPS/W (total energy). The tile of emulator/chip-timing.test.ts on its own (1 GHz, flash ADC,
// no S&H, L = II = 10 cycles): k = 5 vectors driven at 0 enter at 1 ns and the last leaves at
// 1 + 10 + 4 x 10 = 51 ns; the run ends one edge later, when the last hand-over's registers
// settle (the kernel's last event), so the simulated time is T = 52 ns. With 4 ADCs at 1 mW
// and 4 DACs at 2 uW leaking: P = 4 mW + 8 uW, leakage = P T = 4.008 mW x 52 ns = 208.416 pJ.
import test from 'ava';
import { checkText } from '../test/helpers.js';
import { Simulator } from '../emulator/simulator.js';
import { summarise } from './summary.js';

const src = (dac: string, adc: string) => `
clock clk = 1 GHz;
tile t {
  clock = clk;
  pwm dacs[4] { bits = 4; signed = true; t_lsb = 1 ns;${dac} }
  crossbar array { rows = 4; cols = 4; cell = differential(ideal); out_noise = 0; }
  flash adcs[4] { bits = 6; out_bound = 4;${adc} }
  connect dacs -> array -> adcs;
}`;

function run(text: string) {
  const r = checkText(text);
  if (!r.result.design) throw new Error(r.text);
  const sim = Simulator.forDesign(r.result.design, { seed: 1, tInference: 0 });
  sim.program('t', new Float64Array(16).map((_, i) => ((i * 7) % 5) / 4 - 0.5));
  sim.drive('t', Array.from({ length: 5 }, (_, j) => [7, -3, j, 2]));
  sim.run();
  return summarise(sim, sim.tile('t'));
}

test('leakage = count x P x simulated time, apart from the dynamic energy', (t) => {
  const off = run(src('', ''));
  const on = run(src(' leakage = 2 uW;', ' leakage = 1 mW;'));
  t.is(on.simTime, 52e-9, 'the last vector leaves at 51 ns, the run ends at 52 ns');
  t.is(on.leakagePower, 4 * 1e-3 + 4 * 2e-6);
  t.is(on.leakage, (4 * 1e-3 + 4 * 2e-6) * 52e-9);
  t.true(Math.abs(on.leakage - 208.416e-12) < 1e-24, `${on.leakage}`);
  t.deepEqual(on.leakageBy.map((c) => [c.name, c.power, c.energy]), [
    ['dacs', 4 * 2e-6, 4 * 2e-6 * 52e-9],
    ['adcs', 4e-3, 4e-3 * 52e-9],
  ]);
  // The dynamic figures do not move; TOPS/W counts the total energy.
  t.is(on.energyPerMvm, off.energyPerMvm);
  t.deepEqual(on.components, off.components);
  t.is(off.leakage, 0);
  t.deepEqual(off.leakageBy, []);
  t.is(off.topsPerWatt, 32 / off.energyPerMvm! / 1e12);
  t.is(on.topsPerWatt, 32 / (on.energyPerMvm! + on.leakage / 5) / 1e12);
  t.true(on.topsPerWatt! < off.topsPerWatt!);
  t.log(`dynamic ${off.energyPerMvm! * 1e12} pJ/MVM, leakage ${on.leakage * 1e12} pJ over ${on.simTime * 1e9} ns; TOPS/W ${off.topsPerWatt!.toFixed(3)} -> ${on.topsPerWatt!.toFixed(3)}`);
});
