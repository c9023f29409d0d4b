// network/mapping.ts: place the matrix layers of a network onto crossbar tiles, and evaluate the
// placed network with a per-block "analog MVM" callback.
//
// Algorithm (aihwkit TileModuleArray, `periphery.md` §2.5):
//   1. Every dense or conv2d layer is a matrix fanOut × fanIn (conv2d: outC × inC·kh·kw, see
//      conv.ts). On a crossbar it sits transposed: inputs on the rows, outputs on the columns.
//   2. If fanIn > rows, the inputs are split into ceil(fanIn / rows) near-equal pieces; the same
//      for fanOut > cols. Near-equal: sizes differ by at most one, the larger ones first
//      (784 on 512 rows → 392 + 392, not 512 + 272). The tile size may differ per layer; or the
//      caller gives the pieces themselves: `xbar infer` gives the ones of the front end's
//      placement (dsl/ir/network-placement.ts, which splits with splitSizes below).
//   3. Each (input piece, output piece) pair is one block, a rows' × cols' weight matrix with
//      block[i][j] = W[outStart + j][inStart + i], placed on its own tile (tile index = block
//      id, in layer order, then input piece, then output piece). A tile holds one block; its
//      unused rows and columns are idle. Which tile instance holds which block is the front
//      end's decision (network-placement.ts: the same order, with tile paths).
//   4. Evaluation: the digital side slices each input vector by input piece, calls the MVM of
//      every block, adds the partial sums of the input pieces of an output piece digitally, and
//      adds the bias once. Activations, softmax and flatten are digital. A conv2d layer runs one
//      MVM per output position (an im2col column).
import type { Rng } from '../emulator/random.js';
import { geometry, im2col } from './conv.js';
import { isMatrixLayer, layerForward, matrixShape, NetworkError, shapes, type MatrixLayer, type Network, type Tensor } from './layers.js';

export interface TileSize {
  rows: number;
  cols: number;
}

export interface Block {
  id: number;
  /** Index of the layer in network.layers. */
  layer: number;
  /** The tile that holds the block (one block per tile). */
  tile: number;
  inPiece: number;
  outPiece: number;
  /** Inputs inStart .. inStart + rows − 1 of the layer drive the block's rows. */
  inStart: number;
  rows: number;
  /** Columns give outputs outStart .. outStart + cols − 1. */
  outStart: number;
  cols: number;
  /** rows × cols, row-major: weights[i·cols + j] = W[outStart + j][inStart + i]. */
  weights: Float64Array;
}

export interface LayerPlacement {
  layer: number;
  kind: MatrixLayer['kind'];
  fanIn: number;
  fanOut: number;
  inPieces: number[];
  outPieces: number[];
  /** Block ids, input piece major: blocks[a · outPieces.length + b]. */
  blocks: number[];
}

/** The pieces of one layer: input piece sizes (sum fanIn) and output piece sizes (sum fanOut). */
export interface LayerPieces {
  inPieces: readonly number[];
  outPieces: readonly number[];
}

/** How a layer is cut: a tile size (near-equal pieces, splitSizes), or the pieces themselves. */
export type LayerCut = TileSize | LayerPieces;

export interface MappingPlan {
  layers: LayerPlacement[];
  blocks: Block[];
  tilesUsed: number;
}

/** Split n into ceil(n / max) near-equal pieces (sizes differ by at most one, larger first). */
export function splitSizes(n: number, max: number): number[] {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(max) || max < 1) throw new RangeError(`splitSizes needs positive integers, got ${n}, ${max}`);
  const pieces = Math.ceil(n / max);
  const base = Math.floor(n / pieces);
  const extra = n % pieces;
  return Array.from({ length: pieces }, (_, k) => base + (k < extra ? 1 : 0));
}

const starts = (sizes: number[]): number[] => sizes.map((_, k) => sizes.slice(0, k).reduce((a, b) => a + b, 0));

function checkTile(tile: TileSize): void {
  if (!Number.isInteger(tile.rows) || tile.rows < 1 || !Number.isInteger(tile.cols) || tile.cols < 1) {
    throw new NetworkError(`tile size must be positive integers, found ${tile.rows} × ${tile.cols}`);
  }
}

