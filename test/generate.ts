// test/generate.ts: a seeded generator of VALID xbar descriptions of a requested size.
//
// `generateDescription(seed, lines)` returns the text of a description that checks with zero
// diagnostics (no errors, no warnings). The same seed and size always give the same text:
// every random choice comes from a mulberry32 PRNG seeded with `seed`.
//
// A description is a header, then "units" until the requested size is reached. Unit k
// declares, with names ending in `_k` so that every name is unique:
//   - a clock, params and consts (all used: an unused one would be W3001);
//   - a device (`ideal`, or a preset of `xbar/presets` when the file imports it), a DAC and
//     an ADC of a random kind, sometimes inside a namespace, sometimes derived from another
//     declaration of the unit, sometimes a digital stage declaration;
//   - a tile: DAC -> crossbar -> [sample_hold] -> ADC -> [shift_add] -> digital [-> fifo],
//     with lane counts that match (DAC count = rows, ADC count x mux = column lanes,
//     shift_add slices = outputs per column of the cell scheme);
//   - a chip with a 1-D or 2-D tile array and `for` loops of links (sometimes a ring, an
//     `if`, a link body), or no chip;
//   - a testbench for the chip (random weights and codes) or for the tile (literal matrix
//     and vectors sized to the crossbar and DACs).
// The last testbench is padded with `run for ...;` steps and comments so that the text has
// exactly `lines` lines (when `lines` is at least the size of one unit; smaller requests
// give one unit).

/** mulberry32: a tiny 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** An integer in lo..=hi. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Frequencies whose period is a whole number of femtoseconds (no W3002). */
const FREQS = ['100 MHz', '200 MHz', '250 MHz', '500 MHz', '800 MHz', '1 GHz', '1.25 GHz', '1.28 GHz', '1.6 GHz', '2 GHz'];

const COMMENTS = [
  'weights are stored as conductance differences',
  'one converter per column unless multiplexed',
  'rows are driven by the DACs',
  'the digital stage applies the activation',
  'links carry whole vectors between tiles',
  'sizes are parameters so that they can be overridden',
  'generated: do not edit',
];

interface Dac {
  /** Type name used in the tile (`dac_3`, `ns_3.d`, `dacs.hermes_pwm8`, `pwm`). */
  type: string;
  /** Inclusive code range of the DAC. */
  lo: number;
  hi: number;
  bitSerial: boolean;
}

interface Unit {
  lines: string[];
  /** Index into `lines` of the closing `}` of the unit's testbench. */
  tbClose: number;
}

class Gen {
  constructor(
    private readonly r: Rng,
    private readonly library: boolean,
  ) {}

  indentComment(out: string[], ind: string): void {
    if (this.r.chance(0.15)) out.push(`${ind}// ${this.r.pick(COMMENTS)}`);
  }

