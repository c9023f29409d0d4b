// dsl/ir/walk.ts: visit every component of a design once (declared ones, instance
// specialisations, and the devices inside cell schemes), and every tile once.
import type { CellIR, ComponentIR, Design, TileIR } from './nodes.js';

function isCell(v: unknown): v is CellIR {
  return typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'cell';
}

export function allTiles(d: Design): TileIR[] {
  const seen = new Set<TileIR>(d.tiles);
  for (const c of d.chips) for (const t of c.tiles) seen.add(t.tile);
  for (const tb of d.testbenches) for (const t of tb.target.tiles) seen.add(t.tile);
  return [...seen];
}

export function allComponents(d: Design): ComponentIR[] {
  const seen = new Set<ComponentIR>();
  const visit = (c: ComponentIR) => {
    if (seen.has(c)) return;
    seen.add(c);
    for (const v of Object.values(c.params)) if (isCell(v)) visit(v.device);
  };
  for (const c of d.components) visit(c);
  for (const t of allTiles(d)) for (const i of t.instances) visit(i.component);
  return [...seen];
}

export function cellOf(c: ComponentIR): CellIR | null {
  const v = c.params['cell'];
  return isCell(v) ? v : null;
}
