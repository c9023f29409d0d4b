// Every component kind the language declares (the schema registry, dsl/schema/index.ts) has a
// Verilog-A model: testdata/kinds/all-kinds.xbar uses each kind in a tile, and each exported
// module lints clean, passes admsXml where it is flagged `adms`, declares every parameter of
// the description (value, `from` range where the schema has one, `desc` and `units`
// attributes) and names its source file and declaration line in its header. A kind added to
// the registry without a component in all-kinds.xbar (and, for a new category, a model in
// models/) fails here.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KINDS } from '../../dsl/schema/index.js';
import type { VaParamDecl } from './ast.js';
import { ADMS_AVAILABLE, lintEmitted, runAdms, usedFiles, type EmittedVa } from './check-emitted.js';
import { declaredParams } from './models/common.js';
import { parseVerilogA } from './parse.js';
import { exportVa, loadFile, ROOT, type VaExport } from './test-fixtures.js';

const SOURCE = 'hdl-export/veriloga/testdata/kinds/all-kinds.xbar';
const sourceLines = readFileSync(path.join(ROOT, SOURCE), 'utf8').split('\n');
const admsTest = ADMS_AVAILABLE ? test : test.skip;

let cached: VaExport | null = null;
const all = () => (cached ??= exportVa(loadFile(SOURCE)));

function fileOf(x: VaExport, module: string): EmittedVa {
  return x.files.find((f) => f.file.modules.some((m) => m.name === module))!;
}

/** 1-based line of a component's declaration: `device d_pcm : ...`, or `inst` inside `tile T {`. */
function declarationLine(name: string): number {
  const [tile, inst] = name.includes('.') ? name.split('.') : [null, name];
  let from = 0;
  if (tile) from = sourceLines.findIndex((l) => l.startsWith(`tile ${tile} {`));
  const re = tile ? new RegExp(`\\b${inst}(\\[|\\s*\\{|;)`) : new RegExp(`^(device|dac|adc|digital|shift_add) ${inst} `);
  const k = sourceLines.findIndex((l, i) => i > from && re.test(l));
  if (from < 0 || k < 0) throw new Error(`no declaration of ${name} in ${SOURCE}`);
  return k + 1;
}

test('all-kinds.xbar uses every kind of the schema registry, and each has a model file', (t) => {
  const x = all();
  const exported = new Set(x.plan.components.map((c) => c.component.kindName));
  const missing = Object.keys(KINDS).filter((k) => !exported.has(k));
  t.deepEqual(missing, [], `kinds without a component in ${SOURCE} (add one; a new category also needs a model in models/)`);
  for (const pc of x.plan.components) {
    const f = fileOf(x, pc.module);
    t.truthy(f, pc.module);
    t.is(f.file.path, `${pc.module}.va`);
    t.is(f.file.modules[f.file.modules.length - 1]!.name, pc.module, 'the component\'s own module is the last of its file');
  }
  t.log(`${Object.keys(KINDS).length} kinds, ${x.plan.components.length} components, ${x.files.length} files`);
});

test('the ADMS subset: memory cells, arrays, integrators and the column readout; the rest is event-driven', (t) => {
  const x = all();
  for (const pc of x.plan.components) {
    const expected = ['device', 'crossbar', 'integrator'].includes(pc.component.category);
    t.is(fileOf(x, pc.module).file.adms, expected, `${pc.module} (${pc.component.category})`);
  }
  const readout = x.files.find((f) => f.file.path === 'column_readout.va');
  t.true(readout?.file.adms);
});

test('every file lints clean (with the knownModules of the files it uses)', (t) => {
  const x = all();
  const t0 = performance.now();
  for (const f of x.files) t.deepEqual(lintEmitted(f, x.files).problems, [], f.file.path);
  t.log(`${x.files.length} files, ${x.files.reduce((n, f) => n + f.text.split('\n').length - 1, 0)} lines, lint ${(performance.now() - t0).toFixed(0)} ms`);
});

admsTest('admsXml accepts every file flagged adms (with the files it uses), and rejects the others', (t) => {
  const x = all();
  let ms = 0;
  for (const f of x.files) {
    const r = f.file.adms ? runAdms(f, usedFiles(f, x.files)) : runAdms(f);
    ms += r.ms;
    t.is(r.ok, f.file.adms, `${f.file.path}: ${r.command}\n${r.output}`);
  }
  t.log(`${x.files.length} admsXml runs, ${ms.toFixed(0)} ms`);
});

