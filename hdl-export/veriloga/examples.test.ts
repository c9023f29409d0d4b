// Every file the `verilog-a` export writes for every example under examples/ lints clean (with
// the signatures of the modules it uses from other files); admsXml accepts exactly the files
// flagged `adms` (with the files they use) and rejects the event-driven ones, so the flag says
// which check covers a file. Sizes and times are logged (`npx ava --verbose`).
import test from 'ava';
import { ADMS_AVAILABLE, lintEmitted, runAdms, usedFiles } from './check-emitted.js';
import { lintVerilogA } from './lint.js';
import { exampleFiles, exportVa, loadFile } from './test-fixtures.js';

const admsTest = ADMS_AVAILABLE ? test : test.skip;
const examples = exampleFiles();

test('the examples: tiny, isaac-tile, hermes-core (and any other .xbar under examples/)', (t) => {
  t.true(examples.length >= 3);
  for (const ex of ['examples/tiny/tiny.xbar', 'examples/isaac-tile/isaac.xbar', 'examples/hermes-core/hermes.xbar']) t.true(examples.includes(ex), ex);
});

for (const ex of examples) {
  test(`${ex}: every emitted file lints clean, with the knownModules of the files it uses`, (t) => {
    const x = exportVa(loadFile(ex));
    t.true(x.files.length >= 4);
    let lines = 0;
    const t0 = performance.now();
    for (const f of x.files) {
      const r = lintEmitted(f, x.files);
      t.deepEqual(r.problems, [], f.file.path);
      lines += f.text.split('\n').length - 1;
    }
    t.log(`${x.files.length} files, ${lines} lines, lint ${(performance.now() - t0).toFixed(0)} ms`);
  });

  test(`${ex}: a file that uses another's modules needs them (the lint reports the instances otherwise)`, (t) => {
    const x = exportVa(loadFile(ex));
    const users = x.files.filter((f) => f.file.uses.length > 0);
    t.true(users.length > 0, 'the array uses its cell model');
    for (const f of users) {
      const alone = lintVerilogA(f.text, f.file.path);
      t.false(alone.ok, f.file.path);
      t.deepEqual([...new Set(alone.problems.map((p) => p.rule))], ['instance'], f.file.path);
    }
  });

  admsTest(`${ex}: admsXml accepts every file flagged adms (with the files it uses) and rejects every event-driven one`, (t) => {
    const x = exportVa(loadFile(ex));
    const adms = x.files.filter((f) => f.file.adms);
    const events = x.files.filter((f) => !f.file.adms);
    t.true(adms.length >= 3 && events.length >= 2);
    let ms = 0;
    for (const f of adms) {
      const uses = usedFiles(f, x.files);
      const r = runAdms(f, uses);
      ms += r.ms;
      t.true(r.ok, `${f.file.path}: ${r.command}\n${r.output}`);
      t.deepEqual(r.modules.sort(), [...uses, f].flatMap((g) => g.file.modules.map((m) => m.name)).sort(), f.file.path);
    }
    for (const f of events) {
      const r = runAdms(f);
      ms += r.ms;
      t.false(r.ok, `${f.file.path} is flagged event-driven, but admsXml accepts it`);
      t.regex(r.output, /\[fatal\.\.\]/);
    }
    t.log(`admsXml: ${adms.length} accepted, ${events.length} event-driven rejected, ${ms.toFixed(0)} ms`);
  });
}
