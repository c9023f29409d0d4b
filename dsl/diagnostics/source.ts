// dsl/diagnostics/source.ts: the files of one run, and offset -> line/column conversion.
//
// Spans are offsets; line and column are computed only here, when a diagnostic is rendered
// or serialised. Columns count code points, 1-based.
import type { Span } from '../ast.js';

export class SourceFile {
  private lineStarts: number[] | null = null;
  private astral = new Map<number, boolean>();

  /** Whether a 0-based line holds a character outside the BMP (cached per line). */
  private hasAstral(line: number): boolean {
    let v = this.astral.get(line);
    if (v === undefined) {
      const starts = this.starts();
      const a = starts[line]!;
      const b = line + 1 < starts.length ? starts[line + 1]! : this.text.length;
      v = /[\uD800-\uDBFF]/.test(this.text.slice(a, b));
      this.astral.set(line, v);
    }
    return v;
  }

  constructor(
    /** Index in the SourceSet; the `file` of every span in this file. */
    readonly id: number,
    /** Resolved path (absolute), or a virtual name such as `<xbar/presets>` or `<param x>`. */
    readonly path: string,
    /** The name shown to users: relative to the working directory, or the virtual name. */
    readonly display: string,
    readonly text: string,
  ) {}

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  /** 1-based line and column (in code points) of an offset. */
  position(offset: number): { line: number; col: number } {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo]!;
    const end = Math.min(offset, this.text.length);
    // Columns count code points; most lines have no surrogate pairs, and then it is a difference.
    const col = this.hasAstral(lo) ? [...this.text.slice(lineStart, end)].length + 1 : end - lineStart + 1;
    return { line: lo + 1, col };
  }

  /** Offsets [start, end) of a 1-based line, without its line break. */
  lineRange(line: number): [number, number] {
    const starts = this.starts();
    const start = starts[line - 1] ?? this.text.length;
    let end = line < starts.length ? starts[line]! - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return [start, end];
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.starts();
    const start = starts[line - 1] ?? this.text.length;
    const end = line < starts.length ? starts[line]! - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  lineCount(): number {
    return this.starts().length;
  }
}

/** All files read in one run; spans refer to them by id. */
export class SourceSet {
  readonly files: SourceFile[] = [];

  add(path: string, display: string, text: string): SourceFile {
    const f = new SourceFile(this.files.length, path, display, text);
    this.files.push(f);
    return f;
  }

  get(id: number): SourceFile {
    const f = this.files[id];
    if (!f) throw new Error(`internal: no source file ${id}`);
    return f;
  }

  /** `file:line:col` of a span's start. */
  where(span: Span): string {
    const f = this.get(span.file);
    const p = f.position(span.start);
    return `${f.display}:${p.line}:${p.col}`;
  }

  /** The source text a span covers. */
  text(span: Span): string {
    return this.get(span.file).text.slice(span.start, span.end);
  }
}
