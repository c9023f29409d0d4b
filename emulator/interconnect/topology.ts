// emulator/interconnect/topology.ts: where the tiles of a chip sit on a shared interconnect,
// and which channels a transfer from one tile to another crosses.
//
// - bus: one channel (id 0) that every transfer crosses; 1 link, 0 router hops.
// - mesh: a W x H grid of routers, one per tile instance. Each directed channel between two
//   neighbouring routers is one channel. XY routing: first along x to the destination's
//   column, then along y. A transfer of Manhattan distance h crosses h channels: h links and
//   h router hops. A tile sending to itself crosses none.
//
// Placement (meshPlacement): the instances of a chip whose only array is 2-D (`core c[4][4]`)
// sit at (x, y) = their indices (c[i][j] at x = i, y = j); any other chip lays its instances,
// in declaration (row-major) order, row by row on a grid ceil(sqrt(n)) wide: instance k at
// (k mod w, floor(k / w)).

export type Medium =
  | { kind: 'bus' }
  | { kind: 'mesh'; width: number; height: number; at: readonly (readonly [number, number])[] };

export interface Route {
  /** Channel ids, in the order the transfer crosses them. */
  channels: number[];
  /** Router hops (mesh) charged e_hop per bit. */
  hops: number;
  /** Links (wires) crossed, charged e_bit per bit. */
  links: number;
}

/** Directions of a mesh channel out of a router. */
const DIRS = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
] as const;

/** Mesh placement of n tile instances (see the header). */
export function meshPlacement(arrays: readonly { dims: readonly number[] }[], indices: readonly (readonly number[])[]): Medium & { kind: 'mesh' } {
  const only = arrays.length === 1 ? arrays[0]! : null;
  if (only && only.dims.length === 2) {
    return { kind: 'mesh', width: only.dims[0]!, height: only.dims[1]!, at: indices.map((ix) => [ix[0]!, ix[1]!] as const) };
  }
  const n = indices.length;
  const w = Math.max(1, Math.ceil(Math.sqrt(n)));
  return { kind: 'mesh', width: w, height: Math.max(1, Math.ceil(n / w)), at: indices.map((_, k) => [k % w, Math.floor(k / w)] as const) };
}

function meshChannel(m: Medium & { kind: 'mesh' }, x: number, y: number, dir: number): number {
  return (y * m.width + x) * 4 + dir;
}

/** The channels a transfer from tile `src` to tile `dst` (indices into the placement) crosses. */
export function route(m: Medium, src: number, dst: number): Route {
  if (src === dst) return { channels: [], hops: 0, links: 0 };
  if (m.kind === 'bus') return { channels: [0], hops: 0, links: 1 };
  let [x, y] = m.at[src]!;
  const [dx, dy] = m.at[dst]!;
  const channels: number[] = [];
  while (x !== dx) {
    const dir = dx > x ? 0 : 1;
    channels.push(meshChannel(m, x, y, dir));
    x += DIRS[dir]![0];
  }
  while (y !== dy) {
    const dir = dy > y ? 2 : 3;
    channels.push(meshChannel(m, x, y, dir));
    y += DIRS[dir]![1];
  }
  return { channels, hops: channels.length, links: channels.length };
}

/** A channel's name for reports: `bus`, or `(x,y)->(x',y')`. */
export function channelName(m: Medium, id: number): string {
  if (m.kind === 'bus') return 'bus';
  const dir = id % 4;
  const r = Math.floor(id / 4);
  const x = r % m.width;
  const y = Math.floor(r / m.width);
  return `(${x},${y})->(${x + DIRS[dir]![0]},${y + DIRS[dir]![1]})`;
}
