// test/golden.ts: golden files for every test that has them. `UPDATE_GOLDEN=1` rewrites them;
// otherwise a missing golden file is an error (a test never passes by writing its own expectation).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const UPDATE_GOLDEN = Boolean(process.env['UPDATE_GOLDEN']);

/** The golden text `name` under `dir` (written from `text` first when UPDATE_GOLDEN is set). */
export function goldenFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  if (UPDATE_GOLDEN) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  if (!existsSync(file)) throw new Error(`no golden file ${path.relative(process.cwd(), file)}; run with UPDATE_GOLDEN=1 to write it`);
  return readFileSync(file, 'utf8');
}
