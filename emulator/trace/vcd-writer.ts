// emulator/trace/vcd-writer.ts: a streaming IEEE 1364-2005 §18 VCD writer (a TraceSink).
//
// Output (byte-identical for the same declaration and changes: no $date, no wall clock):
//   $version / optional $comment / `$timescale 1fs $end` / nested `$scope module NAME $end`
//   (names per vcd-names.ts) / `$var` lines / `$enddefinitions $end` / `#0` + `$dumpvars` ...
//   `$end` / then `#t` blocks, times strictly increasing, changes inside a block in id order.
// Values: bits and 1-bit vectors `0!` `1!` `x!`; vectors `b1010 "` (no leading zeros), `bx "`;
// reals `r<String(x)> #` with `nan`, `inf`, `-inf`, `-0` for the special values (all read by
// GTKWave 3.3.118 and strtod); integers `b<32-bit two's complement>`; events `1&` (each
// occurrence; in $dumpvars an event is `0` unless it occurred at time 0).
// A change to the value already written is dropped (reals compare like Object.is). Changes at
// time 0 are folded into $dumpvars. At close() a final bare `#t` marks the last time the run
// reached (the largest advance() or change time) if it is later than the last written block.
//
// Streaming: text is built per completed time step and written with fs.writeSync once about
// `bufferBytes` (1 MiB) have accumulated, only at a time-step boundary; the header is written
// at declare(). So a run killed between writes leaves a valid VCD that ends at its last
// complete time step, and memory stays bounded by the buffer plus one step's changes. A
// SIGKILL that lands inside a write(2) may cut that write at a page boundary: the file is then
// valid up to its last `\n#` (runs write to NAME.partial, so such a file is never presented
// as complete).
import * as fs from 'node:fs';
import type { TimeFs, TraceHeader, TraceSink, TraceVar } from './trace-sink.js';
import { kindWidth, vcdLayout, type VcdLayout, type VcdScopeNode } from './vcd-names.js';

export interface VcdWriterOptions {
  /** Write to the file once this many characters are buffered (default 1 MiB). */
  bufferBytes?: number;
  /** Called after each write to the file, with the total bytes written so far. */
  onFlush?: (bytesWritten: number) => void;
}

/** Target for tests: keep the text in memory instead of a file. */
export interface VcdMemoryTarget {
  memory: true;
}

const ONE_MIB = 1 << 20;
const MAX_TIME = (1n << 63n) - 1n;

/** The VCD spelling of a real: shortest round-trip decimal, `nan`, `inf`, `-inf`, `-0`. */
export function vcdReal(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return String(x);
}

function varLabel(v: TraceVar): string {
  return [...v.scope, v.name].join('.');
}

/** Escape a token `$end` inside free text so it cannot terminate the command early. */
function headerText(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => '\t' + l.replace(/\$end/g, '$ end'))
    .join('\n');
}

export class VcdWriter implements TraceSink {
  /** The file written, or null for a memory target. */
  readonly path: string | null;
  private readonly fd: number | null;
  private readonly memory: string[] | null;
  private readonly bufferLimit: number;
  private readonly onFlush: ((bytesWritten: number) => void) | undefined;
  private buf: string[] = [];
  private bufSize = 0;
  private written = 0;
  private closed = false;

  private vars: readonly TraceVar[] | null = null;
  private layout: VcdLayout | null = null;
  /** Last written value token (without the id) per var. */
  private last: string[] = [];
  private dumpvarsDone = false;
  private stepTime: bigint | null = null;
  /** The current step's values by id, and the ids that have one (in order of arrival). */
  private pendingVal: (string | undefined)[] = [];
  private pendingIds: number[] = [];
  private lastWrittenTime = -1n;
  /** Changes before this time are complete (largest advance() or change time). */
  private reached = 0n;

  constructor(target: string | VcdMemoryTarget, options: VcdWriterOptions = {}) {
    this.bufferLimit = options.bufferBytes ?? ONE_MIB;
    this.onFlush = options.onFlush;
    if (typeof target === 'string') {
      this.path = target;
      this.fd = fs.openSync(target, 'w');
      this.memory = null;
    } else {
      this.path = null;
      this.fd = null;
      this.memory = [];
    }
  }

  /** The text written so far (memory target only). */
  text(): string {
    if (!this.memory) throw new Error('VcdWriter.text() is only available for a memory target');
    const s = this.memory.join('');
    this.memory.length = 0;
    this.memory.push(s);
    return s;
  }

