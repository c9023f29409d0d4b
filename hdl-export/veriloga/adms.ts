// hdl-export/veriloga/adms.ts: admsXml 2.3.7 (Debian `adms`) as a Verilog-A checker, for the
// tests of every format that emits Verilog-A (see ../shared/reference/eda.md §3.3).
//
// admsXml reads one source and writes .adms files next to it, so the files go to a scratch
// folder. With several files, the last is the one checked: a wrapper `include`s them in order
// (the standard headers' include guards keep disciplines.vams from being read twice), so a
// programmed array can be checked with its cell model.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ADMS_XML = '/usr/bin/admsXml';
export const ADMS_AVAILABLE = existsSync(ADMS_XML);

/** The admst script of eda.md §3.3: lists the modules, nodes and variables it read. */
export const ADMS_SCRIPT = `<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE admst SYSTEM "admst.dtd">
<admst version="2.3.0" xmlns:admst="http://mot-adms.sourceforge.net/xml-files/admst">
<admst:for-each select="/module">
  <admst:message format="module %(name)\\n"/>
  <admst:for-each select="node"><admst:message format="  node %(name) location=%(location) direction=%(direction)\\n"/></admst:for-each>
  <admst:for-each select="variable"><admst:message format="  variable %(name) type=%(type) input=%(input) scope=%(scope)\\n"/></admst:for-each>
</admst:for-each>
</admst>
`;

export interface AdmsResult {
  /** Exit status 0 and no `[fatal` message. */
  ok: boolean;
  /** Modules admsXml reports having read. */
  modules: string[];
  output: string;
  /** The command, relative to the scratch folder. */
  command: string;
  ms: number;
}

/** `admsXml FILE -I /usr/include/adms -I . -e check.xml` on the last of `files`, after the others. */
export function admsXml(files: readonly { path: string; text: string }[]): AdmsResult {
  const last = files[files.length - 1];
  if (!last) throw new Error('admsXml: no file');
  const dir = mkdtempSync(path.join(tmpdir(), 'xbar-adms-'));
  try {
    writeFileSync(path.join(dir, 'check.xml'), ADMS_SCRIPT);
    for (const f of files) writeFileSync(path.join(dir, f.path), f.text);
    let input = last.path;
    if (files.length > 1) {
      input = `check_${last.path}`;
      writeFileSync(path.join(dir, input), files.map((f) => `\`include "${f.path}"\n`).join(''));
    }
    const args = [input, '-I', '/usr/include/adms', '-I', '.', '-e', 'check.xml'];
    const t0 = performance.now();
    const r = spawnSync(ADMS_XML, args, { cwd: dir, encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 28 });
    const ms = performance.now() - t0;
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    const modules = [...output.matchAll(/\] module (\S+)/g)].map((m) => m[1]!);
    return { ok: r.status === 0 && !output.includes('[fatal'), modules, output, command: `admsXml ${args.join(' ')}`, ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
