// dsl/passes/check-connectivity.ts: the connections inside each tile.
// Input: Elaborated. Output: diagnostics only (E3003-E3007).
//
// 1. Each connection goes from an output port to an input port (E3007), between compatible
//    domains: digital codes, analog voltage, analog current (E3007), with the same number of
//    lanes on both sides (E3003; E3004 when the sink is an ADC, with its count and mux).
// 2. Collect, per input port, the lane intervals its connections drive. Overlaps are
//    double drives (E3006). Gaps are undriven lanes (E3005), except on DAC inputs, which
//    are the tile's inputs.
// 3. Per analog output port, lanes nothing reads are unconnected (E3005). Unread digital
//    outputs are the tile's outputs.
// 4. Between tiles: two links into the same tile instance drive its input twice (E3006).
// Intervals keep this linear in the number of connections, whatever the lane counts.
import type { Span } from '../ast.js';
import type { Diagnostics } from '../diagnostics/diagnostic.js';
import type { ConnectionIR, Design, InstanceIR, LinkIR, PortRef, TileIR } from '../ir/nodes.js';
import { describeDomain, ports, type PortInfo } from '../ir/ports.js';
import { allTiles } from '../ir/walk.js';

interface Use {
  lo: number;
  hi: number;
  span: Span;
  /** False for a connection already reported as wrong: it is not checked for overlaps. */
  checked?: boolean;
}

function lanes(lo: number, hi: number): string {
  return hi - lo === 1 ? `lane ${lo}` : `lanes ${lo}..${hi}`;
}

function gaps(uses: Use[], size: number): [number, number][] {
  const sorted = [...uses].sort((a, b) => a.lo - b.lo);
  const out: [number, number][] = [];
  let at = 0;
  for (const u of sorted) {
    if (u.lo > at) out.push([at, u.lo]);
    at = Math.max(at, u.hi);
  }
  if (at < size) out.push([at, size]);
  return out;
}

function checkTile(tile: TileIR, diags: Diagnostics): void {
  const insts = new Map(tile.instances.map((i) => [i.name, i]));
  const portOf = (r: PortRef): { inst: InstanceIR; port: PortInfo } | null => {
    const inst = insts.get(r.instance);
    const port = inst && ports(inst).find((p) => p.name === r.port);
    return inst && port ? { inst, port } : null;
  };
  const driven = new Map<string, Use[]>();
  const read = new Map<string, Use[]>();
  const push = (m: Map<string, Use[]>, key: string, u: Use) => {
    const l = m.get(key);
    if (l) l.push(u);
    else m.set(key, [u]);
  };

  for (const c of tile.connections) {
    const from = portOf(c.from);
    const to = portOf(c.to);
    if (!from || !to) continue;
    // A rejected connection still counts as using its lanes: one error, not a cascade of
    // "not driven" and "not connected" for the same lanes.
    const ok = connectionOk(c, from, to, diags);
    if (from.port.dir === 'out') push(read, `${c.from.instance}.${c.from.port}`, { lo: c.from.lo, hi: c.from.hi, span: c.from.span });
    if (to.port.dir === 'in') push(driven, `${c.to.instance}.${c.to.port}`, { lo: c.to.lo, hi: c.to.hi, span: c.to.span, checked: ok });
  }

  for (const inst of tile.instances) {
    for (const p of ports(inst)) {
      const key = `${inst.name}.${p.name}`;
      if (p.dir === 'in') {
        const uses = driven.get(key) ?? [];
        const sorted = uses.filter((u) => u.checked !== false).sort((a, b) => a.lo - b.lo || a.hi - b.hi);
        for (let i = 1; i < sorted.length; i++) {
          const prev = sorted.slice(0, i).find((u) => u.hi > sorted[i]!.lo);
          if (prev) {
            const lo = Math.max(prev.lo, sorted[i]!.lo);
            const hi = Math.min(prev.hi, sorted[i]!.hi);
            diags.report('E3006', `${lanes(lo, hi)} of \`${key}\` are driven twice`, sorted[i]!.span, {
              label: 'second driver',
              labels: [{ span: prev.span, message: 'first driver' }],
            });
            break;
          }
        }
        if (inst.component.category === 'dac') continue;
        for (const [lo, hi] of gaps(uses, p.lanes)) {
          diags.report('E3005', `${lanes(lo, hi)} of \`${key}\` (${p.domains.map(describeDomain).join(' or ')} input) ${hi - lo === 1 ? 'is' : 'are'} not driven`, inst.span, {
            label: uses.length === 0 ? 'nothing drives this instance' : `${p.lanes} lanes, ${p.lanes - (hi - lo)} driven`,
            help: uses.length === 0 ? `connect it: \`connect <source> -> ${inst.name};\`` : [],
          });
        }
      } else if (p.domains[0] !== 'digital') {
        for (const [lo, hi] of gaps(read.get(key) ?? [], p.lanes)) {
          diags.report('E3005', `${lanes(lo, hi)} of \`${key}\` (${describeDomain(p.domains[0]!)}) ${hi - lo === 1 ? 'is' : 'are'} not connected`, inst.span, {
            label: 'an analog output must reach an ADC',
            help: `connect it: \`connect ${inst.name} -> <sink>;\``,
          });
        }
      }
    }
  }
}

