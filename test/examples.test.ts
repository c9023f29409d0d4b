// Examples are tests: each example checks with no diagnostics, and its IR dump matches a
// golden file (UPDATE_GOLDEN=1 rewrites them). The emulator and exporters add their runs here.
import test from 'ava';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDiagnostics } from '../dsl/diagnostics/render.js';
import { nodeHost } from '../dsl/load.js';
import { frontEnd } from '../dsl/pipeline.js';
import { printIr } from '../dsl/print-ir.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const examples = readdirSync(path.join(root, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(path.join(root, 'examples', d.name)).filter((f) => f.endsWith('.xbar')).map((f) => path.join('examples', d.name, f)));

test('there are at least the three examples of the front-end issue', (t) => {
  for (const e of ['examples/tiny/tiny.xbar', 'examples/hermes-core/hermes.xbar', 'examples/isaac-tile/isaac.xbar']) t.true(examples.includes(e), e);
});

for (const ex of examples) {
  test(`${ex} checks clean and its IR matches the golden`, (t) => {
    const r = frontEnd(path.join(root, ex), nodeHost(root));
    t.truthy(r);
    t.deepEqual(r!.diagnostics, [], renderDiagnostics(r!.diagnostics, r!.sources, { color: false }));
    const ir = printIr(r!.design!);
    const golden = path.join(root, 'test', '__golden__', 'examples', `${path.basename(ex, '.xbar')}.ir.txt`);
    if (process.env['UPDATE_GOLDEN'] || !existsSync(golden)) {
      mkdirSync(path.dirname(golden), { recursive: true });
      writeFileSync(golden, ir);
    }
    t.is(ir, readFileSync(golden, 'utf8'));
    t.false(ir.includes(root), 'no absolute paths in the IR dump');
  });
}
