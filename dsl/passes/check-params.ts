// dsl/passes/check-params.ts: every parameter within its documented range, and parameters
// consistent with each other.
// Input: Elaborated. Output: diagnostics only (E3001, E3002, W3002).
//
// 1. For every component (declared, instance-specialised, or a device inside a cell),
//    check each numeric parameter against its schema range (E3001). The span is the
//    expression that set the value, so an inherited value points into the base.
// 2. Cross-parameter rules per kind (E3002): g_min < g_max; table lists of equal length,
//    levels strictly increasing; bit_serial bits_per_cycle <= bits; cell-scheme arguments.
// 3. Clocks: positive frequency (E3001); a period that is not a whole number of
//    femtoseconds is rounded (W3002).
// 4. Link and testbench parameters against their schemas.
// 5. Converter error tables and profiles (check-converters.ts: E3025 .. E3027).
import type { Span } from '../ast.js';
import type { Diagnostics } from '../diagnostics/diagnostic.js';
import type { CellIR, ComponentIR, Design, ParamOrigin, ParamValue } from '../ir/nodes.js';
import { allComponents, cellOf } from '../ir/walk.js';
import { BLOCK_SCHEMAS, KINDS } from '../schema/index.js';
import { checkConverter } from './check-converters.js';
import type { ParamSpec, Range, Schema } from '../schema/types.js';
import { DIMS, formatQuantity } from '../units.js';

function show(v: number, spec: ParamSpec, unit?: 's' | 'cycles'): string {
  const t = spec.type;
  if (t.k === 'quantity') return formatQuantity({ value: v, dim: DIMS[t.dim].dim });
  if (t.k === 'int' && t.dim) return formatQuantity({ value: v, dim: DIMS[t.dim].dim });
  if (t.k === 'duration') return unit === 's' ? formatQuantity({ value: v, dim: DIMS.time.dim }) : `${v} cycles`;
  return String(v);
}

function describeRange(r: Range, spec: ParamSpec, unit?: 's' | 'cycles'): string {
  const s = (x: number) => show(x, spec, unit);
  if (r.oneOf) return `one of ${r.oneOf.map(s).join(', ')}`;
  if (r.min !== undefined && r.max !== undefined) return r.min === r.max ? s(r.min) : `between ${s(r.min)} and ${s(r.max)}`;
  if (r.min !== undefined) return r.minExclusive ? `greater than ${s(r.min)}` : `at least ${s(r.min)}`;
  if (r.max !== undefined) return r.maxExclusive ? `less than ${s(r.max)}` : `at most ${s(r.max)}`;
  return 'valid';
}

export function inRange(v: number, r: Range): boolean {
  if (r.oneOf) return r.oneOf.some((x) => Math.abs(x - v) <= 1e-12 * Math.max(1, Math.abs(x)));
  if (r.min !== undefined && (r.minExclusive ? !(v > r.min) : !(v >= r.min))) return false;
  if (r.max !== undefined && (r.maxExclusive ? !(v < r.max) : !(v <= r.max))) return false;
  return true;
}

function numeric(pv: ParamValue): number | null {
  if (typeof pv === 'number') return pv;
  if (pv && typeof pv === 'object' && 'unit' in pv) return pv.value;
  return null;
}

function spanOf(origin: ParamOrigin | undefined, fallback: Span): Span {
  return origin?.span ?? fallback;
}

/** Values already reported, by the span that set them: a base's value is reported once. */
type Reported = Set<string>;

/** Check a parameter table against its schema ranges. */
function checkTable(schema: Schema, params: Record<string, ParamValue>, origins: Record<string, ParamOrigin>, owner: string, at: Span, diags: Diagnostics, reported: Reported): void {
  for (const [name, spec] of Object.entries(schema)) {
    if (!spec.range) continue;
    const pv = params[name] ?? null;
    const v = numeric(pv);
    if (v === null || inRange(v, spec.range)) continue;
    const unit = pv && typeof pv === 'object' && 'unit' in pv ? pv.unit : undefined;
    const origin = origins[name];
    const key = origin?.span ? `${name}@${origin.span.file}:${origin.span.start}` : null;
    if (key && reported.has(key)) continue;
    if (key) reported.add(key);
    diags.report('E3001', `\`${name}\` of ${owner} must be ${describeRange(spec.range, spec, unit)}, found ${show(v, spec, unit)}`, spanOf(origin, at), {
      label: origin?.from === 'default' ? 'the default is out of range here' : 'out of range',
      notes: origin?.from === 'inherited' ? ['this value is inherited from a base declaration'] : [],
    });
  }
}

