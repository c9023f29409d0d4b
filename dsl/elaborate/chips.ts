// dsl/elaborate/chips.ts: elaborate a `chip` into a ChipIR.
//
// 1. Walk the body: parameter assignments, tile instance arrays (`core c[8][8];`) and links.
// 2. Before expanding an array, check its total size against the instance limit (E2018),
//    so that `core c[1000000000];` is an error and not an out-of-memory crash.
// 3. Expand arrays into tile instances in row-major order (`c[0][0]`, `c[0][1]`, ...).
// 4. Links are resolved after the walk: each endpoint must name one whole tile instance
//    (every dimension indexed, in range). Link parameters come from the link's body.
import type * as A from '../ast.js';
import { tileAsChip, type ChipIR, type ControllerIR, type Duration, type LinkIR, type NocIR, type TileInstanceIR, type TileIR } from '../ir/nodes.js';
import { misplaced, walkBody } from './body.js';
import { blockParams, clockParam, type ParamsResult } from './components.js';
import type { Ctx } from './context.js';
import { evaluate, toIndex } from './evaluate.js';
import { evalSelection, inBounds, segments } from './paths.js';
import { resolveQualified } from './resolve.js';
import { Scope, type ChipEntity, type Entity, type InstanceEntity } from './scope.js';
import { didYouMean } from './suggest.js';
import { elaborateTile } from './tiles.js';
import { describeEntity } from './values.js';

/**
 * What a testbench or a network runs on (`for TARGET`, `on TARGET`): a chip, or a tile wrapped
 * as a one-instance chip. Anything else is reported by `wrong` (each caller has its own code).
 */
export function elaborateRunTarget(
  ref: A.QualifiedName,
  scope: Scope,
  cx: Ctx,
  wrong: (found: Entity) => void,
): { chip: ChipIR; targetKind: 'chip' | 'tile' } | null {
  const target = resolveQualified(ref, scope, cx);
  if (!target) return null;
  if (target.k === 'chip') {
    const chip = elaborateChip(target, cx);
    return chip ? { chip, targetKind: 'chip' } : null;
  }
  if (target.k === 'tile') {
    const tile = elaborateTile(target, cx);
    return tile ? { chip: tileAsChip(tile), targetKind: 'tile' } : null;
  }
  wrong(target);
  return null;
}

export function elaborateChip(en: ChipEntity, cx: Ctx): ChipIR | null {
  if (en.state === 'done') return en.ir;
  en.state = 'busy';
  const decl = en.decl;
  const scope = new Scope(en.scope, `chip ${decl.name.name}`);
  const assigns: A.Stmt[] = [];
  const arrays: ChipIR['arrays'] = [];
  const tiles: TileInstanceIR[] = [];
  const links: { st: A.LinkStmt; scope: Scope }[] = [];
  let total = 0;

  walkBody(decl.body, scope, cx, (st, s) => {
    switch (st.kind) {
      case 'assign':
        assigns.push(st);
        break;
      case 'instance': {
        const r = tileArray(st, s, scope, cx, total);
        if (!r) break;
        total += r.size;
        arrays.push({ name: st.name.name, tile: r.tile.name, dims: r.dims, span: st.span });
        for (const index of indices(r.dims)) {
          tiles.push({
            kind: 'tile-instance',
            path: st.name.name + index.map((i) => `[${i}]`).join(''),
            array: st.name.name,
            index,
            tile: r.tile,
            span: st.span,
          });
        }
        break;
      }
      case 'link':
        links.push({ st, scope: s });
        break;
      default:
        misplaced(st, 'a chip', cx);
    }
  });

  const params = blockParams('chip', assigns, scope, decl.name.span, cx);
  const linkIrs: LinkIR[] = [];
  // After E2018 the collected links are incomplete: resolving them only costs time.
  if (!cx.exhausted) for (const { st, scope: s } of links) {
    const l = link(st, s, scope, cx);
    if (l) linkIrs.push(l);
  }
  en.ir = {
    kind: 'chip',
    name: decl.name.name,
    clock: clockParam(params),
    arrays,
    tiles,
    links: linkIrs,
    ...noc(params, decl.name.span, cx),
    syncStages: (params?.params['sync_stages'] as number | undefined) ?? 2,
    adcShare: (params?.params['adc_share'] as number | undefined) ?? 1,
    ...controller(params),
    span: decl.span,
  };
  en.state = 'done';
  return en.ir;
}

function* indices(dims: readonly number[]): Generator<number[]> {
  if (dims.length === 0) {
    yield [];
    return;
  }
  const idx = dims.map(() => 0);
  for (;;) {
    yield [...idx];
    let k = dims.length - 1;
    while (k >= 0 && ++idx[k]! === dims[k]) idx[k--] = 0;
    if (k < 0) return;
  }
}

