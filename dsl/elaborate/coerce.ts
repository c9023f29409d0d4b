// dsl/elaborate/coerce.ts: check a value against a parameter's type and convert it to IR form.
// Type and unit errors are reported here (E2006, E2007, E2014); value ranges are checked
// later, by the check-params pass, so that every range error is reported together.
import type { Span } from '../ast.js';
import type { ParamValue } from '../ir/nodes.js';
import type { ParamSpec } from '../schema/types.js';
import { DIMS, describeDim, dimDiv, dimEq, isDimensionless } from '../units.js';
import type { Ctx } from './context.js';
import { describeValue, showValue, type Value } from './values.js';

const EXAMPLES: Partial<Record<keyof typeof DIMS, string>> = {
  time: '1 ns', frequency: '1 GHz', voltage: '0.3 V', current: '10 uA', resistance: '0.15 ohm',
  conductance: '25 uS', capacitance: '10 fF', energy: '1.67 pJ', power: '4 mW', area: '1200 um2',
  energyPerBit: '81 fJ/bit', length: '4 um',
};

/** Convert; undefined means an error was reported. */
export function coerce(v: Value, spec: ParamSpec, name: string, span: Span, cx: Ctx): ParamValue | undefined {
  if (v.t === 'error') return undefined;
  const t = spec.type;
  const wrongType = (want: string, extra: { help?: string | string[] } = {}) => {
    cx.report('E2007', `\`${name}\` must be ${want}, found ${describeValue(v)}`, span, extra);
    return undefined;
  };
  switch (t.k) {
    case 'quantity': {
      if (v.t !== 'num') return wrongType(t.dim === 'none' ? 'a number' : DIMS[t.dim].name);
      const want = DIMS[t.dim].dim;
      if (dimEq(v.d, want)) return v.v;
      const help: string[] = [];
      if (isDimensionless(v.d)) help.push(`write it with a unit, e.g. \`${name} = ${EXAMPLES[t.dim] ?? `${v.v} ${DIMS[t.dim].symbol}`};\``);
      if (t.dim === 'frequency' && dimEq(v.d, dimDiv(DIMS.conductance.dim, DIMS.time.dim))) {
        help.push('sample rates are frequencies: write `1.28 GHz`, not `1.28 GS/s` (S is siemens)');
      }
      if (t.dim === 'none' && !isDimensionless(v.d)) help.push('this parameter is a plain number (a ratio); drop the unit');
      if (t.dim === 'conductance' && dimEq(v.d, DIMS.time.dim)) help.push('`s` is seconds; siemens is a capital `S`: `25 uS`');
      if (t.dim === 'time' && dimEq(v.d, DIMS.conductance.dim)) help.push('`S` is siemens; seconds are a lowercase `s`: `1 ns`');
      cx.report('E2006', `\`${name}\` must be ${DIMS[t.dim].name}, found ${describeDim(v.d)}${isDimensionless(v.d) ? ' (no unit)' : ''}`, span, {
        label: `this is ${isDimensionless(v.d) ? `the plain number ${showValue(v)}` : showValue(v)}`,
        help,
      });
      return undefined;
    }
    case 'duration': {
      if (v.t !== 'num') return wrongType('a time or a number of cycles');
      if (dimEq(v.d, DIMS.time.dim)) return { unit: 's', value: v.v };
      if (dimEq(v.d, DIMS.cycles.dim)) return { unit: 'cycles', value: v.v };
      cx.report('E2006', `\`${name}\` must be a time or a number of cycles, found ${describeDim(v.d)}`, span, {
        help: isDimensionless(v.d) ? `write \`${v.v} cycles\` or a time such as \`${v.v} ns\`` : [],
      });
      return undefined;
    }
    case 'int': {
      if (v.t !== 'num') return wrongType('an integer');
      const own = t.dim ? DIMS[t.dim].dim : null;
      if (!isDimensionless(v.d) && !(own && dimEq(v.d, own))) {
        cx.report('E2006', `\`${name}\` must be ${t.dim ? DIMS[t.dim].name : 'a plain number'}, found ${describeDim(v.d)}`, span);
        return undefined;
      }
      if (!Number.isInteger(v.v)) {
        cx.report('E2014', `\`${name}\` must be an integer, found ${showValue(v)}`, span);
        return undefined;
      }
      return v.v;
    }
    case 'bool':
      if (v.t === 'bool') return v.v;
      return wrongType('`true` or `false`');
    case 'choice': {
      const word = v.t === 'enum' ? v.name : v.t === 'str' ? v.v : null;
      if (word !== null && t.options.includes(word)) return word;
      return wrongType(`one of ${t.options.map((o) => `\`${o}\``).join(', ')}`);
    }
    case 'string':
      if (v.t === 'str') return v.v;
      return wrongType('a string');
    case 'list': {
      const want = DIMS[t.dim].dim;
      if (v.t !== 'list') return wrongType(`a list of ${t.dim === 'none' ? 'numbers' : DIMS[t.dim].symbol}`, {
        help: `write a list: \`[${EXAMPLES[t.dim] ?? '1'}, ...]\``,
      });
      const out: number[] = [];
      for (const item of v.items) {
        if (item.t !== 'num' || !dimEq(item.d, want)) {
          cx.report('E2006', `every element of \`${name}\` must be ${DIMS[t.dim].name}, found ${describeValue(item)}`, span);
          return undefined;
        }
        out.push(item.v);
      }
      return out;
    }
    case 'clock': {
      if (v.t === 'entity' && v.e.k === 'clock') return cx.hooks.clock(v.e) ?? undefined;
      if (v.t === 'num' && dimEq(v.d, DIMS.frequency.dim)) {
        return wrongType('a clock', { help: `declare it: \`clock my_clk = ${showValue(v)};\` and write \`${name} = my_clk;\`` });
      }
      return wrongType('a clock');
    }
    case 'cell':
      if (v.t === 'cell') return v.cell;
      return wrongType('a cell scheme', {
        help: 'use `differential(device)`, `offset(device)` or `bit_sliced(device, bits = 8, bits_per_cell = 2)`',
      });
  }
}
