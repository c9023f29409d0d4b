// The output error of a noisy tile is what the device model predicts.
//
// A 256 x 256 differential PCM tile with a 16-bit ADC (quantisation negligible) and no output
// noise, for two device models:
//   - aihwkit's PCM-like model at t_inference = 0 (programming and read noise, no drift),
//   - the HERMES-chip model one hour after programming (programming noise, drift with a
//     per-device exponent, read noise), with the HERMES example's DACs (8-bit PWM).
// For each weight the error of (G+ - G-)/g_max has a mean and a variance that follow from the
// device formulas alone (devices.md §1.2, §1.4); this test computes them independently, by
// sampling the noise process with its own generator per conductance bin, and predicts the
// mean squared error of every column from the actual inputs. The tile's measured error must
// agree within 10 %.
import test, { type ExecutionContext } from 'ava';
import { checkText } from '../../test/helpers.js';
import { HERMES_PROG, hermesDriftMu, hermesDriftSigma, hermesQs } from '../devices/pcm-hermes.js';
import { pcmProgSigma, pcmQs, readTimeFactor } from '../devices/pcm-like.js';
import { Simulator } from '../simulator.js';

const src = (dac: string, device: string) => `
import "xbar/presets";
clock clk = 1 GHz;
tile t {
  clock = clk;
  ${dac} dacs[256];
  crossbar array { rows = 256; cols = 256; cell = differential(${device}); out_noise = 0; }
  flash adcs[256] { bits = 16; out_bound = 64; }
  connect dacs -> array -> adcs;
}
testbench tb for t { run until idle; }`;

/** A small independent generator (not the emulator's): LCG + Box-Muller. */
function gauss(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** One device read: target gT -> conductance, sampled with `n` (the model's formulas). */
type Sampler = (gT: number, n: () => number) => number;

function measureAgainstModel(t: ExecutionContext, source: string, gMax: number, tInference: number, sample: Sampler): void {
  const r = checkText(source);
  t.truthy(r.result.design, r.text);
  const chip = r.result.design!.testbenches[0]!.target;
  const rows = 256;
  const cols = 256;

  // weights and inputs (deterministic)
  const W = new Float64Array(rows * cols);
  for (let i = 0; i < W.length; i++) W[i] = Math.sin(i * 12.9898) * 0.999;
  const vectors = Array.from({ length: 12 }, (_, v) => Array.from({ length: rows }, (_, i) => Math.round(127 * Math.sin((v + 1) * (i + 3) * 0.37))));

  const sim = new Simulator(chip, { seed: 11, tInference });
  sim.program('t', W);
  sim.drive('t', vectors);
  sim.run();
  const outs = sim.read('t');
  const step = (2 * 64) / (2 ** 16 - 2);

  // Moments of one device's error d = g - g_T, by sampling the noise process per bin.
  const BINS = 200;
  const mean = new Float64Array(BINS + 1);
  const sq = new Float64Array(BINS + 1);
  const n = gauss(7);
  for (let b = 0; b <= BINS; b++) {
    const gT = (b / BINS) * gMax;
    let s1 = 0;
    let s2 = 0;
    const N = 4000;
    for (let k = 0; k < N; k++) {
      const d = sample(gT, n) - gT;
      s1 += d;
      s2 += d * d;
    }
    mean[b] = s1 / N;
    sq[b] = s2 / N;
  }
  const moments = (gT: number) => {
    const b = Math.min(BINS, Math.max(0, Math.round((gT / gMax) * BINS)));
    return { m: mean[b]!, v: sq[b]! - mean[b]! ** 2 };
  };

  // Predicted and measured mean squared error over all outputs.
  const maxAbs = W.reduce((a, w) => Math.max(a, Math.abs(w)), 0);
  let predicted = 0;
  let measured = 0;
  for (let v = 0; v < vectors.length; v++) {
    const x = vectors[v]!.map((c) => c / 127);
    for (let j = 0; j < cols; j++) {
      let bias = 0;
      let varSum = 0;
      for (let i = 0; i < rows; i++) {
        const w = W[i * cols + j]! / maxAbs;
        const p = moments(Math.max(w, 0) * gMax);
        const m = moments(Math.max(-w, 0) * gMax);
        bias += (x[i]! * (p.m - m.m)) / gMax;
        varSum += (x[i]! ** 2 * (p.v + m.v)) / gMax ** 2;
      }
      predicted += varSum + bias * bias;
      const e = (outs[v]!.values[j]! - outs[v]!.ideal[j]!) * step;
      measured += e * e;
    }
  }
  const ratio = measured / predicted;
  t.log(`mean squared error: measured ${(measured / (vectors.length * cols)).toExponential(3)}, predicted ${(predicted / (vectors.length * cols)).toExponential(3)} (ratio ${ratio.toFixed(3)})`);
  t.true(ratio > 0.9 && ratio < 1.1, `ratio ${ratio}`);
}

test('PCM-like tile at t = 0: the output error matches the device statistics (mean square within 10 %)', (t) => {
  const gMax = 25e-6;
  const coeff = [0.26348e-6, 1.965e-6, -1.1731e-6];
  const tf = readTimeFactor(0 + 20, 250e-9);
  measureAgainstModel(t, src('pwm', 'pcm_like'), gMax, 0, (gT, n) => {
    const gP = Math.max(gT + pcmProgSigma(gT, gMax, coeff, 25e-6) * n(), 0);
    return Math.max(gP + Math.abs(gP) * pcmQs(gP / gMax) * tf * n(), 0);
  });
});

test('HERMES tile one hour after programming: the output error (drift included) matches the device statistics', (t) => {
  // pcm.hermes: 2 devices per sign, g_max 20.7 uS, t0 300 s, t_read 512 ns (hermes.py)
  const gMax = 20.7e-6;
  const t0 = 300;
  const tInf = 3600;
  const tf = readTimeFactor(tInf + t0, 512e-9);
  const coeff = HERMES_PROG[2].coeffUs.map((c) => c * 1e-6);
  measureAgainstModel(t, src('dacs.hermes_pwm8', 'pcm.hermes'), gMax, tInf, (gT, n) => {
    const gP = Math.max(gT + pcmProgSigma(gT, gMax, coeff, HERMES_PROG[2].gRef) * n(), 0);
    const x = gT / gMax;
    const nu = Math.abs(hermesDriftMu(x) + hermesDriftSigma(x, 2) * n());
    const gD = gP * ((tInf + t0) / t0) ** -nu;
    return Math.max(gD + Math.abs(gD) * hermesQs(gP / gMax, 2) * tf * n(), 0);
  });
});
