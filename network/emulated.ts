// network/emulated.ts: a tile's analog MVM with the emulator's numeric models, without the event
// kernel: no timing, no energy, no handshakes, just the numbers of `docs/emulator.md` "Numbers".
//
// The tile's chain (DACs -> crossbar -> [sample-and-hold | integrator] -> ADCs -> [shift-and-add]
// -> [digital | buffer]*) is taken from `buildTile` itself (built on a scratch kernel that never
// runs), so lane maps and parameters are the ones the cycle-accurate emulator uses. Per vector:
//   1. for each input slice k (one, or one per digit of a bit-serial DAC):
//      a. row inputs x = sliceInputs(codes, k) (dac.ts); DAC errors (dac-errors.ts) and input
//         noise on the noisy path;
//      b. the array product (the programmed model's kernel, or the exact network solve);
//      c. the output side in aihwkit's order (analog-mvm.ts `analogOutputs`);
//      d. the later stages in chain order: remaps (sample-and-hold, integrator, buffer), ADC
//         codes (adcKernel / adcErrorKernel), times the drift-compensation factor of the
//         crossbar lane when the crossbar has one, shift-and-add (weight slices, then the
//         bit-serial accumulation over k), the affine digital unit (only in `tileOutputs`).
//   2. the network path (`blockMvm`) stops before the digital stages (the network's layers
//      are computed digitally in float) and turns each crossbar column's code back into
//      weight units: y_j = code_j · step · sliceMax/codeMax · laneScale_j · s_in.
// Random streams are the Simulator's, keyed by the seed and the tile instance path: devices
// from deviceStream(seed, path), input/output noise, DAC errors and weight read noise from
// Rng(seed).fork(`tile PATH`).fork(`CHIP.PATH.out_noise`), ADC errors from
// .fork(`CHIP.PATH.ADC.errors`). So the same weights, seed and codes give the Simulator's codes
// (network/emulated.test.ts checks it); the draws happen in the same order because the input
// stage handles one slice at a time in the cycle-accurate run too.
// Noise and bound management of the tile (the crossbar's noise_management, bound_management:
// emulator/models/management.ts) act on the codes as in input-stage.ts: the codes scaled by
// 1 / (s r), the ADC codes multiplied by s r, a clipped pass driven again with r doubled.
// The network path first turns activations into codes (`mvm`): `abs_max` (the default) scales
// each vector so that max|a| is the full-scale code (aihwkit's default noise management, so a
// tile with noise_management = abs_max then leaves the codes alone), `constant` divides by a
// fixed bound, `none` takes the activations in units of full scale; round half to even, clip.
import type { CellIR, ChipIR, ComponentIR, TileInstanceIR } from '../dsl/ir/nodes.js';
import { outputsPerColumn } from '../dsl/ir/ports.js';
import { Kernel } from '../emulator/kernel/kernel.js';
import { Clock } from '../emulator/kernel/time.js';
import { adcKernel, adcStep, type AdcParams } from '../emulator/models/adc.js';
import { adcErrorKernel, type AdcErrorKernel } from '../emulator/models/adc-errors.js';
import { analogOutputs } from '../emulator/models/analog-mvm.js';
import { programCrossbar, type CrossbarModel } from '../emulator/models/crossbar.js';
import { codeMax, codeMin, sliceInputs, sliceMax, slicesOf, type DacParams } from '../emulator/models/dac.js';
import { applyDacErrors, dacProfile, type DacProfile } from '../emulator/models/dac-errors.js';
import { affineCode, combineSlices, type Activation } from '../emulator/models/digital.js';
import type { DriftCompensationMode } from '../emulator/models/drift-compensation.js';
import { exactProduct } from '../emulator/models/exact-array.js';
import { adcClips, isLastPass, managementActive, managementParams, noiseScale, outputFactor, scaleCodes, type ManagementParams } from '../emulator/models/management.js';
import { maxCode, roundHalfEven } from '../emulator/models/quantize.js';
import { Rng } from '../emulator/random.js';
import { deviceStream } from '../emulator/simulator.js';
import { AdcStage } from '../emulator/tile/adc-stage.js';
import { buildTile } from '../emulator/tile/build-tile.js';
import { Affine, Buffer, SampleHold, ShiftAdd } from '../emulator/tile/simple-stages.js';

