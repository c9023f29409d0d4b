// The spice format without a simulator: the tiny example's netlist and expected currents are
// golden files (UPDATE_GOLDEN=1 rewrites them) and come out byte-identical twice; every
// element is where the topology says; bad requests and inputs are reported as PlanError /
// ExportInputError naming what is wrong; description changes show up in the netlist; the
// HERMES core (256 x 512 physical columns) is exported whole. ngspice runs are in
// engine.test.ts.
import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runExportCli } from '../../cli/export.js';
import { renderDiagnostics } from '../../dsl/diagnostics/render.js';
import { nodeHost } from '../../dsl/load.js';
import { frontEnd } from '../../dsl/pipeline.js';
import { checkText } from '../../test/helpers.js';
import { ExportInputError, runExport } from '../export.js';
import { PlanError } from '../plan.js';
import { goldenFile } from '../../test/golden.js';

const root = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const GOLDEN = path.join(root, 'hdl-export', 'spice', '__golden__');
const GENERATOR = 'xbar (test)';

const golden = (name: string, text: string) => goldenFile(GOLDEN, name, text);

function example(rel: string) {
  const r = frontEnd(path.join(root, rel), nodeHost(root))!;
  if (!r.design) throw new Error(renderDiagnostics(r.diagnostics, r.sources, { color: false }));
  return r;
}

function exportFile(rel: string, tile?: string, input?: number[]) {
  const r = example(rel);
  return runExport(r.design!, r.sources, rel, GENERATOR, 'spice', tile ? { tile } : {}, input ? { input } : {});
}

function exportText(src: string, tile?: string, input?: number[]) {
  const c = checkText(src);
  if (!c.result.design) throw new Error(c.text);
  return runExport(c.result.design, c.result.sources, 'main.xbar', GENERATOR, 'spice', tile ? { tile } : {}, input ? { input } : {});
}

const TINY = readFileSync(path.join(root, 'examples/tiny/tiny.xbar'), 'utf8');

/** Element lines whose name starts with `prefix` (case-insensitive, as SPICE reads names). */
function elements(text: string, prefix: string): string[][] {
  return text.split('\n').filter((l) => l.toLowerCase().startsWith(prefix.toLowerCase())).map((l) => l.split(/\s+/));
}

test('tiny: the netlist and the expected currents match the goldens, byte for byte twice', (t) => {
  const a = exportFile('examples/tiny/tiny.xbar');
  const b = exportFile('examples/tiny/tiny.xbar');
  t.deepEqual(a.files.map((f) => f.path), ['tiny.cir', 'expected-currents.csv']);
  for (const [i, f] of a.files.entries()) {
    t.is(f.text, b.files[i]!.text, `${f.path}: same inputs, same bytes`);
    t.false(f.text.includes(root), `${f.path}: no absolute paths`);
    t.false(/\b20\d\d-\d\d-\d\d\b/.test(f.text), `${f.path}: no dates`);
    t.is(f.text, golden(`tiny-${f.path}`, f.text), f.path);
  }
  const cir = a.files[0]!.text;
  // the header names the generator, the source and the line of every entity
  t.true(cir.startsWith(`* ${GENERATOR}: ngspice netlist of crossbar array of tile tiny`));
  for (const want of ['examples/tiny/tiny.xbar; do not edit', 'tile tiny (examples/tiny/tiny.xbar:10)', '(examples/tiny/tiny.xbar:13)', 'DAC dacs[4]: pwm4 (examples/tiny/tiny.xbar:7)', 'testbench hand_check (examples/tiny/tiny.xbar:23)', 'program statement (examples/tiny/tiny.xbar:25)', "drive (examples/tiny/tiny.xbar:31)"]) {
    t.true(cir.includes(want), want);
  }
  t.true(a.files[1]!.text.startsWith(`# ${GENERATOR}: `));
  t.deepEqual((a.manifest as { files: { path: string }[] }).files.map((f) => f.path), ['tiny.cir', 'expected-currents.csv']);
});

