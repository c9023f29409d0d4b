// dsl/diagnostics/render.ts: the one place diagnostics become terminal text.
//
//   error[E2003]: unknown parameter `t_lbs` for a pwm DAC
//     --> examples/x.xbar:3:28
//      |
//    3 | dac pwm8 : pwm { bits = 8; t_lbs = 1 ns; }
//      |                            ^^^^^ not a parameter of `pwm`
//      |
//      = help: did you mean `t_lsb`?
//
// Labels in the same file are shown under their own lines (`-` underline); labels in another
// file get their own `::: file:line:col` block. Tabs are expanded to 4 columns.
import type { Span } from '../ast.js';
import type { Diagnostic, Label } from './diagnostic.js';
import type { SourceSet } from './source.js';

export interface RenderOptions {
  color: boolean;
}

const TAB = 4;
/** Source lines longer than this are shown as a window around the underlined part. */
const MAX_LINE = 160;

const ansi = {
  red: (s: string) => `\x1b[1;31m${s}\x1b[0m`,
  yellow: (s: string) => `\x1b[1;33m${s}\x1b[0m`,
  blue: (s: string) => `\x1b[1;34m${s}\x1b[0m`,
  bold: (s: string) => `\x1b[1m${s}\x1b[0m`,
};
const plain = { red: (s: string) => s, yellow: (s: string) => s, blue: (s: string) => s, bold: (s: string) => s };

/** Sort for output: by file, position, then errors before warnings, then code. */
export function sortDiagnostics(ds: readonly Diagnostic[], sources: SourceSet): Diagnostic[] {
  const key = (d: Diagnostic): [string, number, number, string, string] => [
    d.span ? sources.get(d.span.file).display : '',
    d.span ? d.span.start : -1,
    d.severity === 'error' ? 0 : 1,
    d.code,
    d.message,
  ];
  return [...ds].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      if (ka[i]! < kb[i]!) return -1;
      if (ka[i]! > kb[i]!) return 1;
    }
    return 0;
  });
}

/** Display column (0-based, tabs expanded) of a code-point column within a line. */
function displayCol(line: string, cpCol: number): number {
  let col = 0;
  let i = 0;
  for (const ch of line) {
    if (i >= cpCol) break;
    col = ch === '\t' ? col + TAB - (col % TAB) : col + 1;
    i++;
  }
  return col + Math.max(0, cpCol - i);
}

function expandTabs(line: string): string {
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(TAB - (out.length % TAB)) : ch;
  return out;
}

/** An underline, in code-unit offsets from the start of its line (end exclusive). */
interface Marker {
  line: number;
  from: number;
  to: number;
  primary: boolean;
  message: string;
}

function marker(sources: SourceSet, span: Span, primary: boolean, message: string): Marker {
  const f = sources.get(span.file);
  const line = f.position(span.start).line;
  const [start, end] = f.lineRange(line);
  // A span running past its first line is underlined to the end of that line.
  const to = Math.min(Math.max(span.start, span.end), end);
  return { line, from: span.start - start, to: Math.max(to - start, span.start - start + 1), primary, message };
}

/** Display column (tabs expanded, code points) of a code-unit offset within a line. */
function displayColOfOffset(line: string, offset: number): number {
  return displayCol(line, [...line.slice(0, offset)].length);
}

