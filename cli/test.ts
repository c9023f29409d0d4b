// cli/test.ts: `xbar test [FILES...]`: run every testbench; report each expectation.
//
// Without FILES, every .xbar file under the working directory (not node_modules or hidden
// folders) that has a testbench. Exit 0 when all pass, 1 on any failure or error, 2 for
// usage errors, 130 when interrupted.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Io } from './io.js';
import { UsageError } from './io.js';
import { checkedDesign, runOne } from './run-files.js';

function discover(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'dist') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.xbar')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export async function runTest(files: string[], opts: { color: boolean; version: string }, io: Io): Promise<number> {
  const list = files.length ? files : discover(io.cwd);
  if (list.length === 0) throw new UsageError('no .xbar files to test here');
  let passed = 0;
  let failed = 0;
  let broken = 0;
  for (const file of list) {
    const checked = checkedDesign(file, io, opts.color);
    if (!checked) {
      broken++;
      io.stdout(`FAIL  ${path.relative(io.cwd, path.resolve(io.cwd, file))}: the description has errors\n`);
      continue;
    }
    const { design, sources, display } = checked;
    for (let i = 0; i < design.testbenches.length; i++) {
      const { result, wall } = await runOne(design, sources, i, { version: `xbar ${opts.version}` }, io, opts.color);
      const head = `${result.ok ? 'PASS' : 'FAIL'}  ${display} testbench ${result.name} (${wall.toFixed(2)} s)`;
      io.stdout(head + '\n');
      for (const e of result.expectations) io.stdout(`        ${e.passed ? 'pass' : 'FAIL'}  ${e.text}  -- ${e.measured}\n`);
      if (result.diagnostics.length) io.stdout(`        error: the run stopped (see the diagnostics above)\n`);
      if (result.ok) passed++;
      else failed++;
      if (result.interrupted) {
        io.stdout(`interrupted\n`);
        return 130;
      }
    }
  }
  const withErrors = broken ? `; ${broken} file${broken === 1 ? '' : 's'} with errors` : '';
  io.stdout(`\n${passed + failed} testbench${passed + failed === 1 ? '' : 'es'}: ${passed} passed, ${failed} failed${withErrors}\n`);
  return failed || broken ? 1 : 0;
}
