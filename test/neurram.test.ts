// NeuRRAM published-chip regression (issue 6): the NeuRRAM-like core (examples/neurram) over
// the input/output-bit sweep of Wan et al., Nature 2022, Fig. 12c,d, as CiMLoop reproduces it
// (../shared/reference/chips.md §5.D; CiMLoop workspace/models/arch/1_macro/wan_nature_2022/
// _tests.py). Each point is the example with its top-level params overridden
// (`in_bits`, `out_bits`, `one_phase`, as `xbar sim --param`).
//
// The reference's definitions (CiMLoop _tests.py): a 256 x 256 array of two cells per signed
// weight does 256 x 128 MACs = 65,536 ops per MVM; TOPS = 48 cores x 65,536 / (time of one
// MVM); TOPS/W = ops / energy (the same for one core or 48). CiMLoop's MVM time is
// sequential: Σ over phases of (2^k - 1) x 0.27 us integration + out-bit ADC steps x 0.3 us
// + 0.3 us per phase. So xbar's TOPS here is 48 x 65,536 / the measured latency per MVM (a
// vector's entry to its result), and TOPS/W is 65,536 / the measured energy per MVM.
// The example's word-line energy (crossbar e_wl) and neuron control energy (sar e_step) are
// derived from Fig. 12b's breakdown at 3b out / 1b in only (examples/neurram/README.md); the
// rest of the sweep and the 10b / 8b breakdown are the validation.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDiagnostics } from '../dsl/diagnostics/render.js';
import { memoryHost } from '../dsl/load.js';
import { frontEnd } from '../dsl/pipeline.js';
import { runTestbench } from '../testbenches/run.js';
import type { TileSummary } from '../testbenches/summary.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const FILE = 'examples/neurram/neurram.xbar';
const CORES = 48;
const OPS = 2 * 256 * 128;
const TOL = 0.15;

/** chips.md §5.D: (out, in, one-phase) -> published TOPS, TOPS/W (Fig. 12c,d via CiMLoop). */
const SWEEP: { out: number; inp: number; one: 0 | 1; tops: number; topsW: number }[] = [
  { out: 3, inp: 1, one: 1, tops: 2.122, topsW: 43.08 },
  { out: 4, inp: 2, one: 1, tops: 1.793, topsW: 40.33 },
  { out: 5, inp: 3, one: 1, tops: 1.165, topsW: 23.09 },
  { out: 6, inp: 4, one: 1, tops: 0.744, topsW: 15.95 },
  { out: 7, inp: 5, one: 1, tops: 0.452, topsW: 11.33 },
  { out: 8, inp: 6, one: 1, tops: 0.261, topsW: 9.12 },
  { out: 7, inp: 5, one: 0, tops: 0.525, topsW: 11.03 },
  { out: 8, inp: 6, one: 0, tops: 0.418, topsW: 8.26 },
  { out: 9, inp: 7, one: 0, tops: 0.344, topsW: 7.75 },
  { out: 10, inp: 8, one: 0, tops: 0.264, topsW: 6.44 },
];

/** xbar's measured values at each point (seed 12), asserted exactly where a gap is stated. */
const MEASURED: Record<string, { tops: string; topsW: string }> = {
  '3/1/1': { tops: '2.070', topsW: '44.23' },
  '4/2/1': { tops: '1.728', topsW: '38.57' },
  '5/3/1': { tops: '1.183', topsW: '22.74' },
  '6/4/1': { tops: '0.779', topsW: '14.92' },
  '7/5/1': { tops: '0.484', topsW: '9.88' },
  '8/6/1': { tops: '0.283', topsW: '6.39' },
  '7/5/0': { tops: '0.555', topsW: '10.03' },
  '8/6/0': { tops: '0.428', topsW: '7.96' },
  '9/7/0': { tops: '0.396', topsW: '6.59' },
  '10/8/0': { tops: '0.274', topsW: '5.30' },
};

const text = readFileSync(path.join(root, FILE), 'utf8').replace(/\n\s*trace [^\n]*\n/, '\n').replace(/\n\s*expect latency[^\n]*\n/, '\n');

