// The `verilog-a` format's text: the tiny example against goldens (every file and the
// manifest; byte-identical on a second export), and what a change in the description changes
// in the output (ADC bits, crossbar rows, DAC t_lsb, a device's g_max).
// UPDATE_GOLDEN=1 rewrites the goldens (hdl-export/veriloga/__golden__/).
import test from 'ava';
import path from 'node:path';
import { exportVa, fileOfModule, HERE, loadFile, loadText, ROOT } from './test-fixtures.js';
import { goldenFile } from '../../test/golden.js';

const GOLDEN = path.join(HERE, '__golden__');

const golden = (name: string, text: string) => goldenFile(GOLDEN, name, text);

const DATE = /\b(19|20)\d\d-\d\d-\d\d\b|\$date/;

test('tiny: every file and the manifest match the goldens, and a second export gives the same bytes', (t) => {
  const d = loadFile('examples/tiny/tiny.xbar');
  const a = exportVa(d);
  const b = exportVa(loadFile('examples/tiny/tiny.xbar'));
  t.deepEqual(a.files.map((f) => f.file.path), ['pwm4.va', 'flash6.va', 'tiny_array.va', 'ideal.va', 'column_readout.va']);
  for (const f of a.files) {
    t.is(f.text, golden(`tiny/${f.file.path}`, f.text), f.file.path);
    t.false(f.text.includes(ROOT) || f.text.includes('/virtual'), `${f.file.path}: no absolute path`);
    t.false(DATE.test(f.text), `${f.file.path}: no date`);
  }
  const manifest = JSON.stringify(a.manifest, null, 2) + '\n';
  t.is(manifest, golden('tiny/manifest.json', manifest));
  t.false(manifest.includes(ROOT));
  t.deepEqual(b.files.map((f) => f.text), a.files.map((f) => f.text));
  t.deepEqual(b.manifest, a.manifest);
});

test('tiny: the manifest says which file holds which module, from which declaration', (t) => {
  const x = exportVa(loadFile('examples/tiny/tiny.xbar'));
  const m = x.manifest as { format: string; files: { path: string; holds: { module: string; from: string; declaredAt?: string }[] }[] };
  t.is(m.format, 'verilog-a');
  t.deepEqual(m.files.find((f) => f.path === 'tiny_array.va')!.holds, [
    { module: 'tiny_array_column', from: 'tiny.array', declaredAt: 'examples/tiny/tiny.xbar:13' },
    { module: 'tiny_array', from: 'tiny.array', declaredAt: 'examples/tiny/tiny.xbar:13' },
  ]);
  t.deepEqual(m.files.find((f) => f.path === 'pwm4.va')!.holds, [{ module: 'pwm4', from: 'pwm4', declaredAt: 'examples/tiny/tiny.xbar:7' }]);
});

// ------------------------------------------------------------------ description changes

const TILE = (o: { bits?: number; rows?: number; tLsb?: string; gMax?: string } = {}) => `clock clk = 1 GHz;
device dev : ideal { g_min = 1 uS; g_max = ${o.gMax ?? '10 uS'}; }
dac d4 : pwm { bits = 4; signed = true; t_lsb = ${o.tLsb ?? '1 ns'}; }
adc a6 : flash { bits = ${o.bits ?? 6}; out_bound = 4; }
tile t {
  clock = clk;
  d4 dacs[${o.rows ?? 4}];
  crossbar array { rows = ${o.rows ?? 4}; cols = 2; cell = differential(dev); out_noise = 0; }
  a6 adcs[2];
  connect dacs -> array -> adcs;
}
`;

/** The default of a parameter declared in `text` (the description's value, exactly as the IR holds it). */
function paramValue(text: string, name: string): number {
  const m = new RegExp(`parameter (?:real|integer) ${name} = (\\S+?)[ ;]`).exec(text);
  if (!m) throw new Error(`no parameter ${name}`);
  return Number(m[1]);
}

/** Equal to 1e-12 relative: `10 uS` is 10 * 1e-6 in the IR, 9.999999999999999e-6. */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.abs(b);