function num(c: ComponentIR, n: string): number | null {
  const v = c.params[n];
  return typeof v === 'number' ? v : null;
}

function checkDevice(c: ComponentIR, owner: string, diags: Diagnostics): void {
  const gmin = num(c, 'g_min');
  const gmax = num(c, 'g_max');
  if (gmin !== null && gmax !== null && !(gmin < gmax)) {
    diags.report('E3002', `${owner} needs g_min < g_max, found g_min = ${fq(gmin, 'conductance')} and g_max = ${fq(gmax, 'conductance')}`, spanOf(c.origins['g_min'], c.span), {
      labels: c.origins['g_max']?.span ? [{ span: c.origins['g_max'].span, message: 'g_max set here' }] : [],
    });
  }
  // Array-level non-idealities (every device kind; emulator/devices/variation.ts).
  if (c.kindName !== 'table' && num(c, 'levels') === 1) {
    diags.report('E3001', `\`levels\` of ${owner} must be 0 (continuous) or at least 2, found 1`, spanOf(c.origins['levels'], c.span));
  }
  const sMin = num(c, 'stuck_min_rate');
  const sMax = num(c, 'stuck_max_rate');
  if (sMin !== null && sMax !== null && sMin >= 0 && sMax >= 0 && sMin <= 1 && sMax <= 1 && sMin + sMax > 1) {
    diags.report('E3002', `${owner} needs stuck_min_rate + stuck_max_rate <= 1, found ${sMin} + ${sMax}`, spanOf(c.origins['stuck_max_rate'], c.span), {
      labels: c.origins['stuck_min_rate']?.span ? [{ span: c.origins['stuck_min_rate'].span, message: 'stuck_min_rate set here' }] : [],
    });
  }
  if (c.kindName === 'pcm_like') {
    const pc = c.params['prog_coeff'];
    if (Array.isArray(pc) && pc.length !== 3) {
      diags.report('E3002', `\`prog_coeff\` of ${owner} needs 3 coefficients (c0, c1, c2), found ${pc.length}`, spanOf(c.origins['prog_coeff'], c.span));
    }
  }
  if (c.kindName === 'ecram_linear') {
    const lo = num(c, 'w_min');
    const hi = num(c, 'w_max');
    if (lo !== null && hi !== null && !(lo < hi)) {
      diags.report('E3002', `${owner} needs w_min < w_max, found ${lo} and ${hi}`, spanOf(c.origins['w_min'], c.span));
    }
  }
  if (c.kindName === 'table') {
    const levels = c.params['levels'];
    if (!Array.isArray(levels)) return;
    const at = spanOf(c.origins['levels'], c.span);
    if (levels.length === 0) diags.report('E3002', `\`levels\` of ${owner} is empty`, at);
    for (let i = 0; i < levels.length; i++) {
      if (levels[i]! < 0) {
        diags.report('E3001', `\`levels\` of ${owner} must be non-negative conductances, found ${fq(levels[i]!, 'conductance')}`, at);
        break;
      }
      if (i > 0 && !(levels[i]! > levels[i - 1]!)) {
        diags.report('E3002', `\`levels\` of ${owner} must be strictly increasing: ${fq(levels[i - 1]!, 'conductance')} then ${fq(levels[i]!, 'conductance')}`, at);
        break;
      }
    }
    for (const other of ['sigma', 'nu', 'nu_sigma']) {
      const l = c.params[other];
      if (Array.isArray(l) && l.length !== levels.length) {
        diags.report('E3002', `\`${other}\` of ${owner} has ${l.length} values but \`levels\` has ${levels.length}`, spanOf(c.origins[other], c.span), {
          labels: c.origins['levels']?.span ? [{ span: c.origins['levels'].span, message: `${levels.length} levels` }] : [],
        });
      }
      if (Array.isArray(l) && l.some((x) => x < 0) && other !== 'nu') {
        diags.report('E3001', `\`${other}\` of ${owner} must be non-negative`, spanOf(c.origins[other], c.span));
      }
    }
  }
}

function fq(v: number, dim: keyof typeof DIMS): string {
  return formatQuantity({ value: v, dim: DIMS[dim].dim });
}

