// Word-line switchings and integration steps per input slice (models/pulse-events.ts).
import test from 'ava';
import { integrationSteps, rowSwitches, sliceBits, wordLineEnergy } from './pulse-events.js';
import type { DacParams } from './dac.js';

const base = { signed: true, vRead: 0.5, inputNoise: 0, tLsb: 1e-9, phases: 1, eConv: 0, tConv: 1e-9, power: 0, tCycle: 10e-9, mux: 1, errors: { inl: null, inlSigma: 0, tSkew: 0, tJitter: 0 } };
// NeuRRAM 10b out / 8b in, 2-phase: 7 magnitude bits, 4 per slice (slices of 4 and 3 bits)
const serial = (tPulse: number): DacParams => ({ ...base, kind: 'bit_serial', bits: 8, bitsPerCycle: 4, tPulse });
const pwm: DacParams = { ...base, kind: 'pwm', bits: 8, bitsPerCycle: 1, tPulse: 0 };

test('sliceBits: a bit-serial DAC\'s last slice holds the remaining bits (7 = 4 + 3); PWM: all magnitude bits', (t) => {
  t.deepEqual([0, 1, 2].map((s) => sliceBits(serial(10e-9), s)), [4, 3, 0]);
  t.is(sliceBits(pwm, 0), 7);
});

test('rowSwitches pulse: |d| for a pulsed bit-serial DAC, 1 per nonzero digit or code otherwise', (t) => {
  const d = (k: number) => k / 15; // digit k of a 4-bit slice, normalised
  t.deepEqual([0, 1, -7, 15].map((k) => rowSwitches(serial(10e-9), 'pulse', d(k), 0)), [0, 1, 7, 15]);
  t.deepEqual([0, 1, -7, 15].map((k) => rowSwitches(serial(0), 'pulse', d(k), 0)), [0, 1, 1, 1]);
  t.deepEqual([0, 3 / 127, -1].map((x) => rowSwitches(pwm, 'pulse', x, 0)), [0, 1, 1]);
});

test('rowSwitches bit: the slice\'s input bits whatever the value (4 then 3; 7 for an 8-bit PWM code)', (t) => {
  t.is(rowSwitches(serial(10e-9), 'bit', 0, 0), 4);
  t.is(rowSwitches(serial(10e-9), 'bit', 5 / 15, 1), 3);
  t.is(rowSwitches(pwm, 'bit', 0, 0), 7);
});

test('wordLineEnergy: switchings x e_wl over the rows; 0 without e_wl', (t) => {
  const x = [0, 1 / 15, -7 / 15, 1];
  t.true(Math.abs(wordLineEnergy({ eWl: 2e-12, per: 'pulse' }, serial(10e-9), x, 0) / (23 * 2e-12) - 1) < 1e-12);
  t.true(Math.abs(wordLineEnergy({ eWl: 2e-12, per: 'bit' }, serial(10e-9), x, 1) / (4 * 3 * 2e-12) - 1) < 1e-12);
  t.is(wordLineEnergy({ eWl: 0, per: 'pulse' }, serial(10e-9), x, 0), 0);
});

test('integrationSteps: 2^k - 1 pulse slots per k-bit slice of a pulsed DAC (15 + 7 = 22, CiMLoop), else 1', (t) => {
  t.deepEqual([0, 1].map((s) => integrationSteps(serial(10e-9), s)), [15, 7]);
  t.deepEqual([0, 1].map((s) => integrationSteps(serial(0), s)), [1, 1]);
  t.is(integrationSteps(pwm, 0), 1);
});
