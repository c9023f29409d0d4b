import test from 'ava';
import { readFileSync } from 'node:fs';
import { GENERATED } from '../scripts/gen-docs.js';

for (const [file, gen] of Object.entries(GENERATED)) {
  test(`${file} is up to date with its source (run npm run gen:docs)`, (t) => {
    t.is(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'), gen());
  });
}
