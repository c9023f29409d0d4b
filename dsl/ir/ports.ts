// dsl/ir/ports.ts: the ports of each component category, their signal domain and lane count.
//
//   category     input port (accepts)            output port (drives)
//   dac          in   (digital codes)            out  (analog voltage)
//   crossbar     rows (analog voltage)           cols (analog current)
//   sample_hold  in   (analog voltage/current)   out  (analog voltage)
//   integrator   in   (analog current)           out  (analog voltage)
//   adc          in   (analog voltage/current;   out  (digital codes)
//                     current only for a CCO)
//   shift_add    in   (digital)                  out  (digital)
//   digital      in   (digital)                  out  (digital)
//   buffer       in   (digital)                  out  (digital)
//
// Lane counts: one lane per array element, except the crossbar (rows; cols times the
// outputs of its cell scheme; both times the array size), the ADC (count * mux lanes on both sides: each ADC converts
// `mux` columns in turn) and shift_add (count * slices inputs, count outputs).
import type { Category } from '../ast.js';
import type { CellIR, ComponentIR, InstanceIR } from './nodes.js';

export type Domain = 'digital' | 'voltage' | 'current';

export interface PortInfo {
  name: string;
  dir: 'in' | 'out';
  /** Domains an input accepts, or the one domain an output drives. */
  domains: readonly Domain[];
  lanes: number;
}

const PORT_NAMES: Record<Category, { in: string; out: string } | null> = {
  device: null,
  dac: { in: 'in', out: 'out' },
  crossbar: { in: 'rows', out: 'cols' },
  sample_hold: { in: 'in', out: 'out' },
  integrator: { in: 'in', out: 'out' },
  adc: { in: 'in', out: 'out' },
  shift_add: { in: 'in', out: 'out' },
  digital: { in: 'in', out: 'out' },
  buffer: { in: 'in', out: 'out' },
};

const DOMAINS: Record<Category, { in: readonly Domain[]; out: Domain } | null> = {
  device: null,
  dac: { in: ['digital'], out: 'voltage' },
  crossbar: { in: ['voltage'], out: 'current' },
  sample_hold: { in: ['voltage', 'current'], out: 'voltage' },
  integrator: { in: ['current'], out: 'voltage' },
  adc: { in: ['voltage', 'current'], out: 'digital' },
  shift_add: { in: ['digital'], out: 'digital' },
  digital: { in: ['digital'], out: 'digital' },
  buffer: { in: ['digital'], out: 'digital' },
};

/**
 * Outputs per logical column of a cell scheme: weight slices are read separately (and
 * combined by a shift_add); the pairs of a differential cell are combined in the column's
 * readout (current mirrors with gains f_p / sum f), one output per column.
 */
export function outputsPerColumn(cell: CellIR): number {
  switch (cell.scheme) {
    case 'differential':
      return 1;
    case 'offset':
      return 1;
    case 'bit_sliced':
      return Math.ceil(cell.bits / cell.bitsPerCell);
  }
}

/** Physical devices per weight, including the reference column's share for offset schemes. */
export function devicesPerWeight(cell: CellIR): number {
  switch (cell.scheme) {
    case 'differential':
      return 2 * cell.pairs;
    case 'offset':
      return 1;
    case 'bit_sliced':
      return outputsPerColumn(cell) * (cell.encoding === 'differential' ? 2 : 1);
  }
}

function num(c: ComponentIR, name: string, fallback = 1): number {
  const v = c.params[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function ports(inst: InstanceIR): PortInfo[] {
  const c = inst.component;
  const names = PORT_NAMES[c.category];
  const domains = DOMAINS[c.category];
  if (!names || !domains) return [];
  let inLanes = inst.count;
  let outLanes = inst.count;
  if (c.category === 'crossbar') {
    // `crossbar xb[k]` is k arrays side by side: element i owns rows i*rows.. and its columns.
    inLanes = num(c, 'rows') * inst.count;
    const cell = c.params['cell'];
    const per = cell && typeof cell === 'object' && 'scheme' in cell ? outputsPerColumn(cell) : 1;
    outLanes = num(c, 'cols') * per * inst.count;
  } else if (c.category === 'adc') {
    inLanes = outLanes = inst.count * num(c, 'mux');
  } else if (c.category === 'shift_add') {
    inLanes = inst.count * num(c, 'slices');
  }
  // A CCO ADC counts the live column current during the input window: current only.
  const inDomains: readonly Domain[] = c.category === 'adc' && c.kindName === 'cco' ? ['current'] : domains.in;
  return [
    { name: names.in, dir: 'in', domains: inDomains, lanes: inLanes },
    { name: names.out, dir: 'out', domains: [domains.out], lanes: outLanes },
  ];
}

export function portNames(category: Category): { in: string; out: string } | null {
  return PORT_NAMES[category];
}

/** Lanes per array element on a port (for `adcs[0..4]` element selections). */
export function lanesPerElement(inst: InstanceIR, port: PortInfo): number {
  return inst.count > 0 ? Math.max(1, Math.floor(port.lanes / inst.count)) : 1;
}

export function describeDomain(d: Domain): string {
  return d === 'digital' ? 'digital codes' : d === 'voltage' ? 'an analog voltage' : 'an analog current';
}
