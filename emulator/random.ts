// emulator/random.ts: a deterministic, seeded pseudo-random number generator.
//
// Every random number in the emulator comes from an `Rng` (never Math.random), so a run is
// reproducible from its seed on every platform:
//
//   - Generator: xoshiro128** 1.0 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c),
//     128-bit state, period 2^128 - 1, 32-bit outputs. All arithmetic is 32-bit integer
//     (Math.imul, shifts), which JavaScript defines exactly.
//   - Seeding: the 32-bit seed is expanded into the 128-bit state by SplitMix32 (the
//     32-bit SplitMix variant with the "lowbias32" finaliser constants of C. Wellons' hash
//     prospector), so nearby seeds (0, 1, 2, ...) give unrelated streams.
//   - uniform(): 53 random bits (two outputs, 27 + 26 bits) -> k / 2^53 in [0, 1).
//   - normal(): Marsaglia's polar method with a cached spare. It needs Math.sqrt (correctly
//     rounded by IEEE 754, hence exact everywhere) and Math.log. V8 implements Math.log with
//     its own port of fdlibm (src/base/ieee754.cc) rather than the C library, so Node gives
//     bit-identical normals on every OS and CPU.
//   - fork(label): an independent stream derived from this generator's *seed state* (not its
//     current position) and a label, by hashing (MurmurHash3 x86_32 of the label's UTF-8 bytes,
//     keyed with the seed state). So `rng.fork('program')` is the same stream however many
//     numbers `rng` or its other forks have consumed.
//
// Streams are meant for simulation, not cryptography.

const TWO_POW_53 = 9007199254740992;
const TWO_POW_32 = 4294967296;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** SplitMix32 step: returns [output, next state] (both uint32). */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z ^= z >>> 15;
  return [z >>> 0, next];
}

/** The 32-bit finaliser of MurmurHash3 (fmix32). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3 x86_32 of `bytes` with `seed` (uint32 result). */
export function murmur3_32(bytes: Uint8Array, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const n = bytes.length;
  const nBlocks = n >>> 2;
  for (let i = 0; i < nBlocks; i++) {
    const j = i * 4;
    let k = bytes[j]! | (bytes[j + 1]! << 8) | (bytes[j + 2]! << 16) | (bytes[j + 3]! << 24);
    k = Math.imul(k, c1);
    k = rotl(k, 15);
    k = Math.imul(k, c2);
    h ^= k;
    h = rotl(h, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = nBlocks * 4;
  const rem = n & 3;
  if (rem > 0) {
    let k1 = 0;
    if (rem === 3) k1 ^= bytes[tail + 2]! << 16;
    if (rem >= 2) k1 ^= bytes[tail + 1]! << 8;
    k1 ^= bytes[tail]!;
    k1 = Math.imul(k1, c1);
    k1 = rotl(k1, 15);
    k1 = Math.imul(k1, c2);
    h ^= k1;
  }
  h ^= n;
  return fmix32(h);
}

const utf8 = new TextEncoder();

export class Rng {
  // xoshiro128** state (int32 bit patterns).
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** The state at construction: forks are derived from it, so they do not depend on use. */
  private key: readonly [number, number, number, number];
  private spare = 0;
  private hasSpare = false;
  private origin: string;

  /** A generator seeded with an integer 0 .. 2^32 - 1. */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`Rng seed must be an integer in 0 .. 2^32 - 1, got ${seed}`);
    }
    let st = seed >>> 0;
    const w: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [out, next] = splitmix32(st);
      w.push(out);
      st = next;
    }
    this.key = Rng.nonZero(w[0]!, w[1]!, w[2]!, w[3]!);
    this.origin = String(seed);
    this.reset();
  }

  /** How this stream was made: the seed, then the fork labels (`42/program/tile0`). For messages. */
  get path(): string {
    return this.origin;
  }

  /**
   * A generator with the given raw xoshiro128** state (four uint32, not all zero). For
   * known-answer tests against the reference C code; use `new Rng(seed)` otherwise.
   */
  static fromState(s0: number, s1: number, s2: number, s3: number, path = 'state'): Rng {
    const r = new Rng(0);
    r.key = Rng.nonZero(s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0);
    r.origin = path;
    r.reset();
    return r;
  }

  private static nonZero(a: number, b: number, c: number, d: number): [number, number, number, number] {
    // The all-zero state is the one fixed point of xoshiro; SplitMix32 and the fork hash
    // practically never produce it, but make it impossible.
    if ((a | b | c | d) === 0) return [0x9e3779b9, 0x243f6a88, 0xb7e15162, 0x6a09e667];
    return [a, b, c, d];
  }

  private reset(): void {
    [this.s0, this.s1, this.s2, this.s3] = [this.key[0] | 0, this.key[1] | 0, this.key[2] | 0, this.key[3] | 0];
    this.hasSpare = false;
    this.spare = 0;
  }

  /** The next 32 random bits as an unsigned integer 0 .. 2^32 - 1 (xoshiro128**). */
  uint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform in [0, 1) with 53-bit resolution (consumes two uint32). */
  uniform(): number {
    const a = this.uint32() >>> 5; // 27 bits
    const b = this.uint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / TWO_POW_53;
  }

  /**
   * A standard normal deviate (Marsaglia polar method; every second call returns the cached
   * spare of the pair).
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }

  /** Fill `out` with standard normals: the same numbers as `out.length` calls of normal(). */
  fillNormal(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  /** Fill `out` with uniforms in [0, 1): the same numbers as `out.length` calls of uniform(). */
  fillUniform(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
    return out;
  }

  /**
   * A uniformly distributed integer in lo .. hi inclusive (unbiased, by rejection). lo and hi
   * are safe integers with hi - lo < 2^53.
   */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) {
      throw new RangeError(`Rng.int needs safe integers lo <= hi, got ${lo}, ${hi}`);
    }
    const range = hi - lo + 1; // number of values, exact up to 2^53
    if (!(range <= TWO_POW_53)) throw new RangeError(`Rng.int range too large: ${lo} .. ${hi} (at most 2^53 values)`);
    if (range <= TWO_POW_32) {
      // Largest multiple of range that fits in 2^32; reject above it.
      const limit = TWO_POW_32 - (TWO_POW_32 % range);
      for (;;) {
        const x = this.uint32();
        if (x < limit) return lo + (x % range);
      }
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % range);
    for (;;) {
      const x = (this.uint32() >>> 5) * 67108864 + (this.uint32() >>> 6);
      if (x < limit) return lo + (x % range);
    }
  }

  /**
   * An independent stream derived from this generator's seed state and `label`. The result
   * does not depend on how many numbers this generator has produced, and different labels
   * give unrelated streams. Forks can be forked again (`rng.fork('tile').fork('3')`).
   */
  fork(label: string): Rng {
    const bytes = utf8.encode(label);
    const k = this.key;
    const w: number[] = [];
    for (let i = 0; i < 4; i++) {
      // Key each of the four hashes with all four seed words, differently for each i.
      const keyed = fmix32((k[i]! ^ fmix32((k[(i + 1) & 3]! + Math.imul(i + 1, 0x9e3779b9)) >>> 0)) >>> 0);
      const h = murmur3_32(bytes, keyed ^ k[(i + 2) & 3]! ^ k[(i + 3) & 3]!);
      w.push(splitmix32(h ^ Math.imul(i + 1, 0x632be5ab))[0]);
    }
    return Rng.fromState(w[0]!, w[1]!, w[2]!, w[3]!, `${this.origin}/${label}`);
  }
}
