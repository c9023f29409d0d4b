// Every example through `xbar export` in every format, as installed (dist/cli/main.js): exit 0,
// a manifest that lists exactly the files written, no temporary folder left behind, and the
// same bytes from a second export. What each format's files contain is checked by the tests
// under hdl-export/ (lint, admsXml, ngspice, iverilog + the emulator's VCD).
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(root, 'dist', 'cli', 'main.js');

/** Example files, and the tile a single-crossbar format needs on a chip. */
const EXAMPLES: { file: string; tile?: string }[] = [
  { file: 'examples/tiny/tiny.xbar' },
  { file: 'examples/isaac-tile/isaac.xbar' },
  { file: 'examples/hermes-core/hermes.xbar', tile: 'c[0]' },
  { file: 'examples/mnist-mlp/mnist-mlp.xbar', tile: 'c[0]' },
  { file: 'examples/neurram/neurram.xbar' },
  { file: 'examples/mnist-chip/mnist-chip.xbar', tile: 'c[0][0]' },
  { file: 'examples/mnist-training/mnist-training.xbar', tile: 't[0]' },
];
const FORMATS = ['verilog-a', 'netlist', 'spice', 'verilog'] as const;

function listFiles(dir: string, under = ''): string[] {
  return readdirSync(path.join(dir, under)).flatMap((f) => {
    const rel = under ? `${under}/${f}` : f;
    return statSync(path.join(dir, rel)).isDirectory() ? listFiles(dir, rel) : [rel];
  }).sort();
}

/** Run from the project root with the example's relative path, as the README does. */
function exportTo(out: string, format: string, file: string, tile?: string) {
  const args = [bin, 'export', format, file, '-o', out, ...(tile ? ['--tile', tile] : [])];
  return spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XBAR_DEBUG: '' } });
}

test('the examples are in the table above', (t) => {
  const found = readdirSync(path.join(root, 'examples')).flatMap((d) =>
    readdirSync(path.join(root, 'examples', d)).filter((f) => f.endsWith('.xbar')).map((f) => `examples/${d}/${f}`));
  t.deepEqual(found.sort(), EXAMPLES.map((e) => e.file).sort());
});

for (const ex of EXAMPLES) {
  for (const format of FORMATS) {
    const tile = format === 'spice' ? ex.tile : undefined;
    test(`xbar export ${format} ${ex.file}${tile ? ` --tile ${tile}` : ''}: exit 0, the manifest lists every file, the same bytes twice`, (t) => {
      const cwd = mkdtempSync(path.join(tmpdir(), 'xbar-export-ex-'));
      const r = exportTo(path.join(cwd, 'a'), format, ex.file, tile);
      t.is(r.status, 0, r.stderr);
      t.is(r.stderr, '');
      t.regex(r.stdout, new RegExp(`^${ex.file}: wrote \\d+ files to .*a/ \\(${format}; see .*a/manifest\\.json\\)\n$`));
      t.deepEqual(readdirSync(cwd), ['a'], 'no temporary folder left behind');
      const files = listFiles(path.join(cwd, 'a'));
      const manifest = JSON.parse(readFileSync(path.join(cwd, 'a', 'manifest.json'), 'utf8')) as { format: string; source: string; files: { path: string }[] };
      t.is(manifest.format, format);
      t.is(manifest.source, ex.file);
      t.deepEqual(files, [...manifest.files.map((f) => f.path), 'manifest.json'].sort());
      for (const f of files) {
        const text = readFileSync(path.join(cwd, 'a', f), 'utf8');
        t.false(text.includes(cwd) || text.includes(root), `${f} holds an absolute path`);
      }
      const again = exportTo(path.join(cwd, 'b'), format, ex.file, tile);
      t.is(again.status, 0, again.stderr);
      for (const f of files) t.true(readFileSync(path.join(cwd, 'a', f)).equals(readFileSync(path.join(cwd, 'b', f))), `${f} differs between two exports`);
    });
  }
}
