// emulator/trace/vcd-check.ts: a strict VCD checker (IEEE 1364-2005 §18 plus the rules of
// /work/shared/reference/eda.md §1.1 and §6). GTKWave and its tools are readers, not
// validators (eda.md §1.3): they accept over-wide values, bad digits, bad reals, bad time
// scales and missing $enddefinitions silently. This checker rejects all of them, with the line.
// The rules and the decisions where the standard is silent are listed in vcd-parse.ts.
import { parseVcd } from './vcd-parse.js';

export interface VcdCheckError {
  /** 1-based line. */
  line: number;
  message: string;
}

export interface VcdCheckResult {
  ok: boolean;
  errors: VcdCheckError[];
}

/** Stop collecting after this many errors (a last error says so). */
export const MAX_CHECK_ERRORS = 1000;

class TooMany extends Error {}

/** Check a whole VCD text; `ok` is true iff there are no errors. Errors are in file order. */
export function checkVcd(text: string): VcdCheckResult {
  const errors: VcdCheckError[] = [];
  try {
    parseVcd(text, {}, (line, message) => {
      if (errors.length >= MAX_CHECK_ERRORS) {
        errors.push({ line, message: `more than ${MAX_CHECK_ERRORS} errors; stopped checking` });
        throw new TooMany();
      }
      errors.push({ line, message });
    });
  } catch (e) {
    if (!(e instanceof TooMany)) throw e;
  }
  errors.sort((a, b) => a.line - b.line);
  return { ok: errors.length === 0, errors };
}

/** `file:line: message` lines, for test failure output and CLI use. */
export function formatVcdErrors(result: VcdCheckResult, file = '<vcd>'): string {
  return result.errors.map((e) => `${file}:${e.line}: ${e.message}`).join('\n');
}
