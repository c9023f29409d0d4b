// hdl-export/verilog/cross-check.ts: the external proof that the emulator is cycle-accurate,
// for one description: export the `verilog` format, run each tile's testbench in Icarus, run
// the emulator's testbench of the same tile instance with a trace of it, and compare the two
// VCDs on every handshake signal (compare.ts).
//   1. plan and emit (as `xbar export verilog`), write the files into a fresh temporary folder;
//   2. per tile: iverilog -g2005 -Wall + vvp (icarus.ts);
//   3. per tile: runTestbench (testbenches/run.ts) with `vcd` and `trace` set to the tile
//      instance the Verilog testbench reproduces, then compare.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SourceSet } from '../../dsl/diagnostics/source.js';
import type { Checked } from '../../dsl/ir/nodes.js';
import { runTestbench } from '../../testbenches/run.js';
import type { EmitOptions } from '../export.js';
import type { OutFile } from '../folder.js';
import { planExport, type PlanRequest } from '../plan.js';
import { compareVcdTexts, type Comparison } from './compare.js';
import { emitVerilog } from './emit.js';
import { runIcarus, type IcarusRun } from './icarus.js';
import { prepareVerilog, type ControllerTile } from './prepare.js';

export interface TileCheck {
  tile: ControllerTile;
  icarus: IcarusRun;
  /** The emulator's run: diagnostics (rendered by the caller) and wall time, ms. */
  emulatorDiagnostics: number;
  emulatorMs: number;
  comparison: Comparison | null;
}

export interface CrossCheck {
  files: OutFile[];
  tiles: TileCheck[];
}

export async function crossCheck(
  design: Checked, sources: SourceSet, source: string, req: PlanRequest = {}, opts: EmitOptions = {}, keep = false,
): Promise<CrossCheck> {
  const plan = planExport(design, sources, source, 'xbar (test)', req);
  const files = emitVerilog(plan, opts);
  const controller = prepareVerilog(plan, opts);
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-verilog-'));
  try {
    for (const f of files) writeFileSync(path.join(dir, f.path), f.text);
    const tiles: TileCheck[] = [];
    for (const tile of controller.tiles) {
      const icarus = runIcarus(dir, tile);
      const by = tile.planned.programmedBy;
      let comparison: Comparison | null = null;
      let emulatorDiagnostics = 0;
      let emulatorMs = 0;
      if (by && icarus.vcd !== null) {
        const vcd = path.join(dir, `emulator-${tile.module}.vcd`);
        const t0 = performance.now();
        const res = await runTestbench(by.testbench, { vcd, trace: [by.path], version: 'xbar (test)', ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
        emulatorMs = performance.now() - t0;
        emulatorDiagnostics = res.diagnostics.length;
        if (res.vcd) comparison = compareVcdTexts(readFileSync(vcd, 'utf8'), icarus.vcd, tile.signals);
      }
      tiles.push({ tile, icarus, emulatorDiagnostics, emulatorMs, comparison });
    }
    return { files, tiles };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
