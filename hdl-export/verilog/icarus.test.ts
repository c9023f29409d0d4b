// The exported Verilog in Icarus Verilog: every example tile (tiny, the HERMES core c[0], the
// ISAAC tile) compiles with `iverilog -g2005 -Wall` with no warning at all (empty stderr), runs
// in `vvp`, gives every result the testbench waits for, and writes its VCD; so do a testbench
// that drives nothing, one that drives --input, and one that stops at `run for`. run.sh runs
// them all. Skipped, with a log line, only where iverilog is not installed (.ci/run installs it).
// Times are logged for the report, never asserted.
import test, { type ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDiagnostics } from '../../dsl/diagnostics/render.js';
import { nodeHost } from '../../dsl/load.js';
import { frontEnd } from '../../dsl/pipeline.js';
import { readVcd } from '../../emulator/trace/vcd-reader.js';
import { checkText } from '../../test/helpers.js';
import type { EmitOptions } from '../export.js';
import { planExport, type PlanRequest } from '../plan.js';
import { emitVerilog } from './emit.js';
import { icarusAvailable, runIcarus } from './icarus.js';
import { prepareVerilog } from './prepare.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

const SKIP = 'Icarus checks SKIPPED: iverilog or vvp is not installed (apt-get install iverilog; .ci/run installs it)';

function needsIcarus(t: ExecutionContext): boolean {
  if (icarusAvailable()) return true;
  t.log(SKIP);
  t.pass();
  return false;
}

function design(ex: string) {
  if (ex.startsWith('clock')) {
    const c = checkText(ex);
    if (!c.result.design) throw new Error(c.text);
    return { design: c.result.design, sources: c.result.sources, source: 'main.xbar' };
  }
  const r = frontEnd(path.join(ROOT, ex), nodeHost(ROOT))!;
  if (!r.design) throw new Error(renderDiagnostics(r.diagnostics, r.sources, { color: false }));
  return { design: r.design, sources: r.sources, source: ex };
}

/** Export, write to a fresh folder, compile and run every tile; returns what each run gave. */
function exportAndRun(ex: string, req: PlanRequest = {}, opts: EmitOptions = {}) {
  const d = design(ex);
  const plan = planExport(d.design, d.sources, d.source, 'xbar (test)', req);
  const files = emitVerilog(plan, opts);
  const tiles = prepareVerilog(plan, opts).tiles;
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-icarus-'));
  for (const f of files) writeFileSync(path.join(dir, f.path), f.text);
  return { dir, tiles, runs: tiles.map((tile) => ({ tile, run: runIcarus(dir, tile) })) };
}

const EXAMPLES: [string, PlanRequest][] = [
  ['examples/tiny/tiny.xbar', {}],
  ['examples/hermes-core/hermes.xbar', { tile: 'c[0]' }],
  ['examples/isaac-tile/isaac.xbar', {}],
];

for (const [ex, req] of EXAMPLES) {
  test(`${ex}${req.tile ? ` --tile ${req.tile}` : ''}: iverilog -g2005 -Wall compiles it with no warning and vvp runs it`, (t) => {
    if (!needsIcarus(t)) return;
    const { dir, runs } = exportAndRun(ex, req);
    try {
      for (const { tile, run } of runs) {
        t.is(run.compileStatus, 0, run.compileStderr);
        t.is(run.compileStderr, '', 'no warning from iverilog -Wall');
        t.is(run.compileStdout, '');
        t.is(run.runStatus, 0, run.runStderr);
        t.is(run.runStderr, '');
        t.false(run.runStdout.includes('ERROR'), run.runStdout);
        t.regex(run.runStdout, new RegExp(`${tile.testbench}: ${tile.drive.vectors} vectors, ${tile.results} results, the last at \\d+ fs`));
        const vcd = readVcd(run.vcd!);
        t.is(vcd.timescaleFs, 1n);
        for (const s of tile.signals) t.true(vcd.changes.has(s.verilog), `${s.verilog} is in the VCD`);
        t.log(`${tile.testbench}: compiled in ${run.compileMs.toFixed(0)} ms, ran in ${run.runMs.toFixed(0)} ms (${tile.drive.vectors} vectors, ${vcd.endTime} fs simulated)`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

const TILE = `clock clk = 1.28 GHz;
tile t {
  clock = clk;
  bit_serial dacs[4] { bits = 5; bits_per_cycle = 2; t_cycle = 3 ns; }
  crossbar array { rows = 4; cols = 4; cell = differential(ideal); out_noise = 0; }
  sample_hold sh[4] { t_sample = 2 cycles; }
  pipeline adcs[2] { bits = 6; mux = 2; out_bound = 4; f_sample = 1 GHz; }
  shift_add sa[4];
  fifo buf[4] { depth = 1; latency = 3 cycles; }
  connect dacs -> array -> sh -> adcs -> sa -> buf;
}
`;

test('no testbench, --input, and `run for`: the testbenches compile cleanly and end where they should', (t) => {
  if (!needsIcarus(t)) return;
  const cases: [string, EmitOptions, (out: string) => void][] = [
    [TILE, {}, (out) => t.regex(out, /tb_t: 0 vectors, 0 results, the last at 0 fs/)],
    [TILE, { input: [15, -15, 0, 7] }, (out) => t.regex(out, /tb_t: 1 vectors, 1 results/)],
    [`${TILE}testbench tb for t { drive t with random_codes(20); run for 40 ns; }\n`, {}, (out) => t.regex(out, /tb_t: 20 vectors, \d+ results by 40000001 fs/)],
  ];
  for (const [src, opts, check] of cases) {
    const { dir, runs } = exportAndRun(src, {}, opts);
    try {
      const { run } = runs[0]!;
      t.is(run.compileStderr, '');
      t.is(run.runStatus, 0);
      check(run.runStdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('run.sh compiles and runs every tile of an export', (t) => {
  if (!needsIcarus(t)) return;
  const { dir, tiles } = exportAndRun('examples/tiny/tiny.xbar');
  try {
    const r = spawnSync('sh', [path.join(dir, 'run.sh')], { encoding: 'utf8' });
    t.is(r.status, 0, r.stderr);
    t.regex(r.stdout, /tb_tiny: 2 vectors, 2 results, the last at 21000000 fs/);
    t.true(readFileSync(path.join(dir, tiles[0]!.vcdFile), 'utf8').includes('$enddefinitions'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
