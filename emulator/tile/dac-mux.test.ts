// Time-multiplexed DACs (`mux` rows per DAC, models/dac.ts): DAC j drives rows j mux .. j mux +
// mux - 1 one after the other, each group for a full window, and the integrator or the CCO
// accumulates the groups. So the codes, the conversions and the energies are those of mux = 1,
// and the input window is mux times longer. At 1 GHz with a 4-bit PWM (7 ns window):
//   CCO:        window 1 .. 1 + 7 mux, hand-over, latch, out: latency 7 mux + 3, II 7 mux + 1
//               (mux = 1: 10 and 8, timing.test.ts; mux = 2: 17 and 15; mux = 4: 31 and 29);
//   integrator: each group lasts t_integrate = 20 ns: window 20 mux, then the hand-overs to the
//               integrator and the ADC, a 1 ns flash conversion, out: latency 20 mux + 4, II
//               20 mux + 1 (mux = 1: 24 and 21; mux = 2: 44 and 41).
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { tileTiming } from '../../hdl-export/verilog/timing.js';
import { tileArea } from '../../testbenches/area.js';
import { Simulator } from '../simulator.js';
import type { TraceSink, TraceVar } from '../trace/trace-sink.js';
import { arrayTile, HAND_W } from '../test-designs.js';

const NS = 1_000_000n;
const CCO = 'cco adcs[4] { bits = 6; out_bound = 4; }';
const INTEG = 'integrator integ[4] { t_integrate = 20 ns; } flash adcs[4] { bits = 4; out_bound = 4; }';

function design(mux: number, after: string, chain: string, dacExtra = '') {
  const src = arrayTile(`pwm dacs[4] { bits = 4; t_lsb = 1 ns; mux = ${mux}; ${dacExtra} } ${after}`, chain);
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  return r.result.design;
}

function run(mux: number, after: string, chain: string, opts: { dacExtra?: string; vectors?: number[][]; trace?: boolean } = {}) {
  const d = design(mux, after, chain, opts.dacExtra);
  const sim = Simulator.forDesign(d, { seed: 3, tInference: 0 });
  sim.program('t', HAND_W);
  sim.drive('t', opts.vectors ?? [[7, 0, 0, 0], [7, 7, -7, -7], [3, -5, 6, -1]]);
  sim.run();
  const out = sim.read('t');
  const stages = sim.tile('t').built.stages;
  const input = stages[1]!;
  return {
    codes: out.map((o) => [...o.values]),
    latency: Number((out[0]!.exitFs - out[0]!.enteredFs) / NS),
    ii: out.length > 1 ? Number((out[1]!.exitFs - out[0]!.exitFs) / NS) : null,
    energyBy: { ...input.stats.energyBy },
    energy: Object.fromEntries(stages.map((s) => [s.name.split('.').pop()!, s.stats.energy])),
    timing: tileTiming(d.tiles.find((x) => x.name === 't')!, d.clocks.find((c) => c.name === 'clk')!),
  };
}

test('CCO after the array: mux = 1, 2, 4 give the same codes; window 7 mux, latency 7 mux + 3', (t) => {
  const base = run(1, CCO, 'dacs -> array -> adcs');
  t.is(base.latency, 10);
  t.is(base.ii, 8);
  for (const mux of [2, 4]) {
    const r = run(mux, CCO, 'dacs -> array -> adcs');
    t.deepEqual(r.codes, base.codes, `mux ${mux}: same codes`);
    t.is(r.latency, 7 * mux + 3, `mux ${mux}: latency`);
    t.is(r.ii, 7 * mux + 1, `mux ${mux}: II`);
    // the same conversions (4 rows x 3 vectors of 37.5 fJ) and device conduction
    t.deepEqual(r.energyBy, base.energyBy, `mux ${mux}: DAC and array energy`);
    t.is(r.energy['adcs'], base.energy['adcs']);
    // the Verilog timing model follows: the input stage drives for 7 mux cycles
    const input = r.timing.stages.find((s) => s.timing.kind === 'input')!;
    t.deepEqual(input.timing, { kind: 'input', window: 7 * mux, slices: 1, live: false });
    t.true(input.why.some((w) => w.includes(`mux ${mux} rows`)), input.why.join('\n'));
  }
  t.true(Math.abs(base.energyBy['dacs']! / (12 * 37.5e-15) - 1) < 1e-12);
});

test('integrator: each group lasts t_integrate; latency 20 mux + 4, II 20 mux + 1, same codes and energy', (t) => {
  const chain = 'dacs -> array -> integ -> adcs';
  const base = run(1, INTEG, chain);
  const r = run(2, INTEG, chain);
  t.deepEqual([base.latency, base.ii], [24, 21]);
  t.deepEqual([r.latency, r.ii], [44, 41]);
  t.deepEqual(r.codes, base.codes);
  t.deepEqual(r.energy, base.energy);
  t.like(r.timing.stages.find((s) => s.timing.kind === 'input')!.timing, { window: 40 });
});

