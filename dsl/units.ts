// dsl/units.ts: physical dimensions, unit words with SI prefixes, and quantity formatting.
//
// A dimension is a vector of integer exponents over the base quantities
//   time (s), length (m), mass (kg), current (A), temperature (K), information (bit),
//   clock cycles (cycle) and converter steps (lsb).
// `cycle` and `lsb` are separate dimensions on purpose: `2 cycles` only becomes a time once
// a clock is known, and `3 lsb` only becomes a value once a converter is known.
// Values are stored in SI base units (seconds, siemens, joules, ...) as float64.

export const BASES = ['s', 'm', 'kg', 'A', 'K', 'bit', 'cycle', 'lsb'] as const;
export type Dim = readonly number[];

const N = BASES.length;
export const DIMENSIONLESS: Dim = Object.freeze(new Array(N).fill(0));

function dim(parts: Partial<Record<(typeof BASES)[number], number>>): Dim {
  return Object.freeze(BASES.map((b) => parts[b] ?? 0));
}

export function dimMul(a: Dim, b: Dim): Dim {
  return a.map((x, i) => x + b[i]!);
}
export function dimDiv(a: Dim, b: Dim): Dim {
  return a.map((x, i) => x - b[i]!);
}
export function dimPow(a: Dim, p: number): Dim {
  return a.map((x) => x * p);
}
export function dimEq(a: Dim, b: Dim): boolean {
  return a.every((x, i) => x === b[i]);
}
export function isDimensionless(a: Dim): boolean {
  return a.every((x) => x === 0);
}

// ---------------------------------------------------------------- named dimensions

/** Dimensions with a name and the unit symbol used to print them. */
export const DIMS = {
  none: { dim: DIMENSIONLESS, name: 'a plain number', symbol: '' },
  time: { dim: dim({ s: 1 }), name: 'a time', symbol: 's' },
  frequency: { dim: dim({ s: -1 }), name: 'a frequency', symbol: 'Hz' },
  length: { dim: dim({ m: 1 }), name: 'a length', symbol: 'm' },
  area: { dim: dim({ m: 2 }), name: 'an area', symbol: 'm2' },
  voltage: { dim: dim({ kg: 1, m: 2, s: -3, A: -1 }), name: 'a voltage', symbol: 'V' },
  current: { dim: dim({ A: 1 }), name: 'a current', symbol: 'A' },
  resistance: { dim: dim({ kg: 1, m: 2, s: -3, A: -2 }), name: 'a resistance', symbol: 'ohm' },
  conductance: { dim: dim({ kg: -1, m: -2, s: 3, A: 2 }), name: 'a conductance', symbol: 'S' },
  capacitance: { dim: dim({ kg: -1, m: -2, s: 4, A: 2 }), name: 'a capacitance', symbol: 'F' },
  charge: { dim: dim({ A: 1, s: 1 }), name: 'a charge', symbol: 'C' },
  energy: { dim: dim({ kg: 1, m: 2, s: -2 }), name: 'an energy', symbol: 'J' },
  power: { dim: dim({ kg: 1, m: 2, s: -3 }), name: 'a power', symbol: 'W' },
  temperature: { dim: dim({ K: 1 }), name: 'a temperature', symbol: 'K' },
  bits: { dim: dim({ bit: 1 }), name: 'a number of bits', symbol: 'bit' },
  cycles: { dim: dim({ cycle: 1 }), name: 'a number of clock cycles', symbol: 'cycles' },
  lsb: { dim: dim({ lsb: 1 }), name: 'a number of LSBs', symbol: 'lsb' },
  energyPerBit: { dim: dim({ kg: 1, m: 2, s: -2, bit: -1 }), name: 'an energy per bit', symbol: 'J/bit' },
  capacitancePerLength: { dim: dim({ kg: -1, m: -3, s: 4, A: 2 }), name: 'a capacitance per length', symbol: 'F/m' },
  bitRate: { dim: dim({ bit: 1, s: -1 }), name: 'a bit rate', symbol: 'bit/s' },
} as const;
export type DimName = keyof typeof DIMS;

