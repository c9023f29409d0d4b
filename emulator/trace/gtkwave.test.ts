// GTKWave 3.3.118 as an independent reader of what VcdWriter and gtkw-writer produce. Skipped
// (with a log line) when gtkwave or xvfb-run is missing; CI installs them
// (apt-get install -y gtkwave xvfb). Each GTKWave run takes about 0.4 s.
import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gtkwaveAvailable, gtkwaveLoad, gtkwaveReadBack, gtkwaveTraces, type GtkwaveChange } from '../../test/gtkwave.js';
import { expectedGtkwave, goldenTrace, replay, traceArb, type SyntheticTrace } from '../../test/vcd/traces.js';
import { writeGtkw } from './gtkw-writer.js';
import { vcdLayout } from './vcd-names.js';
import { VcdWriter } from './vcd-writer.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(HERE, '../../test/vcd');

function skip(t: ExecutionContext): boolean {
  if (gtkwaveAvailable()) return false;
  t.log('SKIPPED: gtkwave or xvfb-run is not installed (apt-get install -y gtkwave xvfb)');
  t.pass();
  return true;
}

function show(list: GtkwaveChange[] | undefined): string {
  return list ? list.map((c) => `${c.t}:${c.v}`).join(' ') : '(missing)';
}

function writeTrace(dir: string, name: string, trace: SyntheticTrace): string {
  const file = path.join(dir, name);
  replay(trace, new VcdWriter(file));
  return file;
}

function withDir<T>(f: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xbar-gtkwave-test-'));
  try {
    return f(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test.serial('the hand-written fixtures and the writer golden file load in gtkwave -x with no warning', (t) => {
  if (skip(t)) return;
  for (const f of ['good.vcd', 'icarus-style.vcd', 'golden-writer.vcd']) {
    const r = gtkwaveLoad(path.join(FIXTURES, f));
    t.true(r.clean, `${f}: rc ${r.rc}\n${r.log}`);
  }
});

test.serial('read back through GTKWave: the golden trace has exactly the values written, reals included (%.16g)', (t) => {
  if (skip(t)) return;
  withDir((dir) => {
    const trace = goldenTrace();
    const file = writeTrace(dir, 'golden.vcd', trace);
    const load = gtkwaveLoad(file);
    t.true(load.clean, load.log);
    const r = gtkwaveReadBack(file);
    t.true(r.run.clean, r.run.log);
    const want = expectedGtkwave(trace);
    t.deepEqual([...r.signals.keys()].sort(), [...want.keys()].sort(), 'GTKWave names = vcd-names.ts gtkwaveName');
    for (const [name, list] of want) t.is(show(r.signals.get(name)?.changes), show(list), name);
    t.is(r.minTime, 0n);
    t.is(r.maxTime, 4_294_967_300_000n, 'the final #t written at close()');
    t.is(r.signals.get('hermes.c[0].adcs.vin')!.vtype, 'real');
  });
});

test.serial('read back through GTKWave: random traces (seeded) have exactly the values written', (t) => {
  if (skip(t)) return;
  const samples = fc.sample(traceArb({ maxVars: 14, maxOps: 250 }), { seed: 7, numRuns: 3 });
  withDir((dir) => {
    samples.forEach((trace, k) => {
      const file = writeTrace(dir, `random${k}.vcd`, trace);
      const r = gtkwaveReadBack(file);
      t.true(r.run.clean, r.run.log);
      const want = expectedGtkwave(trace);
      t.is(r.signals.size, want.size);
      for (const [name, list] of want) t.is(show(r.signals.get(name)?.changes), show(list), `trace ${k}: ${name}`);
    });
  });
});

test.serial('the .gtkw loads (alone, from another directory, and with its VCD) and every line resolves to the right signal with its flags', (t) => {
  if (skip(t)) return;
  withDir((dir) => {
    const trace = goldenTrace();
    const vcd = writeTrace(dir, 'run.vcd', trace);
    const gtkw = writeGtkw(vcd, trace.vars);
    // alone: [dumpfile] "run.vcd" is found beside run.gtkw even though the cwd is elsewhere
    const alone = gtkwaveLoad(gtkw);
    t.true(alone.clean && !/Could not/.test(alone.log), alone.log);
    t.true(gtkwaveLoad(vcd, gtkw).clean);

    const { run, traces } = gtkwaveTraces(gtkw);
    t.true(run.clean, run.log);
    // expected rows, from the .gtkw text: flags and, for signal rows, the signal's values
    const rows: { flags: number; name: string | null }[] = [];
    let flags = 0;
    for (const line of fs.readFileSync(gtkw, 'utf8').split('\n')) {
      if (line.startsWith('@')) flags = parseInt(line.slice(1), 16);
      else if (line.startsWith('-')) rows.push({ flags, name: null });
      else if (line !== '' && !line.startsWith('[')) rows.push({ flags, name: line });
    }
    t.is(traces.length, rows.length, traces.map((x) => `${x.flags.toString(16)} ${x.name}`).join('\n'));
    const want = expectedGtkwave(trace);
    rows.forEach((row, i) => {
      const got = traces[i]!;
      t.is(got.flags.toString(16), row.flags.toString(16), `row ${i} (${row.name ?? 'blank'})`);
      if (row.name !== null) {
        const v = trace.vars[vcdLayout(trace.vars).names.findIndex((n) => n.gtkwaveName === row.name)]!;
        // an integer row is shown in signed decimal (@424), a real as text or analog: same values
        t.is(show(got.changes), show(want.get(row.name)), `row ${i}: ${row.name} (${v.kind})`);
      }
    });
  });
});

test.serial('gtkwaveLoad reports the warnings GTKWave gives for broken files (the helper itself works)', (t) => {
  if (skip(t)) return;
  withDir((dir) => {
    const good = fs.readFileSync(path.join(FIXTURES, 'good.vcd'), 'latin1');
    const back = path.join(dir, 'back.vcd');
    fs.writeFileSync(back, good.replace('#25\n', '#12\n'));
    t.true(gtkwaveLoad(back).timeBacktracking);
    const unknown = path.join(dir, 'unknown.vcd');
    fs.writeFileSync(unknown, good.replace('#15\n1!', '#15\n1*\n1!'));
    t.true(gtkwaveLoad(unknown).unknownIdentifier);
    const noEnd = path.join(dir, 'noend.vcd');
    fs.writeFileSync(noEnd, good.replace('$var wire 1 ! clk $end', '$var wire 1 ! clk'));
    const r = gtkwaveLoad(noEnd);
    t.true(r.parseError && r.rc !== 0, r.log);
  });
});
