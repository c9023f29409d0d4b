// The external proof that the emulator is cycle-accurate: for a tile, the VCD of its Verilog
// timing model run in Icarus and the VCD of the emulator running the same testbench have, on
// every handshake signal of every stage (valid, ready, busy, and the ADCs' convert), exactly
// the same transitions at the same times (fs). Checked for the tiny example, the HERMES core
// c[0] with its testbench's 100 vectors, the ISAAC tile, a changed description, names that are
// not legal Verilog, a `run for`, and seeded random tiles covering every stage kind the
// emulator times without looking at the data. A model made one cycle wrong on purpose fails,
// and the message shows the first transition that differs.
// Skipped, with a log line, only where iverilog is not installed.
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDiagnostics } from '../../dsl/diagnostics/render.js';
import type { SourceSet } from '../../dsl/diagnostics/source.js';
import type { Checked } from '../../dsl/ir/nodes.js';
import { nodeHost } from '../../dsl/load.js';
import { frontEnd } from '../../dsl/pipeline.js';
import { Rng } from '../../emulator/random.js';
import { runTestbench } from '../../testbenches/run.js';
import { checkText } from '../../test/helpers.js';
import { planExport, type PlanRequest } from '../plan.js';
import { compareVcdTexts } from './compare.js';
import { crossCheck } from './cross-check.js';
import { emitVerilog } from './emit.js';
import { icarusAvailable, runIcarus } from './icarus.js';
import { prepareVerilog } from './prepare.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const SKIP = 'Icarus cross-check SKIPPED: iverilog or vvp is not installed (apt-get install iverilog; .ci/run installs it)';

interface Design {
  design: Checked;
  sources: SourceSet;
  source: string;
}

function example(ex: string): Design {
  const r = frontEnd(path.join(ROOT, ex), nodeHost(ROOT))!;
  if (!r.design) throw new Error(renderDiagnostics(r.diagnostics, r.sources, { color: false }));
  return { design: r.design, sources: r.sources, source: ex };
}

function fromText(src: string): Design {
  const c = checkText(src);
  if (!c.result.design) throw new Error(`${c.text}\n${src}`);
  return { design: c.result.design, sources: c.result.sources, source: 'main.xbar' };
}

/** Cross-check every exported tile; returns the transitions compared. */
async function agree(t: ExecutionContext, d: Design, req: PlanRequest = {}, label = d.source, quiet = false): Promise<number> {
  const x = await crossCheck(d.design, d.sources, d.source, req);
  let n = 0;
  for (const c of x.tiles) {
    t.is(c.icarus.compileStderr, '', `${label}: iverilog -Wall is silent`);
    t.is(c.emulatorDiagnostics, 0, `${label}: the emulator ran the testbench`);
    t.truthy(c.comparison, `${label}: both VCDs were written`);
    if (!c.comparison) continue;
    t.deepEqual(c.comparison.differences, [], `${label} (${c.tile.module}): the first differing transition of each signal:\n${c.comparison.differences.join('\n')}`);
    for (const s of c.comparison.signals) t.is(s.verilogTransitions, s.emulatorTransitions, s.emulator);
    t.true(c.comparison.transitions > 0);
    n += c.comparison.transitions;
    if (!quiet) t.log(
      `${label} ${c.tile.drive.emulatorScope.join('.')}: ${c.comparison.signals.length} signals, ${c.comparison.transitions} transitions equal` +
        ` (${c.tile.drive.vectors} vectors; iverilog ${c.icarus.compileMs.toFixed(0)} ms, vvp ${c.icarus.runMs.toFixed(0)} ms, emulator ${c.emulatorMs.toFixed(0)} ms)`,
    );
  }
  return n;
}

function needsIcarus(t: ExecutionContext): boolean {
  if (icarusAvailable()) return true;
  t.log(SKIP);
  t.pass();
  return false;
}

test('tiny: every handshake transition at the same time in both VCDs', async (t) => {
  if (!needsIcarus(t)) return;
  t.is(await agree(t, example('examples/tiny/tiny.xbar')), 39);
});

test('HERMES core c[0], its testbench\'s 100 vectors: every handshake transition at the same time', async (t) => {
  if (!needsIcarus(t)) return;
  t.true((await agree(t, example('examples/hermes-core/hermes.xbar'), { tile: 'c[0]' })) > 1000);
});

test('ISAAC tile (bit-serial slices, S&H, SAR over 128 columns, shift-and-add): every transition at the same time', async (t) => {
  if (!needsIcarus(t)) return;
  t.true((await agree(t, example('examples/isaac-tile/isaac.xbar'))) > 1000);
});

