// The output-side non-idealities of analog-mvm.ts, on their own and through the emulator:
//   - analytic IR drop: aihwkit's formula worked by hand on a 2 x 2 ideal tile;
//   - weight read noise (aihwkit C++ formulas, periphery.md §2.4): seeded mean and variance
//     of the added noise against w_noise ||x||_2 and w_noise sqrt(Σ_i |w_il| x_i²);
//   - output nonlinearity y / (1 + |n y|), n = out_nonlinearity / out_bound of the tile's ADC;
//   - each noise keeps its own stream, and the defaults change nothing.
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { Rng } from '../random.js';
import { Simulator } from '../simulator.js';
import { analogOutputs, weightNoiseSd, type AnalogParams } from './analog-mvm.js';

const P0: AnalogParams = {
  irDrop: 'none', wireR: 0, rDriver: 0, irDropScale: 1, gRatio: Infinity, tol: 1e-9,
  wNoise: 0, wNoiseType: 'none', outNonlinearity: 0, outNoise: 0,
};

const tile = (o: { rows: number; cols: number; xbar: string; dac?: string; bound?: number }) => `
clock clk = 1 GHz;
tile t {
  clock = clk;
  ${o.dac ?? 'voltage dacs'}[${o.rows}] { bits = 8; signed = true; }
  crossbar array { rows = ${o.rows}; cols = ${o.cols}; cell = differential(ideal); ${o.xbar} }
  flash adcs[${o.cols}] { bits = 8; out_bound = ${o.bound ?? 4}; }
  connect dacs -> array -> adcs;
}
testbench tb for t { run until idle; }`;

function run(src: string, W: number[], vectors: number[][], seed = 3): Float64Array[] {
  const r = checkText(src);
  if (!r.result.design) throw new Error(r.text);
  const sim = new Simulator(r.result.design.testbenches[0]!.target, { seed, tInference: 1 });
  sim.program('t', Float64Array.from(W));
  const out: Float64Array[] = [];
  sim.tile('t').built.input.tap = (v) => out.push(v.slice());
  sim.drive('t', vectors);
  sim.run();
  return out;
}

test('analytic IR drop: the emulator applies aihwkit\'s formula, worked by hand on a 2 x 2 tile', (t) => {
  // ideal devices (g_max 25 uS), wire_r 10 kohm: ir_drop_g_ratio = 1 / (wire_r g_max) = 4.
  // W = [[1, -0.5], [0.5, 1]] (rows x cols), codes [127, 42] -> x = [1, 42/127].
  const src = tile({ rows: 2, cols: 2, xbar: 'out_noise = 0; ir_drop = analytic; wire_r = 10 kohm;' }).replace('voltage dacs', 'voltage dacs');
  const [y] = run(src, [1, -0.5, 0.5, 1], [[127, 42]]);
  const x1 = 42 / 127;
  const n = 2;
  const gRatio = 4;
  // x'_j = x_j (1 - (1 - j/n)^2): x'_0 = 0, x'_1 = x1 * 3/4
  const xp1 = x1 * 0.75;
  const lane = (w0: number, w1: number) => {
    const a = (n * (Math.abs(w0) * 1 + Math.abs(w1) * x1)) / gRatio;
    const c = a * (0.05 * a * a - 0.2 * a + 0.5);
    return w0 * 1 + w1 * x1 - 1 * c * (w1 * xp1);
  };
  // column 0: w = (1, 0.5); column 1: w = (-0.5, 1)
  t.true(Math.abs(y![0]! - lane(1, 0.5)) < 1e-6, `${y![0]} vs ${lane(1, 0.5)}`);
  t.true(Math.abs(y![1]! - lane(-0.5, 1)) < 1e-6, `${y![1]} vs ${lane(-0.5, 1)}`);
  // by hand for column 0: a = 2 (1 + 0.5 * 0.3307) / 4 = 0.58268, c = 0.23338,
  // y = 1.16535 - 0.23338 * 0.5 * 0.24803 = 1.13641
  t.true(Math.abs(y![0]! - 1.13641) < 1e-5, `${y![0]}`);
  // ir_drop_scale scales the correction
  const [y2] = run(src.replace('ir_drop = analytic;', 'ir_drop = analytic; ir_drop_scale = 2;'), [1, -0.5, 0.5, 1], [[127, 42]]);
  t.true(Math.abs(y2![0]! - (1 + 0.5 * x1) + 2 * (1 + 0.5 * x1 - y![0]!)) < 1e-6);
});

