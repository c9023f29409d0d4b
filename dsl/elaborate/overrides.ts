// dsl/elaborate/overrides.ts: `--param COMPONENT.PARAM=VALUE` and `--param TILE.INSTANCE.PARAM=VALUE`
// (top-level `--param NAME=VALUE` is in index.ts). Used by `xbar check` and `xbar sweep`.
//
// The value is parsed as an expression (evaluated in the global scope, so it may name
// top-level constants) and becomes an assignment `PARAM = VALUE;`:
// - COMPONENT.PARAM (a declared component, `ns.comp.param` inside a namespace): applied right
//   after the component's own body, as if written there: components derived from it inherit
//   it unless their own body sets the parameter.
// - TILE.INSTANCE.PARAM: applied after the instance's `{ ... }` overrides.
// Its origin is `param` (`# set by --param` in `--dump-ir`). A path that names no such
// component, tile or instance is E2029; a parameter its kind does not have is E2030
// (components.ts, where the kind is known).
import { parse } from '../../grammar/parse.js';
import type * as A from '../ast.js';
import type { Loaded } from '../load.js';
import type { Ctx } from './context.js';
import type { Scope } from './scope.js';
import { didYouMean } from './suggest.js';

/** Apply one dotted override; false if it was reported. */
export function applyPathOverride(o: { name: string; value: string }, global: Scope, loaded: Loaded, cx: Ctx): void {
  const segs = o.name.split('.');
  const param = segs[segs.length - 1]!;
  const f = loaded.sources.add(`<--param ${o.name}>`, `<--param ${o.name}>`, `param ${param} = ${o.value};`);
  const parsed = parse(f);
  const item = parsed.ast.items[0];
  const whole = { file: f.id, start: 0, end: f.text.length - 1 };
  if (parsed.diagnostics.length || parsed.ast.items.length !== 1 || !item || item.kind !== 'const') {
    cx.report('E2019', `\`--param ${o.name}=${o.value}\`: the value is not an expression`, { file: f.id, start: 6 + param.length + 3, end: f.text.length - 1 });
    return;
  }
  const stmt: A.AssignStmt = { kind: 'assign', name: item.name, value: item.value, span: whole };
  const unknown = (what: string, names: string[]) => {
    cx.report('E2029', `\`--param ${o.name}\`: ${what}`, whole, {
      help: didYouMean(segs[names === top ? 0 : 1]!, names),
      notes: names.length ? [`the candidates are ${names.slice(0, 20).map((n) => `\`${n}\``).join(', ')}`] : [],
    });
  };
  const top = global.entries().filter(([, e]) => e.k === 'component' || e.k === 'tile' || e.k === 'namespace').map(([n]) => n);
  let scope = global;
  for (let i = 0; i < segs.length - 1; i++) {
    const e = scope.own(segs[i]!);
    const rest = segs.length - 1 - i;
    if (e?.k === 'namespace' && rest > 1) {
      scope = e.scope;
      continue;
    }
    if (e?.k === 'component' && rest === 1) {
      const list = cx.componentOverrides.get(e) ?? [];
      list.push(stmt);
      cx.componentOverrides.set(e, list);
      return;
    }
    if (e?.k === 'tile' && rest === 2) {
      const key = `${e.decl.name.name}.${segs[i + 1]}`;
      const entry = cx.instanceOverrides.get(key) ?? { stmts: [], used: false, at: whole };
      entry.stmts.push(stmt);
      cx.instanceOverrides.set(key, entry);
      return;
    }
    const prefix = segs.slice(0, i + 1).join('.');
    if (e?.k === 'tile') return unknown(`\`${prefix}\` is a tile: write TILE.INSTANCE.PARAM`, top);
    if (e?.k === 'component') return unknown(`\`${prefix}\` is a component: write COMPONENT.PARAM`, top);
    return unknown(`no component, tile or namespace \`${prefix}\` in this design`, i === 0 ? top : []);
  }
}

/** After elaboration: instance overrides whose tile has no such instance (E2029). */
export function reportUnusedInstanceOverrides(global: Scope, cx: Ctx): void {
  for (const [key, entry] of cx.instanceOverrides) {
    if (entry.used) continue;
    const [tile, inst] = key.split('.') as [string, string];
    const t = global.own(tile);
    const names = t?.k === 'tile' && t.ir ? t.ir.instances.map((i) => i.name) : [];
    cx.report('E2029', `\`--param\`: tile \`${tile}\` has no instance \`${inst}\``, entry.stmts[0]!.span, {
      help: didYouMean(inst, names),
      notes: names.length ? [`its instances are ${names.map((n) => `\`${n}\``).join(', ')}`] : [],
    });
  }
}
