// emulator/models/dac-errors.ts: static and dynamic errors of the input converters.
//
// The ideal row input x (dac.ts sliceInputs) stays the reference for the ideal result; these
// functions give the row input the array actually sees (the noisy path, before input noise):
//   voltage     level errors: code c drives (c + inl[c]) / c_max, inl in LSB of the output level,
//               one value per code (lowest code first: -c_max .. c_max signed, 0 .. c_max
//               unsigned), from a table or drawn once per DAC (inl_sigma * N(0, 1) per code).
//   bit_serial  per-digit level errors: a nonzero digit d drives sign(c) (d + inl[d-1]) /
//               (2^bits_per_cycle - 1); one value per nonzero digit (for 1 bit per cycle, the
//               level of the single bit); a zero digit drives nothing.
//   pwm         edge timing: a nonzero code drives for L = |c| t_lsb phases + phases t_skew +
//               jitter, the jitter being t_jitter (N_fall - N_rise) per phase (drawn as
//               t_jitter sqrt(2 phases) N(0, 1) per pulse). L is clipped to the window
//               W = c_max t_lsb phases, and x = sign(c) L / W: the charge moves by
//               (t_skew + jitter) / t_lsb LSB. A zero code drives no pulse and has no edges.
//               Each device conducts in one of the phases: for L / phases (dac.ts pulseLengths).
// Random draws: level profiles from rng.fork('profile').fork(j) for DAC j (the tile input
// lane), jitter from rng.fork('jitter'), one draw per nonzero row per slice in row order.
import type { ComponentIR } from '../../dsl/ir/nodes.js';
import type { Rng } from '../random.js';

export interface DacErrors {
  /** Level-error table in LSB (voltage: per code; bit_serial: per nonzero digit), or null. */
  inl: readonly number[] | null;
  /** Random level error per code (digit) and DAC, sigma in LSB. */
  inlSigma: number;
  /** PWM: pulse-length skew per phase (s). */
  tSkew: number;
  /** PWM: jitter of each edge, sigma (s). */
  tJitter: number;
}

/** The largest resolution for which a random level profile is stored per DAC. */
export const MAX_DAC_PROFILE_BITS = 12;

export function dacErrorParams(c: ComponentIR): DacErrors {
  const n = (k: string) => (typeof c.params[k] === 'number' ? (c.params[k] as number) : 0);
  return {
    inl: Array.isArray(c.params['inl']) ? (c.params['inl'] as number[]) : null,
    inlSigma: n('inl_sigma'),
    tSkew: n('t_skew'),
    tJitter: n('t_jitter'),
  };
}

export function isIdealDac(e: DacErrors): boolean {
  return e.inl === null && e.inlSigma === 0 && e.tSkew === 0 && e.tJitter === 0;
}

/** The parameters these functions need (a subset of DacParams). */
export interface DacShape {
  kind: 'pwm' | 'voltage' | 'bit_serial';
  bits: number;
  signed: boolean;
  tLsb: number;
  phases: number;
  bitsPerCycle: number;
}

function cMax(p: DacShape): number {
  return p.signed ? 2 ** (p.bits - 1) - 1 : 2 ** p.bits - 1;
}

/** How many levels carry an error: voltage one per code, bit_serial one per nonzero digit, pwm 0. */
export function levelCount(p: DacShape): number {
  switch (p.kind) {
    case 'voltage':
      return p.signed ? 2 * cMax(p) + 1 : cMax(p) + 1;
    case 'bit_serial':
      return 2 ** p.bitsPerCycle - 1;
    case 'pwm':
      return 0;
  }
}

export interface DacProfile {
  p: DacShape;
  e: DacErrors;
  /** Level errors in LSB: n per DAC (or n shared by all when `perDac` is false), or null. */
  levels: Float64Array | null;
  perDac: boolean;
  n: number;
  jitter: Rng | null;
}

/**
 * The errors of a bank of `dacs` DACs (one per tile input lane), or null when they are ideal.
 * Random level profiles are drawn here, once.
 */
