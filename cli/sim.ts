// cli/sim.ts: `xbar sim FILE`: run one testbench and print what it measured.
//
// Exit status: 0 when the run completed and every expectation passed; 1 for errors in the
// description or the run, or a failed expectation; 2 for usage errors; 130 when interrupted.
import path from 'node:path';
import { didYouMean } from '../dsl/elaborate/suggest.js';
import { FolderError, checkOutputDir, writeFolder } from '../hdl-export/folder.js';
import { chipFigures } from '../testbenches/figures.js';
import type { Io } from './io.js';
import { UsageError } from './io.js';
import { reportHtml } from './report-html.js';
import { relativePaths, resultJson, summaryText } from './report.js';
import { checkedDesign, runOne } from './run-files.js';

export interface SimCliOptions {
  testbench?: string;
  seed?: number;
  vcd?: string;
  trace: string[];
  json: boolean;
  /** Write report.json and report.html into this folder. */
  report?: string;
  color: boolean;
  version: string;
}

export async function runSim(file: string, opts: SimCliOptions, io: Io): Promise<number> {
  const checked = checkedDesign(file, io, opts.color);
  if (!checked) return 1;
  const { design, sources, display } = checked;
  const tbs = design.testbenches;
  if (tbs.length === 0) throw new UsageError(`${display} has no testbench to run`);
  let index = 0;
  if (opts.testbench !== undefined) {
    index = tbs.findIndex((t) => t.name === opts.testbench);
    if (index < 0) {
      const names = tbs.map((t) => t.name);
      throw new UsageError(`${display} has no testbench '${opts.testbench}'; it has ${names.join(', ')}${didYouMean(opts.testbench, names).map((h) => ` (${h})`).join('')}`);
    }
  }
  const reportDir = opts.report !== undefined ? path.resolve(io.cwd, opts.report) : null;
  if (reportDir) {
    try {
      checkOutputDir(reportDir, opts.report);
    } catch (e) {
      if (e instanceof FolderError) throw new UsageError(`--report: ${e.message}`);
      throw e;
    }
  }
  const run = await runOne(design, sources, index, {
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.vcd !== undefined ? { vcd: path.resolve(io.cwd, opts.vcd) } : {}),
    trace: opts.trace,
    version: `xbar ${opts.version}`,
  }, io, opts.color);
  const result = relativePaths(run.result, io.cwd);
  const wall = run.wall;
  const chip = chipFigures(tbs[index]!.target, result.tiles, Number(result.simulatedFs) / 1e15);
  if (opts.json) io.stdout(JSON.stringify(resultJson(result, display, chip), null, 2) + '\n');
  else io.stdout(summaryText(result, display, wall, chip));
  if (reportDir) {
    // written whole or not at all (a fresh sibling folder, moved into place)
    try {
      writeFolder(reportDir, [
        { path: 'report.json', text: JSON.stringify(resultJson(result, display, chip), null, 2) + '\n', holds: [] },
        { path: 'report.html', text: reportHtml(result, chip, display), holds: [] },
      ], undefined, opts.report);
    } catch (e) {
      if (!(e instanceof FolderError)) throw e;
      io.stderr(`xbar: ${e.message}\n`);
      return 1;
    }
    if (!opts.json) io.stdout(`  report: ${path.join(opts.report!, 'report.html')} and report.json\n`);
  }
  if (result.interrupted) return 130;
  return result.ok ? 0 : 1;
}
