// cli/report-network.ts: what `xbar sim` prints and reports of a `run network` step
// (testbenches/network-run.ts): accuracy, latency, throughput, energy per inference, per layer,
// the controller, and the accuracy over time when the devices drift. The HTML part has three
// charts, each an <svg> with <g class="series" data-series="..."> groups (as in report-html.ts):
//
//   #layer-energy-chart      energy per inference by layer, split into tiles / transfers / controller
//   #network-timeline-chart  per sample (a row), each layer from its inputs complete to its outputs
//   #accuracy-chart          accuracy vs time after programming (only when the devices drift)
import { DIMS, formatQuantity } from '../dsl/units.js';
import type { NetworkRunResult } from '../testbenches/network-run.js';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const W = 1100;
const FONT = 'font-family="Helvetica, Arial, sans-serif" font-size="12"';
const q = (v: number, dim: keyof typeof DIMS) => formatQuantity({ value: v, dim: DIMS[dim].dim }, 4);
const f = (x: number): string => (Math.round(x * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const count = (n: number) => n.toLocaleString('en-US');

/** A time after programming as the user would write it (1 s, 1 h, 1 day, 1 year). */
export function ageText(t: number): string {
  if (t >= 365 * 86400) return `${f(t / (365 * 86400))} year`;
  if (t >= 86400) return `${f(t / 86400)} day`;
  if (t >= 3600) return `${f(t / 3600)} h`;
  return q(t, 'time');
}

function perInference(n: NetworkRunResult) {
  const r = n.run;
  const k = Math.max(1, r.samples);
  return r.layers.map((l) => ({ name: l.name, tiles: l.energy.tiles / k, transfers: l.energy.transfers / k, controller: l.energy.controller / k }));
}

/** The lines of one network run in the terminal summary. */
export function networkLines(n: NetworkRunResult): string[] {
  const r = n.run;
  const lines: string[] = [];
  const tops = r.throughput * r.opsPerInference / 1e12;
  const topsW = r.energyPerInference > 0 ? r.opsPerInference / r.energyPerInference / 1e12 : 0;
  lines.push(`  network ${r.network} on ${r.target}: ${count(r.samples)} of ${count(r.total)} samples${r.interrupted ? ' (interrupted)' : ''}, accuracy ${pct(r.accuracy)} (float ${pct(r.floatAccuracy)})`);
  lines.push(`    latency           ${q(r.latencyFirst, 'time')} per inference (first sample, empty pipeline); mean ${q(r.latencyMean, 'time')}`);
  lines.push(`    throughput        ${r.throughput.toPrecision(4)} inferences/s (${tops.toPrecision(3)} TOPS at ${count(r.opsPerInference)} ops per inference)`);
  const e = perInference(n).reduce((a, l) => ({ tiles: a.tiles + l.tiles, transfers: a.transfers + l.transfers, controller: a.controller + l.controller }), { tiles: 0, transfers: 0, controller: 0 });
  lines.push(`    energy            ${q(r.energyPerInference, 'energy')} per inference (${topsW.toPrecision(3)} TOPS/W): tiles ${q(e.tiles, 'energy')}, transfers ${q(e.transfers, 'energy')}, controller ${q(e.controller, 'energy')}`);
  for (const l of r.layers) {
    const tiles = l.tiles.length > 2 ? `${l.tiles[0]} .. ${l.tiles[l.tiles.length - 1]}` : l.tiles.join(', ');
    const le = (l.energy.tiles + l.energy.transfers + l.energy.controller) / Math.max(1, r.samples);
    lines.push(`    layer ${l.name}`.padEnd(22) + ` ${l.kind}, ${l.tiles.length} tile${l.tiles.length === 1 ? '' : 's'} (${tiles}), ${l.positions} vector${l.positions === 1 ? '' : 's'} per sample: latency ${q(l.latency, 'time')} (+ ${q(l.wait, 'time')} waiting), ${q(le, 'energy')} per inference, ${count(l.mvms)} MVMs${l.skipped ? ` (${count(l.skipped)} skipped: all-zero input)` : ''}`);
  }
  const c = r.controller;
  lines.push(`    controller        busy ${q(c.busyS, 'time')}, ${count(c.ops)} ops, ${count(c.accesses)} buffer accesses; waited ${q(c.backPressureS, 'time')} for full tile inputs`);
  if (n.drift) lines.push(`    accuracy vs time  ${n.drift.map((p) => `${ageText(p.t)} ${pct(p.accuracy)}`).join(', ')} (same samples and seed, without the kernel)`);
  return lines;
}

/** Stacked horizontal bars: per layer, energy per inference by part. */
function layerEnergyChart(n: NetworkRunResult): string {
  const rows = perInference(n);
  const parts = ['tiles', 'transfers', 'controller'] as const;
  const left = 140;
  const top = 50;
  const bar = 22;
  const h = top + Math.max(1, rows.length) * (bar + 8) + 16;
  const max = Math.max(...rows.map((r) => r.tiles + r.transfers + r.controller), 0);
  const pw = W - left - 220;
  const X = (v: number) => (max > 0 ? (v / max) * pw : 0);
  const out = [`<svg id="layer-energy-chart" class="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" ${FONT}>`];
  out.push(`<text x="${left}" y="20" font-size="14" font-weight="bold">${esc(`Network ${n.network}: energy per inference by layer`)}</text>`);
  parts.forEach((p, k) => out.push(`<g class="legend"><rect x="${left + k * 110}" y="30" width="12" height="12" fill="${COLORS[k]}"/><text x="${left + k * 110 + 16}" y="40">${p}</text></g>`));
  rows.forEach((r, i) => out.push(`<text x="${left - 8}" y="${f(top + i * (bar + 8) + bar / 2 + 4)}" text-anchor="end">${esc(r.name)}</text>`));
  parts.forEach((p, k) => {
    out.push(`<g class="series" data-series="${p}" fill="${COLORS[k]}">`);
    rows.forEach((r, i) => {
      const x0 = left + X(parts.slice(0, k).reduce((a, pp) => a + r[pp], 0));
      out.push(`<rect x="${f(x0)}" y="${top + i * (bar + 8)}" width="${f(Math.max(X(r[p]), 0.5))}" height="${bar}"><title>${esc(`${r.name} ${p}: ${q(r[p], 'energy')}`)}</title></rect>`);
    });
    out.push('</g>');
  });
  rows.forEach((r, i) => {
    const t = r.tiles + r.transfers + r.controller;
    out.push(`<text x="${f(left + X(t) + 6)}" y="${f(top + i * (bar + 8) + bar / 2 + 4)}">${esc(q(t, 'energy'))}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Per sample (a row), one bar per layer from its first input complete to its last output. */
function timelineChart(n: NetworkRunResult): string {
  const s = n.run.timeline;
  const layers = n.run.layers.map((l) => l.name);
  const t1 = Math.max(...s.map((x) => x.endS), 1e-18);
  const left = 140;
  const top = 50;
  const row = 20;
  const h = top + Math.max(1, s.length) * row + 40;
  const pw = W - left - 40;
  const X = (t: number) => left + (t / t1) * pw;
  const out = [`<svg id="network-timeline-chart" class="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" ${FONT}>`];
  out.push(`<text x="${left}" y="20" font-size="14" font-weight="bold">${esc(`Network ${n.network}: the first samples through the layers (inputs complete to outputs complete)`)}</text>`);
  layers.forEach((l, k) => out.push(`<g class="legend"><rect x="${left + k * 110}" y="30" width="12" height="12" fill="${COLORS[k % COLORS.length]}"/><text x="${left + k * 110 + 16}" y="40">${esc(l)}</text></g>`));
  for (let k = 0; k <= 5; k++) {
    const t = (k / 5) * t1;
    out.push(`<line x1="${f(X(t))}" y1="${top}" x2="${f(X(t))}" y2="${top + s.length * row}" stroke="#e0e0e0"/><text x="${f(X(t))}" y="${top + s.length * row + 16}" text-anchor="middle">${esc(q(t, 'time'))}</text>`);
  }
  s.forEach((x, i) => out.push(`<text x="${left - 8}" y="${f(top + i * row + row / 2 + 4)}" text-anchor="end">sample ${x.sample}</text>`));
  layers.forEach((l, k) => {
    out.push(`<g class="series" data-series="${esc(l)}" fill="${COLORS[k % COLORS.length]}" fill-opacity="0.8">`);
    s.forEach((x, i) => {
      const e = x.layers[k]!;
      out.push(`<rect x="${f(X(e.readyS))}" y="${f(top + i * row + 1)}" width="${f(Math.max(1, X(e.doneS) - X(e.readyS)))}" height="${row - 2}"><title>${esc(`sample ${x.sample} ${l}: ${q(e.readyS, 'time')} to ${q(e.doneS, 'time')}`)}</title></rect>`);
    });
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Accuracy (y, 0..100 %) against the time after programming (x, logarithmic). */
function accuracyChart(n: NetworkRunResult): string {
  const pts = n.drift!;
  const left = 140;
  const top = 40;
  const ph = 200;
  const h = top + ph + 50;
  const pw = W - left - 60;
  const lt = pts.map((p) => Math.log10(p.t));
  const lo = Math.min(...lt);
  const hi = Math.max(...lt);
  const X = (t: number) => left + (hi > lo ? ((Math.log10(t) - lo) / (hi - lo)) * pw : pw / 2);
  const Y = (a: number) => top + ph - a * ph;
  const out = [`<svg id="accuracy-chart" class="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" ${FONT}>`];
  out.push(`<text x="${left}" y="20" font-size="14" font-weight="bold">${esc(`Network ${n.network}: accuracy vs time after programming (drift)`)}</text>`);
  for (const v of [0, 25, 50, 75, 100]) out.push(`<line x1="${left}" y1="${f(Y(v / 100))}" x2="${left + pw}" y2="${f(Y(v / 100))}" stroke="#e0e0e0"/><text x="${left - 6}" y="${f(Y(v / 100) + 4)}" text-anchor="end">${v}%</text>`);
  for (const p of pts) out.push(`<text x="${f(X(p.t))}" y="${top + ph + 18}" text-anchor="middle">${esc(ageText(p.t))}</text>`);
  out.push(`<g class="series" data-series="float" stroke="#7f7f7f" stroke-dasharray="4 3"><line x1="${left}" y1="${f(Y(n.run.floatAccuracy))}" x2="${left + pw}" y2="${f(Y(n.run.floatAccuracy))}"/></g>`);
  out.push(`<g class="series" data-series="emulated" fill="${COLORS[0]}" stroke="${COLORS[0]}">`);
  out.push(`<polyline fill="none" stroke-width="2" points="${pts.map((p) => `${f(X(p.t))},${f(Y(p.accuracy))}`).join(' ')}"/>`);
  for (const p of pts) out.push(`<circle cx="${f(X(p.t))}" cy="${f(Y(p.accuracy))}" r="4"><title>${esc(`${ageText(p.t)}: ${pct(p.accuracy)}`)}</title></circle>`);
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n');
}

/** The HTML section of one network run. */
export function networkHtml(n: NetworkRunResult): string {
  const r = n.run;
  const rows = r.layers.map((l) => {
    const k = Math.max(1, r.samples);
    return `<tr><td>${esc(l.name)}</td><td>${l.kind}</td><td>${esc(l.tiles.join(' '))}</td><td>${l.positions}</td><td>${l.mvms}</td><td>${l.skipped}</td><td>${esc(q(l.latency, 'time'))}</td><td>${esc(q(l.wait, 'time'))}</td><td>${esc(q(l.energy.tiles / k, 'energy'))}</td><td>${esc(q(l.energy.transfers / k, 'energy'))}</td><td>${esc(q(l.energy.controller / k, 'energy'))}</td></tr>`;
  });
  return [
    `<h2>${esc(`Network ${r.network}`)}</h2>`,
    `<p>${esc(`${r.samples} of ${r.total} samples, accuracy ${pct(r.accuracy)} (float ${pct(r.floatAccuracy)}); latency ${q(r.latencyFirst, 'time')} (first sample), mean ${q(r.latencyMean, 'time')}; ${r.throughput.toPrecision(4)} inferences/s; ${q(r.energyPerInference, 'energy')} per inference.`)}</p>`,
    `<table class="layer-figures"><tr><th>layer</th><th>kind</th><th>tiles</th><th>vectors/sample</th><th>MVMs</th><th>skipped</th><th>latency</th><th>wait</th><th>tiles energy/inf.</th><th>transfers/inf.</th><th>controller/inf.</th></tr>${rows.join('')}</table>`,
    layerEnergyChart(n),
    timelineChart(n),
    ...(n.drift ? [accuracyChart(n)] : []),
  ].join('\n');
}
