// Drift compensation through the whole emulator: programCrossbar computes the digital factors
// (models/drift-compensation.ts, aihwkit's GDC: one-hot read-outs at programming and at
// t_inference), the input stage hands them on with the token, and the ADC stage scales its codes
// by them (the ideal is not scaled). At one day and one year the uncompensated PCM outputs
// shrink by the mean drift factor (~0.66 / ~0.50, devices.md §1.2); compensated they do not.
import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { programCrossbar } from '../models/crossbar.js';
import { Rng } from '../random.js';
import { Simulator } from '../simulator.js';

const src = (dc: string, cell: string) => `
import "xbar/presets";
clock clk = 1 GHz;
tile t {
  clock = clk;
  pwm dacs[64];
  crossbar array { rows = 64; cols = 32; cell = ${cell}; out_noise = 0; drift_compensation = ${dc}; }
  flash adcs[32] { bits = 16; out_bound = 64; }
  connect dacs -> array -> adcs;
}
testbench tb for t { run until idle; }`;

function weights(): Float64Array {
  const W = new Float64Array(64 * 32);
  const g = new Rng(3);
  for (let i = 0; i < W.length; i++) W[i] = 2 * g.uniform() - 1;
  return W;
}

/** Least-squares gain of the measured outputs against the ideal ones. */
function gain(outs: readonly { values: Float64Array; ideal: Float64Array }[]): number {
  let sxy = 0;
  let sxx = 0;
  for (const o of outs) for (let j = 0; j < o.values.length; j++) {
    sxy += o.values[j]! * o.ideal[j]!;
    sxx += o.ideal[j]! ** 2;
  }
  return sxy / sxx;
}

test('programCrossbar: the factors leave the devices alone and undo the mean drift of the weights', (t) => {
  for (const cell of ['differential(pcm.aihwkit)', 'offset(pcm.aihwkit)']) {
    let wNone: Float32Array | null = null;
    const gains: Record<string, number> = {};
    for (const dc of ['none', 'global', 'column']) {
      const r = checkText(src(dc, cell));
      t.truthy(r.result.design, r.text);
      const c = r.result.design!.tiles[0]!.instances.find((x) => x.component.category === 'crossbar')!.component;
      const m = programCrossbar(c, weights(), new Rng(1), 86400);
      if (wNone) t.deepEqual(m.wT, wNone, 'the same device draws in every mode');
      else wNone = m.wT.slice();
      t.is(m.driftAlpha === null, dc === 'none');
      let sxy = 0;
      let sxx = 0;
      for (let j = 0; j < m.lanes; j++) for (let i = 0; i < m.rows; i++) {
        const k = j * m.rows + i;
        sxy += m.wT[k]! * (m.driftAlpha?.[j] ?? 1) * m.wIdealT[k]!;
        sxx += m.wIdealT[k]! ** 2;
      }
      gains[dc] = sxy / sxx;
      if (dc === 'global') t.true(m.driftAlpha!.every((a) => a === m.driftAlpha![0]), 'one factor for the tile');
    }
    t.log(cell, Object.entries(gains).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', '));
    t.true(gains['none']! < 0.7);
    t.true(Math.abs(gains['global']! - 1) < 0.05);
    t.true(Math.abs(gains['column']! - 1) < 0.05);
  }
});

test('a tile at one day and one year: the codes are scaled back to the ideal', (t) => {
  const vectors = Array.from({ length: 6 }, (_, v) => Array.from({ length: 64 }, (_, i) => Math.round(7 * Math.sin((v + 1) * (i + 2) * 0.41))));
  for (const tInference of [86400, 365 * 86400]) {
    const g: Record<string, number> = {};
    for (const dc of ['none', 'global']) {
      const r = checkText(src(dc, 'differential(pcm.aihwkit)'));
      t.truthy(r.result.design, r.text);
      const sim = new Simulator(r.result.design!.testbenches[0]!.target, { seed: 5, tInference });
      sim.program('t', weights());
      sim.drive('t', vectors);
      sim.run();
      g[dc] = gain(sim.read('t'));
    }
    t.log(`t_inference ${tInference} s: output gain none ${g['none']!.toFixed(3)}, global ${g['global']!.toFixed(3)}`);
    t.true(g['none']! < (tInference > 86400 ? 0.55 : 0.72));
    t.true(Math.abs(g['global']! - 1) < 0.05);
  }
});