export function dimName(d: Dim): DimName | null {
  for (const [k, v] of Object.entries(DIMS) as [DimName, (typeof DIMS)[DimName]][]) if (dimEq(v.dim, d)) return k;
  return null;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** Words for a dimension: "a voltage", or the base-unit product for unnamed ones. */
export function describeDim(d: Dim): string {
  const n = dimName(d);
  if (n) return DIMS[n].name;
  return `a quantity in ${unitText(d)}`;
}

/** Units for an unnamed dimension: a quotient or product of two named ones if there is one. */
export function unitText(d: Dim): string {
  const named = (Object.keys(DIMS) as DimName[]).filter((k) => k !== 'none' && !k.includes('Per') && k !== 'bitRate');
  // Prefer the denominators people write: per second, per metre, per bit.
  const preferred: DimName[] = ['time', 'length', 'area', 'bits'];
  const denominators = [...preferred, ...named.filter((n) => !preferred.includes(n))];
  for (const b of denominators) {
    for (const a of named) if (dimEq(dimDiv(DIMS[a].dim, DIMS[b].dim), d)) return `${DIMS[a].symbol}/${DIMS[b].symbol}`;
  }
  for (const a of named) {
    for (const b of named) if (a <= b && dimEq(dimMul(DIMS[a].dim, DIMS[b].dim), d)) return `${DIMS[a].symbol}·${DIMS[b].symbol}`;
  }
  return baseUnits(d);
}

/** `kg·m²·s⁻³·A⁻¹` */
export function baseUnits(d: Dim): string {
  const parts: string[] = [];
  d.forEach((e, i) => {
    if (e === 0) return;
    const sup = e === 1 ? '' : [...String(e)].map((c) => SUPERSCRIPT[c] ?? c).join('');
    parts.push(BASES[i] + sup);
  });
  return parts.join('·') || '1';
}

// ---------------------------------------------------------------- unit words

const PREFIXES: Record<string, number> = {
  y: 1e-24, z: 1e-21, a: 1e-18, f: 1e-15, p: 1e-12, n: 1e-9, u: 1e-6, 'µ': 1e-6, 'μ': 1e-6, m: 1e-3, c: 1e-2,
  k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

interface UnitAtom {
  scale: number;
  dim: Dim;
  /** Which prefixes it takes: all SI, decimal multiples only, or none. */
  prefixes: 'si' | 'multiples' | 'none';
}

const J = DIMS.energy.dim;
/** Unit symbols. Lookup tries the exact word first, so `min`, `mm`, `ms` and `mS` all work. */
export const UNITS: Record<string, UnitAtom> = {
  s: { scale: 1, dim: DIMS.time.dim, prefixes: 'si' },
  min: { scale: 60, dim: DIMS.time.dim, prefixes: 'none' },
  h: { scale: 3600, dim: DIMS.time.dim, prefixes: 'none' },
  day: { scale: 86400, dim: DIMS.time.dim, prefixes: 'none' },
  days: { scale: 86400, dim: DIMS.time.dim, prefixes: 'none' },
  year: { scale: 365 * 86400, dim: DIMS.time.dim, prefixes: 'none' },
  years: { scale: 365 * 86400, dim: DIMS.time.dim, prefixes: 'none' },
  Hz: { scale: 1, dim: DIMS.frequency.dim, prefixes: 'si' },
  m: { scale: 1, dim: DIMS.length.dim, prefixes: 'si' },
  V: { scale: 1, dim: DIMS.voltage.dim, prefixes: 'si' },
  A: { scale: 1, dim: DIMS.current.dim, prefixes: 'si' },
  ohm: { scale: 1, dim: DIMS.resistance.dim, prefixes: 'si' },
  Ohm: { scale: 1, dim: DIMS.resistance.dim, prefixes: 'si' },
  'Ω': { scale: 1, dim: DIMS.resistance.dim, prefixes: 'si' },
  S: { scale: 1, dim: DIMS.conductance.dim, prefixes: 'si' },
  F: { scale: 1, dim: DIMS.capacitance.dim, prefixes: 'si' },
  C: { scale: 1, dim: DIMS.charge.dim, prefixes: 'si' },
  J: { scale: 1, dim: J, prefixes: 'si' },
  W: { scale: 1, dim: DIMS.power.dim, prefixes: 'si' },
  K: { scale: 1, dim: DIMS.temperature.dim, prefixes: 'none' },
  bit: { scale: 1, dim: DIMS.bits.dim, prefixes: 'multiples' },
  bits: { scale: 1, dim: DIMS.bits.dim, prefixes: 'multiples' },
  B: { scale: 8, dim: DIMS.bits.dim, prefixes: 'multiples' },
  byte: { scale: 8, dim: DIMS.bits.dim, prefixes: 'multiples' },
  bytes: { scale: 8, dim: DIMS.bits.dim, prefixes: 'multiples' },
  cycle: { scale: 1, dim: DIMS.cycles.dim, prefixes: 'none' },
  cycles: { scale: 1, dim: DIMS.cycles.dim, prefixes: 'none' },
  lsb: { scale: 1, dim: DIMS.lsb.dim, prefixes: 'none' },
  LSB: { scale: 1, dim: DIMS.lsb.dim, prefixes: 'none' },
};

export interface Quantity {
  value: number;
  dim: Dim;
}

/** One factor such as `um2`: prefix, symbol, optional integer power. */
function parseAtom(word: string): { scale: number; dim: Dim } | null {
  const m = /^(.*?)([1-9])?$/u.exec(word);
  const body = m?.[1] ?? word;
  const power = m?.[2] ? Number(m[2]) : 1;
  const base = resolveSymbol(body);
  if (!base) return null;
  return { scale: base.scale ** power, dim: dimPow(base.dim, power) };
}

function resolveSymbol(word: string): { scale: number; dim: Dim } | null {
  const exact = UNITS[word];
  if (exact) return exact;
  for (const [p, f] of Object.entries(PREFIXES)) {
    if (!word.startsWith(p)) continue;
    const u = UNITS[word.slice(p.length)];
    if (!u || u.prefixes === 'none') continue;
    if (u.prefixes === 'multiples' && f < 1) continue;
    return { scale: f * u.scale, dim: u.dim };
  }
  return null;
}

/** Parse a unit word such as `GHz`, `uS`, `um2` or `fF/um` into a scale factor and dimension. */
export function parseUnit(text: string): { scale: number; dim: Dim } | null {
  const parts = text.split('/');
  let scale = 1;
  let d: Dim = DIMENSIONLESS;
  for (let i = 0; i < parts.length; i++) {
    const a = parseAtom(parts[i]!);
    if (!a) return null;
    scale = i === 0 ? scale * a.scale : scale / a.scale;
    d = i === 0 ? dimMul(d, a.dim) : dimDiv(d, a.dim);
  }
  return { scale, dim: d };
}

/** Every unit word a user may write without a prefix: for "did you mean" suggestions. */
export function unitWords(): string[] {
  const words = new Set(Object.keys(UNITS));
  for (const [sym, u] of Object.entries(UNITS)) {
    if (u.prefixes === 'none') continue;
    for (const [p, f] of Object.entries(PREFIXES)) {
      if (u.prefixes === 'multiples' && f < 1) continue;
      if (p === 'µ' || p === 'μ' || p === 'c') continue;
      words.add(p + sym);
    }
  }
  return [...words];
}

// ---------------------------------------------------------------- formatting

const ENG: [string, number][] = [
  ['P', 1e15], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3], ['', 1],
  ['m', 1e-3], ['u', 1e-6], ['n', 1e-9], ['p', 1e-12], ['f', 1e-15], ['a', 1e-18],
];

/** A number in shortest round-trippable form with at most 12 significant digits. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const s = Number(x.toPrecision(12)).toString();
  return s.replace(/e\+/, 'e');
}

/**
 * `300 mV`, `1 GHz`, `1200 um2`, `256 bit`, `3600 s`: stable text for the IR dump and messages
 * (12 significant digits), or shorter for reports (`digits`).
 */
export function formatQuantity(q: Quantity, digits = 12): string {
  if (digits < 12) return formatQuantity({ value: Number(q.value.toPrecision(digits)), dim: q.dim });
  const name = dimName(q.dim);
  if (name === 'none') return formatNumber(q.value);
  if (name === null) return `${formatNumber(q.value)} ${unitText(q.dim)}`;
  const symbol = DIMS[name].symbol;
  if (name === 'bits' || name === 'cycles' || name === 'lsb' || name === 'temperature') {
    return `${formatNumber(q.value)} ${symbol}`;
  }
  if (name === 'time' && Math.abs(q.value) >= 3600) {
    if (q.value % 86400 === 0) return `${q.value / 86400} day`;
    if (q.value % 3600 === 0) return `${q.value / 3600} h`;
  }
  const power = name === 'area' ? 2 : 1;
  const base = name === 'area' ? 'm2' : symbol;
  const abs = Math.abs(q.value);
  if (abs === 0) return `0 ${base}`;
  for (const [p, f] of ENG) {
    const scaled = Number((abs / f ** power).toPrecision(12));
    if (scaled >= 1 || (p === 'a' && scaled > 0)) {
      const unit = name === 'area' ? `${p}m2` : `${p}${symbol}`;
      return `${formatNumber(Number((q.value / f ** power).toPrecision(12)))} ${unit}`;
    }
  }
  return `${formatNumber(q.value)} ${base}`;
}
