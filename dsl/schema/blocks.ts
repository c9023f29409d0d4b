// dsl/schema/blocks.ts: parameters of the structural blocks: tile, chip, link and testbench.
import { choice, def, duration, int, quantity, type Schema } from './types.js';

export const tile: Schema = {
  clock: { type: { k: 'clock' }, doc: 'Clock of the tile\'s controller; unset: the chip\'s clock.' },
};

export const chip: Schema = {
  clock: { type: { k: 'clock' }, doc: 'Default clock for the tiles that do not name one.' },
  interconnect: choice(['point_to_point', 'bus', 'mesh'], 'What the links travel on: `point_to_point` (each link a private channel with its own latency and width), `bus` (one shared channel, one transfer at a time) or `mesh` (a 2-D mesh of routers with XY routing); a bus or a mesh arbitrates cycle by cycle on the chip clock.', {
    default: def('point_to_point'),
  }),
  noc_width: int('Bits per cycle of each bus or mesh channel.', {
    default: def('256'), range: { min: 1, max: 1 << 20 }, source: 'ISAAC 256-bit router port (periphery.md §2.5)',
  }, 'bits'),
  hop_latency: int('Cycles from a grant at one bus or mesh channel to the head at the next (per router hop).', {
    default: def('1'), range: { min: 1, max: 1 << 20 }, source: 'one-cycle router (assumption; PUMA reports 29 cycles end to end at injection rate 0.001, periphery.md §2.5)',
  }, 'cycles'),
  e_hop: quantity('energyPerBit', 'Energy per bit per mesh router hop.', {
    default: def('81 fJ/bit'), range: { min: 0 }, source: 'ISAAC router, 20.74 pJ per 256-bit hop (periphery.md §2.5)',
  }),
  e_bit: quantity('energyPerBit', 'Energy per bit per bus or mesh link crossed, on top of e_hop.', {
    default: def('0 fJ/bit'), range: { min: 0 }, source: 'ISAAC\'s router energy includes its links (periphery.md §2.5)',
  }),
  sync_stages: int('Synchroniser flops on a link between tiles on different clocks: a transfer is delivered at the receiving clock\'s first edge at or after its arrival plus this many receiving-clock cycles; links between tiles on the same clock have none.', {
    default: def('2'), range: { min: 1, max: 16 }, source: 'the standard two-flop synchroniser (design convention; ../shared/reference/periphery.md gives no synchroniser figure)',
  }),
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