test('each module declares the description\'s parameters: value, `from` range, desc and units', (t) => {
  const x = all();
  let checked = 0;
  for (const pc of x.plan.components) {
    const f = fileOf(x, pc.module);
    const model = x.prepared.models.get(pc)!;
    const mod = parseVerilogA(f.text, f.file.path).modules.find((m) => m.name.name === pc.module)!;
    const decls = mod.items.filter((i): i is VaParamDecl => i.kind === 'parameter');
    const declOf = (name: string) => decls.find((d) => d.params.some((p) => p.name.name === name));
    const lineOf = (name: string) => f.text.split('\n').find((l) => new RegExp(`parameter \\w+ ${name} = `).test(l)) ?? '';
    const schema = KINDS[pc.component.kindName]!.schema;
    for (const p of declaredParams(pc)) {
      const va = model.params.get(p.name) ?? p.name;
      const d = declOf(va);
      if (!d) {
        t.fail(`${pc.module}: no parameter ${va} for ${p.name}`);
        continue;
      }
      checked++;
      const at = `${pc.module}.${va}`;
      t.is(d.type, p.type, at);
      const v = d.params[0]!.value;
      if (p.type === 'string') t.deepEqual(v.kind === 'string' ? v.value : null, p.value, at);
      else t.is(v.kind === 'number' ? v.value : v.kind === 'unary' && v.operand.kind === 'number' ? -v.operand.value : NaN, p.value as number, at);
      const attr = (n: string) => d.attrs.find((a) => a.name === n)?.value;
      const desc = attr('desc');
      const units = attr('units');
      t.true(desc?.kind === 'string' && desc.value === p.desc && p.desc.length > 3, `${at}: desc`);
      t.true(units?.kind === 'string' && units.value === p.unit, `${at}: units`);
      const spec = schema[p.name];
      const r = spec?.range;
      const bounded = r !== undefined && (r.min !== undefined || r.max !== undefined || (r.oneOf?.length ?? 0) > 0);
      const ranged = p.type !== 'string' && (bounded || spec?.type.k === 'bool');
      t.is(p.range !== '', ranged, `${at}: a range exactly where the schema has one`);
      if (ranged) t.true(lineOf(va).endsWith(` ${p.range};`), `${at}: ${lineOf(va)}`);
    }
    // The behaviour's own parameters (vth, t_edge, seed, g_prog, ...) carry desc and units too.
    for (const d of decls) {
      t.truthy(d.attrs.find((a) => a.name === 'desc'), `${pc.module}.${d.params[0]!.name.name}: desc`);
      t.truthy(d.attrs.find((a) => a.name === 'units'), `${pc.module}.${d.params[0]!.name.name}: units`);
    }
  }
  t.log(`${checked} description parameters checked`);
});

test('the converters\' resolution and timing, the cells\' conductances, drift and read noise are parameters', (t) => {
  const x = all();
  const text = (m: string) => fileOf(x, m).text;
  const has = (m: string, re: RegExp) => t.regex(text(m), re, m);
  for (const m of ['d_pwm', 'd_volt', 'd_bs', 'a_sar', 'a_flash', 'a_ramp', 'a_cco', 'a_pipe']) has(m, /parameter integer bits = \d+ from \[1:16\];/);
  has('d_pwm', /units="s" \*\) parameter real t_lsb = 2e-9 from \(0:inf\);/);
  has('d_bs', /parameter integer bits_per_cycle = 2 from \[1:16\];/);
  has('d_bs', /units="s" \*\) parameter real t_cycle = 1e-8 from \(0:inf\);/);
  has('a_flash', /units="s" \*\) parameter real t_conv = 2e-9 from \(0:inf\);/);
  has('a_cco', /units="s" \*\) parameter real t_lsb = 3e-10 from \(0:inf\);/);
  has('a_pipe', /parameter integer mux = 2 from \[1:4096\];/);
  has('t_volt_integ', /parameter real t_norm = 2e-8 from \(0:inf\);/);
  for (const m of ['d_pcm', 'd_hermes', 'd_si', 'd_table']) {
    for (const p of ['g_prog', 'nu', 't0', 't_inference', 'read_dev']) has(m, new RegExp(`parameter real ${p} = `));
  }
  has('d_pcm', /parameter real read_noise_scale = 0\.5 from \[0:inf\);/);
  has('d_hermes', /parameter integer num_devices = 1 from \[1:2\];/);
  has('d_si', /parameter real nu_mean = 0\.08 from \[0:inf\);/);
  has('d_cmo', /parameter real acceptance_range = 0\.002 from \[0\.002:0\.02\] exclude \(0\.002:0\.02\);/);
  has('d_cmo', /parameter real drift_scale = 2 from \[0:inf\);/);
  has('d_ecram', /parameter real dw_min = 0\.004 from \(0:inf\);/);
  has('d_table', /parameter real read_noise = 0\.01 from \[0:inf\);/);
  for (const m of ['d_pcm', 'd_wan', 'd_cmo', 'd_ecram', 'd_ideal']) has(m, /units="S" \*\) parameter real g_max = \S+ from \(0:inf\);/);
});

test('each header names the source file and the declaration line (or, for a built-in kind, where it is used)', (t) => {
  const x = all();
  for (const pc of x.plan.components) {
    const c = pc.component;
    const header = fileOf(x, pc.module).text.split('\n').slice(0, 4).join('\n');
    t.regex(header, new RegExp(`^// ${pc.module}\\.va: Verilog-A behavioural model of `), pc.module);
    t.true(header.includes(`Generated by xbar (test) from ${SOURCE}; regenerate it rather than edit it.`), pc.module);
    if (c.name === c.kindName) {
      t.true(header.includes(`\`${c.name}\` (${c.category}) is the built-in kind ${c.kindName} with its defaults (no declaration; used at ${SOURCE}:${declarationLine('t_bs.post')}).`), header);
    } else {
      t.true(header.includes(`\`${c.name}\` (${c.category}, kind ${c.kindName}) is declared at ${SOURCE}:${declarationLine(c.name)}.`), header);
    }
  }
});
