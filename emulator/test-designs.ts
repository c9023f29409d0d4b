// emulator/test-designs.ts: the small designs the emulator's timing tests share (test support;
// nothing else uses it). Their cycle counts are derived in docs/emulator.md, Timing.

/**
 * The hand-check weights of the 4x4 tiles (emulator/tile/tile.test.ts): x = e0 gives
 * y = (1, .5, 0, -.5), x = (1, 1, -1, -1) gives y = (2, 2, -2, -2), in fully-on rows.
 */
export const HAND_W = Float64Array.from([1, 0.5, 0, -0.5, 0.5, 1, -0.5, 0, 0, -0.5, 1, 0.5, -0.5, 0, 0.5, 1]);

/**
 * A 4x4 tile `name` on `clock`: 4-bit signed PWM at 1 ns per LSB (7 ns window), ideal
 * differential cells, no output noise, 6-bit flash ADCs; at 1 GHz latency 10, II 10.
 */
export function flashTile(name = 't', clock = 'clk'): string {
  return `
tile ${name} {
  clock = ${clock};
  pwm dacs[4] { bits = 4; signed = true; t_lsb = 1 ns; }
  crossbar array { rows = 4; cols = 4; cell = differential(ideal); out_noise = 0; }
  flash adcs[4] { bits = 6; out_bound = 4; }
  connect dacs -> array -> adcs;
}`;
}

/** Tile `t` at 1 GHz with `components` around a 4x4 ideal array, wired as `chain`, and a testbench. */
export function arrayTile(components: string, chain: string): string {
  return `clock clk = 1 GHz;
tile t {
  clock = clk;
  ${components}
  crossbar array { rows = 4; cols = 4; cell = differential(ideal); out_noise = 0; }
  connect ${chain};
}
testbench tb for t { run until idle; }`;
}