  /** Bytes written to the file (or memory) so far. */
  get bytesWritten(): number {
    return this.written;
  }

  declare(vars: readonly TraceVar[], header: TraceHeader): void {
    if (this.closed) throw new Error('VcdWriter: declare() after close()');
    if (this.vars) throw new Error('VcdWriter: declare() called twice');
    const layout = vcdLayout(vars);
    this.vars = vars;
    this.layout = layout;
    const out: string[] = [];
    out.push('$version\n' + headerText(header.version) + '\n$end\n');
    if (header.comment !== undefined) out.push('$comment\n' + headerText(header.comment) + '\n$end\n');
    out.push('$timescale 1fs $end\n');
    const walk = (node: VcdScopeNode): void => {
      for (const item of node.items) {
        if ('scope' in item) {
          out.push(`$scope module ${item.scope.name} $end\n`);
          walk(item.scope);
          out.push('$upscope $end\n');
        } else {
          const v = vars[item.varId]!;
          const n = layout.names[item.varId]!;
          out.push(`$var ${varDecl(v, n.code, n.ref)} $end\n`);
        }
      }
    };
    walk(layout.root);
    out.push('$enddefinitions $end\n');
    this.emit(out.join(''));
    this.last = vars.map(() => '');
    this.flush();
  }

  change(t: TimeFs, id: number, value: number | bigint | null): void {
    const vars = this.requireOpen('change');
    if (t < this.reached) throw new RangeError(`VcdWriter: change at time ${t} fs after time ${this.reached} fs was reached (times never decrease)`);
    const v = vars[id];
    if (!v) throw new RangeError(`VcdWriter: change to undeclared variable id ${id}`);
    if (t > MAX_TIME) throw new RangeError(`VcdWriter: time ${t} fs exceeds 2^63-1`);
    if (this.stepTime !== null && t > this.stepTime) this.completeStep();
    this.stepTime = t;
    this.reached = t;
    if (this.pendingVal[id] === undefined) this.pendingIds.push(id);
    this.pendingVal[id] = formatValue(v, value);
  }

  advance(t: TimeFs): void {
    this.requireOpen('advance');
    if (t > MAX_TIME) throw new RangeError(`VcdWriter: time ${t} fs exceeds 2^63-1`);
    if (t > this.reached) this.reached = t;
    if (this.stepTime !== null && t > this.stepTime) this.completeStep();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.vars) {
        if (this.stepTime !== null) this.completeStep();
        if (!this.dumpvarsDone) this.writeDumpvars([]);
        if (this.reached > this.lastWrittenTime) this.emit(`#${this.reached}\n`);
      }
      this.flush();
    } finally {
      if (this.fd !== null) fs.closeSync(this.fd);
    }
  }

  private requireOpen(what: string): readonly TraceVar[] {
    if (this.closed) throw new Error(`VcdWriter: ${what}() after close()`);
    if (!this.vars) throw new Error(`VcdWriter: ${what}() before declare()`);
    return this.vars;
  }

  /** Write out the pending step (it is complete) and flush if the buffer is large. */
  private completeStep(): void {
    const t = this.stepTime!;
    const ids = this.pendingIds;
    const vals = this.pendingVal;
    this.stepTime = null;
    this.pendingIds = [];
    if (!this.dumpvarsDone) {
      if (t === 0n) {
        this.writeDumpvars(vals);
        this.clearPending(ids);
        this.maybeFlush();
        return;
      }
      this.writeDumpvars([]);
    }
    ids.sort((a, b) => a - b);
    const vars = this.vars!;
    const names = this.layout!.names;
    let block = '';
    for (const id of ids) {
      const val = vals[id]!;
      if (val === this.last[id] && vars[id]!.kind !== 'event') continue;
      this.last[id] = val;
      block += valueLine(val, names[id]!.code);
    }
    this.clearPending(ids);
    if (block !== '') {
      this.emit(`#${t}\n` + block);
      this.lastWrittenTime = t;
    }
    this.maybeFlush();
  }

  private clearPending(ids: readonly number[]): void {
    for (const id of ids) this.pendingVal[id] = undefined;
  }

  /** `#0` + `$dumpvars`: initial values, overridden by the changes reported at time 0. */
  private writeDumpvars(atZero: readonly (string | undefined)[]): void {
    const vars = this.vars!;
    const names = this.layout!.names;
    let s = '#0\n$dumpvars\n';
    for (const v of vars) {
      const val = atZero[v.id] ?? (v.kind === 'event' ? '0' : formatValue(v, v.initial));
      this.last[v.id] = val;
      s += valueLine(val, names[v.id]!.code);
    }
    s += '$end\n';
    this.emit(s);
    this.dumpvarsDone = true;
    this.lastWrittenTime = 0n;
  }

  private emit(s: string): void {
    this.buf.push(s);
    this.bufSize += s.length;
  }

  private maybeFlush(): void {
    if (this.bufSize >= this.bufferLimit) this.flush();
  }

  private flush(): void {
    if (this.bufSize === 0) return;
    const s = this.buf.join('');
    this.buf = [];
    this.bufSize = 0;
    if (this.memory) {
      this.memory.push(s);
      this.written += s.length;
    } else {
      const data = Buffer.from(s, 'utf8');
      let off = 0;
      while (off < data.length) off += fs.writeSync(this.fd!, data, off, data.length - off);
      this.written += data.length;
    }
    this.onFlush?.(this.written);
  }
}

