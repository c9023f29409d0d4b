// PWM phases (HERMES 1-phase vs 4-phase mode, chips.md §3): the window holds `phases`
// modulation cycles, each device conducts in one of them.
import test from 'ava';
import { pulseLengths, windowOf, type DacParams } from './dac.js';

const pwm = (phases: number): DacParams => ({
  kind: 'pwm', bits: 8, signed: true, vRead: 0.3, inputNoise: 0, tLsb: 1e-9, phases, eConv: 0, tConv: 0, power: 0,
  bitsPerCycle: 1, tCycle: 0, errors: { inl: null, inlSigma: 0, tSkew: 0, tJitter: 0 },
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
