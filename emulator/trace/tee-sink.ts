// emulator/trace/tee-sink.ts: one trace to several sinks (a VCD file and a recorder, say).
import type { TimeFs, TraceHeader, TraceSink, TraceVar } from './trace-sink.js';

export class TeeSink implements TraceSink {
  constructor(private readonly sinks: readonly TraceSink[]) {}

  declare(vars: readonly TraceVar[], header: TraceHeader): void {
    for (const s of this.sinks) s.declare(vars, header);
  }

  change(t: TimeFs, id: number, value: number | bigint | null): void {
    for (const s of this.sinks) s.change(t, id, value);
  }

  advance(t: TimeFs): void {
    for (const s of this.sinks) s.advance(t);
  }

  close(): void {
    for (const s of this.sinks) s.close();
  }
}
