// dsl/print-ir.ts: the canonical text form of the IR (`xbar check --dump-ir`).
//
// Stable and diff-friendly: fixed order (declaration order, schema order for parameters),
// canonical unit formatting, defaults marked `# default`. With `spans`, each declaration
// line ends with `@file:line:col`. Used for golden tests of elaboration.
import type { SourceSet } from './diagnostics/source.js';
import type {
  CellIR, ChipIR, ComponentIR, Design, InputSource, ParamOrigin, ParamValue, TargetPath, TestbenchIR, TestStep,
  TileIR, WeightSource,
} from './ir/nodes.js';
import { assertNever } from './ir/nodes.js';
import type { ArrayFileIR, LayerIR, NetworkIR } from './ir/network.js';
import { placeNetwork } from './ir/network-placement.js';
import { BLOCK_SCHEMAS, KINDS } from './schema/index.js';
import type { ParamSpec, Schema } from './schema/types.js';
import { DIMS, formatNumber, formatQuantity } from './units.js';
import type { Span } from './ast.js';

export interface PrintOptions {
  spans?: boolean;
  sources?: SourceSet;
}

export function formatParam(v: ParamValue, spec: ParamSpec): string {
  if (v === null) return 'unset';
  const t = spec.type;
  switch (t.k) {
    case 'quantity':
      return formatQuantity({ value: v as number, dim: DIMS[t.dim].dim });
    case 'int':
      return t.dim ? `${v as number} ${DIMS[t.dim].symbol}` : String(v);
    case 'duration': {
      const d = v as { unit: 's' | 'cycles'; value: number };
      return d.unit === 's' ? formatQuantity({ value: d.value, dim: DIMS.time.dim }) : `${formatNumber(d.value)} cycles`;
    }
    case 'bool':
    case 'choice':
    case 'string':
      return t.k === 'string' ? JSON.stringify(v) : String(v);
    case 'list':
      return `[${(v as number[]).map((x) => formatQuantity({ value: x, dim: DIMS[t.dim].dim })).join(', ')}]`;
    case 'clock':
      return (v as { name: string }).name;
    case 'cell':
      return formatCell(v as CellIR);
  }
}

export function formatCell(c: CellIR): string {
  switch (c.scheme) {
    case 'differential':
      return `differential(${c.device.name}, pairs = ${c.pairs}, significance = [${c.significance.map(formatNumber).join(', ')}])`;
    case 'offset':
      return `offset(${c.device.name})`;
    case 'bit_sliced':
      return `bit_sliced(${c.device.name}, bits = ${c.bits}, bits_per_cell = ${c.bitsPerCell}, encoding = ${c.encoding})`;
  }
}

class Printer {
  private readonly out: string[] = [];
  constructor(private readonly opts: PrintOptions) {}

  at(span: Span): string {
    if (!this.opts.spans || !this.opts.sources) return '';
    return `  @${this.opts.sources.where(span)}`;
  }

  line(indent: number, text: string): void {
    this.out.push('  '.repeat(indent) + text);
  }

  params(indent: number, schema: Schema, params: Record<string, ParamValue>, origins: Record<string, ParamOrigin>): void {
    for (const [name, spec] of Object.entries(schema)) {
      const o = origins[name];
      const mark = o?.from === 'default' ? '  # default' : o?.from === 'inherited' ? '  # inherited' : o?.from === 'param' ? '  # set by --param' : '';
      this.line(indent, `${name} = ${formatParam(params[name] ?? null, spec)}${mark}`);
    }
  }

  component(indent: number, c: ComponentIR, header: string): void {
    this.line(indent, `${header}${this.at(c.span)}`);
    this.params(indent + 1, KINDS[c.kindName]!.schema, c.params, c.origins);
  }

  tile(t: TileIR, declared: ReadonlySet<ComponentIR>): void {
    this.line(0, `tile ${t.name}${this.at(t.span)}`);
    this.line(1, `clock = ${t.clock ? t.clock.name : 'unset (from the chip)'}`);
    for (const i of t.instances) {
      const c = i.component;
      const head = `instance ${i.name}[${i.count}] : ${c.category} ${c.kindName}`;
      if (declared.has(c)) this.line(1, `${head} = ${c.name}${this.at(i.span)}`);
      else this.component(1, c, `${head}${c.bases.length ? ` from ${c.bases[0]}` : ''}`);
    }
    for (const c of t.connections) {
      const p = (r: typeof c.from) => `${r.instance}.${r.port}[${r.lo}..${r.hi}]`;
      this.line(1, `connect ${p(c.from)} -> ${p(c.to)}${this.at(c.span)}`);
    }
  }