function varDecl(v: TraceVar, code: string, ref: string): string {
  const width = kindWidth(v.kind, v.width);
  switch (v.kind) {
    case 'bit':
      return `wire 1 ${code} ${ref}`;
    case 'vector':
      return width === 1 ? `wire 1 ${code} ${ref}` : `wire ${width} ${code} ${ref} [${width - 1}:0]`;
    case 'real':
      return `real 64 ${code} ${ref}`;
    case 'integer':
      return `integer 32 ${code} ${ref}`;
    case 'event':
      return `event 1 ${code} ${ref}`;
  }
}

/** A value token: scalars `1`, vectors `b101`, reals `r1.5` (the id is added by valueLine). */
function valueLine(val: string, code: string): string {
  const c = val.charCodeAt(0);
  // 'b' = 98, 'r' = 114: these take a space before the identifier code.
  return c === 98 || c === 114 ? `${val} ${code}\n` : `${val}${code}\n`;
}

function formatValue(v: TraceVar, value: number | bigint | null): string {
  switch (v.kind) {
    case 'event':
      return '1';
    case 'bit':
      if (value === null) return 'x';
      if (value === 0 || value === 0n) return '0';
      if (value === 1 || value === 1n) return '1';
      throw new TypeError(`trace ${varLabel(v)}: a bit takes 0, 1 or null, got ${String(value)}`);
    case 'vector': {
      if (value === null) return v.width === 1 ? 'x' : 'bx';
      // fast path: a non-negative safe integer that fits the width
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && (v.width >= 53 || value < 2 ** v.width)) {
        return v.width === 1 ? (value === 0 ? '0' : '1') : 'b' + value.toString(2);
      }
      const b = toBigInt(v, value);
      if (b < 0n || b >> BigInt(v.width) !== 0n) throw new RangeError(`trace ${varLabel(v)}: ${b} does not fit in ${v.width} unsigned bits`);
      return v.width === 1 ? (b === 0n ? '0' : '1') : 'b' + b.toString(2);
    }
    case 'integer': {
      if (value === null) return 'bx';
      // fast path: a 32-bit number's two's complement is its unsigned 32-bit value
      if (typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647) {
        return value >= -SMALL && value < SMALL ? smallInteger(value) : 'b' + (value >>> 0).toString(2);
      }
      const b = toBigInt(v, value);
      if (b < -(1n << 31n) || b >= 1n << 31n) throw new RangeError(`trace ${varLabel(v)}: ${b} is not a 32-bit signed integer`);
      return 'b' + BigInt.asUintN(32, b).toString(2);
    }
    case 'real':
      if (value === null) return 'rnan';
      return 'r' + vcdReal(typeof value === 'bigint' ? Number(value) : value);
  }
}

/** `b...` of the integers -SMALL .. SMALL-1 (ADC and DAC codes), made once. */
const SMALL = 4096;
const smallTokens: string[] = [];
function smallInteger(value: number): string {
  const k = value + SMALL;
  return (smallTokens[k] ??= 'b' + (value >>> 0).toString(2));
}

function toBigInt(v: TraceVar, value: number | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isInteger(value)) throw new TypeError(`trace ${varLabel(v)}: ${value} is not an integer`);
  return BigInt(value);
}
