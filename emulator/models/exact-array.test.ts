// ir_drop = exact in the emulator (exact-array.ts, the input stage), against independent
// references:
//   - wire_r = 0 (and 1e-9 ohm): the lanes equal today's product of the effective weights,
//     for every cell scheme (the lane map is linear and subtracts the right g_min floors);
//   - wire_r 0.15 / 2 ohm: the pre-ADC outputs of a whole emulated 16 x 16 (and 64 x 64) PCM tile equal the
//     direct banded solve of hdl-export/spice/nodal.ts on the same conductances (programmed
//     again here from the same seed), mapped to lanes by the physical column names, within 1e-6;
//   - 8-bit PWM: the emulator's one solve at the time-averaged voltages equals the charge
//     integrated piecewise in time (ir-drop/pwm.ts), and that equals a brute-force fine
//     time-step integration (a cold direct solve every t_lsb / 4);
//   - energy: Σ V I t of the solved network (equal row voltages: V Σ_p I_p t).
import test from 'ava';
import { solveCrossbar } from '../../hdl-export/spice/nodal.js';
import { checkText } from '../../test/helpers.js';
import { crossbarNetwork } from '../ir-drop/network.js';
import { pwmChargePiecewise } from '../ir-drop/pwm.js';
import { Rng } from '../random.js';
import { deviceStream, Simulator } from '../simulator.js';
import { programCrossbar } from './crossbar.js';
import { exactProduct } from './exact-array.js';
import { columnCurrents } from './physical-array.js';

const tileSrc = (o: { rows: number; cols: number; cell: string; xbar: string; dac: string; bound?: number }) => `
import "xbar/presets";
clock clk = 1 GHz;
tile t {
  clock = clk;
  ${o.dac} dacs[${o.rows}];
  crossbar array { rows = ${o.rows}; cols = ${o.cols}; cell = ${o.cell}; out_noise = 0; ${o.xbar} }
  flash adcs[${o.cols * (o.cell.startsWith('bit_sliced') ? 4 : 1)}] { bits = 8; out_bound = ${o.bound ?? 16}; }
  ${o.cell.startsWith('bit_sliced') ? `shift_add sa[${o.cols}] { slices = 4; }\n  connect dacs -> array -> adcs -> sa;` : 'connect dacs -> array -> adcs;'}
}
testbench tb for t { run until idle; }`;

function chipOf(src: string) {
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  return r.result.design.testbenches[0]!.target;
}

function crossbarOf(src: string) {
  const chip = chipOf(src);
  return chip.tiles[0]!.tile.instances.find((i) => i.name === 'array')!.component;
}

function weights(rows: number, cols: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: rows * cols }, () => 2 * rng.uniform() - 1);
}

function inputs(rows: number, seed: number, signed = true): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: rows }, () => Math.round((signed ? 2 * rng.uniform() - 1 : rng.uniform()) * 127) / 127);
}

/** The emulator's pre-ADC outputs of each vector (one slice each). */
function tapped(src: string, W: Float64Array, vectors: number[][], seed = 5): { values: Float64Array[]; ideal: Float64Array[]; energy: number; codes: unknown[] } {
  const sim = new Simulator(chipOf(src), { seed, tInference: 3600 });
  sim.program('t', W);
  const values: Float64Array[] = [];
  const ideal: Float64Array[] = [];
  sim.tile('t').built.input.tap = (v, i) => {
    values.push(v.slice());
    ideal.push(i.slice());
  };
  sim.drive('t', vectors);
  sim.run();
  const input = sim.tile('t').built.input;
  return { values, ideal, energy: input.stats.energyBy!['array']!, codes: sim.read('t').map((o) => Array.from(o.values)) };
}

const SCHEMES = ['differential(pcm_like)', 'differential(pcm_like, pairs = 2, significance = [1, 3])', 'offset(pcm_like)', 'bit_sliced(pcm_like, bits = 8, bits_per_cell = 2, encoding = offset)', 'bit_sliced(pcm_like, bits = 8, bits_per_cell = 2, encoding = differential)'];

