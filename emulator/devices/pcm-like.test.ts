// Golden tests of the PCM-like model against ../shared/reference/devices.md §1.2: the analytic
// tables (to the printed digits) and aihwkit's own Monte-Carlo means (within 1 %).
import test from 'ava';
import { Rng } from '../random.js';
import { deviceModel } from './index.js';
import {
  driftFactor,
  PCM_LIKE_DEFAULTS,
  PcmLikeModel,
  pcmDriftMu,
  pcmDriftSigma,
  pcmProgSigma,
  pcmQs,
  readTimeFactor,
} from './pcm-like.js';

const uS = 1e-6;
const HOUR = 3600;
const DAY = 86400;
const YEAR = 365 * DAY;

/** |got - printed| <= half a unit in the last printed digit (plus float slack). */
function printed(t: { true: (c: boolean, m?: string) => void }, got: number, text: string, what: string): void {
  const decimals = text.includes('.') ? text.split('.')[1]!.length : 0;
  const half = 0.5 * 10 ** -decimals;
  t.true(Math.abs(got - Number(text)) <= half * (1 + 1e-9), `${what}: got ${got}, printed ${text}`);
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

test('devices.md §1.2 analytic table: sigma_prog/g_max, mu_nu, sigma_nu, Q_s', (t) => {
  const d = PCM_LIKE_DEFAULTS;
  const rows: [number, string, string, string, string][] = [
    [0.01, '0.01132', '0.0958', '0.0450', '0.1756'],
    [0.05, '0.01435', '0.0708', '0.0315', '0.0617'],
    [0.1, '0.01793', '0.0601', '0.0229', '0.0393'],
    [0.2, '0.02438', '0.0493', '0.0142', '0.0251'],
    [0.5, '0.03811', '0.0490', '0.0080', '0.0138'],
    [1.0, '0.04222', '0.0490', '0.0080', '0.0088'],
  ];
  for (const [x, sp, mu, sn, qs] of rows) {
    const g = x * d.gMax;
    printed(t, pcmProgSigma(g, d.gMax, d.progCoeff, d.progCoeffGRef) / d.gMax, sp, `sigma_prog/g_max at ${x}`);
    printed(t, pcmDriftMu(x), mu, `mu_nu at ${x}`);
    printed(t, pcmDriftSigma(x), sn, `sigma_nu at ${x}`);
    printed(t, pcmQs(x), qs, `Q_s at ${x}`);
  }
  // The closed form in units of g_max, independent of g_max (devices.md: 0.0105 at 0, 0.0381 at 0.5).
  for (const gMax of [10 * uS, 25 * uS, 100 * uS]) {
    printed(t, pcmProgSigma(0, gMax, d.progCoeff, d.progCoeffGRef) * (d.progCoeffGRef / gMax) / d.progCoeffGRef, '0.0105', 'x = 0');
    const s = pcmProgSigma(0.5 * gMax, gMax, d.progCoeff, d.progCoeffGRef) / gMax;
    printed(t, s, '0.0381', `x = 0.5 at g_max ${gMax}`);
  }
  // Clip corners: mu_nu floor above x = 0.2045, ceiling below 0.0076; sigma_nu 0.008 above 0.329, 0.045 below 0.017.
  t.is(pcmDriftMu(0.21), 0.049);
  t.is(pcmDriftMu(0.007), 0.1);
  t.is(pcmDriftSigma(0.33), 0.008);
  t.is(pcmDriftSigma(0.016), 0.045);
  t.is(pcmDriftMu(0), 0.1); // x floored at 1e-7
  t.is(pcmQs(0), 0.2);
  t.is(pcmQs(1e-5), 0.2);
});

test('devices.md §1.2 time table: sqrt(ln((t+t_r)/2t_r)) and (t/t0)^-nu', (t) => {
  const { t0, tRead } = PCM_LIKE_DEFAULTS;
  const rows: [number, string, string, string][] = [
    [0, '4.184', '1', '1'],
    [1, '4.190', '0.9976', '0.9951'],
    [HOUR, '4.765', '0.7751', '0.5946'],
    [DAY, '5.087', '0.6635', '0.4330'],
    [YEAR, '5.637', '0.4969', '0.2400'],
    [10 * YEAR, '5.838', '0.4439', '0.1906'],
  ];
  for (const [tInf, tf, d49, d10] of rows) {
    printed(t, readTimeFactor(tInf + t0, tRead), tf, `time factor at ${tInf}`);
    printed(t, driftFactor(tInf, t0, 0.049), d49, `drift 0.049 at ${tInf}`);
    printed(t, driftFactor(tInf, t0, 0.1), d10, `drift 0.1 at ${tInf}`);
  }
  t.is(driftFactor(0, t0, 0.3), 1);
  // Read noise at t_inference = 0 and x = 1: 3.7 %.
  printed(t, pcmQs(1) * readTimeFactor(t0, tRead), '0.037', 'read sigma at t = 0, x = 1');
});

/** Monte Carlo over n devices at x = g_T/g_max: programming sigma, nu stats, E[g(t)]/g_T. */
function monteCarlo(x: number, n: number, seed: number) {
  const model = new PcmLikeModel();
  const gT = x * model.gMax;
  const target = new Float64Array(n).fill(gT);
  const rng = new Rng(seed);
  const prog = model.program(target, rng.fork('program'));
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const d = prog.gProg[i]! - gT;
    s += d;
    s2 += d * d;
  }
  const sigmaProg = Math.sqrt(s2 / n - (s / n) ** 2);
  let m = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    m += prog.nu[i]!;
    m2 += prog.nu[i]! ** 2;
  }
  const nuMean = m / n;
  const nuSd = Math.sqrt(m2 / n - nuMean * nuMean);
  const out = new Float64Array(n);
  const ratio = (tInf: number) => {
    model.drift(prog, tInf, rng.fork(`read@${tInf}`), out);
    let acc = 0;
    for (let i = 0; i < n; i++) acc += out[i]!;
    return acc / n / gT;
  };
  return { sigmaProg, nuMean, nuSd, h: ratio(HOUR), d: ratio(DAY), y: ratio(YEAR) };
}

