// dsl/schema/periphery.ts: the crossbar array and the analog and digital periphery around it:
// sample_hold, integrator, shift_add, digital (affine + activation), buffer kinds fifo and edram.
// Sources: ../shared/reference/periphery.md and devices.md.
import { bool, choice, def, duration, int, quantity, type Schema } from './types.js';

export const crossbar: Schema = {
  rows: int('Word lines (inputs): one DAC per row.', { required: true, range: { min: 1, max: 65536 } }),
  cols: int('Weight columns (outputs), before the cell scheme adds pairs, slices or a reference column.', {
    required: true, range: { min: 1, max: 65536 },
  }),
  cell: { type: { k: 'cell' }, doc: 'How a weight is stored: `differential(dev)`, `offset(dev)` or `bit_sliced(dev, ...)`.', required: true },
  cell_area: quantity('area', 'Area of one memory device with its access circuitry; the array\'s area is rows x physical columns x cell_area (reports only).', {
    default: def('0.1296 um2'), range: { min: 0 }, source: 'IBM 90 nm PCM, 4x4 F2 at F = 90 nm (NeuroSim manual Table VI, devices.md "Device figures used by the architecture simulators")',
  }),
  e_wl: quantity('energy', 'Energy of switching one row\'s word line once (C_wl V^2 of the line and the select gates along it), charged as `wl_switch` says and reported as the component `wl_switching`.', {
    default: def('0 J'), range: { min: 0 }, source: '0: not modelled by default; NeuRRAM\'s "WL switching" part of Fig. 12b (chips.md §5.D) sets it in examples/neurram',
  }),
  wl_switch: choice(['pulse', 'bit'], 'When a row\'s word line is switched (e_wl each time): `pulse` once per read pulse the DAC applies to the row (a pulsed bit-serial DAC, t_pulse > 0: |d| per digit d; otherwise once per slice with a nonzero digit or code), `bit` once per input bit applied to the row, whatever its value.', {
    default: def('pulse'), source: 'pulse: a 1T1R row conducts only with its word line on; bit: CiMLoop\'s NeuRRAM model toggles the word lines once per input bit (chips.md §5.D)',
  }),
  wire_r: quantity('resistance', 'Row and column wire resistance per cell segment.', {
    default: def('0.15 ohm'), range: { min: 0 }, source: 'aihwkit IR-drop time model r_s = 0.15 ohm per cell (periphery.md §2.4, §2.7)',
  }),
  out_noise: quantity('none', 'Gaussian noise added to each column output before the ADC, relative to one fully-on row.', {
    default: def('0.06'), range: { min: 0 }, source: 'aihwkit IOParameters.out_noise (periphery.md §2.1)',
  }),
  ir_drop: choice(['none', 'analytic', 'exact'], 'IR-drop model: none, aihwkit\'s analytic approximation, or the exact network solution.', {
    default: def('none'), source: 'aihwkit ir_drop = 0 by default (periphery.md §2.1)',
  }),
  r_driver: quantity('resistance', 'Output resistance of each row driver, in series with the row wire (ir_drop = exact only).', {
    default: def('0 ohm'), range: { min: 0 }, source: 'ideal drivers, as both aihwkit IR-drop models assume (periphery.md §2.4)',
  }),
  ir_drop_scale: quantity('none', 'Scale of aihwkit\'s analytic correction (its `ir_drop`); the g ratio is 1 / (wire_r g_max) of this array.', {
    default: def('1'), range: { min: 0 }, source: 'aihwkit IOParameters.ir_drop: 1 applies the fitted polynomial as is (periphery.md §2.1, §2.4)',
  }),
  ir_drop_tol: quantity('none', 'Exact IR drop: stop when the estimated error is below this fraction of the largest column current.', {
    default: def('1e-9'), range: { min: 1e-15, max: 1e-3 }, source: 'solver setting (emulator/ir-drop/README.md): outputs within 1e-10 of the direct solve, ~3 sweeps per 256 x 512 MVM (docs/emulator.md)',
  }),
  w_noise: quantity('none', 'Weight read noise per MVM, in the form `w_noise_type` gives, redrawn every input slice.', {
    default: def('0'), range: { min: 0 }, source: 'aihwkit IOParameters.w_noise = 0 (periphery.md §2.1, §2.4)',
  }),
  w_noise_type: choice(['none', 'additive_constant', 'pcm_read'], 'How w_noise enters: none, w_noise ||x||_2 N(0,1), or w_noise sqrt(sum_i |w_ij| x_i^2) N(0,1) per output.', {
    default: def('none'), source: 'aihwkit IOParameters.w_noise_type = NONE (periphery.md §2.1, §2.4)',
  }),
  out_nonlinearity: quantity('none', 'S-shaped output compression y <- y / (1 + |n y|), n = out_nonlinearity / out_bound of the tile\'s ADCs.', {
    default: def('0'), range: { min: 0 }, source: 'aihwkit IOParameters.out_nonlinearity = 0 (periphery.md §2.1)',
  }),
  weight_scaling: choice(['tile', 'column'], 'max|W| maps to g_max per whole array or per column; undone digitally.', {
    default: def('tile'), source: 'aihwkit weight_scaling_columnwise = False (periphery.md §2.5)',
  }),
  drift_compensation: choice(['none', 'global', 'column'], 'Drift compensation applied digitally to the outputs: none, one factor per tile (aihwkit GlobalDriftCompensation) or one per output lane (PerColumnDriftCompensation), from one-hot read-outs at programming and at t_inference.', {
    default: def('none'), source: 'aihwkit GlobalDriftCompensation / PerColumnDriftCompensation (devices.md §1.3); off by default, as xbar runs without compensation unless asked',
  }),
  noise_management: choice(['none', 'abs_max', 'constant'], 'Per input vector, the DAC codes are divided by s (abs_max: max|c| / c_max, clamped to nm_thres if > 0; constant: nm_thres, or 1 if 0) on the DAC grid, and the ADC codes multiplied by s digitally.', {
    default: def('none'), source: 'aihwkit IOParameters.noise_management (periphery.md §2.1, §2.3; aihwkit default ABS_MAX); none keeps the codes as driven, as before',
  }),
  nm_thres: quantity('none', 'Noise management: the clamp of s for abs_max (0: no clamp), s itself for constant (0: 1); in units of the DAC full scale.', {
    default: def('0'), range: { min: 0 }, source: 'aihwkit IOParameters.nm_thres = 0 (periphery.md §2.1, §2.3)',
  }),
  bound_management: choice(['none', 'iterative'], 'iterative: if the ADC clips, drive the vector again with its codes divided by 2, 4, ... (each pass costs its window, conversion and energy), and multiply the ADC codes back digitally.', {
    default: def('none'), source: 'aihwkit IOParameters.bound_management (periphery.md §2.1, §2.3; aihwkit default ITERATIVE); none keeps one pass per vector, as before',
  }),
  max_bm_factor: int('Bound management: no retry after a pass whose factor r exceeds this.', {
    default: def('1000'), range: { min: 1 }, source: 'aihwkit IOParameters.max_bm_factor = 1000 (periphery.md §2.1, §2.3)',
  }),
  max_bm_res: quantity('none', 'Bound management: no retry after a pass whose r exceeds max_bm_res / DAC step (the step is 1 / c_max of full scale).', {
    default: def('0.25'), range: { min: 0, minExclusive: true }, source: 'aihwkit IOParameters.max_bm_res = 0.25 (periphery.md §2.1, §2.3)',
  }),
  bm_test_negative_bound: bool('Bound management: a negative overflow of the ADC also triggers a retry.', {
    default: def('true'), source: 'aihwkit IOParameters.bm_test_negative_bound = True (periphery.md §2.1)',
  }),
};

