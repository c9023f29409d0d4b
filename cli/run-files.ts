// cli/run-files.ts: shared by `xbar sim` and `xbar test`: check a file, then run testbenches.
import { renderDiagnostics } from '../dsl/diagnostics/render.js';
import type { Checked } from '../dsl/ir/nodes.js';
import { nodeHost } from '../dsl/load.js';
import { frontEnd, type FrontEndResult } from '../dsl/pipeline.js';
import type { SourceSet } from '../dsl/diagnostics/source.js';
import { runTestbench, type RunOptions, type TestbenchResult } from '../testbenches/run.js';
import { UsageError, type Io } from './io.js';
import { Progress } from './report.js';

/** Check a file; print its diagnostics; null if it has errors. */
export function checkedDesign(file: string, io: Io, color: boolean, overrides: readonly { name: string; value: string }[] = []): { design: Checked; sources: SourceSet; display: string } | null {
  const host = nodeHost(io.cwd);
  const r: FrontEndResult | null = frontEnd(file, host, overrides.length ? { overrides: [...overrides] } : {});
  if (!r) throw new UsageError(`cannot read '${file}': no such file`);
  if (r.diagnostics.length) io.stderr(renderDiagnostics(r.diagnostics, r.sources, { color, max: 200 }) + '\n');
  if (!r.design) return null;
  return { design: r.design, sources: r.sources, display: host.display(r.sources.get(0).path) };
}

/** Ctrl-C asks the run to stop at the next time step; a second one exits at once. */
export function interruptible(): { stop: () => boolean; release: () => void } {
  let asked = false;
  const handler = () => {
    if (asked) process.exit(130);
    asked = true;
  };
  process.on('SIGINT', handler);
  return { stop: () => asked, release: () => process.off('SIGINT', handler) };
}

/** Run one testbench with progress on a terminal; print its runtime diagnostics. */
export async function runOne(
  design: Checked,
  sources: SourceSet,
  index: number,
  opts: RunOptions,
  io: Io,
  color: boolean,
): Promise<{ result: TestbenchResult; wall: number }> {
  const tb = design.testbenches[index]!;
  const progress = io.stderrIsTty ? new Progress(io.stderr) : null;
  const { stop, release } = interruptible();
  const start = Date.now();
  try {
    const result = await runTestbench(tb, {
      ...opts,
      shouldStop: stop,
      ...(progress ? { progress: (s: number, u: number) => progress.update(s, u), networkProgress: (d: number, n: number) => progress.count(d, n, 'samples') } : {}),
    });
    progress?.done();
    if (result.diagnostics.length) io.stderr(renderDiagnostics(result.diagnostics, sources, { color }) + '\n');
    return { result, wall: (Date.now() - start) / 1000 };
  } finally {
    release();
  }
}
