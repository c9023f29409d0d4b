// test/gtkwave.ts: helpers for tests that use the real GTKWave (3.3.118 on Debian 12) as an
// independent VCD reader. GTKWave needs an X display even for -x / -S, so every run goes
// through `timeout 60 xvfb-run -a gtkwave ...`. CI needs: apt-get install -y gtkwave xvfb
//
// Findings behind the read-back method (see the report in emulator/trace/):
//  - `gtkwave::signalChangeList NAME` cuts NAME at its first `[` IN PLACE (it writes a NUL into
//    the Tcl string: is_signal_displayed() in tcl_support_commands.c), then takes the first
//    facility whose name starts with that prefix followed by `[`. So `top.c[0].q` and
//    `top.c[0].code[7:0]` are the same signal to it, and the mangled name (`top.c<NUL>0].q`,
//    which looks like a space in a terminal) is what a later `puts $name` prints. The read-back
//    below therefore never looks a signal up by name: it adds each facility as a trace, selects
//    it, and calls signalChangeList without a name (the highlighted trace).
//  - Values print as the trace shows them: bits `0 1 x z`, vectors hex `0x0F` (padded to
//    ceil(width/4) digits, `0xxx` when all x), integers signed decimal (`-1`), reals `0b` +
//    %.16g (`0b-0.625`, `0bnan`, `0b-inf`). Two sentinel entries at 2^63-2 and 2^63-1 end every
//    list; they are dropped here.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

let available: boolean | null = null;

/** gtkwave and xvfb-run are both on PATH. */
export function gtkwaveAvailable(): boolean {
  if (available === null) {
    available = ['gtkwave', 'xvfb-run', 'timeout'].every((cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0);
  }
  return available;
}

export interface GtkwaveRun {
  rc: number;
  /** stdout + stderr (latin1: GTKWave prints some binary bytes). */
  log: string;
  timeBacktracking: boolean;
  unknownIdentifier: boolean;
  parseError: boolean;
  /** rc 0 and none of the three warnings. */
  clean: boolean;
}

const SENTINEL = (1n << 63n) - 2n;

function runGtkwave(args: string[], cwd?: string): GtkwaveRun {
  let rc = -1;
  let log = '';
  // xvfb-run -a can race with another xvfb-run started at the same moment (ava runs test files
  // in parallel): start the display search at a random number and retry a failed start.
  for (let attempt = 0; attempt < 4; attempt++) {
    const display = 100 + Math.floor(Math.random() * 800);
    const r = spawnSync('timeout', ['60', 'xvfb-run', '-a', '-n', String(display), 'gtkwave', ...args], {
      encoding: 'latin1',
      maxBuffer: 1 << 30,
      ...(cwd ? { cwd } : {}),
    });
    rc = r.status ?? -1;
    log = (r.stdout ?? '') + (r.stderr ?? '');
    if (!/Xvfb failed to start|Cannot open display|Could not initialize GTK/i.test(log)) break;
  }
  const timeBacktracking = log.includes('Time backtracking');
  const unknownIdentifier = log.includes('Unknown VCD identifier');
  const parseError = /parse error/i.test(log);
  return { rc, log, timeBacktracking, unknownIdentifier, parseError, clean: rc === 0 && !timeBacktracking && !unknownIdentifier && !parseError };
}

/** `timeout 60 xvfb-run -a gtkwave -x FILE...` (load and exit): a VCD, a .gtkw, or a VCD and
 * its .gtkw. */
export function gtkwaveLoad(...files: string[]): GtkwaveRun {
  return runGtkwave(['-x', ...files]);
}

export interface GtkwaveChange {
  t: bigint;
  /** As GTKWave prints it: `1`, `0x3F`, `-5`, `0b1.25` (see the header comment). */
  v: string;
}

export interface GtkwaveSignal {
  /** Full hierarchical name as GTKWave has it (`top.c[0].code[7:0]`). */
  name: string;
  /** getFacVtype: `wire`, `real`, `integer`, `event`, ... */
  vtype: string;
  changes: GtkwaveChange[];
}

export interface GtkwaveReadBack {
  run: GtkwaveRun;
  minTime: bigint;
  maxTime: bigint;
  signals: Map<string, GtkwaveSignal>;
}

function tempScript(tcl: string): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xbar-gtkwave-'));
  const file = path.join(dir, 'script.tcl');
  fs.writeFileSync(file, tcl);
  return { dir, file };
}

const MAX_CHANGES = 100_000_000;

const READBACK_TCL = `
set nfacs [gtkwave::getNumFacs]
puts "XBAR-BEGIN\\t[gtkwave::getMinTime]\\t[gtkwave::getMaxTime]\\t$nfacs"
for {set i 0} {$i < $nfacs} {incr i} {
  set name [gtkwave::getFacName $i]
  set vtype [gtkwave::getFacVtype $i]
  gtkwave::addSignalsFromList [list $name]
  gtkwave::/Edit/Highlight_All
  set ch [gtkwave::signalChangeList -max ${MAX_CHANGES}]
  gtkwave::/Edit/Cut
  puts "FAC\\t$vtype\\t$name\\t$ch"
}
puts "XBAR-END"
gtkwave::/File/Quit
`;

