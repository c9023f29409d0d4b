// ADC banks shared between tiles (the chip's `adc_share`, shared-adc.ts), against hand counts.
//
// Two 4x4 tiles at 1 GHz (4-bit PWM, 7 ns window), each with one SAR ADC of mux 4 at 500 MHz
// (a conversion T = 4 x 2 ns = 8 cycles), driven with k vectors at time 0; a vector enters
// at edge 1. One tile alone (timing.test.ts): without a S&H latency 17, II 17; with one
// latency 19, II 9 (8 conversions + 1 hand-over).
// Shared (adc_share = 2), without a S&H: both tokens reach the ADCs at 9; tile 0 converts
// 9..17, tile 1 waits for the bank and converts 17..25. Each tile holds its array until its
// conversion ends, so tile 1 then runs T = 8 cycles behind and its next conversions start when
// tile 0's end (II 17 > 2 T): only its first vector waits.
//   exit(0, j) = 1 + 17 + 17 j,  exit(1, j) = exit(0, j) + T;  tile 1's ADC stalls T in all.
// With a S&H the bank is the bottleneck and converts back to back: conversions end at
// 19 + 8 n, alternating tiles, so II = 2 T = 16:
//   exit(0, j) = 1 + 19 + 16 j,  exit(1, j) = exit(0, j) + T.
// Tile 0's token j >= 1 enters its ADC at 20 + 16 (j - 1) (its previous conversion ended at
// 19 + 16 (j - 1), ready, taken at the next edge) and waits until 27 + 16 (j - 1): 7 cycles;
// tile 1 waits T = 8 for its first and 7 for each later one: stall(0) = 7 (k - 1), stall(1) =
// 8 + 7 (k - 1) cycles.
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { chipArea } from '../../testbenches/area.js';
import { Simulator } from '../simulator.js';
import { HAND_W } from '../test-designs.js';

const NS = 1_000_000n;

function source(hold: boolean, share: number, tiles = 2, adc = 'sar adcs[1] { bits = 6; mux = 4; f_sample = 500 MHz; out_bound = 4; }', adc1 = adc) {
  const tile = (name: string, a: string) => `
tile ${name} {
  pwm dacs[4] { bits = 4; t_lsb = 1 ns; }
  crossbar array { rows = 4; cols = 4; cell = differential(ideal); out_noise = 0; }
  ${hold ? 'sample_hold sh[4];' : ''}
  ${a}
  connect dacs -> array -> ${hold ? 'sh -> ' : ''}adcs;
}`;
  return `clock clk = 1 GHz;
${tile('t', adc)}
${adc1 === adc ? '' : tile('u', adc1)}
chip c {
  clock = clk;
  adc_share = ${share};
  t p[${tiles}];
  ${adc1 === adc ? '' : 'u q;'}
}`;
}

function run(hold: boolean, share: number, k: number) {
  const r = checkText(source(hold, share));
  if (!r.result.design) throw new Error(r.text);
  const chip = r.result.design.chips[0]!;
  const sim = new Simulator(chip, { seed: 1, tInference: 0 });
  const vectors = Array.from({ length: k }, (_, j) => [7, 7 - j, -7, j - 7]);
  for (const p of ['p[0]', 'p[1]']) {
    sim.program(p, HAND_W);
    sim.drive(p, vectors);
  }
  sim.run();
  const tile = (p: string) => ({
    exits: sim.read(p).map((o) => Number(o.exitFs / NS)),
    codes: sim.read(p).map((o) => [...o.values]),
    stall: Object.fromEntries(sim.tile(p).built.stages.filter((s) => !s.name.endsWith('.source')).map((s) => [s.name.split('.').pop()!, Number(s.stats.stallFs / NS)])),
  });
  return { a: tile('p[0]'), b: tile('p[1]'), banks: sim.adcBanks };
}

const T = 8;

