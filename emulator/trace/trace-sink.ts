// emulator/trace/trace-sink.ts: what the kernel tells a trace writer. Tracing is an observer:
// the kernel declares the traced signals once, then reports each change with its time.
// VCD is one sink (vcd-writer.ts); tests use an in-memory sink.

/** Integer simulation time in femtoseconds. */
export type TimeFs = bigint;

export type TraceKind =
  /** 1-bit signal: value 0, 1 or null (x). */
  | 'bit'
  /** Unsigned bit vector of `width` bits: value a non-negative bigint or number, or null (all x). */
  | 'vector'
  /** IEEE double: value a number (NaN and infinities allowed). */
  | 'real'
  /** 32-bit two's-complement integer: value a number (negative allowed). */
  | 'integer'
  /** An event (VCD `event`): each change is one occurrence; value ignored. */
  | 'event';

export interface TraceVar {
  /** Dense ids 0..n-1, in declaration order. */
  id: number;
  /** Hierarchy from the outermost scope: ['hermes', 'c[0]', 'adcs']. */
  scope: readonly string[];
  name: string;
  kind: TraceKind;
  /** Bits, for 'vector' (1..4096); 1 for 'bit' and 'event', 64 for 'real', 32 for 'integer'. */
  width: number;
  /** Value at time 0 (written in `$dumpvars`); null = x. */
  initial: number | bigint | null;
  /** For the .gtkw: a group name to show the signal in, and whether a real is drawn as analog. */
  group?: string;
  analog?: boolean;
}

export interface TraceHeader {
  /** Free text for `$version` (no date: outputs must be byte-identical for the same inputs). */
  version: string;
  /** Optional `$comment`. */
  comment?: string;
}

export interface TraceSink {
  /** Called once, before any change. */
  declare(vars: readonly TraceVar[], header: TraceHeader): void;
  /**
   * A change of one variable at time `t`. Times never decrease; several changes may share a
   * time. A change to the value the variable already has is allowed (the sink may drop it).
   */
  change(t: TimeFs, id: number, value: number | bigint | null): void;
  /**
   * Every change at times < t has been reported (a time step is complete): a streaming
   * writer may write out everything before t.
   */
  advance(t: TimeFs): void;
  /** The run is over (or was interrupted): write out what is complete and release the file. */
  close(): void;
}
