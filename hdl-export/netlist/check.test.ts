// Every file of the netlist format through the Verilog-A lint (each with the modules the other
// files define as knownModules), for tiny, ISAAC, HERMES --tile c[0] and the whole HERMES
// chip; and admsXml on the files within its subset (the programmed arrays with their cell
// model, the link lane), when /usr/bin/admsXml is installed.
import test from 'ava';
import type { OutFile } from '../folder.js';
import { adms, example, exportNetlist, file, hasAdms, lintAll } from './test-support.js';

const admsTest = hasAdms ? test : test.skip;

function lintClean(t: { deepEqual: (a: unknown, b: unknown, m?: string) => void; log: (...a: unknown[]) => void; true: (v: boolean, m?: string) => void }, files: readonly OutFile[], done?: Set<string>) {
  const t0 = Date.now();
  const results = lintAll(files, done);
  for (const r of results) t.deepEqual(r.problems, [], r.path);
  t.true(results.length > 0, 'something was linted');
  const slow = results.filter((r) => r.ms > 200).map((r) => `${r.path} ${r.ms} ms`);
  t.log(`${results.length} files lint clean in ${Date.now() - t0} ms${slow.length ? ` (${slow.join(', ')})` : ''}`);
}

test('tiny: every file lints clean', (t) => {
  lintClean(t, exportNetlist(example('examples/tiny/tiny.xbar')).files);
});

test('ISAAC: every file lints clean', (t) => {
  lintClean(t, exportNetlist(example('examples/isaac-tile/isaac.xbar')).files);
});

test('HERMES --tile c[0] and the whole chip: every file lints clean (the shared programmed core once)', (t) => {
  const d = example('examples/hermes-core/hermes.xbar');
  const done = new Set<string>();
  const one = exportNetlist(d, { tile: 'c[0]' }).files;
  lintClean(t, one, done);
  const chip = exportNetlist(d).files;
  t.is(file(chip, 'core_array_prog.va'), file(one, 'core_array_prog.va'), 'c[0] is programmed alike in both');
  t.deepEqual(chip.map((f) => f.path).filter((p) => p.endsWith('.vams')), ['core.vams', 'core_unprogrammed.vams', 'hermes.vams']);
  lintClean(t, chip, done);
  const top = file(chip, 'hermes.vams');
  t.is((top.match(/^ {2}core c_\d+ \($/gm) ?? []).length, 1, 'one instance of the programmed core');
  t.is((top.match(/^ {2}core_unprogrammed c_\d+ \($/gm) ?? []).length, 63);
  t.is((top.match(/^ {2}link_lane #/gm) ?? []).length, 63 * 256, 'a link lane per output lane of each of the 63 links');
  t.regex(top, /\n {2}link_lane #\(\.td\(9e-9\), \.lo\(-127\), \.hi\(127\)\) c_0_c_1_l255 \(c_0_out_255, c_1_in_255\);/);
});

function admsClean(t: { true: (v: boolean, m?: string) => void; deepEqual: (a: unknown, b: unknown, m?: string) => void; log: (...a: unknown[]) => void }, files: readonly OutFile[], expect: string[]) {
  const r = adms(files);
  t.true(r.ok, r.output.split('\n').filter((l) => l.includes('[fatal') || l.includes('error')).join('\n'));
  t.deepEqual([...r.modules].sort(), [...expect].sort());
  t.log(`admsXml ${files.map((f) => f.path).join(' + ')}: ${r.modules.length} modules in ${r.ms} ms`);
}

/** The programmed array files of an export with the cell model each needs, and their modules. */
function arraysWithCells(files: readonly OutFile[]): { files: OutFile[]; modules: string[] }[] {
  return files.filter((f) => f.path.endsWith('_prog.va')).map((arr) => {
    const cellFile = files.find((f) => f.holds.some((h) => arr.text.includes(`\n  ${h.module} #(`)))!;
    return { files: [cellFile, arr], modules: [...cellFile.holds, ...arr.holds].map((h) => h.module) };
  });
}

admsTest('admsXml accepts the programmed arrays of tiny and ISAAC (with their cell models) and the link lane', (t) => {
  for (const ex of ['examples/tiny/tiny.xbar', 'examples/isaac-tile/isaac.xbar']) {
    const arrays = arraysWithCells(exportNetlist(example(ex)).files);
    t.is(arrays.length, 1, ex);
    for (const a of arrays) admsClean(t, a.files, a.modules);
  }
  const link = exportNetlist(example('examples/hermes-core/hermes.xbar')).files.find((f) => f.path === 'link_lane.va')!;
  admsClean(t, [link], ['link_lane']);
});

admsTest('admsXml accepts the programmed HERMES core (131,072 cells in 512 column modules)', (t) => {
  const arrays = arraysWithCells(exportNetlist(example('examples/hermes-core/hermes.xbar'), { tile: 'c[0]' }).files);
  t.is(arrays.length, 1);
  t.is(arrays[0]!.modules.length, 1 + 512 + 1);
  admsClean(t, arrays[0]!.files, arrays[0]!.modules);
});
