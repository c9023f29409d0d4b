// testbenches/npy.ts: read (and, for tests, write) NumPy `.npy` files.
//
// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
//   magic "\x93NUMPY", major, minor version byte;
//   v1.0: header length as uint16 LE; v2.0 and v3.0: uint32 LE;
//   the header is a Python dict literal {'descr': ..., 'fortran_order': ..., 'shape': (...)}
//   (latin-1 in v1/v2, UTF-8 in v3), padded with spaces and ended by '\n'; then the raw data.
//
// Supported dtypes: floats f2 (half), f4, f8; signed i1, i2, i4, i8; unsigned u1, u2, u4, u8;
// booleans b1; in little-endian ('<'), big-endian ('>', byte-swapped on read) and byte-order-free
// ('|', one-byte types) spellings. Values are returned as float64 in C (row-major) order;
// 64-bit integers beyond +-2^53 are an error (they would not survive the conversion).
// `fortran_order: True` arrays are transposed into C order. Any rank, including 0-d (shape ()).
// Anything else (complex, strings, objects/pickles, structured dtypes, '=' native order) and
// every malformation throws NpyError with a message naming the problem.
//
// No dependencies: Node's Buffer/DataView only (in particular not `bigint-buffer`, which is
// abandoned and has CVE-2025-3194).
import { readFileSync } from 'node:fs';

export class NpyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NpyError';
  }
}

export interface NpyArray {
  shape: number[];
  /** The dtype as written in the file (`<f8`, `|u1`, `>i4`, ...). */
  dtype: string;
  /** The elements in C (row-major) order. */
  data: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface DType {
  kind: 'f' | 'i' | 'u' | 'b';
  size: number;
  little: boolean;
}

function parseDescr(descr: string, where: string): DType {
  const m = /^([<>|=])([fiub])(\d+)$/.exec(descr);
  if (!m) {
    if (/^[<>|=]?c\d+$/.test(descr)) throw new NpyError(`${where}unsupported dtype '${descr}' (complex numbers)`);
    if (/^[<>|=]?[SUaVOMm]/.test(descr)) throw new NpyError(`${where}unsupported dtype '${descr}' (only numbers and booleans are read)`);
    throw new NpyError(`${where}unsupported dtype '${descr}'`);
  }
  const order = m[1]!;
  const kind = m[2] as DType['kind'];
  const size = Number(m[3]);
  const ok =
    (kind === 'f' && (size === 2 || size === 4 || size === 8)) ||
    ((kind === 'i' || kind === 'u') && (size === 1 || size === 2 || size === 4 || size === 8)) ||
    (kind === 'b' && size === 1);
  if (!ok) throw new NpyError(`${where}unsupported dtype '${descr}'`);
  if (order === '=') {
    throw new NpyError(`${where}dtype '${descr}' has native ('=') byte order, which a file cannot declare portably; expected '<', '>' or '|'`);
  }
  if (order === '|' && size !== 1) throw new NpyError(`${where}dtype '${descr}' has no byte order but is ${size} bytes wide`);
  return { kind, size, little: order !== '>' };
}

// ---------------------------------------------------------------- header (a Python dict literal)

type PyValue = string | boolean | number | null | PyValue[] | { tuple: PyValue[] } | Map<string, PyValue>;

class HeaderParser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly where: string,
  ) {}

  fail(msg: string): never {
    throw new NpyError(`${this.where}malformed header: ${msg} at offset ${this.i} in ${JSON.stringify(this.s.trimEnd())}`);
  }

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  value(): PyValue {
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) this.fail('unexpected end');
    if (c === '{') return this.dict();
    if (c === '(' || c === '[') return this.seq(c);
    if (c === "'" || c === '"') return this.str();
    const m = /^(True|False|None|[+-]?\d+L?)/.exec(this.s.slice(this.i));
    if (!m) this.fail(`unexpected ${JSON.stringify(c)}`);
    this.i += m[0].length;
    if (m[0] === 'True') return true;
    if (m[0] === 'False') return false;
    if (m[0] === 'None') return null;
    return Number(m[0].replace(/L$/, ''));
  }

  str(): string {
    const q = this.s[this.i]!;
    this.i++;
    let out = '';
    while (this.i < this.s.length && this.s[this.i] !== q) {
      if (this.s[this.i] === '\\') {
        this.i++;
        if (this.i >= this.s.length) break;
      }
      out += this.s[this.i];
      this.i++;
    }
    if (this.s[this.i] !== q) this.fail('unterminated string');
    this.i++;
    return out;
  }

  seq(open: string): PyValue {
    const close = open === '(' ? ')' : ']';
    this.i++;
    const items: PyValue[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === close) {
        this.i++;
        break;
      }
      items.push(this.value());
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === close) {
        this.i++;
        break;
      }
      this.fail(`expected ',' or '${close}'`);
    }
    return open === '(' ? { tuple: items } : items;
  }

  dict(): Map<string, PyValue> {
    this.i++;
    const d = new Map<string, PyValue>();
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        break;
      }
      const k = this.value();
      if (typeof k !== 'string') this.fail('dictionary keys must be strings');
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      d.set(k, this.value());
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === '}') {
        this.i++;
        break;
      }
      this.fail("expected ',' or '}'");
    }
    return d;
  }

  end(): void {
    this.ws();
    if (this.i !== this.s.length) this.fail('trailing characters after the dictionary');
  }
}

