import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvError, readCsv, readCsvFile } from './csv.js';

test('comma and whitespace separated numbers', (t) => {
  t.deepEqual(readCsv('1,2,3\n4,5,6\n'), { rows: [[1, 2, 3], [4, 5, 6]], header: null });
  t.deepEqual(readCsv('1 2\t3\n  4   5 6  ').rows, [[1, 2, 3], [4, 5, 6]]);
  t.deepEqual(readCsv(' 1 , 2 ,3 \r\n4,5, 6\r\n').rows, [[1, 2, 3], [4, 5, 6]]);
  t.deepEqual(readCsv('-1.5e-3,.5,5.,+2,1E3,0').rows, [[-0.0015, 0.5, 5, 2, 1000, 0]]);
  t.deepEqual(readCsv('1\r2\r3').rows, [[1], [2], [3]]);
  t.deepEqual(readCsv('"1.5","2"').rows, [[1.5, 2]]);
});

test('comments, blank lines, BOM, empty input', (t) => {
  const text = '\uFEFF# weights\n\n1, 2  # first row\n   \n# more\n3, 4\n#end';
  t.deepEqual(readCsv(text), { rows: [[1, 2], [3, 4]], header: null });
  t.deepEqual(readCsv(''), { rows: [], header: null });
  t.deepEqual(readCsv('# only a comment\n\n'), { rows: [], header: null });
});

test('a header row is skipped only if entirely non-numeric', (t) => {
  t.deepEqual(readCsv('x,y,z\n1,2,3'), { rows: [[1, 2, 3]], header: ['x', 'y', 'z'] });
  t.deepEqual(readCsv('# c\n"in 0", "in, 1"\n1, 2').header, ['in 0', 'in, 1']);
  t.deepEqual(readCsv('a b\n1 2').header, ['a', 'b']);
  t.deepEqual(readCsv('x,y').rows, []);
  const e = t.throws(() => readCsv('x,1\n2,3', 'in.csv'), { instanceOf: CsvError });
  t.is(e.message, 'in.csv:1:1: not a number: "x"');
  t.is(e.line, 1);
  t.is(e.column, 1);
  // The header must have as many names as the rows have values.
  t.throws(() => readCsv('x,y\n1,2,3', 'in.csv'), { message: 'in.csv:2:5: row has 3 values, expected 2 (as on line 1)' });
  // A non-numeric word after the header is an error, not a second header.
  t.throws(() => readCsv('x,y\na,b'), { message: /^2:1: not a number: "a"/ });
});

test('ragged rows are errors with line and column', (t) => {
  t.throws(() => readCsv('1,2,3\n4,5\n', 'w.csv'), { instanceOf: CsvError, message: 'w.csv:2:4: row has 2 values, expected 3 (as on line 1)' });
  t.throws(() => readCsv('1 2\n\n# c\n3 4 5', 'w.csv'), { message: 'w.csv:4:5: row has 3 values, expected 2 (as on line 1)' });
});

test('NaN, Inf, overflow, junk and empty cells are errors', (t) => {
  t.throws(() => readCsv('1,2\n3,NaN', 'a.csv'), { instanceOf: CsvError, message: 'a.csv:2:3: "NaN": NaN and infinite values are not allowed' });
  t.throws(() => readCsv('1, -inf'), { message: /1:4: "-inf": NaN and infinite/ });
  t.throws(() => readCsv('Infinity 2'), { message: /1:1: "Infinity": NaN and infinite/ });
  t.throws(() => readCsv('1e999'), { message: /1:1: "1e999" overflows to infinity/ });
  t.throws(() => readCsv('1,2\n3,4x'), { message: /2:3: not a number: "4x"/ });
  t.throws(() => readCsv('1,,2'), { message: /1:3: empty cell/ });
  t.throws(() => readCsv('1,2,'), { message: /1:5: empty cell \(trailing comma\)/ });
  t.throws(() => readCsv(',1'), { message: /1:1: empty cell/ });
  // (After a data row: on the first line, an all-non-numeric row would be a header.)
  t.throws(() => readCsv('1\n0x10'), { message: /2:1: not a number: "0x10"/ });
  t.throws(() => readCsv('1\n1;2'), { message: /2:1: not a number: "1;2"/ });
  t.throws(() => readCsv('"1,2'), { message: /unterminated quoted cell/ });
  t.throws(() => readCsv('a"b "c'), { message: /unterminated quoted cell/ });
  t.throws(() => readCsv('"1"x,2'), { message: /1:4: unexpected text after a quoted cell/ });
});

test('readCsvFile', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'csv-'));
  try {
    const p = join(dir, 'x.csv');
    writeFileSync(p, 'a,b\n1,2\n');
    t.deepEqual(readCsvFile(p), { rows: [[1, 2]], header: ['a', 'b'] });
    writeFileSync(p, '1,2\n3\n');
    t.throws(() => readCsvFile(p), { message: `${p}:2:2: row has 1 values, expected 2 (as on line 1)` });
    t.throws(() => readCsvFile(join(dir, 'none.csv')), { instanceOf: CsvError, message: /none\.csv: cannot read/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