test('tiny: the topology of eda.md §4.1, one element per segment, cell, driver and sense source', (t) => {
  const cir = exportFile('examples/tiny/tiny.xbar').files[0]!.text;
  const rows = 4;
  const m = 8; // differential: c0p c0n ... c3n
  t.is(elements(cir, 'Vin_').length, rows);
  t.is(elements(cir, 'Vsense_').length, m);
  t.is(elements(cir, 'Rwr_').length, rows * m, 'one row segment per cell');
  t.is(elements(cir, 'Rwc_').length, rows * m, 'one column segment per cell');
  // the matrix of tiny is [1 .5 0 -.5; .5 1 -.5 0; 0 -.5 1 .5; -.5 0 .5 1], g_max 25 uS, g_min 0:
  // 12 devices above g_min, the other 20 are open
  const cells = elements(cir, 'Rg_');
  t.is(cells.length, 12);
  t.deepEqual(cells[0], ['Rg_r0_c0p', 'r0_c0p', 'c0p_r0', '40000']);
  t.true(cells.every((c) => c[3] === '40000' || c[3] === '80000'));
  // the first row segment starts at the driver, the last column segment ends at the sense node
  t.deepEqual(elements(cir, 'Rwr_r0_c0p')[0], ['Rwr_r0_c0p', 'in_r0', 'r0_c0p', '0.15']);
  t.deepEqual(elements(cir, 'Rwc_c3n_r3')[0], ['Rwc_c3n_r3', 'c3n_r3', 'c3n_s', '0.15']);
  t.deepEqual(elements(cir, 'Vsense_c3n')[0], ['Vsense_c3n', 'c3n_s', '0', 'DC', '0']);
  // the testbench's first vector [7, 0, 0, 0] at v_read 0.2 V
  t.deepEqual(elements(cir, 'Vin_').map((l) => l[4]), ['0.2', '0', '0', '0']);
  t.true(cir.includes('.options klu'));
  t.regex(cir, /\.control\nset numdgt=15\nop\n(print i\(Vsense_c\dp?n?\)\n){8}\.endc\n\.end\n$/);
  // node and element names are unique, case-insensitively
  const names = cir.split('\n').filter((l) => /^[RV]/.test(l)).map((l) => l.split(' ')[0]!.toLowerCase());
  t.is(new Set(names).size, names.length);
});

test('--input sets the drivers; the expected currents are sum_i G_ip V_i', (t) => {
  const { files } = exportFile('examples/tiny/tiny.xbar', undefined, [7, -7, 0, 3]);
  const cir = files[0]!.text;
  t.deepEqual(elements(cir, 'Vin_').map((l) => Number(l[4])), [0.2, -0.2, 0, (3 / 7) * 0.2]);
  t.true(cir.includes('* inputs: --input'));
  const csv = files[1]!.text.split('\n').filter((l) => l && !l.startsWith('#'));
  t.is(csv[0], 'column,sense_source,ngspice_vector,weight_column,role,slice,current_A');
  const rows = Object.fromEntries(csv.slice(1).map((l) => l.split(',')).map((r) => [r[0]!, r]));
  const g = 25e-6;
  const v = [0.2, -0.2, 0, (3 / 7) * 0.2];
  // c0p: G+ of column 0 holds w = 1 (row 0) and 0.5 (row 1); c3n: G- holds 0.5 (row 0), 0 ...
  t.true(Math.abs(Number(rows['c0p']![6]) - (g * v[0]! + 0.5 * g * v[1]!)) < 1e-20);
  t.true(Math.abs(Number(rows['c3n']![6]) - 0.5 * g * v[0]!) < 1e-20);
  t.deepEqual(rows['c1n']!.slice(0, 6), ['c1n', 'Vsense_c1n', 'i(vsense_c1n)', '1', 'minus', '0']);
});

