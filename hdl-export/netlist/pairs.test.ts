// A tile of differential cells with 2 pairs weighted 1:3 through the netlist export (and the
// Verilog-A models beside it):
//   - every file lints clean (and admsXml takes the programmed array, when installed);
//   - the programmed array has the emulator's physical columns c<j>p<k> / c<j>n<k> and its
//     conductances (g_prog, nu, read_dev of each PCM cell give programmedTile's g);
//   - the readout chain of each lane, read back from the tile's text (gain, k_ref, in, ref,
//     out of every column_readout) and evaluated on the column currents, gives the emulator's
//     lane: the MVM of its effective weights, sum_k (f_k / sum f)(G+_k - G-_k) / delta.
import test from 'ava';
import { resolveDeviceParams } from '../../emulator/devices/index.js';
import type { ComponentIR } from '../../dsl/ir/nodes.js';
import { columnCurrents } from '../../emulator/models/physical-array.js';
import { programmedTile } from '../../testbenches/programmed.js';
import { cellConductance } from './programming.js';
import { adms, exportNetlist, file, fromText, hasAdms, lintAll, parseArray, PCM } from './test-support.js';

const PAIRS = PCM.replace('differential(pcm4)', 'differential(pcm4, pairs = 2, significance = [1, 3])');

test('2 pairs 1:3: every file lints clean; the array holds the emulator\'s columns and conductances', (t) => {
  t.not(PAIRS, PCM);
  const d = fromText(PAIRS);
  const files = exportNetlist(d).files;
  const results = lintAll(files);
  for (const r of results) t.deepEqual(r.problems, [], r.path);
  t.true(results.length >= 6);
  const parsed = parseArray(file(files, 't_array_prog.va'));
  const pt = programmedTile(d.design.testbenches[0]!, 't');
  const phys = pt.model.physical!;
  t.deepEqual(parsed.columns, ['c0p0', 'c0n0', 'c0p1', 'c0n1', 'c1p0', 'c1n0', 'c1p1', 'c1n1', 'c2p0', 'c2n0', 'c2p1', 'c2n1']);
  t.deepEqual(parsed.columns, phys.columns.map((c) => c.name));
  const device = (pt.crossbar.component.params['cell'] as { device: ComponentIR }).device;
  const t0 = resolveDeviceParams(device.params, device.kindName)['t0'] as number;
  const m = phys.columns.length;
  let maxRel = 0;
  for (let p = 0; p < m; p++) {
    for (let i = 0; i < phys.rows; i++) {
      const c = parsed.cells[p]![i]!;
      const got = cellConductance({ gProg: c.get('g_prog')!, nu: c.get('nu')!, readDev: c.get('read_dev')!, t0, tInference: parsed.tInference! });
      const want = phys.g[i * m + p]!;
      maxRel = Math.max(maxRel, want === 0 ? Math.abs(got) : Math.abs(got - want) / want);
    }
  }
  t.log(`${m * phys.rows} cells, max relative error of g ${maxRel.toExponential(2)}`);
  t.true(maxRel <= 1e-12, `${maxRel}`);
  t.regex(file(files, 't_array.va'), /2 pairs weighted 1:3/);
});

test('2 pairs 1:3: the readout chain of each lane gives the emulator\'s lane', (t) => {
  const d = fromText(PAIRS);
  const tile = file(exportNetlist(d).files, 't.vams');
  const pt = programmedTile(d.design.testbenches[0]!, 't');
  const phys = pt.model.physical!;
  const x = [0.75, -0.5, 1, 0.25];
  const vRead = 0.2;
  const I = columnCurrents(phys, Float64Array.from(x, (v) => v * vRead));
  const col = new Map(phys.columns.map((c, p) => [`array_${c.name}`, p]));
  // column_readout #(.i_unit(..), [.gain(..)], [.k_ref(..)]) name (.in(a), .ref(b), .clear(clear), .out(c));
  const V = new Map<string, number>([['gnd_x', 0]]);
  let readouts = 0;
  for (const line of tile.split('\n').filter((l) => l.includes('column_readout #('))) {
    const num = (k: string, dflt: number) => {
      const m = new RegExp(`\\.${k}\\(([^)]*)\\)`).exec(line);
      return m ? Number(m[1]) : dflt;
    };
    const net = (k: string) => new RegExp(`\\.${k}\\((\\w+)\\)`).exec(line)![1]!;
    const Y = I[col.get(net('in'))!]! / num('i_unit', 1e-6);
    const ref = V.get(net('ref'));
    if (ref === undefined) throw new Error(`readout before its ref: ${line}`);
    // V(out) = v_unit gain (Y - k_ref V(ref) / v_unit), v_unit = 1 (the default)
    V.set(net('out'), num('gain', 1) * (Y - num('k_ref', 0) * ref));
    readouts++;
  }
  t.is(readouts, 12, 'one readout per physical column');
  const kernel = pt.model.kernel;
  kernel.x.set(x);
  kernel.mvm();
  for (let j = 0; j < 3; j++) {
    const got = V.get(`array_out${j}`)!;
    const want = kernel.out[j]!;
    t.true(Math.abs(got - want) < 1e-6 * Math.max(1, Math.abs(want)), `lane ${j}: readout ${got} vs emulator ${want}`);
  }
  t.log(`lanes ${[0, 1, 2].map((j) => V.get(`array_out${j}`)!.toFixed(6)).join(', ')} (emulator ${Array.from(kernel.out.slice(0, 3), (v) => v.toFixed(6)).join(', ')})`);
});

(hasAdms ? test : test.skip)('2 pairs 1:3: admsXml accepts the programmed array with its cell model', (t) => {
  const files = exportNetlist(fromText(PAIRS)).files;
  const r = adms(['pcm4.va', 't_array_prog.va'].map((p) => files.find((f) => f.path === p)!));
  t.true(r.ok, r.output.split('\n').filter((l) => l.includes('[fatal') || l.includes('error')).join('\n'));
  t.is(r.modules.length, 1 + 12 + 1, 'the cell model, a column module per physical column, the array');
});