function checkPieces(pieces: readonly number[], n: number, what: string, li: number): number[] {
  if (pieces.length === 0 || pieces.some((p) => !Number.isInteger(p) || p < 1) || pieces.reduce((a, b) => a + b, 0) !== n) {
    throw new NetworkError(`layer ${li}: ${what} pieces [${pieces.join(', ')}] are not positive integers summing to ${n}`);
  }
  return [...pieces];
}

/**
 * The blocks of every matrix layer. `cut` is one tile size for every layer, or per layer
 * (index in net.layers) a tile size or the pieces. With `maxTiles`, a network that needs more
 * tiles is an error naming the count.
 */
export function mapNetwork(net: Network, cut: TileSize | ((layer: number) => LayerCut), opts: { maxTiles?: number } = {}): MappingPlan {
  if (typeof cut !== 'function') checkTile(cut);
  shapes(net);
  const layers: LayerPlacement[] = [];
  const blocks: Block[] = [];
  net.layers.forEach((l, li) => {
    if (!isMatrixLayer(l)) return;
    const { fanIn, fanOut } = matrixShape(l);
    const c = typeof cut === 'function' ? cut(li) : cut;
    let inPieces: number[];
    let outPieces: number[];
    if ('inPieces' in c) {
      inPieces = checkPieces(c.inPieces, fanIn, 'input', li);
      outPieces = checkPieces(c.outPieces, fanOut, 'output', li);
    } else {
      checkTile(c);
      inPieces = splitSizes(fanIn, c.rows);
      outPieces = splitSizes(fanOut, c.cols);
    }
    const inStarts = starts(inPieces);
    const outStarts = starts(outPieces);
    const ids: number[] = [];
    inPieces.forEach((rows, a) => {
      outPieces.forEach((cols, b) => {
        const inStart = inStarts[a]!;
        const outStart = outStarts[b]!;
        const w = new Float64Array(rows * cols);
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) w[i * cols + j] = l.weight[(outStart + j) * fanIn + inStart + i]!;
        const id = blocks.length;
        blocks.push({ id, layer: li, tile: id, inPiece: a, outPiece: b, inStart, rows, outStart, cols, weights: w });
        ids.push(id);
      });
    });
    layers.push({ layer: li, kind: l.kind, fanIn, fanOut, inPieces, outPieces, blocks: ids });
  });
  if (opts.maxTiles !== undefined && blocks.length > opts.maxTiles) {
    const detail = layers.map((p) => `layer ${p.layer} (${p.kind} ${p.fanIn}→${p.fanOut}): ${p.blocks.length}`).join(', ');
    const size = typeof cut === 'function' ? '' : ` of ${cut.rows} × ${cut.cols}`;
    throw new NetworkError(`the network needs ${blocks.length} tiles${size}, the chip has ${opts.maxTiles} (${detail})`);
  }
  return { layers, blocks, tilesUsed: blocks.length };
}

/** One analog matrix-vector product: x has block.rows entries, the result block.cols. */
export type AnalogMvm = (blockId: number, x: Float64Array) => Float64Array;

/** The exact product Σ_i x_i · w_ij of each block's weights. */
export function idealMvm(plan: MappingPlan): AnalogMvm {
  return (id, x) => blockProduct(plan.blocks[id]!, plan.blocks[id]!.weights, x);
}

function blockProduct(b: Block, w: Float64Array, x: Float64Array): Float64Array {
  const y = new Float64Array(b.cols);
  for (let i = 0; i < b.rows; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const o = i * b.cols;
    for (let j = 0; j < b.cols; j++) y[j]! += xi * w[o + j]!;
  }
  return y;
}

export interface NoisyMvmOptions {
  /** Programming noise: a fixed N(0, σ·max|W_block|) per weight, drawn once per block. */
  programSigma?: number;
  /** Output noise: N(0, σ·max|W_block|·max|x|) per column and MVM. */
  outputSigma?: number;
  rng: Rng;
}

/**
 * A simple noisy stand-in for the emulator (for tests): weights perturbed once per block
 * (stream rng.fork('program/<id>')), outputs perturbed per call (rng.fork('read/<id>'),
 * consumed in call order).
 */
