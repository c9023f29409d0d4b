// dsl/load.ts: read a root file and everything it imports, and parse each once.
//
// 1. Read and parse the root file.
// 2. Depth-first (an explicit stack, not recursion) over `import` items in source order: `xbar/<name>` resolves into the
//    built-in library folder (dsl/lib/<name>.xbar), anything else relative to the
//    importing file. A file already on the DFS stack closes a cycle (E2011); a file
//    already loaded is not read again (diamond imports are fine).
// 3. Files come out imports first (post-order), so a name that an importing file declares
//    again is reported in the importing file; parse and import diagnostics are collected.
//    The imports of a file with syntax errors are not followed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '../grammar/parse.js';
import type { FileAst, ImportItem, Span } from './ast.js';
import { diag, type Diagnostic } from './diagnostics/diagnostic.js';
import { SourceSet, type SourceFile } from './diagnostics/source.js';

export interface SourceHost {
  /** File text, or null if it does not exist or cannot be read as a file. */
  read(absPath: string): string | null;
  exists(absPath: string): boolean;
  /** Folder that `import "xbar/..."` resolves into. */
  libraryDir: string;
  /** How a path is shown to users: relative to the working directory. */
  display(absPath: string): string;
}

/** The package root (the folder with xbar's package.json), found from this module's location. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj) && JSON.parse(readFileSync(pj, 'utf8')).name === 'xbar') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('internal: cannot find the xbar package root');
    dir = up;
  }
}

export const LIBRARY_PREFIX = 'xbar/';

export function nodeHost(cwd: string = process.cwd()): SourceHost {
  const libraryDir = path.join(packageRoot(), 'dsl', 'lib');
  return {
    read(p) {
      try {
        if (!statSync(p).isFile()) return null;
        return readFileSync(p, 'utf8');
      } catch {
        return null;
      }
    },
    exists: (p) => existsSync(p),
    libraryDir,
    display(p) {
      if (p.startsWith(libraryDir + path.sep)) return `<${LIBRARY_PREFIX}${path.relative(libraryDir, p).replace(/\.xbar$/, '')}>`;
      const rel = path.relative(cwd, p);
      return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
    },
  };
}

/** A host over in-memory files (for tests); the library still comes from disk. */
export function memoryHost(files: Readonly<Record<string, string>>, cwd = '/virtual'): SourceHost {
  const disk = nodeHost(cwd);
  const abs = (p: string) => path.resolve(cwd, p);
  const mem = new Map(Object.entries(files).map(([k, v]) => [abs(k), v]));
  return {
    read: (p) => mem.get(p) ?? (p.startsWith(disk.libraryDir) ? disk.read(p) : null),
    exists: (p) => mem.has(p) || (p.startsWith(disk.libraryDir) && disk.exists(p)),
    libraryDir: disk.libraryDir,
    display: (p) => disk.display(p),
  };
}

export interface Loaded {
  sources: SourceSet;
  /** Parsed files, each after the files it imports (the root last). */
  files: FileAst[];
  root: SourceFile;
  /** Ids of files from the built-in library. */
  library: Set<number>;
  diagnostics: Diagnostic[];
}

export function isLibraryPath(p: string, host: SourceHost): boolean {
  return p.startsWith(host.libraryDir + path.sep);
}

/** Load `rootPath`; null if the root file itself cannot be read (a usage error for the CLI). */
export function load(rootPath: string, host: SourceHost, sources = new SourceSet()): Loaded | null {
  const rootAbs = path.resolve(rootPath);
  const rootText = host.read(rootAbs);
  if (rootText === null) return null;
  const diagnostics: Diagnostic[] = [];
  const files: FileAst[] = [];
  const library = new Set<number>();
  const byPath = new Map<string, SourceFile>();

  // Depth-first with an explicit stack (an import chain can be thousands of files deep).
  interface Frame {
    file: SourceFile;
    ast: FileAst;
    imports: ImportItem[];
    next: number;
    via: ImportItem | null;
  }
  const stack: Frame[] = [];
  const onStack = new Set<string>();
  const open = (abs: string, text: string, via: ImportItem | null): void => {
    const sf = sources.add(abs, host.display(abs), text);
    byPath.set(abs, sf);
    if (isLibraryPath(abs, host)) library.add(sf.id);
    const parsed = parse(sf);
    for (const d of parsed.diagnostics) diagnostics.push(d);
    // A file with syntax errors: its imports may be mangled (a bad escape in the path), and
    // the run stops after loading anyway.
    const broken = parsed.diagnostics.some((d) => d.severity === 'error');
    const imports = broken ? [] : parsed.ast.items.filter((i): i is ImportItem => i.kind === 'import');
    stack.push({ file: sf, ast: parsed.ast, imports, next: 0, via });
    onStack.add(abs);
  };
  open(rootAbs, rootText, null);
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.imports.length) {
      stack.pop();
      onStack.delete(top.file.path);
      files.push(top.ast);
      continue;
    }
    const item = top.imports[top.next++]!;
    const target = resolveImport(item, top.file, host);
    if (onStack.has(target)) {
      const from = stack.findIndex((f) => f.file.path === target);
      diagnostics.push(cycleDiagnostic(stack.slice(from), item, sources));
      continue;
    }
    if (byPath.has(target)) continue;
    const t = host.read(target);
    if (t === null) {
      diagnostics.push(notFound(item, target, host));
      continue;
    }
    open(target, t, item);
  }
  return { sources, files, root: sources.get(0), library, diagnostics };
}

function resolveImport(item: ImportItem, from: SourceFile, host: SourceHost): string {
  const p = item.path.value;
  if (p.startsWith(LIBRARY_PREFIX)) {
    const rest = p.slice(LIBRARY_PREFIX.length);
    return path.join(host.libraryDir, rest.endsWith('.xbar') ? rest : `${rest}.xbar`);
  }
  return path.resolve(path.dirname(from.path), p);
}

function notFound(item: ImportItem, target: string, host: SourceHost): Diagnostic {
  const p = item.path.value;
  const help: string[] = [];
  if (p.startsWith(LIBRARY_PREFIX)) help.push('the built-in library has `xbar/presets`');
  else if (!p.endsWith('.xbar')) help.push(`imports name the file with its extension: \`import "${p}.xbar";\``);
  return diag('E2010', `cannot import \`${p}\`: no such file`, item.path.span, {
    label: `looked for ${host.display(target)}`,
    notes: p.startsWith(LIBRARY_PREFIX) ? [] : ['import paths are relative to the importing file'],
    help,
  });
}

function cycleDiagnostic(chain: readonly { file: SourceFile; via: ImportItem | null }[], closing: ImportItem, sources: SourceSet): Diagnostic {
  const names = [...chain.map((c) => c.file.display), chain[0]!.file.display];
  const labels: { span: Span; message: string }[] = [];
  for (const c of chain.slice(1)) if (c.via) labels.push({ span: c.via.span, message: `${sources.get(c.via.span.file).display} imports ${c.file.display}` });
  return diag('E2011', `import cycle: ${names.join(' -> ')}`, closing.span, {
    label: 'this import closes the cycle',
    labels,
    help: 'move the shared declarations into a file that both import',
  });
}