interface Header {
  descr: string;
  fortran: boolean;
  shape: number[];
}

function parseHeader(text: string, where: string): Header {
  const p = new HeaderParser(text, where);
  p.ws();
  if (text.trimStart()[0] !== '{') throw new NpyError(`${where}malformed header: not a dictionary: ${JSON.stringify(text.trim())}`);
  const d = p.value() as Map<string, PyValue>;
  p.end();
  for (const k of ['descr', 'fortran_order', 'shape']) {
    if (!d.has(k)) throw new NpyError(`${where}malformed header: missing key '${k}'`);
  }
  for (const k of d.keys()) {
    if (k !== 'descr' && k !== 'fortran_order' && k !== 'shape') throw new NpyError(`${where}malformed header: unexpected key '${k}'`);
  }
  const descr = d.get('descr');
  if (typeof descr !== 'string') {
    throw new NpyError(`${where}unsupported dtype: structured arrays (a list 'descr') are not supported`);
  }
  const fortran = d.get('fortran_order');
  if (typeof fortran !== 'boolean') throw new NpyError(`${where}malformed header: 'fortran_order' must be True or False`);
  const shape = d.get('shape');
  if (!shape || typeof shape !== 'object' || !('tuple' in shape)) throw new NpyError(`${where}malformed header: 'shape' must be a tuple`);
  const dims: number[] = [];
  for (const v of shape.tuple) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new NpyError(`${where}malformed header: shape entries must be non-negative integers, got ${JSON.stringify(v)}`);
    }
    dims.push(v);
  }
  return { descr, fortran, shape: dims };
}

// ---------------------------------------------------------------- reading

