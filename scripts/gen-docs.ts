// scripts/gen-docs.ts: generate docs/components.md (from dsl/schema) and docs/diagnostics.md
// (from dsl/diagnostics/codes.ts). Run `npm run gen:docs`; test/docs-generated.test.ts
// fails when the committed files differ from what this prints.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Category } from '../dsl/ast.js';
import { CODES, type CodeInfo } from '../dsl/diagnostics/codes.js';
import { portNames } from '../dsl/ir/ports.js';
import { BLOCK_SCHEMAS, DEFAULT_KIND, KINDS, kindsOf } from '../dsl/schema/index.js';
import { describeType, type ParamSpec, type Range, type Schema } from '../dsl/schema/types.js';
import { DIMS, formatQuantity } from '../dsl/units.js';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function rangeText(r: Range | undefined, spec: ParamSpec): string {
  if (!r) return '';
  const t = spec.type;
  const f = (x: number) => (t.k === 'quantity' && t.dim !== 'none' ? formatQuantity({ value: x, dim: DIMS[t.dim].dim }) : String(x));
  if (r.oneOf) return `one of ${r.oneOf.map(f).join(', ')}`;
  const lo = r.min === undefined ? '' : `${r.minExclusive ? '>' : '≥'} ${f(r.min)}`;
  const hi = r.max === undefined ? '' : `${r.maxExclusive ? '<' : '≤'} ${f(r.max)}`;
  return [lo, hi].filter(Boolean).join(', ');
}

function table(schema: Schema): string[] {
  const out = ['| parameter | type | default | range | meaning | source of the default |', '|---|---|---|---|---|---|'];
  for (const [name, spec] of Object.entries(schema)) {
    const dflt = spec.required ? '**required**' : spec.default ? `\`${spec.default.text}\`` : 'unset';
    out.push(`| \`${name}\` | ${cell(describeType(spec.type))} | ${cell(dflt)} | ${cell(rangeText(spec.range, spec))} | ${cell(spec.doc)} | ${cell(spec.source ?? '')} |`);
  }
  return out;
}

const CATEGORY_TITLES: Record<Category, string> = {
  device: 'Devices (`device`)', dac: 'DACs (`dac`)', adc: 'ADCs (`adc`)', crossbar: 'Crossbar arrays (`crossbar`)',
  sample_hold: 'Sample-and-hold (`sample_hold`)', integrator: 'Integrators (`integrator`)', shift_add: 'Shift-and-add (`shift_add`)',
  digital: 'Digital post-processing (`digital`)', buffer: 'Buffers (`buffer`)',
};

export function componentsDoc(): string {
  const out: string[] = [
    '# Component kinds and their parameters',
    '',
    'Generated from `dsl/schema/` by `npm run gen:docs`; do not edit by hand. The language itself is described in [language.md](language.md).',
    '',
    'Values are written with units (`25 uS`, `1 ns`) and stored in SI units. A default written as a rule (for example `(bits + 2) ns`) is computed from the other parameters of the same component. "Source" cites the reference notes in `../shared/reference/` (devices.md, periphery.md, chips.md) and, through them, the upstream tool or paper. A parameter without a default and not required stays unset.',
    '',
  ];
  for (const cat of Object.keys(CATEGORY_TITLES) as Category[]) {
    out.push(`## ${CATEGORY_TITLES[cat]}`, '');
    const ports = portNames(cat);
    const kinds = kindsOf(cat);
    out.push(`Kinds: ${kinds.map((k) => `\`${k}\``).join(', ')}.${DEFAULT_KIND[cat] ? ` Declared without a base, a ${cat} is a \`${DEFAULT_KIND[cat]}\`.` : ''}${ports ? ` Ports: \`${ports.in}\` (input), \`${ports.out}\` (output).` : ''}`, '');
    for (const k of kinds) {
      out.push(`### \`${k}\``, '', KINDS[k]!.doc, '', ...table(KINDS[k]!.schema), '');
    }
  }
  out.push('## Blocks', '');
  for (const [name, schema] of Object.entries(BLOCK_SCHEMAS)) out.push(`### \`${name}\``, '', ...table(schema), '');
  return out.join('\n');
}

export function diagnosticsDoc(): string {
  const out: string[] = [
    '# Diagnostics',
    '',
    'Generated from `dsl/diagnostics/codes.ts` by `npm run gen:docs`; do not edit by hand.',
    '',
    'Every problem xbar reports has a stable code, banded by phase: E1xxx lexing and parsing, E2xxx elaboration (names, imports, values, units), E3xxx checks on the elaborated design, E4xxx problems found while a testbench runs (`xbar sim`, `xbar test`), E5xxx export requests (`xbar export`), E9xxx internal errors. Each is printed with `file:line:col`, the source line and a caret where it has a place in the description; `xbar check --format json` gives the same data as JSON.',
    '',
    'Warnings (W codes) have an id that `--warn ID=off|warn|error` re-levels. Errors cannot be turned off. Each E1-E3 code has at least one case in `test/bad/`; the E4 codes are tested in `testbenches/bad-runs.test.ts`, the E5 codes in `hdl-export/export.test.ts`.',
    '',
    '| code | id | severity | meaning |',
    '|---|---|---|---|',
  ];
  for (const [code, info] of Object.entries(CODES) as [string, CodeInfo][]) out.push(`| ${code} | \`${info.id}\` | ${info.severity} | ${cell(info.summary)} |`);
  out.push('');
  return out.join('\n');
}

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const GENERATED: Record<string, () => string> = {
  'docs/components.md': componentsDoc,
  'docs/diagnostics.md': diagnosticsDoc,
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [file, gen] of Object.entries(GENERATED)) {
    writeFileSync(path.join(root, file), gen());
    console.log(`gen-docs: wrote ${file}`);
  }
}