  chip(c: ChipIR): void {
    this.line(0, `chip ${c.name}${this.at(c.span)}`);
    this.line(1, `clock = ${c.clock ? c.clock.name : 'unset'}`);
    for (const a of c.arrays) this.line(1, `array ${a.name}${a.dims.map((d) => `[${d}]`).join('')} : ${a.tile}${this.at(a.span)}`);
    this.line(1, `tiles = ${c.tiles.length}`);
    this.line(1, `sync_stages = ${c.syncStages ?? 2}`);
    if ((c.adcShare ?? 1) > 1) this.line(1, `adc_share = ${c.adcShare}`);
    const n = c.interconnect;
    if (n) {
      const e = (v: number) => formatQuantity({ value: v, dim: DIMS.energyPerBit.dim });
      this.line(1, `interconnect = ${n.kind} noc_width = ${n.nocWidth} bit, hop_latency = ${n.hopLatency} cycles, e_hop = ${e(n.eHop)}, e_bit = ${e(n.eBit)}`);
    }
    const k = c.controller;
    if (k) {
      const a = k.bufferAccess.unit === 's' ? formatQuantity({ value: k.bufferAccess.value, dim: DIMS.time.dim }) : `${k.bufferAccess.value} cycles`;
      const en = (v: number) => formatQuantity({ value: v, dim: DIMS.energy.dim });
      this.line(1, `controller ops_per_cycle = ${k.opsPerCycle}, e_op = ${en(k.eOp)}, act_bits = ${k.actBits}, input_depth = ${k.inputDepth}; buffer width = ${k.bufferWidth} bit, t_access = ${a}, e_access = ${en(k.eAccess)}`);
    }
    for (const l of c.links) {
      const lat = l.latency.unit === 's' ? formatQuantity({ value: l.latency.value, dim: DIMS.time.dim }) : `${l.latency.value} cycles`;
      this.line(1, `link ${l.from} -> ${l.to} width = ${l.width} bit, latency = ${lat}, e_bit = ${formatQuantity({ value: l.eBit, dim: DIMS.energyPerBit.dim })}`);
    }
  }

  testbench(tb: TestbenchIR): void {
    this.line(0, `testbench ${tb.name} for ${tb.targetKind} ${tb.target.name}${this.at(tb.span)}`);
    this.params(1, BLOCK_SCHEMAS.testbench, tb.params, tb.origins);
    for (const s of tb.steps) this.line(1, step(s));
  }

  network(n: NetworkIR): void {
    this.line(0, `network ${n.name} on ${n.targetKind} ${n.target.name}${this.at(n.span)}`);
    this.line(1, `input = (${n.input.join(', ')})`);
    n.layers.forEach((l, i) => this.line(1, `layer ${i}: ${layer(l)}${this.at(l.span)}`));
    if (n.train) {
      const t = n.train;
      const ds = t.dataset.kind === 'mnist' ? 'mnist' : `inputs ${file(t.dataset.inputs)}, labels ${file(t.dataset.labels)}`;
      this.line(1, `train dataset = ${ds}${this.at(t.span)}`);
      this.line(2, `train_samples = ${t.trainSamples}, test_samples = ${t.testSamples}, epochs = ${t.epochs}, batch = ${t.batch}`);
      this.line(2, `lr = ${formatNumber(t.lr)}, momentum = ${formatNumber(t.momentum)}, seed = ${t.seed}, weight_noise = ${formatNumber(t.weightNoise)} (${t.weightNoiseType})`);
      if (t.algorithm !== 'float') {
        const b = t.backward;
        const bw = [['in_bits', b.inBits], ['out_bits', b.outBits], ['out_bound', b.outBound], ['out_noise', b.outNoise]].filter(([, v]) => v !== null).map(([k, v]) => `backward_${k} = ${formatNumber(v as number)}`);
        this.line(2, `algorithm = ${t.algorithm}, desired_bl = ${t.desiredBl}, transfer_every = ${t.transferEvery}, transfer_lr = ${formatNumber(t.transferLr)}${bw.length ? `, ${bw.join(', ')}` : ''}`);
      }
    }
    for (const m of n.maps) this.line(1, `map ${m.layer} -> ${m.tiles.join(', ')}${this.at(m.span)}`);
    // The placement check-network checks (dsl/ir/network-placement.ts).
    const placement = placeNetwork(n);
    for (const p of placement.layers) {
      if (!p.tileSize) continue;
      this.line(1, `place ${p.name}: ${p.fanIn} x ${p.fanOut} on ${p.tileSize.rows} x ${p.tileSize.cols}: rows [${p.inPieces.join(', ')}] x cols [${p.outPieces.join(', ')}] -> ${p.tiles.join(', ') || 'no tiles'}`);
    }
  }

  text(): string {
    return this.out.join('\n') + '\n';
  }
}

