// `xbar sim --report DIR` on the HERMES-like example, opened in headless Chromium (Debian
// package `chromium`): the rendered DOM has the four charts with their expected series, and
// the screenshot shows them painted (pixels of the series colours). Skipped, with a log line,
// only when chromium is missing outside CI; in CI (.ci/run installs it) it must run.
import test, { type ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { runSim } from '../cli/sim.js';
import type { Io } from '../cli/io.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const CHROMIUM = '/usr/bin/chromium';

async function sim(file: string, args: { report: string; vcd: string; json?: boolean }) {
  let out = '';
  let err = '';
  const io: Io = { cwd: root, stdout: (s) => void (out += s), stderr: (s) => void (err += s), stderrIsTty: false, env: {} };
  const code = await runSim(file, { trace: [], json: Boolean(args.json), color: false, version: 'test', report: args.report, vcd: args.vcd }, io);
  return { code, out, err };
}

function chromium(dir: string, extra: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(dir, 'profile')}`, ...extra,
  ], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** RGB(A) pixels of an 8-bit, non-interlaced PNG (what Chromium writes). */
function decodePng(buf: Buffer): { width: number; height: number; channels: number; px: Uint8Array } {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit non-interlaced PNGs');
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      if (!channels) throw new Error(`colour type ${data[9]}`);
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? px[y * stride + x - channels]! : 0;
      const b = y > 0 ? px[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels]! : 0;
      let p = 0;
      if (filter === 1) p = a;
      else if (filter === 2) p = b;
      else if (filter === 3) p = (a + b) >> 1;
      else if (filter === 4) {
        const e = a + b - c;
        const pa = Math.abs(e - a), pb = Math.abs(e - b), pc = Math.abs(e - c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + x] = (v + p) & 0xff;
    }
  }
  return { width, height, channels, px };
}

function countColour(img: ReturnType<typeof decodePng>, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < img.px.length; i += img.channels) {
    if (Math.abs(img.px[i]! - r!) <= 2 && Math.abs(img.px[i + 1]! - g!) <= 2 && Math.abs(img.px[i + 2]! - b!) <= 2) n++;
  }
  return n;
}

/** True (and the test failed in CI, or passed with a log line elsewhere) when chromium is missing. */
function chromiumMissing(t: ExecutionContext): boolean {
  if (existsSync(CHROMIUM)) return false;
  if (process.env['CI']) t.fail(`${CHROMIUM} is missing; .ci/run installs the Debian package chromium`);
  else {
    t.log(`skipped: ${CHROMIUM} is missing (apt-get install chromium); in CI this test runs`);
    t.pass();
  }
  return true;
}

/** The <g class="series" data-series="..."> names inside the <svg id="ID">, and their rect counts. */
function seriesOf(dom: string, id: string): Map<string, number> {
  const m = new RegExp(`<svg[^>]*id="${id}"[^]*?</svg>`).exec(dom);
  const out = new Map<string, number>();
  if (!m) return out;
  for (const g of m[0].matchAll(/<g class="series" data-series="([^"]*)"[^>]*>([^]*?)<\/g>/g)) out.set(g[1]!, (g[2]!.match(/<rect /g) ?? []).length);
  return out;
}

test('report.html of the HERMES example renders in headless Chromium: four charts with their series, painted', async (t) => {
  if (chromiumMissing(t)) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-report-'));
  const out = path.join(dir, 'out');
  const r = await sim('examples/hermes-core/hermes.xbar', { report: out, vcd: path.join(dir, 'smoke.vcd') });
  t.is(r.code, 0, r.err);
  t.deepEqual(readdirSync(out).sort(), ['report.html', 'report.json'], 'the two files, nothing else left');
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  t.false(/(src|href)="(https?:|\/\/)/.test(html) || /<script/.test(html) || /<link /.test(html), 'self-contained: no script, no external asset');
  const url = pathToFileURL(path.join(out, 'report.html')).href;

  const dom = chromium(dir, ['--dump-dom', url]);
  t.is(dom.status, 0, dom.stderr);
  const parts = ['dacs', 'array', 'adcs', 'post'];
  const energy = seriesOf(dom.stdout, 'energy-chart');
  t.deepEqual([...energy.keys()].sort(), [...parts].sort(), 'energy: one bar per component');
  for (const n of parts) t.is(energy.get(n), 1, n);
  const area = seriesOf(dom.stdout, 'area-chart');
  t.deepEqual([...area.keys()].sort(), ['array', 'dacs'], 'area: the components with an area parameter (the CCO ADC and the digital unit have none)');
  const util = seriesOf(dom.stdout, 'utilisation-chart');
  t.deepEqual([...util.keys()].sort(), [...parts, 'stall'].sort(), 'utilisation: a series per busy component, and the stall series');
  for (const n of [...parts, 'stall']) t.is(util.get(n), 64, `${n}: a bar per tile`);
  const timeline = seriesOf(dom.stdout, 'timeline-chart');
  t.deepEqual([...timeline.keys()], Array.from({ length: 8 }, (_, k) => `vector ${k}`));
  for (const [k, n] of timeline) t.is(n, 64, `${k}: a bar per tile`);
  t.regex(dom.stdout, /<table id="chip-figures">/);

  const png = path.join(dir, 'report.png');
  const shot = chromium(dir, [`--screenshot=${png}`, '--window-size=1200,1600', url]);
  t.is(shot.status, 0, shot.stderr);
  t.log(`screenshot: ${png}`);
  const img = decodePng(readFileSync(png));
  t.is(img.width, 1200);
  t.is(img.height, 1600);
  // the first series colour fills the largest energy bar, the largest area bar, the first
  // utilisation series and vector 0 of the timeline: thousands of pixels, not a blank page
  t.true(countColour(img, '#1f77b4') > 5000, `pixels of #1f77b4: ${countColour(img, '#1f77b4')}`);
  t.true(countColour(img, '#d62728') > 2000, `pixels of #d62728: ${countColour(img, '#d62728')}`);
});

