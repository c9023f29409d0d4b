import test from 'ava';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replay, traceArb } from '../../test/vcd/traces.js';
import { vcdLayout } from './vcd-names.js';
import { readVcd } from './vcd-reader.js';
import { readStimulus, StimulusError, vcdStreamChanges, vcdStreamChangesOf, xbarChanges, type StimulusChange } from './vcd-stimulus.js';
import { VcdWriter } from './vcd-writer.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIX = (name: string): string => path.join(HERE, '../../test/vcd', name);
const list = (cs: StimulusChange[]): string => cs.map((c) => `${c.t}:${c.v === null ? 'x' : String(c.v)}`).join(' ');

function withDir<T>(f: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xbar-stim-'));
  try {
    return f(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a digital bus is read through vcd-stream, times in fs', (t) => {
  const s = readStimulus(FIX('stimulus-digital.vcd'), 'top.codes');
  t.is(s.reader, 'vcd-stream');
  t.is(s.kind, 'digital');
  t.is(s.width, 16);
  t.is(s.fallback, undefined);
  t.is(list(s.changes), '0:0 100000000:34593 200000000:61455 300000000:1 1000000000:65535');
});

test('x and z become null (a partial x too); a trailing [msb:lsb] in the name is accepted', (t) => {
  t.is(list(readStimulus(FIX('stimulus-digital.vcd'), 'top.sub.mode').changes), '0:x 200000000:2 300000000:x 400000000:0');
  t.is(list(readStimulus(FIX('stimulus-digital.vcd'), 'top.en').changes), '0:0 100000000:1 400000000:x 1000000000:0');
  t.is(readStimulus(FIX('stimulus-digital.vcd'), 'top.codes[15:0]').signal, 'top.codes');
});

test('a real signal is read through xbar\'s reader, exactly', (t) => {
  const s = readStimulus(FIX('stimulus-real.vcd'), 'top.vin');
  t.is(s.reader, 'xbar');
  t.is(s.kind, 'real');
  t.deepEqual(s.changes, [
    { t: 0n, v: 0 },
    { t: 50_000n, v: 0.1 },
    { t: 100_000n, v: -0.30000000000000004 },
    { t: 150_000n, v: 1e-9 },
    { t: 200_000n, v: 5e-324 },
  ]);
});

test('a digital signal falls back to xbar\'s reader where vcd-stream is known to be wrong (reals in the file, times >= 2^32, $dumpoff)', (t) => {
  const s = readStimulus(FIX('stimulus-real.vcd'), 'top.codes');
  t.is(s.reader, 'xbar');
  t.regex(s.fallback!, /real variable \('top\.vin'\): vcd-stream corrupts vector values that follow real changes/);
  t.is(list(s.changes), '0:0 50000:2 100000:3 200000:255');
  withDir((dir) => {
    const late = path.join(dir, 'late.vcd');
    fs.writeFileSync(late, '$timescale 1fs $end\n$scope module m $end\n$var wire 4 ! c [3:0] $end\n$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\nb1 !\n$end\n#4294967297\nb10 !\n');
    const s2 = readStimulus(late, 'm.c');
    t.is(s2.reader, 'xbar');
    t.regex(s2.fallback!, /clamps times to 4294967295/);
    t.is(list(s2.changes), '0:1 4294967297:2');
    // and this is why: vcd-stream itself reports the clamped time
    t.is(list(vcdStreamChanges(late, '!', 1n)), '0:1 4294967295:2');
    const off = path.join(dir, 'off.vcd');
    fs.writeFileSync(off, '$timescale 1ns $end\n$scope module m $end\n$var wire 4 ! c [3:0] $end\n$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\nb1 !\n$end\n#5\n$dumpoff\nbx !\n$end\n#7\n$dumpon\nb11 !\n$end\n');
    const s3 = readStimulus(off, 'm.c');
    t.is(s3.reader, 'xbar');
    t.is(list(s3.changes), '0:1 5000000:x 7000000:3');
    t.is(list(vcdStreamChanges(off, '!', 1_000_000n)), '0:1', 'vcd-stream drops $dumpoff/$dumpon contents');
  });
});

test('errors name the file and the signal: missing file, malformed VCD (with its line), unknown signal (with suggestions), an event', (t) => {
  const e1 = t.throws(() => readStimulus('/nonexistent/stim.vcd', 'top.codes'), { instanceOf: StimulusError });
  t.is(e1.message, 'stimulus vcd("/nonexistent/stim.vcd", signal = "top.codes"): file not found');
  withDir((dir) => {
    const bad = path.join(dir, 'bad.vcd');
    fs.writeFileSync(bad, fs.readFileSync(FIX('stimulus-digital.vcd'), 'latin1').replace('b10 #', 'b1q #'));
    const e2 = t.throws(() => readStimulus(bad, 'top.codes'), { instanceOf: StimulusError });
    t.is(e2.message, `stimulus vcd("${bad}", signal = "top.codes"): not a valid VCD: ${bad}:24: vector value 'b1q' for '#' has a character other than 0 1 x X z Z`);
    const ev = path.join(dir, 'ev.vcd');
    fs.writeFileSync(ev, '$scope module m $end\n$var event 1 ! go $end\n$upscope $end\n$enddefinitions $end\n#0\n1!\n');
    t.throws(() => readStimulus(ev, 'm.go'), { instanceOf: StimulusError, message: /'m\.go' is an event/ });
  });
  const e3 = t.throws(() => readStimulus(FIX('stimulus-digital.vcd'), 'top.code'), { instanceOf: StimulusError });
  t.regex(e3.message, /signal = "top\.code"\): signal not found; did you mean 'top\.codes'/);
  const e4 = t.throws(() => readStimulus(FIX('stimulus-digital.vcd'), 'mode'), { instanceOf: StimulusError });
  t.regex(e4.message, /did you mean 'top\.sub\.mode'/);
  const e5 = t.throws(() => readStimulus(FIX('stimulus-digital.vcd'), 'completely.different.name'), { instanceOf: StimulusError });
  t.regex(e5.message, /signal not found; the file has 'top\.codes', 'top\.en', 'top\.sub\.mode'$/);
  t.is(e3.file, FIX('stimulus-digital.vcd'));
  t.is(e3.signal, 'top.code');
});

