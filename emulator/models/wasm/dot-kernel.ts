// emulator/models/wasm/dot-kernel.ts: the crossbar matrix-vector product, the emulator's hot
// loop, as a WebAssembly SIMD kernel (with the plain JS loops as reference and fallback).
//
// The product: out[j] = sum_i x[i] wT[j*rows + i] for every output lane j, with the weights
// transposed (each lane's column contiguous), weights float32, inputs and sums float64.
//
// Module layout (encoded by ./encode.ts; about 400 bytes, compiled once per process):
//   import  env.mem        a memory of at least one page, owned by the JS side
//   func 0  mvm(w, x, out, rows, lanes)   (byte addresses of wT, x, out in that memory)
//   export  "mvm" = func 0
// Memory layout: one WebAssembly.Memory and instance per kernel (one per programmed
// crossbar), sized up front and never grown, so the typed-array views below stay valid:
//   x f64[rows] | xIdeal f64[rows] | out f64[lanes] | ideal f64[lanes] | wT f32[rows*lanes] | wIdealT f32[rows*lanes]
// (each region starts on a 16-byte boundary). Callers write inputs into `x`/`xIdeal`, call
// `mvm()`/`mvmPair()`, and read `out`/`ideal`; the weights are programmed once into `wT`/`wIdealT`.
//
// Numerics: every f32 weight is promoted to f64 (exact) and multiplied by the f64 input; the
// products accumulate in float64 in a fixed order, so results are identical run to run:
//   - rows in blocks of 8: four f64x2 accumulators a0..a3, a_k += w[8b+2k .. 8b+2k+1] * x[...];
//   - then pairs of rows into a0;
//   - s = lane0(t) + lane1(t) with t = (a0 + a1) + (a2 + a3);
//   - an odd last row adds its product to s.
// This order differs from the JS reference (two scalar partial sums), so the two agree to
// rounding (~1e-15 relative), and exactly when every partial sum is representable.
import { code, exportFunc, funcBody, funcType, importMemory, module, op, section, sectionId, valtype, vec } from './encode.js';

/** out[lane] = sum_i x_i w[i][lane] (wT is lanes x rows): the JS reference (two partial sums). */
export function mvm(wT: Float32Array, rows: number, lanes: number, x: Float64Array, out: Float64Array): void {
  for (let j = 0; j < lanes; j++) {
    const base = j * rows;
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < rows; i += 2) {
      s0 += x[i]! * wT[base + i]!;
      s1 += x[i + 1]! * wT[base + i + 1]!;
    }
    if (i < rows) s0 += x[i]! * wT[base + i]!;
    out[j] = s0 + s1;
  }
}

/**
 * Both products of a slice at once (JS reference): out = x w and ideal = xIdeal wIdeal (both
 * transposed). Dot products over contiguous columns, two partial sums each: about three times
 * faster in V8 than row-by-row updates of the outputs.
 */
export function mvmPair(
  wT: Float32Array,
  wIdealT: Float32Array,
  rows: number,
  lanes: number,
  x: Float64Array,
  xIdeal: Float64Array,
  out: Float64Array,
  ideal: Float64Array,
): void {
  for (let j = 0; j < lanes; j++) {
    const base = j * rows;
    let s0 = 0;
    let s1 = 0;
    let t0 = 0;
    let t1 = 0;
    let i = 0;
    for (; i + 1 < rows; i += 2) {
      s0 += x[i]! * wT[base + i]!;
      s1 += x[i + 1]! * wT[base + i + 1]!;
      t0 += xIdeal[i]! * wIdealT[base + i]!;
      t1 += xIdeal[i + 1]! * wIdealT[base + i + 1]!;
    }
    if (i < rows) {
      s0 += x[i]! * wT[base + i]!;
      t0 += xIdeal[i]! * wIdealT[base + i]!;
    }
    out[j] = s0 + s1;
    ideal[j] = t0 + t1;
  }
}

// ---- the wasm kernel ---------------------------------------------------------------------

// Locals of `mvm`: the five parameters, then the working locals.
const W = 0; // i32 address of the current weight (walks through wT: lane after lane)
const X = 1; // i32 address of x[0]
const OUT = 2; // i32 address of the current output (walks through out)
const ROWS = 3;
const LANES = 4;
const OUT_END = 5; // i32 address just past out[lanes - 1]
const X8_END = 6; // i32 address of x[rows & ~7]: end of the blocks of 8 rows
const X2_END = 7; // i32 address of x[rows & ~1]: end of the pairs of rows
const XP = 8; // i32 address of the current input
const A = [9, 10, 11, 12]; // v128 accumulators a0..a3 (f64x2)
const S = 13; // f64 the lane's sum

