// dsl/elaborate/tiles.ts: elaborate a `tile` into a TileIR.
//
// 1. Walk the body (loops and conditions expanded): parameter assignments, component
//    instances (`pwm8 dacs[256] { ... }`) and `connect` chains.
// 2. Each instance's type resolves to a component or a built-in kind; its `{ ... }`
//    overrides specialise it; missing required parameters are reported here (E2008).
// 3. After the walk (so that a connection may name an instance declared later), each
//    `connect a -> b -> c` becomes connections a->b and b->c. An endpoint is
//    `inst`, `inst.port`, `inst[elements]` or `inst.port[lanes]`; without a port, a source
//    uses its instance's output port and a sink its input port.
// Directions, widths and domains are checked later (check-connectivity).
import type * as A from '../ast.js';
import type { ConnectionIR, InstanceIR, PortRef, TileIR } from '../ir/nodes.js';
import { lanesPerElement, portNames, ports } from '../ir/ports.js';
import { KINDS } from '../schema/index.js';
import { allStatements, misplaced, walkBody } from './body.js';
import { blockParams, clockParam, reportMissing, specialize } from './components.js';
import type { Ctx } from './context.js';
import { toIndex, evaluate } from './evaluate.js';
import { evalSelection, inBounds, segments } from './paths.js';
import { resolveQualified } from './resolve.js';
import { Scope, type InstanceEntity, type TileEntity } from './scope.js';
import { a, didYouMean } from './suggest.js';
import { describeEntity } from './values.js';

export function elaborateTile(en: TileEntity, cx: Ctx): TileIR | null {
  if (en.state === 'done') return en.ir;
  if (en.state === 'busy') return null;
  en.state = 'busy';
  const decl = en.decl;
  const tileName = decl.name.name;
  const scope = new Scope(en.scope, `tile ${tileName}`);
  const assigns: A.Stmt[] = [];
  const instances: InstanceIR[] = [];
  const connects: { st: A.ConnectStmt; scope: Scope }[] = [];
  // Instances whose declaration failed (already reported): connections to them stay quiet.
  const failed = new Set<string>();

  walkBody(decl.body, scope, cx, (st, s) => {
    switch (st.kind) {
      case 'assign':
        assigns.push(st);
        break;
      case 'instance': {
        const inst = instance(st, s, scope, tileName, cx);
        if (inst) instances.push(inst);
        else failed.add(st.name.name);
        break;
      }
      case 'connect':
        connects.push({ st, scope: s });
        break;
      default:
        misplaced(st, 'a tile', cx);
    }
  }, (skipped) => {
    for (const st of allStatements(skipped)) if (st.kind === 'instance') failed.add(st.name.name);
  });

  const params = blockParams('tile', assigns, scope, decl.name.span, cx);
  const connections: ConnectionIR[] = [];
  // After E2018 the collected connections are incomplete: resolving them only costs time.
  if (!cx.exhausted) for (const { st, scope: s } of connects) for (const c of connect(st, s, scope, failed, cx)) connections.push(c);
  en.ir = {
    kind: 'tile',
    name: tileName,
    clock: clockParam(params),
    instances,
    connections,
    span: decl.span,
  };
  en.state = 'done';
  return en.ir;
}

function instance(st: A.InstanceStmt, s: Scope, tileScope: Scope, tileName: string, cx: Ctx): InstanceIR | null {
  const type = resolveQualified(st.type, s, cx);
  if (!type) return null;
  if (type.k === 'tile') {
    cx.report('E2009', `a tile cannot contain a tile; \`${type.decl.name.name}\` is a tile`, st.type.span, {
      help: 'instantiate tiles in a `chip` and connect them with `link`',
    });
    return null;
  }
  if (type.k !== 'component' && type.k !== 'kind') {
    cx.report('E2009', `a tile contains components (DACs, crossbars, ADCs, ...); found ${describeEntity(type)}`, st.type.span);
    return null;
  }
  const category = type.k === 'component' ? type.decl.category : KINDS[type.name]!.category;
  if (category === 'device') {
    cx.report('E2009', 'devices are not instantiated in tiles; they make up a crossbar\'s cells', st.type.span, {
      help: 'write `crossbar array { ...; cell = differential(my_device); }`',
    });
    return null;
  }
  let count = 1;
  if (st.dims.length > 1) {
    cx.report('E2016', 'component arrays have one dimension', st.dims[1]!.span, { help: 'use one size: `pwm8 dacs[256];`' });
    return null;
  }
  if (st.dims.length === 1) {
    const n = toIndex(evaluate(st.dims[0]!, s, cx), st.dims[0]!.span, cx, 'an array size');
    if (n === null) return null;
    if (n < 1) {
      cx.report('E3001', `an array size must be at least 1, found ${n}`, st.dims[0]!.span);
      return null;
    }
    count = n;
  }
  const component = specialize(type, st.body ?? [], s, `${tileName}.${st.name.name}`, st.span, cx);
  if (!component) return null;
  if (!reportMissing(component, st.type.span, cx)) return null;
  const inst: InstanceIR = { kind: 'instance', name: st.name.name, count, component, span: st.span };
  const entity: InstanceEntity = { k: 'instance', name: st.name.name, span: st.name.span, site: { in: 'tile', inst } };
  const prev = tileScope.declare(st.name.name, entity);
  if (prev) {
    cx.report('E2002', `\`${st.name.name}\` is already declared in this tile`, st.name.span, {
      label: 'declared again here',
      labels: prev.k === 'instance' ? [{ span: prev.span, message: 'first declared here' }] : [],
      notes: s !== tileScope ? ['instances declared in a loop get the same name on every iteration'] : [],
    });
    return null;
  }
  return inst;
}

