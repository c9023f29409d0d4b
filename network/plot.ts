// network/plot.ts: the `xbar infer` plot: accuracy against time after programming (log axis),
// one line per condition with ±sd error bars, the float accuracy as a dashed reference line.
// A self-contained SVG 1.1 document with fixed sizes, fonts and number formats: the same
// result gives the same bytes.
import type { InferResult } from './infer.js';

const W = 640;
const H = 400;
const M = { left: 64, right: 150, top: 40, bottom: 56 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

const f = (x: number): string => (Math.round(x * 100) / 100).toFixed(2).replace(/\.?0+$/, '');

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A time after programming as people write it: 1 s, 1 h, 1 day, 1 year. */
export function timeLabel(t: number): string {
  const units: [number, string][] = [[365 * 86400, 'year'], [86400, 'day'], [3600, 'h'], [60, 'min'], [1, 's']];
  for (const [s, u] of units) {
    if (t >= s && Math.abs(t / s - Math.round(t / s)) < 1e-9) {
      const n = Math.round(t / s);
      return `${n} ${u}${n !== 1 && (u === 'day' || u === 'year') ? 's' : ''}`;
    }
  }
  return `${t} s`;
}

export interface PlotLine {
  name: string;
  points: { t: number; mean: number; sd: number }[];
}

/** The plot of one or more results (a line per condition of each), accuracies as fractions. */
export function accuracyPlot(results: readonly InferResult[], title?: string): string {
  const lines: PlotLine[] = results.flatMap((r) => r.conditions.map((c) => ({ name: results.length > 1 ? `${r.network}, ${c.name}` : c.name, points: c.points })));
  const refs = results.map((r) => ({ name: results.length > 1 ? `${r.network}, float` : 'float', value: r.floatAccuracy }));
  const ts = [...new Set(lines.flatMap((l) => l.points.map((p) => p.t)))].sort((a, b) => a - b);
  const pos = ts.filter((t) => t > 0);
  const lo = Math.log10(pos.length ? pos[0]! : 1) - 0.3;
  const hi = Math.log10(pos.length ? pos[pos.length - 1]! : 10) + 0.3;
  const lx = (t: number) => Math.log10(t > 0 ? t : 10 ** lo);
  const ys = [...lines.flatMap((l) => l.points.flatMap((p) => [p.mean - p.sd, p.mean + p.sd])), ...refs.map((r) => r.value)].map((v) => v * 100);
  let yMin = Math.floor((Math.min(...ys, 100) - 1) / 5) * 5;
  let yMax = Math.min(100, Math.ceil((Math.max(...ys, 0) + 1) / 5) * 5);
  if (!(yMax > yMin)) [yMin, yMax] = [0, 100];
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const X = (t: number) => M.left + ((lx(t) - lo) / (hi - lo || 1)) * pw;
  const Y = (acc: number) => M.top + (1 - (acc * 100 - yMin) / (yMax - yMin)) * ph;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  if (title) out.push(`<text x="${f(M.left + pw / 2)}" y="22" text-anchor="middle" font-size="14">${esc(title)}</text>`);
  // axes and grid
  const yStep = yMax - yMin > 30 ? 10 : yMax - yMin > 10 ? 5 : 1;
  for (let v = yMin; v <= yMax + 1e-9; v += yStep) {
    const y = M.top + (1 - (v - yMin) / (yMax - yMin)) * ph;
    out.push(`<line x1="${M.left}" y1="${f(y)}" x2="${M.left + pw}" y2="${f(y)}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${M.left - 6}" y="${f(y + 4)}" text-anchor="end">${v}</text>`);
  }
  for (const t of ts) {
    const x = X(t);
    out.push(`<line x1="${f(x)}" y1="${M.top}" x2="${f(x)}" y2="${M.top + ph}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${f(x)}" y="${M.top + ph + 18}" text-anchor="middle">${esc(timeLabel(t))}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#000000"/>`);
  out.push(`<text x="${f(M.left + pw / 2)}" y="${H - 14}" text-anchor="middle">time after programming (log scale)</text>`);
  out.push(`<text x="16" y="${f(M.top + ph / 2)}" text-anchor="middle" transform="rotate(-90 16 ${f(M.top + ph / 2)})">test accuracy (%)</text>`);
  // float reference lines
  refs.forEach((r, k) => {
    const y = Y(r.value);
    out.push(`<line x1="${M.left}" y1="${f(y)}" x2="${M.left + pw}" y2="${f(y)}" stroke="#555555" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${M.left + pw + 8}" y="${f(M.top + 14 + 18 * (lines.length + k))}" fill="#555555">- - ${esc(r.name)} ${f(r.value * 100)}%</text>`);
  });
  // conditions
  lines.forEach((l, k) => {
    const c = COLORS[k % COLORS.length]!;
    const pts = l.points.map((p) => `${f(X(p.t))},${f(Y(p.mean))}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${c}" stroke-width="2"/>`);
    for (const p of l.points) {
      const x = X(p.t);
      const y0 = Y(p.mean - p.sd);
      const y1 = Y(p.mean + p.sd);
      out.push(`<line x1="${f(x)}" y1="${f(y0)}" x2="${f(x)}" y2="${f(y1)}" stroke="${c}"/>`);
      out.push(`<line x1="${f(x - 4)}" y1="${f(y0)}" x2="${f(x + 4)}" y2="${f(y0)}" stroke="${c}"/>`);
      out.push(`<line x1="${f(x - 4)}" y1="${f(y1)}" x2="${f(x + 4)}" y2="${f(y1)}" stroke="${c}"/>`);
      out.push(`<circle cx="${f(x)}" cy="${f(Y(p.mean))}" r="3" fill="${c}"/>`);
    }
    const ly = M.top + 14 + 18 * k;
    out.push(`<line x1="${M.left + pw + 8}" y1="${f(ly - 4)}" x2="${M.left + pw + 24}" y2="${f(ly - 4)}" stroke="${c}" stroke-width="2"/>`);
    out.push(`<text x="${M.left + pw + 28}" y="${f(ly)}">${esc(l.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