export function noisyMvm(plan: MappingPlan, opts: NoisyMvmOptions): AnalogMvm {
  const ps = opts.programSigma ?? 0;
  const os = opts.outputSigma ?? 0;
  const state = plan.blocks.map((b) => {
    let amax = 0;
    for (const v of b.weights) amax = Math.max(amax, Math.abs(v));
    const pr = opts.rng.fork(`program/${b.id}`);
    const w = ps > 0 ? b.weights.map((v) => v + ps * amax * pr.normal()) : b.weights;
    return { w, amax, read: opts.rng.fork(`read/${b.id}`) };
  });
  return (id, x) => {
    const b = plan.blocks[id]!;
    const s = state[id]!;
    const y = blockProduct(b, s.w, x);
    if (os > 0) {
      let xmax = 0;
      for (const v of x) xmax = Math.max(xmax, Math.abs(v));
      for (let j = 0; j < y.length; j++) y[j]! += os * s.amax * xmax * s.read.normal();
    }
    return y;
  };
}

/**
 * The network's output for a batch, with every matrix layer computed block by block through
 * `mvm` (partial sums and bias digital) and the other layers in float.
 */
export function evaluateMapped(net: Network, plan: MappingPlan, x: Tensor, mvm: AnalogMvm): Tensor {
  const s = shapes(net);
  if (x.shape.length !== s[0]!.length + 1 || x.shape.slice(1).some((d, k) => d !== s[0]![k])) {
    throw new NetworkError(`input batch must have shape (N, ${s[0]!.join(', ')}), found (${x.shape.join(', ')})`);
  }
  const n = x.shape[0]!;
  let cur = x;
  net.layers.forEach((l, li) => {
    const outShape = [n, ...s[li + 1]!];
    if (!isMatrixLayer(l)) {
      cur = layerForward(l, cur, outShape);
      return;
    }
    const place = plan.layers.find((p) => p.layer === li);
    if (!place || place.fanIn !== matrixShape(l).fanIn || place.fanOut !== matrixShape(l).fanOut) {
      throw new NetworkError(`the mapping plan does not match layer ${li} (${l.kind}); map the network again`);
    }
    const out = new Float64Array(outShape.reduce((a, b) => a * b, 1));
    if (l.kind === 'dense') {
      for (let r = 0; r < n; r++) {
        const y = mappedVector(plan, place, cur.data.subarray(r * place.fanIn, (r + 1) * place.fanIn), l.bias, mvm);
        out.set(y, r * place.fanOut);
      }
    } else {
      const g = geometry(l, cur.shape);
      const p = g.ho * g.wo;
      const cols = new Float64Array(place.fanIn * p);
      const v = new Float64Array(place.fanIn);
      for (let r = 0; r < n; r++) {
        im2col(cur.data, r, g, cols);
        for (let q = 0; q < p; q++) {
          for (let k = 0; k < place.fanIn; k++) v[k] = cols[k * p + q]!;
          const y = mappedVector(plan, place, v, l.bias, mvm);
          for (let o = 0; o < place.fanOut; o++) out[(r * place.fanOut + o) * p + q] = y[o]!;
        }
      }
    }
    cur = { shape: outShape, data: out };
  });
  return cur;
}

function mappedVector(plan: MappingPlan, place: LayerPlacement, x: Float64Array, bias: Float64Array, mvm: AnalogMvm): Float64Array {
  const y = Float64Array.from(bias); // bias added once, digitally
  const nOut = place.outPieces.length;
  for (let a = 0; a < place.inPieces.length; a++) {
    for (let b = 0; b < nOut; b++) {
      const blk = plan.blocks[place.blocks[a * nOut + b]!]!;
      const part = mvm(blk.id, x.slice(blk.inStart, blk.inStart + blk.rows));
      if (part.length !== blk.cols) throw new NetworkError(`the MVM of block ${blk.id} returned ${part.length} values, expected ${blk.cols}`);
      for (let j = 0; j < blk.cols; j++) y[blk.outStart + j]! += part[j]!; // partial sums, digital
    }
  }
  return y;
}
