// programmedTile gives the conductances the emulator computes with, and the physical array
// holds every device where the cell scheme says.
import test from 'ava';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeHost } from '../dsl/load.js';
import { frontEnd } from '../dsl/pipeline.js';
import { columnCurrents, type PhysicalArray } from '../emulator/models/physical-array.js';
import { checkText } from '../test/helpers.js';
import { programmedTile } from './programmed.js';
import { runTestbench } from './run.js';
import { Simulator } from '../emulator/simulator.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

test('the tiny and HERMES examples: the same weights and devices as a run of their testbench', async (t) => {
  for (const [file, tile] of [['examples/tiny/tiny.xbar', 'tiny'], ['examples/hermes-core/hermes.xbar', 'c[0]']] as const) {
    const fe = frontEnd(path.join(root, file), nodeHost(root))!;
    const tb = fe.design!.testbenches[0]!;
    const p = programmedTile(tb, tile);
    t.true(p.programmed);
    // run only the program steps the way runTestbench does, then compare the models
    const sim = new Simulator(tb.target, { seed: tb.params['seed'] as number, tInference: tb.params['t_inference'] as number });
    sim.program(tile, p.weights);
    const m = sim.tile(tile).built.input.model!;
    t.deepEqual([...p.model.wT], [...m.wT], file);
    t.truthy(p.model.physical);
    t.is(m.physical, undefined, 'the simulator does not keep conductances');
  }
  // and a full run computes with the same effective weights
  const fe = frontEnd(path.join(root, 'examples/tiny/tiny.xbar'), nodeHost(root))!;
  const res = await runTestbench(fe.design!.testbenches[0]!);
  t.true(res.ok);
});

const TILE = (cell: string) => `
clock clk = 1 GHz;
tile t {
  clock = clk;
  pwm dacs[3] { bits = 4; }
  crossbar array { rows = 3; cols = 2; cell = ${cell}; }
  flash adcs[LANES];
  ${cell.startsWith('bit_sliced') ? 'shift_add sa[2] { slices = SLICES; }' : ''}
  connect dacs -> array -> adcs${cell.startsWith('bit_sliced') ? ' -> sa' : ''};
}
testbench tb for t { seed = 5; program t with [[0.5, -1], [0.25, 0.75], [-0.5, 0]]; run until idle; }`;

function reconstruct(a: PhysicalArray, which: 'g' | 'gTarget', scheme: string, per: number): number[][] {
  // effective weight of (row, weight column, slice) from the physical columns, by scheme
  const m = a.columns.length;
  const delta = a.gMax - a.gMin;
  const g = (i: number, name: string) => a[which][i * m + a.columns.findIndex((c) => c.name === name)]!;
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < 2; j++) {
      if (scheme === 'differential') row.push((g(i, `c${j}p`) - g(i, `c${j}n`)) / delta);
      else if (scheme === 'offset') row.push((2 * (g(i, `c${j}`) - g(i, 'cref'))) / delta);
      else if (scheme === 'sliced-offset') {
        for (let s = 0; s < per; s++) row.push((g(i, `c${j}s${s}`) - a.gMin - (s === per - 1 ? g(i, 'cunit') - a.gMin : 0)) / delta);
      } else for (let s = 0; s < per; s++) row.push((g(i, `c${j}s${s}p`) - g(i, `c${j}s${s}n`)) / delta);
    }
    out.push(row);
  }
  return out;
}

for (const [scheme, cell, lanes, per] of [
  ['differential', 'differential(pcm_like)', 2, 1],
  ['offset', 'offset(rram_cmo)', 2, 1],
  ['sliced-offset', 'bit_sliced(ideal, bits = 8, bits_per_cell = 2)', 8, 4],
  ['sliced-differential', 'bit_sliced(ideal, bits = 8, bits_per_cell = 2, encoding = differential)', 8, 4],
] as const) {
  test(`physical array of ${scheme} cells: the columns rebuild the effective weights`, (t) => {
    const r = checkText(TILE(cell).replace('LANES', String(lanes)).replace('SLICES', String(per)));
    t.truthy(r.result.design, r.text);
    const p = programmedTile(r.result.design!.testbenches[0]!, 't');
    const a = p.model.physical!;
    t.is(new Set(a.columns.map((c) => c.name)).size, a.columns.length, 'unique column names');
    const lanesN = p.model.lanes;
    for (const which of ['g', 'gTarget'] as const) {
      const w = reconstruct(a, which, scheme, per);
      const wT = which === 'g' ? p.model.wT : p.model.wIdealT;
      for (let i = 0; i < 3; i++) for (let l = 0; l < lanesN; l++) t.true(Math.abs(w[i]![l]! - wT[l * 3 + i]!) < 1e-6, `${which} row ${i} lane ${l}: ${w[i]![l]} vs ${wT[l * 3 + i]}`);
    }
    // column currents are sum_i G_ip V_i
    const v = Float64Array.from([0.3, -0.1, 0.2]);
    const cur = columnCurrents(a, v);
    for (let q = 0; q < a.columns.length; q++) {
      let want = 0;
      for (let i = 0; i < 3; i++) want += a.g[i * a.columns.length + q]! * v[i]!;
      t.true(Math.abs(cur[q]! - want) <= 1e-18 + 1e-15 * Math.abs(want));
    }
  });
}
