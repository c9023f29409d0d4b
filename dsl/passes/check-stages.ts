// dsl/passes/check-stages.ts: the pipeline stages each tile needs.
// Input: Elaborated. Output: diagnostics only (E3010, E3011, E3035).
//
// 1. A tile has at least one DAC, one crossbar and one ADC (a DAC -> crossbar -> ADC pipeline).
// 2. A crossbar whose cell scheme reads a weight as several output lanes (bit slices) needs a
//    shift_add downstream with `slices` equal to that number. (The pairs of a differential
//    cell are combined in the column readout: one lane per weight column.)
// 3. A bit-serial DAC needs a shift_add downstream of the ADCs it feeds.
// 4. Iterative bound management needs DACs whose codes can be scaled down (not bit-serial) (E3035).
// 5. Every tile has a clock: its own, or its chip's (E3010); a tile used alone in a
//    testbench needs its own.
import type { Diagnostics } from '../diagnostics/diagnostic.js';
import type { Design, InstanceIR, TileIR } from '../ir/nodes.js';
import { outputsPerColumn } from '../ir/ports.js';
import { cellOf } from '../ir/walk.js';
import { allTiles } from '../ir/walk.js';

/** Instances reachable downstream of `from` through the tile's connections. */
function downstream(tile: TileIR, from: InstanceIR): InstanceIR[] {
  const byName = new Map(tile.instances.map((i) => [i.name, i]));
  const seen = new Set<string>([from.name]);
  const queue = [from.name];
  while (queue.length) {
    const cur = queue.shift()!;
    for (const c of tile.connections) {
      if (c.from.instance === cur && !seen.has(c.to.instance)) {
        seen.add(c.to.instance);
        queue.push(c.to.instance);
      }
    }
  }
  seen.delete(from.name);
  return [...seen].map((n) => byName.get(n)!).filter(Boolean);
}

function checkTile(tile: TileIR, diags: Diagnostics): void {
  const has = (cat: string) => tile.instances.some((i) => i.component.category === cat);
  for (const [cat, what] of [['dac', 'a DAC'], ['crossbar', 'a crossbar'], ['adc', 'an ADC']] as const) {
    if (!has(cat)) {
      diags.report('E3011', `tile \`${tile.name}\` has no ${cat === 'crossbar' ? 'crossbar' : cat.toUpperCase()}`, tile.span, {
        notes: [`a tile is a DAC -> crossbar -> ADC pipeline; add ${what}`],
      });
    }
  }
  for (const inst of tile.instances) {
    const c = inst.component;
    if (c.category === 'crossbar' && c.params['bound_management'] === 'iterative') {
      const serial = tile.instances.find((i) => i.component.kindName === 'bit_serial' && downstream(tile, i).includes(inst));
      if (serial) {
        diags.report('E3035', `\`${inst.name}\` has iterative bound management, but its rows are driven by the bit-serial DACs \`${serial.name}\``, inst.span, {
          labels: [{ span: serial.span, message: 'one magnitude bit (or digit) per cycle: a slice cannot be scaled down' }],
          help: 'use `pwm` or `voltage` DACs, or `bound_management = none`',
        });
      }
    }
    if (c.category === 'crossbar') {
      const cell = cellOf(c);
      if (!cell) continue;
      const k = outputsPerColumn(cell);
      if (k <= 1) continue;
      const sa = downstream(tile, inst).filter((i) => i.component.category === 'shift_add');
      if (!sa.some((s) => s.component.params['slices'] === k)) {
        const why = cell.scheme === 'bit_sliced' ? `stores each ${cell.bits}-bit weight in ${k} slices of ${cell.bitsPerCell} bits` : `reads each weight as ${k} lanes`;
        diags.report('E3011', `\`${inst.name}\` ${why}, but no shift_add with \`slices = ${k}\` combines them`, inst.span, {
          help: `add \`shift_add sa[${c.params['cols']}] { slices = ${k}; }\` after the ADCs`,
          notes: sa.length ? [`found shift_add with slices = ${sa.map((s) => s.component.params['slices']).join(', ')}`] : [],
        });
      }
    }
    if (c.kindName === 'bit_serial') {
      const after = downstream(tile, inst);
      if (after.some((i) => i.component.category === 'adc') && !after.some((i) => i.component.category === 'shift_add')) {
        diags.report('E3011', `\`${inst.name}\` applies its input ${c.params['bits_per_cycle']} bit per cycle, but no shift_add accumulates the cycles`, inst.span, {
          help: 'add a `shift_add` after the ADCs',
        });
      }
    }
  }
}

export function checkStages(d: Design, diags: Diagnostics): void {
  for (const t of allTiles(d)) checkTile(t, diags);
  const clocked = new Set<TileIR>();
  for (const chip of d.chips) {
    for (const ti of chip.tiles) {
      if (ti.tile.clock || chip.clock || clocked.has(ti.tile)) continue;
      clocked.add(ti.tile);
      diags.report('E3010', `tile \`${ti.tile.name}\` has no clock, and chip \`${chip.name}\` gives none`, ti.tile.span, {
        labels: [{ span: chip.span, message: 'this chip has no `clock = ...;`' }],
        help: 'set `clock = my_clk;` in the tile or the chip, after `clock my_clk = 1 GHz;`',
      });
    }
  }
  for (const tb of d.testbenches) {
    if (tb.targetKind !== 'tile') continue;
    const tile = tb.target.tiles[0]!.tile;
    if (!tile.clock && !clocked.has(tile)) {
      clocked.add(tile);
      diags.report('E3010', `tile \`${tile.name}\` has no clock, and testbench \`${tb.name}\` runs it on its own`, tile.span, {
        help: 'set `clock = my_clk;` in the tile',
      });
    }
  }
}
