// bench/timing.ts: how the benchmarks time a piece of work: a warm-up of a quarter of the time
// (so V8 has optimised the loop), then as many runs as fit in `minMs`.

/** Runs of `fn` for at least `minMs` after a warm-up: mean ms per run, runs per second, runs. */
export function timeRuns(fn: () => void, minMs: number): { ms: number; perSec: number; runs: number } {
  const warm = performance.now();
  while (performance.now() - warm < minMs / 4) fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    runs++;
  }
  const ms = (performance.now() - start) / runs;
  return { ms, perSec: 1000 / ms, runs };
}
