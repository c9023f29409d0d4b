// Names that are not legal Verilog-A identifiers come out legal and unique in every file of
// the `verilog-a` export: Verilog keywords as component and tile names (`module`, `input`,
// `electrical`, `begin`), names that differ only in case (`Cell`, `CELL`), qualified inline
// components that collide with a tile (`electrical.array` vs `Electrical_array`), a component
// named like the export's own helper (`column_readout`), and instance arrays (`c[3]`).
import test from 'ava';
import { RESERVED } from '../names.js';
import { lintEmitted } from './check-emitted.js';
import { parseVerilogA } from './parse.js';
import { exportVa, loadText } from './test-fixtures.js';

const SOURCE = `clock clk = 1 GHz;
dac module : pwm { bits = 4; t_lsb = 1 ns; }
adc input : flash { bits = 6; out_bound = 4; }
adc column_readout : sar { bits = 6; out_bound = 4; }
device Cell : ideal { g_max = 10 uS; }
device CELL : ideal { g_max = 20 uS; }
tile electrical {
  clock = clk;
  module dacs[4];
  crossbar array { rows = 4; cols = 2; cell = differential(Cell); }
  input adcs[2];
  connect dacs -> array -> adcs;
}
tile Electrical_array {
  clock = clk;
  module dacs[2];
  crossbar array { rows = 2; cols = 2; cell = offset(CELL); }
  column_readout adcs[2];
  connect dacs -> array -> adcs;
}
chip begin {
  clock = clk;
  electrical c[3];
}
`;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

test('components named after keywords or differing only in case get legal, unique module names', (t) => {
  const x = exportVa(loadText(SOURCE));
  const moduleOf = Object.fromEntries(x.plan.components.map((c) => [c.component.name, c.module]));
  t.deepEqual(moduleOf, {
    module: 'module_x',
    input: 'input_x',
    column_readout: 'column_readout',
    Cell: 'Cell_x',
    CELL: 'CELL_x_2',
    'electrical.array': 'electrical_array_2',
    'Electrical_array.array': 'Electrical_array_array',
  });
  // The helper modules this export adds continue the same namespace.
  t.deepEqual(x.files.map((f) => f.file.path).sort(), [
    'CELL_x_2.va', 'Cell_x.va', 'Electrical_array_array.va', 'column_readout.va', 'column_readout_2.va',
    'electrical_array_2.va', 'input_x.va', 'module_x.va',
  ]);
  t.deepEqual(x.prepared.readout?.modules.map((m) => m.name), ['column_readout_2']);
});

test('every module, port, net, parameter, variable and instance name is a legal identifier, not a keyword, unique', (t) => {
  const x = exportVa(loadText(SOURCE));
  const modules = new Set<string>();
  const paths = new Set<string>();
  let names = 0;
  for (const f of x.files) {
    t.deepEqual(lintEmitted(f, x.files).problems, [], f.file.path);
    t.false(paths.has(f.file.path.toLowerCase()), `${f.file.path}: file names differ in more than case`);
    paths.add(f.file.path.toLowerCase());
    for (const m of parseVerilogA(f.text, f.file.path).modules) {
      t.false(modules.has(m.name.name.toLowerCase()), `${m.name.name}: unique module name, case-insensitively`);
      modules.add(m.name.name.toLowerCase());
      const inModule = new Set<string>();
      const declared = [
        m.name.name,
        ...m.ports.map((p) => p.name),
        ...m.items.flatMap((i) => {
          if (i.kind === 'net' || i.kind === 'ground') return i.names.map((n) => n.name);
          if (i.kind === 'parameter') return i.params.map((p) => p.name.name);
          if (i.kind === 'variable') return i.vars.map((v) => v.name.name);
          if (i.kind === 'instance') return [i.name.name];
          if (i.kind === 'function') return [i.name.name];
          return [];
        }),
      ];
      for (const n of declared) {
        names++;
        t.regex(n, IDENT, `${m.name.name}: ${n}`);
        t.false(RESERVED.has(n.toLowerCase()), `${m.name.name}: ${n} is reserved`);
      }
      // A port is declared twice (direction, then discipline); every other name once.
      for (const n of m.items.flatMap((i) => (i.kind === 'parameter' ? i.params.map((p) => p.name.name) : i.kind === 'variable' ? i.vars.map((v) => v.name.name) : i.kind === 'instance' ? [i.name.name] : []))) {
        t.false(inModule.has(n.toLowerCase()), `${m.name.name}: ${n} declared twice`);
        inModule.add(n.toLowerCase());
      }
    }
  }
  t.log(`${x.files.length} files, ${modules.size} modules, ${names} names`);
});

test('instance arrays and keyword-named tiles and chips: the manifest\'s names are legal and unique too', (t) => {
  const x = exportVa(loadText(SOURCE));
  const m = x.manifest as {
    tiles: { module: string; tile: string; instances: { name: string; xbar: string; count: number; module: string }[] }[];
    chips: { module: string; chip: string; instances: { path: string; name: string; tile: string }[] }[];
  };
  t.deepEqual(m.tiles.map((x) => [x.tile, x.module]), [['electrical', 'electrical_x'], ['Electrical_array', 'Electrical_array']]);
  t.deepEqual(m.tiles[0]!.instances.map((i) => [i.xbar, i.count, i.name, i.module]), [['dacs', 4, 'dacs', 'module_x'], ['array', 1, 'array', 'electrical_array_2'], ['adcs', 2, 'adcs', 'input_x']]);
  t.deepEqual(m.chips.map((c) => [c.chip, c.module]), [['begin', 'begin_x']]);
  t.deepEqual(m.chips[0]!.instances.map((i) => [i.path, i.name, i.tile]), [['c[0]', 'c_0', 'electrical_x'], ['c[1]', 'c_1', 'electrical_x'], ['c[2]', 'c_2', 'electrical_x']]);
  // The module an instance names is the one a file defines.
  const defined = new Set(x.files.flatMap((f) => f.file.modules.map((mm) => mm.name)));
  for (const tile of m.tiles) for (const i of tile.instances) t.true(defined.has(i.module), i.module);
});