export function dacProfile(p: DacShape, e: DacErrors, dacs: number, rng: Rng): DacProfile | null {
  if (isIdealDac(e)) return null;
  const n = levelCount(p);
  let levels: Float64Array | null = null;
  let perDac = false;
  if (n > 0 && (e.inl !== null || e.inlSigma > 0)) {
    const table = e.inl;
    if (table && table.length !== n) throw new RangeError(`DAC inl table needs ${n} values, got ${table.length}`);
    if (e.inlSigma > 0) {
      if (p.kind === 'voltage' && p.bits > MAX_DAC_PROFILE_BITS) throw new RangeError(`a random DAC profile needs at most ${MAX_DAC_PROFILE_BITS} bits, got ${p.bits}`);
      perDac = true;
      levels = new Float64Array(dacs * n);
      const profiles = rng.fork('profile');
      for (let j = 0; j < dacs; j++) {
        const r = profiles.fork(String(j));
        for (let i = 0; i < n; i++) levels[j * n + i] = (table ? table[i]! : 0) + e.inlSigma * r.normal();
      }
    } else {
      levels = Float64Array.from(table!);
    }
  }
  const jitter = p.kind === 'pwm' && e.tJitter > 0 ? rng.fork('jitter') : null;
  return { p, e, levels, perDac, n, jitter };
}

/**
 * The row inputs of one slice with the converter errors: out[r] for row r, whose code is
 * codes[r] and whose DAC is dacOf[r]. For PWM, `pulses` (if given) gets each row's pulse length.
 */
export function applyDacErrors(
  prof: DacProfile,
  codes: ArrayLike<number>,
  slice: number,
  dacOf: ArrayLike<number>,
  out: Float64Array,
  pulses: Float64Array | null = null,
): void {
  const { p, e, levels, perDac, n } = prof;
  const dev = (dac: number, i: number) => (levels ? levels[(perDac ? dac * n : 0) + i]! : 0);
  switch (p.kind) {
    case 'voltage': {
      const m = cMax(p);
      const zero = p.signed ? m : 0;
      for (let r = 0; r < out.length; r++) {
        const c = codes[r]!;
        out[r] = (c + dev(dacOf[r]!, c + zero)) / m;
      }
      return;
    }
    case 'bit_serial': {
      const base = 2 ** p.bitsPerCycle;
      const div = base ** slice;
      const m = base - 1;
      for (let r = 0; r < out.length; r++) {
        const c = codes[r]!;
        const d = Math.floor(Math.abs(c) / div) % base;
        const level = d === 0 ? 0 : (d + dev(dacOf[r]!, d - 1)) / m;
        out[r] = c < 0 ? -level : level;
      }
      return;
    }
    case 'pwm': {
      const window = cMax(p) * p.tLsb * p.phases;
      const skew = p.phases * e.tSkew;
      const sj = e.tJitter * Math.sqrt(2 * p.phases);
      const jit = prof.jitter;
      for (let r = 0; r < out.length; r++) {
        const c = codes[r]!;
        if (c === 0) {
          out[r] = 0;
          if (pulses) pulses[r] = 0;
          continue;
        }
        let len = Math.abs(c) * p.tLsb * p.phases + skew + (jit ? sj * jit.normal() : 0);
        len = len < 0 ? 0 : len > window ? window : len;
        out[r] = c < 0 ? -len / window : len / window;
        if (pulses) pulses[r] = len / p.phases;
      }
      return;
    }
  }
}

// ---------------------------------------------------------------- checks (dsl/passes)

/** Problems of a DAC level table, as messages (empty if it is valid). */
export function dacTableProblems(p: DacShape, table: readonly number[]): { code: 'E3025' | 'E3026'; message: string }[] {
  const n = levelCount(p);
  if (table.length !== n) {
    const what = p.kind === 'bit_serial'
      ? `one value per nonzero digit, 2^bits_per_cycle - 1 = ${n}`
      : `one value per code, ${p.signed ? '2^bits - 1' : '2^bits'} = ${n} for ${p.bits} ${p.signed ? 'signed ' : ''}bits`;
    return [{ code: 'E3025', message: `needs ${what}, found ${table.length}` }];
  }
  // levels must increase with the code (the digit); a bit-serial digit 1 must stay above 0
  const first = p.kind === 'voltage' ? (p.signed ? -cMax(p) : 0) : 1;
  let prev = p.kind === 'bit_serial' ? 0 : -Infinity;
  for (let i = 0; i < n; i++) {
    const level = first + i + table[i]!;
    if (!(level > prev)) {
      return [{ code: 'E3026', message: `makes the level of ${p.kind === 'bit_serial' ? 'digit' : 'code'} ${first + i} (${fmt(level)} LSB) not above the one below it (${fmt(prev)} LSB): the levels must increase` }];
    }
    prev = level;
  }
  return [];
}

function fmt(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}