export type NoiseManagement = { kind: 'abs_max' } | { kind: 'none' } | { kind: 'constant'; bound: number };

export interface EmulatedTileOptions {
  seed: number;
  /** Seconds after programming at which the devices are read. */
  tInference: number;
  /**
   * Drift compensation: undefined keeps the crossbar's `drift_compensation`; 'none' turns it
   * off; 'global' / 'column' force that mode (the device draws do not change: the read-out
   * has its own stream).
   */
  driftCompensation?: DriftCompensationMode;
}

/** One stage after the crossbar, reduced to what its numbers need. */
type Step =
  | { kind: 'remap'; map: Int32Array }
  | { kind: 'adc'; map: Int32Array; p: AdcParams; code: (y: number) => number; errors: AdcErrorKernel | null }
  | { kind: 'shift_add'; map: Int32Array; slices: number; shift: number; inputShift: number; outLanes: number }
  | { kind: 'digital'; map: Int32Array; scale: number; offset: number; activation: Activation; outBits: number };

/** A tile instance whose crossbar can be programmed and read, numerically. */
export class EmulatedTile {
  readonly rows: number;
  readonly cols: number;
  readonly dac: DacParams;
  /** Crossbar row r is driven by tile input lane rowLane[r]. */
  readonly rowLane: Int32Array;
  readonly inputLanes: number;
  /** Output lanes of the analog part (after the ADCs and any shift-and-add). */
  readonly analogLanes: number;
  /** For each crossbar column, the analog output lane that carries it (or -1). */
  readonly laneOfColumn: Int32Array;
  model: CrossbarModel | null = null;
  /** Array passes so far (input slices, and bound-management retries). */
  passes = 0;
  private readonly crossbar: ComponentIR;
  private readonly steps: Step[];
  /** Index in `steps` of the first digital stage (the end of the analog part). */
  private readonly analogEnd: number;
  private readonly rng: Rng;
  private readonly wRng: Rng;
  private readonly dacErr: DacProfile | null;
  private readonly outBound: number;
  /** The crossbar's noise and bound management (emulator/models/management.ts). */
  readonly management: ManagementParams;
  private readonly step: number;
  /** Crossbar lane each analog output lane comes from (its lowest weight slice). */
  private readonly srcLane: Int32Array;

