#!/usr/bin/env node
// cli/main.ts: the `xbar` command. Subcommands live in their own files (check.ts, ...);
// this file parses arguments and maps outcomes to exit codes:
//   0 success, 1 the input has errors (diagnostics were printed), 2 usage error,
//   70 an internal error in xbar itself.
import { Command, CommanderError, Option } from 'commander';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { warningIds } from '../dsl/diagnostics/codes.js';
import { packageRoot } from '../dsl/load.js';
import { DEFAULT_MAX_MEMORY } from '../dsl/pipeline.js';
import { runCheck } from './check.js';
import { DEFAULT_TIMES, parseDataset, parseTimes, runInfer } from './infer.js';
import { runTrain } from './train.js';
import { runSim } from './sim.js';
import { METRICS, type Metric } from './sweep-output.js';
import { parseSweepParam } from './sweep-spec.js';
import { runSweep } from './sweep.js';
import { runTest } from './test.js';
import { formatNames, parseCodes, parseTime, runExportCli } from './export.js';
import { processIo, UsageError, type Io } from './io.js';

function version(): string {
  return JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version as string;
}

const SIZE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`--max-memory: '${text}' is not a size (examples: 512M, 8G)`);
  return Math.floor(Number(m[1]) * SIZE_UNITS[m[2]!.toUpperCase()]!);
}

