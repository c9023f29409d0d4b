// dsl/passes/check-resources.ts: will the design fit in memory when it is emulated?
// Input: Elaborated. Output: diagnostics only (E3009).
//
// The emulator keeps per device a target conductance, a programmed conductance and a drift
// exponent (3 x float64), and per lane a few values of state. For each chip (and each tile
// run alone by a testbench), sum that over every tile instance and compare with the budget.
// A design that would not fit is reported here, before anything allocates it.
import type { Span } from '../ast.js';
import type { Diagnostics } from '../diagnostics/diagnostic.js';
import type { Design, TileIR } from '../ir/nodes.js';
import { devicesPerWeight, ports } from '../ir/ports.js';
import { cellOf } from '../ir/walk.js';

export const BYTES_PER_DEVICE = 24;
export const BYTES_PER_LANE = 32;
/** ir_drop = exact also keeps per device its conductance twice (physical array, network) and the solver's 4 node and pivot arrays. */
export const EXACT_IR_DROP_BYTES_PER_DEVICE = 56;

export interface TileFootprint {
  devices: number;
  bytes: number;
  /** Devices of arrays with ir_drop = exact. */
  exact: number;
}

export function tileFootprint(tile: TileIR): TileFootprint {
  let devices = 0;
  let lanes = 0;
  let exact = 0;
  for (const i of tile.instances) {
    const cell = cellOf(i.component);
    const n = cell ? (i.component.params['rows'] as number) * (i.component.params['cols'] as number) * devicesPerWeight(cell) * i.count : 0;
    devices += n;
    if (i.component.params['ir_drop'] === 'exact') exact += n;
    for (const p of ports(i)) lanes += p.lanes;
  }
  return { devices, exact, bytes: devices * BYTES_PER_DEVICE + exact * EXACT_IR_DROP_BYTES_PER_DEVICE + lanes * BYTES_PER_LANE };
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${Number(n.toPrecision(3))} ${units[i]}`;
}

export function checkResources(d: Design, diags: Diagnostics, budget: number): void {
  const report = (what: string, span: Span, bytes: number, devices: number, exact: number) => {
    diags.report('E3009', `${what} needs about ${formatBytes(bytes)} to emulate (${devices.toExponential(2)} devices), more than the ${formatBytes(budget)} available`, span, {
      notes: [
        `${BYTES_PER_DEVICE} bytes per device (target and programmed conductance, drift exponent)`,
        ...(exact > 0 ? [`${EXACT_IR_DROP_BYTES_PER_DEVICE} more per device of the ${exact.toExponential(2)} with \`ir_drop = exact\` (the resistive network and its solver)`] : []),
      ],
      help: 'emulate fewer tiles or a smaller array, or raise the budget with `--max-memory`',
    });
  };
  const targets: { name: string; span: Span; tiles: TileIR[] }[] = [];
  for (const chip of d.chips) targets.push({ name: `chip \`${chip.name}\``, span: chip.span, tiles: chip.tiles.map((t) => t.tile) });
  // A tile that a chip instantiates is counted in the chip; the others stand alone.
  const inChip = new Set(d.chips.flatMap((c) => c.tiles.map((t) => t.tile)));
  for (const t of d.tiles) if (!inChip.has(t)) targets.push({ name: `tile \`${t.name}\``, span: t.span, tiles: [t] });
  const memo = new Map<TileIR, TileFootprint>();
  for (const t of targets) {
    let bytes = 0;
    let devices = 0;
    let exact = 0;
    for (const tile of t.tiles) {
      let f = memo.get(tile);
      if (!f) {
        f = tileFootprint(tile);
        memo.set(tile, f);
      }
      bytes += f.bytes;
      devices += f.devices;
      exact += f.exact;
    }
    if (bytes > budget) report(t.name, t.span, bytes, devices, exact);
  }
}