/** a_k += promote(w[2 lanes at byte wOffset]) * x[2 lanes at byte xOffset] */
function accumulate(acc: number, wOffset: number, xOffset: number): number[] {
  return code(
    op.local_get(acc),
    op.local_get(W), op.v128_load64_zero(wOffset), op.f64x2_promote_low_f32x4,
    op.local_get(XP), op.v128_load(xOffset),
    op.f64x2_mul, op.f64x2_add, op.local_set(acc),
  );
}

/** local += n (i32) */
const bump = (local: number, n: number) => code(op.local_get(local), op.i32_const(n), op.i32_add, op.local_set(local));

/** x + (rows & mask) * 8 */
const xEnd = (mask: number) =>
  code(op.local_get(X), op.local_get(ROWS), op.i32_const(mask), op.i32_and, op.i32_const(3), op.i32_shl, op.i32_add);

const mvmBody = code(
  // out_end = out + lanes * 8; the ends of the 8-row and 2-row loops over x
  op.local_get(OUT), op.local_get(LANES), op.i32_const(3), op.i32_shl, op.i32_add, op.local_set(OUT_END),
  xEnd(-8), op.local_set(X8_END),
  xEnd(-2), op.local_set(X2_END),
  op.block, // $done
  op.local_get(OUT), op.local_get(OUT_END), op.i32_ge_u, op.br_if(0), // no lanes
  op.loop, // $lane: one output per iteration; W runs on into the next lane's column
  op.v128_const_zero, op.local_tee(A[0]!), op.local_tee(A[1]!), op.local_tee(A[2]!), op.local_set(A[3]!),
  op.local_get(X), op.local_set(XP),
  // blocks of 8 rows, four independent accumulators
  op.block, op.loop,
  op.local_get(XP), op.local_get(X8_END), op.i32_ge_u, op.br_if(1),
  accumulate(A[0]!, 0, 0), accumulate(A[1]!, 8, 16), accumulate(A[2]!, 16, 32), accumulate(A[3]!, 24, 48),
  bump(W, 32), bump(XP, 64),
  op.br(0),
  op.end, op.end,
  // pairs of rows into a0
  op.block, op.loop,
  op.local_get(XP), op.local_get(X2_END), op.i32_ge_u, op.br_if(1),
  accumulate(A[0]!, 0, 0),
  bump(W, 8), bump(XP, 16),
  op.br(0),
  op.end, op.end,
  // s = lane0(t) + lane1(t), t = (a0 + a1) + (a2 + a3)
  op.local_get(A[0]!), op.local_get(A[1]!), op.f64x2_add,
  op.local_get(A[2]!), op.local_get(A[3]!), op.f64x2_add, op.f64x2_add, op.local_tee(A[0]!),
  op.f64x2_extract_lane(0), op.local_get(A[0]!), op.f64x2_extract_lane(1), op.f64_add, op.local_set(S),
  // an odd last row: s += w * x
  op.local_get(ROWS), op.i32_const(1), op.i32_and,
  op.if,
  op.local_get(S), op.local_get(W), op.f32_load(), op.f64_promote_f32, op.local_get(XP), op.f64_load(), op.f64_mul, op.f64_add,
  op.local_set(S),
  bump(W, 4),
  op.end,
  // *out = s; next lane while out < out_end
  op.local_get(OUT), op.local_get(S), op.f64_store(),
  op.local_get(OUT), op.i32_const(8), op.i32_add, op.local_tee(OUT), op.local_get(OUT_END), op.i32_lt_u, op.br_if(0),
  op.end, // $lane
  op.end, // $done
);

/** The kernel module's bytes. */
export function dotKernelBytes(): Uint8Array {
  const { i32, f64, v128 } = valtype;
  return module([
    section(sectionId.type, vec([funcType([i32, i32, i32, i32, i32], [])])),
    section(sectionId.import, vec([importMemory('env', 'mem', 1)])),
    section(sectionId.function, vec([[0]])), // func 0 has type 0
    section(sectionId.export, vec([exportFunc('mvm', 0)])),
    section(sectionId.code, vec([funcBody([[4, i32], [4, v128], [1, f64]], mvmBody)])),
  ]);
}