export function renderDiagnostic(d: Diagnostic, sources: SourceSet, opts: RenderOptions): string {
  const c = opts.color ? ansi : plain;
  const sev = d.severity === 'error' ? c.red(`error[${d.code}]`) : c.yellow(`warning[${d.code}]`);
  const out: string[] = [`${sev}${c.bold(`: ${d.message}`)}`];

  const sameFile: Label[] = [];
  const otherFiles: Label[] = [];
  const seen = new Set<string>();
  for (const l of d.labels) {
    const key = `${l.span.file}:${l.span.start}:${l.span.end}:${l.message}`;
    const dupOfPrimary = d.span && l.span.file === d.span.file && l.span.start === d.span.start && l.span.end === d.span.end;
    if (seen.has(key) || dupOfPrimary) continue;
    seen.add(key);
    (d.span && l.span.file === d.span.file ? sameFile : otherFiles).push(l);
  }

  const markers: Marker[] = [];
  if (d.span) markers.push(marker(sources, d.span, true, d.label));
  for (const l of sameFile) markers.push(marker(sources, l.span, false, l.message));
  const otherMarkers = otherFiles.map((l) => ({ label: l, m: marker(sources, l.span, false, l.message) }));

  const maxLine = Math.max(1, ...markers.map((m) => m.line), ...otherMarkers.map((o) => o.m.line));
  const w = String(maxLine).length;
  const gutter = (s: string) => c.blue(`${s.padStart(w)} |`);
  const pad = ' '.repeat(w);

  const block = (file: number, ms: Marker[]) => {
    const f = sources.get(file);
    const lines = [...new Set(ms.map((m) => m.line))].sort((a, b) => a - b);
    out.push(gutter(''));
    for (const ln of lines) {
      const [ls, le] = f.lineRange(ln);
      const onLine = ms.filter((m) => m.line === ln).sort((a, b) => a.from - b.from);
      let text: string;
      let cols: (offset: number) => number;
      if (le - ls <= MAX_LINE) {
        // Short line: tabs expanded, columns in code points.
        const raw = f.text.slice(ls, le);
        text = expandTabs(raw);
        cols = (o) => displayColOfOffset(raw, o);
      } else {
        // Long line: a window of the raw text from a little before the first underline
        // (only the window is read, so many diagnostics on one huge line stay cheap).
        const ws = Math.max(0, onLine[0]!.from - 40);
        const we = Math.min(le - ls, ws + MAX_LINE);
        text = (ws > 0 ? '…' : '') + f.text.slice(ls + ws, ls + we).replace(/\t/g, ' ') + (we < le - ls ? '…' : '');
        cols = (o) => Math.min(Math.max(0, o - ws + (ws > 0 ? 1 : 0)), text.length);
      }
      out.push(`${gutter(String(ln))} ${text}`.trimEnd());
      for (const m of onLine) {
        const ch = m.primary ? '^' : '-';
        const from = cols(m.from);
        const to = Math.max(from + 1, cols(m.to));
        const under = ' '.repeat(from) + ch.repeat(to - from);
        const colored = m.primary ? (d.severity === 'error' ? c.red(under) : c.yellow(under)) : c.blue(under);
        out.push(`${gutter('')} ${colored}${m.message ? ' ' + m.message : ''}`);
      }
    }
  };

  if (d.span) {
    out.push(`${pad}${c.blue('-->')} ${sources.where(d.span)}`);
    block(d.span.file, markers);
  }
  for (const o of otherMarkers) {
    out.push(`${pad}${c.blue(':::')} ${sources.where(o.label.span)}`);
    block(o.label.span.file, [o.m]);
  }
  if (d.notes.length || d.help.length) out.push(gutter(''));
  for (const n of d.notes) out.push(`${pad} ${c.blue('=')} note: ${n}`);
  for (const h of d.help) out.push(`${pad} ${c.blue('=')} help: ${h}`);
  return out.join('\n') + '\n';
}

export function renderDiagnostics(ds: readonly Diagnostic[], sources: SourceSet, opts: RenderOptions & { max?: number }): string {
  const sorted = sortDiagnostics(ds, sources);
  const shown = opts.max && opts.max > 0 ? sorted.slice(0, opts.max) : sorted;
  const text = shown.map((d) => renderDiagnostic(d, sources, opts)).join('\n');
  const left = sorted.length - shown.length;
  return left > 0 ? `${text}\n... and ${left} more diagnostic${left === 1 ? '' : 's'} (--max-diagnostics 0 shows all)\n` : text;
}

/** `2 errors, 1 warning` (or '' when there is nothing). */
export function summaryLine(ds: readonly Diagnostic[]): string {
  const e = ds.filter((d) => d.severity === 'error').length;
  const w = ds.length - e;
  const parts: string[] = [];
  if (e) parts.push(`${e} error${e === 1 ? '' : 's'}`);
  if (w) parts.push(`${w} warning${w === 1 ? '' : 's'}`);
  return parts.join(', ');
}
