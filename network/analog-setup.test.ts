// How a network trains on its chip (analog-setup.ts): the device and the IO come from the tiles
// the network is placed on, the train block's backward_* settings replace the backward IO, the
// transposed read's cost follows from the forward measurement by part, and the Tiki-Taka
// transfer read is a one-hot read through the forward converters.
import test from 'ava';
import { PulsedArray } from '../emulator/pulsed/array.js';
import { pulsedPreset } from '../emulator/pulsed/presets.js';
import { Rng } from '../emulator/random.js';
import { checkText } from '../test/helpers.js';
import { AIHWKIT_IO } from './analog-io.js';
import { analogSetup, transferRead, transposedCost, type Measured } from './analog-setup.js';

const SRC = (train: string) => `import "xbar/presets";
clock clk = 1 GHz;
tile ptile {
  clock = clk;
  voltage dacs[784] { bits = 6; signed = true; }
  crossbar array { rows = 784; cols = 32; cell = offset(trainable.ecram); out_noise = 0.02; bound_management = iterative; }
  flash adcs[32] { bits = 8; out_bound = 10; }
  connect dacs -> array -> adcs;
}
chip pchip { clock = clk; ptile t[2]; }
network n on pchip {
  input = 784;
  dense fc1 { out = 32; }
  sigmoid;
  dense fc2 { out = 10; }
  train { dataset = mnist; algorithm = tiki_taka; ${train} }
}`;

function net(train = '') {
  const r = checkText(SRC(train));
  if (!r.result.design) throw new Error(r.text);
  return r.result.design.networks[0]!;
}

test('the device and the forward IO are the tiles\'; the backward IO the forward\'s without bound management, or the train block\'s', (t) => {
  const s = analogSetup(net(), 1);
  t.is(s.deviceName, 'trainable.ecram');
  t.is(s.device.rule, 'linear');
  t.is(s.device.dw_min, 0.002);
  t.deepEqual([s.forwardIO.inpRes, s.forwardIO.outRes, s.forwardIO.outBound, s.forwardIO.outNoise, s.forwardIO.boundManagement], [6, 8, 10, 0.02, 'iterative']);
  t.deepEqual([s.backwardIO.inpRes, s.backwardIO.outRes, s.backwardIO.outBound, s.backwardIO.outNoise, s.backwardIO.boundManagement], [6, 8, 10, 0.02, 'none']);
  t.is(s.algorithm.kind, 'tiki-taka');
  const b = analogSetup(net('backward_in_bits = 4; backward_out_bits = 6; backward_out_bound = 20; backward_out_noise = 0.1;'), 1).backwardIO;
  t.deepEqual([b.inpRes, b.outRes, b.outBound, b.outNoise], [4, 6, 20, 0.1]);
  // update costs: t_pulse, CiMLoop line capacitance x v_pulse^2, v_pulse^2 g_max t_pulse
  t.is(s.costs.update.tSlot, 10e-9);
  t.true(Math.abs(s.costs.update.eLinePulse - ((1.5 + 0.6) * 784 + 48) * 1e-15 * 4) < 1e-24);
  t.true(Math.abs(s.costs.update.eCoincidence - 4 * 10e-6 * 10e-9) < 1e-24);
  t.true(s.costs.forward.every((c) => c.time > 0 && c.energy > 0));
});

test('transposed read: DACs for the columns, the ADC bank for the rows, extra conversion rounds', (t) => {
  const m: Measured = { time: 20e-9, adcBusy: 4e-9, dacs: 8e-12, array: 2e-12, adcs: 3e-12, rest: 1e-12, adcCount: 32 };
  // a 128 x 16 block: forward ceil(16/32) = 1 round; backward ceil(128/32) = 4 rounds of 4 ns
  const b = transposedCost(m, 128, 16);
  t.true(Math.abs(b.time - (20e-9 + 3 * 4e-9)) < 1e-21);
  t.true(Math.abs(b.energy - (8e-12 * 16 / 128 + 2e-12 + 4e-12 * 128 / 16)) < 1e-24);
});

test('transfer read: a one-hot read of line j through the forward converters (step and clipping of the ADC)', (t) => {
  const a = new PulsedArray(4, 6, pulsedPreset('Idealized'), new Rng(3));
  a.setWeights(Float64Array.from({ length: 24 }, (_, k) => ((k * 7) % 11) / 10 - 0.5));
  const io = { ...AIHWKIT_IO, outNoise: 0 };
  const step = (2 * io.outBound) / (2 ** io.outRes - 2);
  const v = transferRead(io)(a, 2, new Rng(1));
  for (let i = 0; i < 6; i++) t.true(Math.abs(v[i]! - a.weight(2 * 6 + i)) <= step / 2 + 1e-12, `${i}`);
  const noisy = transferRead(AIHWKIT_IO)(a, 2, new Rng(1));
  t.notDeepEqual(Array.from(noisy), Array.from(v), 'output noise 0.06 changes the read');
});
