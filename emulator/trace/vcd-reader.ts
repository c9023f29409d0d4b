// emulator/trace/vcd-reader.ts: xbar's own VCD reader (vcd-stream drops real values, eda.md
// §1.6). It reads what VcdWriter writes and files from Icarus, Verilator and GTKWave's tools
// (shared identifier codes, `real 1`, ranges, escaped names, $dumpon/$dumpoff/$dumpall blocks,
// IEEE 1800 variable types such as `logic`). It is strict like the checker (same parser,
// vcd-parse.ts) and throws a VcdParseError with the line of the first problem.
//
// Values:
//  - every non-real, non-event variable (wire, reg, integer, parameter, time, ...): a string
//    of exactly `width` characters over 0 1 x z (lower case), most significant bit first,
//    left-extended as IEEE 1364 §18.2.1 says (`b1` on 8 bits -> `00000001`, `bx1` ->
//    `xxxxxxx1`, `bz` -> `zzzzzzzz`); a 1-bit variable gives '0' | '1' | 'x' | 'z'.
//    `bitsToBigInt` turns such a string into a bigint (null if any bit is x or z).
//  - real and realtime: a number (nan/inf spellings -> NaN / ±Infinity; exact for any
//    shortest-round-trip decimal).
//  - event: the scalar character written ('1' for an occurrence; VcdWriter puts '0' in
//    $dumpvars).
//  - null is never produced (it is in the type for the consumers' sake: "no value").
// Times `t` are in units of the file's $timescale (`timescaleFs` gives the unit in fs; a file
// without $timescale is taken as 1 ns, as GTKWave does). Changes are keyed by the full name
// `scope.scope.name` (the reference as written, escaped names with their backslash, without the
// range token). Variables sharing an identifier code share one change list. If two different
// codes have the same full name, the later ones are keyed `name[msb:lsb]` (their range token)
// or, without a range, `name#code`.
import { parseVcd, parseVcdReal, REAL_TYPES, VcdParseError, type VcdVarDecl } from './vcd-parse.js';

export { VcdParseError } from './vcd-parse.js';

export interface VcdVarInfo {
  /** Identifier code. */
  id: string;
  scope: string[];
  name: string;
  type: string;
  width: number;
}

export interface VcdChange {
  t: bigint;
  v: string | number | null;
}

export interface VcdData {
  timescaleFs: bigint;
  vars: VcdVarInfo[];
  /** Keyed by full name (see the header comment). */
  changes: Map<string, VcdChange[]>;
  /** The full name each variable is keyed by, parallel to `vars`. */
  keys: string[];
  /** Last time stamp in the file (0 if none). */
  endTime: bigint;
  /** The $dump* keywords used, in order of first use (`$dumpvars`, `$dumpoff`, ...). */
  dumpCommands: string[];
  version?: string;
  date?: string;
  comment?: string;
}

/** `a.b.name` */
export function vcdFullName(scope: readonly string[], name: string): string {
  return scope.length === 0 ? name : scope.join('.') + '.' + name;
}

/** Left-extend a `b` value to `width` digits (IEEE 1364 §18.2.1), lower-cased. */
export function extendBits(digits: string, width: number): string {
  const d = digits.toLowerCase();
  if (d.length >= width) return d;
  const first = d[0]!;
  const pad = first === 'x' || first === 'z' ? first : '0';
  return pad.repeat(width - d.length) + d;
}

/** A 0/1 string as a bigint; null if it has any x or z. */
export function bitsToBigInt(bits: string): bigint | null {
  if (!/^[01]+$/.test(bits)) return null;
  return BigInt('0b' + bits);
}

/** Read a whole VCD text. Throws VcdParseError (with `line`) on the first malformation. */
export function readVcd(text: string): VcdData {
  let timescaleFs = 1_000_000n;
  const vars: VcdVarInfo[] = [];
  const keys: string[] = [];
  const byCode = new Map<string, VcdChange[]>();
  const changes = new Map<string, VcdChange[]>();
  const codeOfKey = new Map<string, string>();
  const headers: { version?: string; date?: string; comment?: string } = {};
  let t = 0n;
  let endTime = 0n;
  const dumpCommands: string[] = [];
  const add = (decl: VcdVarDecl): void => {
    let list = byCode.get(decl.code);
    if (!list) {
      list = [];
      byCode.set(decl.code, list);
    }
    let key = vcdFullName(decl.scope, decl.name);
    const other = codeOfKey.get(key);
    if (other !== undefined && other !== decl.code) key += decl.range ?? `#${decl.code}`;
    codeOfKey.set(key, decl.code);
    if (!changes.has(key)) changes.set(key, list);
    vars.push({ id: decl.code, scope: decl.scope, name: decl.name, type: decl.type, width: decl.size });
    keys.push(key);
  };
  parseVcd(
    text,
    {
      header(kw, txt) {
        const k = kw.slice(1) as 'version' | 'date' | 'comment';
        if (headers[k] === undefined) headers[k] = txt;
      },
      timescale(fs) {
        timescaleFs = fs;
      },
      variable: add,
      dump(kw) {
        if (!dumpCommands.includes(kw)) dumpCommands.push(kw);
      },
      time(time) {
        t = time;
        endTime = time;
      },
      value(decl, kind, value) {
        const list = byCode.get(decl.code)!;
        let v: string | number;
        if (REAL_TYPES.has(decl.type)) v = parseVcdReal(value);
        else if (decl.type === 'event') v = value.toLowerCase();
        else v = kind === 'scalar' ? value.toLowerCase() : extendBits(value, decl.size);
        list.push({ t, v });
      },
    },
    (line, message) => {
      throw new VcdParseError(line, message);
    },
    { systemVerilogTypes: true },
  );
  return { timescaleFs, vars, changes, keys, endTime, dumpCommands, ...headers };
}