  unit(k: number): Unit {
    const r = this.r;
    const s = `_${k}`;
    const out: string[] = [];
    out.push(`// ---- unit ${k}`);

    // ---------------------------------------------------------------- sizes
    const rowsN = r.pick([2, 4, 8, 16]);
    const colsN = r.pick([2, 4, 8]);
    const scheme = r.pick(['differential', 'differential', 'offset', 'bit_sliced', 'pairs'] as const);
    const per = scheme === 'bit_sliced' ? 4 : 1; // the pairs of a cell are summed in its readout: one lane per column
    const lanesN = colsN * per;
    const mux = r.pick([1, 1, 2, 4].filter((m) => lanesN % m === 0));

    // ---------------------------------------------------------------- clock, params, consts
    const clk = `clk${s}`;
    out.push(`clock ${clk} = ${r.pick(FREQS)};${r.chance(0.3) ? ' // controller clock' : ''}`);
    const rows = `n_rows${s}`;
    const cols = `n_cols${s}`;
    const lanes = `n_lanes${s}`;
    out.push(`${r.chance(0.5) ? 'param' : 'const'} ${rows} = ${rowsN};`);
    // cols as an expression over rows sometimes (kept integral).
    if (colsN <= rowsN && rowsN % colsN === 0 && r.chance(0.5)) out.push(`const ${cols} = ${rows} / ${rowsN / colsN};`);
    else out.push(`param ${cols} = ${colsN};`);
    out.push(`const ${lanes} = ${per === 1 ? cols : `${cols} * ${per}`};`);
    this.indentComment(out, '');

    // ---------------------------------------------------------------- device
    let device: string;
    const devChoice = r.int(0, 3);
    if (devChoice === 0) {
      device = 'ideal';
    } else if (this.library && devChoice === 1) {
      device = `dev${s}`;
      out.push(`device ${device} : ${r.pick(['pcm.hermes', 'pcm.aihwkit', 'pcm.hermes_1dev', 'rram.cmo', 'ecram.tang2018', 'rram.neurram'])} { }`);
    } else {
      device = `dev${s}`;
      const gmin = r.pick(['0 uS', '1 uS', '0.5 uS']);
      const gmax = r.pick(['25 uS', '20 uS', '1 / (100 kohm)', '2 * 9 uS']);
      out.push(`device ${device} : ideal { g_min = ${gmin}; g_max = ${gmax}; }`);
    }

    // ---------------------------------------------------------------- DAC
    const dac = this.dac(s, out);
    // ---------------------------------------------------------------- ADC
    const { type: adc, cco } = this.adc(s, out, mux);

    // ---------------------------------------------------------------- digital stage type
    let post = 'digital';
    let postBody = ` { activation = ${r.pick(['relu', 'none', 'sigmoid', 'tanh'])}; out_bits = ${r.int(4, 16)}; }`;
    if (r.chance(0.3)) {
      post = `act${s}`;
      out.push(`digital ${post} { scale = ${r.pick(['1', '0.5', '2'])}; activation = ${r.pick(['relu', 'tanh'])}; }`);
      postBody = ';';
    }
    const fifo = r.chance(0.25);

    // ---------------------------------------------------------------- tile
    const tile = `tile${s}`;
    out.push('');
    out.push(`tile ${tile} {`);
    out.push(`  clock = ${clk};`);
    out.push(`  ${dac.type} dacs[${rows}];`);
    const cell =
      scheme === 'differential' ? `differential(${device})`
      : scheme === 'offset' ? `offset(${device})`
      : scheme === 'pairs' ? `differential(${device}, pairs = 2)`
      : `bit_sliced(${device}, bits = 8, bits_per_cell = 2${r.chance(0.5) ? ', encoding = differential' : ''})`;
    out.push(`  crossbar array {`);
    out.push(`    rows = ${rows};`);
    out.push(`    cols = ${cols};`);
    out.push(`    cell = ${cell};`);
    if (r.chance(0.4)) out.push(`    out_noise = ${r.pick(['0', '0.02', '0.06'])};`);
    if (r.chance(0.3)) out.push(`    wire_r = ${r.pick(['0.15 ohm', '1 ohm', '0 ohm'])};`);
    if (r.chance(0.2)) out.push(`    ir_drop = ${r.pick(['none', 'analytic'])};`);
    out.push('  }');
    // a CCO counts the live column current: never after a sample-and-hold
    const sh = !cco && r.chance(0.3);
    if (sh) out.push(`  sample_hold sh[${lanes}];`);
    const adcCount = mux === 1 ? lanes : `${lanes} / ${mux}`;
    out.push(`  ${adc} adcs[${adcCount}]${mux === 1 ? ';' : ` { mux = ${mux}; }`}`);
    const needSa = per > 1 || dac.bitSerial;
    if (needSa) out.push(`  shift_add sa[${cols}]${per > 1 ? ` { slices = ${per}; }` : ';'}`);
    out.push(`  ${post} post[${cols}]${postBody}`);
    if (fifo) out.push(`  fifo buf[${cols}] { depth = ${r.int(1, 8)}; }`);
    this.indentComment(out, '  ');
    // The chain, in one statement or split (same connections).
    const chain = ['dacs', 'array', ...(sh ? ['sh'] : []), 'adcs', ...(needSa ? ['sa'] : []), 'post', ...(fifo ? ['buf'] : [])];
    const split = r.int(0, 2);
    if (split === 0 || chain.length < 4) {
      out.push(`  connect ${chain.join(' -> ')};`);
    } else if (split === 1) {
      const cut = r.int(1, chain.length - 2);
      out.push(`  connect ${chain.slice(0, cut + 1).join(' -> ')};`);
      out.push(`  connect ${chain.slice(cut).join(' -> ')};`);
    } else {
      // Lane ranges on the array -> next hop, halves; the rest as chains.
      const next = chain[2]!;
      const nextPort = next === 'sh' ? 'sh.in' : 'adcs.in';
      out.push(`  connect dacs -> array;`);
      out.push(`  const half = ${lanes} / 2;`);
      out.push(`  connect array.cols[0..half] -> ${nextPort}[0..half];`);
      out.push(`  connect array.cols[half..${lanes}] -> ${nextPort}[half..${lanes}];`);
      out.push(`  connect ${chain.slice(2).join(' -> ')};`);
    }
    out.push('}');

    // ---------------------------------------------------------------- chip
    const chipKind = r.int(0, 3);
    const tbLines: string[] = [];
    out.push('');
    if (chipKind === 0) {
      // No chip: the testbench runs the tile on its own, with literal data.
      tbLines.push(`testbench tb${s} for ${tile} {`);
      tbLines.push(`  seed = ${r.int(0, 1000)};`);
      const m: string[] = [];
      for (let i = 0; i < rowsN; i++) {
        const row: string[] = [];
        for (let j = 0; j < colsN; j++) row.push(r.pick(['1.0', '0.5', '0.0', '-0.5', '-1.0', '0.25']));
        m.push(`    [${row.join(', ')}],`);
      }
      tbLines.push(`  program ${tile} with [`);
      tbLines.push(...m);
      tbLines.push('  ];');
      const vecs: string[] = [];
      for (let v = 0; v < r.int(1, 3); v++) {
        const codes: number[] = [];
        for (let i = 0; i < rowsN; i++) codes.push(r.int(dac.lo, dac.hi));
        vecs.push(`[${codes.join(', ')}]`);
      }
      tbLines.push(`  drive ${tile} with [${vecs.join(', ')}];`);
      tbLines.push('  run until idle;');
      tbLines.push(`  expect ${tile} ~ ideal within ${r.int(1, 4)} lsb;`);
      tbLines.push(`  expect latency(${tile}) <= ${r.int(1, 50)} us;`);
      tbLines.push(`  trace ${tile}.adcs to "tb${s}.vcd";`);
      tbLines.push('}');
    } else {
      const chip = `chip${s}`;
      const count = `n_tiles${s}`;
      const twoD = chipKind === 3;
      const n = r.int(2, 6);
      const m = r.int(2, 3);
      out.push(`param ${count} = ${n};`);
      out.push(`chip ${chip} {`);
      if (r.chance(0.7)) out.push(`  clock = ${clk};`);
      const linkBody = () => {
        const parts: string[] = [];
        if (r.chance(0.5)) parts.push(`width = ${r.pick([32, 64, 128, 256])} bit;`);
        if (r.chance(0.5)) parts.push(`latency = ${r.int(1, 4)} cycles;`);
        if (r.chance(0.2)) parts.push('e_bit = 81 fJ/bit;');
        return parts.length ? ` { ${parts.join(' ')} }` : ';';
      };
      let target: string;
      if (!twoD) {
        out.push(`  ${tile} c[${count}];`);
        out.push(`  for i in 0..${count} - 1 {`);
        out.push(`    link c[i] -> c[i + 1]${linkBody()}`);
        out.push('  }');
        // Close the ring (c[0] has no other input), plainly or under an `if`.
        const ring = r.int(0, 2);
        if (ring === 1) out.push(`  link c[${count} - 1] -> c[0] { latency = 2 cycles; }`);
        if (ring === 2) {
          out.push(`  if ${count} > 3 {`);
          out.push(`    link c[${count} - 1] -> c[0] { latency = ${r.int(1, 3)} cycles; }`);
          out.push('  } else {');
          out.push(`    link c[1] -> c[0];`);
          out.push('  }');
        }
        target = `c[${r.int(0, n - 1)}]`;
      } else {
        out.push(`  ${tile} g[${count}][${m}];`);
        out.push(`  for i in 0..${count} {`);
        out.push(`    for j in 0..=${m - 2} {`);
        out.push(`      link g[i][j] -> g[i][j + 1]${linkBody()}`);
        out.push('    }');
        out.push('  }');
        out.push(`  for i in 0..${count} - 1 { link g[i][${m - 1}] -> g[i + 1][0]; }`);
        target = `g[${r.int(0, n - 1)}][${r.int(0, m - 1)}]`;
      }
      out.push('}');
      out.push('');
      tbLines.push(`testbench tb${s} for ${chip} {`);
      tbLines.push(`  seed = ${r.int(0, 100000)};`);
      if (r.chance(0.5)) tbLines.push(`  t_inference = ${r.pick(['1 h', '1 s', '1 day', '0 s'])};`);
      if (r.chance(0.3)) tbLines.push(`  timeout = ${r.pick(['1 ms', '10 us', '1 s'])};`);
      tbLines.push(`  program ${r.chance(0.5) ? target : `${target}.array`} with random_weights(${r.pick(['-1, 1', 'lo = -0.5, hi = 0.5', ''])});`);
      const codeArgs = r.chance(0.5) ? `${r.int(1, 100)}` : `${r.int(1, 100)}, lo = ${dac.lo}, hi = ${dac.hi}`;
      tbLines.push(`  drive ${target} with random_codes(${codeArgs});`);
      tbLines.push(r.chance(0.7) ? '  run until idle;' : `  run for ${r.int(1, 100)} us;`);
      tbLines.push(`  expect ${target} ~ ideal within ${r.chance(0.5) ? `${r.int(1, 8)} lsb` : '0.05'};`);
      const metric = r.pick(['latency', 'energy', 'throughput'] as const);
      const value = metric === 'latency' ? `${r.int(1, 900)} ns` : metric === 'energy' ? `${r.int(1, 900)} pJ` : `${r.int(1, 900)} MHz`;
      tbLines.push(`  expect ${metric}(${target}) ${r.pick(['<=', '<', '>=', '>'])} ${value};`);
      tbLines.push(`  trace ${target}.adcs[0..${r.int(1, Math.min(2, lanesN / mux))}], ${target} to "tb${s}.vcd";`);
      tbLines.push('}');
    }
    const tbStart = out.length;
    out.push(...tbLines);
    out.push('');
    return { lines: out, tbClose: tbStart + tbLines.length - 1 };
  }