function parseChanges(list: string): GtkwaveChange[] {
  const toks = list.trim() === '' ? [] : list.trim().split(/\s+/);
  const out: GtkwaveChange[] = [];
  for (let i = 0; i + 1 < toks.length; i += 2) {
    const t = BigInt(toks[i]!);
    if (t >= SENTINEL) continue;
    out.push({ t, v: toks[i + 1]! });
  }
  return out;
}

function fixName(name: string): string {
  // A name mangled by signalChangeList (see the header) has NUL (shown as a space) for '['.
  return name.replace(/[\0 ]/g, '[');
}

/** Every facility of `vcdPath` with its (time, value) list, through GTKWave's Tcl interface. */
export function gtkwaveReadBack(vcdPath: string): GtkwaveReadBack {
  const { dir, file } = tempScript(READBACK_TCL);
  try {
    const run = runGtkwave(['-S', file, path.resolve(vcdPath)]);
    const signals = new Map<string, GtkwaveSignal>();
    let minTime = -1n;
    let maxTime = -1n;
    let ended = false;
    for (const line of run.log.split('\n')) {
      const f = line.split('\t');
      if (f[0] === 'XBAR-BEGIN') {
        minTime = BigInt(f[1]!);
        maxTime = BigInt(f[2]!);
      } else if (f[0] === 'FAC' && f.length >= 4) {
        const name = fixName(f[2]!);
        signals.set(name, { name, vtype: f[1]!, changes: parseChanges(f.slice(3).join('\t')) });
      } else if (f[0] === 'XBAR-END') ended = true;
    }
    if (!ended) throw new Error(`gtkwave -S did not finish (rc ${run.rc}):\n${run.log.slice(0, 4000)}`);
    return { run, minTime, maxTime, signals };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface GtkwaveTrace {
  index: number;
  /** Trace flags as GTKWave holds them after loading the .gtkw (0x28, 0x8028, 0x800200 ...). */
  flags: number;
  /** Display name (GTKWave shortens it to the last component; group rows show their label). */
  name: string;
  /** The trace's (time, value) list; empty for blank, comment and group rows. */
  changes: GtkwaveChange[];
}

const TRACES_TCL = `
set n [gtkwave::getTotalNumTraces]
puts "XBAR-BEGIN\\t$n"
for {set i 0} {$i < $n} {incr i} {
  gtkwave::/Edit/UnHighlight_All
  set flags [gtkwave::getTraceFlagsFromIndex $i]
  set name [gtkwave::getTraceNameFromIndex $i]
  gtkwave::setTraceHighlightFromIndex $i on
  puts "TRACE\\t$i\\t$flags\\t$name\\t[gtkwave::signalChangeList -max ${MAX_CHANGES}]"
}
puts "XBAR-END"
gtkwave::/File/Quit
`;

/** The traces GTKWave shows after loading `files` (a .gtkw, or a VCD and its .gtkw), in order. */
export function gtkwaveTraces(...files: string[]): { run: GtkwaveRun; traces: GtkwaveTrace[] } {
  const { dir, file } = tempScript(TRACES_TCL);
  try {
    const run = runGtkwave(['-S', file, ...files.map((f) => path.resolve(f))]);
    const traces: GtkwaveTrace[] = [];
    let ended = false;
    for (const line of run.log.split('\n')) {
      const f = line.split('\t');
      if (f[0] === 'TRACE' && f.length >= 5) {
        traces.push({ index: Number(f[1]), flags: Number(f[2]), name: f[3]!, changes: parseChanges(f.slice(4).join('\t')) });
      } else if (f[0] === 'XBAR-END') ended = true;
    }
    if (!ended) throw new Error(`gtkwave -S did not finish (rc ${run.rc}):\n${run.log.slice(0, 4000)}`);
    return { run, traces };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** C's printf("%.16g", x) as glibc prints it (exact decimal expansion, round half to even),
 * which is how GTKWave shows reals. */
export function formatG16(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const P = 16;
  const sign = x < 0 ? '-' : '';
  // exact decimal digits of |x| = m * 2^e
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, Math.abs(x));
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const be = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  const m = be === 0 ? frac : frac | (1n << 52n);
  const e = be === 0 ? -1074 : be - 1075;
  let digits: string;
  let point: number; // value = 0.digits * 10^point
  if (e >= 0) {
    digits = (m << BigInt(e)).toString();
    point = digits.length;
  } else {
    digits = (m * 5n ** BigInt(-e)).toString();
    point = digits.length + e;
  }
  digits = digits.replace(/0+$/, '');
  let head = digits.slice(0, P).padEnd(P, '0');
  const rest = digits.slice(P);
  if (rest.length > 0) {
    const up = rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || Number(head[P - 1]) % 2 === 1));
    if (up) {
      const r = (BigInt(head) + 1n).toString();
      if (r.length > P) {
        point++;
        head = r.slice(0, P);
      } else head = r;
    }
  }
  const E = point - 1;
  const strip = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (E < -4 || E >= P) {
    const mant = strip(head[0] + '.' + head.slice(1));
    return `${sign}${mant}e${E < 0 ? '-' : '+'}${String(Math.abs(E)).padStart(2, '0')}`;
  }
  if (E >= 0) return sign + strip(head.slice(0, E + 1) + '.' + head.slice(E + 1));
  return sign + strip('0.' + '0'.repeat(-E - 1) + head);
}
