// DAC errors through a whole tile (emulator/tile/input-stage.ts with models/dac-errors.ts): the
// codes a run reports against the row inputs the errors give, computed by hand.
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import type { ChipIR } from '../../dsl/ir/nodes.js';
import { roundHalfEven } from '../models/quantize.js';
import { Simulator } from '../simulator.js';

function chipOf(src: string): ChipIR {
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  return r.result.design.testbenches[0]!.target;
}

const W = [1, 0.5, 0, -0.5, 0.5, 1, -0.5, 0, 0, -0.5, 1, 0.5, -0.5, 0, 0.5, 1]; // rows x cols
const VECTORS = [[7, 0, 0, 0], [1, 2, 3, 4], [-3, 5, 2, -6], [4, -4, 0, 3]];
const STEP = 8 / 62; // 6-bit ADC, out_bound 4

const TINY = (dac: string, kind = 'pwm', extra = 't_lsb = 1 ns;') => `
clock clk = 1 GHz;
tile t {
  clock = clk;
  ${kind} dacs[4] { bits = 4; ${extra} ${dac} }
  crossbar array { rows = 4; cols = 4; cell = differential(ideal); out_noise = 0; }
  flash adcs[4] { bits = 6; out_bound = 4; }
  connect dacs -> array -> adcs;
}
testbench tb for t { run until idle; }`;

function run(src: string, seed = 1) {
  const sim = new Simulator(chipOf(src), { seed, tInference: 0 });
  sim.program('t', Float64Array.from(W));
  sim.drive('t', VECTORS);
  sim.run();
  return sim.read('t');
}

/** Codes of y = sum_i x_i W[i][j] for row inputs x. */
const codesOf = (x: number[]) => [0, 1, 2, 3].map((j) => {
  const y = x.reduce((s, xi, i) => s + xi * W[i * 4 + j]!, 0);
  return Math.max(-31, Math.min(31, roundHalfEven(y / STEP))) || 0;
});

test('PWM edge skew: every nonzero pulse is t_skew longer, its charge t_skew / t_lsb LSB larger', (t) => {
  const out = run(TINY('t_skew = 250 ps;'));
  const ideal = run(TINY(''));
  for (let v = 0; v < VECTORS.length; v++) {
    const x = VECTORS[v]!.map((c) => (c === 0 ? 0 : Math.sign(c) * Math.min(7, Math.abs(c) + 0.25) / 7));
    t.deepEqual([...out[v]!.values], codesOf(x), `vector ${v}`);
    t.deepEqual([...out[v]!.ideal], [...ideal[v]!.ideal], 'the ideal does not change');
    t.is(out[v]!.exitFs, ideal[v]!.exitFs, 'the same timing');
  }
  t.notDeepEqual(out.map((o) => [...o.values]), ideal.map((o) => [...o.values]), 'the skew moves some codes');
});

test('voltage DAC INL table: code c drives (c + inl[c]) / c_max', (t) => {
  // 4-bit signed: codes -7 .. 7, 15 values
  const inl = Array.from({ length: 15 }, (_, i) => (i % 3 === 0 ? 0.3 : i % 3 === 1 ? -0.2 : 0));
  const out = run(TINY(`inl = [${inl.join(', ')}];`, 'voltage', ''));
  for (let v = 0; v < VECTORS.length; v++) {
    const x = VECTORS[v]!.map((c) => (c + inl[c + 7]!) / 7);
    t.deepEqual([...out[v]!.values], codesOf(x), `vector ${v}`);
  }
  t.notDeepEqual(out.map((o) => [...o.values]), run(TINY('', 'voltage', '')).map((o) => [...o.values]), 'the INL moves some codes');
});

test('random DAC profiles and jitter are reproducible from the seed', (t) => {
  const a = run(TINY('t_jitter = 100 ps;'), 3).map((o) => [...o.values]);
  t.deepEqual(run(TINY('t_jitter = 100 ps;'), 3).map((o) => [...o.values]), a);
  const v = run(TINY('inl_sigma = 0.3;', 'voltage', ''), 3).map((o) => [...o.values]);
  t.deepEqual(run(TINY('inl_sigma = 0.3;', 'voltage', ''), 3).map((o) => [...o.values]), v);
});