  constructor(
    readonly chip: ChipIR,
    readonly instance: TileInstanceIR,
    readonly opts: EmulatedTileOptions,
  ) {
    const path = instance.path;
    const tileRng = new Rng(opts.seed).fork(`tile ${path}`);
    const scope = [chip.name, path];
    const ck = instance.tile.clock ?? chip.clock;
    const clock = new Clock('scratch', ck ? ck.periodFs : 1000000n);
    // The scratch kernel never runs: buildTile gives the chain, lane maps and parameters.
    const built = buildTile(new Kernel(), instance.tile, scope, clock, tileRng, null);
    const input = built.input;
    this.crossbar = built.crossbar.component;
    this.rows = this.crossbar.params['rows'] as number;
    this.cols = this.crossbar.params['cols'] as number;
    this.dac = input.dac;
    this.rowLane = input.rowLane;
    this.inputLanes = input.inputLanes;
    this.outBound = input.outBound;
    this.management = managementParams(this.crossbar);
    this.rng = tileRng.fork(`${scope.join('.')}.out_noise`);
    this.wRng = this.rng.fork('w_noise');
    this.dacErr = dacProfile(this.dac, this.dac.errors, this.inputLanes, this.rng.fork('dac_errors'));
    this.steps = [];
    let step = 0;
    for (const st of built.stages.slice(2, -1)) {
      if (st instanceof AdcStage) {
        const errRng = tileRng.fork(`${st.name}.errors`);
        this.steps.push({ kind: 'adc', map: st.laneMap, p: st.p, code: adcKernel(st.p).code, errors: adcErrorKernel(st.p, Math.ceil(st.laneMap.length / st.p.mux), errRng) });
        step = adcStep(st.p);
      } else if (st instanceof ShiftAdd) {
        this.steps.push({ kind: 'shift_add', map: st.laneMap, slices: st.slices, shift: st.shift, inputShift: st.inputShift, outLanes: st.outLanes });
      } else if (st instanceof Affine) {
        const inst = instance.tile.instances.find((i) => st.name === `${scope.join('.')}.${i.name}`)!;
        const n = (k: string) => (typeof inst.component.params[k] === 'number' ? (inst.component.params[k] as number) : 0);
        this.steps.push({ kind: 'digital', map: st.laneMap, scale: n('scale'), offset: n('offset'), activation: inst.component.params['activation'] as Activation, outBits: n('out_bits') });
      } else if (st instanceof SampleHold || st instanceof Buffer) {
        this.steps.push({ kind: 'remap', map: st.laneMap });
      } else {
        throw new Error(`internal: stage ${st.name} has no numeric model here`);
      }
    }
    this.step = step;
    const firstDigital = this.steps.findIndex((s) => s.kind === 'digital');
    this.analogEnd = firstDigital < 0 ? this.steps.length : firstDigital;
    // which crossbar lane feeds each analog output lane (its lowest weight slice)
    const lanes = this.cols * outputsPerColumn(this.crossbar.params['cell'] as CellIR);
    let src = Int32Array.from({ length: lanes }, (_, l) => l);
    for (const s of this.steps.slice(0, this.analogEnd)) {
      const from = src;
      src = s.kind === 'shift_add' ? Int32Array.from({ length: s.outLanes }, (_, j) => from[s.map[j * s.slices]!]!) : Int32Array.from(s.map, (l) => from[l]!);
    }
    this.srcLane = src;
    this.analogLanes = src.length;
    this.laneOfColumn = new Int32Array(this.cols).fill(-1);
    this.perColumnLanes = 0;
  }

  /** Set once programmed: output lanes per crossbar column (bit slices). */
  private perColumnLanes: number;

  /** Program the whole crossbar (rows × cols, row-major), as Simulator.program does. */
  program(weights: Float64Array): void {
    if (weights.length !== this.rows * this.cols) throw new RangeError(`${this.instance.path}: ${weights.length} weights for a ${this.rows} × ${this.cols} crossbar`);
    const mode = this.opts.driftCompensation;
    const c = mode === undefined ? this.crossbar : { ...this.crossbar, params: { ...this.crossbar.params, drift_compensation: mode } };
    this.model = programCrossbar(c, weights, deviceStream(this.opts.seed, this.instance.path), this.opts.tInference);
    this.perColumnLanes = this.model.perColumn;
    this.laneOfColumn.fill(-1);
    for (let l = 0; l < this.srcLane.length; l++) {
      const lane = this.srcLane[l]!;
      const col = Math.floor(lane / this.perColumnLanes);
      if (lane % this.perColumnLanes === 0 && this.laneOfColumn[col] === -1) this.laneOfColumn[col] = l;
    }
  }

  /**
   * The tile's outputs for one vector of input codes (one per tile input lane), through the
   * whole chain including the digital stages: the values `Simulator.read` gives.
   */
  tileOutputs(codes: ArrayLike<number>): Float64Array {
    const rowCodes = new Float64Array(this.rows);
    for (let r = 0; r < this.rows; r++) rowCodes[r] = codes[this.rowLane[r]!]!;
    return this.run(rowCodes, this.steps.length);
  }

  /** The analog part only (codes after the ADCs and any shift-and-add), from codes per crossbar row. */
  analogCodes(rowCodes: ArrayLike<number>): Float64Array {
    return this.run(rowCodes, this.analogEnd);
  }

