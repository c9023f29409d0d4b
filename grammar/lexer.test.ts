import test from 'ava';
import { KEYWORDS, lex, numberValue, stringValue } from './lexer.js';

const types = (s: string) => lex(s).tokens.map((t) => `${t.type}:${t.text}`);

test('numbers take a unit word on the same line, with or without a space', (t) => {
  t.deepEqual(types('1 GHz'), ['number:1', 'unit:GHz']);
  t.deepEqual(types('3ns'), ['number:3', 'unit:ns']);
  t.deepEqual(types('0.2 fF/um'), ['number:0.2', 'unit:fF/um']);
  t.deepEqual(types('25 µS'), ['number:25', 'unit:µS']);
  t.deepEqual(types('1200 um2;'), ['number:1200', 'unit:um2', ';:;']);
});

test('a word after a number on the next line is not a unit', (t) => {
  t.deepEqual(types('rows = 4\ncols'), ['ident:rows', '=:=', 'number:4', 'ident:cols']);
  t.deepEqual(types('4 // c\nx'), ['number:4', 'ident:x']);
  t.deepEqual(types('4 /* c */ x'), ['number:4', 'ident:x']);
});

test('punctuation after a number goes back to the main state', (t) => {
  t.deepEqual(types('2 * t_lsb'), ['number:2', '*:*', 'ident:t_lsb']);
  t.deepEqual(types('0..4 {'), ['number:0', '..:..', 'number:4', '{:{']);
  t.deepEqual(types('0..=4'), ['number:0', '..=:..=', 'number:4']);
  t.deepEqual(types('c[i+1]'), ['ident:c', '[:[', 'ident:i', '+:+', 'number:1', ']:]']);
});

test('number forms', (t) => {
  t.is(numberValue('0x1F'), 31);
  t.is(numberValue('0b1010'), 10);
  t.is(numberValue('1_000_000'), 1e6);
  t.is(numberValue('1.5e-9'), 1.5e-9);
  t.deepEqual(types('1e3 2E+2'), ['number:1e3', 'number:2E+2']);
});

test('keywords are typed by themselves; contextual words stay identifiers', (t) => {
  for (const k of KEYWORDS) t.deepEqual(types(k), [`${k}:${k}`]);
  t.deepEqual(types('with until idle ideal within to'), ['ident:with', 'ident:until', 'ident:idle', 'ident:ideal', 'ident:within', 'ident:to']);
});

test('strings and escapes', (t) => {
  t.is(stringValue('"a\\"b\\\\c\\n"'), 'a"b\\c\n');
  const r = lex('"bad \\q"');
  t.deepEqual(r.problems.map((p) => p.kind), ['invalid-escape']);
});

test('problems never throw: invalid characters, unterminated strings and comments', (t) => {
  const r = lex('a # $ b\n"open\n/* never closed');
  t.deepEqual(r.problems.map((p) => p.kind), ['invalid-char', 'invalid-char', 'unterminated-string', 'unterminated-comment']);
  t.deepEqual(r.tokens.map((x) => x.text), ['a', 'b', '"open']);
});

test('adjacent invalid characters make one problem; surrogate pairs stay whole', (t) => {
  const r = lex('x ##😀 y');
  t.is(r.problems.length, 1);
  t.is(r.problems[0]!.token.text, '##😀');
});

test('offsets are UTF-16 offsets into the text', (t) => {
  const text = 'a µ b';
  const r = lex(text);
  t.deepEqual(r.tokens.map((x) => [x.text, x.offset]), [['a', 0], ['b', 4]]);
});
