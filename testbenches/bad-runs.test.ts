// Bad testbench input at run time: each gives a diagnostic with file:line:col and a caret,
// ends the run, and never a stack trace. (Problems visible without running, such as a
// missing data file or an unknown target, are E2xxx/E3xxx cases in test/bad.)
import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODES } from '../dsl/diagnostics/codes.js';
import { renderDiagnostics } from '../dsl/diagnostics/render.js';
import { nodeHost } from '../dsl/load.js';
import { frontEnd } from '../dsl/pipeline.js';
import { writeNpy } from './npy.js';
import { runTestbench, type TestbenchResult } from './run.js';

const TILE = `
clock clk = 1 GHz;
tile t {
  clock = clk;
  pwm dacs[4] { bits = 4; }
  crossbar array { rows = 4; cols = 3; cell = differential(ideal); }
  flash adcs[3];
  connect dacs -> array -> adcs;
}
`;

interface Run {
  result: TestbenchResult;
  codes: string[];
  text: string;
}

async function run(body: string, files: Record<string, string | Buffer> = {}, after?: (dir: string) => void): Promise<Run> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-badrun-'));
  try {
    for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
    const main = path.join(dir, 'main.xbar');
    writeFileSync(main, `${TILE}testbench tb for t {\n${body}\n}\n`);
    const fe = frontEnd(main, nodeHost(dir))!;
    if (!fe.design) throw new Error(renderDiagnostics(fe.diagnostics, fe.sources, { color: false }));
    after?.(dir);
    const result = await runTestbench(fe.design.testbenches[0]!);
    const text = renderDiagnostics(result.diagnostics, fe.sources, { color: false });
    return { result, codes: result.diagnostics.map((d) => d.code), text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const covered = new Set<string>();

function expectCode(t: import('ava').ExecutionContext, r: Run, code: string, line: number, message: RegExp): void {
  covered.add(code);
  t.deepEqual(r.codes, [code], r.text);
  t.regex(r.text, new RegExp(`--> main\\.xbar:${line}:\\d+`));
  t.regex(r.text, /\n +\| +\^+/);
  t.regex(r.text, message);
  t.false(/\n\s+at .+:\d+:\d+/.test(r.text), 'no stack trace');
  t.false(r.result.ok);
}

const npy = (shape: number[], data: number[]) => writeNpy(shape, Float64Array.from(data), '<f8');

test('a weight file of the wrong shape', async (t) => {
  const r = await run('program t with npy("w.npy");\nrun until idle;', { 'w.npy': npy([3, 4], Array(12).fill(0.5)) });
  expectCode(t, r, 'E4003', 11, /w\.npy holds 3 x 4 values; the crossbar needs 4 x 3 \(rows x cols\)/);
});

test('a weight file that is not a .npy file', async (t) => {
  const r = await run('program t with npy("w.npy");', { 'w.npy': 'hello, world\n' });
  expectCode(t, r, 'E4002', 11, /w\.npy: .*magic/i);
});

test('a .npy of an unsupported dtype (complex)', async (t) => {
  const header = "{'descr': '<c16', 'fortran_order': False, 'shape': (4, 3), }";
  const pad = 64 - ((10 + header.length + 1) % 64);
  const head = Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0]), Buffer.alloc(2), Buffer.from(header + ' '.repeat(pad) + '\n')]);
  head.writeUInt16LE(head.length - 10, 8);
  const r = await run('program t with npy("w.npy");', { 'w.npy': Buffer.concat([head, Buffer.alloc(16 * 12)]) });
  expectCode(t, r, 'E4002', 11, /c16/);
});

test('a weight file that disappeared between check and run', async (t) => {
  const r = await run('program t with npy("w.npy");', { 'w.npy': npy([4, 3], Array(12).fill(0)) }, (dir) => rmSync(path.join(dir, 'w.npy')));
  expectCode(t, r, 'E4002', 11, /cannot read w\.npy: no such file/);
});

test('NaN weights in a file', async (t) => {
  const r = await run('program t with npy("w.npy");', { 'w.npy': npy([4, 3], [0, 0, 0, NaN, 0, 0, 0, 0, 0, 0, 0, 0]) });
  expectCode(t, r, 'E4003', 11, /weight 1, 0 is NaN/);
});

test('input codes from a file outside the DAC range', async (t) => {
  const r = await run('program t with random_weights(-1, 1);\ndrive t with csv("x.csv");\nrun until idle;', { 'x.csv': '1,2,3,4\n5,6,7,99\n' });
  expectCode(t, r, 'E4004', 12, /vector 1, lane 3: 99 is not a code in -7\.\.=7/);
});