/** Parse the bytes of a `.npy` file. `name` (a path) is used in error messages. */
export function readNpy(bytes: Uint8Array, name?: string): NpyArray {
  const where = name ? `${name}: ` : '';
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new NpyError(`${where}not a .npy file (bad magic: expected \\x93NUMPY)`);
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if ((major !== 1 && major !== 2 && major !== 3) || minor !== 0) {
    throw new NpyError(`${where}unsupported .npy format version ${major}.${minor} (1.0, 2.0 and 3.0 are read)`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = dv.getUint16(8, true);
    start = 10;
  } else {
    if (bytes.length < 12) throw new NpyError(`${where}truncated file: the header length is cut off`);
    headerLen = dv.getUint32(8, true);
    start = 12;
  }
  if (start + headerLen > bytes.length) {
    throw new NpyError(`${where}truncated file: the header needs ${headerLen} bytes, only ${bytes.length - start} present`);
  }
  const raw = bytes.subarray(start, start + headerLen);
  let text: string;
  try {
    text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(raw);
  } catch {
    throw new NpyError(`${where}malformed header: not valid UTF-8`);
  }
  const header = parseHeader(text, where);
  const dt = parseDescr(header.descr, where);
  const count = header.shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count)) throw new NpyError(`${where}shape (${header.shape.join(', ')}) is too large`);
  const dataStart = start + headerLen;
  const need = count * dt.size;
  const have = bytes.length - dataStart;
  if (have < need) {
    throw new NpyError(
      `${where}truncated data: shape (${header.shape.join(', ')}) of ${header.descr} needs ${need} bytes, the file has ${have}`,
    );
  }
  if (have > need) {
    throw new NpyError(
      `${where}data length does not match the shape: (${header.shape.join(', ')}) of ${header.descr} is ${need} bytes, the file has ${have}`,
    );
  }
  const data = new Float64Array(count);
  const little = dt.little;
  for (let k = 0; k < count; k++) {
    const o = dataStart + k * dt.size;
    let v: number;
    switch (dt.kind) {
      case 'f':
        v = dt.size === 8 ? dv.getFloat64(o, little) : dt.size === 4 ? dv.getFloat32(o, little) : half(dv.getUint16(o, little));
        break;
      case 'b':
        v = bytes[o] === 0 ? 0 : 1;
        break;
      case 'i':
        if (dt.size === 8) {
          const b = dv.getBigInt64(o, little);
          if (b > 9007199254740992n || b < -9007199254740992n) {
            throw new NpyError(`${where}element ${k} (${b}) of ${header.descr} is beyond +-2^53 and cannot be represented exactly`);
          }
          v = Number(b);
        } else v = dt.size === 4 ? dv.getInt32(o, little) : dt.size === 2 ? dv.getInt16(o, little) : dv.getInt8(o);
        break;
      case 'u':
        if (dt.size === 8) {
          const b = dv.getBigUint64(o, little);
          if (b > 9007199254740992n) {
            throw new NpyError(`${where}element ${k} (${b}) of ${header.descr} is beyond 2^53 and cannot be represented exactly`);
          }
          v = Number(b);
        } else v = dt.size === 4 ? dv.getUint32(o, little) : dt.size === 2 ? dv.getUint16(o, little) : bytes[o]!;
        break;
    }
    data[k] = v;
  }
  return {
    shape: header.shape,
    dtype: header.descr,
    data: header.fortran && header.shape.length > 1 ? fortranToC(data, header.shape) : data,
  };
}

/** Read a `.npy` file from disk. */
export function readNpyFile(path: string): NpyArray {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new NpyError(`${path}: cannot read: ${(e as Error).message}`);
  }
  return readNpy(bytes, path);
}

/** IEEE 754 binary16 to number. */
function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Reorder column-major data into row-major. */
function fortranToC(src: Float64Array, shape: number[]): Float64Array {
  const n = src.length;
  const r = shape.length;
  const out = new Float64Array(n);
  // Fortran strides: stride[0] = 1, stride[j] = stride[j-1] * shape[j-1].
  const fStride = new Array<number>(r);
  fStride[0] = 1;
  for (let j = 1; j < r; j++) fStride[j] = fStride[j - 1]! * shape[j - 1]!;
  const idx = new Array<number>(r).fill(0);
  for (let c = 0; c < n; c++) {
    let f = 0;
    for (let j = 0; j < r; j++) f += idx[j]! * fStride[j]!;
    out[c] = src[f]!;
    // Advance the C-order multi-index (last axis fastest).
    for (let j = r - 1; j >= 0; j--) {
      if (++idx[j]! < shape[j]!) break;
      idx[j] = 0;
    }
  }
  return out;
}

// ---------------------------------------------------------------- writing (for tests and tools)

export type NpyWriteDType =
  | '<f8' | '<f4' | '<f2' | '>f8' | '>f4' | '>f2'
  | '<i8' | '<i4' | '<i2' | '>i8' | '>i4' | '>i2' | '|i1' | '<i1'
  | '<u8' | '<u4' | '<u2' | '>u8' | '>u4' | '>u2' | '|u1' | '<u1'
  | '|b1';

export interface WriteNpyOptions {
  /** Format version (default: 1.0 if the header fits in 65535 bytes, else 2.0). */
  version?: 1 | 2 | 3;
  /** Write a Fortran-order file: `data` is still given in C order and is transposed. */
  fortranOrder?: boolean;
}

/**
 * Encode an array as `.npy` bytes. `data` is in C order; its length must match the shape.
 * Integer dtypes need integer values in range; b1 writes 1 for non-zero values.
 */
