// dsl/ir/network-placement.ts: which tile instances of the target hold the pieces of each
// weighted layer of a NetworkIR. Pure data; check-network reports its problems (E3048), the IR
// dump prints it, and `xbar infer` runs it (network/infer.ts placeBlocks: network/mapping.ts
// cuts the weights into these pieces): the one placement rule of xbar.
//
// 1. A layer is the matrix fanOut x fanIn (conv2d: outC x inC·kh·kw, im2col), placed with the
//    fan-in on the crossbar rows and the fan-out on the weight columns (`cols` of the crossbar:
//    for bit-sliced, offset or multi-pair cells, `cols` counts weights, not physical columns).
// 2. The tile size of a layer is the crossbar of the first tile instance it gets. The layer is
//    split into splitSizes(fanIn, rows) x splitSizes(fanOut, cols) near-equal pieces
//    (network/mapping.ts; aihwkit TileModuleArray), input piece major.
// 3. Every piece needs a tile instance of its own. Layers take tiles in layer order: first the
//    instances their `map` names (in the order written), then the instances that no `map`
//    names, in the chip's order, that no earlier layer took.
// 4. Problems: a layer with more pieces than tiles left; a tile without a crossbar; a tile
//    whose crossbar is smaller than the piece put on it; a `map` that names more tiles than
//    the layer has pieces.
import { splitSizes } from '../../network/mapping.js';
import type { LayerIR, NetworkIR } from './network.js';
import type { Span } from '../ast.js';
import type { TileIR } from './nodes.js';

export interface TileSize {
  rows: number;
  cols: number;
}

export interface LayerPlacement {
  /** Index in NetworkIR.layers. */
  layer: number;
  name: string;
  fanIn: number;
  fanOut: number;
  /** The crossbar size the layer is split for (null: its first tile has no crossbar). */
  tileSize: TileSize | null;
  inPieces: number[];
  outPieces: number[];
  /** Tile paths of the pieces, input piece major: tiles[a · outPieces.length + b]; only as many as there were. */
  tiles: string[];
}

export type PlacementProblem =
  | { kind: 'not-enough-tiles'; layer: number; needs: number; has: number; span: Span }
  | { kind: 'no-crossbar'; layer: number; tile: string; span: Span }
  | { kind: 'tile-too-small'; layer: number; tile: string; piece: TileSize; crossbar: TileSize; span: Span }
  | { kind: 'extra-mapped-tiles'; layer: number; mapped: number; pieces: number; span: Span };

export interface NetworkPlacement {
  layers: LayerPlacement[];
  problems: PlacementProblem[];
}

/** The crossbar size of a tile (its first crossbar instance; one array element), or null. */
export function crossbarSize(tile: TileIR): TileSize | null {
  const xb = tile.instances.find((i) => i.component.category === 'crossbar');
  if (!xb) return null;
  const rows = xb.component.params['rows'];
  const cols = xb.component.params['cols'];
  return typeof rows === 'number' && typeof cols === 'number' && rows >= 1 && cols >= 1 ? { rows, cols } : null;
}

/** Fan-in and fan-out of a weighted layer as a crossbar matrix; null for other layers. */
export function matrixShape(l: LayerIR): { fanIn: number; fanOut: number } | null {
  if (l.kind === 'dense') return { fanIn: l.inFeatures, fanOut: l.outFeatures };
  if (l.kind === 'conv2d') return { fanIn: l.inChannels * l.kernel[0] * l.kernel[1], fanOut: l.outChannels };
  return null;
}

export function placeNetwork(net: NetworkIR): NetworkPlacement {
  const tiles = new Map(net.target.tiles.map((t) => [t.path, t.tile]));
  const mapped = new Map<string, { tiles: string[]; span: Span }>();
  for (const m of net.maps) if (!mapped.has(m.layer)) mapped.set(m.layer, { tiles: m.tiles.filter((t) => tiles.has(t)), span: m.span });
  const reserved = new Set([...mapped.values()].flatMap((m) => m.tiles));
  const free = net.target.tiles.map((t) => t.path).filter((p) => !reserved.has(p));
  let next = 0;

  const layers: LayerPlacement[] = [];
  const problems: PlacementProblem[] = [];
  net.layers.forEach((l, index) => {
    const shape = matrixShape(l);
    if (!shape || l.kind === 'activation' || l.kind === 'flatten') return;
    if (shape.fanIn < 1 || shape.fanOut < 1) return;
    const own = mapped.get(l.name);
    const first = own?.tiles[0] ?? free[next];
    const firstTile = first !== undefined ? tiles.get(first)! : net.target.tiles[0]?.tile;
    const size = firstTile ? crossbarSize(firstTile) : null;
    const place: LayerPlacement = { layer: index, name: l.name, ...shape, tileSize: size, inPieces: [], outPieces: [], tiles: [] };
    layers.push(place);
    if (!size) {
      problems.push({ kind: 'no-crossbar', layer: index, tile: first ?? net.target.name, span: l.span });
      return;
    }
    place.inPieces = splitSizes(shape.fanIn, size.rows);
    place.outPieces = splitSizes(shape.fanOut, size.cols);
    const needs = place.inPieces.length * place.outPieces.length;
    const ownTiles = own?.tiles ?? [];
    if (own && ownTiles.length > needs) {
      problems.push({ kind: 'extra-mapped-tiles', layer: index, mapped: ownTiles.length, pieces: needs, span: own.span });
    }
    const has = ownTiles.length + (free.length - next);
    const take = ownTiles.slice(0, needs);
    while (take.length < needs && next < free.length) take.push(free[next++]!);
    place.tiles = take;
    if (take.length < needs) {
      problems.push({ kind: 'not-enough-tiles', layer: index, needs, has, span: l.span });
    }
    take.forEach((path, k) => {
      const piece = { rows: place.inPieces[Math.floor(k / place.outPieces.length)]!, cols: place.outPieces[k % place.outPieces.length]! };
      const xb = crossbarSize(tiles.get(path)!);
      if (!xb) problems.push({ kind: 'no-crossbar', layer: index, tile: path, span: l.span });
      else if (xb.rows < piece.rows || xb.cols < piece.cols) problems.push({ kind: 'tile-too-small', layer: index, tile: path, piece, crossbar: xb, span: l.span });
    });
  });
  return { layers, problems };
}
