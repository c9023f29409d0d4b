// The netlist's conductances are the emulator's: the per-instance parameters of every cell,
// read back out of the emitted programmed array, give programmedTile's conductances
// (testbenches/programmed.ts: the devices a run computes with at t_inference), exactly for
// cells that take `g`, within 1e-12 relative for drifting cells (g_prog, nu, read_dev through
// the cell model's formula, cellConductance).
import test from 'ava';
import type { ComponentIR, TestbenchIR } from '../../dsl/ir/nodes.js';
import { resolveDeviceParams } from '../../emulator/devices/index.js';
import { programmedTile } from '../../testbenches/programmed.js';
import type { EmitOptions } from '../export.js';
import { cellConductance } from './programming.js';
import { example, exportNetlist, file, fromText, parseArray, PCM, type Source } from './test-support.js';

interface Compared {
  cells: number;
  maxRel: number;
  exact: number;
}

/** Compare the array file of `tile` (instance `path`) with programmedTile. */
function compare(d: Source, arrayFile: string, tb: TestbenchIR, path: string, req: { tile?: string } = {}, opts: EmitOptions = {}): Compared {
  const text = file(exportNetlist(d, req, opts).files, arrayFile);
  const parsed = parseArray(text);
  const pt = programmedTile(tb, path, opts);
  const phys = pt.model.physical!;
  const m = phys.columns.length;
  if (parsed.columns.join() !== phys.columns.map((c) => c.name).join()) throw new Error(`columns differ: ${parsed.columns.slice(0, 6)} vs ${phys.columns.slice(0, 6).map((c) => c.name)}`);
  if (parsed.rows !== phys.rows) throw new Error(`rows differ: ${parsed.rows} vs ${phys.rows}`);
  const device = (pt.crossbar.component.params['cell'] as { device: ComponentIR }).device;
  const t0 = resolveDeviceParams(device.params, device.kindName)['t0'] as number | undefined;
  let maxRel = 0;
  let exact = 0;
  for (let p = 0; p < m; p++) {
    for (let i = 0; i < phys.rows; i++) {
      const c = parsed.cells[p]![i]!;
      const want = phys.g[i * m + p]!;
      const got = c.has('g')
        ? c.get('g')!
        : cellConductance({ gProg: c.get('g_prog')!, nu: c.get('nu')!, readDev: c.get('read_dev')!, t0: t0!, tInference: parsed.tInference! });
      if (got === want) exact++;
      const rel = want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
      maxRel = Math.max(maxRel, rel);
    }
  }
  return { cells: m * phys.rows, maxRel, exact };
}

test('tiny (ideal, differential): every cell\'s g is the emulator\'s, exactly', (t) => {
  const d = example('examples/tiny/tiny.xbar');
  const r = compare(d, 'tiny_array_prog.va', d.design.testbenches[0]!, 'tiny');
  t.is(r.cells, 32);
  t.is(r.exact, r.cells);
});

test('ISAAC (ideal, bit-sliced with a unit column): every cell\'s g is the emulator\'s, exactly', (t) => {
  const d = example('examples/isaac-tile/isaac.xbar');
  const r = compare(d, 'ima_xbar_array_prog.va', d.design.testbenches[0]!, 'ima_xbar');
  t.is(r.cells, 128 * (16 * 8 + 1));
  t.is(r.exact, r.cells);
});

test('state_independent (drifting, no Q factor): g_prog, nu, read_dev give the emulator\'s g within 1e-12', (t) => {
  const d = fromText(PCM.replace('device pcm4 : pcm_like { g_max = 25 uS; }', 'device pcm4 : state_independent { g_max = 25 uS; }'));
  const r = compare(d, 't_array_prog.va', d.design.testbenches[0]!, 't');
  t.is(r.cells, 24);
  t.true(r.maxRel <= 1e-12, `max relative error ${r.maxRel}`);
});

test('PCM-like at 1 h, at 0 and at 1 day (--t-inference): g_prog, nu, read_dev give the emulator\'s g within 1e-12', (t) => {
  const d = fromText(PCM);
  const tb = d.design.testbenches[0]!;
  for (const opts of [{}, { tInference: 0 }, { tInference: 86400 }, { seed: 3 }] as EmitOptions[]) {
    const r = compare(d, 't_array_prog.va', tb, 't', {}, opts);
    t.is(r.cells, 24);
    t.true(r.maxRel <= 1e-12, `${JSON.stringify(opts)}: max relative error ${r.maxRel}`);
    t.log(`${JSON.stringify(opts)}: max relative error ${r.maxRel.toExponential(2)}, ${r.exact}/${r.cells} bit-exact`);
  }
});

test('RRAM (CMO, drifting from t_inference) and ECRAM (gate on ground): g is the emulator\'s, exactly', (t) => {
  for (const device of ['rram_cmo', 'ecram_linear', 'rram_wan2022']) {
    const src = PCM.replace('device pcm4 : pcm_like { g_max = 25 uS; }', `device pcm4 : ${device} { }`).replace('t_inference = 1 h;', 't_inference = 1 day;');
    const d = fromText(src);
    const r = compare(d, 't_array_prog.va', d.design.testbenches[0]!, 't');
    t.is(r.exact, r.cells, device);
    const text = file(exportNetlist(d).files, 't_array_prog.va');
    if (device === 'ecram_linear') t.regex(text, /\(r0, c, gnd_x\);/, 'the ECRAM gate is on ground');
    if (device === 'rram_cmo') t.regex(text, /\.t_inference\(t_inference\)\) x_r0/, 'the CMO relaxation continues from t_inference');
  }
});

test('HERMES c[0] (pcm.hermes, 256 x 512 devices at 1 h): the emulator\'s g within 1e-12', (t) => {
  const d = example('examples/hermes-core/hermes.xbar');
  const r = compare(d, 'core_array_prog.va', d.design.testbenches[0]!, 'c[0]', { tile: 'c[0]' });
  t.is(r.cells, 256 * 512);
  t.true(r.maxRel <= 1e-12, `max relative error ${r.maxRel}`);
  t.log(`max relative error ${r.maxRel.toExponential(2)}, ${r.exact}/${r.cells} bit-exact`);
});