/** Lines of `module`'s file that differ between two descriptions: [before, after]. */
function changed(before: string, after: string, file: string): [string[], string[]] {
  const a = fileOfModule(exportVa(loadText(before)), file.replace(/\.va$/, '')).text.split('\n');
  const b = fileOfModule(exportVa(loadText(after)), file.replace(/\.va$/, '')).text.split('\n');
  return [a.filter((l) => !b.includes(l)), b.filter((l) => !a.includes(l))];
}

test('base description: ADC bits, DAC t_lsb and g_max appear as parameters, rows as ports', (t) => {
  const x = exportVa(loadText(TILE()));
  t.regex(fileOfModule(x, 'a6').text, /parameter integer bits = 6 from \[1:16\];/);
  t.regex(fileOfModule(x, 'd4').text, /parameter real t_lsb = 1e-9 from \(0:inf\);/);
  t.true(close(paramValue(fileOfModule(x, 'dev').text, 'g_max'), 10e-6));
  t.regex(fileOfModule(x, 't_array').text, /module t_array\(r0, r1, r2, r3, c0p, c0n, c1p, c1n\);/);
});

test('ADC bits 6 -> 7: the bits parameter and its header line change, nothing else in the file', (t) => {
  const [was, now] = changed(TILE(), TILE({ bits: 7 }), 'a6.va');
  t.deepEqual(was, ['//   bits = 6: set at main.xbar:4', '  (* desc="Resolution of the output code.", units="" *) parameter integer bits = 6 from [1:16];']);
  t.deepEqual(now, ['//   bits = 7: set at main.xbar:4', '  (* desc="Resolution of the output code.", units="" *) parameter integer bits = 7 from [1:16];']);
});

test('crossbar rows 4 -> 5: a fifth row port, a fifth cell per column, the rows parameter', (t) => {
  const x = exportVa(loadText(TILE({ rows: 5 })));
  const text = fileOfModule(x, 't_array').text;
  t.regex(text, /module t_array\(r0, r1, r2, r3, r4, c0p, c0n, c1p, c1n\);/);
  t.regex(text, /module t_array_column\(r0, r1, r2, r3, r4, c\);/);
  t.regex(text, /  dev x_r4 \(r4, c\);/);
  t.regex(text, /parameter integer rows = 5 from \[1:65536\];/);
  t.regex(text, /t_array_column x_c1n \(r0, r1, r2, r3, r4, c1n\);/);
  const [was, now] = changed(TILE(), TILE({ rows: 5 }), 't_array.va');
  t.true(was.length >= 5 && now.length >= was.length + 1, `${was.length} lines -> ${now.length} lines`);
});

test('DAC t_lsb 1 ns -> 2.5 ns: the timing parameter changes', (t) => {
  const [was, now] = changed(TILE(), TILE({ tLsb: '2.5 ns' }), 'd4.va');
  t.deepEqual(was.filter((l) => l.includes('parameter')), ['  (* desc="Pulse duration of one code step; a code c is applied for |c| * t_lsb.", units="s" *) parameter real t_lsb = 1e-9 from (0:inf);']);
  t.deepEqual(now.filter((l) => l.includes('parameter')), ['  (* desc="Pulse duration of one code step; a code c is applied for |c| * t_lsb.", units="s" *) parameter real t_lsb = 2.5e-9 from (0:inf);']);
  t.true(now.includes('//   t_lsb = 2.5e-9 s: set at main.xbar:3'));
});

test('device g_max 10 uS -> 20 uS: the cell model\'s g_max changes (and only the device file among the cell models)', (t) => {
  const [was, now] = changed(TILE(), TILE({ gMax: '20 uS' }), 'dev.va');
  const params = (ls: string[]) => ls.filter((l) => l.includes('parameter'));
  t.is(params(was).length, 1);
  t.is(params(now).length, 1);
  t.true(close(paramValue(params(was)[0]!, 'g_max'), 10e-6), params(was)[0]);
  t.true(close(paramValue(params(now)[0]!, 'g_max'), 20e-6), params(now)[0]);
  t.regex(params(now)[0]!, /units="S" \*\) parameter real g_max = \S+ from \(0:inf\);$/);
  const other = changed(TILE(), TILE({ gMax: '20 uS' }), 'd4.va');
  t.deepEqual(other, [[], []], 'the DAC does not depend on g_max');
});