export const sample_hold: Schema = {
  t_sample: duration('Acquisition time of one sample.', {
    default: def('1 cycles'), range: { min: 0 }, source: 'one clock cycle (ISAAC S&H inside the 100 ns cycle, periphery.md §2.4)',
  }),
  power: quantity('power', 'Power of one sample-and-hold.', {
    default: def('9.7 nW'), range: { min: 0 }, source: 'ISAAC: 10 uW per 8x128 units (periphery.md §2.4)',
  }),
  area: quantity('area', 'Area of one sample-and-hold.', {
    default: def('0.04 um2'), range: { min: 0 }, source: 'ISAAC: 0.00004 mm2 per 8x128 units (periphery.md §2.4)',
  }),
  leakage: quantity('power', 'Static (leakage) power of one sample-and-hold (reported apart from dynamic energy).', {
    default: def('0 W'), range: { min: 0 }, source: '0: the reference gives no S&H leakage figure (periphery.md §2.4)',
  }),
};

export const integrator: Schema = {
  t_integrate: duration('Integration window.', {
    default: def('270 ns'), range: { min: 0, minExclusive: true }, source: 'NeuRRAM integrate 0.27 us (chips.md §3, CiMLoop)',
  }),
  e_op: quantity('energy', 'Energy per integration.', {
    default: def('0.25 pJ'), range: { min: 0 }, source: 'NeuRRAM integrator 0.25 pJ (periphery.md §2.1(g))',
  }),
  e_step: quantity('energy', 'Energy per integration step, on top of e_op: a pulsed bit-serial input (t_pulse > 0) takes 2^k - 1 steps for a k-bit slice, any other input one.', {
    default: def('0 J'), range: { min: 0 }, source: '0: e_op per integration only; CiMLoop charges NeuRRAM\'s 0.25 pJ integrator per integration step (chips.md §5.D; periphery.md §2.1(g))',
  }),
  area: quantity('area', 'Area of one integrator.', {
    default: def('350 um2'), range: { min: 0 }, source: 'NeuRRAM integrator 350 um2 (periphery.md §2.1(g))',
  }),
  leakage: quantity('power', 'Static (leakage) power of one integrator (reported apart from dynamic energy).', {
    default: def('0 W'), range: { min: 0 }, source: '0: the reference gives no integrator leakage figure (periphery.md §2.1(g))',
  }),
};