test('bad inputs: wrong length, non-integer, out of range -> ExportInputError naming the lane', (t) => {
  const bad = (input: number[]) => t.throws(() => exportFile('examples/tiny/tiny.xbar', undefined, input), { instanceOf: ExportInputError })!.message;
  t.is(bad([7, 0, 0]), '--input has 3 codes, but tile tiny has 4 input lanes: lane 3 (dacs[3]) has no code');
  t.is(bad([7, 0, 0, 0, 1]), '--input has 5 codes, but tile tiny has 4 input lanes (0..=3): code 4 has no lane');
  t.is(bad([7, 0, 1.5, 0]), '--input, lane 2 (dacs[2]): code 1.5 is not an integer');
  t.is(bad([7, 0, 0, 8]), "--input, lane 3 (dacs[3]): code 8 is outside the DAC's range -7..=7");
  t.is(bad([-8, 0, 0, 0]), "--input, lane 0 (dacs[0]): code -8 is outside the DAC's range -7..=7");
  // an unsigned DAC: 0 ..= 2^bits - 1
  const isaac = (input: number[]) => t.throws(() => exportFile('examples/isaac-tile/isaac.xbar', 'ima_xbar', input), { instanceOf: ExportInputError })!.message;
  t.is(isaac([...Array(127).fill(0), -1]), "--input, lane 127 (dacs[127]): code -1 is outside the DAC's range 0..=65535");
});

test('a chip without --tile is a PlanError that lists what --tile may name; --tile c[0] exports that instance', (t) => {
  const r = example('examples/hermes-core/hermes.xbar');
  const e = t.throws(() => runExport(r.design!, r.sources, 'examples/hermes-core/hermes.xbar', GENERATOR, 'spice', {}), { instanceOf: PlanError })!;
  t.is(e.message, "spice exports one tile's crossbar: pass --tile NAME (examples/hermes-core/hermes.xbar has 64 tile instances)");
  t.deepEqual(e.suggestions.slice(0, 3), ['core', 'c[0]', 'c[1]']);
  t.throws(() => runExport(r.design!, r.sources, 'x.xbar', GENERATOR, 'spice', { tile: 'nope' }), { instanceOf: PlanError });
  // two tiles, no --tile
  const two = TINY.replace(/testbench hand_check[\s\S]*$/, '').concat('tile other { clock = clk; pwm4 dacs[2]; crossbar array { rows = 2; cols = 1; cell = offset(ideal); } flash6 adcs[1]; connect dacs -> array -> adcs; }\n');
  const e2 = t.throws(() => exportText(two), { instanceOf: PlanError })!;
  t.regex(e2.message, /has 2 tiles/);
  t.deepEqual(e2.suggestions, ['tiny', 'other']);
  // an unprogrammed tile: zero weights, every device at its zero-weight target, said in the header
  const cir = exportText(two, 'other').files[0]!.text;
  t.true(cir.includes('* conductances: no testbench programs tile other: zero weights'));
  t.is(elements(cir, 'Vsense_').length, 2, 'offset: c0 and cref');
  // offset: a zero weight is mid-scale, g_max / 2 = 12.5 uS on both columns
  t.true(elements(cir, 'Rg_').every((l) => l[3] === '80000'));
});

test('the HERMES core c[0]: 256 drivers, 512 sense sources, a segment per cell on rows and columns', (t) => {
  const started = process.hrtime.bigint();
  const { files } = exportFile('examples/hermes-core/hermes.xbar', 'c[0]');
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cir = files[0]!.text;
  t.log(`export of 256 x 512 cells: ${ms.toFixed(0)} ms, ${(cir.length / 1e6).toFixed(1)} MB`);
  t.true(cir.includes('tile instance c[0] of tile core'));
  t.true(cir.includes('DAC dacs[256]: dacs.hermes_pwm8 (<xbar/presets>:36)'));
  t.true(cir.includes('seed 7, t_inference 3600 s'));
  t.true(cir.includes('inputs: every lane at full scale (c_max'));
  const lines = cir.split('\n');
  const count = (p: string) => lines.reduce((a, l) => a + (l.startsWith(p) ? 1 : 0), 0);
  t.is(count('Vin_r'), 256);
  t.is(count('Vsense_'), 512);
  t.is(count('print i(Vsense_'), 512);
  t.is(count('Rwr_'), 256 * 512);
  t.is(count('Rwc_'), 256 * 512);
  t.true(count('Rg_') > 0.7 * 256 * 512, 'PCM devices at g_min = 0 drift and read with noise: most are above 0');
  t.true(lines.includes('Rwr_r255_c255n r255_c255p r255_c255n 0.15'));
  t.is(files[1]!.text.split('\n').filter((l) => /^c\d/.test(l)).length, 512);
});

