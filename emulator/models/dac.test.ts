// PWM phases (HERMES 1-phase vs 4-phase mode, chips.md §3): the window holds `phases`
// modulation cycles, each device conducts in one of them.
import test from 'ava';
import { pulseLengths, rowEnergy, windowOf, type DacParams } from './dac.js';

const pwm = (phases: number): DacParams => ({
  kind: 'pwm', bits: 8, signed: true, vRead: 0.3, inputNoise: 0, tLsb: 1e-9, phases, eConv: 0, tConv: 0, power: 0,
  bitsPerCycle: 1, tCycle: 0, tPulse: 0, mux: 1, errors: { inl: null, inlSigma: 0, tSkew: 0, tJitter: 0 },
});

test('PWM window: c_max t_lsb per phase (127 ns 1-phase, 508 ns 4-phase for 8-bit signed at 1 ns)', (t) => {
  t.is(windowOf(pwm(1)), 127e-9);
  t.is(windowOf(pwm(4)), 508e-9);
});

test('PWM conduction per device is |c| t_lsb whatever the phases (array energy does not scale with them)', (t) => {
  const codes = [0, 1, -5, 127, -127];
  const a = new Float64Array(codes.length);
  const b = new Float64Array(codes.length);
  pulseLengths(pwm(1), codes, a);
  pulseLengths(pwm(4), codes, b);
  t.deepEqual([...a], [0, 1e-9, 5e-9, 127e-9, 127e-9]);
  t.deepEqual([...b], [...a]);
});

const bitSerial = (tPulse: number): DacParams => ({
  kind: 'bit_serial', bits: 6, signed: true, vRead: 0.5, inputNoise: 0, tLsb: 0, phases: 1, eConv: 0, tConv: 0, power: 0,
  bitsPerCycle: 5, tCycle: 10e-9, tPulse, mux: 1, errors: { inl: null, inlSigma: 0, tSkew: 0, tJitter: 0 },
});

test('rowEnergy: a held level is (x v)^2 G t_window; t_pulse > 0 gives v^2 G t_pulse |d| (NeuRRAM)', (t) => {
  // digit -12 of 31 (5 bits per cycle): x = -12/31, 4 uS row, 0.5 V, 31 x 270 ns window
  const x = -12 / 31;
  t.true(Math.abs(rowEnergy(bitSerial(0), x, 0.5, 4e-6, 31 * 270e-9) / ((x * 0.5) ** 2 * 4e-6 * 31 * 270e-9) - 1) < 1e-12);
  t.true(Math.abs(rowEnergy(bitSerial(10e-9), x, 0.5, 4e-6, 31 * 270e-9) / (0.25 * 4e-6 * 10e-9 * 12) - 1) < 1e-12);
  t.is(rowEnergy(bitSerial(10e-9), 0, 0.5, 4e-6, 1e-6), 0);
});