export const shift_add: Schema = {
  slices: int('Adjacent input lanes combined into one output (the weight slices of a bit-sliced cell; differential pairs are combined in the analog readout).', {
    default: def('1'), range: { min: 1, max: 64 },
  }),
  shift: int('Bits shifted between successive slices; unset: the cell scheme\'s bits per cell (1 for bit-serial inputs).', {
    range: { min: 0, max: 32 },
  }, 'bits'),
  latency: duration('Latency of one shift-and-add.', { default: def('1 cycles'), range: { min: 0 }, source: 'PUMA shift-and-add, 1 cycle (periphery.md §2.4)' }),
  e_op: quantity('energy', 'Energy per shift-and-add operation.', {
    default: def('0.05 pJ'), range: { min: 0 }, source: 'PUMA 0.05 mW at 1 GHz (periphery.md §2.4, §2.7)',
  }),
  area: quantity('area', 'Area of one unit.', { default: def('60 um2'), range: { min: 0 }, source: 'PUMA 0.00006 mm2 (periphery.md §2.4)' }),
  leakage: quantity('power', 'Static (leakage) power of one unit (reported apart from dynamic energy).', {
    default: def('0 W'), range: { min: 0 }, source: '0: leakage off by default; the reference gives PUMA 0.005 mW (periphery.md §2.4)',
  }),
};

export const affine: Schema = {
  scale: quantity('none', 'Digital scale applied to each output.', { default: def('1') }),
  offset: quantity('none', 'Digital offset added to each output (after scale).', { default: def('0') }),
  activation: choice(['none', 'relu', 'sigmoid', 'tanh'], 'Activation applied after the affine step.', { default: def('none') }),
  out_bits: int('Resolution of the digital result.', { default: def('8'), range: { min: 1, max: 32 } }, 'bits'),
  latency: duration('Pipeline latency.', { default: def('1 cycles'), range: { min: 0 } }),
  e_op: quantity('energy', 'Energy per output element.', {
    default: def('1.71 pJ'), range: { min: 0 }, source: 'PUMA ALU 2.4 mW x 32/45 at 1 GHz (periphery.md §2.4)',
  }),
};

export const fifo: Schema = {
  depth: int('Vectors the FIFO holds.', { default: def('2'), range: { min: 1, max: 65536 } }),
  latency: duration('Latency from write to read.', { default: def('1 cycles'), range: { min: 0 } }),
};

export const edram: Schema = {
  size: int('Capacity.', { default: def('524288'), range: { min: 1 }, source: 'ISAAC 64 KB eDRAM (periphery.md §2.5)' }, 'bits'),
  width: int('Bits per access.', { default: def('256'), range: { min: 1 }, source: 'ISAAC 256-bit access (periphery.md §2.5)' }, 'bits'),
  t_access: duration('Access time.', { default: def('2 cycles'), range: { min: 0 }, source: 'PUMA 64 KB eDRAM, 2-cycle access (periphery.md §2.5)' }),
  e_access: quantity('energy', 'Energy per access of `width` bits.', {
    default: def('20.45 pJ'), range: { min: 0 }, source: 'ISAAC 20.45 pJ per 256-bit access, 32 nm (periphery.md §2.5)',
  }),
  area: quantity('area', 'Area of the whole buffer.', { default: def('83000 um2'), range: { min: 0 }, source: 'ISAAC 64 KB eDRAM (periphery.md §2.5)' }),
  leakage: quantity('power', 'Static (leakage) power of the whole buffer (reported apart from dynamic energy).', {
    default: def('0 W'), range: { min: 0 }, source: '0: leakage off by default; the reference gives PUMA 0.46 mW for 64 KB (periphery.md §2.5)',
  }),
};
