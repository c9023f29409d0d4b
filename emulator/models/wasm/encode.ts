// emulator/models/wasm/encode.ts: a minimal WebAssembly binary encoder, enough for the
// hand-written kernels in this folder (no dependency, no build step, no binary in the repo).
//
// References: the WebAssembly core specification, chapter 5 "Binary Format" (modules,
// sections, LEB128 integers, instructions), and its vector instructions (the 0xFD prefix,
// from the fixed-width SIMD proposal), where every opcode after the prefix is a u32 LEB128.
//
// Everything is a plain `number[]` of bytes; `module()` concatenates the sections into a
// Uint8Array. Instructions are small functions/constants named after their text format.

export type Bytes = number[];

/** Unsigned LEB128 (u32: sizes, counts, indices, alignments, offsets, vector opcodes). */
export function u32(n: number): Bytes {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`u32 out of range: ${n}`);
  const out: Bytes = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
export function s32(n: number): Bytes {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new RangeError(`i32 out of range: ${n}`);
  const out: Bytes = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    // done when the remaining bits are all sign bits and the sign bit of `b` agrees
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** vec(B): a u32 count followed by the elements. */
export function vec(items: Bytes[]): Bytes {
  return [...u32(items.length), ...items.flat()];
}

/** A name: vec(byte) of its UTF-8 encoding. */
export function name(s: string): Bytes {
  const utf8 = [...new TextEncoder().encode(s)];
  return [...u32(utf8.length), ...utf8];
}

/** Value types. */
export const valtype = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValType = (typeof valtype)[keyof typeof valtype];

/** Section ids (the ones used here). */
export const sectionId = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;

/** A section: id, u32 byte size, contents. */
export function section(id: number, contents: Bytes): Bytes {
  return [id, ...u32(contents.length), ...contents];
}

/** A function type: 0x60, vec(params), vec(results). */
export function funcType(params: ValType[], results: ValType[]): Bytes {
  return [0x60, ...u32(params.length), ...params, ...u32(results.length), ...results];
}

/** An imported memory with limits {min} and no maximum (import desc 0x02, limits flag 0x00). */
export function importMemory(module: string, field: string, minPages: number): Bytes {
  return [...name(module), ...name(field), 0x02, 0x00, ...u32(minPages)];
}

/** An exported function (export desc 0x00). */
export function exportFunc(field: string, funcIndex: number): Bytes {
  return [...name(field), 0x00, ...u32(funcIndex)];
}

/**
 * A function body for the code section: u32 size, then the locals (runs of `count` locals of
 * one type, after the parameters in index order), then the expression, terminated by `end`.
 */
export function funcBody(locals: [count: number, type: ValType][], body: Bytes): Bytes {
  const contents = [...vec(locals.map(([n, t]) => [...u32(n), t])), ...body, 0x0b];
  return [...u32(contents.length), ...contents];
}

/** A module: magic "\0asm", version 1, then the sections (in increasing id order). */
export function module(sections: Bytes[]): Uint8Array {
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...sections.flat()]);
}

// ---- instructions ----------------------------------------------------------------------
// memarg = u32 log2(alignment hint), u32 offset. The hint may not exceed the natural
// alignment; engines ignore it for speed (x86 and ARM load unaligned), so we pass the natural one.
const memarg = (log2Align: number, offset: number): Bytes => [...u32(log2Align), ...u32(offset)];
/** A vector instruction: prefix 0xFD, opcode as u32 LEB128 (0xF0 encodes as 0xF0 0x01). */
const simd = (opcode: number, ...imm: Bytes): Bytes => [0xfd, ...u32(opcode), ...imm];

/** Block type of structured instructions that take and leave nothing on the stack. */
const EMPTY = 0x40;

export const op = {
  // control
  block: [0x02, EMPTY],
  loop: [0x03, EMPTY],
  if: [0x04, EMPTY],
  end: [0x0b],
  br: (label: number): Bytes => [0x0c, ...u32(label)],
  br_if: (label: number): Bytes => [0x0d, ...u32(label)],
  // variables
  local_get: (i: number): Bytes => [0x20, ...u32(i)],
  local_set: (i: number): Bytes => [0x21, ...u32(i)],
  local_tee: (i: number): Bytes => [0x22, ...u32(i)],
  // memory
  f32_load: (offset = 0): Bytes => [0x2a, ...memarg(2, offset)],
  f64_load: (offset = 0): Bytes => [0x2b, ...memarg(3, offset)],
  f64_store: (offset = 0): Bytes => [0x39, ...memarg(3, offset)],
  // numeric
  i32_const: (n: number): Bytes => [0x41, ...s32(n)],
  i32_lt_u: [0x49],
  i32_ge_u: [0x4f],
  i32_add: [0x6a],
  i32_and: [0x71],
  i32_shl: [0x74],
  f64_add: [0xa0],
  f64_mul: [0xa2],
  f64_promote_f32: [0xbb],
  // vector (0xFD prefix)
  v128_load: (offset = 0): Bytes => simd(0, ...memarg(4, offset)),
  /** Load 64 bits into lane 0 (of i64x2), zero lane 1. */
  v128_load64_zero: (offset = 0): Bytes => simd(93, ...memarg(3, offset)),
  v128_const_zero: simd(12, ...new Array<number>(16).fill(0)),
  f64x2_extract_lane: (lane: number): Bytes => simd(33, lane),
  /** f32 lanes 0 and 1 -> f64x2 (exact). */
  f64x2_promote_low_f32x4: simd(95),
  f64x2_add: simd(240),
  f64x2_mul: simd(242),
};

/** Concatenate instructions (each a byte array) into one code sequence. */
export function code(...instrs: readonly (readonly number[])[]): Bytes {
  return instrs.flat();
}