  private run(given: ArrayLike<number>, upTo: number): Float64Array {
    const m = this.model;
    if (!m) throw new Error(`internal: ${this.instance.path} is not programmed`);
    const rows = this.rows;
    const slices = slicesOf(this.dac);
    const mg = this.management;
    const managed = managementActive(mg);
    const cMax = codeMax(this.dac);
    const range = { cMax, cMin: codeMin(this.dac) };
    // noise management: s from the vector as given (input-stage.ts `manage`)
    let absMax = 0;
    for (let r = 0; r < rows; r++) absMax = Math.max(absMax, Math.abs(given[r]!));
    const nmScale = managed ? noiseScale(mg, absMax, cMax) : 1;
    const codes = new Float64Array(rows);
    const x = new Float64Array(rows);
    let xNoisy: Float64Array | null = null;
    const pulses = new Float64Array(rows);
    let acc: Float64Array | null = null;
    let out: Float64Array<ArrayBufferLike> = new Float64Array(0);
    for (let k = 0; k < slices; k++) {
      // bound management: the same slice again with r doubled while the ADC clips
      for (let bmR = 1; ; bmR *= 2) {
        this.passes++;
        if (managed) scaleCodes(given, range, nmScale, bmR, codes, absMax);
        else codes.set(given);
        // 1a. DAC: inputs, converter errors, input noise
        sliceInputs(this.dac, codes, k, x);
        if (this.dacErr) {
          xNoisy ??= new Float64Array(rows);
          applyDacErrors(this.dacErr, codes, k, this.rowLane, xNoisy, pulses);
        }
        if (this.dac.inputNoise > 0) {
          xNoisy ??= new Float64Array(rows);
          const base = this.dacErr ? xNoisy : x;
          for (let r = 0; r < rows; r++) xNoisy[r] = base[r]! + this.dac.inputNoise * this.rng.normal();
        }
        const xa = xNoisy ?? x;
        // 1b. the array
        let values: Float64Array;
        if (m.exact) {
          values = new Float64Array(m.lanes);
          exactProduct(m.exact, xa, this.dac.vRead, values);
        } else {
          m.kernel.x.set(xa);
          m.kernel.mvm();
          values = m.kernel.out.slice();
        }
        // 1c. the output side
        analogOutputs(m.analog, values, { wT: m.wT, rows, x: xa, outBound: this.outBound, outRng: this.rng, wRng: this.wRng });
        // the digital factor the ADC applies: drift compensation times the management's s r
        let gain: Float64Array | null = m.driftAlpha;
        let check: { last: boolean; negative: boolean } | null = null;
        if (managed) {
          const f = outputFactor(nmScale, bmR, this.dac.inputNoise > 0);
          gain = f !== 1 || m.driftAlpha ? (m.driftAlpha ? m.driftAlpha.map((a) => a * f) : new Float64Array(values.length).fill(f)) : null;
          if (mg.bound !== 'none') check = { last: isLastPass(mg, bmR, cMax), negative: mg.testNegative };
        }
        // 1d. the stages
        let v: Float64Array<ArrayBufferLike> = values;
        let pending = false; // a bit-serial slice waits in the shift-and-add for the next one
        let retry = false;
        for (let s = 0; s < upTo && !pending && !retry; s++) {
          const st = this.steps[s]!;
          const n = st.kind === 'shift_add' ? st.outLanes : st.map.length;
          const next = new Float64Array(n);
          switch (st.kind) {
            case 'remap':
              for (let l = 0; l < n; l++) next[l] = v[st.map[l]!]!;
              if (gain) gain = Float64Array.from(st.map, (l) => gain![l]!);
              break;
            case 'adc': {
              const mux = st.p.mux;
              for (let l = 0; l < n; l++) {
                const y = v[st.map[l]!]!;
                const code = st.errors ? st.errors.code(y, (l / mux) | 0) : st.code(y);
                next[l] = gain ? code * gain[st.map[l]!]! : code;
              }
              gain = null;
              if (check) {
                const y = Float64Array.from(st.map, (l) => v[l]!);
                const clipped = adcClips(y, adcStep(st.p), maxCode(st.p.bits), check.negative, st.p.errors.rounding === 'floor');
                retry = clipped && !check.last; // the ADC drops the pass; the DACs drive it again
              }
              break;
            }
            case 'shift_add': {
              const inp = Float64Array.from(st.map, (l) => v[l]!);
              combineSlices(inp, st.slices, st.shift, next);
              if (slices > 1) {
                const w = 2 ** (st.inputShift * k);
                acc ??= new Float64Array(n);
                for (let j = 0; j < n; j++) acc[j] = acc[j]! + w * next[j]!;
                if (k < slices - 1) pending = true;
                else next.set(acc);
              }
              break;
            }
            case 'digital':
              for (let l = 0; l < n; l++) next[l] = affineCode(v[st.map[l]!]!, st.scale, st.offset, st.activation, st.outBits);
              break;
          }
          v = next;
        }
        if (retry) continue;
        if (!pending) out = v;
        break;
      }
    }
    return out;
  }

