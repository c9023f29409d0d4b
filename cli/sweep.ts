// cli/sweep.ts: `xbar sweep FILE --param NAME=VALUES ...`: run every variant of a design
// space (the Cartesian product of the --param values; sweep-spec.ts) in worker threads and
// gather one table.
//
// Each variant runs the front end with its overrides (so every check applies to it) and then
// the testbench, in a pool of min(--jobs, variants) worker threads (default: the CPUs). The
// rows are gathered by variant index, so the output is the same bytes whatever the number of
// threads or the order in which they finish. A variant that fails (a diagnostic from the
// front end or the run) is a row marked failed with its first error; the others still run.
//
// Exit status: 0 every variant ran; 1 one or more failed (their diagnostics on stderr);
// 2 usage errors.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { nodeHost } from '../dsl/load.js';
import { UsageError, type Io } from './io.js';
import { sweepCsv, sweepJson, sweepSvg, sweepText, type Metric, type SweepResult } from './sweep-output.js';
import { emptyRow, type VariantJob, type VariantRow } from './sweep-run.js';
import { variants, type SweepParam } from './sweep-spec.js';

export interface SweepCliOptions {
  params: SweepParam[];
  testbench?: string;
  seed?: number;
  jobs?: number;
  out?: string;
  x: Metric;
  y: Metric;
}

/** A worker on the script beside this file (.ts when run from source under tsx, .js when built). */
function newWorker(): Worker {
  const ext = path.extname(fileURLToPath(import.meta.url));
  const url = new URL(`./sweep-worker${ext}`, import.meta.url);
  if (ext !== '.ts') return new Worker(url);
  // From source (tests, `tsx cli/main.ts`): Node 20 does not apply the parent's loader hooks
  // to a worker, so a small module registers tsx in the worker first, then loads the script.
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(url.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
}

/** Run the jobs in a pool of `n` worker threads; rows in job order. */
export async function runPool(jobs: readonly VariantJob[], n: number): Promise<VariantRow[]> {
  const rows: VariantRow[] = new Array(jobs.length);
  let next = 0;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const w = newWorker();
      let current = -1;
      const feed = () => {
        if (next >= jobs.length) {
          void w.terminate().then(() => resolve());
          return;
        }
        current = next++;
        w.postMessage(jobs[current]);
      };
      w.on('message', (row: VariantRow) => {
        rows[current] = row;
        feed();
      });
      w.on('error', (err) => {
        // A crashed worker (out of memory, a bug): its variant fails; a new worker goes on.
        if (current >= 0) rows[current] = { ...emptyRow(jobs[current]!), code: 'E9001', message: `internal error: ${err.message}` };
        void one().then(resolve);
      });
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, one));
  return rows;
}

/** Write the files whole or not at all: each to FILE.partial, then renamed into place. */
function writeAll(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  const partials = Object.keys(files).map((name) => path.join(dir, `${name}.partial`));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, `${name}.partial`), text);
    for (const name of Object.keys(files)) renameSync(path.join(dir, `${name}.partial`), path.join(dir, name));
  } catch (err) {
    for (const p of partials) rmSync(p, { force: true });
    throw new UsageError(`cannot write ${dir}: ${(err as Error).message}`);
  }
}

export async function runSweep(file: string, opts: SweepCliOptions, io: Io): Promise<number> {
  if (opts.params.length === 0) throw new UsageError('sweep: give at least one --param NAME=VALUES');
  const host = nodeHost(io.cwd);
  const abs = path.resolve(io.cwd, file);
  if (host.read(abs) === null) throw new UsageError(`cannot read '${file}': no such file`);
  const display = host.display(abs);
  const vs = variants(opts.params, opts.seed);
  const jobs: VariantJob[] = vs.map((variant) => ({ file: abs, cwd: io.cwd, variant, ...(opts.testbench !== undefined ? { testbench: opts.testbench } : {}) }));
  const threads = Math.max(1, Math.min(opts.jobs ?? availableParallelism(), jobs.length));
  const rows = await runPool(jobs, threads);
  const tb = opts.testbench ?? rows.find((r) => r.testbench !== null)?.testbench ?? null;
  const result: SweepResult = {
    file: display,
    testbench: tb,
    seedRule: opts.seed === undefined ? "every variant uses the testbench's seed" : `variant i uses seed ${opts.seed} + i`,
    params: opts.params,
    rows,
  };
  for (const r of rows) {
    if (r.status !== 'failed') continue;
    const what = r.params.map((p) => `${p.name}=${p.value}`).join(' ');
    io.stderr(`variant ${r.index} (${what}) failed:\n${r.rendered ?? `${r.code ? `error[${r.code}]: ` : 'error: '}${r.message ?? ''}\n`}`);
  }
  io.stdout(sweepText(result));
  if (opts.out !== undefined) {
    const dir = path.resolve(io.cwd, opts.out);
    writeAll(dir, { 'sweep.csv': sweepCsv(result), 'sweep.json': sweepJson(result), 'sweep.svg': sweepSvg(result, opts.x, opts.y) });
    io.stderr(`wrote ${path.join(opts.out, 'sweep.csv')}, sweep.json and sweep.svg\n`);
  }
  return rows.some((r) => r.status === 'failed') ? 1 : 0;
}