test('wire_r = 0 and 1e-9 ohm: the exact lanes equal the product of the effective weights, every cell scheme', (t) => {
  const rows = 24;
  const cols = 6;
  for (const cell of SCHEMES) {
    for (const wire of ['0 ohm', '1e-9 ohm']) {
      const c = crossbarOf(tileSrc({ rows, cols, cell, dac: 'voltage', xbar: `ir_drop = exact; wire_r = ${wire};` }));
      const m = programCrossbar(c, weights(rows, cols, 3), new Rng(9), 3600);
      t.truthy(m.exact);
      let worst = 0;
      for (let v = 0; v < 4; v++) {
        const x = inputs(rows, 100 + v, v % 2 === 0);
        const out = new Float64Array(m.lanes);
        exactProduct(m.exact!, x, 0.2, out);
        m.kernel.x.set(x);
        m.kernel.mvm();
        let scale = 0;
        for (let l = 0; l < m.lanes; l++) scale = Math.max(scale, Math.abs(m.kernel.out[l]!));
        for (let l = 0; l < m.lanes; l++) worst = Math.max(worst, Math.abs(out[l]! - m.kernel.out[l]!) / scale);
      }
      // the kernel's weights are float32 (relative 6e-8); 1e-9 ohm wires move the lanes by ~1e-9
      t.true(worst < 1e-6, `${cell}, wire_r ${wire}: max |exact - product| / max|product| = ${worst}`);
      t.log(`${cell}, wire_r ${wire}: ${worst.toExponential(2)}`);
    }
  }
});

test('wire_r -> 0 through the whole emulator: the pre-ADC outputs and codes equal ir_drop = none', (t) => {
  const rows = 16;
  const cols = 16;
  const W = weights(rows, cols, 7);
  const vectors = [0, 1, 2].map((v) => Array.from(inputs(rows, 40 + v), (x) => Math.round(x * 127)));
  const base = tileSrc({ rows, cols, cell: 'differential(pcm_like)', dac: 'voltage', xbar: 'ir_drop = none;' });
  const none = tapped(base, W, vectors);
  const exact = tapped(base.replace('ir_drop = none;', 'ir_drop = exact; wire_r = 0 ohm;'), W, vectors);
  for (let v = 0; v < vectors.length; v++) {
    for (let l = 0; l < cols; l++) t.true(Math.abs(exact.values[v]![l]! - none.values[v]![l]!) < 1e-6 * 16, `vector ${v} lane ${l}`);
    t.deepEqual(exact.ideal[v], none.ideal[v], 'the ideal stays the ideal');
  }
  t.deepEqual(exact.codes, none.codes, 'the same ADC codes');
  t.true(Math.abs(exact.energy - none.energy) <= 1e-9 * none.energy, `array energy ${exact.energy} vs ${none.energy}`);
});

