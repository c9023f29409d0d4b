import test from 'ava';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkOutputDir, FolderError, writeFolder } from './folder.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'xbar-folder-'));
const f = (p: string, text: string) => ({ path: p, text, holds: [] });

test('writes every file and the manifest, creating the folder and sub-folders', (t) => {
  const dir = path.join(tmp(), 'out', 'va');
  writeFolder(dir, [f('a.va', 'A\n'), f('sub/b.va', 'B\n')], { files: 2 });
  t.deepEqual(readdirSync(dir).sort(), ['a.va', 'manifest.json', 'sub']);
  t.is(readFileSync(path.join(dir, 'sub', 'b.va'), 'utf8'), 'B\n');
  t.deepEqual(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')), { files: 2 });
  t.deepEqual(readdirSync(path.dirname(dir)), ['va'], 'no temporary folder left');
});

test('an existing folder: files of the same name are replaced, others kept', (t) => {
  const dir = tmp();
  writeFileSync(path.join(dir, 'a.va'), 'old\n');
  writeFileSync(path.join(dir, 'keep.txt'), 'mine\n');
  writeFolder(dir, [f('a.va', 'new\n')], {});
  t.is(readFileSync(path.join(dir, 'a.va'), 'utf8'), 'new\n');
  t.is(readFileSync(path.join(dir, 'keep.txt'), 'utf8'), 'mine\n');
});

test('an output that is a file, or lies under a file, is refused and nothing is written', (t) => {
  const base = tmp();
  const file = path.join(base, 'x');
  writeFileSync(file, 'a file\n');
  t.throws(() => checkOutputDir(file, 'x'), { instanceOf: FolderError, message: 'the output x exists and is not a folder' });
  t.throws(() => writeFolder(file, [f('a.va', 'A')], {}, 'x'), { instanceOf: FolderError });
  t.throws(() => writeFolder(path.join(file, 'sub'), [f('a.va', 'A')], {}, 'x/sub'), { instanceOf: FolderError, message: /a file stands in its path/ });
  t.deepEqual(readdirSync(base), ['x']);
  t.is(readFileSync(file, 'utf8'), 'a file\n');
});

test('a write that fails half-way leaves neither the folder nor a temporary one', (t) => {
  const base = tmp();
  const dir = path.join(base, 'out');
  // 'a' as a file and as a folder: the second write fails after the first succeeded
  t.throws(() => writeFolder(dir, [f('a', 'A'), f('a/b', 'B')], {}, 'out'), { instanceOf: FolderError, message: /^cannot write out: / });
  t.false(existsSync(dir));
  t.deepEqual(readdirSync(base), []);
  mkdirSync(dir);
  t.throws(() => writeFolder(dir, [f('a', 'A'), f('a/b', 'B')], {}, 'out'), { instanceOf: FolderError });
  t.deepEqual(readdirSync(dir), [], 'an existing folder is left as it was');
});
