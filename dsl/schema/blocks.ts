// dsl/schema/blocks.ts: parameters of the structural blocks: tile, chip, link and testbench.
import { def, duration, int, quantity, type Schema } from './types.js';

export const tile: Schema = {
  clock: { type: { k: 'clock' }, doc: 'Clock of the tile\'s controller; unset: the chip\'s clock.' },
};

export const chip: Schema = {
  clock: { type: { k: 'clock' }, doc: 'Default clock for the tiles that do not name one.' },
};

export const link: Schema = {
  width: int('Bits moved per cycle.', { default: def('256'), range: { min: 1, max: 1 << 20 }, source: 'ISAAC 256-bit router port (periphery.md §2.5)' }, 'bits'),
  latency: duration('Time from send to receive; 0 makes the link combinational.', {
    default: def('1 cycles'), range: { min: 0 },
  }),
  e_bit: quantity('energyPerBit', 'Energy per bit moved.', {
    default: def('81 fJ/bit'), range: { min: 0 }, source: 'ISAAC router, 20.74 pJ per 256-bit hop (periphery.md §2.5)',
  }),
};

export const testbench: Schema = {
  seed: int('Seed of every random draw in the run (weights, codes, device noise).', {
    default: def('1'), range: { min: 0, max: 2 ** 32 - 1 },
  }),
  t_inference: quantity('time', 'Time since programming at which the chip is read (drift).', {
    default: def('0 s'), range: { min: 0 }, source: 'aihwkit t_inference (devices.md §1.2)',
  }),
  timeout: quantity('time', 'Simulated-time limit for `run until idle`.', {
    default: def('1 s'), range: { min: 0, minExclusive: true },
  }),
};