test('two tiles share one SAR bank, no S&H: the second tile\'s results come exactly T = 8 cycles later', (t) => {
  const k = 5;
  const r = run(false, 2, k);
  const want0 = Array.from({ length: k }, (_, j) => 1 + 17 + 17 * j);
  t.deepEqual(r.a.exits, want0);
  t.deepEqual(r.b.exits, want0.map((e) => e + T));
  t.deepEqual(r.b.codes, r.a.codes, 'the same numbers');
  t.is(r.a.stall['adcs'], 0);
  t.is(r.b.stall['adcs'], T, 'only the first vector waits');
  t.is(r.banks.length, 1);
  t.deepEqual(r.banks[0]!.grants, [k, k]);
  t.deepEqual(r.banks[0]!.waitedFs, [0n, BigInt(T) * NS]);
  // unshared: both tiles at the single-tile count
  const own = run(false, 1, k);
  t.deepEqual(own.a.exits, want0);
  t.deepEqual(own.b.exits, want0);
  t.is(own.banks.length, 0);
});

test('with a S&H the shared bank converts back to back: II = 2 T, the second tile T later', (t) => {
  for (const k of [1, 2, 5]) {
    const r = run(true, 2, k);
    const want0 = Array.from({ length: k }, (_, j) => 1 + 19 + 16 * j);
    t.deepEqual(r.a.exits, want0, `k = ${k}`);
    t.deepEqual(r.b.exits, want0.map((e) => e + T), `k = ${k}`);
    t.is(r.a.stall['adcs'], 7 * (k - 1), `tile 0 waits 7 cycles per vector after the first (k = ${k})`);
    t.is(r.b.stall['adcs'], T + 7 * (k - 1), `k = ${k}`);
    t.deepEqual(r.b.codes, r.a.codes);
  }
  // unshared, the same tiles run at II 9
  t.deepEqual(run(true, 1, 3).a.exits, [20, 29, 38]);
});

test('adc_share groups the tiles k at a time in chip order; the area counts one bank per group', (t) => {
  const area = (share: number, tiles: number) => {
    const r = checkText(source(false, share, tiles));
    if (!r.result.design) throw new Error(r.text);
    const chip = r.result.design.chips[0]!;
    const sim = new Simulator(chip, { seed: 1, tInference: 0 });
    return { area: chipArea(chip), banks: sim.adcBanks.map((b) => b.tiles) };
  };
  const one = area(1, 5);
  const shared = area(2, 5);
  t.deepEqual(shared.banks, [['p[0]', 'p[1]'], ['p[2]', 'p[3]']], 'the last tile alone keeps its own bank');
  const adc = (a: typeof one) => a.area.components.find((c) => c.name === 'adcs')!.area;
  // 5 banks of one SAR -> 3 physical banks
  t.true(Math.abs(adc(shared) / adc(one) - 3 / 5) < 1e-12, `${adc(shared)} vs ${adc(one)}`);
  t.true(Math.abs(one.area.area - shared.area.area - 2 * (adc(one) / 5)) < 1e-18);
  t.is(shared.area.tiles[1]!.area, one.area.tiles[1]!.area - adc(one) / 5, 'the bank is counted with the first tile of its group');
});

test('grouped tiles whose ADC banks differ: E3053 (kind or parameters), E3054 (size)', (t) => {
  const codes = (src: string) => checkText(src).diagnostics.map((d) => d.code);
  const sar = 'sar adcs[1] { bits = 6; mux = 4; f_sample = 500 MHz; out_bound = 4; }';
  t.deepEqual(codes(source(false, 2, 1, sar, 'flash adcs[4] { bits = 6; out_bound = 4; }')), ['E3053']);
  t.deepEqual(codes(source(false, 2, 1, sar, 'sar adcs[1] { bits = 8; mux = 4; f_sample = 500 MHz; out_bound = 4; }')), ['E3053']);
  const wide = `tile u {
  pwm dacs[4] { bits = 4; t_lsb = 1 ns; }
  crossbar array { rows = 4; cols = 8; cell = differential(ideal); out_noise = 0; }
  ${sar.replace('adcs[1]', 'adcs[2]')}
  connect dacs -> array -> adcs;
}`;
  t.deepEqual(codes(source(false, 2, 1).replace('chip c', `${wide}\nchip c`).replace('t p[1];', 't p[1];\n  u q;')), ['E3054']);
  // not grouped together (adc_share = 1): no check
  t.deepEqual(codes(source(false, 1, 1, sar, 'flash adcs[4] { bits = 6; out_bound = 4; }')), []);
  t.deepEqual(codes(source(false, 2, 3)), []);
});