test('inputs of the wrong width from a file', async (t) => {
  const r = await run('drive t with npy("x.npy");', { 'x.npy': npy([2, 5], Array(10).fill(1)) });
  expectCode(t, r, 'E4003', 11, /the tile needs vectors of 4 codes/);
});

test('a VCD stimulus that does not parse', async (t) => {
  const r = await run('drive t with vcd("s.vcd", signal = "top.codes");', { 's.vcd': '$timescale 1ns $end\n$scope module top $end\n$var wire 16 ! codes $end\n#0\nb1 !\n' });
  expectCode(t, r, 'E4005', 11, /s\.vcd/);
});

test('a VCD stimulus without the named signal', async (t) => {
  const vcd = '$timescale 1ns $end\n$scope module top $end\n$var wire 16 ! codez $end\n$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\nb0 !\n$end\n';
  const r = await run('drive t with vcd("s.vcd", signal = "top.codes");', { 's.vcd': vcd });
  expectCode(t, r, 'E4005', 11, /top\.codes/);
});

test('two trace files in one testbench', async (t) => {
  const r = await run('trace t to "a.vcd";\ntrace t.adcs to "b.vcd";');
  expectCode(t, r, 'E4008', 12, /traces to 2 files/);
});

test('a run that is still busy at the timeout', async (t) => {
  const r = await run('timeout = 5 ns;\nprogram t with random_weights(-1, 1);\ndrive t with random_codes(100);\nrun until idle;');
  expectCode(t, r, 'E4007', 14, /still busy after the timeout of 5 ns/);
});

test('an expectation on a tile that produced nothing', async (t) => {
  const r = await run('run until idle;\nexpect latency(t) <= 1 us;');
  expectCode(t, r, 'E4009', 12, /produced no outputs/);
});

test('a tile structure the emulator cannot run yet', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-badrun-'));
  const main = path.join(dir, 'main.xbar');
  writeFileSync(main, `clock clk = 1 GHz;
tile t {
  clock = clk;
  pwm dacs[8];
  crossbar a[2] { rows = 4; cols = 2; cell = differential(ideal); }
  flash adcs[4];
  connect dacs -> a -> adcs;
}
testbench tb for t { program t with random_weights(-1, 1); drive t with random_codes(1); run until idle; }
`);
  const fe = frontEnd(main, nodeHost(dir))!;
  rmSync(dir, { recursive: true, force: true });
  t.truthy(fe.design, renderDiagnostics(fe.diagnostics, fe.sources, { color: false }));
  const r = await runTestbench(fe.design!.testbenches[0]!);
  covered.add('E4006');
  t.deepEqual(r.diagnostics.map((d) => d.code), ['E4006']);
  t.regex(r.diagnostics[0]!.message, /the emulator runs one crossbar array per tile/);
});

// The network codes of `xbar infer` have their cases next to the network code: each code here
// names its test file (network/*.test.ts), which must exist and assert the code (as the string 'E40xx').
const NETWORK_CASES: Record<string, string> = {
  E4010: 'network/build.test.ts',
  E4011: 'network/build.test.ts',
  E4012: 'network/build.test.ts',
  E4013: 'network/build.test.ts',
  E4014: 'network/build.test.ts',
  E4015: 'network/build.test.ts',
  E4017: 'network/infer.test.ts',
  E4018: 'network/build.test.ts',
  E4019: 'cli/train.test.ts',
};

test.after('every E4xxx code but E4001 has a case here (E4001: emulator/kernel/kernel.test.ts), or for a network code in the file NETWORK_CASES names', () => {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const problems: string[] = [];
  for (const [code, file] of Object.entries(NETWORK_CASES)) {
    if (!Object.hasOwn(CODES, code)) problems.push(`${code} (listed for ${file}) is not a code`);
    else if (!/^(network|cli)\/[^/]+\.test\.ts$/.test(file)) problems.push(`${code}: ${file} is not a network/*.test.ts or cli/*.test.ts file`);
    else if (!existsSync(path.join(root, file))) problems.push(`${code}: ${file} does not exist`);
    else if (!readFileSync(path.join(root, file), 'utf8').includes(`'${code}'`)) problems.push(`${code}: ${file} has no case for it`);
  }
  const missing = Object.keys(CODES).filter((c) => c.startsWith('E4') && c !== 'E4001' && !Object.hasOwn(NETWORK_CASES, c) && !covered.has(c));
  if (missing.length) problems.push(`no bad-run case for ${missing.join(', ')}`);
  if (problems.length) throw new Error(problems.join('; '));
});
