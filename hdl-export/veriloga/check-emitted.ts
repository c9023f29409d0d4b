// hdl-export/veriloga/check-emitted.ts: the two checks every emitted Verilog-A file must pass.
//
//   lintEmitted   the LRM lint (lint.ts) on one file, with the signatures (`knownModules`) of
//                 the modules it instantiates from other files of the same export (VaFile.uses:
//                 an array instantiates its device's cell model);
//   runAdms       admsXml 2.3.7 (Debian `adms`) on a file flagged `adms`, in a scratch folder
//                 (it writes .adms files next to its input). A file that uses others is checked
//                 through a wrapper that `include`s them first, then the file: admsXml reads one
//                 source, and the standard headers' include guards keep disciplines.vams from
//                 being read twice.
// The tests (emit.test.ts, examples.test.ts, kinds.test.ts) and anyone checking an export by
// hand use these; the export itself does not run them.
import { admsXml, type AdmsResult } from './adms.js';
import { lintVerilogA, signatureOf, type KnownModule, type LintResult } from './lint.js';
import { parseVerilogA } from './parse.js';
import type { VaFile } from './prepare.js';

/** An emitted file: what prepare.ts decided, and its text. */
export interface EmittedVa {
  file: VaFile;
  text: string;
}

/** Module name -> the emitted file that defines it. */
export function byModule(files: readonly EmittedVa[]): Map<string, EmittedVa> {
  const out = new Map<string, EmittedVa>();
  for (const f of files) for (const m of f.file.modules) out.set(m.name, f);
  return out;
}

/** The files `f` uses, each once, in the order of first use. */
export function usedFiles(f: EmittedVa, files: readonly EmittedVa[]): EmittedVa[] {
  const of = byModule(files);
  const out: EmittedVa[] = [];
  for (const u of f.file.uses) {
    const g = of.get(u);
    if (!g) throw new Error(`${f.file.path} uses module ${u}, which no emitted file defines`);
    if (!out.includes(g)) out.push(g);
  }
  return out;
}

/** The `knownModules` of the files `f` uses (parsed from their text, as a reader would). */
export function knownModulesOf(f: EmittedVa, files: readonly EmittedVa[]): Map<string, KnownModule> {
  const known = new Map<string, KnownModule>();
  for (const g of usedFiles(f, files)) for (const m of parseVerilogA(g.text, g.file.path).modules) known.set(m.name.name, signatureOf(m));
  return known;
}

export function lintEmitted(f: EmittedVa, files: readonly EmittedVa[]): LintResult {
  return lintVerilogA(f.text, f.file.path, { knownModules: knownModulesOf(f, files) });
}

export { ADMS_AVAILABLE, ADMS_XML, type AdmsResult } from './adms.js';

/** admsXml on a file flagged `adms`, after the files it uses (adms.ts). */
export function runAdms(f: EmittedVa, uses: readonly EmittedVa[] = []): AdmsResult {
  return admsXml([...uses, f].map((g) => ({ path: g.file.path, text: g.text })));
}
