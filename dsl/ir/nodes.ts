// dsl/ir/nodes.ts: the typed intermediate representation produced by `elaborate`.
//
// Forms (branded on Design):
//   Elaborated: names resolved, parameters evaluated to SI values, defaults applied, chip
//               instance arrays and links expanded; every node keeps the span it came from.
//   Checked:    an Elaborated design on which every check pass reported no error.
// Consumers (emulator, exporters) take a Checked design.
import type { Category, Span } from '../ast.js';
import type { ArrayFileIR, NetworkIR } from './network.js';

/** A time, or a number of cycles of the clock that applies where it is used. */
export type Duration = { unit: 's'; value: number } | { unit: 'cycles'; value: number };

/** A parameter's value: numbers are in SI units (seconds, siemens, joules, m2, bits as counts). */
export type ParamValue = number | boolean | string | number[] | Duration | ClockIR | CellIR | null;

/** Where a parameter's value came from: the user (here or in a base component) or a default. */
export interface ParamOrigin {
  /** `param`: set by `--param COMPONENT.PARAM=...` or `--param TILE.INSTANCE.PARAM=...`. */
  from: 'set' | 'inherited' | 'default' | 'param';
  /** The expression that set it (for `set`/`inherited`/`param`); null for defaults. */
  span: Span | null;
  /** For defaults: the cited source. */
  source?: string;
}

export interface ClockIR {
  kind: 'clock';
  name: string;
  /** Hz */
  frequency: number;
  /** Period in integer femtoseconds (rounded). */
  periodFs: bigint;
  span: Span;
}

export interface ComponentIR {
  kind: 'component';
  category: Category;
  /** The built-in kind it derives from (`pwm`, `sar`, `pcm_like`, ...). */
  kindName: string;
  /** Declared name (qualified: `pcm.hermes`), or `<tile>.<instance>` for an instance with overrides. */
  name: string;
  /** Base chain from the leaf up, excluding the kind (`pwm8`, ...). */
  bases: string[];
  params: Record<string, ParamValue>;
  origins: Record<string, ParamOrigin>;
  /** Required parameters that were never set (reported where the component is used). */
  missing: string[];
  span: Span;
}

export type CellIR =
  | { kind: 'cell'; scheme: 'differential'; device: ComponentIR; pairs: number; significance: number[]; span: Span }
  | { kind: 'cell'; scheme: 'offset'; device: ComponentIR; span: Span }
  | {
      kind: 'cell';
      scheme: 'bit_sliced';
      device: ComponentIR;
      bits: number;
      bitsPerCell: number;
      encoding: 'offset' | 'differential';
      span: Span;
    };

export interface InstanceIR {
  kind: 'instance';
  name: string;
  /** Array size (`pwm8 dacs[256]` has count 256). */
  count: number;
  component: ComponentIR;
  span: Span;
}

/** Lanes [lo, hi) of one port of one instance. */
export interface PortRef {
  instance: string;
  port: string;
  lo: number;
  hi: number;
  span: Span;
}

export interface ConnectionIR {
  kind: 'connection';
  from: PortRef;
  to: PortRef;
  span: Span;
}

export interface TileIR {
  kind: 'tile';
  name: string;
  /** The tile's own clock; null means the chip's. */
  clock: ClockIR | null;
  instances: InstanceIR[];
  connections: ConnectionIR[];
  span: Span;
}

export interface TileInstanceIR {
  kind: 'tile-instance';
  /** `c[3]` or `c[1][2]` or `c` */
  path: string;
  array: string;
  index: number[];
  tile: TileIR;
  span: Span;
}

export interface LinkIR {
  kind: 'link';
  from: string;
  to: string;
  /** bits per cycle */
  width: number;
  latency: Duration;
  /** J per bit */
  eBit: number;
  /** Where width, latency and e_bit came from. */
  origins: Record<string, ParamOrigin>;
  span: Span;
  /** Span of the `from` and `to` expressions. */
  fromSpan: Span;
  toSpan: Span;
}

export interface ChipIR {
  kind: 'chip';
  name: string;
  clock: ClockIR | null;
  /** Instance arrays as declared (`core c[64]`): for messages and dumps. */
  arrays: { name: string; tile: string; dims: number[]; span: Span }[];
  tiles: TileInstanceIR[];
  links: LinkIR[];
  /** A shared interconnect the links travel on; absent: point to point. */
  interconnect?: NocIR;
  /** Receiving-clock edges a link between tiles on different clocks adds (synchroniser); absent: 2. */
  syncStages?: number;
  /** Tile instances (in order) per shared physical ADC bank (`adc_share`); absent: 1. */
  adcShare?: number;
  /** The global controller that runs networks (`run network`); absent: the schema defaults. */
  controller?: ControllerIR;
  span: Span;
}

