// The lint can fail on what the export writes: emitted files, broken on purpose in the LRM
// sense, give exactly the expected problems (and ADMS, where it can read the file, misses the
// LRM ones). Each case edits one emitted file of the tiny example or of all-kinds.xbar.
import test from 'ava';
import { ADMS_AVAILABLE, lintEmitted, runAdms, usedFiles, type EmittedVa } from './check-emitted.js';
import { exportVa, loadFile, type VaExport } from './test-fixtures.js';

let tinyX: VaExport | null = null;
let kindsX: VaExport | null = null;
const tiny = () => (tinyX ??= exportVa(loadFile('examples/tiny/tiny.xbar')));
const kinds = () => (kindsX ??= exportVa(loadFile('hdl-export/veriloga/testdata/kinds/all-kinds.xbar')));

function file(x: VaExport, path: string): EmittedVa {
  const f = x.files.find((g) => g.file.path === path);
  if (!f) throw new Error(`no ${path}`);
  return f;
}

/** The file with `edit` applied (which must change it), linted with the other files of its export. */
function broken(x: VaExport, path: string, edit: (text: string) => string) {
  const f = file(x, path);
  const text = edit(f.text);
  if (text === f.text) throw new Error(`the edit does not change ${path}`);
  const g: EmittedVa = { file: f.file, text };
  const r = lintEmitted(g, x.files);
  const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  return { g, r, rules: r.problems.map((p) => `${p.rule}@${p.line}`).sort(), lineOf };
}

test('the unbroken files lint clean (the baseline of the cases below)', (t) => {
  for (const x of [tiny(), kinds()]) for (const f of x.files) t.true(lintEmitted(f, x.files).ok, f.file.path);
});

test('DAC: the transition() contribution moved inside the @(cross) block', (t) => {
  const { rules, lineOf, r } = broken(tiny(), 'pwm4.va', (s) => {
    const drive = '    V(out) <+ transition(level, 0.0, t_edge);\n';
    return s.replace(drive, '').replace('        t_next = $abstime + abs(x) * cmax * t_lsb * phases;\n', (l) => `${l}      ${drive.trim()}\n`);
  });
  const at = lineOf('<+ transition(level');
  t.deepEqual(rules, [`analog-op-in-event@${at}`, `contribution-in-event@${at}`]);
  t.regex(r.problems.map((p) => p.message).join('\n'), /analog operator `transition` inside the event statement at line \d+/);
});

test('integrator: the idt() contribution under a condition on a node voltage; ADMS does not notice', (t) => {
  const { g, rules, lineOf } = broken(kinds(), 't_volt_integ.va', (s) =>
    s.replace('    V(out) <+ idt(V(in), 0.0, V(clear) > vth) / t_norm;', '    if (V(clear) < vth) V(out) <+ idt(V(in), 0.0) / t_norm;'));
  t.deepEqual(rules, [`analog-op-in-conditional@${lineOf('if (V(clear) < vth)')}`]);
  if (ADMS_AVAILABLE) t.true(runAdms(g).ok, 'admsXml accepts an analog operator under a changing condition (LRM 4.5.15)');
});

test('CCO ADC: the idt() moved into the @(timer) block', (t) => {
  const { rules, lineOf } = broken(kinds(), 'a_cco.va', (s) =>
    s.replace('        y = (V(acc) - a0) / t_window', '        y = idt(V(in0), 0.0) / t_window'));
  t.deepEqual(rules, [`analog-op-in-event@${lineOf('y = idt(')}`]);
});

test('ADC: a contribution inside the clock event and a transition() under ?: on a voltage', (t) => {
  const { rules, lineOf } = broken(tiny(), 'flash6.va', (s) =>
    s.replace('        t_next = $abstime + t_conv;\n', '        t_next = $abstime + t_conv;\n        V(out0) <+ o0;\n')
      .replace('    V(out0) <+ transition(o0, 0.0, t_edge);', '    V(out0) <+ (V(clk) > vth) ? transition(o0, 0.0, t_edge) : 0.0;'));
  t.deepEqual(rules, [`analog-op-in-conditional@${lineOf('? transition(')}`, `contribution-in-event@${lineOf('V(out0) <+ o0;')}`]);
});

test('PCM cell: the drift state kept in a variable across time steps instead of on node gs', (t) => {
  const { g, rules, lineOf } = broken(kinds(), 'd_pcm.va', (s) =>
    s.replace('    g = max(V(gs), 0.0);', '    g = g + 1e-9 * (V(gs) - g);'));
  t.deepEqual(rules, [`hidden-state@${lineOf('g = g + 1e-9')}`]);
  if (ADMS_AVAILABLE) t.true(runAdms(g).ok, 'admsXml accepts hidden state');
});

test('a DAC whose bits default is outside its range, and a file without disciplines.vams', (t) => {
  const a = broken(tiny(), 'pwm4.va', (s) => s.replace('parameter integer bits = 4 from [1:16];', 'parameter integer bits = 17 from [1:16];'));
  t.deepEqual(a.rules, [`parameter-range@${a.lineOf('bits = 17')}`]);
  const b = broken(tiny(), 'ideal.va', (s) => s.replace('`include "disciplines.vams"\n', ''));
  t.false(b.r.ok);
  t.deepEqual([...new Set(b.r.problems.map((p) => p.rule))], ['undeclared']);
  if (ADMS_AVAILABLE) t.false(runAdms(b.g).ok, 'admsXml rejects it too');
});

test('the array with its cell model renamed away: the instances do not elaborate (lint and ADMS)', (t) => {
  const x = tiny();
  const arr = file(x, 'tiny_array.va');
  const cell = usedFiles(arr, x.files)[0]!;
  const renamed: EmittedVa = { file: cell.file, text: cell.text.replace('module ideal(', 'module ideal_cell(') };
  // knownModulesOf parses the used file's text: it now defines ideal_cell, not ideal.
  const r = lintEmitted(arr, x.files.map((f) => (f === cell ? renamed : f)));
  t.deepEqual([...new Set(r.problems.map((p) => p.rule))], ['instance']);
  t.is(r.problems.length, 4, 'one per cell instance of the column module');
  t.regex(r.problems[0]!.message, /module `ideal` is not defined/);
  if (ADMS_AVAILABLE) t.false(runAdms(arr, [renamed]).ok, 'admsXml: module ideal not found');
});
