// grammar/lexer-adapter.ts: feeds an already-lexed token array to nearley.
//
// nearley asks its lexer for tokens one at a time. The parse façade lexes a whole file once
// (lexer.ts) and parses it item by item, so the parser's lexer is this adapter over a slice
// of that token array. Literals in the grammar match a token's `text`, `%type` its `type`.
// Generic over the token type: the Verilog-A parser (hdl-export/veriloga/) uses it too.
import type { PToken } from './ast-builders.js';

export class TokenArrayLexer<T extends { text: string } = PToken> {
  private tokens: readonly T[] = [];
  private pos = 0;

  load(tokens: readonly T[]): void {
    this.tokens = tokens;
    this.pos = 0;
  }

  reset(_chunk: string, _state?: unknown): void {
    // The tokens were loaded with `load`; nearley's text chunk is unused.
  }

  next(): T | undefined {
    return this.tokens[this.pos++];
  }

  save(): Record<string, never> {
    return {};
  }

  formatError(token: T): string {
    return `unexpected ${token.text}`;
  }

  has(_type: string): boolean {
    return true;
  }
}

/** The lexer object the generated grammar names; each parse installs its own TokenArrayLexer. */
export const grammarLexer = new TokenArrayLexer();
