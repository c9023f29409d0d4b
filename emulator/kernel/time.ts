// emulator/kernel/time.ts: simulation time is an integer count of femtoseconds (bigint).
// Floating-point time is never accumulated: durations are converted once, and clock edges
// are computed from an integer period.

export type TimeFs = bigint;

export const FS_PER_S = 1_000_000_000_000_000n;

/** A duration in seconds as whole femtoseconds (rounded to nearest). */
export function fs(seconds: number): TimeFs {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`not a duration: ${seconds} s`);
  return BigInt(Math.round(seconds * 1e15));
}

/** Femtoseconds as seconds (for reports; never fed back into time). */
export function seconds(t: TimeFs): number {
  return Number(t) / 1e15;
}

/** A clock: edges at phase + k * period, k = 0, 1, 2, ... */
export class Clock {
  constructor(
    readonly name: string,
    readonly periodFs: TimeFs,
    readonly phaseFs: TimeFs = 0n,
  ) {
    if (periodFs <= 0n) throw new RangeError(`clock ${name}: period must be positive`);
  }

  /** The first edge at or after t. */
  edgeAtOrAfter(t: TimeFs): TimeFs {
    if (t <= this.phaseFs) return this.phaseFs;
    const k = (t - this.phaseFs + this.periodFs - 1n) / this.periodFs;
    return this.phaseFs + k * this.periodFs;
  }

  /** The first edge strictly after t. */
  edgeAfter(t: TimeFs): TimeFs {
    return this.edgeAtOrAfter(t + 1n);
  }

  /** Whole cycles covering a duration (at least 0). */
  cyclesFor(duration: TimeFs): bigint {
    return duration <= 0n ? 0n : (duration + this.periodFs - 1n) / this.periodFs;
  }

  /** The edge `n` cycles after the edge at or after t. */
  edgesAfter(t: TimeFs, n: bigint): TimeFs {
    return this.edgeAtOrAfter(t) + n * this.periodFs;
  }
}
