// cli/report.ts: how `xbar sim` and `xbar test` print a testbench's result.
import path from 'node:path';
import { DIMS, formatQuantity } from '../dsl/units.js';
import type { ChipFigures } from '../testbenches/figures.js';
import { networkLines } from './report-network.js';
import type { TestbenchResult } from '../testbenches/run.js';

const q = (v: number | null, dim: keyof typeof DIMS) => (v === null ? 'n/a' : formatQuantity({ value: v, dim: DIMS[dim].dim }, 4));

/** `7.58 M MVM/s`: a rate with an engineering prefix. */
function rate(v: number | null): string {
  return v === null ? 'n/a' : formatQuantity({ value: v, dim: DIMS.frequency.dim }, 4).replace(/ ?([a-zA-Z]?)Hz$/, ' $1 MVM/s').replace('  ', ' ');
}

const pct = (f: number) => `${(100 * f).toFixed(0)}%`;
const tops = (v: number | null) => (v === null ? 'n/a' : v.toPrecision(3));

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** The result with its file paths relative to `cwd` (as the user would type them). */
export function relativePaths(r: TestbenchResult, cwd: string): TestbenchResult {
  const rel = (p: string | null) => (p === null ? null : path.relative(cwd, p) || p);
  return { ...r, vcd: rel(r.vcd), gtkw: rel(r.gtkw) };
}

/** `1.31 mm2 (array 1.2 mm2 92%, ...)`: an area and its largest parts. */
function areaText(total: number, parts: readonly { name: string; area: number }[]): string {
  const shown = parts.filter((p) => p.area > 0).sort((a, b) => b.area - a.area || (a.name < b.name ? -1 : 1));
  return `${q(total, 'area')}${shown.length ? ` (${shown.map((p) => `${p.name} ${pct(p.area / total)}`).join(', ')})` : ''}`;
}

/** The whole-chip lines (when the chip has more than one tile). */
function chipLines(c: ChipFigures): string[] {
  const lines: string[] = [];
  lines.push(`  chip ${c.chip}: ${count(c.tiles)} tiles (${count(c.activeTiles)} ran): ${count(c.vectors)} MVMs = ${count(c.ops)} ops (a MAC is 2 ops)`);
  lines.push(`    peak throughput   ${tops(c.tops)} TOPS (sum over the tiles of ops per MVM x throughput)`);
  lines.push(`    efficiency        ${tops(c.topsPerWatt)} TOPS/W (ops / ${q(c.energy, 'energy')}${c.leakage > 0 ? ` + leakage ${q(c.leakage, 'energy')}` : ''}), ${tops(c.topsPerMm2)} TOPS/mm2`);
  lines.push(`    area              ${areaText(c.area.area, c.area.components)}${c.area.unmodelled.length ? `; no area parameter: ${c.area.unmodelled.join(', ')}` : ''}`);
  lines.push(`    per inference     latency ${q(c.latencyPerInference, 'time')} through ${count(c.activeTiles)} tile${c.activeTiles === 1 ? '' : 's'}, throughput ${rate(c.throughput).replace('MVM/s', 'inferences/s')}`);
  if (c.utilisation !== null) lines.push(`    utilisation       ${pct(c.utilisation)} (arrays busy / tiles x simulated time)`);
  if (c.topEnergy.length) lines.push(`    top energy        ${c.topEnergy.slice(0, 4).map((e) => `${e.name} ${q(e.energy, 'energy')} (${pct(e.share)})`).join(', ')}`);
  return lines;
}

