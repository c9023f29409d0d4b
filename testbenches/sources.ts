// testbenches/sources.ts: the data a testbench programs and drives, made concrete.
//
// Weights: random_weights(lo, hi) (uniform, seeded), a literal matrix, or a .npy / CSV file
// of shape rows x cols. Inputs: random_codes(count, lo, hi) (uniform integers, seeded), literal
// vectors, a .npy / CSV file of shape n x lanes (or one vector of `lanes`), or a VCD stimulus
// signal (each change is one vector: a bus of lanes x bits, lane 0 in the low bits, codes in
// two's complement for signed DACs; a real signal drives a one-lane tile).
// Problems become DataError with a diagnostic code, naming the file.
import { readFileSync } from 'node:fs';
import type { InputSource, WeightSource } from '../dsl/ir/nodes.js';
import type { Rng } from '../emulator/random.js';
import { readStimulus, StimulusError } from '../emulator/trace/vcd-stimulus.js';
import { CsvError, readCsv } from './csv.js';
import { NpyError, readNpy } from './npy.js';

export class DataError extends Error {
  constructor(
    readonly code: 'E4002' | 'E4003' | 'E4004' | 'E4005',
    message: string,
  ) {
    super(message);
  }
}

/** A matrix from a .npy or CSV file: its shape and row-major values. */
function readMatrix(format: 'npy' | 'csv', path: string, display: string): { shape: number[]; data: Float64Array } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DataError('E4002', `cannot read ${display}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    if (format === 'npy') {
      const a = readNpy(bytes);
      return { shape: a.shape, data: a.data };
    }
    const rows = readCsv(bytes.toString('utf8')).rows;
    const cols = rows[0]?.length ?? 0;
    return { shape: [rows.length, cols], data: Float64Array.from(rows.flat()) };
  } catch (e) {
    if (e instanceof NpyError || e instanceof CsvError) throw new DataError('E4002', `${display}: ${e.message}`);
    throw e;
  }
}

function shapeText(shape: readonly number[]): string {
  return shape.length ? shape.join(' x ') : 'a scalar';
}

export function loadWeights(src: WeightSource, rows: number, cols: number, rng: Rng): Float64Array {
  switch (src.kind) {
    case 'random-weights': {
      const w = new Float64Array(rows * cols);
      for (let i = 0; i < w.length; i++) w[i] = src.lo + (src.hi - src.lo) * rng.uniform();
      return w;
    }
    case 'matrix':
      return Float64Array.from(src.rows.flat());
    case 'file': {
      const m = readMatrix(src.format, src.path, src.display);
      if (m.shape.length !== 2 || m.shape[0] !== rows || m.shape[1] !== cols) {
        throw new DataError('E4003', `${src.display} holds ${shapeText(m.shape)} values; the crossbar needs ${rows} x ${cols} (rows x cols)`);
      }
      for (let i = 0; i < m.data.length; i++) {
        if (!Number.isFinite(m.data[i]!)) throw new DataError('E4003', `${src.display}: weight ${Math.floor(i / cols)}, ${i % cols} is ${m.data[i]}`);
      }
      return m.data;
    }
  }
}

export function loadInputs(src: InputSource, lanes: number, range: [number, number], rng: Rng, signedDac: boolean, bits: number): number[][] {
  const check = (vs: number[][], where: string): number[][] => {
    for (let v = 0; v < vs.length; v++) {
      if (vs[v]!.length !== lanes) throw new DataError('E4003', `${where}: vector ${v} has ${vs[v]!.length} codes; the tile has ${lanes} input lanes`);
      for (let l = 0; l < lanes; l++) {
        const c = vs[v]![l]!;
        if (!Number.isInteger(c) || c < range[0] || c > range[1]) {
          throw new DataError('E4004', `${where}: vector ${v}, lane ${l}: ${c} is not a code in ${range[0]}..=${range[1]}`);
        }
      }
    }
    return vs;
  };
  switch (src.kind) {
    case 'random-codes': {
      const lo = src.lo ?? range[0];
      const hi = src.hi ?? range[1];
      return Array.from({ length: src.count }, () => Array.from({ length: lanes }, () => rng.int(lo, hi)));
    }
    case 'vectors':
      return check(src.vectors, 'the input vectors');
    case 'file': {
      const m = readMatrix(src.format, src.path, src.display);
      const n = m.shape.length === 1 ? 1 : m.shape[0]!;
      const w = m.shape.length === 1 ? m.shape[0]! : m.shape[1]!;
      if (m.shape.length > 2 || w !== lanes) {
        throw new DataError('E4003', `${src.display} holds ${shapeText(m.shape)} values; the tile needs vectors of ${lanes} codes (n x ${lanes})`);
      }
      return check(Array.from({ length: n }, (_, i) => Array.from(m.data.subarray(i * w, (i + 1) * w))), src.display);
    }
    case 'vcd': {
      let changes: { t: bigint; v: number | bigint | string | null }[];
      let kind: 'real' | 'vector';
      let width: number;
      try {
        const s = readStimulus(src.path, src.signal);
        changes = s.changes;
        kind = s.kind === 'real' ? 'real' : 'vector';
        width = s.width;
      } catch (e) {
        if (e instanceof StimulusError) throw new DataError('E4005', e.message);
        throw e;
      }
      if (kind === 'real') {
        if (lanes !== 1) throw new DataError('E4005', `${src.display}: the real signal ${src.signal} can only drive a tile with one input lane (this one has ${lanes})`);
        return check(changes.map((c) => [Number(c.v)]), src.display);
      }
      if (width !== lanes * bits) {
        throw new DataError('E4005', `${src.display}: ${src.signal} is ${width} bits wide; the tile needs ${lanes} lanes x ${bits} bits = ${lanes * bits}`);
      }
      const mask = (1n << BigInt(bits)) - 1n;
      const out: number[][] = [];
      for (const c of changes) {
        if (c.v === null || (typeof c.v === 'string' && /[xz]/i.test(c.v))) {
          throw new DataError('E4005', `${src.display}: ${src.signal} is x or z at ${c.t} fs; a stimulus must be fully defined`);
        }
        const word = typeof c.v === 'string' ? BigInt(`0b${c.v || '0'}`) : BigInt(c.v);
        const vec: number[] = [];
        for (let l = 0; l < lanes; l++) {
          let code = Number((word >> BigInt(l * bits)) & mask);
          if (signedDac && code >= 2 ** (bits - 1)) code -= 2 ** bits;
          vec.push(code);
        }
        out.push(vec);
      }
      return check(out, src.display);
    }
  }
}