function connectionOk(c: ConnectionIR, from: { inst: InstanceIR; port: PortInfo }, to: { inst: InstanceIR; port: PortInfo }, diags: Diagnostics): boolean {
  const f = `${from.inst.name}.${from.port.name}`;
  const t = `${to.inst.name}.${to.port.name}`;
  if (from.port.dir !== 'out') {
    diags.report('E3007', `\`${f}\` is an input; it cannot drive \`${t}\``, c.from.span, { label: 'an input port' });
    return false;
  }
  if (to.port.dir !== 'in') {
    diags.report('E3007', `\`${t}\` is an output; \`${f}\` cannot drive it`, c.to.span, { label: 'an output port' });
    return false;
  }
  const domain = from.port.domains[0]!;
  if (!to.port.domains.includes(domain)) {
    const help: string[] = [];
    if (domain === 'digital' && to.inst.component.category === 'crossbar') help.push('rows are driven by DACs: `connect codes -> dacs -> array;`');
    if (domain !== 'digital' && to.port.domains.includes('digital')) help.push('analog signals reach digital stages through an ADC');
    if (domain === 'voltage' && to.port.domains.includes('current')) {
      help.push(to.inst.component.kindName === 'cco'
        ? 'a CCO ADC counts the live column current during the input window: connect the crossbar to it directly'
        : 'an integrator takes the column current: connect the crossbar to it');
    }
    diags.report('E3007', `cannot connect \`${f}\` (${describeDomain(domain)}) to \`${t}\` (${to.port.domains.map(describeDomain).join(' or ')})`, c.span, {
      labels: [
        { span: c.from.span, message: describeDomain(domain) },
        { span: c.to.span, message: `expects ${to.port.domains.map(describeDomain).join(' or ')}` },
      ],
      help,
    });
    return false;
  }
  const nf = c.from.hi - c.from.lo;
  const nt = c.to.hi - c.to.lo;
  if (nf !== nt) {
    const adc = to.inst.component.category === 'adc' ? to.inst : null;
    if (adc) {
      const mux = adc.component.params['mux'] as number;
      const need = nf / mux;
      diags.report('E3004', `\`${f}\` has ${nf} lanes but \`${adc.name}\` converts ${nt} (${nt / mux} ADCs x mux ${mux})`, c.span, {
        labels: [
          { span: c.from.span, message: `${nf} lanes` },
          { span: c.to.span, message: `${nt} lanes` },
        ],
        help: Number.isInteger(need) ? `use ${need} ADCs with mux ${mux}, or ${nt / mux} ADCs with mux ${nf / (nt / mux)}` : `the ADC count times mux must equal ${nf}`,
      });
    } else {
      const dac = to.inst.component.category === 'crossbar' ? ' (one DAC per row)' : '';
      diags.report('E3003', `\`${f}\` has ${nf} lanes but \`${t}\` has ${nt}${dac}`, c.span, {
        labels: [
          { span: c.from.span, message: `${nf} lanes` },
          { span: c.to.span, message: `${nt} lanes` },
        ],
      });
    }
    return false;
  }
  return true;
}

/** A tile instance's input is one port: two links into it drive it twice. */
function checkLinks(d: Design, diags: Diagnostics): void {
  for (const chip of d.chips) {
    const into = new Map<string, LinkIR>();
    for (const l of chip.links) {
      const prev = into.get(l.to);
      if (prev) {
        diags.report('E3006', `the input of \`${l.to}\` is driven by two links`, l.toSpan, {
          label: `second link into ${l.to}`,
          labels: [{ span: prev.toSpan, message: `first link into ${prev.to}` }],
          notes: [`from ${prev.from} and from ${l.from}`],
        });
      } else into.set(l.to, l);
    }
  }
}

export function checkConnectivity(d: Design, diags: Diagnostics): void {
  for (const t of allTiles(d)) checkTile(t, diags);
  checkLinks(d, diags);
}
