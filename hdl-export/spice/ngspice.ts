// hdl-export/spice/ngspice.ts: running an exported netlist in ngspice and reading back the
// column currents it prints. For the tests that check the export and the IR-drop solver
// against ngspice (hdl-export/spice/engine.test.ts, emulator/ir-drop/ngspice.test.ts); not
// part of the exporter.
//
// The engine is eecircuit-engine (ngspice 45 in WebAssembly, with KLU), a devDependency: it is
// loaded on first use, and one engine, started once, runs every netlist in turn (so the tests
// that use it run serially). Currents are parsed from what the netlist's .control block prints
// (`i(vsense_c0p) = 1.234567890123456e-06`, numdgt = 15), never from exit codes, and strictly:
// a current printed twice, a sense source printed not at all, or any other count of printed
// currents than the sense sources asked for is an error, as is anything ngspice reports beyond
// the engine's own noise (ENGINE_NOISE).
import type { Simulation } from 'eecircuit-engine';

let engine: Promise<Simulation> | null = null;

/** The one engine, started on first use. */
export function ngspice(): Promise<Simulation> {
  engine ??= (async () => {
    const { Simulation } = await import('eecircuit-engine');
    const s = new Simulation();
    await s.start();
    return s;
  })();
  return engine;
}

/** What the engine itself adds after our .control block: its `run` finds no dot analysis. */
export const ENGINE_NOISE: readonly string[] = ['Warning: No job (tran, ac, op etc.) defined:', 'run simulation not started'];

/** `i(name) = value` lines of ngspice's print, by lower-case vector name; a name printed twice is an error. */
export function parsePrinted(output: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of output.split('\n')) {
    const line = raw.replace(/^(ngspice \d+ -> )+/, '').trim();
    const m = /^(i\([^()\s]+\))\s*=\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)$/.exec(line);
    if (!m) continue;
    const name = m[1]!.toLowerCase();
    if (out.has(name)) throw new Error(`ngspice printed ${name} twice`);
    out.set(name, Number(m[2]));
  }
  return out;
}

export interface NgspiceRun {
  /** The printed current of each sense source (A), in the order asked for. */
  currents: Float64Array;
  /** Wall-clock seconds of the engine's run. */
  seconds: number;
}

/** Run `netlist` and return the printed current of each of `senseSources` (exactly those), in order. */
export async function run(netlist: string, senseSources: readonly string[]): Promise<NgspiceRun> {
  const sim = await ngspice();
  sim.setNetList(netlist);
  const error = console.error;
  console.error = () => {}; // the engine echoes ngspice's stderr, which getError() also holds
  const started = process.hrtime.bigint();
  try {
    await sim.runSim();
  } finally {
    console.error = error;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const info = sim.getInfo();
  const unexpected = sim.getError().filter((e) => !ENGINE_NOISE.includes(e.trim()));
  if (unexpected.length) throw new Error(`ngspice reported:\n${unexpected.join('\n')}\n--- output tail:\n${info.slice(-2000)}`);
  const printed = parsePrinted(info);
  const currents = Float64Array.from(senseSources, (s) => {
    const v = printed.get(`i(${s.toLowerCase()})`);
    if (v === undefined) throw new Error(`ngspice printed no i(${s.toLowerCase()}); output tail:\n${info.slice(-2000)}`);
    return v;
  });
  if (printed.size !== senseSources.length) throw new Error(`ngspice printed ${printed.size} currents, expected ${senseSources.length}`);
  return { currents, seconds };
}

/**
 * max over p of |got_p - want_p| / max(|want_p|, floor), floor = 1e-6 max|want| (differential
 * columns can sum to nearly nothing).
 */
export function maxRelError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let top = 0;
  for (let p = 0; p < want.length; p++) top = Math.max(top, Math.abs(want[p]!));
  const floor = 1e-6 * top;
  let e = 0;
  for (let p = 0; p < want.length; p++) e = Math.max(e, Math.abs(got[p]! - want[p]!) / Math.max(Math.abs(want[p]!), floor));
  return e;
}

/**
 * The exported netlist (netlist.ts) without its physical columns from `keep` on (`names`: every
 * physical column's name, in order): their cells, column segments, sense sources and prints, and
 * the row segments leading to them, so each row line ends, open, after column keep - 1. That is
 * exactly the crossbar of the left `keep` columns (nodal.ts with cols = keep).
 */
export function leftColumns(netlist: string, names: readonly string[], keep: number): string {
  const drop = new Set(names.slice(keep));
  return netlist.split('\n').filter((l) => {
    if (l.startsWith('*')) return true;
    const m = /^(?:Rwr_r\d+_|Rg_r\d+_|Rwc_)(\w+?)(?:_r\d+)?\s/.exec(l) ?? /^Vsense_(\w+)\s/.exec(l) ?? /^print i\(Vsense_(\w+)\)$/i.exec(l);
    return !(m && drop.has(m[1]!));
  }).join('\n');
}