async function point(out: number, inp: number, one: number): Promise<TileSummary> {
  const overrides = [
    { name: 'in_bits', value: String(inp) },
    { name: 'out_bits', value: String(out) },
    { name: 'one_phase', value: String(one) },
  ];
  const r = frontEnd('/virtual/neurram.xbar', memoryHost({ 'neurram.xbar': text }), { overrides });
  if (!r?.design) throw new Error(r ? renderDiagnostics(r.diagnostics, r.sources, { color: false }) : 'no front end');
  const res = await runTestbench(r.design.testbenches[0]!, {});
  if (!res.ok) throw new Error(`point ${out}/${inp}/${one} failed`);
  return res.tiles.find((x) => x.path === 'core')!;
}

const relErr = (x: number, p: number) => (x - p) / p;
const pct = (e: number) => `${e >= 0 ? '+' : ''}${(100 * e).toFixed(2)} %`;

let runs: Promise<TileSummary[]> | null = null;
const all = () => (runs ??= Promise.all(SWEEP.map((p) => point(p.out, p.inp, p.one))));

/** CiMLoop's MVM time for a point (variables_free.yaml, helper_functions.py). */
function cimloopTime(out: number, inp: number, one: number): number {
  const e = Math.max(1, inp - 1);
  const phases = one || e <= 3 ? [e] : [Math.ceil(e / 2), Math.floor(e / 2)];
  let integ = 0;
  let adc = 0;
  phases.forEach((p, i) => {
    integ += 2 ** p - 1;
    adc += Math.max(out - phases.slice(0, i).reduce((a, b) => a + b, 0), 0);
  });
  return integ * 0.27e-6 + adc * 0.3e-6 + phases.length * 0.3e-6;
}

test('NeuRRAM sweep: per-point TOPS and TOPS/W vs the CiMLoop reference table (logged)', async (t) => {
  const s = await all();
  const rows = ['| out | in | 1-phase | TOPS published | TOPS xbar | error | TOPS/W published | TOPS/W xbar | error |', '|---|---|---|---|---|---|---|---|---|'];
  SWEEP.forEach((p, i) => {
    const tops = (CORES * OPS) / s[i]!.latency! / 1e12;
    const topsW = OPS / s[i]!.energyPerMvm! / 1e12;
    rows.push(`| ${p.out} | ${p.inp} | ${p.one} | ${p.tops} | ${tops.toFixed(3)} | ${pct(relErr(tops, p.tops))} | ${p.topsW} | ${topsW.toFixed(2)} | ${pct(relErr(topsW, p.topsW))} |`);
  });
  t.log(`\n${rows.join('\n')}`);
  t.is(s.length, SWEEP.length);
});

test('NeuRRAM TOPS: within 15 % at 9 of 10 points; (9b out, 7b in, 2-phase) is +15.03 % (gap stated)', async (t) => {
  const s = await all();
  const missed: string[] = [];
  SWEEP.forEach((p, i) => {
    const key = `${p.out}/${p.inp}/${p.one}`;
    const tops = (CORES * OPS) / s[i]!.latency! / 1e12;
    t.is(tops.toFixed(3), MEASURED[key]!.tops, key);
    if (Math.abs(relErr(tops, p.tops)) > TOL) missed.push(`${key} ${pct(relErr(tops, p.tops))}`);
    // xbar's latency vs CiMLoop's own formula for these parameters (the reference's basis)
    t.true(Math.abs(relErr(s[i]!.latency!, cimloopTime(p.out, p.inp, p.one))) <= 0.12, key);
  });
  // The gap: in 2-phase mode xbar integrates phase 2 while the ADC converts phase 1 (the
  // integrator hands its value on), and converts every phase with all out_bits; CiMLoop runs
  // the phases one after the other and converts phase 2 with out - (phase-1 bits) steps.
  // At 9/7/0: xbar 1.89 + 3.0 + 3.0 us (+ hand-overs) = 7.95 us vs CiMLoop 8.88 us.
  t.deepEqual(missed, ['9/7/0 +15.03 %']);
  t.true(Math.abs(cimloopTime(9, 7, 0) - 8.88e-6) < 1e-12);
});