function tileArray(st: A.InstanceStmt, s: Scope, chipScope: Scope, cx: Ctx, sofar: number): { tile: TileIR; dims: number[]; size: number } | null {
  const type = resolveQualified(st.type, s, cx);
  if (!type) return null;
  if (type.k !== 'tile') {
    cx.report('E2009', `a chip instantiates tiles; found ${describeEntity(type)}`, st.type.span, {
      help: type.k === 'component' || type.k === 'kind' ? 'put components in a `tile`, then instantiate the tile here' : [],
    });
    return null;
  }
  if (st.body) {
    cx.report('E2016', 'tile instances take no parameters', st.body[0]?.span ?? st.span, {
      help: 'declare another tile, or make the value a top-level `param`',
    });
  }
  const dims: number[] = [];
  for (const d of st.dims) {
    const n = toIndex(evaluate(d, s, cx), d.span, cx, 'an array size');
    if (n === null) return null;
    if (n < 1) {
      cx.report('E3001', `an array size must be at least 1, found ${n}`, d.span);
      return null;
    }
    dims.push(n);
  }
  const size = dims.reduce((a, b) => a * b, 1);
  if (sofar + size > cx.limits.maxChipInstances) {
    cx.report('E2018', `this chip would have ${sofar + size} tile instances; the limit is ${cx.limits.maxChipInstances}`, st.span, {
      label: `${size} instances here`,
    });
    return null;
  }
  const tile = elaborateTile(type, cx);
  if (!tile) return null;
  const entity: InstanceEntity = { k: 'instance', name: st.name.name, span: st.name.span, site: { in: 'chip', dims, tile } };
  const prev = chipScope.declare(st.name.name, entity);
  if (prev) {
    cx.report('E2002', `\`${st.name.name}\` is already declared in this chip`, st.name.span, {
      labels: prev.k === 'instance' ? [{ span: prev.span, message: 'first declared here' }] : [],
    });
    return null;
  }
  return { tile, dims, size };
}

/** The path of one whole tile instance (`c[3]`), or null (reported). */
export function tilePath(e: A.Expr, s: Scope, chipScope: Scope, cx: Ctx, what: string): string | null {
  const segs = segments(e);
  if (!segs || segs.length !== 1) {
    cx.report('E2022', `${what} must be one tile instance, such as \`c[3]\``, e.span);
    return null;
  }
  return tileInstance(segs[0]!, s, chipScope, cx, what);
}

/** Resolve the first path segment to one tile instance of the chip. */
export function tileInstance(seg: { name: string; span: A.Span; selections: (A.Expr | A.RangeExpr)[] }, s: Scope, chipScope: Scope, cx: Ctx, what: string): string | null {
  const en = chipScope.own(seg.name);
  if (!en || en.k !== 'instance' || en.site.in !== 'chip') {
    const names = chipScope.entries().filter(([, x]) => x.k === 'instance').map(([n]) => n);
    cx.report('E2001', `unknown tile instance \`${seg.name}\``, seg.span, {
      label: 'not a tile instance here',
      help: didYouMean(seg.name, names),
    });
    return null;
  }
  const dims = en.site.dims;
  if (seg.selections.length !== dims.length) {
    cx.report('E2022', `${what} must index every dimension of \`${seg.name}\` (${dims.length}), found ${seg.selections.length}`, seg.span, {
      help: dims.length ? `write \`${seg.name}${dims.map((_, k) => `[${'ijklmn'[k] ?? 'i'}]`).join('')}\`` : `write \`${seg.name}\``,
    });
    return null;
  }
  const idx: number[] = [];
  for (let k = 0; k < dims.length; k++) {
    const sel = evalSelection(seg.selections[k]!, s, cx);
    if (!sel) return null;
    if (!sel.single) {
      cx.report('E2022', `${what} must be one tile instance, not a range`, sel.span);
      return null;
    }
    if (!inBounds(sel, dims[k]!, `dimension ${k + 1} of \`${seg.name}\``, cx)) return null;
    idx.push(sel.lo);
  }
  return seg.name + idx.map((i) => `[${i}]`).join('');
}

function link(st: A.LinkStmt, s: Scope, chipScope: Scope, cx: Ctx): LinkIR | null {
  const from = tilePath(st.from, s, chipScope, cx, 'a link endpoint');
  const to = tilePath(st.to, s, chipScope, cx, 'a link endpoint');
  const params = blockParams('link', st.body ?? [], s, st.span, cx);
  if (!from || !to || !params) return null;
  const p = params.params;
  return {
    kind: 'link',
    from,
    to,
    width: p['width'] as number,
    latency: p['latency'] as LinkIR['latency'],
    eBit: p['e_bit'] as number,
    origins: params.origins,
    span: st.span,
    fromSpan: st.from.span,
    toSpan: st.to.span,
  };
}

/** The chip's global controller (emulator/controller/): its parameters as the schema gives them. */
function controller(params: ParamsResult | null): { controller?: ControllerIR } {
  const p = params?.params;
  if (!p) return {};
  const n = (k: string) => p[k] as number;
  return {
    controller: {
      opsPerCycle: n('ctrl_ops_per_cycle'), eOp: n('ctrl_e_op'), bufferWidth: n('buffer_width'),
      bufferAccess: p['buffer_t_access'] as Duration, eAccess: n('buffer_e_access'), actBits: n('act_bits'),
      inputDepth: n('input_depth'), link: { nocWidth: n('noc_width'), hopLatency: n('hop_latency'), eHop: n('e_hop') },
      origins: params!.origins,
    },
  };
}

/** The chip's bus or mesh, if `interconnect` names one; it runs on the chip clock (E3050). */
function noc(params: ParamsResult | null, span: A.Span, cx: Ctx): { interconnect?: NocIR } {
  const p = params?.params;
  const kind = p?.['interconnect'];
  if (!p || (kind !== 'bus' && kind !== 'mesh')) return {};
  if (!clockParam(params)) {
    cx.report('E3050', `a chip with \`interconnect = ${kind}\` needs a clock: its channels are arbitrated cycle by cycle on the chip clock`, span, {
      help: 'set `clock = ...` in the chip',
    });
    return {};
  }
  return {
    interconnect: {
      kind, nocWidth: p['noc_width'] as number, hopLatency: p['hop_latency'] as number,
      eHop: p['e_hop'] as number, eBit: p['e_bit'] as number, origins: params!.origins,
    },
  };
}
