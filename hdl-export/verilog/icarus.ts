// hdl-export/verilog/icarus.ts: compile and run an exported tile's testbench in Icarus Verilog
// (`iverilog -g2005 -Wall`, then `vvp -n`), as run.sh does, and read back its VCD. For the
// tests and for anyone checking an export; it needs iverilog and vvp on the PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ControllerTile } from './prepare.js';

export interface IcarusRun {
  /** Compiler and simulator output (a clean compile prints nothing). */
  compileStderr: string;
  compileStdout: string;
  compileStatus: number | null;
  runStdout: string;
  runStderr: string;
  runStatus: number | null;
  /** Wall time of each step, ms (for reports; never asserted). */
  compileMs: number;
  runMs: number;
  /** The VCD the testbench wrote, or null. */
  vcd: string | null;
}

let available: boolean | null = null;

/** Whether iverilog and vvp can be run. */
export function icarusAvailable(): boolean {
  if (available === null) {
    const a = spawnSync('iverilog', ['-V'], { encoding: 'utf8' });
    const b = spawnSync('vvp', ['-V'], { encoding: 'utf8' });
    available = a.status === 0 && b.status === 0;
  }
  return available;
}

/** Compile and run `tile`'s testbench in `dir`, where the export was written. */
export function runIcarus(dir: string, tile: Pick<ControllerTile, 'testbench' | 'file' | 'tbFile' | 'vcdFile'>): IcarusRun {
  const out = `${tile.testbench}.vvp`;
  let t0 = performance.now();
  const c = spawnSync('iverilog', ['-g2005', '-Wall', '-s', tile.testbench, '-o', out, tile.file, tile.tbFile], { cwd: dir, encoding: 'utf8' });
  const compileMs = performance.now() - t0;
  const run: IcarusRun = {
    compileStderr: c.stderr, compileStdout: c.stdout, compileStatus: c.status, runStdout: '', runStderr: '', runStatus: null, compileMs, runMs: 0, vcd: null,
  };
  if (c.status !== 0) return run;
  t0 = performance.now();
  const r = spawnSync('vvp', ['-n', out], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  run.runMs = performance.now() - t0;
  run.runStdout = r.stdout;
  run.runStderr = r.stderr;
  run.runStatus = r.status;
  const vcd = path.join(dir, tile.vcdFile);
  run.vcd = existsSync(vcd) ? readFileSync(vcd, 'utf8') : null;
  return run;
}