/** Resolve one endpoint of a chain, as a source (`out`) or sink (`in`) or, in the middle, both. */
function endpoint(e: A.Expr, role: 'source' | 'sink', middle: boolean, s: Scope, tileScope: Scope, failed: ReadonlySet<string>, cx: Ctx): PortRef | null {
  const segs = segments(e);
  if (!segs || segs.length > 2 || (segs.length === 2 && segs[0]!.selections.length && segs[1]!.selections.length)) {
    cx.report('E2022', 'a connection endpoint is `instance`, `instance.port`, `instance[elements]` or `instance.port[lanes]`', e.span);
    return null;
  }
  const [head, portSeg] = segs as [(typeof segs)[0], (typeof segs)[0] | undefined];
  const en = tileScope.own(head.name);
  if (failed.has(head.name)) return null;
  if (!en || en.k !== 'instance' || en.site.in !== 'tile') {
    const names = tileScope.entries().filter(([, x]) => x.k === 'instance').map(([n]) => n);
    cx.report('E2001', `unknown instance \`${head.name}\` in this tile`, head.span, {
      label: 'not an instance of this tile',
      help: didYouMean(head.name, names),
    });
    return null;
  }
  const inst = en.site.inst;
  const ps = ports(inst);
  const names = portNames(inst.component.category)!;
  if (middle && portSeg) {
    cx.report('E2022', 'an instance in the middle of a chain uses its default ports; it cannot name one', portSeg.span, {
      help: 'split the chain into two `connect` statements',
    });
    return null;
  }
  const portName = portSeg ? portSeg.name : role === 'source' ? names.out : names.in;
  const port = ps.find((p) => p.name === portName);
  if (!port) {
    cx.report('E2021', `\`${inst.name}\` (${a(inst.component.category)}) has no port \`${portName}\``, portSeg!.span, {
      help: didYouMean(portName, ps.map((p) => p.name)),
      notes: [`its ports are ${ps.map((p) => `\`${p.name}\``).join(' and ')}`],
    });
    return null;
  }
  let lo = 0;
  let hi = port.lanes;
  // `inst[elements]` selects array elements (on whichever port is used); `inst.port[lanes]`
  // selects lanes of that port.
  const elementSels = head.selections;
  const laneSels = portSeg?.selections ?? [];
  const sels = laneSels.length ? laneSels : elementSels;
  if (sels.length > 1) {
    cx.report('E2022', 'select lanes with one `[...]`', sels[1]!.span);
    return null;
  }
  if (sels.length === 1) {
    const sel = evalSelection(sels[0]!, s, cx);
    if (!sel) return null;
    if (laneSels.length) {
      if (!inBounds(sel, port.lanes, `the ${port.lanes} lanes of \`${inst.name}.${port.name}\``, cx)) return null;
      lo = sel.lo;
      hi = sel.hi;
    } else {
      if (!inBounds(sel, inst.count, `the array \`${inst.name}\``, cx)) return null;
      const k = lanesPerElement(inst, port);
      lo = sel.lo * k;
      hi = sel.hi * k;
    }
  }
  return { instance: inst.name, port: port.name, lo, hi, span: e.span };
}

function connect(st: A.ConnectStmt, s: Scope, tileScope: Scope, failed: ReadonlySet<string>, cx: Ctx): ConnectionIR[] {
  const n = st.chain.length;
  const out: ConnectionIR[] = [];
  // Resolve each element once per role it plays.
  const asSource = st.chain.map((e, i) => (i < n - 1 ? endpoint(e, 'source', i > 0, s, tileScope, failed, cx) : null));
  const asSink = st.chain.map((e, i) => {
    if (i === 0) return null;
    return i < n - 1 ? sinkOfMiddle(e, asSource[i]!, tileScope) : endpoint(e, 'sink', false, s, tileScope, failed, cx);
  });
  for (let i = 0; i + 1 < n; i++) {
    const from = asSource[i];
    const to = asSink[i + 1];
    if (from && to) {
      out.push({ kind: 'connection', from, to, span: { ...from.span, end: to.span.end } });
    }
  }
  return out;
}

/** A middle element's input side: same instance and selection, its input port. */
function sinkOfMiddle(e: A.Expr, asSource: PortRef | null, tileScope: Scope): PortRef | null {
  if (!asSource) return null;
  const en = tileScope.own(asSource.instance) as InstanceEntity;
  const inst = (en.site as { inst: InstanceIR }).inst;
  const names = portNames(inst.component.category)!;
  const ps = ports(inst);
  const inPort = ps.find((p) => p.name === names.in)!;
  const outPort = ps.find((p) => p.name === names.out)!;
  if (asSource.lo === 0 && asSource.hi === outPort.lanes) {
    return { instance: inst.name, port: inPort.name, lo: 0, hi: inPort.lanes, span: e.span };
  }
  // An element selection maps to lanes on both ports.
  const kOut = lanesPerElement(inst, outPort);
  const kIn = lanesPerElement(inst, inPort);
  return { instance: inst.name, port: inPort.name, lo: (asSource.lo / kOut) * kIn, hi: (asSource.hi / kOut) * kIn, span: e.span };
}