function parseCount(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--max-diagnostics: expected a whole number, found '${text}'`);
  return Number(text);
}

function parseParam(text: string, prev: { name: string; value: string }[]): { name: string; value: string }[] {
  const m = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)=(.*)$/s.exec(text);
  if (!m || m[2]!.trim() === '') throw new UsageError(`--param: expected NAME=VALUE, found '${text}'`);
  return [...prev, { name: m[1]!, value: m[2]! }];
}

function parseWarn(text: string, prev: Map<string, 'off' | 'warn' | 'error'>): Map<string, 'off' | 'warn' | 'error'> {
  const m = /^([a-z0-9-]+)=(off|warn|error)$/.exec(text);
  const ids = warningIds();
  if (!m) throw new UsageError(`--warn: expected ID=off|warn|error, found '${text}'`);
  if (!ids.has(m[1]!)) throw new UsageError(`--warn: unknown warning '${m[1]}'; the warnings are ${[...ids.keys()].join(', ')}`);
  const next = new Map(prev);
  next.set(m[1]!, m[2] as 'off' | 'warn' | 'error');
  return next;
}

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('xbar')
    .description('Describe, check, emulate and export analog in-memory-computing chips.')
    .version(version(), '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });

  program
    .command('check')
    .description('check .xbar files: parse, elaborate and run every check; print diagnostics')
    .argument('<files...>', '.xbar files; each is checked as its own design')
    .addOption(new Option('--format <format>', 'diagnostics as text (stderr) or JSON (stdout)').choices(['text', 'json']).default('text'))
    .option('--dump-ir', 'print the canonical IR of each file')
    .option('--dump-ir-spans', 'with --dump-ir, add @file:line:col to declarations')
    .option('--param <NAME=VALUE>', 'override a top-level `param`, COMPONENT.PARAM or TILE.INSTANCE.PARAM (repeatable)', parseParam, [])
    .option('--warn <ID=LEVEL>', 'set a warning to off, warn or error (repeatable)', parseWarn, new Map())
    .option('--max-memory <SIZE>', 'memory the emulator may use, for the resource check', `${DEFAULT_MAX_MEMORY / 1024 ** 3}G`)
    .addOption(new Option('--color <when>', 'colour the diagnostics').choices(['auto', 'always', 'never']).default('auto'))
    .option('--max-diagnostics <N>', 'print at most N diagnostics per file (0: all)', parseCount, 500)
    .action((files: string[], o: Record<string, unknown>) => {
      const colorWhen = o['color'] as string;
      const color = colorWhen === 'always' || (colorWhen === 'auto' && io.stderrIsTty && !io.env['NO_COLOR']);
      setExit(
        runCheck(files, {
          format: o['format'] as 'text' | 'json',
          dumpIr: Boolean(o['dumpIr'] || o['dumpIrSpans']),
          dumpIrSpans: Boolean(o['dumpIrSpans']),
          params: o['param'] as { name: string; value: string }[],
          warnings: o['warn'] as Map<string, 'off' | 'warn' | 'error'>,
          maxMemory: parseSize(o['maxMemory'] as string),
          color,
          maxDiagnostics: o['maxDiagnostics'] as number,
        }, io),
      );
    });
  program
    .command('sim')
    .description('run a testbench on the emulator and print latency, throughput, energy and error')
    .argument('<file>', 'the .xbar file')
    .option('--testbench <NAME>', 'which testbench (default: the first)')
    .option('--seed <N>', 'override the testbench seed', parseSeed)
    .option('--vcd <FILE>', 'write the trace here (and FILE.gtkw beside it)')
    .option('--trace <TARGET>', 'trace a tile or component: c[0], c[0].adcs, c[0].adcs[0..8] (repeatable)', collect, [])
    .option('--json', 'print the result as JSON')
    .option('--report <DIR>', 'write report.json (every figure) and report.html (charts) into DIR')
    .addOption(new Option('--color <when>', 'colour the diagnostics').choices(['auto', 'always', 'never']).default('auto'))
    .action(async (file: string, o: Record<string, unknown>) => {
      setExit(await runSim(file, {
        ...(o['report'] !== undefined ? { report: o['report'] as string } : {}),
        ...(o['testbench'] !== undefined ? { testbench: o['testbench'] as string } : {}),
        ...(o['seed'] !== undefined ? { seed: o['seed'] as number } : {}),
        ...(o['vcd'] !== undefined ? { vcd: o['vcd'] as string } : {}),
        trace: o['trace'] as string[],
        json: Boolean(o['json']),
        color: useColor(o['color'] as string, io),
        version: version(),
      }, io));
    });

  program
    .command('export')
    .description('write Verilog-A models, Verilog-AMS netlists, a SPICE netlist or a Verilog timing model of the tiles')
    .argument('<format>', `one of ${formatNames().join(', ')}`)
    .argument('<file>', 'the .xbar file')
    .option('-o, --out <DIR>', 'the folder to write (default: out/FORMAT)')
    .option('--tile <NAME>', 'only this tile, or this tile instance of a chip (c[0])')
    .option('--testbench <NAME>', 'the testbench whose programming gives the conductances (default: the first with the tile)')
    .option('--seed <N>', 'override the testbench seed (weights and device draws)', parseSeed)
    .option('--t-inference <TIME>', 'conductances this long after programming (default: the testbench\'s t_inference)', parseTime)
    .option('--input <CODES>', 'input codes of the rows, for spice: 7,0,-3,...', parseCodes)
    .addOption(new Option('--color <when>', 'colour the diagnostics').choices(['auto', 'always', 'never']).default('auto'))
    .action((format: string, file: string, o: Record<string, unknown>) => {
      setExit(runExportCli(format, file, {
        ...(o['out'] !== undefined ? { out: o['out'] as string } : {}),
        ...(o['tile'] !== undefined ? { tile: o['tile'] as string } : {}),
        ...(o['testbench'] !== undefined ? { testbench: o['testbench'] as string } : {}),
        ...(o['seed'] !== undefined ? { seed: o['seed'] as number } : {}),
        ...(o['tInference'] !== undefined ? { tInference: o['tInference'] as number } : {}),
        ...(o['input'] !== undefined ? { input: o['input'] as number[] } : {}),
        color: useColor(o['color'] as string, io),
        version: version(),
      }, io));
    });

  program
    .command('infer')
    .description('evaluate a network of the description on its emulated chip: accuracy over time after programming')
    .argument('<file>', 'the .xbar file')
    .option('--network <NAME>', 'which network (default: the first)')
    .option('--times <LIST>', 'times after programming (d = day, y = 365 days)', DEFAULT_TIMES)
    .option('--repeats <N>', 'programming draws per time (seed, seed + 1, ...)', (v: string) => parsePositive('--repeats', v), 10)
    .option('--gdc', 'also evaluate with global drift compensation')
    .option('--samples <N>', 'evaluate on the first N test samples', (v: string) => parsePositive('--samples', v))
    .option('--seed <N>', 'seed of the first programming draw', parseSeed, 1)
    .option('--dataset <DATA>', "'mnist' or INPUTS.npy,LABELS.npy instead of the train block's dataset")
    .option('--weights <DIR>', 'the weights `xbar train --save DIR` wrote, instead of the files or the training')
    .option('--json <FILE>', 'write the result as JSON')
    .option('--svg <FILE>', 'write the accuracy plot as SVG')
    .addOption(new Option('--color <when>', 'colour the diagnostics').choices(['auto', 'always', 'never']).default('auto'))
    .action(async (file: string, o: Record<string, unknown>) => {
      setExit(await runInfer(file, {
        ...(o['network'] !== undefined ? { network: o['network'] as string } : {}),
        times: parseTimes(o['times'] as string),
        repeats: o['repeats'] as number,
        gdc: Boolean(o['gdc']),
        ...(o['samples'] !== undefined ? { samples: o['samples'] as number } : {}),
        seed: o['seed'] as number,
        ...(o['dataset'] !== undefined ? { dataset: parseDataset(o['dataset'] as string, io.cwd) } : {}),
        ...(o['weights'] !== undefined ? { weightsDir: path.resolve(io.cwd, o['weights'] as string) } : {}),
        ...(o['json'] !== undefined ? { json: o['json'] as string } : {}),
        ...(o['svg'] !== undefined ? { svg: o['svg'] as string } : {}),
        color: useColor(o['color'] as string, io),
        version: version(),
      }, io));
    });

  program
    .command('train')
    .description('train a network of the description: in float, or in memory on the chip\'s pulsed devices (per epoch: loss, accuracy, time and energy)')
    .argument('<file>', 'the .xbar file')
    .option('--network <NAME>', 'which network (default: the first with a train block)')
    .option('--epochs <N>', 'epochs instead of the train block\'s', (v: string) => parsePositive('--epochs', v))
    .option('--samples <N>', 'evaluate on the first N test samples', (v: string) => parsePositive('--samples', v))
    .option('--save <DIR>', 'write the trained weights, biases and conductances (.npy) and training.json')
    .option('--json <FILE>', 'write the per-epoch statistics as JSON')
    .option('--vcd <FILE>', 'write the bit streams of the first pulse updates of a layer')
    .option('--trace-layer <NAME>', 'the layer --vcd shows (default: the first)')
    .option('--param <NAME=VALUE>', 'override a top-level `param`, COMPONENT.PARAM or TILE.INSTANCE.PARAM (repeatable)', parseParam, [])
    .addOption(new Option('--color <when>', 'colour the diagnostics').choices(['auto', 'always', 'never']).default('auto'))
    .action(async (file: string, o: Record<string, unknown>) => {
      setExit(await runTrain(file, {
        params: o['param'] as { name: string; value: string }[],
        ...(o['network'] !== undefined ? { network: o['network'] as string } : {}),
        ...(o['epochs'] !== undefined ? { epochs: o['epochs'] as number } : {}),
        ...(o['samples'] !== undefined ? { samples: o['samples'] as number } : {}),
        ...(o['save'] !== undefined ? { save: o['save'] as string } : {}),
        ...(o['json'] !== undefined ? { json: o['json'] as string } : {}),
        ...(o['vcd'] !== undefined ? { vcd: o['vcd'] as string } : {}),
        ...(o['traceLayer'] !== undefined ? { traceLayer: o['traceLayer'] as string } : {}),
        color: useColor(o['color'] as string, io),
        version: version(),
      }, io));
    });

  program
    .command('sweep')
    .description('run a testbench over a design space (worker threads) and write one table and a trade-off chart')
    .argument('<file>', 'the .xbar file')
    .option('--param <NAME=VALUES>', 'a top-level param, COMPONENT.PARAM or TILE.INSTANCE.PARAM with values 4..8, 1,4,8 or 1ns,2ns (repeatable)', parseSweepParam, [])
    .option('--testbench <NAME>', 'which testbench (default: the first)')
    .option('--seed <N>', 'variant i runs with seed N + i (default: every variant with the testbench seed)', parseSeed)
    .option('--jobs <N>', 'worker threads (default: the number of CPUs)', (v: string) => parsePositive('--jobs', v))
    .option('-o, --out <DIR>', 'write sweep.csv, sweep.json and sweep.svg here')
    .addOption(new Option('--x <METRIC>', 'the chart\'s x axis').choices(Object.keys(METRICS)).default('tops_per_w'))
    .addOption(new Option('--y <METRIC>', 'the chart\'s y axis').choices(Object.keys(METRICS)).default('err_rms'))
    .action(async (file: string, o: Record<string, unknown>) => {
      setExit(await runSweep(file, {
        params: o['param'] as ReturnType<typeof parseSweepParam>,
        ...(o['testbench'] !== undefined ? { testbench: o['testbench'] as string } : {}),
        ...(o['seed'] !== undefined ? { seed: o['seed'] as number } : {}),
        ...(o['jobs'] !== undefined ? { jobs: o['jobs'] as number } : {}),
        ...(o['out'] !== undefined ? { out: o['out'] as string } : {}),
        x: o['x'] as Metric,
        y: o['y'] as Metric,
      }, io));
    });

  program
    .command('test')
    .description('run every testbench of the files (default: all .xbar files here) and report each expectation')
    .argument('[files...]', '.xbar files')
    .addOption(new Option('--color <when>', 'colour the diagnostics').choices(['auto', 'always', 'never']).default('auto'))
    .action(async (files: string[], o: Record<string, unknown>) => {
      setExit(await runTest(files, { color: useColor(o['color'] as string, io), version: version() }, io));
    });
  return program;
}

function useColor(when: string, io: Io): boolean {
  return when === 'always' || (when === 'auto' && io.stderrIsTty && !io.env['NO_COLOR']);
}

function collect(value: string, prev: string[]): string[] {
  return [...prev, value];
}

function parsePositive(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag}: expected a whole number >= 1, found '${text}'`);
  return Number(text);
}

function parseSeed(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 2 ** 32 - 1) throw new UsageError(`--seed: expected a whole number in 0..4294967295, found '${text}'`);
  return Number(text);
}

/** Run the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (argv.length === 0) {
      io.stderr(program.helpInformation());
      return 2;
    }
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; argument errors with 1, which we map to 2.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      io.stderr(`xbar: ${err.message}\n`);
      return 2;
    }
    io.stderr(`xbar: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (io.env['XBAR_DEBUG']) io.stderr(`${(err as Error)?.stack ?? ''}\n`);
    else io.stderr('xbar: this is a bug in xbar; set XBAR_DEBUG=1 to see where it happened\n');
    return 70;
  }
}

function isEntry(): boolean {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
}

if (isEntry()) {
  process.exitCode = await main(process.argv.slice(2));
}