test('Monte Carlo at g_T/g_max = 1 (2e5 devices) matches aihwkit within 1 %', (t) => {
  const r = monteCarlo(1, 200_000, 11);
  t.log(`x=1: sigma_prog ${(r.sigmaProg / uS).toFixed(4)} uS, nu ${r.nuMean.toFixed(5)} +- ${r.nuSd.toFixed(5)}, E[g]/g_T 1h ${r.h.toFixed(4)} 1d ${r.d.toFixed(4)} 1y ${r.y.toFixed(4)}`);
  t.true(rel(r.sigmaProg, 1.057 * uS) < 0.01, `sigma_prog ${r.sigmaProg}`);
  t.true(rel(r.nuMean, 0.049) < 0.01, `nu mean ${r.nuMean}`);
  t.true(rel(r.nuSd, 0.008) < 0.01, `nu sd ${r.nuSd}`);
  t.true(rel(r.h, 0.776) < 0.01, `1 h ${r.h}`);
  t.true(rel(r.d, 0.665) < 0.01, `1 day ${r.d}`);
  t.true(rel(r.y, 0.5) < 0.01, `1 year ${r.y}`);
});

test('Monte Carlo at g_T/g_max = 0.05 (2e5 devices) matches aihwkit within 1 %', (t) => {
  const r = monteCarlo(0.05, 200_000, 12);
  t.log(`x=0.05: sigma_prog ${(r.sigmaProg / uS).toFixed(4)} uS, nu ${r.nuMean.toFixed(5)} +- ${r.nuSd.toFixed(5)}, E[g]/g_T 1h ${r.h.toFixed(4)} 1d ${r.d.toFixed(4)} 1y ${r.y.toFixed(4)}`);
  t.true(rel(r.nuMean, 0.071) < 0.01, `nu mean ${r.nuMean}`);
  t.true(rel(r.nuSd, 0.031) < 0.01, `nu sd ${r.nuSd}`);
  t.true(rel(r.h, 0.7) < 0.01, `1 h ${r.h}`);
  t.true(rel(r.d, 0.57) < 0.01, `1 day ${r.d}`);
  t.true(rel(r.y, 0.399) < 0.01, `1 year ${r.y}`);
  // The analytic sigma_prog at x = 0.05 is 0.01435 g_max.
  t.true(rel(r.sigmaProg, 0.01435189 * 25 * uS) < 0.01, `sigma_prog ${r.sigmaProg}`);
});

test('read noise is present at t_inference = 0, without drift; clamps at 0', (t) => {
  const model = new PcmLikeModel();
  const n = 100_000;
  const prog = { gProg: new Float64Array(n).fill(model.gMax), nu: new Float64Array(n).fill(0.05) };
  const out = new Float64Array(n);
  model.drift(prog, 0, new Rng(5), out);
  let s = 0;
  let s2 = 0;
  for (const v of out) {
    s += v;
    s2 += v * v;
  }
  const mean = s / n;
  const sd = Math.sqrt(s2 / n - mean * mean);
  t.true(rel(mean, model.gMax) < 1e-3, `mean ${mean}`);
  t.true(rel(sd / model.gMax, 0.0088 * readTimeFactor(20, 250e-9)) < 0.01, `sd ${sd}`);
  // Tiny conductances with huge noise never go negative.
  const small = { gProg: new Float64Array(n).fill(1e-12), nu: new Float64Array(n) };
  model.drift(small, DAY, new Rng(6), out);
  t.true(out.every((v) => v >= 0));
  // Programming clamps at 0 as well.
  const z = model.program(new Float64Array(n), new Rng(7));
  t.true(z.gProg.every((v) => v >= 0));
  t.true(z.gProg.some((v) => v > 0));
});

