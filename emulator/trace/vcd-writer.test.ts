import test from 'ava';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { expectedChanges, goldenTrace, readBack, replay, type SyntheticTrace } from '../../test/vcd/traces.js';
import type { TraceVar } from './trace-sink.js';
import { checkVcd, formatVcdErrors } from './vcd-check.js';
import { vcdLayout } from './vcd-names.js';
import { readVcd } from './vcd-reader.js';
import { VcdWriter, vcdReal } from './vcd-writer.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GOLDEN = path.join(HERE, '../../test/vcd/golden-writer.vcd');

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'xbar-vcd-'));
}

function writeMemory(trace: SyntheticTrace): string {
  const w = new VcdWriter({ memory: true });
  replay(trace, w);
  return w.text();
}

test('golden file: nested scopes, bits, 8-bit vectors, reals, integers, an event (UPDATE_GOLDEN=1 rewrites it)', (t) => {
  const text = writeMemory(goldenTrace());
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.writeFileSync(GOLDEN, text);
    t.log(`wrote ${GOLDEN}`);
  }
  t.is(text, fs.readFileSync(GOLDEN, 'utf8'));
  const check = checkVcd(text);
  t.true(check.ok, formatVcdErrors(check));
});

test('deterministic: two runs, memory and file targets, give byte-identical output', (t) => {
  const dir = tmpDir();
  try {
    const a = path.join(dir, 'a.vcd');
    const b = path.join(dir, 'b.vcd');
    replay(goldenTrace(), new VcdWriter(a));
    replay(goldenTrace(), new VcdWriter(b, { bufferBytes: 7 }));
    const fa = fs.readFileSync(a);
    t.deepEqual(fa, fs.readFileSync(b));
    t.is(fa.toString('utf8'), writeMemory(goldenTrace()));
    t.false(/\$date/.test(fa.toString('utf8')), 'no $date: nothing depends on the wall clock');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const v = (id: number, kind: TraceVar['kind'], width: number, initial: TraceVar['initial'], name = `s${id}`): TraceVar => ({
  id,
  scope: ['top'],
  name,
  kind,
  width,
  initial,
});

test('value spellings: scalars, vectors without leading zeros, bx, reals (nan, inf, -0), 32-bit two\'s complement, events', (t) => {
  const vars = [v(0, 'bit', 1, null), v(1, 'vector', 8, 5), v(2, 'vector', 1, 1), v(3, 'real', 64, null), v(4, 'integer', 32, -1), v(5, 'event', 1, null), v(6, 'vector', 70, (1n << 69n) + 1n)];
  const w = new VcdWriter({ memory: true });
  w.declare(vars, { version: 'v' });
  w.change(3n, 0, 1);
  w.change(3n, 1, null);
  w.change(3n, 2, 0);
  w.change(3n, 3, -0);
  w.change(3n, 4, 0);
  w.change(3n, 5, null);
  w.change(4n, 3, 1e-15);
  w.change(5n, 3, Infinity);
  w.change(6n, 3, -Infinity);
  w.change(7n, 3, NaN);
  w.close();
  const text = w.text();
  const body = text.slice(text.indexOf('$enddefinitions'));
  t.is(
    body,
    [
      '$enddefinitions $end',
      '#0',
      '$dumpvars',
      'x!',
      'b101 "',
      '1#',
      'rnan $',
      'b11111111111111111111111111111111 %',
      '0&',
      `b1${'0'.repeat(68)}1 '`,
      '$end',
      '#3',
      '1!',
      'bx "',
      '0#',
      'r-0 $',
      'b0 %',
      '1&',
      '#4',
      'r1e-15 $',
      '#5',
      'rinf $',
      '#6',
      'r-inf $',
      '#7',
      'rnan $',
      '',
    ].join('\n'),
  );
  t.true(text.includes('$var wire 1 # s2 $end'), 'a 1-bit vector is declared like a bit (GTKWave would name a [0:0] range s2[0])');
  t.true(text.includes('$var wire 70 \' s6 [69:0] $end'));
  t.true(text.includes('$var integer 32 % s4 $end'));
  t.true(checkVcd(text).ok, formatVcdErrors(checkVcd(text)));
  t.is(vcdReal(0.30000000000000004), '0.30000000000000004');
  t.is(vcdReal(-0), '-0');
});

test('time steps: changes at one time merge into one #t block in id order, repeats are dropped, time 0 folds into $dumpvars, close marks the end time', (t) => {
  const vars = [v(0, 'bit', 1, 0), v(1, 'real', 64, 1.5), v(2, 'event', 1, null)];
  const w = new VcdWriter({ memory: true });
  w.declare(vars, { version: 'v' });
  w.change(0n, 1, 2.5); // folds into $dumpvars
  w.change(0n, 2, null); // an event at time 0: 1 in $dumpvars
  w.advance(10n);
  w.change(10n, 1, 2.5); // repeat: dropped
  w.change(10n, 0, 0); // repeat: dropped -> no #10 at all
  w.change(20n, 1, 3);
  w.change(20n, 0, 1);
  w.change(20n, 1, 4); // same step: last wins
  w.change(30n, 2, null);
  w.change(30n, 2, null); // one occurrence per step
  w.advance(45n);
  w.close();
  const text = w.text();
  t.is(text.slice(text.indexOf('#0')), ['#0', '$dumpvars', '0!', 'r2.5 "', '1#', '$end', '#20', '1!', 'r4 "', '#30', '1#', '#45', ''].join('\n'));
});

test('header: $version and $comment text cannot end the command early; $timescale 1fs; scopes nest and names are made legal', (t) => {
  const vars: TraceVar[] = [
    { id: 0, scope: ['hermes', 'c[0]', 'adcs'], name: 'v', kind: 'bit', width: 1, initial: 0 },
    { id: 1, scope: ['hermes'], name: 'clk', kind: 'bit', width: 1, initial: 0 },
    { id: 2, scope: ['hermes', 'c[0]'], name: 'a.b', kind: 'real', width: 64, initial: 0 },
    { id: 3, scope: ['hermes', 'c[0]', 'adcs'], name: 'my signal', kind: 'bit', width: 1, initial: 0 },
    { id: 4, scope: ['hermes', 'c[0]', 'adcs'], name: 'my_signal', kind: 'bit', width: 1, initial: 0 },
    { id: 5, scope: ['x y'], name: '$t', kind: 'vector', width: 4, initial: 0 },
  ];
  const w = new VcdWriter({ memory: true });
  w.declare(vars, { version: 'xbar 0.1 $end here', comment: 'two\nlines' });
  w.close();
  const text = w.text();
  t.is(
    text.slice(0, text.indexOf('#0')),
    [
      '$version',
      '\txbar 0.1 $ end here',
      '$end',
      '$comment',
      '\ttwo',
      '\tlines',
      '$end',
      '$timescale 1fs $end',
      '$scope module hermes $end',
      '$scope module c[0] $end',
      '$scope module adcs $end',
      '$var wire 1 ! v $end',
      '$var wire 1 $ my_signal $end',
      '$var wire 1 % my_signal_2 $end',
      '$upscope $end',
      '$var real 64 # \\a.b $end',
      '$upscope $end',
      '$var wire 1 " clk $end',
      '$upscope $end',
      '$scope module x_y $end',
      '$var wire 4 & \\$t [3:0] $end',
      '$upscope $end',
      '$enddefinitions $end',
      '',
    ].join('\n'),
  );
  t.deepEqual(
    vcdLayout(vars).names.map((n) => n.gtkwaveName),
    ['hermes.c[0].adcs.v', 'hermes.clk', 'hermes.c[0].\\a.b', 'hermes.c[0].adcs.my_signal', 'hermes.c[0].adcs.my_signal_2', 'x_y.\\$t[3:0]'],
  );
});

test('misuse is refused with a clear error', (t) => {
  const vars = [v(0, 'bit', 1, 0), v(1, 'vector', 4, 0), v(2, 'integer', 32, 0)];
  const mk = (): VcdWriter => {
    const w = new VcdWriter({ memory: true });
    w.declare(vars, { version: 'v' });
    return w;
  };
  t.throws(() => new VcdWriter({ memory: true }).change(0n, 0, 1), { message: /before declare/ });
  t.throws(() => mk().change(0n, 0, 2), { message: /top\.s0: a bit takes 0, 1 or null/ });
  t.throws(() => mk().change(0n, 1, 16), { message: /16 does not fit in 4 unsigned bits/ });
  t.throws(() => mk().change(0n, 1, -1), { message: /does not fit/ });
  t.throws(() => mk().change(0n, 1, 1.5), { message: /not an integer/ });
  t.throws(() => mk().change(0n, 2, 2 ** 31), { message: /not a 32-bit signed integer/ });
  t.throws(() => mk().change(0n, 7, 0), { message: /undeclared variable id 7/ });
  t.throws(
    () => {
      const w = mk();
      w.advance(10n);
      w.change(9n, 0, 1);
    },
    { message: /times never decrease/ },
  );
  t.throws(() => new VcdWriter({ memory: true }).declare([{ ...v(0, 'bit', 1, 0), id: 1 }], { version: 'v' }), { message: /dense/ });
  const w = mk();
  w.close();
  w.close(); // idempotent
  t.throws(() => w.change(1n, 0, 1), { message: /after close/ });
});

/** A long trace generated on the fly (never held in memory): 8 bits, 4 vectors, 4 reals. */
function* bigTrace(): Generator<{ t: bigint; changes: [number, number | bigint | null][] }> {
  let x = 12345;
  const rnd = (): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x;
  };
  for (let step = 1; ; step++) {
    const changes: [number, number | bigint | null][] = [];
    changes.push([0, step & 1]);
    for (let k = 0; k < 4; k++) changes.push([8 + k, BigInt(rnd() & 0xfff)]);
    for (let k = 0; k < 4; k++) changes.push([12 + k, rnd() / 7919 - 250000]);
    if (step % 3 === 0) changes.push([1 + (rnd() % 7), rnd() & 1]);
    yield { t: BigInt(step) * 1_000_000n, changes };
  }
}

const BIG_VARS: TraceVar[] = [
  ...Array.from({ length: 8 }, (_, i) => ({ id: i, scope: ['big', 'bits'], name: `b${i}`, kind: 'bit' as const, width: 1, initial: 0 })),
  ...Array.from({ length: 4 }, (_, i) => ({ id: 8 + i, scope: ['big', 'codes'], name: `code${i}`, kind: 'vector' as const, width: 12, initial: 0 })),
  ...Array.from({ length: 4 }, (_, i) => ({ id: 12 + i, scope: ['big', 'analog'], name: `v${i}`, kind: 'real' as const, width: 64, initial: 0 })),
];

test('streaming: a 50 MB trace written through a 256 KiB buffer keeps memory bounded, writes in buffer-sized chunks at step boundaries, and is valid', (t) => {
  const dir = tmpDir();
  try {
    const file = path.join(dir, 'big.vcd');
    const bufferBytes = 256 * 1024;
    const sizes: number[] = [];
    let prev = 0;
    const w = new VcdWriter(file, {
      bufferBytes,
      onFlush: (total) => {
        sizes.push(total - prev);
        prev = total;
      },
    });
    w.declare(BIG_VARS, { version: 'streaming test' });
    // measure live memory: a full GC before each sample, so garbage does not count
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    let rawPeak = 0;
    let steps = 0;
    for (const step of bigTrace()) {
      for (const [id, value] of step.changes) w.change(step.t, id, value);
      w.advance(step.t + 1n);
      if (++steps % 1000 === 0) {
        rawPeak = Math.max(rawPeak, process.memoryUsage().heapUsed - base);
        if (steps % 10000 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - base);
        }
        if (w.bytesWritten >= 50 * 1024 * 1024) break;
      }
    }
    w.close();
    const size = fs.statSync(file).size;
    const mib = (n: number): string => (n / 1048576).toFixed(1);
    t.log(`${steps} steps, ${mib(size)} MiB in ${sizes.length} writes; live heap growth at most ${mib(peak)} MiB (${mib(rawPeak)} MiB with garbage)`);
    t.true(size >= 50 * 1024 * 1024);
    t.true(peak < 10 * 1024 * 1024, `live heap grew by ${peak} bytes`);
    // every write but the header and the last is one buffer's worth plus at most one step
    for (const s of sizes.slice(1, -1)) t.true(s >= bufferBytes && s < bufferBytes + 4096, `write of ${s} bytes`);
    const text = fs.readFileSync(file, 'latin1');
    const check = checkVcd(text);
    t.true(check.ok, formatVcdErrors(check));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('interrupted: a copy taken right after a write (before close) is a valid VCD ending at a complete time step, with the right values', (t) => {
  const dir = tmpDir();
  try {
    const file = path.join(dir, 'run.vcd');
    const snap = path.join(dir, 'snapshot.vcd');
    let writes = 0;
    const w = new VcdWriter(file, {
      bufferBytes: 8192,
      onFlush: () => {
        if (++writes === 4) fs.copyFileSync(file, snap);
      },
    });
    w.declare(BIG_VARS, { version: 'interrupted test' });
    const trace: SyntheticTrace = { vars: BIG_VARS, header: { version: 'interrupted test' }, ops: [] };
    for (const step of bigTrace()) {
      for (const [id, value] of step.changes) {
        w.change(step.t, id, value);
        trace.ops.push({ kind: 'change', t: step.t, id, value });
      }
      w.advance(step.t + 1n);
      if (writes >= 6) break;
    }
    w.close();
    const text = fs.readFileSync(snap, 'latin1');
    t.true(text.length > 3 * 8192);
    const check = checkVcd(text);
    t.true(check.ok, formatVcdErrors(check));
    t.true(text.endsWith('\n'));
    // the last block is complete: every change of that step is there
    const data = readVcd(text);
    const last = data.endTime;
    const names = vcdLayout(BIG_VARS).names.map((n) => [...n.scope, n.ref].join('.'));
    const want = expectedChanges(trace).map((l) => l.filter((c) => c.t <= last));
    t.deepEqual(readBack(trace, data, names), want);
    t.true(want.some((l) => l.some((c) => c.t === last)));
    // and the full file has everything
    t.true(checkVcd(fs.readFileSync(file, 'latin1')).ok);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('killed: a writer process killed with SIGKILL mid-run leaves a valid VCD up to its last complete time step', async (t) => {
  const dir = tmpDir();
  try {
    const file = path.join(dir, 'killed.vcd');
    const writer = path.join(HERE, 'vcd-writer.ts');
    const script = `
      import { VcdWriter } from ${JSON.stringify(writer)};
      const w = new VcdWriter(${JSON.stringify(file)}, { bufferBytes: 65536 });
      const vars = Array.from({ length: 6 }, (_, i) => ({ id: i, scope: ['k'], name: 'r' + i, kind: i < 3 ? 'real' : 'vector', width: i < 3 ? 64 : 16, initial: 0 }));
      w.declare(vars, { version: 'killed' });
      for (let s = 1n; ; s++) { for (let i = 0; i < 6; i++) w.change(s * 10n, i, i < 3 ? Math.sin(Number(s) + i) : Number(s * 7n + BigInt(i)) & 0xffff); w.advance(s * 10n + 1n); }
    `;
    const child = spawn(process.execPath, [...process.execArgv, '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (!fs.existsSync(file) || fs.statSync(file).size < 2 * 1024 * 1024) && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
    t.is(stderr, '');
    const whole = fs.readFileSync(file, 'latin1');
    t.true(whole.length >= 2 * 1024 * 1024, `only ${whole.length} bytes written`);
    // The kill may land inside a write(2), which the kernel can cut at a page boundary; what
    // must hold is that nothing but that last write is damaged: the text up to its last
    // complete time step is a valid VCD, and at most one buffer (64 KiB) is lost.
    const tailStart = whole.lastIndexOf('\n#') + 1;
    const tailWhole = whole.slice(tailStart).split('\n').length === 8 && whole.endsWith('\n');
    const text = tailWhole ? whole : whole.slice(0, tailStart);
    t.true(whole.length - text.length <= 65536 + 200, `${whole.length - text.length} bytes lost`);
    const check = checkVcd(text);
    t.true(check.ok, formatVcdErrors(check));
    // it ends with a whole time step: all 6 changes of the last #t (no value repeats here)
    const lastBlock = text.slice(text.lastIndexOf('\n#') + 1).split('\n');
    t.regex(lastBlock[0]!, /^#\d+$/);
    t.is(lastBlock.length, 8, lastBlock.join('|'));
    t.is(lastBlock[7], '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