function checkCell(cell: CellIR, owner: string, diags: Diagnostics): void {
  switch (cell.scheme) {
    case 'differential':
      if (cell.pairs < 1 || cell.pairs > 8) {
        diags.report('E3001', `\`pairs\` of the cell of ${owner} must be between 1 and 8, found ${cell.pairs}`, cell.span);
      } else if (cell.significance.length !== cell.pairs) {
        diags.report('E3002', `the cell of ${owner} has ${cell.pairs} pair${cell.pairs === 1 ? '' : 's'} but ${cell.significance.length} significance factor${cell.significance.length === 1 ? '' : 's'}`, cell.span);
      } else if (cell.significance.some((s) => !(s > 0))) {
        diags.report('E3001', `significance factors of ${owner} must be positive`, cell.span);
      }
      break;
    case 'bit_sliced':
      if (cell.bitsPerCell < 1 || cell.bitsPerCell > 8) {
        diags.report('E3001', `\`bits_per_cell\` of the cell of ${owner} must be between 1 and 8, found ${cell.bitsPerCell}`, cell.span);
      } else if (cell.bits < 1 || cell.bits > 32) {
        diags.report('E3001', `\`bits\` of the cell of ${owner} must be between 1 and 32, found ${cell.bits}`, cell.span);
      } else if (cell.bitsPerCell > cell.bits) {
        diags.report('E3002', `the cell of ${owner} stores ${cell.bits}-bit weights in ${cell.bitsPerCell}-bit cells`, cell.span, {
          help: 'bits_per_cell must not exceed bits',
        });
      }
      break;
    case 'offset':
      break;
  }
}

export function checkParams(d: Design, diags: Diagnostics): void {
  const reported: Reported = new Set();
  for (const c of allComponents(d)) {
    const owner = `\`${c.name}\``;
    checkTable(KINDS[c.kindName]!.schema, c.params, c.origins, owner, c.span, diags, reported);
    if (c.category === 'device') checkDevice(c, owner, diags);
    if (c.category === 'dac' && c.params['signed'] === true && num(c, 'bits') === 1) {
      diags.report('E3002', `${owner} is a signed 1-bit DAC: its only code would be 0`, spanOf(c.origins['bits'], c.span), {
        help: 'use at least 2 bits for signed inputs, or `signed = false`',
      });
    }
    if (c.kindName === 'bit_serial') {
      const b = num(c, 'bits');
      const bpc = num(c, 'bits_per_cycle');
      if (b !== null && bpc !== null && bpc > b) {
        diags.report('E3002', `${owner} applies ${bpc} bits per cycle of a ${b}-bit input`, spanOf(c.origins['bits_per_cycle'], c.span));
      }
    }
    if (c.kindName === 'cco') {
      const w = num(c, 't_window');
      if (w !== null && !(w > 0)) diags.report('E3001', `\`t_window\` of ${owner} must be greater than 0 s`, spanOf(c.origins['t_window'], c.span));
    }
    if (c.category === 'adc' || c.category === 'dac') checkConverter(c, owner, diags);
    const cell = cellOf(c);
    if (cell) checkCell(cell, owner, diags);
  }
  for (const ck of d.clocks) {
    if (!(ck.frequency > 0)) {
      diags.report('E3001', `clock \`${ck.name}\` must have a positive frequency, found ${fq(ck.frequency, 'frequency')}`, ck.span);
      continue;
    }
    if (ck.periodFs === 0n) {
      diags.report('E3001', `clock \`${ck.name}\` is too fast: its period ${fq(1 / ck.frequency, 'time')} rounds to 0 fs`, ck.span, {
        notes: ['simulation time is an integer count of femtoseconds'],
      });
      continue;
    }
    const exact = 1e15 / ck.frequency;
    if (Math.abs(exact - Number(ck.periodFs)) > 1e-6) {
      diags.report('W3002', `the period of clock \`${ck.name}\` (${fq(1 / ck.frequency, 'time')}) is not a whole number of femtoseconds; it is rounded to ${ck.periodFs} fs`, ck.span, {
        notes: [`simulation time is an integer count of femtoseconds; the clock runs at ${fq(1e15 / Number(ck.periodFs), 'frequency')}`],
      });
    }
  }
  for (const chip of d.chips) {
    const n = chip.interconnect;
    if (n) {
      const p = { noc_width: n.nocWidth, hop_latency: n.hopLatency, e_hop: n.eHop, e_bit: n.eBit };
      checkTable(BLOCK_SCHEMAS.chip, p, n.origins, `chip \`${chip.name}\``, chip.span, diags, reported);
    }
    for (const l of chip.links) {
      const p = { width: l.width, latency: l.latency, e_bit: l.eBit };
      checkTable(BLOCK_SCHEMAS.link, p, l.origins, `the link ${l.from} -> ${l.to}`, l.span, diags, reported);
    }
  }
  for (const tb of d.testbenches) checkTable(BLOCK_SCHEMAS.testbench, tb.params, tb.origins, `testbench \`${tb.name}\``, tb.span, diags, reported);
}
