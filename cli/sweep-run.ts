// cli/sweep-run.ts: one variant of `xbar sweep`: the front end with the variant's overrides,
// then its testbench (without trace files). Runs in a worker thread (sweep-worker.ts); a
// failure is a row with the first error's code and message, never a throw.
import { renderDiagnostics } from '../dsl/diagnostics/render.js';
import type { Diagnostic } from '../dsl/diagnostics/diagnostic.js';
import { nodeHost } from '../dsl/load.js';
import { frontEnd } from '../dsl/pipeline.js';
import { runTestbench } from '../testbenches/run.js';
import type { Variant } from './sweep-spec.js';

export interface VariantJob {
  file: string;
  cwd: string;
  testbench?: string;
  variant: Variant;
}

export interface VariantRow {
  index: number;
  params: { name: string; value: string }[];
  /** The seed the run used (null if it did not get that far). */
  seed: number | null;
  status: 'ok' | 'failed';
  /** The first error of a failed variant: its code, message and where it points. */
  code: string | null;
  message: string | null;
  where: string | null;
  /** The whole diagnostic as text, for stderr (not in the table). */
  rendered: string | null;
  testbench: string | null;
  /** The tile the figures are of: the first tile the testbench drives or checks. */
  tile: string | null;
  vectors: number | null;
  latency: number | null;
  throughput: number | null;
  energyPerMvm: number | null;
  opsPerMvm: number | null;
  topsPerWatt: number | null;
  errMax: number | null;
  errRms: number | null;
  /** errRms over the run's full scale (the largest |ideal output|). */
  errRel: number | null;
  expectationsPassed: number | null;
  expectations: number | null;
}

export function emptyRow(job: VariantJob): VariantRow {
  return {
    index: job.variant.index, params: job.variant.params, seed: null, status: 'failed', code: null, message: null, where: null, rendered: null, testbench: null,
    tile: null, vectors: null, latency: null, throughput: null, energyPerMvm: null, opsPerMvm: null, topsPerWatt: null,
    errMax: null, errRms: null, errRel: null, expectationsPassed: null, expectations: null,
  };
}

function failed(row: VariantRow, d: Diagnostic, where: string | null, rendered: string | null): VariantRow {
  return { ...row, status: 'failed', code: d.code, message: d.message, where, rendered };
}

export async function runVariant(job: VariantJob): Promise<VariantRow> {
  const row = emptyRow(job);
  const host = nodeHost(job.cwd);
  const fe = frontEnd(job.file, host, { overrides: job.variant.params });
  if (!fe) return { ...row, message: `cannot read '${job.file}'` };
  const first = fe.diagnostics.find((d) => d.severity === 'error');
  if (!fe.design || first) {
    const d = first ?? fe.diagnostics[0]!;
    return failed(row, d, d.span ? fe.sources.where(d.span) : null, renderDiagnostics([d], fe.sources, { color: false }));
  }
  const tbs = fe.design.testbenches;
  const tb = job.testbench === undefined ? tbs[0] : tbs.find((t) => t.name === job.testbench);
  if (!tb) {
    const msg = job.testbench === undefined ? 'the design has no testbench' : `no testbench '${job.testbench}'; the design has ${tbs.map((t) => t.name).join(', ') || 'none'}`;
    return { ...row, message: msg };
  }
  // A sweep writes its own table: the testbench's trace files would be overwritten per variant.
  const run = await runTestbench({ ...tb, steps: tb.steps.filter((s) => s.kind !== 'trace') }, {
    ...(job.variant.seed !== undefined ? { seed: job.variant.seed } : {}),
  });
  const seed = job.variant.seed ?? (tb.params['seed'] as number);
  const err = run.diagnostics.find((d) => d.severity === 'error');
  if (err) return { ...failed(row, err, err.span ? fe.sources.where(err.span) : null, renderDiagnostics([err], fe.sources, { color: false })), seed };
  const t = run.tiles.find((x) => run.focus.includes(x.path)) ?? run.tiles[0];
  return {
    ...row,
    seed,
    status: 'ok',
    testbench: tb.name,
    tile: t?.path ?? null,
    vectors: t?.vectors ?? null,
    latency: t?.latency ?? null,
    throughput: t?.throughput ?? null,
    energyPerMvm: t?.energyPerMvm ?? null,
    opsPerMvm: t?.opsPerMvm ?? null,
    topsPerWatt: t?.topsPerWatt ?? null,
    errMax: t?.errMax ?? null,
    errRms: t?.errRms ?? null,
    errRel: t && t.errRms !== null && t.fullScale ? t.errRms / t.fullScale : null,
    expectationsPassed: run.expectations.filter((e) => e.passed).length,
    expectations: run.expectations.length,
  };
}
