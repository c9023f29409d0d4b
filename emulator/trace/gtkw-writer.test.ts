import test from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenTrace } from '../../test/vcd/traces.js';
import { gtkwPathFor, gtkwText, writeGtkw } from './gtkw-writer.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GOLDEN = path.join(HERE, '../../test/vcd/golden-writer.gtkw');

test('golden .gtkw for the golden trace (UPDATE_GOLDEN=1 rewrites it)', (t) => {
  const text = gtkwText(goldenTrace().vars, 'golden-writer.vcd', 'golden-writer.gtkw');
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.writeFileSync(GOLDEN, text);
    t.log(`wrote ${GOLDEN}`);
  }
  t.is(text, fs.readFileSync(GOLDEN, 'utf8'));
});

test('layout: relative dumpfile and savefile, treeopen per scope, groups where their first member is, flags per kind, analog height rows', (t) => {
  const text = gtkwText(goldenTrace().vars, 'run.vcd', 'run.gtkw');
  const lines = text.trimEnd().split('\n');
  t.is(lines[1], '[dumpfile] "run.vcd"');
  t.is(lines[2], '[savefile] "run.gtkw"');
  t.true(lines.includes('[timestart] 0'));
  t.true(lines.includes('[size] 1200 720'));
  t.deepEqual(
    lines.filter((l) => l.startsWith('[treeopen]')),
    ['[treeopen] hermes.', '[treeopen] hermes.c[0].', '[treeopen] hermes.c[0].dacs.', '[treeopen] hermes.c[0].adcs.', '[treeopen] hermes.c[1].'],
  );
  const body = lines.slice(lines.indexOf('[sst_vpaned_height] 180') + 1);
  t.deepEqual(body, [
    '@800200', '-control',
    '@28', 'hermes.clk', 'hermes.reset',
    '@1000200', '-control',
    '@800200', '-dac',
    '@22', 'hermes.c[0].dacs.code[7:0]',
    '@8028', 'hermes.c[0].dacs.vout',
    '@20000', '-', '-', '-',
    '@1000200', '-dac',
    '@800200', '-adc',
    '@8028', 'hermes.c[0].adcs.vin',
    '@20000', '-', '-', '-',
    '@424', 'hermes.c[0].adcs.conversions',
    '@28', 'hermes.c[0].adcs.sample',
    '@22', 'hermes.c[0].adcs.dout[7:0]',
    '@1000200', '-adc',
    '@28', 'hermes.c[1].\\i.sense',
    '@424', 'hermes.offset',
  ]);
  t.true(gtkwText(goldenTrace().vars, 'run.vcd', 'run.gtkw', { analog: 'interpolated' }).includes('@10028\nhermes.c[0].dacs.vout\n'));
});

test('writeGtkw writes run.gtkw beside run.vcd, deterministically', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xbar-gtkw-'));
  try {
    const vcd = path.join(dir, 'run.vcd');
    const p = writeGtkw(vcd, goldenTrace().vars);
    t.is(p, path.join(dir, 'run.gtkw'));
    const a = fs.readFileSync(p);
    writeGtkw(vcd, goldenTrace().vars);
    t.deepEqual(fs.readFileSync(p), a);
    t.false(a.toString().includes(dir), 'no absolute paths');
    t.is(gtkwPathFor('x/y.vcd'), 'x/y.gtkw');
    t.is(gtkwPathFor('x/y.trace'), 'x/y.trace.gtkw');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
