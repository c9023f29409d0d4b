// Generate the nearley parsers from their .ne sources (build output: never edit the generated
// files; run `npm run gen:grammar`):
//   grammar/main.ne                  -> grammar/generated/xbar-grammar.ts (the xbar language)
//   hdl-export/veriloga/grammar/main.ne -> hdl-export/veriloga/generated/va-grammar.ts (Verilog-A)
// Each source (with its @includes) must have exactly one parse as a nearley grammar. Fails
// (exit 1) if nearley's compiler reports an error or its linter a warning.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const nearley = require('nearley');
const compile = require('nearley/lib/compile.js');
const generate = require('nearley/lib/generate.js');
const lint = require('nearley/lib/lint.js');
const bootstrapped = require('nearley/lib/nearley-language-bootstrapped.js');

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

// Inline `@include "x.ne"` ourselves: nearley compiles included files without the main
// file's @lexer, which turns their `%token`s into undeclared names.
function inline(file, seen = new Set()) {
  if (seen.has(file)) throw new Error(`gen-grammar: ${file} included twice`);
  seen.add(file);
  return readFileSync(file, 'utf8').replace(/^@include\s+"([^"]+)"\s*$/gm, (_, inc) =>
    inline(path.join(path.dirname(file), inc), seen),
  );
}

/**
 * Compile `input` (a .ne file) to the TypeScript module `output`. The grammar must name its
 * lexer `grammarLexer` (declared with every token type) and import its builders as `b`, with a
 * `b.cons(list, item)`. Exits the process with status 1 on any problem.
 */
function generateGrammar(input, output) {
  const name = path.relative(root, input);
  const parser = new nearley.Parser(nearley.Grammar.fromCompiled(bootstrapped));
  parser.feed(inline(input));
  parser.feed('\n');
  if (parser.results.length !== 1) {
    console.error(`gen-grammar: ${name} has ${parser.results.length} parses (expected 1)`);
    process.exit(1);
  }
  const version = require('nearley/package.json').version;
  const compiled = compile(parser.results[0], { args: [input], version });
  let warnings = '';
  lint(compiled, { out: { write: (s) => { warnings += s; } }, version });
  if (warnings.trim()) {
    console.error(`gen-grammar: nearley lint (${name}):\n${warnings}`);
    process.exit(1);
  }
  // nearley emits `(lexer.has("t") ? {type: "t"} : t)` with `declare var t` lines that do not
  // type-check for `number`/`string`; our lexers have every type, so keep the `{type}` object only.
  const code = generate(compiled, 'grammar').replace(
    /\(grammarLexer\.has\("(\w+)"\) \? \{type: "\w+"\} : \w+\)/g,
    (_, t) => `{type: "${t}"}`,
  )
    // nearley grows `X:*` / `X:+` lists with `d[0].concat([d[1]])`: a copy per element, so a
    // list of n elements costs O(n^2). Grow a persistent cons chain instead (O(1)); the
    // builders turn it into an array once (`items`).
    .replaceAll('"postprocess": (d) => d[0].concat([d[1]])', '"postprocess": (d) => b.cons(d[0], d[1])')
    .replace(
    'type NearleySymbol = string | { literal: any } | { test: (token: any) => boolean };',
    'type NearleySymbol = string | { literal: any } | { type: string } | { test: (token: any) => boolean };',
  );
  if (/grammarLexer\.has\(/.test(code) || code.includes('.concat(')) {
    console.error(`gen-grammar: unexpected token reference left in the code generated from ${name}`);
    process.exit(1);
  }
  mkdirSync(path.dirname(output), { recursive: true });
  // Write through a temporary file so a half-written grammar is never left in place.
  writeFileSync(output + '.tmp', code);
  renameSync(output + '.tmp', output);
  console.log(`gen-grammar: wrote ${path.relative(root, output)} (${compiled.rules.length} rules)`);
}

generateGrammar(
  path.join(root, 'grammar', 'main.ne'),
  path.join(root, 'grammar', 'generated', 'xbar-grammar.ts'),
);
generateGrammar(
  path.join(root, 'hdl-export', 'veriloga', 'grammar', 'main.ne'),
  path.join(root, 'hdl-export', 'veriloga', 'generated', 'va-grammar.ts'),
);
