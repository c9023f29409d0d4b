// hdl-export/veriloga/preprocess.ts: the Verilog-A preprocessor, on tokens.
//
// - `include "disciplines.vams"` and `include "constants.vams"` are recognised, not read: the
//   first makes the standard disciplines (`electrical`, ...) known to the lint, the second
//   defines the LRM Annex D constants (`M_PI`, `P_Q`, `P_K`, ...). Any other file is a problem.
// - `define NAME body` (to the end of the line; `\` continues it) and `undef NAME`; `NAME
//   is replaced by the body's tokens, which take the position of the use. Macros with arguments
//   are not supported.
// - `ifdef / `ifndef / `elsif / `else / `endif.
// Blanks, newlines and comments are dropped. Nothing here throws.
import { rawLex, SKIPPED, type VaToken } from './lexer.js';
import type { VaProblem } from './ast.js';

/** The files `include` recognises. */
export const KNOWN_INCLUDES = ['disciplines.vams', 'constants.vams'] as const;

/** LRM 2.4 Annex D.2 (constants.vams). */
const CONSTANTS: Record<string, string> = {
  M_E: '2.7182818284590452354',
  M_LOG2E: '1.4426950408889634074',
  M_LOG10E: '0.43429448190325182765',
  M_LN2: '0.69314718055994530942',
  M_LN10: '2.30258509299404568402',
  M_PI: '3.14159265358979323846',
  M_TWO_PI: '6.28318530717958647652',
  M_PI_2: '1.57079632679489661923',
  M_PI_4: '0.78539816339744830962',
  M_1_PI: '0.31830988618379067154',
  M_2_PI: '0.63661977236758134308',
  M_2_SQRTPI: '1.12837916709551257390',
  M_SQRT2: '1.41421356237309504880',
  M_SQRT1_2: '0.70710678118654752440',
  P_Q: '1.6021918e-19',
  P_C: '2.997924562e8',
  P_K: '1.3806226e-23',
  P_H: '6.6260755e-34',
  P_EPS0: '8.85418792394420013968e-12',
  P_U0: '(4.0e-7 * 3.14159265358979323846)',
  P_CELSIUS0: '273.15',
};

/** Most nested macro expansions (a macro that uses itself would otherwise never end). */
const MAX_EXPANSION_DEPTH = 32;
/** Most macro-body tokens one file may expand (a macro that doubles at each level would never end). */
const MAX_EXPANDED = 5_000_000;

export interface Preprocessed {
  tokens: VaToken[];
  /** File names of the `include`s, in order. */
  includes: string[];
  problems: VaProblem[];
}

interface Macro {
  body: VaToken[];
}

interface Cond {
  /** This branch is being emitted. */
  active: boolean;
  /** Some branch of this `ifdef` was already taken. */
  taken: boolean;
  /** The enclosing branch is active. */
  parentActive: boolean;
  line: number;
  col: number;
}

