// The output error of a noisy tile is what the device model predicts.
//
// A 256 x 256 differential PCM tile (aihwkit PCM-like model, t_inference = 0: programming
// noise and read noise, no drift) with a 16-bit ADC (quantisation negligible) and no output
// noise. For each weight the error of (G+ - G-)/delta has a mean and a variance that follow
// from the device formulas alone (devices.md §1.2); this test computes them independently,
// by integrating the noise process with its own generator, and predicts the mean squared
// error of every column from the actual inputs. The tile's measured error must agree.
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { pcmProgSigma, pcmQs, readTimeFactor } from '../devices/pcm-like.js';
import { Simulator } from '../simulator.js';

const SRC = `
clock clk = 1 GHz;
tile t {
  clock = clk;
  pwm dacs[256] { bits = 8; }
  crossbar array { rows = 256; cols = 256; cell = differential(pcm_like); out_noise = 0; }
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

test('the output error of a PCM tile matches the device statistics (mean square within 10 %)', (t) => {
  const r = checkText(SRC);
  t.truthy(r.result.design, r.text);
  const chip = r.result.design!.testbenches[0]!.target;
  const rows = 256;
  const cols = 256;
  const gMax = 25e-6;
  const coeff = [0.26348e-6, 1.965e-6, -1.1731e-6];
  const tf = readTimeFactor(0 + 20, 250e-9);

  // weights and inputs (deterministic)
  const W = new Float64Array(rows * cols);
  for (let i = 0; i < W.length; i++) W[i] = Math.sin(i * 12.9898) * 0.999;
  const vectors = Array.from({ length: 12 }, (_, v) => Array.from({ length: rows }, (_, i) => Math.round(127 * Math.sin((v + 1) * (i + 3) * 0.37))));

  const sim = new Simulator(chip, { seed: 11, tInference: 0 });
  sim.program('t', W);
  sim.drive('t', vectors);
  sim.run();
  const outs = sim.read('t');
  const step = (2 * 64) / (2 ** 16 - 2);

  // Moments of one device's error d = g - g_T, by integrating the noise process per bin.
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
      const gP = Math.max(gT + pcmProgSigma(gT, gMax, coeff, 25e-6) * n(), 0);
      const g = Math.max(gP + Math.abs(gP) * pcmQs(gP / gMax) * tf * n(), 0);
      s1 += g - gT;
      s2 += (g - gT) ** 2;
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
});
