// dsl/passes/check-stages.ts: the pipeline stages each tile needs.
// Input: Elaborated. Output: diagnostics only (E3010, E3011, E3035, E3051-E3054).
//
// 1. A tile has at least one DAC, one crossbar and one ADC (a DAC -> crossbar -> ADC pipeline).
// 2. A crossbar whose cell scheme reads a weight as several output lanes (bit slices) needs a
//    shift_add downstream with `slices` equal to that number. (The pairs of a differential
//    cell are combined in the column readout: one lane per weight column.)
// 3. A bit-serial DAC needs a shift_add downstream of the ADCs it feeds.
// 4. Iterative bound management needs DACs whose codes can be scaled down (not bit-serial) (E3035).
// 5. Time-multiplexed DACs (`mux` > 1) drive their rows in groups, one after the other: the
//    chain must accumulate the groups, with an integrator or a CCO ADC after the array (E3051),
//    and each DAC drives mux rows: the count is a multiple of mux (E3052).
// 6. A chip's `adc_share` = k groups its tile instances k at a time in chip order, each group's
//    ADC banks one physical bank: they must be the same kind with the same parameters, not
//    CCOs (which count during their own tile's window) (E3053), and the same size (E3054).
// 7. Every tile has a clock: its own, or its chip's (E3010); a tile used alone in a
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

function checkDacMux(tile: TileIR, dac: InstanceIR, mux: number, diags: Diagnostics): void {
  if (dac.count % mux !== 0) {
    diags.report('E3052', `\`${dac.name}\` has ${dac.count} rows, not a multiple of its mux ${mux}`, dac.component.origins['mux']?.span ?? dac.span, {
      help: `use a count that is a multiple of ${mux} (each DAC drives mux rows), or a mux that divides ${dac.count}`,
    });
  }
  const after = downstream(tile, dac);
  const xbar = after.find((i) => i.component.category === 'crossbar');
  const next = xbar ? tile.connections.filter((c) => c.from.instance === xbar.name).map((c) => tile.instances.find((i) => i.name === c.to.instance)) : [];
  const accumulates = next.some((i) => i && (i.component.category === 'integrator' || (i.component.category === 'adc' && i.component.kindName === 'cco')));
  if (xbar && !accumulates) {
    const what = next.map((i) => i && `the ${i.component.kindName} \`${i.name}\``).filter(Boolean).join(', ') || 'nothing';
    diags.report('E3051', `\`${dac.name}\` drives its rows in ${mux} groups one after the other, but ${what} after the array cannot accumulate the groups`, dac.component.origins['mux']?.span ?? dac.span, {
      labels: [{ span: xbar.span, message: 'its columns need an integrator or CCO ADCs' }],
      help: 'add an `integrator` between the array and the ADCs, use `cco` ADCs, or `mux = 1`',
    });
  }
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
    if (c.category === 'dac' && typeof c.params['mux'] === 'number' && c.params['mux'] > 1) checkDacMux(tile, inst, c.params['mux'], diags);
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

/** The ADC bank of a tile: its kind and parameters, and its ADCs and lanes. */
function adcBank(tile: TileIR): { kind: string; params: string; adcs: number; lanes: number; cco: boolean; at: InstanceIR } | null {
  const adcs = tile.instances.filter((i) => i.component.category === 'adc');
  if (adcs.length === 0) return null;
  const mux = (i: InstanceIR) => (typeof i.component.params['mux'] === 'number' ? i.component.params['mux'] : 1);
  return {
    kind: adcs.map((i) => i.component.kindName).join(', '),
    params: adcs.map((i) => JSON.stringify([i.component.kindName, i.component.params])).join('\n'),
    adcs: adcs.reduce((s, i) => s + i.count, 0),
    lanes: adcs.reduce((s, i) => s + i.count * mux(i), 0),
    cco: adcs.some((i) => i.component.kindName === 'cco'),
    at: adcs[0]!,
  };
}

function checkAdcShare(chip: Design['chips'][number], diags: Diagnostics): void {
  const k = chip.adcShare ?? 1;
  if (k <= 1) return;
  const at = chip.span;
  for (let g = 0; g < chip.tiles.length; g += k) {
    const group = chip.tiles.slice(g, g + k);
    if (group.length < 2) continue;
    const first = group[0]!;
    const a = adcBank(first.tile);
    if (!a) continue;
    const names = `${group[0]!.path} .. ${group[group.length - 1]!.path}`;
    if (a.cco) {
      diags.report('E3053', `chip \`${chip.name}\` shares one ADC bank between tiles ${names} (adc_share = ${k}), but \`${first.tile.name}\` has CCO ADCs`, at, {
        labels: [{ span: a.at.span, message: 'a CCO counts its own tile\'s column currents during the window: it cannot serve another tile' }],
        help: 'use sampling ADCs (sar, flash, ramp, pipeline), or `adc_share = 1`',
      });
      continue;
    }
    for (const ti of group.slice(1)) {
      const b = adcBank(ti.tile);
      if (!b) continue;
      if (b.params !== a.params) {
        diags.report('E3053', `chip \`${chip.name}\` shares one ADC bank between ${first.path} and ${ti.path} (adc_share = ${k}), but their ADCs differ: ${a.kind === b.kind ? `the ${a.kind} ADCs have other parameters` : `${a.kind} and ${b.kind}`}`, at, {
          labels: [{ span: a.at.span, message: `${first.path}` }, { span: b.at.span, message: `${ti.path}` }],
          help: 'tiles that share a bank need the same ADC declaration (kind and every parameter)',
        });
      } else if (b.adcs !== a.adcs || b.lanes !== a.lanes) {
        diags.report('E3054', `chip \`${chip.name}\` shares one ADC bank between ${first.path} (${a.adcs} ADCs, ${a.lanes} lanes) and ${ti.path} (${b.adcs} ADCs, ${b.lanes} lanes) (adc_share = ${k})`, at, {
          labels: [{ span: b.at.span, message: 'a bank of another size' }],
          help: 'group tiles with ADC banks of one size (order the tile arrays so), or `adc_share = 1`',
        });
      }
    }
  }
}

export function checkStages(d: Design, diags: Diagnostics): void {
  for (const t of allTiles(d)) checkTile(t, diags);
  for (const chip of d.chips) checkAdcShare(chip, diags);
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