test('scales: zero noise scales and drift_scale', (t) => {
  const m = new PcmLikeModel({ progNoiseScale: 0, readNoiseScale: 0, driftScale: 0 });
  const target = Float64Array.from([0, 1, 5, 25].map((v) => v * uS));
  const prog = m.program(target, new Rng(1));
  t.deepEqual(prog.gProg, target);
  t.true(prog.nu.every((v) => v === 0));
  const out = new Float64Array(4);
  m.drift(prog, YEAR, new Rng(2), out);
  t.deepEqual(out, target);
  // drift_scale multiplies nu; read noise off gives the exact drift factor.
  const m2 = new PcmLikeModel({ progNoiseScale: 0, readNoiseScale: 0, driftScale: 2 });
  const p2 = m2.program(Float64Array.from([25 * uS]), new Rng(3));
  const p1 = new PcmLikeModel({ progNoiseScale: 0, readNoiseScale: 0 }).program(Float64Array.from([25 * uS]), new Rng(3));
  t.is(p2.nu[0], 2 * p1.nu[0]!);
  m2.drift(p2, HOUR, new Rng(4), out.subarray(0, 1));
  t.is(out[0], 25 * uS * driftFactor(HOUR, 20, p2.nu[0]!));
});

test('prog_coeff is scaled by g_max / prog_coeff_g_ref', (t) => {
  const c = PCM_LIKE_DEFAULTS.progCoeff;
  // Same x, g_max doubled: sigma doubles.
  t.true(rel(pcmProgSigma(50 * uS, 50 * uS, c, 25 * uS), 2 * pcmProgSigma(25 * uS, 25 * uS, c, 25 * uS)) < 1e-12);
  // x = 1 at the reference: 1.05538 uS.
  t.true(rel(pcmProgSigma(25 * uS, 25 * uS, c, 25 * uS), 1.05538 * uS) < 1e-9);
});

test('determinism: same seed gives identical arrays; other seeds or labels differ', (t) => {
  const m = new PcmLikeModel();
  const target = Float64Array.from({ length: 1000 }, (_, i) => (i / 999) * 25 * uS);
  const run = (rng: Rng) => {
    const p = m.program(target, rng.fork('program'));
    const out = new Float64Array(target.length);
    m.drift(p, DAY, rng.fork('read'), out);
    return { p, out };
  };
  const a = run(new Rng(99));
  const b = run(new Rng(99));
  t.deepEqual(a.p.gProg, b.p.gProg);
  t.deepEqual(a.p.nu, b.p.nu);
  t.deepEqual(a.out, b.out);
  const c = run(new Rng(100));
  t.notDeepEqual(a.out, c.out);
  const root = new Rng(99);
  t.notDeepEqual(m.program(target, root.fork('program')).gProg, m.program(target, root.fork('program-2')).gProg);
});

test('deviceModel builds pcm_like from schema names and SI values, with defaults', (t) => {
  const m = deviceModel({}, 'pcm_like') as PcmLikeModel;
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.abs(b);
  t.is(m.kind, 'pcm_like');
  // Schema defaults ('25 uS' = 25 * 1e-6) equal PCM_LIKE_DEFAULTS up to rounding.
  const d = PCM_LIKE_DEFAULTS;
  t.true(close(m.gMax, d.gMax));
  t.is(m.gMin, 0);
  t.is(m.params.progCoeff.length, 3);
  m.params.progCoeff.forEach((c, i) => t.true(close(c, d.progCoeff[i]!), `prog_coeff[${i}]`));
  t.true(close(m.params.progCoeffGRef, d.progCoeffGRef));
  t.is(m.params.t0, 20);
  t.true(close(m.params.tRead, 250e-9));
  t.is(m.params.progNoiseScale, 1);
  t.is(m.params.readNoiseScale, 1);
  t.is(m.params.driftScale, 1);
  const m2 = deviceModel({ g_max: 10e-6, t0: 30, prog_coeff: [1e-7, 0, 0], drift_scale: 0.5 }, 'pcm_like') as PcmLikeModel;
  t.is(m2.gMax, 10e-6);
  t.is(m2.params.t0, 30);
  t.deepEqual([...m2.params.progCoeff], [1e-7, 0, 0]);
  t.is(m2.params.driftScale, 0.5);
  t.throws(() => deviceModel({ g_max: 0 }, 'pcm_like'), { message: /g_max.*> 0/ });
  t.throws(() => deviceModel({ gmax: 1 }, 'pcm_like'), { message: /unknown parameter `gmax`/ });
  t.throws(() => deviceModel({ prog_coeff: 3 }, 'pcm_like'), { message: /list/ });
  t.throws(() => deviceModel({}, 'pcm'), { message: /unknown device kind `pcm`/ });
  t.throws(() => deviceModel({}, 'sar'), { message: /unknown device kind/ });
});

test('drift argument checks', (t) => {
  const m = new PcmLikeModel();
  const p = m.program(new Float64Array(3).fill(1e-6), new Rng(1));
  t.throws(() => m.drift(p, -1, new Rng(1), new Float64Array(3)), { instanceOf: RangeError });
  t.throws(() => m.drift(p, NaN, new Rng(1), new Float64Array(3)), { instanceOf: RangeError });
  t.throws(() => m.drift(p, 0, new Rng(1), new Float64Array(2)), { instanceOf: RangeError });
  t.throws(() => m.program(Float64Array.from([NaN]), new Rng(1)), { instanceOf: RangeError });
});