const PAIRS = 'differential(pcm_like, pairs = 2, significance = [1, 3])';
for (const [n, wire, nv, cell] of [[16, 0.15, 4, 'differential(pcm_like)'], [16, 2, 4, 'differential(pcm_like)'], [64, 0.15, 2, 'differential(pcm_like)'], [16, 2, 4, PAIRS]] as const) {
  test(`wire_r ${wire} ohm: a ${n} x ${n} PCM tile's pre-ADC outputs = nodal.ts on the same conductances, within 1e-6${cell === PAIRS ? ', 2 pairs 1:3' : ''}`, (t) => {
    const rows = n;
    const cols = n;
    const src = tileSrc({ rows, cols, cell, dac: 'voltage', xbar: `ir_drop = exact; wire_r = ${wire} ohm;` });
    const W = weights(rows, cols, 11);
    const vectors = Array.from({ length: nv }, (_, v) => Array.from(inputs(rows, 60 + v, v !== 1), (x) => Math.round(x * 127)));
    const seed = 5;
    const got = tapped(src, W, vectors, seed);
    // the same devices, programmed again as programmedTile does (same stream), kept physical
    const m = programCrossbar(crossbarOf(src), W, deviceStream(seed, 't'), 3600, { keepConductances: true });
    const a = m.physical!;
    const M = a.columns.length;
    const col = (name: string) => a.columns.findIndex((c) => c.name === name);
    const vRead = 0.2; // the voltage DAC's default v_read
    const delta = a.gMax - a.gMin;
    let worst = 0;
    let drop = 0;
    for (let v = 0; v < vectors.length; v++) {
      const volts = vectors[v]!.map((c) => (c / 127) * vRead);
      const I = solveCrossbar(rows, M, a.g, volts, wire);
      const I0 = columnCurrents(a, Float64Array.from(volts));
      // lane j: sum over its pairs k of (f_k / sum f) (I(c<j>p<k>) - I(c<j>n<k>)), by name
      const pairs = cell === PAIRS ? [['p0', 'n0', 0.25], ['p1', 'n1', 0.75]] as const : [['p', 'n', 1]] as const;
      const lane = (c: Float64Array, j: number) => pairs.reduce((s, [p, q, f]) => s + f * (c[col(`c${j}${p}`)]! - c[col(`c${j}${q}`)]!), 0) / (delta * vRead);
      const ref = Array.from({ length: cols }, (_, j) => lane(I, j));
      const scale = Math.max(...ref.map(Math.abs));
      for (let j = 0; j < cols; j++) {
        worst = Math.max(worst, Math.abs(got.values[v]![j]! - ref[j]!) / scale);
        drop = Math.max(drop, Math.abs(ref[j]! - lane(I0, j)) / scale);
      }
    }
    t.log(`max |emulator - nodal| / max|lane| = ${worst.toExponential(2)}; IR drop up to ${(drop * 100).toFixed(2)} % of the largest output`);
    t.true(worst < 1e-6, `${worst}`);
  });
}

test('8-bit PWM: one solve at the averaged voltages = the piecewise time integral = a brute-force time-stepped integral', (t) => {
  const rows = 12;
  const cols = 4;
  const src = tileSrc({ rows, cols, cell: 'differential(pcm_like)', dac: 'pwm', xbar: 'ir_drop = exact; wire_r = 2 ohm;' });
  const W = weights(rows, cols, 21);
  const codes = [127, -127, 3, 3, 64, -64, 0, 17, -90, 100, 1, -2];
  const tLsb = 1e-9; // the pwm preset default t_lsb ... taken from the DAC below
  const chip = chipOf(src);
  const dacC = chip.tiles[0]!.tile.instances.find((i) => i.name === 'dacs')!.component;
  const lsb = (dacC.params['t_lsb'] as number) ?? tLsb;
  const vRead = dacC.params['v_read'] as number;
  const got = tapped(src, W, [codes]);
  const m = programCrossbar(crossbarOf(src), W, deviceStream(5, 't'), 3600, { keepConductances: true });
  const a = m.physical!;
  const M = a.columns.length;
  const net = crossbarNetwork(rows, M, a.g, { rRow: 2, rCol: 2 });
  const lengths = codes.map((c) => Math.abs(c) * lsb);
  const pw = pwmChargePiecewise(net, codes, lengths, vRead);
  t.is(pw.solves, new Set(codes.filter((c) => c !== 0).map(Math.abs)).size);
  // brute force: a cold direct solve at the midpoint of every t_lsb / 4 step over the window
  const window = 127 * lsb;
  const dt = lsb / 4;
  const brute = new Float64Array(M);
  for (let s = 0; s * dt < window; s++) {
    const tm = (s + 0.5) * dt;
    const volts = codes.map((c, i) => (lengths[i]! > tm ? Math.sign(c) * vRead : 0));
    if (volts.every((v) => v === 0)) continue;
    const I = solveCrossbar(rows, M, a.g, volts, 2);
    for (let p = 0; p < M; p++) brute[p]! += I[p]! * dt;
  }
  const qScale = Math.max(...brute.map(Math.abs));
  let ePiece = 0;
  for (let p = 0; p < M; p++) ePiece = Math.max(ePiece, Math.abs(pw.charge[p]! - brute[p]!) / qScale);
  t.true(ePiece < 1e-9, `piecewise vs brute force ${ePiece}`);
  // the emulator's lanes: charge / (delta v_read window)
  const delta = a.gMax - a.gMin;
  const col = (name: string) => a.columns.findIndex((c) => c.name === name);
  let eEmu = 0;
  for (let j = 0; j < cols; j++) {
    const ref = (pw.charge[col(`c${j}p`)]! - pw.charge[col(`c${j}n`)]!) / (delta * vRead * window);
    eEmu = Math.max(eEmu, Math.abs(got.values[0]![j]! - ref) / Math.max(...got.values[0]!.map(Math.abs)));
  }
  t.log(`${pw.solves} solves, ${pw.sweeps} sweeps; piecewise vs brute force ${ePiece.toExponential(2)}; emulator vs piecewise ${eEmu.toExponential(2)}`);
  t.true(eEmu < 1e-8, `emulator vs piecewise ${eEmu}`);
});