  dac(s: string, out: string[]): Dac {
    const r = this.r;
    const choice = r.int(0, this.library ? 5 : 4);
    if (choice === 5) return { type: 'dacs.hermes_pwm8', lo: -127, hi: 127, bitSerial: false };
    if (choice === 4) return { type: 'pwm', lo: -127, hi: 127, bitSerial: false };
    const bits = r.int(2, 8);
    const signed = r.chance(0.6);
    const lo = signed ? -(2 ** (bits - 1) - 1) : 0;
    const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
    let decl: string;
    let kind = r.pick(['pwm', 'voltage', 'bit_serial'] as const);
    if (kind === 'bit_serial' && bits < 2) kind = 'pwm';
    const signedText = `signed = ${signed};`;
    if (kind === 'pwm') decl = `{ bits = ${bits}; ${signedText} t_lsb = ${r.pick(['1 ns', '0.5 ns', '2 ns'])}; v_read = ${r.pick(['0.2 V', '0.3 V', '300 mV'])}; }`;
    else if (kind === 'voltage') decl = `{ bits = ${bits}; ${signedText} }`;
    else decl = `{ bits = ${bits}; ${signedText} bits_per_cycle = ${r.int(1, Math.min(2, bits))}; t_cycle = 100 ns; }`;
    const bitSerial = kind === 'bit_serial';
    const where = r.int(0, 2);
    if (where === 0) {
      // In a namespace.
      out.push(`namespace ns_dac${s} {`);
      out.push(`  dac d : ${kind} ${decl}`);
      out.push('}');
      return { type: `ns_dac${s}.d`, lo, hi, bitSerial };
    }
    if (where === 1) {
      // A base declaration and a derived one (the base is used as the base).
      out.push(`dac dac_base${s} : ${kind} ${decl}`);
      out.push(`dac dac${s} : dac_base${s} { input_noise = 0; }`);
      return { type: `dac${s}`, lo, hi, bitSerial };
    }
    out.push(`dac dac${s} : ${kind} ${decl}`);
    return { type: `dac${s}`, lo, hi, bitSerial };
  }