/** The chip's global controller and activation buffer (emulator/controller/). */
export interface ControllerIR {
  opsPerCycle: number;
  /** J per digital operation. */
  eOp: number;
  bufferWidth: number;
  bufferAccess: Duration;
  /** J per buffer access. */
  eAccess: number;
  actBits: number;
  inputDepth: number;
  /** Private controller links on a point-to-point chip: the chip's noc_width, hop_latency, e_hop. */
  link: { nocWidth: number; hopLatency: number; eHop: number };
  origins: Record<string, ParamOrigin>;
}

/** A chip's bus or mesh (`interconnect = bus | mesh`, emulator/interconnect/). */
export interface NocIR {
  kind: 'bus' | 'mesh';
  /** bits per cycle per channel */
  nocWidth: number;
  /** cycles per router hop */
  hopLatency: number;
  /** J per bit per hop */
  eHop: number;
  /** J per bit per link */
  eBit: number;
  /** Where noc_width, hop_latency, e_hop and e_bit came from. */
  origins: Record<string, ParamOrigin>;
}

/** A tile run on its own: a one-instance chip named after the tile (no chip clock, no links). */
export function tileAsChip(tile: TileIR): ChipIR {
  return {
    kind: 'chip', name: tile.name, clock: null,
    arrays: [{ name: tile.name, tile: tile.name, dims: [], span: tile.span }],
    tiles: [{ kind: 'tile-instance', path: tile.name, array: tile.name, index: [], tile, span: tile.span }],
    links: [], span: tile.span,
  };
}

/** A place in the target: a tile instance, optionally one component instance in it. */
export interface TargetPath {
  tile: string;
  component: string | null;
  /** Lane range within the component instance array, if selected. */
  lanes: [number, number] | null;
  span: Span;
}

export type WeightSource =
  | { kind: 'random-weights'; lo: number; hi: number; span: Span }
  | { kind: 'matrix'; rows: number[][]; span: Span }
  | { kind: 'file'; format: 'npy' | 'csv'; path: string; display: string; span: Span };

export type InputSource =
  | { kind: 'random-codes'; count: number; lo: number | null; hi: number | null; span: Span }
  | { kind: 'vectors'; vectors: number[][]; span: Span }
  | { kind: 'file'; format: 'npy' | 'csv'; path: string; display: string; span: Span }
  | { kind: 'vcd'; path: string; display: string; signal: string; span: Span };

export type TestStep =
  | { kind: 'program'; target: TargetPath; source: WeightSource; span: Span }
  | { kind: 'drive'; target: TargetPath; source: InputSource; span: Span }
  | { kind: 'run'; mode: 'for'; duration: number; span: Span }
  | { kind: 'run'; mode: 'until-idle'; span: Span }
  | { kind: 'expect-ideal'; target: TargetPath; tolerance: { unit: 'lsb' | 'relative'; value: number }; span: Span }
  | {
      kind: 'expect-metric';
      metric: 'latency' | 'throughput' | 'energy';
      target: TargetPath;
      op: '<' | '<=' | '>' | '>=' | '==' | '!=';
      value: number;
      span: Span;
    }
  | { kind: 'trace'; targets: TargetPath[]; file: string; display: string; span: Span }
  | {
      kind: 'run-network';
      network: string;
      /** The test data: the network's own (its train block's test split), MNIST, or .npy inputs and labels. */
      dataset: { kind: 'network' } | { kind: 'mnist' } | { kind: 'npy'; inputs: ArrayFileIR; labels: ArrayFileIR };
      /** The network section, linked after elaboration (null only while elaborating). */
      ir: NetworkIR | null;
      span: Span;
    }
  | {
      kind: 'expect-network';
      metric: 'accuracy' | 'latency' | 'throughput' | 'energy';
      network: string;
      op: '<' | '<=' | '>' | '>=' | '==' | '!=';
      value: number;
      span: Span;
    };

export interface TestbenchIR {
  kind: 'testbench';
  name: string;
  /** The chip, or a tile wrapped as a one-instance chip named after the tile. */
  target: ChipIR;
  targetKind: 'chip' | 'tile';
  params: Record<string, ParamValue>;
  origins: Record<string, ParamOrigin>;
  steps: TestStep[];
  span: Span;
}

export interface ConstIR {
  kind: 'const';
  binding: 'const' | 'param';
  name: string;
  /** The value as text (canonical unit formatting), for dumps. */
  text: string;
  span: Span;
}

export interface Design {
  kind: 'design';
  /** File id of the root file. */
  root: number;
  consts: ConstIR[];
  clocks: ClockIR[];
  /** Declared components, in declaration order (library ones only if used). */
  components: ComponentIR[];
  tiles: TileIR[];
  chips: ChipIR[];
  testbenches: TestbenchIR[];
  /** `network` sections, in declaration order (dsl/ir/network.ts). */
  networks: NetworkIR[];
}

declare const formBrand: unique symbol;
export type Elaborated = Design & { readonly [formBrand]: 'elaborated' };
export type Checked = Design & { readonly [formBrand]: 'checked' };

export function assertNever(x: never): never {
  throw new Error(`internal: unexpected ${JSON.stringify(x)}`);
}