test('array energy with exact IR drop (voltage DAC): Σ V I t of the solved network, below the ideal-wire energy', (t) => {
  const rows = 16;
  const cols = 8;
  const src = tileSrc({ rows, cols, cell: 'differential(pcm_like)', dac: 'voltage', xbar: 'ir_drop = exact; wire_r = 50 ohm;' });
  const W = weights(rows, cols, 31);
  const code = 100;
  const got = tapped(src, W, [Array(rows).fill(code)]);
  const none = tapped(src.replace('ir_drop = exact;', 'ir_drop = none;'), W, [Array(rows).fill(code)]);
  const m = programCrossbar(crossbarOf(src), W, deviceStream(5, 't'), 3600, { keepConductances: true });
  const a = m.physical!;
  const chip = chipOf(src);
  const dacC = chip.tiles[0]!.tile.instances.find((i) => i.name === 'dacs')!.component;
  const v = ((dacC.params['v_read'] as number) * code) / 127;
  const tConv = dacC.params['t_conv'] as number;
  // every row at the same V: the drivers deliver V Σ_i I_i = V Σ_p I_p (all current ends at the sense nodes)
  const I = solveCrossbar(rows, a.columns.length, a.g, Array(rows).fill(v), 50);
  const expected = v * I.reduce((s, x) => s + x, 0) * tConv;
  t.true(Math.abs(got.energy - expected) < 1e-9 * expected, `${got.energy} vs ${expected}`);
  t.true(got.energy < none.energy, 'the wires lower the power drawn');
  t.log(`array energy ${got.energy.toExponential(4)} J (ideal wires ${none.energy.toExponential(4)} J)`);
});

test('the resource check counts the exact network: 56 more bytes per device (E3009 names it)', (t) => {
  // 1024 x 1024 differential = 2.1e6 devices: 24 B each = 50 MB fits 100 MB; 80 B each does not
  const src = (ir: string) => tileSrc({ rows: 1024, cols: 1024, cell: 'differential(ideal)', dac: 'voltage', xbar: `ir_drop = ${ir};` });
  const budget = { maxMemoryBytes: 100 * 2 ** 20 };
  t.is(checkText(src('none'), {}, budget).codes.filter((c) => c.startsWith('E3009')).length, 0);
  const r = checkText(src('exact'), {}, budget);
  t.true(r.codes.some((c) => c.startsWith('E3009')), r.text);
  t.regex(r.text, /56 more per device of the 2\.10e\+6 with `ir_drop = exact`/);
});
