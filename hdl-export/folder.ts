// hdl-export/folder.ts: write an export folder so that it is whole or absent.
//
// The files are written into a fresh sibling folder `DIR.xbar-tmp-<pid>`; only when every
// file is written do they move into DIR (created if needed; files of the same names are
// replaced, others left alone). A failure removes the temporary folder: nothing half-written
// is left where the user looks. The manifest says which file holds which module and where
// each parameter came from (`undefined`: no manifest, as for `xbar sim --report`).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface OutFile {
  /** Path inside the folder (forward slashes). */
  path: string;
  text: string;
  /** Binary content instead of `text` (written as it is). */
  bytes?: Uint8Array;
  /** What the file holds: module names and the xbar entity each comes from. */
  holds: { module: string; from: string; declaredAt?: string }[];
}

export class FolderError extends Error {}

/** Check that `dir` can be an output folder (absent, or a folder). */
export function checkOutputDir(dir: string, display = dir): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new FolderError(`the output ${display} exists and is not a folder`);
  let parent = path.dirname(path.resolve(dir));
  while (!existsSync(parent)) parent = path.dirname(parent);
  if (!statSync(parent).isDirectory()) throw new FolderError(`cannot create ${display}: a file stands in its path`);
}

export function writeFolder(dir: string, files: readonly OutFile[], manifest: unknown, display = dir): void {
  checkOutputDir(dir, display);
  const abs = path.resolve(dir);
  const tmp = `${abs}.xbar-tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    for (const f of files) {
      const p = path.join(tmp, f.path);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, f.bytes ?? f.text);
    }
    if (manifest !== undefined) writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    mkdirSync(abs, { recursive: true });
    const move = (rel: string) => {
      const from = path.join(tmp, rel);
      const to = path.join(abs, rel);
      if (statSync(from).isDirectory()) {
        mkdirSync(to, { recursive: true });
        for (const e of readdirSync(from)) move(path.join(rel, e));
      } else renameSync(from, to);
    };
    for (const e of readdirSync(tmp)) move(e);
  } catch (e) {
    throw new FolderError(`cannot write ${display}: ${(e as Error).message.replace(tmp, display)}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
