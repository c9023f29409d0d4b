// hdl-export/verilog/prepare.ts: everything the Verilog printers print, decided once.
//
// Input: the shared ExportPlan (module names, instance names, who programs and drives each
// tile). Output: per exported tile, a ControllerTile:
//   1. the clock (the tile's, else the chip's of its testbench) and its two half periods;
//   2. the stages with their cycle counts (timing.ts) and their Verilog names: the tile
//      module's instances are the plan's instance names (the source and the sink get names
//      of their own in the same namespace), each stage's module is `<tile>_stage_<instance>`, unique
//      among every module of the plan;
//   3. the wires of the tile module and the names of the testbench module;
//   4. the vectors the testbench drives (drives.ts), when it stops, and a watchdog;
//   5. the emulator's name of every handshake signal next to its Verilog name, for comparing
//      the two VCDs (`compare.ts`).
// Names are taken in this fixed order, so the same description always gives the same text.
import type { InstanceIR } from '../../dsl/ir/nodes.js';
import type { TimeFs } from '../../emulator/kernel/time.js';
import { vcdName } from '../../emulator/trace/vcd-names.js';
import type { EmitOptions } from '../export.js';
import { Namer } from '../names.js';
import { PlanError, type ExportPlan, type PlannedComponent, type PlannedTile } from '../plan.js';
import { driveSchedule, type DriveSchedule } from './drives.js';
import { tileTiming, type StageTiming } from './timing.js';

/** A component instance a stage models, for the comments. */
export interface ModelledInstance {
  name: string;
  count: number;
  component: PlannedComponent;
  declaredAt: string;
}

export interface ControllerStage {
  /** Instance name in the tile module (the plan's name of the xbar instance, or source/sink). */
  instance: string;
  /** The stage's module. */
  module: string;
  /** The emulator's stage name (its VCD scope). */
  emulatorName: string;
  what: string;
  timing: StageTiming;
  why: string[];
  models: ModelledInstance[];
  /** Its signals in both VCDs: valid, ready, busy (and an ADC bank's convert). */
  signals: SignalPair[];
  /** Wires of the tile module carrying this stage's registers. */
  wires: { valid: string; ready: string; busy: string; convert: string | null; release: string | null };
}

/** The signals a stage traces in both VCDs. */
export const HANDSHAKE = ['valid', 'ready', 'busy'] as const;

export interface SignalPair {
  /** Full VCD name in the emulator's trace (`hermes.c[0].adcs.valid`). */
  emulator: string;
  /** Full VCD name in the Verilog testbench's trace (`tb_core.c_0.adcs.valid`). */
  verilog: string;
}

export interface ControllerTile {
  planned: PlannedTile;
  /** The tile module (the plan's name) and its file; the testbench module and its file. */
  module: string;
  file: string;
  testbench: string;
  tbFile: string;
  vcdFile: string;
  clock: { name: string; declaredAt: string; frequency: number; periodFs: TimeFs; highFs: TimeFs; lowFs: TimeFs };
  /** Every instance of the tile, in declaration order. */
  instances: ModelledInstance[];
  stages: ControllerStage[];
  /** Port names of the tile module. */
  ports: { clk: string; push: string; received: string };
  /** Names inside the testbench module. */
  tb: { instance: string; clk: string; push: string; received: string };
  drive: DriveSchedule;
  /** Results the sink receives before the testbench stops. */
  results: number;
  /** The watchdog: the testbench reports a stuck tile after this long (fs). */
  timeoutFs: TimeFs;
  signals: SignalPair[];
}

export interface ControllerPlan {
  generator: string;
  source: string;
  tiles: ControllerTile[];
}

function declaredAt(plan: ExportPlan, span: { file: number; start: number; end: number }): string {
  return plan.sources.where(span).replace(/:\d+$/, '');
}

export function prepareVerilog(plan: ExportPlan, opts: EmitOptions): ControllerPlan {
  // Every module of the plan keeps its name; ours come after, in a fixed order.
  const modules = new Namer();
  for (const m of [...plan.tiles.map((t) => t.module), ...plan.chips.map((c) => c.module), ...plan.components.map((c) => c.module)]) {
    if (modules.name(`plan ${m}`, m) !== m) throw new Error(`internal: the plan's module name ${m} is not unique`);
  }
  const tiles = plan.tiles.map((t) => prepareTile(plan, t, modules, opts));
  return { generator: plan.generator, source: plan.source, tiles };
}