export function writeNpy(shape: readonly number[], data: ArrayLike<number>, dtype: NpyWriteDType = '<f8', options: WriteNpyOptions = {}): Buffer {
  const dt = parseDescr(dtype, '');
  for (const d of shape) if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`writeNpy: bad dimension ${d}`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new RangeError(`writeNpy: shape (${shape.join(', ')}) has ${count} elements, data ${data.length}`);
  const fortran = options.fortranOrder ?? false;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${dtype}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  let version = options.version ?? 1;
  const fits1 = (len: number) => len <= 0xffff;
  const pad = (prefix: number) => {
    const unpadded = prefix + dict.length + 1;
    return dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  };
  let header = pad(version === 1 ? 10 : 12);
  if (version === 1 && !fits1(header.length)) {
    if (options.version === 1) throw new RangeError('writeNpy: header too long for format 1.0');
    version = 2;
    header = pad(12);
  }
  const headerBytes = Buffer.from(header, version === 3 ? 'utf8' : 'latin1');
  const prefix = version === 1 ? 10 : 12;
  const buf = Buffer.alloc(prefix + headerBytes.length + count * dt.size);
  MAGIC.forEach((b, i) => (buf[i] = b));
  buf[6] = version;
  buf[7] = 0;
  if (version === 1) buf.writeUInt16LE(headerBytes.length, 8);
  else buf.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(buf, prefix);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const base = prefix + headerBytes.length;
  const order = fortran && shape.length > 1 ? cToFortranIndex(shape) : null;
  for (let k = 0; k < count; k++) {
    const v = data[order ? order[k]! : k]!;
    const o = base + k * dt.size;
    const le = dt.little;
    if (dt.kind === 'f') {
      if (dt.size === 8) dv.setFloat64(o, v, le);
      else if (dt.size === 4) dv.setFloat32(o, v, le);
      else dv.setUint16(o, toHalf(v), le);
    } else if (dt.kind === 'b') {
      buf[o] = v !== 0 && !Number.isNaN(v) ? 1 : 0;
    } else {
      const bits = dt.size * 8;
      const lo = dt.kind === 'i' ? -(2 ** (bits - 1)) : 0;
      const hi = dt.kind === 'i' ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
      if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`writeNpy: ${v} does not fit ${dtype}`);
      if (dt.size === 8) {
        if (dt.kind === 'i') dv.setBigInt64(o, BigInt(v), le);
        else dv.setBigUint64(o, BigInt(v), le);
      } else if (dt.kind === 'i') {
        if (dt.size === 4) dv.setInt32(o, v, le);
        else if (dt.size === 2) dv.setInt16(o, v, le);
        else dv.setInt8(o, v);
      } else if (dt.size === 4) dv.setUint32(o, v, le);
      else if (dt.size === 2) dv.setUint16(o, v, le);
      else dv.setUint8(o, v);
    }
  }
  return buf;
}

/** For Fortran position k, the C-order index of the element stored there. */
function cToFortranIndex(shape: readonly number[]): Int32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const r = shape.length;
  const cStride = new Array<number>(r);
  cStride[r - 1] = 1;
  for (let j = r - 2; j >= 0; j--) cStride[j] = cStride[j + 1]! * shape[j + 1]!;
  const out = new Int32Array(n);
  const idx = new Array<number>(r).fill(0);
  for (let k = 0; k < n; k++) {
    let c = 0;
    for (let j = 0; j < r; j++) c += idx[j]! * cStride[j]!;
    out[k] = c;
    // Advance the Fortran multi-index (first axis fastest).
    for (let j = 0; j < r; j++) {
      if (++idx[j]! < shape[j]!) break;
      idx[j] = 0;
    }
  }
  return out;
}

/** number to IEEE 754 binary16 (round to nearest even). */
function toHalf(v: number): number {
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  f32[0] = v;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const halfway = 1 << (shift - 1);
    const rem = mant & ((1 << shift) - 1);
    let m = mant >>> shift;
    if (rem > halfway || (rem === halfway && m & 1)) m++;
    return sign | m;
  }
  const rem = mant & 0x1fff;
  let m = mant >>> 13;
  if (rem > 0x1000 || (rem === 0x1000 && m & 1)) {
    m++;
    if (m === 0x400) {
      m = 0;
      e++;
      if (e >= 31) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | m;
}
