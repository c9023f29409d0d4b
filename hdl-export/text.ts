// hdl-export/text.ts: the text builder every emitter prints through. Lines are joined with
// '\n', indentation is two spaces per level, and the text always ends with one newline.
export class Text {
  private readonly lines: string[] = [];
  private depth = 0;

  /** Append lines (each indented to the current level; empty strings stay empty). */
  line(...lines: string[]): this {
    for (const l of lines) this.lines.push(l === '' ? '' : '  '.repeat(this.depth) + l);
    return this;
  }

  /** `open`, then the body one level deeper, then `close`. */
  block(open: string, body: () => void, close: string): this {
    this.line(open);
    this.depth++;
    try {
      body();
    } finally {
      this.depth--;
    }
    return this.line(close);
  }

  /** A comment block with the given line prefix (`//`, `*`), wrapping nothing. */
  comment(prefix: string, ...lines: string[]): this {
    return this.line(...lines.map((l) => (l === '' ? prefix : `${prefix} ${l}`)));
  }

  blank(): this {
    if (this.lines.length && this.lines[this.lines.length - 1] !== '') this.lines.push('');
    return this;
  }

  toString(): string {
    const out = this.lines.join('\n').replace(/\n+$/, '');
    return `${out}\n`;
  }
}