function file(f: ArrayFileIR): string {
  return `npy("${f.display}")`;
}

function layer(l: LayerIR): string {
  const w = (x: { weights: ArrayFileIR | null; bias: boolean; biasFile: ArrayFileIR | null }) =>
    `weights = ${x.weights ? file(x.weights) : 'trained'}, bias = ${x.biasFile ? file(x.biasFile) : x.bias ? (x.weights ? 'zero' : 'trained') : 'none'}`;
  switch (l.kind) {
    case 'dense':
      return `dense ${l.name} ${l.inFeatures} -> ${l.outFeatures}, ${w(l)}`;
    case 'conv2d':
      return `conv2d ${l.name} (${l.inShape.join(', ')}) -> (${l.outShape.join(', ')}), kernel ${l.kernel.join(' x ')}, stride ${l.stride.join(', ')}, padding ${l.padding.join(', ')}, ${w(l)}`;
    case 'activation':
      return l.fn;
    case 'flatten':
      return 'flatten';
    default:
      return assertNever(l);
  }
}

function target(t: TargetPath): string {
  return t.tile + (t.component ? `.${t.component}` : '') + (t.lanes ? `[${t.lanes[0]}..${t.lanes[1]}]` : '');
}

function weights(s: WeightSource): string {
  switch (s.kind) {
    case 'random-weights':
      return `random_weights(${formatNumber(s.lo)}, ${formatNumber(s.hi)})`;
    case 'matrix':
      return `matrix ${s.rows.length} x ${s.rows[0]?.length ?? 0}`;
    case 'file':
      return `${s.format}("${s.display}")`;
  }
}

function inputs(s: InputSource): string {
  switch (s.kind) {
    case 'random-codes':
      return `random_codes(${s.count}${s.lo !== null ? `, lo = ${s.lo}` : ''}${s.hi !== null ? `, hi = ${s.hi}` : ''})`;
    case 'vectors':
      return `vectors ${s.vectors.length} x ${s.vectors[0]?.length ?? 0}`;
    case 'file':
      return `${s.format}("${s.display}")`;
    case 'vcd':
      return `vcd("${s.display}", "${s.signal}")`;
  }
}

const METRIC_UNITS = { latency: DIMS.time.dim, throughput: DIMS.frequency.dim, energy: DIMS.energy.dim } as const;

function step(s: TestStep): string {
  switch (s.kind) {
    case 'program':
      return `program ${target(s.target)} with ${weights(s.source)}`;
    case 'drive':
      return `drive ${target(s.target)} with ${inputs(s.source)}`;
    case 'run':
      return s.mode === 'for' ? `run for ${formatQuantity({ value: s.duration, dim: DIMS.time.dim })}` : 'run until idle';
    case 'expect-ideal':
      return `expect ${target(s.target)} ~ ideal within ${formatNumber(s.tolerance.value)}${s.tolerance.unit === 'lsb' ? ' lsb' : ' (relative)'}`;
    case 'expect-metric':
      return `expect ${s.metric}(${target(s.target)}) ${s.op} ${formatQuantity({ value: s.value, dim: METRIC_UNITS[s.metric] })}`;
    case 'trace':
      return `trace ${s.targets.map(target).join(', ')} to "${s.display}"`;
    case 'run-network': {
      const d = s.dataset;
      return `run network ${s.network}${d.kind === 'mnist' ? ' with mnist' : d.kind === 'npy' ? ` with npy("${d.inputs.display}"), npy("${d.labels.display}")` : ''}`;
    }
    case 'expect-network':
      return `expect ${s.metric}(${s.network}) ${s.op} ${s.metric === 'accuracy' ? formatNumber(s.value) : formatQuantity({ value: s.value, dim: METRIC_UNITS[s.metric] })}`;
    default:
      return assertNever(s);
  }
}

export function printIr(d: Design, opts: PrintOptions = {}): string {
  const p = new Printer(opts);
  p.line(0, 'design');
  for (const c of d.consts) p.line(0, `${c.binding} ${c.name} = ${c.text}${p.at(c.span)}`);
  for (const c of d.clocks) p.line(0, `clock ${c.name} = ${formatQuantity({ value: c.frequency, dim: DIMS.frequency.dim })} (period ${c.periodFs} fs)${p.at(c.span)}`);
  const declared = new Set(d.components);
  for (const c of d.components) {
    p.component(0, c, `${c.category} ${c.name} : ${c.kindName}${c.bases.length ? ` from ${c.bases.join(' from ')}` : ''}`);
  }
  for (const t of d.tiles) p.tile(t, declared);
  for (const c of d.chips) p.chip(c);
  for (const tb of d.testbenches) p.testbench(tb);
  for (const n of d.networks ?? []) p.network(n);
  return p.text();
}