export function preprocess(text: string, file: string): Preprocessed {
  const raw = rawLex(text);
  const tokens: VaToken[] = [];
  const includes: string[] = [];
  const problems: VaProblem[] = [];
  const macros = new Map<string, Macro>();
  const conds: Cond[] = [];
  const problem = (t: { line: number; col: number }, message: string) =>
    problems.push({ file, line: t.line, column: t.col, rule: 'preprocessor', message });
  const active = () => conds.length === 0 || conds[conds.length - 1]!.active;

  let i = 0;
  /** The next token on the same line (skipping blanks and block comments), or null. */
  const sameLine = (): VaToken | null => {
    while (i < raw.length && (raw[i]!.type === 'ws' || raw[i]!.type === 'block_comment' || raw[i]!.type === 'continuation')) i++;
    const t = raw[i];
    if (!t || t.type === 'nl' || t.type === 'line_comment') return null;
    i++;
    return t;
  };
  const skipLine = () => {
    while (i < raw.length && raw[i]!.type !== 'nl') i++;
  };

  let expanded = 0;
  const expand = (name: VaToken, depth: number, out: VaToken[]): void => {
    if (expanded > MAX_EXPANDED) return;
    const macro = macros.get(name.text.slice(1));
    if (!macro) {
      const n = name.text.slice(1);
      const hint = n in CONSTANTS && !includes.includes('constants.vams') ? ' (it is defined in constants.vams: add `include "constants.vams"`)' : '';
      problem(name, `macro \`${n}\` is not defined${hint}`);
      return;
    }
    if (depth >= MAX_EXPANSION_DEPTH) {
      problem(name, `macro \`${name.text.slice(1)}\` expands more than ${MAX_EXPANSION_DEPTH} levels deep (does it use itself?)`);
      return;
    }
    for (const b of macro.body) {
      if (++expanded > MAX_EXPANDED) {
        problem(name, `macro expansion stopped after ${MAX_EXPANDED} tokens`);
        return;
      }
      if (b.type === 'directive') expand({ ...b, line: name.line, col: name.col, offset: name.offset }, depth + 1, out);
      else out.push({ ...b, line: name.line, col: name.col, offset: name.offset });
    }
  };

  while (i < raw.length) {
    const t = raw[i++]!;
    if (SKIPPED.has(t.type)) continue;
    if (t.type !== 'directive') {
      if (active()) tokens.push(t);
      continue;
    }
    const name = t.text.slice(1);
    switch (name) {
      case 'ifdef':
      case 'ifndef':
      case 'elsif': {
        const id = sameLine();
        if (!id || !/^[A-Za-z_]/.test(id.text)) {
          problem(t, `\`${name} needs a macro name`);
          skipLine();
          if (name !== 'elsif') conds.push({ active: false, taken: true, parentActive: active(), line: t.line, col: t.col });
          break;
        }
        const defined = macros.has(id.text);
        if (name === 'elsif') {
          const top = conds[conds.length - 1];
          if (!top) {
            problem(t, '`elsif without `ifdef');
            break;
          }
          top.active = top.parentActive && !top.taken && defined;
          top.taken ||= top.active;
        } else {
          const parentActive = active();
          const on = parentActive && (name === 'ifdef' ? defined : !defined);
          conds.push({ active: on, taken: on, parentActive, line: t.line, col: t.col });
        }
        break;
      }
      case 'else': {
        const top = conds[conds.length - 1];
        if (!top) problem(t, '`else without `ifdef');
        else {
          top.active = top.parentActive && !top.taken;
          top.taken = true;
        }
        break;
      }
      case 'endif':
        if (!conds.pop()) problem(t, '`endif without `ifdef');
        break;
      default:
        if (!active()) break;
        switch (name) {
          case 'include': {
            const f = sameLine();
            if (!f || f.type !== 'string') {
              problem(t, '`include needs a file name in double quotes');
              skipLine();
              break;
            }
            const path = f.text.slice(1, -1);
            const base = path.replace(/^.*\//, '');
            includes.push(base);
            if (!(KNOWN_INCLUDES as readonly string[]).includes(base)) {
              problem(f, `cannot include "${path}": only "disciplines.vams" and "constants.vams" are known (files are not read)`);
            } else if (base === 'constants.vams') {
              for (const [k, v] of Object.entries(CONSTANTS)) {
                if (!macros.has(k)) macros.set(k, { body: rawLex(v).filter((x) => !SKIPPED.has(x.type)) });
              }
            }
            break;
          }
          case 'define': {
            const id = sameLine();
            if (!id || !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(id.text)) {
              problem(t, '`define needs a macro name');
              skipLine();
              break;
            }
            if (raw[i]?.type === '(') {
              problem(id, `macro \`${id.text}\` has arguments: macros with arguments are not supported`);
              skipLine();
              break;
            }
            const body: VaToken[] = [];
            while (i < raw.length && raw[i]!.type !== 'nl') {
              const b = raw[i++]!;
              if (b.type === 'line_comment') continue;
              if (!SKIPPED.has(b.type)) body.push(b);
            }
            macros.set(id.text, { body });
            break;
          }
          case 'undef': {
            const id = sameLine();
            if (!id) problem(t, '`undef needs a macro name');
            else macros.delete(id.text);
            break;
          }
          case 'resetall':
          case 'celldefine':
          case 'endcelldefine':
            break;
          case 'timescale':
          case 'default_nettype':
          case 'default_discipline':
          case 'default_transition':
          case 'line':
          case 'begin_keywords':
          case 'end_keywords':
          case 'unconnected_drive':
          case 'nounconnected_drive':
            problem(t, `\`${name} is not supported in the Verilog-A subset`);
            skipLine();
            break;
          default:
            expand(t, 0, tokens);
        }
    }
  }
  for (const c of conds) problem(c, '`ifdef/`ifndef is never closed by `endif');
  return { tokens, includes, problems };
}
