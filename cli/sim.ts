// cli/sim.ts: `xbar sim FILE`: run one testbench and print what it measured.
//
// Exit status: 0 when the run completed and every expectation passed; 1 for errors in the
// description or the run, or a failed expectation; 2 for usage errors; 130 when interrupted.
import { didYouMean } from '../dsl/elaborate/suggest.js';
import type { Io } from './io.js';
import { UsageError } from './io.js';
import { resultJson, summaryText } from './report.js';
import { checkedDesign, runOne } from './run-files.js';

export interface SimCliOptions {
  testbench?: string;
  seed?: number;
  vcd?: string;
  trace: string[];
  json: boolean;
  color: boolean;
  version: string;
}

export function runSim(file: string, opts: SimCliOptions, io: Io): number {
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
  const { result, wall } = runOne(design, sources, index, {
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.vcd !== undefined ? { vcd: opts.vcd } : {}),
    trace: opts.trace,
    version: `xbar ${opts.version}`,
  }, io, opts.color);
  if (opts.json) io.stdout(JSON.stringify(resultJson(result, display), null, 2) + '\n');
  else io.stdout(summaryText(result, display, wall));
  if (result.interrupted) return 130;
  return result.ok ? 0 : 1;
}
