// hdl-export/netlist/prepare.ts: the prepare step of the `netlist` format.
//
// Input: an ExportPlan and the emit options (seed, t_inference). Output: every file to print,
// as modules (veriloga/module.ts) with their header lines. Steps:
//   1. prepareVerilogA(plan): the behavioural models and their names, the very files the
//      `verilog-a` format writes (the folder is self-contained), and the module namespace.
//   2. Tile variants and their conductances (variants.ts, programming.ts).
//   3. Per variant: its programmed array file (`<tile>_<crossbar>_prog.va`, array.ts), then its
//      tile file (`<tile>.vams`, tile.ts).
//   4. Per chip: the link lane model (once, `link_lane.va`) and the chip file (`<chip>.vams`,
//      chip.ts), which instantiates the variants.
//   5. Headers: generator, source lines, conductances, ports, top module, and every file the
//      module needs, in compile order (dependencies first).
import type { CellIR } from '../../dsl/ir/nodes.js';
import type { EmitOptions } from '../export.js';
import { fmtNumber } from '../params.js';
import type { ExportPlan } from '../plan.js';
import { CONVENTIONS, ADMS_SUBSET } from '../veriloga/models/common.js';
import type { Model } from '../veriloga/models/model.js';
import type { VaModule } from '../veriloga/module.js';
import { prepareVerilogA, type PreparedVerilogA, type VaFile } from '../veriloga/prepare.js';
import { programmedArray } from './array.js';
import { chipLinks, chipNetlist, linkLaneModel, type ChipTileInstance } from './chip.js';
import { generated, lineOf, linkLine, listNames, provenance, runs, tilePorts } from './headers.js';
import { tileNetlist, type TileNetlist } from './tile.js';
import { planVariants, type TileVariant } from './variants.js';

export interface PreparedNetlist {
  va: PreparedVerilogA;
  /** The Verilog-A model files, then per variant its array and tile files, then the chips'. */
  files: VaFile[];
  /** Top modules: the chips, and the tiles no chip instantiates. */
  tops: string[];
  variants: { variant: TileVariant; netlist: TileNetlist; tileFile: VaFile; arrayFile: VaFile | null }[];
}

/** Modules the file's modules instantiate that other files define. */
function usesOf(modules: readonly VaModule[]): string[] {
  const own = new Set(modules.map((m) => m.name));
  return [...new Set(modules.flatMap((m) => m.instances.map((i) => i.module)).filter((n) => !own.has(n)))];
}