function prepareTile(plan: ExportPlan, pt: PlannedTile, modules: Namer, opts: EmitOptions): ControllerTile {
  // 1. the clock
  const chip = plan.chips.find((c) => c.chip.tiles.some((ti) => ti.tile === pt.tile))?.chip ?? null;
  const clockIr = pt.clock ?? pt.programmedBy?.testbench.target.clock ?? chip?.clock ?? null;
  if (!clockIr) throw new PlanError(`tile \`${pt.tile.name}\` has no clock (neither its own nor its testbench chip's): a timing model needs one`);
  const periodFs = clockIr.periodFs;
  if (periodFs < 2n) throw new PlanError(`clock \`${clockIr.name}\` has a period of ${periodFs} fs; the testbench's clock needs at least 2 fs`);
  const highFs = periodFs / 2n;
  const clock = { name: clockIr.name, declaredAt: declaredAt(plan, clockIr.span), frequency: clockIr.frequency, periodFs, highFs, lowFs: periodFs - highFs };

  // 2. stages and their names
  const timing = tileTiming(pt.tile, clockIr);
  const local = new Namer();
  const planned = new Map<InstanceIR, { name: string; component: PlannedComponent }>();
  for (const pi of pt.instances) {
    if (local.name(`instance ${pi.instance.name}`, pi.name) !== pi.name) throw new Error(`internal: the plan's instance name ${pi.name} is not unique`);
    planned.set(pi.instance, { name: pi.name, component: pi.component });
  }
  const modelled = (i: InstanceIR): ModelledInstance => {
    const p = planned.get(i)!;
    return { name: p.name, count: i.count, component: p.component, declaredAt: declaredAt(plan, i.span) };
  };
  const named = timing.stages.map((s) => ({ s, instance: s.instance ? planned.get(s.instance)!.name : local.name(`stage ${s.name}`, s.name) }));
  const ports = { clk: local.name('port clk', 'clk'), push: local.name('port push', 'push'), received: local.name('port received', 'received') };
  const stages: ControllerStage[] = named.map(({ s, instance }) => {
    const wire = (sig: string) => local.name(`wire ${instance}.${sig}`, `${instance}_${sig}`);
    const live = (s.timing.kind === 'adc' || s.timing.kind === 'input') && s.timing.live;
    return {
      instance,
      module: modules.name(`stage ${pt.module}.${instance}`, `${pt.module}_stage_${instance}`),
      emulatorName: s.name,
      what: s.what,
      timing: s.timing,
      why: s.why,
      models: s.models.map(modelled),
      signals: [],
      wires: {
        valid: wire('valid'),
        ready: wire('ready'),
        busy: wire('busy'),
        convert: s.timing.kind === 'adc' ? wire('convert') : null,
        release: live && s.timing.kind === 'adc' ? wire('release') : null,
      },
    };
  });
  const testbench = modules.name(`testbench ${pt.module}`, `tb_${pt.module}`);

  // 3. the testbench's names
  const drive = driveSchedule(plan, pt, timing.inLanes, timing.dac, opts);
  const tbNames = new Namer();
  const tb = { instance: tbNames.name('tile', drive.emulatorScope[1]), clk: tbNames.name('clk'), push: tbNames.name('push'), received: tbNames.name('received') };

  // 4. when to stop: every result out, or a watchdog well beyond a vector-at-a-time schedule
  const perSlice = stages.reduce((sum, s) => {
    const t = s.timing;
    const busy = t.kind === 'input' ? t.window : t.kind === 'adc' ? t.conversion : t.kind === 'delay' ? t.delay : 0;
    return sum + busy + 1;
  }, 0);
  const slices = stages.find((s) => s.timing.kind === 'input')!.timing;
  const perVector = perSlice * (slices.kind === 'input' ? slices.slices : 1);
  const timeoutCycles = BigInt(2 * (drive.vectors + 1) * perVector + 16);

  // 5. the signals both VCDs trace. The emulator declares them stage by stage in this order
  //    (valid, ready, busy, then an ADC's convert); as in emulator/trace/vcd-names.ts, a name
  //    taken in its scope gets `_2`, `_3`, ... (a tile instance named `source` or `sink` shares
  //    the scope of the emulator's own source or sink stage).
  const emu = drive.emulatorScope.map((n) => vcdName(n));
  const used = new Map<string, Set<string>>();
  const emuVar = (stage: string, sig: string): string => {
    const u = used.get(stage) ?? new Set<string>();
    used.set(stage, u);
    let name = vcdName(sig);
    for (let k = 2; u.has(name); k++) name = vcdName(`${sig}_${k}`);
    u.add(name);
    return name;
  };
  for (const s of stages) {
    s.signals = [...HANDSHAKE, ...(s.timing.kind === 'adc' ? ['convert'] : [])].map((sig) => ({
      emulator: [...emu, vcdName(s.emulatorName), emuVar(s.emulatorName, sig)].join('.'),
      verilog: [testbench, tb.instance, s.instance, sig].join('.'),
    }));
  }
  const signals = stages.flatMap((s) => s.signals);
  return {
    planned: pt,
    module: pt.module,
    file: `${pt.module}.v`,
    testbench,
    tbFile: `${testbench}.v`,
    vcdFile: `${testbench}.vcd`,
    clock,
    instances: pt.instances.map((pi) => modelled(pi.instance)),
    stages,
    ports,
    tb,
    drive,
    results: drive.vectors * timing.outputsPerVector,
    timeoutFs: timeoutCycles * periodFs,
    signals,
  };
}
