// hdl-export/params.ts: a component's parameters as an exporter declares them: SI value,
// integer / real / string, unit, range (as a Verilog-A `from` clause), description, and where
// the value came from (a line of the description, or a default with its cited source).
import type { SourceSet } from '../dsl/diagnostics/source.js';
import type { ClockIR, ComponentIR, Duration } from '../dsl/ir/nodes.js';
import { KINDS, type ParamSpec } from '../dsl/schema/index.js';
import { DIMS } from '../dsl/units.js';

export interface ExportParam {
  /** The xbar parameter name (`t_lsb`). */
  name: string;
  value: number | string;
  type: 'real' | 'integer' | 'string';
  /** SI unit symbol (`s`, `S`, `V`, `J`), or '' for plain numbers and counts. */
  unit: string;
  /** Verilog-A range: `from [1:16]`, `from (0:inf)`, or ''. */
  range: string;
  desc: string;
  /** `set at examples/tiny/tiny.xbar:5` or `default (<source>)`. */
  origin: string;
}

function fmtBound(x: number): string {
  return Number.isFinite(x) ? String(x) : 'inf';
}

function rangeClause(spec: ParamSpec): string {
  const r = spec.range;
  if (!r || r.oneOf) return '';
  const lo = r.min ?? -Infinity;
  const hi = r.max ?? Infinity;
  if (lo === -Infinity && hi === Infinity) return '';
  const open = r.minExclusive || lo === -Infinity ? '(' : '[';
  const close = r.maxExclusive || hi === Infinity ? ')' : ']';
  return `from ${open}${lo === -Infinity ? '-inf' : fmtBound(lo)}:${fmtBound(hi)}${close}`;
}

function unitOf(spec: ParamSpec): string {
  if (spec.type.k === 'quantity') return DIMS[spec.type.dim].symbol === 'bit' ? '' : DIMS[spec.type.dim].symbol;
  if (spec.type.k === 'duration') return 's';
  return '';
}

/**
 * The exportable parameters of a component, in schema order. Durations in cycles become
 * seconds of `clock`; booleans become integers 0/1; cells, clocks, lists and unset values are
 * left out (the cell scheme is the crossbar's structure, not a parameter).
 */
export function exportParams(c: ComponentIR, sources: SourceSet, clock: ClockIR | null): ExportParam[] {
  const schema = KINDS[c.kindName]?.schema ?? {};
  const out: ExportParam[] = [];
  for (const [name, spec] of Object.entries(schema)) {
    const v = c.params[name];
    if (v === null || v === undefined) continue;
    const o = c.origins[name];
    const at = o?.span ? ` at ${sources.where(o.span).replace(/:\d+$/, '')}` : '';
    const origin = o?.from === 'param' ? `set by --param${at}` : o?.span ? `${o.from === 'set' ? 'set' : 'inherited'}${at}` : `default${o?.source ? ` (${o.source})` : ''}`;
    const base = { name, unit: unitOf(spec), range: rangeClause(spec), desc: spec.doc, origin };
    if (typeof v === 'number') {
      out.push({ ...base, value: tidyDecimal(v), type: spec.type.k === 'int' ? 'integer' : 'real' });
    } else if (typeof v === 'boolean') {
      out.push({ ...base, value: v ? 1 : 0, type: 'integer', range: 'from [0:1]' });
    } else if (typeof v === 'string') {
      out.push({ ...base, value: v, type: 'string', range: '' });
    } else if (typeof v === 'object' && !Array.isArray(v) && 'unit' in v) {
      const d = v as Duration;
      if (d.unit === 's') out.push({ ...base, value: tidyDecimal(d.value), type: 'real' });
      else if (clock) out.push({ ...base, value: tidyDecimal(d.value / clock.frequency), type: 'real', origin: `${origin}; ${d.value} cycles of ${clock.name}` });
    }
  }
  return out;
}

/** A number as Verilog-A and SPICE read it back exactly (shortest round-trip form). */
export function fmtNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return String(x).replace('e+', 'e');
}

/**
 * A description's decimal value as it was written, when binary arithmetic disturbed its last
 * digits (`10 uS` is 9.999999999999999e-6 after the unit scale, `0.0375 pJ`
 * 3.7500000000000004e-14): if rounding to 15 significant digits leaves at most 12, the
 * rounded value (within 5e-15 relative); otherwise the value itself. Only for parameters of
 * the description, never for computed data such as programmed conductances.
 */
export function tidyDecimal(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  const short = Number(x.toPrecision(15));
  return Number.isFinite(short) && significantDigits(short) <= 12 ? short : x;
}

function significantDigits(x: number): number {
  return String(Math.abs(x)).split('e')[0]!.replace('.', '').replace(/^0+/, '').length;
}