export function prepareNetlist(plan: ExportPlan, opts: EmitOptions): PreparedNetlist {
  // 1.
  const va = prepareVerilogA(plan);
  const vopts = { ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.tInference !== undefined ? { tInference: opts.tInference } : {}) };
  // 2.
  const { tiles, all, chips } = planVariants(plan, va, vopts);
  const chipOf = (v: TileVariant) => chips.find((c) => c.instances.some((i) => i.variant === v));
  const files: VaFile[] = [...va.files];
  const pending: { file: VaFile; top: string | null }[] = [];

  // 3.
  const variants = all.map((v) => {
    const tile = v.tile;
    let arrayFile: VaFile | null = null;
    if (v.cells && v.crossbar) {
      const cell = v.crossbar.instance.component.params['cell'] as CellIR;
      const devicePc = plan.components.find((c) => c.component === cell.device)!;
      const cellModel = va.models.get(devicePc)!;
      const path = `${v.arrayModule}.va`;
      const cells = v.cells;
      const modules = programmedArray({
        name: v.arrayModule,
        columnModule: (col) => va.newModule(`column ${v.arrayModule} ${col}`, `${v.arrayModule}_${col}`),
        cells, cellModel, cellModule: devicePc.module,
        about: [`programmed crossbar \`${v.crossbar.name}\` of tile \`${tile.tile.name}\`${v.source!.path !== tile.tile.name ? ` (instance ${v.source!.path})` : ''}: ${cells.rows} rows x ${cells.columns.length} physical columns`],
      });
      arrayFile = {
        path,
        header: [
          `${path}: the programmed crossbar \`${v.crossbar.name}\` of tile \`${tile.tile.name}\`${v.source!.path !== tile.tile.name ? `, instance ${v.source!.path}` : ''}: ${cells.rows} x ${cells.columns.length} cells of \`${cell.device.name}\``,
          generated(plan),
          `Crossbar \`${v.crossbar.name}\` is declared at ${v.crossbar.component.declaredAt}; tile \`${tile.tile.name}\` at ${tile.declaredAt}; device \`${cell.device.name}\` at ${devicePc.declaredAt}.`,
          ...provenance(plan, v, opts, path),
          `Structure: module ${v.arrayModule} (ports r0 .. r${cells.rows - 1}, then ${listNames(cells.columns.map((c) => c.name))}), one column module`,
          `  per physical column (${listNames(modules.slice(0, -1).map((m) => m.name), 3)}), one \`${devicePc.module}\` instance per row (p on the row, n on the column).`,
          cells.drift
            ? `Per cell: g_prog, nu and read_dev; ${devicePc.module} gives G = g_prog ((t_inference + t0 + $abstime) / t0)^-nu (1 + read_dev), the emulator's g at $abstime = 0.`
            : 'Per cell: g, the conductance the emulator computes with at t_inference.',
          `${ADMS_SUBSET} Compile it after ${devicePc.module}.va.`,
        ],
        modules, adms: true, uses: usesOf(modules),
        holds: modules.map((m, k) => ({
          module: m.name,
          from: `${k < cells.columns.length ? `physical column ${cells.columns[k]!.name} of ` : ''}crossbar ${v.crossbar!.name} of tile ${tile.tile.name} programmed by ${v.source!.testbench.name} at ${v.source!.path}`,
          declaredAt: v.crossbar!.component.declaredAt,
        })),
      };
      files.push(arrayFile);
    }
    const chip = chipOf(v);
    const what = v.source ? (v.source.path !== tile.tile.name ? ` as programmed at ${v.source.path}` : '') : (v.module !== tile.module ? ', unprogrammed' : '');
    const netlist = tileNetlist({
      tile, name: v.module, va, arrayModule: v.arrayModule, columns: v.columns,
      about: [`tile \`${tile.tile.name}\`${what}`],
    });
    const path = `${v.module}.vams`;
    const isTop = tiles.includes(v);
    const file: VaFile = {
      path,
      header: [
        `${path}: structural Verilog-AMS netlist of tile \`${tile.tile.name}\`${what}`,
        generated(plan),
        `Tile \`${tile.tile.name}\` is declared at ${tile.declaredAt}.`,
        ...provenance(plan, v, opts, arrayFile?.path ?? null),
        ...tilePorts(v, netlist),
        TOP_LINES,
        ...CONVENTIONS,
      ],
      modules: [netlist.module], adms: false, uses: usesOf([netlist.module]),
      holds: [{ module: v.module, from: `tile ${tile.tile.name}${what}`, declaredAt: tile.declaredAt }],
    };
    files.push(file);
    pending.push({ file, top: isTop ? (chip ? `${v.module} (the chip ${chip.chip.module}, in ${chip.chip.module}.vams, instantiates it)` : v.module) : null });
    return { variant: v, netlist, tileFile: file, arrayFile };
  });

  // 4.
  let link: Model | null = null;
  if (chips.some((c) => c.chip.chip.links.length)) {
    const name = va.newModule('link lane', 'link_lane');
    link = linkLaneModel(name);
    files.push({
      path: `${name}.va`,
      header: [`${name}.va: Verilog-A model of one lane of a link between tiles (a helper module of the netlist)`, generated(plan), ...link.notes, ...CONVENTIONS, ADMS_SUBSET],
      modules: link.modules, adms: true, uses: [], holds: [{ module: name, from: 'link lane (helper)' }],
    });
  }
  for (const c of chips) {
    const netOf = new Map(variants.map((x) => [x.variant, x.netlist]));
    const insts: ChipTileInstance[] = c.instances.map((i) => {
      const ti = c.chip.chip.tiles.find((t) => t.path === i.path)!;
      return { path: i.path, name: i.name, module: i.variant.module, ports: netOf.get(i.variant)!, tile: ti.tile, clock: ti.tile.clock ?? c.chip.chip.clock };
    });
    const links = chipLinks(c.chip, new Map(insts.map((i) => [i.path, i])));
    const module = chipNetlist({ name: c.chip.module, about: [`chip \`${c.chip.chip.name}\`: ${plural(insts.length, 'tile instance')}, ${plural(links.length, 'link')}`], instances: insts, links, link });
    const path = `${c.chip.module}.vams`;
    const file: VaFile = {
      path,
      header: [
        `${path}: structural Verilog-AMS netlist of chip \`${c.chip.chip.name}\``,
        generated(plan),
        `Chip \`${c.chip.chip.name}\` is declared at ${c.chip.declaredAt}: ${plural(insts.length, 'tile instance')}, ${plural(links.length, 'link')}.`,
        `Tile instances (instance name: module; conductances):`,
        ...runs(c.instances.map((i) => ({
          name: i.path,
          text: `${i.variant.module}; ${drawn(i.variant)}`,
        }))).map((l) => `  ${l}`),
        ...(c.testbench ? [`Testbench ${c.testbench.name} (${lineOf(plan, c.testbench.span)}) targets the chip; instances it does not program share the unprogrammed module.`] : []),
        ...(links.length ? ['Links (one link lane per output lane: rounded, clipped, delayed codes; the emulator\'s link):', ...runs(links.map((l) => linkLine(plan, l))).map((l) => `  ${l}`)] : []),
        `Ports: ${listNames(module.ports.map((p) => p.name), 6)} (${module.ports.length}: the clocks; per instance its controls,`,
        '  its inputs when no link drives it, its outputs when it feeds no link).',
        TOP_LINES,
        ...CONVENTIONS,
      ],
      modules: [module], adms: false, uses: usesOf([module]),
      holds: [{ module: c.chip.module, from: `chip ${c.chip.chip.name}`, declaredAt: c.chip.declaredAt }],
    };
    files.push(file);
    pending.push({ file, top: c.chip.module });
  }

  // 5. top module and compile order
  const fileOf = new Map<string, VaFile>();
  for (const f of files) for (const m of f.modules) fileOf.set(m.name, f);
  const order = (f: VaFile): string[] => {
    const seen = new Set<VaFile>();
    const out: string[] = [];
    const visit = (g: VaFile) => {
      if (seen.has(g)) return;
      seen.add(g);
      for (const u of g.uses) {
        const h = fileOf.get(u);
        if (!h) throw new Error(`internal: no file defines module ${u} (used by ${g.path})`);
        visit(h);
      }
      out.push(g.path);
    };
    visit(f);
    return out;
  };
  for (const { file, top } of pending) {
    const at = file.header.indexOf(TOP_LINES);
    const deps = order(file);
    file.header.splice(at, 1,
      top ? `Top module: ${top}.` : `Top module: the chip that instantiates ${file.modules[0]!.name}.`,
      `Compile, in this order: ${deps.slice(0, -1).join(' ')}${deps.length > 1 ? ' ' : ''}${deps[deps.length - 1]}`);
  }
  const tops = [...chips.map((c) => c.chip.module), ...tiles.filter((v) => !chipOf(v)).map((v) => v.module)];
  return { va, files, tops, variants };
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** Where the top-module and compile-order lines go (filled in once every file is known). */
const TOP_LINES = '\u0000top';

function drawn(v: TileVariant): string {
  if (!v.source) return 'no testbench programs it: every device at g_min';
  const at = `testbench ${v.source.testbench.name} at ${v.source.path}`;
  return v.cells ? `${at}, seed ${fmtNumber(v.cells.seed)}, t_inference ${fmtNumber(v.cells.tInference)} s` : at;
}
