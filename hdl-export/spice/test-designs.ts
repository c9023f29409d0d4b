// hdl-export/spice/test-designs.ts: designs and inputs shared by the tests that run the SPICE
// export in ngspice (hdl-export/spice/engine.test.ts, emulator/ir-drop/ngspice.test.ts); not
// part of the exporter.
import { Rng } from '../../emulator/random.js';

/** A 64 x 64 tile `t64` of differential PCM-like cells (64 x 128 physical; programming noise, drift, read noise). */
export const T64 = (wire: string): string => `
clock clk = 1 GHz;
device pcm64 : pcm_like { g_max = 25 uS; }
dac v8 : voltage { bits = 8; signed = true; v_read = 0.2 V; }
tile t64 {
  clock = clk;
  v8 dacs[64];
  crossbar array { rows = 64; cols = 64; cell = differential(pcm64); wire_r = ${wire}; }
  flash adcs[64];
  connect dacs -> array -> adcs;
}
testbench tb for t64 { seed = 11; t_inference = 1 h; program t64 with random_weights(-1, 1); run until idle; }
`;

/** `n` seeded DAC codes in lo..hi. */
export function codes(n: number, lo: number, hi: number, seed: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.int(lo, hi));
}
