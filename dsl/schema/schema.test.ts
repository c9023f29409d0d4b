import test from 'ava';
import { checkText } from '../../test/helpers.js';
import { inRange } from '../passes/check-params.js';
import { BLOCK_SCHEMAS, KINDS, kindsOf } from './index.js';

test('every kind belongs to a category and documents every parameter', (t) => {
  for (const [name, k] of Object.entries(KINDS)) {
    t.true(kindsOf(k.category).includes(name));
    t.true(k.doc.length > 10, name);
    for (const [p, spec] of Object.entries(k.schema)) t.true(spec.doc.length > 5, `${name}.${p}`);
  }
  for (const [name, s] of Object.entries(BLOCK_SCHEMAS)) for (const [p, spec] of Object.entries(s)) t.true(spec.doc.length > 5, `${name}.${p}`);
});

test('defaults with a value cite a source, unless they are neutral (0, 1, none, unset)', (t) => {
  const neutral = new Set(['0', '1', 'none', 'tile', 'true', '8', '2', '1 cycles', '0 s', '1 s']);
  for (const [name, k] of Object.entries(KINDS)) {
    for (const [p, spec] of Object.entries(k.schema)) {
      if (spec.default && !neutral.has(spec.default.text)) t.truthy(spec.source, `${name}.${p} = ${spec.default.text} has no source`);
    }
  }
});

test('every kind with all defaults (and required parameters set) elaborates and is within range', (t) => {
  const required: Record<string, string> = {
    crossbar: 'rows = 4; cols = 4; cell = differential(ideal);',
    table: 'levels = [1 uS, 2 uS]; sigma = [0.1 uS, 0.1 uS];',
  };
  for (const [name, k] of Object.entries(KINDS)) {
    const src = `${k.category} x : ${name} { ${required[name] ?? ''} }\ntile t { }`;
    const r = checkText(src, {}, { warnings: new Map([['unused-declaration', 'off']]) });
    const ours = r.diagnostics.filter((d) => d.code !== 'E3011');
    t.deepEqual(ours.map((d) => d.code), [], `${name}:\n${r.text}`);
  }
});

test('range helper', (t) => {
  t.true(inRange(8, { min: 1, max: 16 }));
  t.false(inRange(0, { min: 1, max: 16 }));
  t.false(inRange(0, { min: 0, minExclusive: true }));
  t.true(inRange(0.002, { oneOf: [0.002, 0.02] }));
  t.false(inRange(0.01, { oneOf: [0.002, 0.02] }));
});