test('cross-check: vcd-stream and xbar\'s reader agree on every signal of the digital fixtures', (t) => {
  for (const f of ['stimulus-digital.vcd']) {
    const data = readVcd(fs.readFileSync(FIX(f), 'latin1'));
    const theirs = vcdStreamChangesOf(FIX(f), data.vars.map((v) => v.id), data.timescaleFs);
    data.vars.forEach((v, i) => {
      t.is(list(theirs.get(v.id)!), list(xbarChanges(data, data.keys[i]!)), `${f} ${data.keys[i]}`);
    });
  }
});

test('cross-check: vcd-stream and xbar\'s reader agree on random digital traces written by VcdWriter (seeded)', (t) => {
  const samples = fc.sample(traceArb({ digitalOnly: true, maxVars: 10, maxOps: 300 }), { seed: 99, numRuns: 15 });
  let compared = 0;
  withDir((dir) => {
    samples.forEach((trace, k) => {
      const file = path.join(dir, `r${k}.vcd`);
      replay(trace, new VcdWriter(file));
      const data = readVcd(fs.readFileSync(file, 'latin1'));
      const names = vcdLayout(trace.vars).names;
      const theirs = vcdStreamChangesOf(file, names.map((n) => n.code), 1n);
      trace.vars.forEach((_, i) => {
        const key = [...names[i]!.scope, names[i]!.ref].join('.');
        const mine = xbarChanges(data, key);
        compared += mine.length;
        t.is(list(theirs.get(names[i]!.code)!), list(mine), `trace ${k} ${key}`);
      });
      // the public entry point agrees too, for the first signal
      const first = [...names[0]!.scope, names[0]!.ref].join('.');
      t.is(readStimulus(file, first).reader, 'vcd-stream');
    });
  });
  t.log(`${compared} changes compared`);
});