test('with input noise, output noise and a voltage DAC the numbers do not depend on mux', (t) => {
  const noisy = (mux: number) => {
    const src = arrayTile(
      `voltage dacs[4] { bits = 4; t_conv = 3 ns; input_noise = 0.05; mux = ${mux}; } ${INTEG}`,
      'dacs -> array -> integ -> adcs',
    ).replace('out_noise = 0', 'out_noise = 0.1');
    const r = checkText(src);
    if (!r.result.design) throw new Error(r.text);
    const sim = Simulator.forDesign(r.result.design, { seed: 11, tInference: 0 });
    sim.program('t', HAND_W);
    sim.drive('t', Array.from({ length: 6 }, (_, j) => [7 - j, j - 3, 2 * j - 7, 1]));
    sim.run();
    const st = sim.tile('t').built.stages;
    return { codes: sim.read('t').map((o) => [...o.values]), energy: st.map((s) => s.stats.energy) };
  };
  const a = noisy(1);
  const b = noisy(4);
  t.deepEqual(b.codes, a.codes);
  // voltage rows: each held for its group's window (20 ns), as with mux = 1
  t.deepEqual(b.energy, a.energy);
});

test('the area counts count / mux DACs', (t) => {
  const area = (mux: number) => tileArea(design(mux, CCO, 'dacs -> array -> adcs').tiles.find((x) => x.name === 't')!);
  const one = area(1).components.find((c) => c.name === 'dacs')!;
  const four = area(4).components.find((c) => c.name === 'dacs')!;
  t.is(one.count, 4);
  t.is(four.count, 1);
  t.is(four.area, 240e-12);
  t.is(one.area, 4 * 240e-12);
});

test('a chain that cannot accumulate the groups: E3051; a count that mux does not divide: E3052', (t) => {
  const codes = (src: string) => checkText(src).diagnostics.map((d) => d.code);
  t.deepEqual(codes(arrayTile('pwm dacs[4] { bits = 4; mux = 2; } flash adcs[4] { bits = 4; out_bound = 4; }', 'dacs -> array -> adcs')), ['E3051']);
  t.deepEqual(codes(arrayTile('pwm dacs[4] { bits = 4; mux = 2; } sample_hold sh[4]; flash adcs[4] { bits = 4; out_bound = 4; }', 'dacs -> array -> sh -> adcs')), ['E3051']);
  t.deepEqual(codes(arrayTile(`pwm dacs[4] { bits = 4; mux = 3; } ${CCO}`, 'dacs -> array -> adcs')), ['E3052']);
  t.deepEqual(codes(arrayTile(`pwm dacs[4] { bits = 4; mux = 4; } ${CCO}`, 'dacs -> array -> adcs')), []);
});

test('a traced run: the rows of group 1 rise one group window (7 ns) after those of group 0', (t) => {
  const d = design(2, CCO, 'dacs -> array -> adcs');
  const trace = new Map([['t', { lanes: new Map<string, [number, number] | null>([['dacs', [0, 4]]]) }]]);
  const sim = Simulator.forDesign(d, { seed: 3, tInference: 0, trace });
  const vars: TraceVar[] = [];
  const changes: [bigint, string, number][] = [];
  const sink: TraceSink = {
    declare: (v) => void vars.push(...v),
    change: (at, id, value) => void changes.push([at, vars[id]!.name, Number(value)]),
    advance: () => {},
    close: () => {},
  };
  sim.kernel.attachTrace(sink, { version: 'test' });
  sim.program('t', HAND_W);
  sim.drive('t', [[7, 3, -7, -2]]);
  sim.run();
  const volts = (name: string) => changes.filter((c) => c[1] === name).map(([at, , v]) => [Number(at / NS), Math.round(v * 100) / 100]);
  // the window starts at edge 1: lanes 0 and 2 (group 0) pulse from 1 for |c| ns, lanes 1 and
  // 3 (group 1) from 1 + 7 = 8
  t.deepEqual(volts('v_0'), [[1, 0.3], [8, 0]]);
  t.deepEqual(volts('v_1'), [[8, 0.3], [11, 0]]);
  t.deepEqual(volts('v_2'), [[1, -0.3], [8, 0]]);
  t.deepEqual(volts('v_3'), [[8, -0.3], [10, 0]]);
  t.deepEqual(sim.read('t').map((o) => [...o.values]), run(1, CCO, 'dacs -> array -> adcs', { vectors: [[7, 3, -7, -2]] }).codes);
});