test('tiny with t_lsb = 2 ns: a longer window in the model, and the traces still agree', async (t) => {
  if (!needsIcarus(t)) return;
  const src = readFileSync(path.join(ROOT, 'examples/tiny/tiny.xbar'), 'utf8').replace('t_lsb = 1 ns', 't_lsb = 2 ns');
  const d = fromText(src);
  const tile = prepareVerilog(planExport(d.design, d.sources, d.source, 'xbar (test)'), {}).tiles[0]!;
  t.deepEqual(tile.stages[1]!.timing, { kind: 'input', window: 14, slices: 1, live: true });
  await agree(t, d, {}, 'tiny, t_lsb = 2 ns');
});

test('names that are not legal Verilog (tile `module`, instances `input`, `wire`, `reg`, `source`, path c[3]) come out legal and still agree', async (t) => {
  if (!needsIcarus(t)) return;
  const src = (last: string) => `clock clk = 1 GHz;
tile module {
  clock = clk;
  pwm input[4] { bits = 4; t_lsb = 1 ns; }
  crossbar wire { rows = 4; cols = 4; cell = differential(ideal); out_noise = 0; }
  sample_hold reg[4];
  sar output[1] { bits = 6; mux = 4; out_bound = 4; f_sample = 1 GHz; }
  digital ${last}[4];
  connect input -> wire -> reg -> output -> ${last};
}
chip top { clock = clk; module c[4]; }
testbench tb for top {
  program c[3] with random_weights(-1, 1);
  drive c[3] with random_codes(3);
  run until idle;
}
`;
  const d = fromText(src('always'));
  const plan = planExport(d.design, d.sources, d.source, 'xbar (test)', { tile: 'c[3]' });
  const names = plan.tiles[0]!.instances.map((i) => i.name);
  t.deepEqual(names, ['input_x', 'wire_x', 'reg_x', 'output_x', 'always_x']);
  t.is(plan.tiles[0]!.module, 'module_x');
  const files = emitVerilog(plan, {});
  const v = files.find((f) => f.path === 'module_x.v')!.text;
  // the DACs are part of the array's stage (named after the crossbar), as in the emulator
  for (const n of names.slice(1)) t.regex(v, new RegExp(`\\n  module_x_stage_${n} ${n} \\(\\n`), `instance ${n} uses the plan's name`);
  t.regex(v, /\/\/ Stage `wire_x`: DACs \+ crossbar, input_x\[4\] of /);
  t.regex(v, /\nmodule module_x \(\n/);
  t.regex(files.find((f) => f.path === 'tb_module_x.v')!.text, /\n {2}module_x c_3 \(\.clk\(clk\)/);
  await agree(t, d, { tile: 'c[3]' }, 'module/c[3]');
  // An instance named `source` shares the emulator's scope of its source stage (its signals
  // there are valid_2, ready_2, busy_2); the Verilog's own source stage becomes source_2.
  const s = fromText(src('source'));
  const tile = prepareVerilog(planExport(s.design, s.sources, s.source, 'xbar (test)', { tile: 'c[3]' }), {}).tiles[0]!;
  t.deepEqual(tile.stages.map((x) => x.instance), ['source_2', 'wire_x', 'reg_x', 'output_x', 'source', 'sink']);
  t.deepEqual(tile.stages[4]!.signals.map((p) => p.emulator), ['top.c[3].source.valid_2', 'top.c[3].source.ready_2', 'top.c[3].source.busy_2']);
  await agree(t, s, { tile: 'c[3]' }, 'instance named source');
});

test('`run for 40 ns`: both stop at the same edge, with the same transitions up to it', async (t) => {
  if (!needsIcarus(t)) return;
  const d = fromText(`clock clk = 1 GHz;
tile t {
  clock = clk;
  pwm dacs[4] { bits = 3; t_lsb = 1 ns; }
  crossbar array { rows = 4; cols = 4; cell = differential(ideal); out_noise = 0; }
  flash adcs[4] { bits = 6; out_bound = 4; }
  connect dacs -> array -> adcs;
}
testbench tb for t { drive t with random_codes(20); run for 40 ns; }
`);
  await agree(t, d, {}, 'run for 40 ns');
});

test('a model one cycle off is caught, and the message shows the first differing transition', async (t) => {
  if (!needsIcarus(t)) return;
  const d = example('examples/tiny/tiny.xbar');
  const plan = planExport(d.design, d.sources, d.source, 'xbar (test)');
  const tile = prepareVerilog(plan, {}).tiles[0]!;
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-verilog-off-'));
  try {
    for (const f of emitVerilog(plan, {})) writeFileSync(path.join(dir, f.path), f.text.replace("WINDOW = 64'd7;", "WINDOW = 64'd8;"));
    const run = runIcarus(dir, tile);
    t.is(run.compileStderr, '');
    const vcd = path.join(dir, 'emulator.vcd');
    await runTestbench(plan.tiles[0]!.programmedBy!.testbench, { vcd });
    const cmp = compareVcdTexts(readFileSync(vcd, 'utf8'), run.vcd!, tile.signals);
    t.true(cmp.differences.length > 0);
    // the window ends at 8 ns in the emulator, at 9 ns in the broken model
    t.true(cmp.differences.includes('tiny.tiny.array.valid vs tb_tiny.tiny.array.valid: transition 1: emulator 1 at 8000000 fs, Verilog 1 at 9000000 fs (both went to 0 at 0 fs before)'), cmp.differences.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A random tile of every stage kind the model covers, and a testbench driving 1..8 vectors. */
function randomTile(seed: number): string {
  const r = new Rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[r.int(0, xs.length - 1)]!;
  const dur = (lo: number, hi: number) => (r.uniform() < 0.3 ? `${r.int(lo, hi)} cycles` : `${r.int(lo * 10, hi * 10) / 10} ns`);
  const parts: string[] = [];
  const chain = ['dacs', 'array'];
  const dac = pick(['pwm', 'voltage', 'bit_serial'] as const);
  if (dac === 'pwm') parts.push(`pwm dacs[4] { bits = ${r.int(2, 6)}; t_lsb = ${r.int(3, 20) / 10} ns; phases = ${r.int(1, 2)}; }`);
  else if (dac === 'voltage') parts.push(`voltage dacs[4] { bits = ${r.int(2, 6)}; t_conv = ${r.int(5, 50) / 10} ns; }`);
  else parts.push(`bit_serial dacs[4] { bits = ${r.int(3, 8)}; bits_per_cycle = ${r.int(1, 3)}; t_cycle = ${r.int(10, 50) / 10} ns; }`);
  parts.push('crossbar array { rows = 4; cols = 4; cell = differential(ideal); out_noise = 0; }');
  const hold = pick(['none', 'sh', 'integ'] as const);
  if (hold === 'sh') parts.push(`sample_hold sh[4] { t_sample = ${dur(0, 3)}; }`);
  if (hold === 'integ') parts.push(`integrator integ[4] { t_integrate = ${dur(1, 30)}; }`);
  if (hold !== 'none') chain.push(hold);
  const adc = pick(hold === 'none' ? (['flash', 'sar', 'pipeline', 'cco'] as const) : (['flash', 'sar', 'pipeline'] as const));
  const mux = adc === 'cco' ? 1 : pick([1, 2, 4]);
  const timing = adc === 'flash' ? `t_conv = ${r.int(3, 30) / 10} ns;` : adc === 'cco' ? '' : `f_sample = ${pick(['500 MHz', '1 GHz', '1.28 GHz', '2 GHz'])};`;
  parts.push(`${adc} adcs[${4 / mux}] { bits = 6; mux = ${mux}; out_bound = 4; ${timing} }`);
  chain.push('adcs');
  if (dac === 'bit_serial' || r.uniform() < 0.3) {
    parts.push(`shift_add sa[4] { latency = ${dur(0, 3)}; }`);
    chain.push('sa');
  }
  if (r.uniform() < 0.5) {
    parts.push(`digital post[4] { latency = ${dur(0, 3)}; }`);
    chain.push('post');
  }
  if (r.uniform() < 0.4) {
    parts.push(r.uniform() < 0.5 ? `fifo buf[4] { depth = ${r.int(1, 3)}; latency = ${dur(0, 4)}; }` : `edram buf[4] { size = ${r.int(32, 128)} bit; t_access = ${dur(0, 4)}; }`);
    chain.push('buf');
  }
  const clock = pick(['1 GHz', '1.28 GHz', '800 MHz', '333 MHz', '2.5 GHz']);
  return `clock clk = ${clock};
tile t {
  clock = clk;
  ${parts.join('\n  ')}
  connect ${chain.join(' -> ')};
}
testbench tb for t {
  seed = ${seed};
  program t with random_weights(-1, 1);
  drive t with random_codes(${r.int(1, 8)});
  run until idle;
}
`;
}

test('seeded random tiles (every DAC, hold, ADC and digital kind; odd clock periods; back-pressure): the traces agree', async (t) => {
  if (!needsIcarus(t)) return;
  let transitions = 0;
  const seeds = 60;
  for (let seed = 1; seed <= seeds; seed++) transitions += await agree(t, fromText(randomTile(seed)), {}, `random tile, seed ${seed}`, true);
  t.log(`${seeds} random tiles: ${transitions} transitions equal`);
});