test('NeuRRAM TOPS/W: within 15 % at 8 of 10 points; (8b out, 6b in, 1-phase) -29.92 % and (10b, 8b, 2-phase) -17.71 % (gaps stated)', async (t) => {
  const s = await all();
  const missed: string[] = [];
  SWEEP.forEach((p, i) => {
    const key = `${p.out}/${p.inp}/${p.one}`;
    const topsW = OPS / s[i]!.energyPerMvm! / 1e12;
    t.is(topsW.toFixed(2), MEASURED[key]!.topsW, key);
    if (Math.abs(relErr(topsW, p.topsW)) > TOL) missed.push(`${key} ${pct(relErr(topsW, p.topsW))}`);
  });
  // The gaps: both points are below the published value, because xbar's array ("input
  // pulses") energy is too high there. The testbench drives uniform random codes: a digit of
  // a 5-bit phase is 15.5 pulses on average (8/6/1: 69.49 fJ/op of array energy), and at
  // 10/8/0 the array takes 47.97 fJ/op against Fig. 12b's 27.51; CiMLoop weights its pulses by
  // an input distribution that is not in the reference. At 10/8/0 the word lines add +24 %
  // (below). The energies per event are derived at 3/1/1 only (examples/neurram/README.md).
  t.deepEqual(missed, ['8/6/1 -29.92 %', '10/8/0 -17.71 %']);
});

test('NeuRRAM energy breakdown vs Fig. 12b: derived at 3b out / 1b in, validated at 10b / 8b', async (t) => {
  const s = await all();
  // fJ per op (65,536 ops per MVM), the unit of Fig. 12b's breakdown (chips.md §5.D: its
  // three parts at 3/1 sum to 23.06 fJ = 1 / 43.4 TOPS/W)
  const per = (k: number, names: string[]) =>
    (names.reduce((a, n) => a + (s[k]!.components.find((c) => c.name === n)?.energy ?? 0), 0) / s[k]!.vectors / OPS) * 1e15;
  const wl = (k: number) => per(k, ['wl_switching']);
  const neuron = (k: number) => per(k, ['integ', 'adcs', 'sa']);
  const pulses = (k: number) => per(k, ['dacs', 'array']); // row drivers + array, as CiMLoop groups them
  const rows = ['| point | part | Fig. 12b | xbar | error |', '|---|---|---|---|---|'];
  const parts: [string, (k: number) => number, number, number][] = [
    ['WL switching', wl, 8.99, 50.52],
    ['neuron ops + control', neuron, 10.62, 75.86],
    ['input pulses', pulses, 3.45, 27.51],
  ];
  for (const [name, f, p31, p108] of parts) {
    rows.push(`| 3/1 | ${name} | ${p31} | ${f(0).toFixed(2)} | ${pct(relErr(f(0), p31))} |`);
    rows.push(`| 10/8 | ${name} | ${p108} | ${f(9).toFixed(2)} | ${pct(relErr(f(9), p108))} |`);
  }
  t.log(`\n${rows.join('\n')}`);
  // 3/1 (the derivation point): e_wl = 8.99 fJ x 65,536 / 256 switchings = 2.30 pJ; neuron
  // control e_step = (10.62 fJ x 65,536 - 160.0 pJ) / 384 ADC steps = 1.40 pJ (rounded)
  t.is(wl(0).toFixed(2), '8.98');
  t.is(neuron(0).toFixed(2), '10.64');
  // 10/8 (validation): word lines once per input bit (7 magnitude bits, 7x the 3/1 count)
  // give 62.89 fJ against 50.52 (+24 %): Fig. 12b's WL part grows by 5.6x, not 7x, from 1 to
  // 7 input bits. Neuron ops + control: 77.54 against 75.86 (+2 %): 22 integration steps
  // (15 + 7) and 2 x 10 ADC steps (xbar converts each phase with all out_bits; CiMLoop
  // converts 10 + 6).
  t.is(wl(9).toFixed(2), '62.89');
  t.is(neuron(9).toFixed(2), '77.54');
  t.true(Math.abs(relErr(neuron(9), 75.86)) < 0.05);
  // Input pulses (v_read^2 G t_pulse |d| per row, not derived from Fig. 12b): 3/1 -14 %,
  // 10/8 +75 % (uniform random codes, see above).
  t.is(pulses(0).toFixed(2), '2.98');
  t.is(pulses(9).toFixed(2), '48.28');
});
