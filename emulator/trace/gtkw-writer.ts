// emulator/trace/gtkw-writer.ts: a GTKWave save file (.gtkw) beside a VCD written by VcdWriter,
// so `gtkwave run.gtkw` opens run.vcd with the signals grouped and the reals drawn as analog.
//
// Format (eda.md §2, checked against GTKWave 3.3.118):
//  - `[dumpfile] "run.vcd"` and `[savefile] "run.gtkw"`, both relative. GTKWave resolves a
//    relative dumpfile against the .gtkw's directory only when [savefile] is present too (it
//    rebases the dumpfile's path relative to [savefile]; without [savefile], `cd / && gtkwave
//    /dir/run.gtkw` fails with "Could not initialize 'run.vcd'").
//  - `[timestart] 0`, `[size] 1200 720`, `[pos] -1 -1`, one `[treeopen] a.b.` per scope.
//  - `@flags` applies to every following signal line until the next `@`:
//      bit, event, non-analog real: @28 (binary, right-justified)
//      vector: @22 (hex)
//      integer: @424 (signed decimal; @24 would show -1 as 4294967295)
//      real with `analog`: @8028 (analog step, the default: emulator values hold between
//      events) or @10028 (analog interpolated, option), then @20000 and three `-` rows
//      (blank rows that make the analog trace four rows tall).
//  - groups: `@800200` `-name` ... `@1000200` `-name`, one per TraceVar.group, placed where its
//    first member is declared; members keep declaration order.
//  - signal lines are GTKWave's full names (vcd-names.ts): `hermes.c[0].adcs.code[7:0]`.
// Same inputs give the same bytes (no dates, no absolute paths).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TraceVar } from './trace-sink.js';
import { vcdLayout, type VcdScopeNode } from './vcd-names.js';

export interface GtkwOptions {
  /** How `analog` reals are drawn (default 'step'). */
  analog?: 'step' | 'interpolated';
}

/** `dir/run.vcd` -> `dir/run.gtkw` (any other extension: `.gtkw` appended). */
export function gtkwPathFor(vcdPath: string): string {
  return vcdPath.endsWith('.vcd') ? vcdPath.slice(0, -4) + '.gtkw' : vcdPath + '.gtkw';
}

const FLAGS = {
  bit: '28',
  vector: '22',
  integer: '424',
  realText: '28',
  analogStep: '8028',
  analogInterpolated: '10028',
  analogExtend: '20000',
  groupBegin: '800200',
  groupEnd: '1000200',
} as const;

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

/** The .gtkw text for `vars` (as declared to the VcdWriter that writes `vcdFile`). */
export function gtkwText(vars: readonly TraceVar[], vcdFile: string, gtkwFile: string, options: GtkwOptions = {}): string {
  const layout = vcdLayout(vars);
  const out: string[] = [];
  out.push('[*] GTKWave save file written by xbar');
  out.push(`[dumpfile] "${vcdFile}"`);
  out.push(`[savefile] "${gtkwFile}"`);
  out.push('[timestart] 0');
  out.push('[size] 1200 720');
  out.push('[pos] -1 -1');
  const tree = (node: VcdScopeNode, prefix: string): void => {
    for (const item of node.items) {
      if ('scope' in item) {
        const p = prefix + item.scope.name + '.';
        out.push(`[treeopen] ${p}`);
        tree(item.scope, p);
      }
    }
  };
  tree(layout.root, '');
  out.push('[sst_width] 220');
  out.push('[signals_width] 260');
  out.push('[sst_expanded] 1');
  out.push('[sst_vpaned_height] 180');

  let flags = '';
  const setFlags = (f: string): void => {
    if (f !== flags) {
      out.push('@' + f);
      flags = f;
    }
  };
  const signal = (v: TraceVar): void => {
    const name = layout.names[v.id]!.gtkwaveName;
    switch (v.kind) {
      case 'bit':
      case 'event':
        setFlags(FLAGS.bit);
        out.push(name);
        return;
      case 'vector':
        setFlags(v.width === 1 ? FLAGS.bit : FLAGS.vector);
        out.push(name);
        return;
      case 'integer':
        setFlags(FLAGS.integer);
        out.push(name);
        return;
      case 'real':
        if (!v.analog) {
          setFlags(FLAGS.realText);
          out.push(name);
          return;
        }
        setFlags(options.analog === 'interpolated' ? FLAGS.analogInterpolated : FLAGS.analogStep);
        out.push(name);
        setFlags(FLAGS.analogExtend);
        out.push('-', '-', '-');
        return;
    }
  };
  const groups = new Map<string, TraceVar[]>();
  for (const v of vars) {
    if (v.group === undefined) continue;
    const g = groups.get(v.group);
    if (g) g.push(v);
    else groups.set(v.group, [v]);
  }
  const done = new Set<string>();
  for (const v of vars) {
    if (v.group === undefined) {
      signal(v);
      continue;
    }
    if (done.has(v.group)) continue;
    done.add(v.group);
    const label = oneLine(v.group);
    setFlags(FLAGS.groupBegin);
    out.push('-' + label);
    for (const m of groups.get(v.group)!) signal(m);
    setFlags(FLAGS.groupEnd);
    out.push('-' + label);
  }
  return out.join('\n') + '\n';
}

/** Write `run.gtkw` beside `run.vcd`; returns the .gtkw path. */
export function writeGtkw(vcdPath: string, vars: readonly TraceVar[], options: GtkwOptions = {}): string {
  const gtkwPath = gtkwPathFor(vcdPath);
  fs.writeFileSync(gtkwPath, gtkwText(vars, path.basename(vcdPath), path.basename(gtkwPath), options));
  return gtkwPath;
}
