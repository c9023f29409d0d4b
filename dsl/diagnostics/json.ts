// dsl/diagnostics/json.ts: the same diagnostics as JSON, for editors and tools (`--format json`).
import type { Span } from '../ast.js';
import { CODES } from './codes.js';
import type { Diagnostic } from './diagnostic.js';
import type { SourceSet } from './source.js';

export interface JsonLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonDiagnostic {
  severity: 'error' | 'warning';
  code: string;
  id: string;
  message: string;
  location: JsonLocation | null;
  label: string;
  labels: { location: JsonLocation; message: string }[];
  notes: string[];
  help: string[];
}

function location(span: Span, sources: SourceSet): JsonLocation {
  const f = sources.get(span.file);
  const a = f.position(span.start);
  const b = f.position(span.end);
  return { file: f.display, line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

export function toJson(d: Diagnostic, sources: SourceSet): JsonDiagnostic {
  return {
    severity: d.severity,
    code: d.code,
    id: CODES[d.code].id,
    message: d.message,
    location: d.span ? location(d.span, sources) : null,
    label: d.label,
    labels: d.labels.map((l) => ({ location: location(l.span, sources), message: l.message })),
    notes: d.notes,
    help: d.help,
  };
}