/** The multi-line summary of `xbar sim`. */
export function summaryText(r: TestbenchResult, file: string, wallSeconds: number, chip?: ChipFigures): string {
  const lines: string[] = [];
  lines.push(`testbench ${r.name} (${file})${r.interrupted ? ' -- interrupted' : ''}`);
  lines.push(`  simulated ${q(Number(r.simulatedFs) / 1e15, 'time')} in ${count(r.activations)} kernel activations (${wallSeconds.toFixed(2)} s)`);
  // Tiles the testbench drives or checks in full; the rest (fed by links) in one line.
  const shown = r.tiles.filter((t) => r.focus.includes(t.path));
  const others = r.tiles.filter((t) => !r.focus.includes(t.path));
  for (const t of shown) {
    lines.push(`  tile ${t.path}: ${count(t.vectors)} vector${t.vectors === 1 ? '' : 's'}`);
    lines.push(`    latency per MVM   ${q(t.latency, 'time')}`);
    lines.push(`    throughput        ${rate(t.throughput)}${t.tops === null ? '' : `  (${tops(t.tops)} TOPS)`}`);
    lines.push(`    energy per MVM    ${q(t.energyPerMvm, 'energy')}${t.topsPerWatt === null ? '' : `  (${t.topsPerWatt.toPrecision(3)} TOPS/W at ${count(t.opsPerMvm)} ops per MVM)`}`);
    if (t.leakage > 0) lines.push(`    leakage           ${q(t.leakage, 'energy')} over ${q(t.simTime, 'time')} (${t.leakageBy.map((c) => `${c.name} ${q(c.power, 'power')}`).join(', ')}); TOPS/W counts it`);
    const rel = (e: number) => (e / t.fullScale!).toPrecision(3);
    lines.push(`    error vs ideal    ${t.errMax === null ? 'n/a' : `max ${t.errMax.toPrecision(3)} lsb, rms ${t.errRms!.toPrecision(3)} lsb (${rel(t.errMax)}, ${rel(t.errRms!)} of full scale)`}`);
    const total = t.components.reduce((a, c) => a + c.energy, 0);
    if (total > 0) {
      const parts = [...t.components].filter((c) => c.energy > 0).sort((a, b) => b.energy - a.energy);
      lines.push(`    energy by part    ${parts.map((c) => `${c.name} ${q(c.energy / Math.max(1, t.vectors), 'energy')} (${((100 * c.energy) / total).toFixed(0)}%)`).join(', ')}`);
    }
    const busy = t.components.filter((c) => c.busy > 0);
    if (busy.length) {
      lines.push(`    busy per MVM      ${busy.map((c) => `${c.name} ${q(c.busy / Math.max(1, t.vectors), 'time')}`).join(', ')}`);
      if (busy.some((c) => c.utilisation !== null)) lines.push(`    utilisation       ${busy.map((c) => `${c.name} ${c.utilisation === null ? 'n/a' : pct(c.utilisation)}`).join(', ')}`);
    }
    // Only with back-pressure (a result held for a consumer that was not ready).
    const stalled = t.components.filter((c) => c.stall > 0);
    if (stalled.length) lines.push(`    stall per MVM     ${stalled.map((c) => `${c.name} ${q(c.stall / Math.max(1, t.vectors), 'time')}`).join(', ')}`);
    const unmodelled = t.areaBy.filter((c) => c.each === null).map((c) => c.name);
    lines.push(`    area              ${areaText(t.area, t.areaBy)}${t.topsPerMm2 === null ? '' : `  (${tops(t.topsPerMm2)} TOPS/mm2)`}${unmodelled.length ? `; no area parameter: ${unmodelled.join(', ')}` : ''}`);
  }
  if (others.length) {
    const vectors = others.reduce((a, t) => a + t.vectors, 0);
    const energy = others.reduce((a, t) => a + (t.energyPerMvm ?? 0) * t.vectors, 0);
    lines.push(`  ${others.length} more tile${others.length === 1 ? '' : 's'} fed through links (${others[0]!.path} ... ${others[others.length - 1]!.path}): ${count(vectors)} vectors, ${q(energy, 'energy')} in all`);
  }
  if (chip && chip.tiles > 1) lines.push(...chipLines(chip));
  for (const n of r.networks) lines.push(...networkLines(n));
  if (r.expectations.length) {
    lines.push('  expectations');
    for (const e of r.expectations) lines.push(`    ${e.passed ? 'PASS' : 'FAIL'}  ${e.text}  -- ${e.measured}`);
  }
  if (r.vcd) {
    const cut = r.traceComplete ? '' : ` (ends where the run ${r.interrupted ? 'was interrupted' : 'stopped'})`;
    lines.push(`  trace: ${r.vcd}${cut}${r.gtkw ? `; open with: gtkwave ${r.gtkw}` : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** A JSON-safe copy of a result (bigints as strings, no spans). */
export function resultJson(r: TestbenchResult, file: string, chip?: ChipFigures): unknown {
  return {
    file,
    testbench: r.name,
    ok: r.ok,
    interrupted: r.interrupted,
    simulatedSeconds: Number(r.simulatedFs) / 1e15,
    activations: r.activations,
    tiles: r.tiles,
    interconnect: r.interconnect,
    ...(chip ? { chip } : {}),
    ...(r.networks.length ? { networks: r.networks } : {}),
    expectations: r.expectations.map((e) => ({ text: e.text, passed: e.passed, measured: e.measured })),
    vcd: r.vcd,
    gtkw: r.gtkw,
    traceComplete: r.vcd ? r.traceComplete : null,
  };
}

/** A one-line progress display on a terminal: simulated time against the run's end. */
export class Progress {
  private last = 0;
  private shown = false;
  constructor(
    private readonly write: (s: string) => void,
    private readonly start = Date.now(),
  ) {}

  update(simulated: number, until: number): void {
    const now = Date.now();
    if (now - this.start < 1000 || now - this.last < 100) return;
    this.last = now;
    this.shown = true;
    const frac = until > 0 ? Math.min(1, simulated / until) : 0;
    const width = 30;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    this.write(`\r[${bar}] simulated ${q(simulated, 'time')} (${((now - this.start) / 1000).toFixed(1)} s)`);
  }

  /** `[#####.....] 12 of 100 samples (3.4 s)`: a count against its total. */
  count(done: number, total: number, what: string): void {
    const now = Date.now();
    if (now - this.start < 1000 || now - this.last < 100) return;
    this.last = now;
    this.shown = true;
    const width = 30;
    const bar = '#'.repeat(Math.round((total > 0 ? Math.min(1, done / total) : 0) * width)).padEnd(width, '.');
    this.write(`\r[${bar}] ${done} of ${total} ${what} (${((now - this.start) / 1000).toFixed(1)} s)`);
  }

  done(): void {
    if (this.shown) this.write('\r\x1b[K');
  }
}