test('a description change shows up: rows = 8 gives 8 drivers; wire_r sets the segments; wire_r = 0 removes them', (t) => {
  const eight = TINY.replace('pwm4 dacs[4]', 'pwm4 dacs[8]').replace('rows = 4', 'rows = 8').replace(/program tiny with \[[\s\S]*?\];/, 'program tiny with random_weights(-1, 1);').replace(/drive tiny with .*;/, '');
  const cir8 = exportText(eight).files[0]!.text;
  t.is(elements(cir8, 'Vin_').length, 8);
  t.is(elements(cir8, 'Rwr_').length, 8 * 8);
  t.true(cir8.includes('inputs: every lane at full scale'));
  t.true(elements(cir8, 'Vin_').every((l) => l[4] === '0.2'));

  const wire = exportText(TINY.replace('out_noise = 0;', 'out_noise = 0; wire_r = 2.5 ohm;')).files[0]!.text;
  const segs = [...elements(wire, 'Rwr_'), ...elements(wire, 'Rwc_')];
  t.is(segs.length, 2 * 4 * 8);
  t.true(segs.every((l) => l[3] === '2.5'));
  t.true(wire.includes('wire_r 2.5 ohm per cell segment (set at main.xbar:'), 'wire_r and where it was set');

  const ideal = exportText(TINY.replace('out_noise = 0;', 'out_noise = 0; wire_r = 0 ohm;')).files[0]!.text;
  t.is(elements(ideal, 'Rwr_').length + elements(ideal, 'Rwc_').length, 0);
  t.deepEqual(elements(ideal, 'Rg_')[0], ['Rg_r0_c0p', 'in_r0', 'c0p_s', '40000']);
});

test('bit-sliced ISAAC cells: 128 slice columns and the unit column; the bit-serial drive is slice 0', (t) => {
  const { files } = exportFile('examples/isaac-tile/isaac.xbar', 'ima_xbar', Array.from({ length: 128 }, (_, i) => i * 511));
  const cir = files[0]!.text;
  const sense = elements(cir, 'Vsense_').map((l) => l[0]);
  t.is(sense.length, 16 * 8 + 1);
  t.is(sense[0], 'Vsense_c0s0');
  t.is(sense[128], 'Vsense_cunit');
  t.regex(cir, /\* {3}Vsense_c0s1 +c0s1 +0 +single \(offset encoding\), slice 1\n/);
  t.regex(cir, /\* {3}Vsense_cunit +cunit +- +unit \(half the top slice, subtracted\)\n/);
  t.true(cir.includes('the netlist drives slice 0 (the first array cycle)'));
  // code i * 511: slice 0 is the least significant bit, odd for odd i
  t.deepEqual(elements(cir, 'Vin_').slice(0, 4).map((l) => l[4]), ['0', '0.2', '0', '0.2']);
});

test('xbar export spice: exit 0 and the folder; E5003 for a bad --input, E5001 without --tile on a chip', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-spice-'));
  try {
    let err = '';
    let out = '';
    const io = { cwd: root, stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s), stderrIsTty: false, env: {} };
    const opts = { color: false, version: '0.0.0-test' };
    t.is(runExportCli('spice', 'examples/tiny/tiny.xbar', { ...opts, out: dir, input: [1, 2, 3, 4] }, io), 0, err);
    t.true(existsSync(path.join(dir, 'tiny.cir')) && existsSync(path.join(dir, 'expected-currents.csv')) && existsSync(path.join(dir, 'manifest.json')));
    t.true(readFileSync(path.join(dir, 'tiny.cir'), 'utf8').startsWith('* xbar 0.0.0-test: '));
    t.regex(out, /wrote 3 files/);
    err = '';
    t.is(runExportCli('spice', 'examples/tiny/tiny.xbar', { ...opts, out: dir, input: [1, 2, 3, 99] }, io), 2);
    t.regex(err, /error\[E5003\]: --input, lane 3 \(dacs\[3\]\): code 99 is outside the DAC's range -7\.\.=7/);
    err = '';
    t.is(runExportCli('spice', 'examples/hermes-core/hermes.xbar', { ...opts, out: dir }, io), 2);
    t.regex(err, /error\[E5001\]: spice exports one tile's crossbar: pass --tile NAME/);
    t.regex(err, /core, c\[0\], c\[1\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
