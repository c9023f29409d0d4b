// cli/report-html.ts: the `xbar sim --report DIR` page: one self-contained HTML file (inline
// SVG and CSS, no script, no external asset) with the run's figures and four charts:
//
//   #energy-chart       energy by component, summed over the tiles (one bar per component)
//   #area-chart         area by component, summed over the chip's tile instances
//   #utilisation-chart  per tile, each component's busy time / the tile's active window, and
//                       a `stall` series: the tile's stall time (results held back) / the window
//   #timeline-chart     per tile, when each of the first vectors entered and left it
// and, per `run network` step, the charts of cli/report-network.ts (energy by layer, the
// samples through the layers, accuracy vs time when the devices drift).
//
// Every chart is an <svg> whose series are <g class="series" data-series="NAME"> groups, so
// a test (test/report-chromium.test.ts) can find them in the rendered DOM. Fixed sizes, fonts
// and number formats: the same run gives the same bytes.
import { DIMS, formatQuantity } from '../dsl/units.js';
import type { ChipFigures } from '../testbenches/figures.js';
import type { TestbenchResult } from '../testbenches/run.js';
import type { TileSummary } from '../testbenches/summary.js';
import { networkHtml } from './report-network.js';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const W = 1100;
const FONT = 'font-family="Helvetica, Arial, sans-serif" font-size="12"';
/** At most this many tiles in the per-tile charts (the first ones, in the chip's order). */
export const MAX_CHART_TILES = 64;