  /** An ADC type; a CCO (one column each, live current) only when `mux` is 1. */
  adc(s: string, out: string[], mux: number): { type: string; cco: boolean } {
    const r = this.r;
    const kinds = (['flash', 'sar', 'ramp', 'cco', 'pipeline'] as const).filter((k) => mux === 1 || k !== 'cco');
    const choice = r.int(0, this.library ? 6 : 5);
    if (choice === 6) {
      const preset = mux === 1 ? r.pick(['adcs.isaac_sar8', 'adcs.hermes_cco8']) : 'adcs.isaac_sar8';
      return { type: preset, cco: preset.endsWith('cco8') };
    }
    if (choice === 5) {
      const k = r.pick(kinds);
      return { type: k, cco: k === 'cco' };
    }
    const kind = r.pick(kinds);
    let body: string;
    switch (kind) {
      case 'flash':
        body = `{ bits = ${r.int(2, 8)}; out_bound = ${r.pick(['4', '12', '8'])}; }`;
        break;
      case 'sar':
        body = `{ bits = ${r.int(4, 10)}; f_sample = ${r.pick(['1.28 GHz', '500 MHz'])}; }`;
        break;
      case 'ramp':
        body = `{ bits = ${r.int(4, 10)}; }`;
        break;
      case 'cco':
        body = `{ bits = ${r.int(4, 10)}; t_lsb = ${r.pick(['300 ps', '1 ns'])}; }`;
        break;
      case 'pipeline':
        body = `{ bits = ${r.int(4, 12)}; }`;
        break;
    }
    out.push(`adc adc${s} : ${kind} ${body}`);
    return { type: `adc${s}`, cco: kind === 'cco' };
  }
}

/** A valid description of about `lines` lines (exactly `lines` when it is large enough). */
export function generateDescription(seed: number, lines: number): string {
  const r = new Rng(seed);
  const library = r.chance(0.5);
  const head: string[] = [`// Generated by test/generate.ts: seed ${seed}, ${lines} lines.`];
  if (library) head.push('import "xbar/presets";');
  head.push('');
  const body: string[] = [...head];
  const g = new Gen(r, library);
  let last: { offset: number; unit: Unit } | null = null;
  for (let k = 0; ; k++) {
    const u = g.unit(k);
    if (last && body.length + u.lines.length > lines) break;
    last = { offset: body.length, unit: u };
    body.push(...u.lines);
  }
  // Pad the last testbench so that the text has exactly `lines` lines.
  const pad: string[] = [];
  while (body.length + pad.length < lines) {
    pad.push(r.chance(0.3) ? `  // step ${pad.length}` : `  run for ${r.int(1, 999)} ns;`);
  }
  const at = last!.offset + last!.unit.tbClose;
  body.splice(at, 0, ...pad);
  // `lines` lines: the last one is followed by a newline.
  return body.join('\n') + '\n';
}
