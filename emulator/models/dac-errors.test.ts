// DAC errors against their formulas (emulator/models/dac-errors.ts).
import test from 'ava';
import { Rng } from '../random.js';
import { applyDacErrors, dacProfile, dacTableProblems, levelCount, type DacErrors, type DacShape } from './dac-errors.js';

const NONE: DacErrors = { inl: null, inlSigma: 0, tSkew: 0, tJitter: 0 };
const PWM4: DacShape = { kind: 'pwm', bits: 4, signed: true, tLsb: 1e-9, phases: 1, bitsPerCycle: 1 };
const V3: DacShape = { kind: 'voltage', bits: 3, signed: true, tLsb: 0, phases: 1, bitsPerCycle: 1 };
const BS: DacShape = { kind: 'bit_serial', bits: 5, signed: true, tLsb: 0, phases: 1, bitsPerCycle: 2 };

function run(p: DacShape, e: DacErrors, codes: number[], slice = 0, seed = 1, dacOf?: number[]) {
  const prof = dacProfile(p, e, codes.length, new Rng(seed))!;
  const out = new Float64Array(codes.length);
  const pulses = new Float64Array(codes.length);
  applyDacErrors(prof, codes, slice, dacOf ?? codes.map((_, i) => i), out, pulses);
  return { x: [...out], pulses: [...pulses] };
}

const close = (a: number[], b: number[], tol = 1e-12) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) <= tol);

test('no errors: no profile', (t) => {
  t.is(dacProfile(PWM4, NONE, 4, new Rng(1)), null);
  t.is(dacProfile(V3, NONE, 4, new Rng(1)), null);
});

test('PWM edge skew t_skew changes the charge by t_skew / t_lsb LSB', (t) => {
  // c_max = 7, window 7 ns; t_skew = 0.25 ns lengthens every nonzero pulse by 0.25 ns
  const r = run(PWM4, { ...NONE, tSkew: 0.25e-9 }, [1, 3, -2, 0, 7]);
  t.true(close(r.pulses, [1.25e-9, 3.25e-9, 2.25e-9, 0, 7e-9], 1e-21), `${r.pulses}`); // full scale clipped to the window
  // in LSB (x * c_max): |c| + 0.25 with the sign; zero stays zero
  t.true(close(r.x.map((x) => x * 7), [1.25, 3.25, -2.25, 0, 7]), `${r.x}`);
  // 4 phases: the skew is per phase, so the charge still moves by t_skew / t_lsb LSB
  const q = run({ ...PWM4, phases: 4 }, { ...NONE, tSkew: -0.5e-9 }, [2, -1]);
  t.true(close(q.x.map((x) => x * 7), [1.5, -0.5]), `${q.x}`);
  // each device conducts in one of the 4 phases (HERMES 4-phase mode): 2 - 0.5 ns and 1 - 0.5 ns
  t.true(close(q.pulses, [1.5e-9, 0.5e-9], 1e-21), `${q.pulses}`);
  // a skew longer than the pulse gives no pulse
  t.deepEqual(run(PWM4, { ...NONE, tSkew: -2e-9 }, [1]).x, [0]);
});

test('PWM edge jitter: pulse-length sd sqrt(2) t_jitter, seeded', (t) => {
  const sigma = 0.1e-9;
  const codes = Array.from({ length: 20000 }, () => 3);
  const r = run(PWM4, { ...NONE, tJitter: sigma }, codes, 0, 4);
  const d = r.pulses.map((L) => L - 3e-9);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  t.log(`t_jitter 0.1 ns: pulse-length sd ${(sd * 1e9).toFixed(4)} ns (expected ${(Math.SQRT2 * 0.1).toFixed(4)})`);
  t.true(Math.abs(sd / (Math.SQRT2 * sigma) - 1) < 0.03);
  t.true(Math.abs(mean) < 0.01 * sigma * 3);
  t.deepEqual(run(PWM4, { ...NONE, tJitter: sigma }, [1, 2, 3], 0, 4), run(PWM4, { ...NONE, tJitter: sigma }, [1, 2, 3], 0, 4));
});

test('voltage DAC INL table: code c drives (c + inl[c]) / c_max', (t) => {
  t.is(levelCount(V3), 7); // codes -3 .. 3
  const inl = [0.1, 0, 0, 0.05, -0.2, 0, 0];
  const r = run(V3, { ...NONE, inl }, [-3, 0, 1, 3, 2]);
  t.true(close(r.x, [(-3 + 0.1) / 3, 0.05 / 3, (1 - 0.2) / 3, 1, 2 / 3]), `${r.x}`);
  t.is(levelCount({ ...V3, signed: false }), 8); // codes 0 .. 7
});

test('voltage DAC random INL: one profile per DAC, reproducible, with the requested sigma', (t) => {
  const p: DacShape = { ...V3, bits: 8 }; // 255 codes, c_max 127
  const dacs = 200;
  const prof = dacProfile(p, { ...NONE, inlSigma: 0.3 }, dacs, new Rng(2))!;
  const again = dacProfile(p, { ...NONE, inlSigma: 0.3 }, dacs, new Rng(2))!;
  t.deepEqual(prof.levels, again.levels);
  let s2 = 0;
  for (const v of prof.levels!) s2 += v * v;
  const sd = Math.sqrt(s2 / prof.levels!.length);
  t.log(`inl_sigma 0.3: measured sd ${sd.toFixed(4)} over ${prof.levels!.length} levels`);
  t.true(Math.abs(sd / 0.3 - 1) < 0.03);
  // row r uses the profile of its DAC: rows 0 and 1 both driven by DAC 5 get the same level
  const out = new Float64Array(3);
  applyDacErrors(prof, [10, 10, 10], 0, [5, 5, 6], out);
  t.is(out[0], out[1]);
  t.not(out[0], out[2]);
  t.is(out[0], (10 + prof.levels![5 * 255 + 10 + 127]!) / 127);
});

test('bit-serial per-digit level errors', (t) => {
  // 2 bits per cycle: digits 1, 2, 3 have level errors; code -13 = -(1 + 3 * 4): slice 0 digit 1, slice 1 digit 3
  const inl = [0.1, -0.1, 0.2];
  t.true(close(run(BS, { ...NONE, inl }, [-13, 2, 0, 4], 0).x, [-(1.1) / 3, 1.9 / 3, 0, 0]));
  t.true(close(run(BS, { ...NONE, inl }, [-13, 2, 0, 4], 1).x, [-(3.2) / 3, 0, 0, 1.1 / 3]));
});

test('table checks: one value per code (digit), increasing levels', (t) => {
  t.deepEqual(dacTableProblems(V3, [0, 0, 0, 0, 0, 0, 0]), []);
  t.is(dacTableProblems(V3, [0, 0, 0])[0]!.code, 'E3025');
  t.regex(dacTableProblems(V3, [0, 0, 0])[0]!.message, /2\^bits - 1 = 7/);
  t.is(dacTableProblems(V3, [0, 0, 0, 0, -1, 0, 0])[0]!.code, 'E3026'); // code 1 at level 0 = code 0
  t.is(dacTableProblems(BS, [0, 0])[0]!.code, 'E3025');
  t.is(dacTableProblems(BS, [-1, 0, 0])[0]!.code, 'E3026'); // digit 1 at level 0
  t.deepEqual(dacTableProblems(BS, [-0.5, 0.4, 0]), []);
});