  /**
   * The analog MVM of a block of weights (rows' × cols' ≤ the crossbar) programmed in the
   * top-left corner, in weight units: call `programBlock` once, then `mvm` per input vector.
   */
  programBlock(weights: Float64Array, rows: number, cols: number): void {
    if (rows > this.rows || cols > this.cols) throw new RangeError(`${this.instance.path}: a ${rows} × ${cols} block does not fit the ${this.rows} × ${this.cols} crossbar`);
    this.program(this.blockWeights(weights, rows, cols));
    for (let j = 0; j < cols; j++) {
      if (this.laneOfColumn[j]! < 0) throw new RangeError(`${this.instance.path}: crossbar column ${j} reaches no output lane of the tile's ADCs`);
    }
  }

  /** Activations a (one per block row) -> the block's outputs Σ_i a_i W_ij (cols' values). */
  mvm(a: ArrayLike<number>, cols: number, nm: NoiseManagement): Float64Array {
    return this.mvmWithCodes(a, cols, nm)?.out ?? new Float64Array(cols);
  }

  /**
   * `mvm`, with the crossbar-row codes driven (what the cycle-accurate tile is given: the
   * timed network run drives them into the Simulator). Null for an all-zero input with
   * abs_max scaling: no MVM (aihwkit returns zeros).
   */
  mvmWithCodes(a: ArrayLike<number>, cols: number, nm: NoiseManagement): { out: Float64Array; codes: Float64Array } | null {
    const m = this.model!;
    const cmax = codeMax(this.dac);
    const cmin = codeMin(this.dac);
    let s = 1;
    if (nm.kind === 'abs_max') {
      s = 0;
      for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]!));
      if (s === 0) return null;
    } else if (nm.kind === 'constant') s = nm.bound;
    const codes = new Float64Array(this.rows);
    for (let i = 0; i < a.length; i++) {
      const c = roundHalfEven((a[i]! / s) * cmax);
      codes[i] = c > cmax ? cmax : c < cmin ? cmin : c;
    }
    const y = this.analogCodes(codes);
    const unit = this.step * (sliceMax(this.dac) / cmax) * s;
    const out = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      const l = this.laneOfColumn[j]!;
      out[j] = y[l]! * unit * m.laneScale[this.srcLane[l]!]!;
    }
    return { out, codes };
  }

  /** Crossbar-row codes as the tile's input lanes (lanes that drive no row get 0). */
  laneCodes(rowCodes: Float64Array): Float64Array {
    const v = new Float64Array(this.inputLanes);
    for (let r = 0; r < this.rows; r++) if (this.rowLane[r]! >= 0) v[this.rowLane[r]!] = rowCodes[r]!;
    return v;
  }

  /** The full crossbar weights `programBlock` programs for a block (rows × cols of the crossbar). */
  blockWeights(weights: Float64Array, rows: number, cols: number): Float64Array {
    const full = new Float64Array(this.rows * this.cols);
    for (let i = 0; i < rows; i++) full.set(weights.subarray(i * cols, (i + 1) * cols), i * this.cols);
    return full;
  }
}