for (const type of ['additive_constant', 'pcm_read'] as const) {
  test(`w_noise ${type}: seeded mean and variance of the added noise match the formula`, (t) => {
    const rows = 8;
    const lanes = 4;
    const wT = Float32Array.from({ length: rows * lanes }, (_, k) => Math.sin(k * 1.7) * 0.9);
    const x = Float64Array.from({ length: rows }, (_, i) => Math.cos(i * 0.9));
    const p: AnalogParams = { ...P0, wNoise: 0.1, wNoiseType: type };
    const sd = new Float64Array(lanes);
    weightNoiseSd(p, wT, rows, x, sd);
    // the formula, written out
    for (let l = 0; l < lanes; l++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += type === 'pcm_read' ? Math.abs(wT[l * rows + i]!) * x[i]! ** 2 : x[i]! ** 2;
      t.true(Math.abs(sd[l]! - 0.1 * Math.sqrt(s)) < 1e-12);
    }
    const N = 40000;
    const sum = new Float64Array(lanes);
    const sum2 = new Float64Array(lanes);
    const wRng = new Rng(17);
    const outRng = new Rng(18);
    for (let k = 0; k < N; k++) {
      const y = new Float64Array(lanes).fill(1);
      analogOutputs(p, y, { wT, rows, x, outBound: 4, outRng, wRng });
      for (let l = 0; l < lanes; l++) {
        sum[l]! += y[l]! - 1;
        sum2[l]! += (y[l]! - 1) ** 2;
      }
    }
    for (let l = 0; l < lanes; l++) {
      const mean = sum[l]! / N;
      const variance = sum2[l]! / N - mean * mean;
      const s2 = sd[l]! ** 2;
      // mean within 4 standard errors; variance within 4 sigma of its estimate (sqrt(2/N) relative)
      t.true(Math.abs(mean) < (4 * sd[l]!) / Math.sqrt(N), `lane ${l}: mean ${mean}`);
      t.true(Math.abs(variance / s2 - 1) < 4 * Math.sqrt(2 / N), `lane ${l}: variance ${variance} vs ${s2}`);
    }
  });
}

test('w_noise through the emulator: its own stream (the output noise is unchanged), sd w_noise ||x||_2', (t) => {
  const rows = 16;
  const cols = 16;
  const W = Array.from({ length: rows * cols }, (_, k) => Math.sin(k * 0.7));
  const vectors = Array.from({ length: 40 }, (_, v) => Array.from({ length: rows }, (_, i) => Math.round(127 * Math.sin((v + 1) * (i + 2) * 0.31))));
  const base = tile({ rows, cols, xbar: 'out_noise = 0.06;', bound: 16 });
  const a = run(base, W, vectors);
  const b = run(base.replace('out_noise = 0.06;', 'out_noise = 0.06; w_noise = 0.05; w_noise_type = additive_constant;'), W, vectors);
  let z2 = 0;
  let n = 0;
  for (let v = 0; v < vectors.length; v++) {
    const norm = Math.sqrt(vectors[v]!.reduce((s, c) => s + (c / 127) ** 2, 0));
    for (let l = 0; l < cols; l++) {
      z2 += ((b[v]![l]! - a[v]![l]!) / (0.05 * norm)) ** 2;
      n++;
    }
  }
  t.true(Math.abs(z2 / n - 1) < 4 * Math.sqrt(2 / n), `normalised variance ${z2 / n} over ${n} draws`);
  // w_noise with type none is off (aihwkit: the type selects the formula)
  const c = run(base.replace('out_noise = 0.06;', 'out_noise = 0.06; w_noise = 0.05;'), W, vectors);
  t.deepEqual(c, a);
});

test('output nonlinearity: y / (1 + |n y|) with n = out_nonlinearity / the ADC\'s out_bound, before the output noise', (t) => {
  const rows = 8;
  const cols = 8;
  const W = Array.from({ length: rows * cols }, (_, k) => Math.cos(k * 1.3));
  const vectors = [Array.from({ length: rows }, (_, i) => 127 - 20 * i), Array.from({ length: rows }, (_, i) => -90 + 25 * i)];
  const base = tile({ rows, cols, xbar: 'out_noise = 0;', bound: 4 });
  const lin = run(base, W, vectors);
  const nl = run(base.replace('out_noise = 0;', 'out_noise = 0; out_nonlinearity = 0.5;'), W, vectors);
  for (let v = 0; v < vectors.length; v++) {
    for (let l = 0; l < cols; l++) {
      const y = lin[v]![l]!;
      t.true(Math.abs(nl[v]![l]! - y / (1 + Math.abs((0.5 / 4) * y))) < 1e-12, `vector ${v} lane ${l}`);
    }
  }
  // at the ADC's full scale the output is compressed by 1 / (1 + out_nonlinearity)
  const p: AnalogParams = { ...P0, outNonlinearity: 0.5 };
  const y = Float64Array.of(4, -4);
  analogOutputs(p, y, { wT: new Float32Array(2), rows: 1, x: [0], outBound: 4, outRng: new Rng(1), wRng: new Rng(2) });
  t.deepEqual(Array.from(y), [4 / 1.5, -4 / 1.5]);
  // order: the nonlinearity acts on the noiseless value, then the noise is added (aihwkit finalizeOutput)
  const q: AnalogParams = { ...P0, outNonlinearity: 0.5, outNoise: 0.1 };
  const z = Float64Array.of(4);
  analogOutputs(q, z, { wT: new Float32Array(1), rows: 1, x: [0], outBound: 4, outRng: new Rng(5), wRng: new Rng(6) });
  t.true(Math.abs(z[0]! - (4 / 1.5 + 0.1 * new Rng(5).normal())) < 1e-15);
});
