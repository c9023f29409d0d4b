// emulator/tile/pulsed-tile.ts: the NeuRRAM-like 4 x 2 tile the pulsed-input and the word-line /
// neuron-energy tests share (test support; nothing else uses it). 100 MHz; 4-bit signed
// bit-serial DACs with 3 magnitude bits in one slice (a digit is 7 integration steps of 10 ns
// at most), 0.5 V; ideal differential cells of 1 uS / 4 uS; a 70 ns integrator; 6-bit ADCs
// (out_bound 4); shift-and-add. Every weight is 1 and one vector [7, -3, 0, 5] is driven.
import { checkText } from '../../test/helpers.js';
import { Simulator } from '../simulator.js';

export interface PulsedTileParts {
  /** Extra DAC parameters (e.g. `t_pulse = 10 ns;`). */
  dacs: string;
  crossbar?: string;
  integ?: string;
  /** The ADC declaration's kind and parameters, e.g. `flash adcs[2] { bits = 6; out_bound = 4; }`. */
  adcs: string;
}

/** The tile with `parts`, programmed with weights 1, after the vector [7, -3, 0, 5] has run. */
export function runPulsedTile(parts: PulsedTileParts): Simulator {
  const src = `clock clk = 100 MHz;
device d : ideal { g_min = 1 uS; g_max = 4 uS; }
tile t {
  clock = clk;
  bit_serial dacs[4] { bits = 4; bits_per_cycle = 3; t_cycle = 10 ns; v_read = 0.5 V; ${parts.dacs} }
  crossbar array { rows = 4; cols = 2; cell = differential(d); out_noise = 0; ${parts.crossbar ?? ''} }
  integrator integ[2] { t_integrate = 70 ns; ${parts.integ ?? ''} }
  ${parts.adcs}
  shift_add sa[2];
  connect dacs -> array -> integ -> adcs -> sa;
}
testbench tb for t { run until idle; }`;
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  const sim = Simulator.forDesign(r.result.design, { seed: 1, tInference: 0 });
  sim.program('t', new Float64Array(8).fill(1));
  sim.drive('t', [[7, -3, 0, 5]]);
  sim.run();
  return sim;
}
