// dsl/diagnostics/diagnostic.ts: a diagnostic is data; rendering is elsewhere (render.ts, json.ts).
import type { Span } from '../ast.js';
import { CODES, type Code } from './codes.js';

export type Severity = 'error' | 'warning';

export interface Label {
  span: Span;
  message: string;
}

export interface Diagnostic {
  severity: Severity;
  code: Code;
  message: string;
  /** Primary span; null only for diagnostics about the run itself (none in the front end). */
  span: Span | null;
  /** Text printed under the primary span's caret. */
  label: string;
  /** Secondary spans with their own messages. */
  labels: Label[];
  notes: string[];
  help: string[];
}

export interface DiagnosticExtras {
  label?: string;
  labels?: Label[];
  notes?: string[];
  help?: string | string[];
}

/** Build a diagnostic; the severity comes from the registry. */
export function diag(code: Code, message: string, span: Span | null, extras: DiagnosticExtras = {}): Diagnostic {
  const help = extras.help === undefined ? [] : Array.isArray(extras.help) ? extras.help : [extras.help];
  return {
    severity: CODES[code].severity,
    code,
    message,
    span,
    label: extras.label ?? '',
    labels: extras.labels ?? [],
    notes: extras.notes ?? [],
    help,
  };
}

/** A sink that collects diagnostics; passes add to it and the pipeline asks whether to stop. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  report(code: Code, message: string, span: Span | null, extras?: DiagnosticExtras): void {
    this.add(diag(code, message, span, extras));
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  errorCount(): number {
    return this.items.filter((d) => d.severity === 'error').length;
  }
}

/** How users may re-level warnings: by id, to off, warning or error. */
export type WarningLevels = ReadonlyMap<string, 'off' | 'warn' | 'error'>;

/** Apply warning levels: drop the ones turned off, promote the ones turned into errors. */
export function applyWarningLevels(ds: readonly Diagnostic[], levels: WarningLevels): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of ds) {
    if (d.severity !== 'warning') {
      out.push(d);
      continue;
    }
    const level = levels.get(CODES[d.code].id) ?? 'warn';
    if (level === 'off') continue;
    out.push(level === 'error' ? { ...d, severity: 'error' } : d);
  }
  return out;
}
