// `xbar export netlist` as installed (dist/cli/main.js, built by `npm run build`): exit 0, the
// files on disk are those of the manifest, which says which file holds which module.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './test-support.js';

const bin = path.join(ROOT, 'dist', 'cli', 'main.js');

interface Manifest {
  format: string;
  source: string;
  files: { path: string; holds: { module: string; from: string; declaredAt?: string }[] }[];
  tiles: { module: string; conductancesFrom: { testbench: string; tile: string } | null }[];
  chips: { module: string; instances: { path: string; name: string }[] }[];
}

function exportTo(args: string[]) {
  const cwd = mkdtempSync(path.join(tmpdir(), 'xbar-netlist-cli-'));
  const out = path.join(cwd, 'out');
  const r = spawnSync(process.execPath, [bin, 'export', 'netlist', ...args, '-o', out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XBAR_DEBUG: '' }, maxBuffer: 1 << 26 });
  const manifest = r.status === 0 ? (JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest) : null;
  return { ...r, out, manifest, files: r.status === 0 ? readdirSync(out).sort() : [] };
}

const holder = (m: Manifest, module: string) => m.files.find((f) => f.holds.some((h) => h.module === module))?.path;

test('tiny: exit 0; the manifest lists every file and which module each holds', (t) => {
  const r = exportTo(['examples/tiny/tiny.xbar']);
  t.is(r.status, 0, r.stderr);
  t.is(r.stderr, '');
  t.regex(r.stdout, /^examples\/tiny\/tiny\.xbar: wrote 8 files to .*out\/ \(netlist; see .*manifest\.json\)\n$/);
  const m = r.manifest!;
  t.is(m.format, 'netlist');
  t.is(m.source, 'examples/tiny/tiny.xbar');
  t.deepEqual(r.files, [...m.files.map((f) => f.path), 'manifest.json'].sort());
  t.is(holder(m, 'tiny'), 'tiny.vams');
  t.is(holder(m, 'tiny_array_prog'), 'tiny_array_prog.va');
  t.is(holder(m, 'tiny_array_prog_c3n'), 'tiny_array_prog.va');
  t.is(holder(m, 'ideal'), 'ideal.va');
  t.is(holder(m, 'column_readout'), 'column_readout.va');
  t.deepEqual(m.tiles.map((x) => [x.module, x.conductancesFrom]), [['tiny', { testbench: 'hand_check', tile: 'tiny' }]]);
  t.regex(readFileSync(path.join(r.out, 'tiny.vams'), 'utf8'), /^\/\/ Top module: tiny\.$/m);
});

test('HERMES --tile c[0] --t-inference 1day: exit 0, the programmed core at one day', (t) => {
  const r = exportTo(['examples/hermes-core/hermes.xbar', '--tile', 'c[0]', '--t-inference', '1 day']);
  t.is(r.status, 0, r.stderr);
  const m = r.manifest!;
  t.deepEqual(r.files, [...m.files.map((f) => f.path), 'manifest.json'].sort());
  t.is(holder(m, 'core'), 'core.vams');
  t.is(holder(m, 'core_array_prog'), 'core_array_prog.va');
  t.deepEqual(m.chips, []);
  const arr = readFileSync(path.join(r.out, 'core_array_prog.va'), 'utf8');
  t.regex(arr, /t_inference 86400 s \(--t-inference\)/);
  t.regex(arr, /parameter real t_inference = 86400 from \[0:inf\);/);
});

test('HERMES whole chip: exit 0, the chip module is the top, one programmed core', (t) => {
  const r = exportTo(['examples/hermes-core/hermes.xbar']);
  t.is(r.status, 0, r.stderr);
  const m = r.manifest!;
  t.deepEqual(r.files, [...m.files.map((f) => f.path), 'manifest.json'].sort());
  t.is(holder(m, 'hermes'), 'hermes.vams');
  t.is(holder(m, 'core_unprogrammed'), 'core_unprogrammed.vams');
  t.is(holder(m, 'link_lane'), 'link_lane.va');
  t.is(m.chips[0]!.instances.length, 64);
  t.is(r.files.filter((f) => f.endsWith('_prog.va')).length, 1);
  t.regex(readFileSync(path.join(r.out, 'hermes.vams'), 'utf8'), /^\/\/ Top module: hermes\.$/m);
  t.regex(readFileSync(path.join(r.out, 'core.vams'), 'utf8'), /^\/\/ Top module: core \(the chip hermes, in hermes\.vams, instantiates it\)\.$/m);
});
