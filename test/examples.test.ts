// Examples are tests. Each example:
//   - checks with no diagnostics, and its IR dump matches a golden file;
//   - runs every testbench end to end, and every expectation passes;
//   - writes a VCD (into a temporary folder) that the strict checker accepts, that GTKWave
//     loads with no warning (with its .gtkw too), and whose read-back through GTKWave's Tcl
//     interface equals, value for value (reals included), what the emulator traced.
// The tiny example's VCD is also a golden file, and a second run gives the same bytes.
// UPDATE_GOLDEN=1 rewrites the goldens.
import test from 'ava';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDiagnostics } from '../dsl/diagnostics/render.js';
import { nodeHost } from '../dsl/load.js';
import { frontEnd } from '../dsl/pipeline.js';
import { printIr } from '../dsl/print-ir.js';
import { checkVcd, formatVcdErrors } from '../emulator/trace/vcd-check.js';
import { runTestbench } from '../testbenches/run.js';
import { gtkwaveAvailable, gtkwaveLoad, gtkwaveReadBack } from './gtkwave.js';
import { expectedGtkwave, RecordingSink } from './vcd/traces.js';
import { goldenFile } from './golden.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const GOLDEN = path.join(root, 'test', '__golden__', 'examples');
const examples = readdirSync(path.join(root, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(path.join(root, 'examples', d.name)).filter((f) => f.endsWith('.xbar')).map((f) => path.join('examples', d.name, f)));

const golden = (name: string, text: string) => goldenFile(GOLDEN, name, text);

function check(ex: string) {
  const r = frontEnd(path.join(root, ex), nodeHost(root))!;
  if (!r.design) throw new Error(renderDiagnostics(r.diagnostics, r.sources, { color: false }));
  return r;
}

test('there are at least the three examples of the front-end issue', (t) => {
  for (const e of ['examples/tiny/tiny.xbar', 'examples/hermes-core/hermes.xbar', 'examples/isaac-tile/isaac.xbar']) t.true(examples.includes(e), e);
});

for (const ex of examples) {
  const name = path.basename(ex, '.xbar');

  test(`${ex} checks clean and its IR matches the golden`, (t) => {
    const r = frontEnd(path.join(root, ex), nodeHost(root))!;
    t.deepEqual(r.diagnostics, [], renderDiagnostics(r.diagnostics, r.sources, { color: false }));
    const ir = printIr(r.design!);
    t.is(ir, golden(`${name}.ir.txt`, ir));
    t.false(ir.includes(root), 'no absolute paths in the IR dump');
  });

  test.serial(`${ex} runs every testbench; its VCD is valid, loads in GTKWave and reads back exactly`, async (t) => {
    const r = check(ex);
    for (const tb of r.design!.testbenches) {
      const dir = mkdtempSync(path.join(tmpdir(), `xbar-example-${name}-`));
      try {
        const vcd = path.join(dir, `${name}.vcd`);
        const rec = new RecordingSink();
        const res = await runTestbench(tb, { vcd, extraSink: rec, version: 'xbar (test)' });
        t.deepEqual(res.diagnostics, [], renderDiagnostics(res.diagnostics, r.sources, { color: false }));
        for (const e of res.expectations) t.true(e.passed, `${tb.name}: ${e.text} -- ${e.measured}`);
        t.true(res.ok);
        const text = readFileSync(vcd, 'utf8');
        const strict = checkVcd(text);
        t.true(strict.ok, formatVcdErrors(strict, vcd));
        t.false(existsSync(`${vcd}.partial`));
        if (!gtkwaveAvailable()) {
          t.log('GTKWave checks SKIPPED: gtkwave or xvfb-run not installed (.ci/run installs them)');
          continue;
        }
        const load = gtkwaveLoad(vcd, res.gtkw!);
        t.true(load.clean, `gtkwave -x: rc ${load.rc}\n${load.log}`);
        const back = gtkwaveReadBack(vcd);
        t.true(back.run.clean, back.run.log);
        const want = expectedGtkwave(rec.trace);
        t.true(want.size > 0);
        for (const [signal, changes] of want) {
          const got = back.signals.get(signal);
          t.truthy(got, `GTKWave has no ${signal}`);
          t.deepEqual(got!.changes.map((c) => `${c.t}:${c.v}`), changes.map((c) => `${c.t}:${c.v}`), signal);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
}

test('the tiny example: golden VCD, byte-identical on a second run with the same seed', async (t) => {
  const r = check('examples/tiny/tiny.xbar');
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-tiny-'));
  try {
    const run = async (file: string) => {
      await runTestbench(r.design!.testbenches[0]!, { vcd: path.join(dir, file), version: 'xbar (test)' });
      return readFileSync(path.join(dir, file), 'utf8');
    };
    const a = await run('a.vcd');
    const b = await run('b.vcd');
    t.is(a, b);
    t.is(a, golden('tiny.vcd', a));
    t.false(a.includes(root), 'no absolute paths in the VCD');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an interrupted run leaves a VCD that is valid up to its last complete time step', async (t) => {
  const r = check('examples/hermes-core/hermes.xbar');
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-interrupt-'));
  try {
    let polls = 0;
    const vcd = path.join(dir, 'cut.vcd');
    const res = await runTestbench(r.design!.testbenches[0]!, { vcd, shouldStop: () => ++polls > 2000 });
    t.true(res.interrupted);
    t.false(res.ok);
    const text = readFileSync(vcd, 'utf8');
    const strict = checkVcd(text);
    t.true(strict.ok, formatVcdErrors(strict, vcd));
    t.true(res.simulatedFs > 0n);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