// ---- the JS side ---------------------------------------------------------------------------

/** The few members of the WebAssembly JS API used here (the project's `lib` has no DOM types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (desc: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
}
type WasmMvm = (w: number, x: number, out: number, rows: number, lanes: number) => void;

let compiled: object | null | undefined;

/** The compiled kernel, or null when this engine has no wasm SIMD (validated, not assumed). */
function kernelModule(): object | null {
  if (compiled === undefined) {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    const bytes = dotKernelBytes();
    compiled = api && api.validate(bytes) ? new api.Module(bytes) : null;
  }
  return compiled;
}

/** Whether the wasm SIMD kernel is available in this engine. */
export function wasmKernelAvailable(): boolean {
  return kernelModule() !== null;
}

/** A crossbar's product buffers and the kernel working on them. */
export interface DotKernel {
  readonly rows: number;
  readonly lanes: number;
  /** Weights, transposed (lanes x rows), and the noise-free weights: written once, at programming. */
  readonly wT: Float32Array;
  readonly wIdealT: Float32Array;
  /** Inputs (rows): written by the caller before each product. */
  readonly x: Float64Array;
  readonly xIdeal: Float64Array;
  /** Outputs (lanes): overwritten by each product. */
  readonly out: Float64Array;
  readonly ideal: Float64Array;
  /** 'wasm' (SIMD kernel) or 'js' (reference loops, when wasm SIMD is unavailable or not wanted). */
  readonly impl: 'wasm' | 'js';
  /** out = x w */
  mvm(): void;
  /** out = x w and ideal = xIdeal wIdeal */
  mvmPair(): void;
}

const WASM_PAGE = 65536;
const align16 = (n: number) => Math.ceil(n / 16) * 16;

/** Buffers and kernel for a rows x lanes crossbar; `wasm: false` forces the JS reference. */
export function createDotKernel(rows: number, lanes: number, opts: { wasm?: boolean } = {}): DotKernel {
  const mod = opts.wasm === false ? null : kernelModule();
  const n = rows * lanes;
  // byte offsets of the regions
  const xAt = 0;
  const xIdealAt = align16(xAt + rows * 8);
  const outAt = align16(xIdealAt + rows * 8);
  const idealAt = align16(outAt + lanes * 8);
  const wAt = align16(idealAt + lanes * 8);
  const wIdealAt = align16(wAt + n * 4);
  const bytes = wIdealAt + n * 4;
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE));
  if (mod === null || pages > 32768 /* 2 GiB: keep addresses well inside i32 */) return jsKernel(rows, lanes);

  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly!;
  let mem: { buffer: ArrayBuffer };
  let run: WasmMvm;
  try {
    mem = new api.Memory({ initial: pages, maximum: pages });
    run = new api.Instance(mod, { env: { mem } }).exports['mvm'] as WasmMvm;
  } catch {
    return jsKernel(rows, lanes); // no address space for another wasm memory: stay correct, run slower
  }
  const buf = mem.buffer;
  return {
    rows, lanes, impl: 'wasm',
    x: new Float64Array(buf, xAt, rows),
    xIdeal: new Float64Array(buf, xIdealAt, rows),
    out: new Float64Array(buf, outAt, lanes),
    ideal: new Float64Array(buf, idealAt, lanes),
    wT: new Float32Array(buf, wAt, n),
    wIdealT: new Float32Array(buf, wIdealAt, n),
    mvm: () => run(wAt, xAt, outAt, rows, lanes),
    mvmPair: () => {
      run(wAt, xAt, outAt, rows, lanes);
      run(wIdealAt, xIdealAt, idealAt, rows, lanes);
    },
  };
}

/** The same buffers as plain typed arrays, and the JS reference loops. */
function jsKernel(rows: number, lanes: number): DotKernel {
  const k = {
    rows, lanes, impl: 'js' as const,
    x: new Float64Array(rows),
    xIdeal: new Float64Array(rows),
    out: new Float64Array(lanes),
    ideal: new Float64Array(lanes),
    wT: new Float32Array(rows * lanes),
    wIdealT: new Float32Array(rows * lanes),
    mvm: () => mvm(k.wT, rows, lanes, k.x, k.out),
    mvmPair: () => mvmPair(k.wT, k.wIdealT, rows, lanes, k.x, k.xIdeal, k.out, k.ideal),
  };
  return k;
}