test('report.html of a network run (examples/mnist-chip) renders in Chromium: energy by layer, the samples through the layers, accuracy vs time', async (t) => {
  if (chromiumMissing(t)) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-report-'));
  const out = path.join(dir, 'out');
  const r = await sim('examples/mnist-chip/mnist-chip.xbar', { report: out, vcd: path.join(dir, 'run.vcd') });
  t.is(r.code, 0, r.err + r.out);
  const url = pathToFileURL(path.join(out, 'report.html')).href;
  const dom = chromium(dir, ['--dump-dom', url]);
  t.is(dom.status, 0, dom.stderr);
  const layers = seriesOf(dom.stdout, 'layer-energy-chart');
  t.deepEqual([...layers.keys()], ['tiles', 'transfers', 'controller']);
  for (const [k, n] of layers) t.is(n, 3, `${k}: a bar per layer (fc1, fc2, fc3)`);
  const tl = seriesOf(dom.stdout, 'network-timeline-chart');
  t.deepEqual([...tl.keys()], ['fc1', 'fc2', 'fc3']);
  for (const [k, n] of tl) t.is(n, 8, `${k}: a bar per sample shown (the first 8)`);
  const acc = new RegExp('<svg[^>]*id="accuracy-chart"[^]*?</svg>').exec(dom.stdout)?.[0] ?? '';
  t.is((acc.match(/<circle /g) ?? []).length, 4, 'accuracy at 1 s, 1 h, 1 day, 1 year');
  t.regex(acc, /data-series="emulated"/);
  t.regex(acc, /data-series="float"/);
  const j = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
  t.deepEqual(j.networks[0].run.layers.map((l: { name: string }) => l.name), ['fc1', 'fc2', 'fc3']);
  t.is(j.networks[0].drift.length, 4);
  const png = path.join(dir, 'network.png');
  const shot = chromium(dir, [`--screenshot=${png}`, '--window-size=1200,4000', url]);
  t.is(shot.status, 0, shot.stderr);
  t.log(`screenshot: ${png}`);
  t.true(countColour(decodePng(readFileSync(png)), '#2ca02c') > 500, 'the third series colour (controller energy, fc3) is painted');
});

test('--report writes the same bytes for the same run; report.json holds the chip, tile and component figures', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-report-'));
  const a = await sim('examples/tiny/tiny.xbar', { report: path.join(dir, 'a'), vcd: path.join(dir, 'a.vcd') });
  const b = await sim('examples/tiny/tiny.xbar', { report: path.join(dir, 'b'), vcd: path.join(dir, 'b.vcd') });
  t.is(a.code, 0, a.err);
  t.is(b.code, 0, b.err);
  for (const f of ['report.html', 'report.json']) t.is(readFileSync(path.join(dir, 'a', f), 'utf8').replace(/a\.vcd|a\.gtkw/g, 'X'), readFileSync(path.join(dir, 'b', f), 'utf8').replace(/b\.vcd|b\.gtkw/g, 'X'), f);
  const j = JSON.parse(readFileSync(path.join(dir, 'a', 'report.json'), 'utf8'));
  t.is(j.chip.ops, 2 * 2 * 4 * 4, '2 vectors x 2 ops x 4 x 4');
  t.true(Math.abs(j.chip.topsPerWatt - j.chip.ops / j.chip.energy / 1e12) < 1e-9);
  t.deepEqual(j.tiles[0].components.filter((c: { busy: number }) => c.busy > 0).map((c: { name: string }) => c.name), ['dacs', 'array', 'adcs']);
  for (const c of j.tiles[0].components) t.true('utilisation' in c && 'energy' in c && 'busy' in c && c.stall === 0);
  t.is(j.tiles[0].stall, 0, 'no back-pressure in the tiny tile');
  t.is(j.interconnect.kind, 'point_to_point');
  t.is(j.tiles[0].areaBy.map((c: { name: string }) => c.name).join(','), 'dacs,array,adcs');
  t.is(j.tiles[0].timeline.length, 2);
});

test('--report into a path that is a file: usage error, nothing run', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-report-'));
  const file = path.join(dir, 'f');
  (await import('node:fs')).writeFileSync(file, 'x');
  const err = await sim('examples/tiny/tiny.xbar', { report: file, vcd: path.join(dir, 'a.vcd') }).catch((e: Error) => e);
  t.true(err instanceof Error && /--report: the output .* exists and is not a folder/.test(err.message), String(err));
});
