import test from 'ava';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectedChanges, readBack, replay, traceArb, type Canon } from '../../test/vcd/traces.js';
import { vcdLayout } from './vcd-names.js';
import { bitsToBigInt, extendBits, readVcd, VcdParseError } from './vcd-reader.js';
import { VcdWriter } from './vcd-writer.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => fs.readFileSync(path.join(HERE, '../../test/vcd', name), 'latin1');

const vals = (list: { t: bigint; v: unknown }[] | undefined): [number, unknown][] => (list ?? []).map((c) => [Number(c.t), c.v]);

test('reads the hand-written good.vcd (eda.md §1.2): header, names, widths, left-extended vectors, reals, events', (t) => {
  const d = readVcd(fixture('good.vcd'));
  t.is(d.timescaleFs, 1_000_000n);
  t.is(d.version, 'analog-emu 0.0.1 (hand-written test)');
  t.is(d.date, '2025-01-01T00:00:00Z');
  t.deepEqual(
    d.vars.map((v) => `${v.type} ${v.width} ${v.id} ${[...v.scope, v.name].join('.')}`),
    ['wire 1 ! top.clk', 'parameter 32 ( top.N_BITS', 'wire 8 " top.dac.code', 'real 64 # top.dac.vout', 'reg 8 $ top.adc.dout', 'integer 32 % top.adc.conversions', 'event 1 & top.adc.sample', "real 64 ' top.adc.vin", 'wire 1 ) top.adc.\\bit[0]'],
  );
  t.deepEqual(vals(d.changes.get('top.dac.vout')), [[0, 0], [5, 0.125], [15, 1.25], [25, 2.490234375], [35, -0.625]]);
  t.deepEqual(vals(d.changes.get('top.adc.dout')), [[0, 'xxxxxxxx'], [10, '00010000'], [20, '10000000'], [30, '11111111'], [40, '00000000']]);
  t.deepEqual(vals(d.changes.get('top.N_BITS')), [[0, '00000000000000000000000000001000']]);
  t.deepEqual(vals(d.changes.get('top.adc.sample')), [[0, '0'], [10, '1'], [20, '1'], [30, '1'], [40, '1']]);
  t.deepEqual(vals(d.changes.get('top.adc.\\bit[0]')), [[0, 'x'], [10, '0'], [20, '1'], [40, '0']]);
  t.is(d.endTime, 40n);
});

test('reads an Icarus-style file: multi-line $timescale, real 1, shared ids, integer with a range, $dumpoff/$dumpon', (t) => {
  const d = readVcd(fixture('icarus-style.vcd'));
  t.is(d.timescaleFs, 1000n);
  t.deepEqual(d.dumpCommands, ['$dumpvars', '$dumpoff', '$dumpon']);
  t.is(d.changes.get('tb.clk'), d.changes.get('tb.dut.clk'), 'one id, one list');
  t.deepEqual(vals(d.changes.get('tb.clk')), [[0, '0'], [5000, '1'], [10000, '0'], [15000, '1'], [20000, 'x'], [25000, '1'], [30000, '0']]);
  t.deepEqual(vals(d.changes.get('tb.vdac')), [[0, 0], [15000, 0.00390625]]);
  t.deepEqual(vals(d.changes.get('tb.conversions')).map(([tt, v]) => [tt, bitsToBigInt(v as string)]), [[0, 0n], [15000, 1n], [20000, null], [25000, 2n]]);
  t.is(d.vars.find((v) => v.name === 'vdac')!.width, 1);
});

test('left extension follows IEEE 1364 §18.2.1; x/z make bitsToBigInt null', (t) => {
  t.is(extendBits('1', 8), '00000001');
  t.is(extendBits('x1', 8), 'xxxxxxx1');
  t.is(extendBits('Z', 4), 'zzzz');
  t.is(extendBits('0X', 4), '000x');
  t.is(extendBits('1010', 4), '1010');
  t.is(bitsToBigInt('00000101'), 5n);
  t.is(bitsToBigInt('0x01'), null);
});

test('malformed input throws VcdParseError with the line of the first problem', (t) => {
  const good = fixture('good.vcd');
  const e1 = t.throws(() => readVcd(good.replace('r1.25 #', 'r1.2.5 #')), { instanceOf: VcdParseError });
  t.is(e1.line, 53);
  t.regex(e1.message, /^line 53: real value 'r1\.2\.5'/);
  const e2 = t.throws(() => readVcd(good.replace('#25\n', '#12\n')), { instanceOf: VcdParseError });
  t.regex(e2.message, /time 12 is not after the previous time 20/);
  t.throws(() => readVcd('$var wire 1 ! a $end\n#0\n1!\n'), { instanceOf: VcdParseError, message: /line 2: '#0' before \$enddefinitions/ });
  t.throws(() => readVcd(''), { instanceOf: VcdParseError, message: /missing \$enddefinitions/ });
});

test('a file without $timescale is read in 1 ns units (as GTKWave does); IEEE 1800 types like logic are read', (t) => {
  const d = readVcd('$scope module m $end\n$var logic 4 ! q [3:0] $end\n$upscope $end\n$enddefinitions $end\n#0\nb1 !\n');
  t.is(d.timescaleFs, 1_000_000n);
  t.deepEqual(vals(d.changes.get('m.q')), [[0, '0001']]);
});

test('property: what VcdWriter writes reads back with the same values at the same times (reals exact, NaN/inf/-0 included)', (t) => {
  let changes = 0;
  fc.assert(
    fc.property(traceArb(), (trace) => {
      const w = new VcdWriter({ memory: true });
      replay(trace, w);
      const data = readVcd(w.text());
      const names = vcdLayout(trace.vars).names.map((n) => [...n.scope, n.ref].join('.'));
      const got = readBack(trace, data, names);
      const want = expectedChanges(trace);
      const eq = (a: Canon, b: Canon): boolean => Object.is(a, b);
      for (let i = 0; i < want.length; i++) {
        const g = got[i]!;
        const x = want[i]!;
        changes += x.length;
        if (g.length !== x.length || g.some((c, k) => c.t !== x[k]!.t || !eq(c.v, x[k]!.v))) {
          throw new Error(`var ${i} (${names[i]}): got ${JSON.stringify(g, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}\nwant ${JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
        }
      }
      t.is(data.vars.length, trace.vars.length);
    }),
    { seed: 424242, numRuns: 400 },
  );
  t.log(`${changes} value changes compared`);
});
