import test from 'ava';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replay, traceArb } from '../../test/vcd/traces.js';
import { checkVcd, formatVcdErrors } from './vcd-check.js';
import { VcdWriter } from './vcd-writer.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => fs.readFileSync(path.join(HERE, '../../test/vcd', name), 'latin1');
const GOOD = fixture('good.vcd');

/** `text` with the single occurrence of `from` replaced by `to`. */
function edit(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0 || text.indexOf(from, i + 1) >= 0) throw new Error(`'${from}' must occur exactly once`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

/** 1-based line of the single occurrence of `anchor`. */
function lineOf(text: string, anchor: string): number {
  const i = text.indexOf(anchor);
  if (i < 0 || text.indexOf(anchor, i + 1) >= 0) throw new Error(`anchor '${anchor}' must occur exactly once`);
  return text.slice(0, i).split('\n').length;
}

test('the hand-written good.vcd (eda.md §1.2), an Icarus-style file and the writer golden file pass', (t) => {
  for (const f of ['good.vcd', 'icarus-style.vcd', 'golden-writer.vcd']) {
    const r = checkVcd(fixture(f));
    t.true(r.ok, `${f}:\n${formatVcdErrors(r, f)}`);
  }
});

interface Variant {
  name: string;
  from: string;
  to: string;
  /** Anchor in the edited text whose line the error must be on (or a line number). */
  at: string | ((edited: string) => number);
  message: RegExp;
}

// Each is good.vcd with one edit; eda.md §1.3's table first, then the other rules.
const VARIANTS: Variant[] = [
  { name: 'non-monotonic time', from: '#25\n', to: '#12\n', at: '#12', message: /time 12 is not after the previous time 20 \(line \d+\); times must strictly increase/ },
  { name: 'repeated time', from: '#25\n', to: '#20\n', at: (s) => s.lastIndexOf('#20') && s.slice(0, s.lastIndexOf('#20')).split('\n').length, message: /time 20 is not after the previous time 20/ },
  { name: 'undeclared id', from: '#15\n1!', to: '#15\n1*\n1!', at: '1*', message: /undeclared identifier code '\*'/ },
  { name: 'over-wide vector', from: 'b10000000 "', to: 'b100000001 "', at: 'b100000001', message: /'b100000001' has 9 bits but wire 'top\.dac\.code' is 8 bits wide/ },
  { name: 'range does not match the width', from: '$var wire 8 " code [7:0] $end', to: '$var wire 8 " code [3:0] $end', at: '[3:0]', message: /size 8 does not match the range \[3:0\] \(4 bits\)/ },
  { name: 'missing $enddefinitions', from: '$enddefinitions $end\n', to: '', at: '#0', message: /'#0' before \$enddefinitions/ },
  { name: 'missing $end on a $var', from: '$var wire 1 ! clk $end', to: '$var wire 1 ! clk', at: '$var wire 1 ! clk', message: /\$var is missing its \$end \(found \$var on line \d+ first\)/ },
  { name: 'bad bit character', from: 'b00010000 "', to: 'b10q00000 "', at: 'b10q00000', message: /'b10q00000' for '"' has a character other than 0 1 x X z Z/ },
  { name: 'bad real', from: 'r1.25 #', to: 'r1.2.5 #', at: 'r1.2.5', message: /real value 'r1\.2\.5' for '#' is not a number/ },
  { name: 'bad timescale', from: '$timescale 1ns $end', to: '$timescale 3ns $end', at: '3ns', message: /bad \$timescale '3ns': the number must be 1, 10 or 100/ },
  { name: 'unknown timescale unit', from: '$timescale 1ns $end', to: '$timescale 1 hs $end', at: '1 hs', message: /bad \$timescale '1 hs'/ },
  { name: 'unclosed $scope', from: '$upscope $end\n$upscope $end\n$enddefinitions', to: '$upscope $end\n$enddefinitions', at: '$enddefinitions', message: /1 \$scope not closed by \$upscope at \$enddefinitions \(innermost 'top' opened on line 11\)/ },
  { name: '$upscope without $scope', from: '$upscope $end\n$enddefinitions', to: '$upscope $end\n$upscope $end\n$upscope $end\n$enddefinitions', at: (s) => lineOf(s, '$enddefinitions') - 1, message: /\$upscope without a matching \$scope/ },
  { name: 'real value on a wire', from: '#5\n1!', to: '#5\nr1.5 !', at: 'r1.5 !', message: /real value 'r1\.5' for wire 'top\.clk' \(reals only for real variables\)/ },
  { name: 'vector value on a real', from: 'r0.125 #', to: 'b101 #', at: 'b101 #', message: /vector value 'b101' for real variable 'top\.dac\.vout': write r<number> #/ },
  { name: 'scalar value on an 8-bit vector', from: 'b00010000 "', to: '1"', at: '1"', message: /scalar value '1"' for 8-bit wire 'top\.dac\.code': write b1 "/ },
  { name: 'vector value on an event', from: '#10\n0!\n1&', to: '#10\n0!\nb1 &', at: 'b1 &', message: /vector value 'b1' for event 'top\.adc\.sample'/ },
  { name: '$dumpvars before any time (#0 removed)', from: '#0\n', to: '', at: '$dumpvars', message: /\$dumpvars before the first time stamp \(write #0 before \$dumpvars\)/ },
  { name: 'value change before any time', from: '$enddefinitions $end\n', to: '$enddefinitions $end\n1!\n', at: '1!\n#0', message: /value change '1!' before the first time stamp/ },
  { name: '$dumpvars missing its $end', from: '$end\n#5\n', to: '#5\n', at: '$dumpvars', message: /\$dumpvars is missing its \$end \(found #5 on line \d+ first\)/ },
  { name: 'unknown $var type', from: '$var wire 1 ! clk $end', to: '$var wyre 1 ! clk $end', at: 'wyre', message: /unknown \$var type 'wyre'/ },
  { name: 'size not a positive integer', from: '$var wire 1 ! clk $end', to: '$var wire 0 ! clk $end', at: 'wire 0', message: /\$var size '0' is not a positive integer/ },
  { name: 'identifier code outside printable ASCII', from: '$var wire 1 ) \\bit[0] $end', to: '$var wire 1 \u00e9 \\bit[0] $end', at: '\u00e9', message: /identifier code '\u00e9' has characters outside printable ASCII 33\.\.126/ },
  { name: 'whitespace in a reference', from: '$var wire 1 ! clk $end', to: '$var wire 1 ! my clk $end', at: 'my clk', message: /'clk' after the reference is not a \[msb:lsb\] range.*names cannot contain whitespace/ },
  { name: 'unknown scope type', from: '$scope module dac $end', to: '$scope modul dac $end', at: 'modul dac', message: /unknown scope type 'modul'/ },
  { name: 'time that is not an integer', from: '#15\n', to: '#1.5\n', at: '#1.5', message: /bad time stamp '#1\.5'/ },
  { name: 'time beyond 2^63-1', from: '#40\n', to: '#9223372036854775808\n', at: '#9223372036854775808', message: /exceeds 2\^63-1/ },
  { name: 'unterminated $comment', from: 'b00000000 $\n0)\n', to: 'b00000000 $\n0)\n$comment never ends\n', at: '$comment never', message: /\$comment is not terminated by \$end before the end of the file/ },
  { name: 'scalar with a space before its id', from: '#5\n1!', to: '#5\n1 !', at: (s) => lineOf(s, '#5\n') + 1, message: /scalar value '1' has no identifier code/ },
  { name: 'declaration after $enddefinitions', from: '#40\n', to: '#40\n$var wire 1 * late $end\n', at: 'late', message: /\$var after \$enddefinitions: declarations must come first/ },
];

for (const v of VARIANTS) {
  test(`rejected: ${v.name}`, (t) => {
    const text = edit(GOOD, v.from, v.to);
    const line = typeof v.at === 'string' ? lineOf(text, v.at) : v.at(text);
    const r = checkVcd(text);
    t.false(r.ok);
    const hit = r.errors.find((e) => e.line === line && v.message.test(e.message));
    t.truthy(hit, `expected line ${line} ${v.message}; got:\n${formatVcdErrors(r)}`);
  });
}

test(`at least 12 broken variants (${VARIANTS.length})`, (t) => {
  t.true(VARIANTS.length >= 12);
});

test('accepted by decision: a b-vector on a 1-bit var (the grammar allows it, every tool reads it; eda.md §1.3)', (t) => {
  t.true(checkVcd(edit(GOOD, '#5\n1!', '#5\nb1 !')).ok);
  t.true(checkVcd(edit(GOOD, '#5\n1!', '#5\nB1 !')).ok);
});

test('accepted: the spellings the standard and GTKWave allow (upper-case b/r/x/z, reals like .5 5. 3.0e+00 nan -inf Infinity, "1 ns", ids # and $)', (t) => {
  const reals = ['.5', '5.', '3.0e+00', 'nan', 'NaN', '-inf', 'Infinity', '+1e+21', '5e-324', '-1.5E-12'];
  for (const r of reals) t.true(checkVcd(edit(GOOD, 'r1.25 #', `R${r} #`)).ok, r);
  t.true(checkVcd(edit(GOOD, '$timescale 1ns $end', '$timescale 100 fs $end')).ok);
  t.true(checkVcd(edit(GOOD, '$timescale 1ns $end', '$timescale\n\t10us\n$end')).ok);
  t.true(checkVcd(edit(GOOD, 'b00010000 "', 'BXz "')).ok);
  t.true(checkVcd(edit(GOOD, '#5\n1!', '#5\nZ!')).ok);
  t.true(checkVcd(edit(GOOD, '#20\n', '#20\n$comment anything #1 b2 goes $end\n')).ok);
});

test('several errors are all reported, in line order', (t) => {
  let text = edit(GOOD, 'r1.25 #', 'r1.2.5 #');
  text = edit(text, '#25\n', '#12\n');
  text = edit(text, '#35\n1!', '#35\n1*');
  const r = checkVcd(text);
  t.is(r.errors.length, 3, formatVcdErrors(r));
  t.deepEqual(
    r.errors.map((e) => e.line),
    [...r.errors.map((e) => e.line)].sort((a, b) => a - b),
  );
});

test('property: the checker accepts every file VcdWriter writes (random traces, seeded)', (t) => {
  fc.assert(
    fc.property(traceArb(), (trace) => {
      const w = new VcdWriter({ memory: true });
      replay(trace, w);
      const text = w.text();
      const r = checkVcd(text);
      if (!r.ok) throw new Error(`${formatVcdErrors(r)}\n${text}`);
    }),
    { seed: 20250101, numRuns: 400 },
  );
  t.pass();
});
