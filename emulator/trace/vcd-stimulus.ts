// emulator/trace/vcd-stimulus.ts: read one signal of a stimulus VCD for the testbench statement
// `drive ... with vcd("file.vcd", signal = "top.codes")`.
//
// As the issue asks: digital signals are read through vcd-stream (npm, WaveDrom), real-valued
// ones through xbar's own reader (vcd-reader.ts; vcd-stream never reports real changes).
// The whole file is first checked by xbar's strict parser: vcd-stream does not validate
// (eda.md §1.6), so malformed files are reported here with their line, and the signal is
// looked up in the parsed declarations.
//
// xbar's reader is also used for a DIGITAL signal when vcd-stream is known to get the file
// wrong (`fallback` in the result says why):
//  - a time stamp >= 2^32-1: the WASM build parses times with a 32-bit strtoul and clamps
//    them to 4294967295 (found while writing this: `#4294967297` is reported as 4294967295);
//  - the file declares a real variable: real digits leak into the next vector value
//    (eda.md §1.6: `b10` after `r1e3` read as 6);
//  - the file uses $dumpoff/$dumpon/$dumpall: vcd-stream drops the values inside them.
// Otherwise the values come from vcd-stream, and are compared with xbar's reading; a
// disagreement is a StimulusError (never a silently wrong stimulus).
//
// readStimulus is synchronous (the testbench runner calls it so); vcd-stream's WASM parser is
// asynchronous, so it runs in a short-lived child node process (about 0.1 s).
//
// Values: digital -> bigint (the unsigned bits; `integer` variables too), or null when any bit
// is x or z (vcd-stream cannot tell `bx` from `b0x` on a wide vector, so partial x is
// collapsed to null in both paths); real -> number. Times are in femtoseconds.
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { TimeFs } from './trace-sink.js';
import { REAL_TYPES } from './vcd-parse.js';
import { bitsToBigInt, readVcd, VcdParseError, type VcdData } from './vcd-reader.js';

export class StimulusError extends Error {
  constructor(
    readonly file: string,
    readonly signal: string,
    readonly detail: string,
  ) {
    super(`stimulus vcd("${file}", signal = "${signal}"): ${detail}`);
    this.name = 'StimulusError';
  }
}

export interface StimulusChange {
  /** Femtoseconds. */
  t: TimeFs;
  /** Digital: bigint, null if any bit is x/z. Real: number. */
  v: bigint | number | null;
}

export interface Stimulus {
  file: string;
  /** The full name found (`top.codes`). */
  signal: string;
  /** VCD variable type (`wire`, `reg`, `integer`, `real`, ...). */
  type: string;
  width: number;
  kind: 'digital' | 'real';
  /** Which reader produced `changes`. */
  reader: 'vcd-stream' | 'xbar';
  /** For a digital signal read by xbar's reader: why vcd-stream was not used. */
  fallback?: string;
  /** Every value change of the signal in file order, the $dumpvars value first. */
  changes: StimulusChange[];
}

const VCD_STREAM_MAX_TIME = 0xffff_ffffn;

/** Read signal `signal` (full hierarchical name, e.g. `top.codes`; a trailing `[7:0]` is
 * ignored) of the VCD file `file` (a path; relative paths are relative to the process cwd). */
export function readStimulus(file: string, signal: string): Stimulus {
  let text: string;
  try {
    text = fs.readFileSync(file, 'latin1');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new StimulusError(file, signal, code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(e)})`);
  }
  let data: VcdData;
  try {
    data = readVcd(text);
  } catch (e) {
    if (e instanceof VcdParseError) throw new StimulusError(file, signal, `not a valid VCD: ${file}:${e.line}: ${e.detail}`);
    throw e;
  }
  const index = findSignal(data, signal);
  if (index < 0) throw new StimulusError(file, signal, notFoundMessage(data, signal));
  const v = data.vars[index]!;
  const key = data.keys[index]!;
  const base = { file, signal: key, type: v.type, width: v.width };
  if (v.type === 'event') throw new StimulusError(file, signal, `'${key}' is an event; a stimulus must be a wire, reg, integer or real`);
  const mine = xbarChanges(data, key);
  if (REAL_TYPES.has(v.type)) return { ...base, kind: 'real', reader: 'xbar', changes: mine };

  const fallback = vcdStreamUnsafe(data);
  if (fallback) return { ...base, kind: 'digital', reader: 'xbar', fallback, changes: mine };
  let theirs: StimulusChange[];
  try {
    theirs = vcdStreamChanges(file, v.id, data.timescaleFs);
  } catch (e) {
    throw new StimulusError(file, signal, (e as Error).message);
  }
  const diff = firstDifference(theirs, mine);
  if (diff) throw new StimulusError(file, signal, `vcd-stream and xbar's VCD reader disagree on '${key}': ${diff}`);
  return { ...base, kind: 'digital', reader: 'vcd-stream', changes: theirs };
}

/** Index into data.vars of `signal`, or -1. */
function findSignal(data: VcdData, signal: string): number {
  let i = data.keys.indexOf(signal);
  if (i >= 0) return i;
  const stripped = signal.replace(/\[-?[0-9]+(?::-?[0-9]+)?\]$/, '');
  if (stripped !== signal) i = data.keys.indexOf(stripped);
  return i;
}

