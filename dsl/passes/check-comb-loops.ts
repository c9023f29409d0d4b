// dsl/passes/check-comb-loops.ts: loops with no register in them.
// Input: Elaborated. Output: diagnostics only (E3008).
//
// 1. Inside a tile: the connections form a graph of instances. A cycle that passes through
//    no buffer (fifo, edram) is a loop with no storage for the valid/ready handshake.
// 2. Between tiles: a cycle of links that all have zero latency closes a combinational
//    valid/ready path. One link with latency >= 1 cycle breaks it.
// Algorithm: iterative DFS with colours; on a back edge, report the path from the
// re-entered node, once per cycle (keyed by its sorted node set).
import type { Span } from '../ast.js';
import type { Diagnostics } from '../diagnostics/diagnostic.js';
import type { ConnectionIR, Design, TileIR } from '../ir/nodes.js';
import { ports } from '../ir/ports.js';
import { allTiles } from '../ir/walk.js';

interface Edge {
  to: string;
  span: Span;
}

/** Cycles of a directed graph, each as its list of edges, found by DFS. */
function cycles(nodes: readonly string[], edges: ReadonlyMap<string, Edge[]>): { path: string[]; spans: Span[] }[] {
  const colour = new Map<string, 0 | 1 | 2>();
  const found: { path: string[]; spans: Span[] }[] = [];
  const seenKeys = new Set<string>();
  for (const root of nodes) {
    if (colour.get(root)) continue;
    const stack: { node: string; next: number; via: Span | null }[] = [{ node: root, next: 0, via: null }];
    colour.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const out = edges.get(top.node) ?? [];
      if (top.next >= out.length) {
        colour.set(top.node, 2);
        stack.pop();
        continue;
      }
      const e = out[top.next++]!;
      const c = colour.get(e.to) ?? 0;
      if (c === 0) {
        colour.set(e.to, 1);
        stack.push({ node: e.to, next: 0, via: e.span });
      } else if (c === 1) {
        const start = stack.findIndex((s) => s.node === e.to);
        const path = stack.slice(start).map((s) => s.node);
        const spans = [...stack.slice(start + 1).map((s) => s.via!), e.span];
        const key = [...path].sort().join('\u0000');
        if (!seenKeys.has(key)) {
          seenKeys.add(key);
          found.push({ path, spans });
        }
      }
    }
  }
  return found;
}

/** A connection from an output port to an input port (others are E3007, reported already). */
function directed(tile: TileIR, c: ConnectionIR): boolean {
  const dir = (inst: string, port: string) => {
    const i = tile.instances.find((x) => x.name === inst);
    return i ? ports(i).find((p) => p.name === port)?.dir : undefined;
  };
  return dir(c.from.instance, c.from.port) === 'out' && dir(c.to.instance, c.to.port) === 'in';
}

function tileLoops(tile: TileIR, diags: Diagnostics): void {
  const buffers = new Set(tile.instances.filter((i) => i.component.category === 'buffer').map((i) => i.name));
  const edges = new Map<string, Edge[]>();
  for (const c of tile.connections) {
    if (buffers.has(c.from.instance)) continue; // a buffer's output starts a new stage
    if (!directed(tile, c)) continue;
    const l = edges.get(c.from.instance) ?? [];
    l.push({ to: c.to.instance, span: c.span });
    edges.set(c.from.instance, l);
  }
  for (const cyc of cycles(tile.instances.map((i) => i.name), edges)) {
    const path = [...cyc.path, cyc.path[0]!].join(' -> ');
    diags.report('E3008', `combinational loop in tile \`${tile.name}\`: ${path}`, cyc.spans[cyc.spans.length - 1]!, {
      label: 'this connection closes the loop',
      labels: cyc.spans.slice(0, -1).map((s) => ({ span: s, message: 'part of the loop' })),
      help: 'insert a `buffer` (fifo) in the loop to hold one vector',
    });
  }
}

export function checkCombLoops(d: Design, diags: Diagnostics): void {
  for (const t of allTiles(d)) tileLoops(t, diags);
  for (const chip of d.chips) {
    const edges = new Map<string, Edge[]>();
    for (const l of chip.links) {
      if (l.latency.value > 0) continue;
      const list = edges.get(l.from) ?? [];
      list.push({ to: l.to, span: l.span });
      edges.set(l.from, list);
    }
    for (const cyc of cycles(chip.tiles.map((t) => t.path), edges)) {
      const path = [...cyc.path, cyc.path[0]!].join(' -> ');
      diags.report('E3008', `combinational loop between tiles of chip \`${chip.name}\`: ${path}`, cyc.spans[cyc.spans.length - 1]!, {
        label: 'a zero-latency link closes the loop',
        labels: cyc.spans.slice(0, -1).map((s) => ({ span: s, message: 'zero-latency link' })),
        notes: ['with every link at 0 latency, the valid/ready handshake around the loop is combinational'],
        help: 'give one link in the loop `latency = 1 cycles;` or more',
      });
    }
  }
}
