// dsl/passes/check-converters.ts: the error tables and profiles of DACs and ADCs.
// Input: Elaborated (one component). Output: diagnostics only (E3002, E3025, E3026, E3027).
// Called by check-params for every DAC and ADC, after its ranges are checked.
//
// 1. ADC `inl` / `dnl` tables: one value per code (2^bits - 1), E3025; every interior code
//    wider than 0 LSB (DNL > -1, so the codes stay monotonic), E3026; not both tables (E3002).
// 2. ADC INL/DNL (table or random profile) need stored code edges: not for a 1-bit sign
//    quantiser, and at most MAX_PROFILE_BITS bits (E3027).
// 3. DAC `inl` tables: one value per code (voltage) or per nonzero digit (bit_serial), E3025;
//    levels increasing, E3026. A random voltage-DAC profile needs at most
//    MAX_DAC_PROFILE_BITS bits (E3027).
import type { Span } from '../ast.js';
import type { Diagnostics } from '../diagnostics/diagnostic.js';
import type { ComponentIR } from '../ir/nodes.js';
import { adcErrorParams, adcTableProblems, MAX_PROFILE_BITS, movesEdges } from '../../emulator/models/adc-errors.js';
import { dacTableProblems, MAX_DAC_PROFILE_BITS } from '../../emulator/models/dac-errors.js';

function num(c: ComponentIR, n: string): number | null {
  const v = c.params[n];
  return typeof v === 'number' ? v : null;
}

function at(c: ComponentIR, name: string): Span {
  return c.origins[name]?.span ?? c.span;
}

export function checkConverter(c: ComponentIR, owner: string, diags: Diagnostics): void {
  const bits = num(c, 'bits');
  if (bits === null || !Number.isInteger(bits) || bits < 1) return;
  if (c.category === 'adc') checkAdc(c, owner, bits, diags);
  else if (c.category === 'dac') checkDac(c, owner, bits, diags);
}

function checkAdc(c: ComponentIR, owner: string, bits: number, diags: Diagnostics): void {
  const e = adcErrorParams(c);
  if (e.inl && e.dnl) {
    diags.report('E3002', `${owner} has both an \`inl\` and a \`dnl\` table`, at(c, 'dnl'), {
      labels: c.origins['inl']?.span ? [{ span: c.origins['inl'].span, message: 'inl set here' }] : [],
      help: 'an INL table fixes the DNL too: give one of them',
    });
  }
  if (movesEdges(e) && (bits === 1 || bits > MAX_PROFILE_BITS)) {
    const name = e.inl ? 'inl' : e.dnl ? 'dnl' : e.inlSigma > 0 ? 'inl_sigma' : 'dnl_sigma';
    diags.report('E3027', bits === 1
      ? `${owner} is a 1-bit ADC (a sign comparator): it has no code edges for \`${name}\` to move`
      : `\`${name}\` of ${owner} needs stored code edges, at most ${MAX_PROFILE_BITS} bits, found ${bits}`, at(c, name), {
      help: bits === 1 ? 'use `offset` for the comparator\'s threshold' : undefined,
    });
    return;
  }
  for (const which of ['inl', 'dnl'] as const) {
    const table = e[which];
    if (!table) continue;
    for (const pr of adcTableProblems(bits, which, table)) diags.report(pr.code, `\`${which}\` of ${owner} ${pr.message}`, at(c, which));
  }
}

function checkDac(c: ComponentIR, owner: string, bits: number, diags: Diagnostics): void {
  const kind = c.kindName as 'pwm' | 'voltage' | 'bit_serial';
  if (kind === 'pwm') return;
  const table = c.params['inl'];
  const sigma = num(c, 'inl_sigma') ?? 0;
  if (kind === 'voltage' && sigma > 0 && bits > MAX_DAC_PROFILE_BITS) {
    diags.report('E3027', `\`inl_sigma\` of ${owner} needs a stored level per code, at most ${MAX_DAC_PROFILE_BITS} bits, found ${bits}`, at(c, 'inl_sigma'));
  }
  if (!Array.isArray(table)) return;
  const shape = { kind, bits, signed: c.params['signed'] === true, tLsb: 0, phases: 1, bitsPerCycle: num(c, 'bits_per_cycle') ?? 1 };
  for (const pr of dacTableProblems(shape, table)) diags.report(pr.code, `\`inl\` of ${owner} ${pr.message}`, at(c, 'inl'));
}
