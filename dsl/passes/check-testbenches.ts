// dsl/passes/check-testbenches.ts: testbench steps against the hardware they address.
// Input: Elaborated. Output: diagnostics only (E3012-E3015, E3055).
//
// 1. `program`: the target has exactly one crossbar (or names it); a literal matrix is
//    rows x cols of that crossbar (E3012). File contents are checked when the run reads them.
// 2. `drive`: the target has DACs; literal vectors have one code per DAC lane (E3012), and
//    every code, and the bounds of random_codes, fit the DAC (E3013).
// 3. Expectations name a whole tile (E3014).
// 4. `run network`: the network is placed on the testbench's chip; `expect accuracy(net)` and
//    the other network metrics follow a run of that network (E3055).
// 5. Device models that only exist at some times: rram_wan2022 is fitted at
//    t_inference = 1 s, 1 day and 2 days only (E3015).
import type { Diagnostics } from '../diagnostics/diagnostic.js';
import type { ComponentIR, InstanceIR, TargetPath, TestbenchIR, TileIR } from '../ir/nodes.js';
import type { Design } from '../ir/nodes.js';
import { cellOf } from '../ir/walk.js';

/** Code range of a DAC: signed b bits -> +-(2^(b-1)-1); unsigned -> 0..2^b-1. */
export function codeRange(dac: ComponentIR): [number, number] {
  const bits = dac.params['bits'] as number;
  return dac.params['signed'] ? [-(2 ** (bits - 1) - 1), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
}

function tileOf(tb: TestbenchIR, t: TargetPath): TileIR {
  return tb.target.tiles.find((x) => x.path === t.tile)!.tile;
}

function pick(tile: TileIR, t: TargetPath, category: string): InstanceIR[] {
  if (t.component) return tile.instances.filter((i) => i.name === t.component);
  return tile.instances.filter((i) => i.component.category === category);
}

const WAN_KEYS = [1, 86400, 172800];

export function checkTestbenches(d: Design, diags: Diagnostics): void {
  for (const tb of d.testbenches) {
    for (const step of tb.steps) {
      if (step.kind === 'program') {
        const tile = tileOf(tb, step.target);
        const xbars = pick(tile, step.target, 'crossbar');
        const xb = xbars[0];
        if (!xb || xb.component.category !== 'crossbar' || xbars.length !== 1) {
          diags.report('E3014', xbars.length > 1
            ? `\`${step.target.tile}\` has ${xbars.length} crossbars; name the one to program`
            : `\`program\` needs a crossbar; \`${step.target.component ?? step.target.tile}\` is not one`, step.target.span, {
            help: xbars.length > 1 ? `write \`program ${step.target.tile}.${xbars[0]!.name} with ...;\`` : [],
          });
          continue;
        }
        if (step.source.kind === 'matrix') {
          const rows = xb.component.params['rows'] as number;
          const cols = xb.component.params['cols'] as number;
          const m = step.source.rows;
          const bad = m.findIndex((r) => r.length !== cols);
          if (m.length !== rows || bad >= 0) {
            diags.report('E3012', `the weight matrix is ${m.length} x ${bad >= 0 ? m[bad]!.length : cols}, but \`${xb.name}\` is ${rows} x ${cols} (rows x cols)`, step.source.span, {
              notes: bad >= 0 ? [`row ${bad} has ${m[bad]!.length} values`] : [],
            });
          }
        }
      } else if (step.kind === 'drive') {
        const tile = tileOf(tb, step.target);
        const dacs = pick(tile, step.target, 'dac');
        if (dacs.length === 0 || dacs.some((x) => x.component.category !== 'dac')) {
          diags.report('E3014', `\`drive\` needs DACs; \`${step.target.component ?? step.target.tile}\` has none`, step.target.span);
          continue;
        }
        // Lanes, each with its DAC's code range, in declaration order (or the selected elements).
        const ranges: [number, number][] = [];
        for (const dac of dacs) {
          const r = codeRange(dac.component);
          const [lo, hi] = step.target.lanes ?? [0, dac.count];
          for (let i = lo; i < hi; i++) ranges.push(r);
        }
        const src = step.source;
        if (src.kind === 'vectors') {
          const bad = src.vectors.findIndex((v) => v.length !== ranges.length);
          if (bad >= 0) {
            diags.report('E3012', `input vector ${bad} has ${src.vectors[bad]!.length} codes, but \`${step.target.component ?? step.target.tile}\` has ${ranges.length} DAC lane${ranges.length === 1 ? '' : 's'}`, src.span);
            continue;
          }
          outer: for (let v = 0; v < src.vectors.length; v++) {
            for (let i = 0; i < ranges.length; i++) {
              const code = src.vectors[v]![i]!;
              const [lo, hi] = ranges[i]!;
              if (code < lo || code > hi) {
                diags.report('E3013', `code ${code} (vector ${v}, lane ${i}) is outside the DAC's range ${lo}..=${hi}`, src.span);
                break outer;
              }
            }
          }
        } else if (src.kind === 'random-codes') {
          const lo = Math.max(...ranges.map((r) => r[0]));
          const hi = Math.min(...ranges.map((r) => r[1]));
          for (const [v, name] of [[src.lo, 'lo'], [src.hi, 'hi']] as const) {
            if (v !== null && (v < lo || v > hi)) {
              diags.report('E3013', `random_codes \`${name} = ${v}\` is outside the DAC's range ${lo}..=${hi}`, src.span);
            }
          }
        }
      }
    }
    // 3. Expectations measure a tile's outputs (the ideal comparison, latency, throughput and
    //    energy are per tile); a component target cannot be measured.
    for (const step of tb.steps) {
      if ((step.kind === 'expect-ideal' || step.kind === 'expect-metric') && step.target.component) {
        diags.report('E3014', `expectations apply to a whole tile; \`${step.target.tile}.${step.target.component}\` is a component`, step.target.span, {
          help: `write \`${step.target.tile}\``,
        });
      }
    }
    // 4. Network runs: the network is placed on the testbench's target; metrics of a network
    //    need a run of it before.
    const ran = new Set<string>();
    for (const step of tb.steps) {
      if (step.kind === 'run-network' && step.ir) {
        ran.add(step.network);
        if (step.ir.target.name !== tb.target.name) {
          diags.report('E3055', `network \`${step.network}\` is placed on \`${step.ir.target.name}\`; testbench \`${tb.name}\` runs \`${tb.target.name}\``, step.span, {
            help: `run it in a testbench for \`${step.ir.target.name}\``,
          });
        }
      } else if (step.kind === 'expect-network' && !ran.has(step.network)) {
        diags.report('E3055', `\`${step.metric}(${step.network})\` needs \`run network ${step.network};\` before it in testbench \`${tb.name}\``, step.span);
      }
    }
    const t = tb.params['t_inference'] as number;
    const devices = new Set<ComponentIR>();
    for (const ti of tb.target.tiles) for (const i of ti.tile.instances) {
      const cell = cellOf(i.component);
      if (cell) devices.add(cell.device);
    }
    for (const dev of devices) {
      if (dev.kindName === 'rram_wan2022' && !WAN_KEYS.includes(t)) {
        diags.report('E3015', `device \`${dev.name}\` (rram_wan2022) is only fitted at t_inference = 1 s, 1 day or 2 days; testbench \`${tb.name}\` reads it at ${t} s`, tb.origins['t_inference']?.span ?? tb.span, {
          notes: ['the Wan 2022 model has coefficients for those three times only (devices.md §1.4)'],
          help: 'set `t_inference = 1 s;` (or `1 day`, `2 days`)',
        });
      }
    }
  }
}