const f = (x: number): string => (Math.round(x * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const q = (v: number | null, dim: keyof typeof DIMS) => (v === null ? 'n/a' : formatQuantity({ value: v, dim: DIMS[dim].dim }, 4));
const num = (v: number | null) => (v === null ? 'n/a' : v.toPrecision(3));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

interface Item {
  name: string;
  value: number;
  label: string;
}

/** Horizontal bars, one series per item, largest first. */
function barChart(id: string, title: string, items: readonly Item[]): string {
  const rows = [...items].filter((i) => i.value > 0).sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : 1));
  const bar = 22;
  const left = 140;
  const right = 220;
  const top = 34;
  const h = top + Math.max(1, rows.length) * (bar + 8) + 16;
  const max = Math.max(...rows.map((r) => r.value), 0);
  const total = rows.reduce((a, r) => a + r.value, 0);
  const pw = W - left - right;
  const out = [`<svg id="${id}" class="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" ${FONT}>`];
  out.push(`<text x="${left}" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`);
  if (!rows.length) out.push(`<text x="${left}" y="${top + 14}">nothing to show</text>`);
  rows.forEach((r, k) => {
    const y = top + k * (bar + 8);
    const w = max > 0 ? (r.value / max) * pw : 0;
    out.push(`<g class="series" data-series="${esc(r.name)}">`);
    out.push(`<text x="${left - 8}" y="${f(y + bar / 2 + 4)}" text-anchor="end">${esc(r.name)}</text>`);
    out.push(`<rect x="${left}" y="${y}" width="${f(Math.max(w, 1))}" height="${bar}" fill="${COLORS[k % COLORS.length]}"/>`);
    out.push(`<text x="${f(left + Math.max(w, 1) + 6)}" y="${f(y + bar / 2 + 4)}">${esc(r.label)} (${pct(total > 0 ? r.value / total : 0)})</text>`);
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('\n');
}

function legend(names: readonly string[], y: number): string[] {
  return names.map((n, k) => {
    const x = 140 + k * 110;
    return `<g class="legend"><rect x="${x}" y="${y - 10}" width="12" height="12" fill="${COLORS[k % COLORS.length]}"/><text x="${x + 16}" y="${y}">${esc(n)}</text></g>`;
  });
}

/** Per tile (x), one column per component (a series each): utilisation 0..100 %. */
function utilisationChart(r: TestbenchResult): string {
  const tiles = r.tiles.filter((t) => t.vectors > 0).slice(0, MAX_CHART_TILES);
  const parts = [...new Set(tiles.flatMap((t) => t.components.filter((c) => c.busy > 0).map((c) => c.name)))];
  const names = [...parts, 'stall'];
  const left = 140;
  const top = 50;
  const ph = 200;
  const h = top + ph + 60;
  const pw = W - left - 40;
  const group = pw / Math.max(1, tiles.length);
  const bw = Math.max(1, (group * 0.8) / Math.max(1, names.length));
  const out = [`<svg id="utilisation-chart" class="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" ${FONT}>`];
  out.push(`<text x="${left}" y="20" font-size="14" font-weight="bold">Utilisation per tile: busy time / active window; stall: results held back / active window</text>`);
  out.push(...legend(names, 40));
  for (const v of [0, 25, 50, 75, 100]) {
    const y = top + ph - (v / 100) * ph;
    out.push(`<line x1="${left}" y1="${f(y)}" x2="${left + pw}" y2="${f(y)}" stroke="#e0e0e0"/><text x="${left - 6}" y="${f(y + 4)}" text-anchor="end">${v}%</text>`);
  }
  const bar = (t: TileSummary, i: number, k: number, n: string, share: number, title: string): string => {
    const u = Math.min(1, share);
    const x = left + i * group + group * 0.1 + k * bw;
    return `<rect x="${f(x)}" y="${f(top + ph - u * ph)}" width="${f(bw)}" height="${f(Math.max(u * ph, 0.5))}"><title>${esc(`${t.path} ${n} ${title}`)}</title></rect>`;
  };
  parts.forEach((n, k) => {
    out.push(`<g class="series" data-series="${esc(n)}" fill="${COLORS[k % COLORS.length]}">`);
    tiles.forEach((t, i) => {
      const c = t.components.find((x) => x.name === n);
      if (!c || c.utilisation === null) return;
      out.push(bar(t, i, k, n, c.utilisation, pct(c.utilisation)));
    });
    out.push('</g>');
  });
  // The stall series: the tile's stall time (all its stages) / its active window.
  const k = parts.length;
  out.push(`<g class="series" data-series="stall" fill="${COLORS[k % COLORS.length]}">`);
  tiles.forEach((t, i) => {
    if (t.window === null) return;
    out.push(bar(t, i, k, 'stall', t.stall / t.window, `${q(t.stall, 'time')} (${pct(t.stall / t.window)} of the active window)`));
  });
  out.push('</g>');
  const every = Math.max(1, Math.ceil(tiles.length / 16));
  tiles.forEach((t, i) => {
    if (i % every === 0) out.push(`<text x="${f(left + i * group + group / 2)}" y="${top + ph + 16}" text-anchor="middle">${esc(t.path)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Per tile (a row), one bar per vector from entering the tile to its result leaving it. */
function timelineChart(r: TestbenchResult): string {
  const tiles = r.tiles.filter((t) => t.timeline.length > 0).slice(0, MAX_CHART_TILES);
  const vectors = [...new Set(tiles.flatMap((t) => t.timeline.map((e) => e.vector)))].sort((a, b) => a - b);
  const t0 = Math.min(...tiles.flatMap((t) => t.timeline.map((e) => e.entered)), Infinity);
  const t1 = Math.max(...tiles.flatMap((t) => t.timeline.map((e) => e.exit)), -Infinity);
  const left = 140;
  const top = 50;
  const row = tiles.length > 16 ? 9 : 20;
  const ph = Math.max(1, tiles.length) * row;
  const h = top + ph + 40;
  const pw = W - left - 40;
  const span = t1 > t0 ? t1 - t0 : 1;
  const X = (t: number) => left + ((t - t0) / span) * pw;
  const out = [`<svg id="timeline-chart" class="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" ${FONT}>`];
  out.push(`<text x="${left}" y="20" font-size="14" font-weight="bold">Latency timeline: the first vectors through the tiles (enter to result)</text>`);
  out.push(...legend(vectors.map((v) => `vector ${v}`), 40));
  for (let k = 0; k <= 5; k++) {
    const t = t0 + (k / 5) * span;
    out.push(`<line x1="${f(X(t))}" y1="${top}" x2="${f(X(t))}" y2="${top + ph}" stroke="#e0e0e0"/><text x="${f(X(t))}" y="${top + ph + 16}" text-anchor="middle">${esc(q(t, 'time'))}</text>`);
  }
  const every = Math.max(1, Math.ceil(tiles.length / 32));
  tiles.forEach((t, i) => {
    if (i % every === 0) out.push(`<text x="${left - 8}" y="${f(top + i * row + row / 2 + 4)}" text-anchor="end">${esc(t.path)}</text>`);
  });
  vectors.forEach((v, k) => {
    out.push(`<g class="series" data-series="vector ${v}" fill="${COLORS[k % COLORS.length]}" fill-opacity="0.75">`);
    tiles.forEach((t, i) => {
      for (const e of t.timeline.filter((x) => x.vector === v)) {
        out.push(`<rect x="${f(X(e.entered))}" y="${f(top + i * row + 1)}" width="${f(Math.max(1, X(e.exit) - X(e.entered)))}" height="${row - 2}"><title>${esc(`${t.path} vector ${v}: ${q(e.entered, 'time')} to ${q(e.exit, 'time')}`)}</title></rect>`);
      }
    });
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('\n');
}

function figuresTables(r: TestbenchResult, c: ChipFigures): { chip: string; tiles: string } {
  const rows: [string, string][] = [
    ['tiles (ran)', `${c.tiles} (${c.activeTiles})`],
    ['MVMs, ops (a MAC is 2 ops)', `${c.vectors}, ${c.ops}`],
    ['peak TOPS (sum of ops per MVM x throughput)', num(c.tops)],
    ['TOPS/W (ops / energy)', num(c.topsPerWatt)],
    ['TOPS/mm2', num(c.topsPerMm2)],
    ['energy', q(c.energy, 'energy')],
    ['area', `${q(c.area.area, 'area')}${c.area.unmodelled.length ? ` (no area parameter: ${c.area.unmodelled.join(', ')})` : ''}`],
    ['latency per inference', q(c.latencyPerInference, 'time')],
    ['throughput', c.throughput === null ? 'n/a' : `${num(c.throughput)} inferences/s`],
    ['utilisation (arrays)', c.utilisation === null ? 'n/a' : pct(c.utilisation)],
    ['simulated', q(Number(r.simulatedFs) / 1e15, 'time')],
  ];
  const n = r.interconnect;
  if (n && n.total.transfers > 0) rows.push([`links (${n.kind}): transfers, stall cycles`, `${n.total.transfers}, ${n.total.stallCycles}`]);
  const head = '<tr><th>tile</th><th>MVMs</th><th>latency</th><th>MVM/s</th><th>TOPS</th><th>energy/MVM</th><th>TOPS/W</th><th>area</th><th>TOPS/mm2</th><th>stall</th></tr>';
  const tiles = r.tiles.map((t) => `<tr><td>${esc(t.path)}</td><td>${t.vectors}</td><td>${q(t.latency, 'time')}</td><td>${num(t.throughput)}</td><td>${num(t.tops)}</td><td>${q(t.energyPerMvm, 'energy')}</td><td>${num(t.topsPerWatt)}</td><td>${q(t.area, 'area')}</td><td>${num(t.topsPerMm2)}</td><td>${q(t.stall, 'time')}</td></tr>`);
  return {
    chip: `<table id="chip-figures">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`,
    tiles: `<h2>Per tile</h2>\n<table id="tile-figures">${head}${tiles.join('')}</table>`,
  };
}

/** The whole page. */
export function reportHtml(r: TestbenchResult, c: ChipFigures, file: string): string {
  const title = `xbar sim: testbench ${r.name} (${file})`;
  const tables = figuresTables(r, c);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${esc(title)}</title>`,
    '<style>body{font-family:Helvetica,Arial,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}svg.chart{display:block;margin:12px 0 24px}</style>',
    '</head><body>',
    `<h1>${esc(title)}</h1>`,
    `<p>Chip ${esc(c.chip)}. ${r.ok ? 'Every expectation passed.' : 'Not every expectation passed, or the run stopped early.'} Definitions: docs/emulator.md, "What a run reports".</p>`,
    tables.chip,
    barChart('energy-chart', 'Energy by component (all tiles)', c.topEnergy.map((e) => ({ name: e.name, value: e.energy, label: q(e.energy, 'energy') }))),
    barChart('area-chart', 'Area by component (all tile instances)', c.area.components.map((a) => ({ name: a.name, value: a.area, label: q(a.area, 'area') }))),
    utilisationChart(r),
    timelineChart(r),
    ...r.networks.map(networkHtml),
    tables.tiles,
    '</body></html>',
    '',
  ].join('\n');
}
