// testbenches/csv.ts: read a CSV (or whitespace-separated) file of numbers into rows.
//
// Rules:
//   - A line's cells are separated by commas if the line has a comma (outside double quotes),
//     else by runs of spaces/tabs. Cells are trimmed; an empty cell (`1,,2`, `1,2,`) is an error.
//   - `#` starts a comment that runs to the end of the line (outside quotes); blank and
//     comment-only lines are skipped. A UTF-8 byte-order mark is ignored; \n, \r\n and \r end
//     lines.
//   - A cell may be wrapped in double quotes ("" inside stands for one quote).
//   - Header: the first non-blank line is a header, and skipped, only if EVERY cell in it is
//     non-numeric (and not NaN/Inf, which count as numbers here so that they are reported).
//     Otherwise it is data, and a non-numeric cell in it is an error.
//   - Numbers are decimal: optional sign, digits with an optional point, optional exponent
//     (`-1.5e-3`, `.5`, `5.`, `+2`). NaN, Inf/Infinity and values that overflow to infinity
//     are errors.
//   - Every row must have as many cells as the first data row (and as the header, if any);
//     a ragged row is an error.
// Errors are CsvError with a 1-based line and column (of the offending cell, or the end of the
// line) and a message `line:column: ...`, prefixed with `name:` when a name is given. An input
// with no data rows gives rows = [].
import { readFileSync } from 'node:fs';

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

export interface CsvTable {
  rows: number[][];
  /** The header's cell texts, if the first line was a header. */
  header: string[] | null;
}

interface Cell {
  text: string;
  /** 1-based column of the cell's first character. */
  col: number;
  quoted: boolean;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/** Parse CSV text. `name` (a path), if given, prefixes error messages. */
export function readCsv(text: string, name?: string): CsvTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r\n|\n|\r/);
  const rows: number[][] = [];
  let header: string[] | null = null;
  let width = -1;
  let widthLine = 0;
  let first = true;
  const fail = (line: number, col: number, msg: string): never => {
    throw new CsvError(`${name ? `${name}:` : ''}${line}:${col}: ${msg}`, line, col);
  };
  for (let li = 0; li < lines.length; li++) {
    const lineNo = li + 1;
    const cells = splitLine(lines[li]!, lineNo, fail);
    if (cells === null) continue;
    if (first) {
      first = false;
      if (cells.every((c) => !NUMBER.test(c.text) && !NON_FINITE.test(c.text))) {
        header = cells.map((c) => c.text);
        width = cells.length;
        widthLine = lineNo;
        continue;
      }
    }
    if (width >= 0 && cells.length !== width) {
      const col = cells.length > width ? cells[width]!.col : lines[li]!.replace(/\s*(#.*)?$/, '').length + 1;
      fail(lineNo, col, `row has ${cells.length} values, expected ${width} (as on line ${widthLine})`);
    }
    const row: number[] = [];
    for (const c of cells) {
      if (NON_FINITE.test(c.text)) fail(lineNo, c.col, `${JSON.stringify(c.text)}: NaN and infinite values are not allowed`);
      if (!NUMBER.test(c.text)) fail(lineNo, c.col, `not a number: ${JSON.stringify(c.text)}`);
      const v = Number(c.text);
      if (!Number.isFinite(v)) fail(lineNo, c.col, `${JSON.stringify(c.text)} overflows to infinity`);
      row.push(v);
    }
    if (width < 0) {
      width = row.length;
      widthLine = lineNo;
    }
    rows.push(row);
  }
  return { rows, header };
}

/** Read and parse a CSV file. */
export function readCsvFile(path: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CsvError(`${path}: cannot read: ${(e as Error).message}`, 0, 0);
  }
  return readCsv(text, path);
}

/** The cells of one line, or null for a blank or comment-only line. */
function splitLine(line: string, lineNo: number, fail: (line: number, col: number, msg: string) => never): Cell[] | null {
  // Find the comment start and whether there is a comma, both outside quotes.
  let end = line.length;
  let comma = false;
  let inQ = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') inQ = !inQ;
    else if (!inQ && ch === '#') {
      end = i;
      break;
    } else if (!inQ && ch === ',') comma = true;
  }
  if (inQ) fail(lineNo, line.lastIndexOf('"') + 1, 'unterminated quoted cell');
  const body = line.slice(0, end);
  if (body.trim() === '') return null;
  const cells: Cell[] = [];
  let i = 0;
  const n = body.length;
  const isWs = (c: string | undefined) => c === ' ' || c === '\t';
  for (;;) {
    while (i < n && isWs(body[i])) i++;
    const start = i;
    let text = '';
    let quoted = false;
    if (body[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= n) fail(lineNo, start + 1, 'unterminated quoted cell');
        if (body[i] === '"' && body[i + 1] === '"') {
          text += '"';
          i += 2;
        } else if (body[i] === '"') {
          i++;
          break;
        } else {
          text += body[i];
          i++;
        }
      }
      if (i < n && !isWs(body[i]) && !(comma && body[i] === ',')) fail(lineNo, i + 1, 'unexpected text after a quoted cell');
      while (i < n && isWs(body[i])) i++;
    } else {
      while (i < n && (comma ? body[i] !== ',' : !isWs(body[i]))) i++;
      text = body.slice(start, i).trim();
    }
    if (comma && !quoted && text === '') fail(lineNo, start + 1, 'empty cell');
    cells.push({ text, col: start + 1, quoted });
    if (comma) {
      while (i < n && isWs(body[i])) i++;
      if (i >= n) break;
      i++; // the comma
      if (i >= n || body.slice(i).trim() === '') fail(lineNo, i + 1, 'empty cell (trailing comma)');
    } else {
      while (i < n && isWs(body[i])) i++;
      if (i >= n) break;
    }
  }
  return cells;
}
