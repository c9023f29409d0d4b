// cli/sweep-worker.ts: a worker thread of `xbar sweep`: runs the variants it is sent, one at
// a time, and posts each row back. An exception is a bug in xbar: a failed row with E9001.
import { parentPort } from 'node:worker_threads';
import { emptyRow, runVariant, type VariantJob } from './sweep-run.js';

parentPort!.on('message', (job: VariantJob) => {
  runVariant(job).then(
    (row) => parentPort!.postMessage(row),
    (err: unknown) => parentPort!.postMessage({
      ...emptyRow(job), code: 'E9001', message: `internal error: ${err instanceof Error ? err.message : String(err)}`,
    }),
  );
});
