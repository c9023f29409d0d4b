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
  ctrl_ops_per_cycle: int('Digital operations per cycle of the global controller (adding partial sums, bias, activations) when the chip runs a network (`run network`).', {
    default: def('64'), range: { min: 1, max: 1 << 20 }, source: 'assumption: a 64-lane vector unit (../shared/reference/periphery.md gives no controller width; PUMA\'s vector unit is not sized there)',
  }),
  ctrl_e_op: quantity('energy', 'Energy per digital operation of the global controller.', {
    default: def('0.05 pJ'), range: { min: 0 }, source: 'PUMA shift-and-add, 0.05 pJ per op (periphery.md §2.4, §2.7)',
  }),
  buffer_width: int('Bits per access of the global controller\'s activation buffer (eDRAM).', {
    default: def('256'), range: { min: 1, max: 1 << 20 }, source: 'ISAAC eDRAM, 256-bit access (periphery.md §2.5)',
  }, 'bits'),
  buffer_t_access: duration('Time of one activation-buffer access.', {
    default: def('2 cycles'), range: { min: 0 }, source: 'PUMA 64 KB eDRAM, 2-cycle access (periphery.md §2.5)',
  }),
  buffer_e_access: quantity('energy', 'Energy of one activation-buffer access of `buffer_width` bits.', {
    default: def('20.45 pJ'), range: { min: 0 }, source: 'ISAAC 20.45 pJ per 256-bit eDRAM access, 32 nm (periphery.md §2.5)',
  }),
  act_bits: int('Bits of each activation the global controller stores and combines (partial sums, layer outputs).', {
    default: def('16'), range: { min: 1, max: 64 }, source: 'ISAAC: 16-bit inputs and weights, applied as 16 one-bit slices (chips.md, ISAAC)',
  }, 'bits'),
  input_depth: int('Vectors a tile\'s input holds: the global controller sends a tile a vector only when it has room (credit-based flow control).', {
    default: def('2'), range: { min: 1, max: 1024 }, source: 'assumption: double buffering (no figure in ../shared/reference)',
  }),
  adc_share: int('Tiles sharing one physical ADC bank: the tile instances, in chip order, are grouped this many at a time, and each group\'s ADC banks are one bank (the same kind and size), arbitrated cycle by cycle, first come first served (ties in chip order); a tile waiting for it stalls. 1: a bank per tile.', {
    default: def('1'), range: { min: 1, max: 4096 }, source: '1: one ADC bank per crossbar, as ISAAC and PUMA (periphery.md §2.7); sharing is a structural choice (../shared/reference gives no figure for ADCs shared between arrays)',
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
  samples: int('Test samples a `run network` step runs through the chip (the first ones of its dataset).', {
    default: def('10'), range: { min: 1, max: 100000 },
  }),
  timeout: quantity('time', 'Simulated-time limit for `run until idle`.', {
    default: def('1 s'), range: { min: 0, minExclusive: true },
  }),
};