/** Why vcd-stream must not read this file, or null if it may. */
export function vcdStreamUnsafe(data: VcdData): string | null {
  if (data.endTime >= VCD_STREAM_MAX_TIME) return `time ${data.endTime} >= 2^32-1 units: vcd-stream's WASM parser clamps times to 4294967295`;
  const real = data.vars.find((x) => REAL_TYPES.has(x.type));
  if (real) return `the file has a real variable ('${[...real.scope, real.name].join('.')}'): vcd-stream corrupts vector values that follow real changes`;
  const ctl = data.dumpCommands.filter((k) => k !== '$dumpvars');
  if (ctl.length > 0) return `the file uses ${ctl.join(', ')}: vcd-stream drops the values inside these blocks`;
  return null;
}

/** The changes of full name `key` as read by xbar's reader, in fs. */
export function xbarChanges(data: VcdData, key: string): StimulusChange[] {
  const list = data.changes.get(key) ?? [];
  return list.map(({ t, v }) => ({ t: t * data.timescaleFs, v: typeof v === 'number' ? v : v === null ? null : bitsToBigInt(v) }));
}

/** The child script: vcd-stream's WASM parser is asynchronous, and readStimulus is called
 * synchronously by the testbench runner, so it runs in a short-lived node process. Its
 * console.log error codes (vcd-stream's only error reporting) go to stderr. */
const CHILD = `
const [lib, file, ...codes] = process.argv.slice(1);
const errors = [];
console.log = (...a) => { errors.push(a.join(' ')); };
const vcd = require(lib);
(async () => {
  const p = await vcd.webVcdParser(await vcd.createVCD());
  const changes = Object.fromEntries(codes.map((c) => [c, []]));
  p.change.any((id, time, cmd, value, mask) => {
    const list = changes[id];
    if (list) list.push([String(time), cmd, value === undefined ? null : String(value), mask === undefined ? null : String(mask)]);
  });
  p.on('finish', () => {
    const links = new Set();
    const walk = (n) => n.body.forEach((c) => (c.kind === 'var' ? links.add(c.link) : walk(c)));
    walk(p.info.wires);
    process.stdout.write(JSON.stringify({ undeclared: codes.filter((c) => !links.has(c)), errors, changes }));
  });
  p.end(require('fs').readFileSync(file));
})().catch((e) => { process.stderr.write(String((e && e.stack) || e)); process.exit(2); });
`;

/** The changes of identifier codes `codes` in VCD file `file` as read by vcd-stream (for
 * digital files: see vcdStreamUnsafe), times multiplied by `timescaleFs`. One child process. */
export function vcdStreamChangesOf(file: string, codes: readonly string[], timescaleFs: bigint): Map<string, StimulusChange[]> {
  const lib = createRequire(import.meta.url).resolve('vcd-stream');
  const r = spawnSync(process.execPath, ['-e', CHILD, lib, file, ...codes], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`vcd-stream failed on ${file}: ${r.error?.message ?? r.stderr.trim()}`);
  const res = JSON.parse(r.stdout) as { undeclared: string[]; errors: string[]; changes: Record<string, [string, number, string | null, string | null][]> };
  if (res.errors.length > 0) throw new Error(`vcd-stream reported parse error ${res.errors.join(', ')} on ${file}`);
  if (res.undeclared.length > 0) throw new Error(`vcd-stream did not see a declaration of '${res.undeclared.join("', '")}' in ${file}`);
  const out = new Map<string, StimulusChange[]>();
  for (const code of codes) {
    out.set(
      code,
      res.changes[code]!.map(([time, cmd, value, mask]) => {
        let v: bigint | null;
        if (cmd === 14) v = 0n;
        else if (cmd === 15) v = 1n;
        else if (cmd >= 16 && cmd <= 28) v = null;
        else if (cmd === 30 || cmd === 31) v = mask !== null && mask !== '0' ? null : BigInt(value ?? '0');
        else throw new Error(`vcd-stream reported command ${cmd} for digital signal '${code}' in ${file}`);
        return { t: BigInt(time) * timescaleFs, v };
      }),
    );
  }
  return out;
}

/** vcdStreamChangesOf for one code. */
export function vcdStreamChanges(file: string, code: string, timescaleFs: bigint): StimulusChange[] {
  return vcdStreamChangesOf(file, [code], timescaleFs).get(code)!;
}

function show(c: StimulusChange | undefined): string {
  if (!c) return 'nothing';
  return `${c.v === null ? 'x' : String(c.v)} at ${c.t} fs`;
}

function firstDifference(a: StimulusChange[], b: StimulusChange[]): string | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y || x.t !== y.t || x.v !== y.v) return `change ${i + 1}: vcd-stream has ${show(x)}, xbar has ${show(y)}`;
  }
  return null;
}

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

function leaf(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** "not found; did you mean ...?" with up to three close names (or a few of those present). */
function notFoundMessage(data: VcdData, signal: string): string {
  const keys = [...new Set(data.keys)];
  if (keys.length === 0) return 'signal not found: the file declares no variables';
  const scored = keys
    .map((k) => ({ k, d: Math.min(levenshtein(signal, k), leaf(k) === leaf(signal) ? 1 : Infinity) }))
    .filter((x) => x.d <= Math.max(3, Math.floor(signal.length / 3)))
    .sort((x, y) => x.d - y.d || (x.k < y.k ? -1 : 1))
    .slice(0, 3)
    .map((x) => `'${x.k}'`);
  if (scored.length > 0) return `signal not found; did you mean ${scored.join(', ')}?`;
  const some = keys.slice(0, 8).map((k) => `'${k}'`);
  return `signal not found; the file has ${some.join(', ')}${keys.length > 8 ? `, ... (${keys.length} in all)` : ''}`;
}
