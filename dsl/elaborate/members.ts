// dsl/elaborate/members.ts: `component.param` reads (`pwm8.t_lsb`, `pcm.hermes.g_max`), and the
// conversion of a parameter's IR value back into an expression value.
import type * as A from '../ast.js';
import type { ParamValue } from '../ir/nodes.js';
import { KINDS } from '../schema/index.js';
import type { ParamSpec } from '../schema/types.js';
import { DIMS } from '../units.js';
import type { Ctx } from './context.js';
import type { ComponentEntity, KindEntity } from './scope.js';
import { a, didYouMean } from './suggest.js';
import { ERROR, num, type Value } from './values.js';

/** Built-in kinds, visible everywhere as type names (`pwm`, `sar`, `ideal`, ...). */
export const KIND_ENTITIES: ReadonlyMap<string, KindEntity> = new Map(
  Object.keys(KINDS).map((name) => [name, { k: 'kind', name } as KindEntity]),
);

/** An IR parameter value as an expression value, typed by its spec. */
export function paramToValue(pv: ParamValue, spec: ParamSpec, cx: Ctx): Value {
  if (pv === null) return ERROR;
  const t = spec.type;
  switch (t.k) {
    case 'quantity':
      return num(pv as number, DIMS[t.dim].dim);
    case 'int':
      return num(pv as number);
    case 'duration': {
      const d = pv as { unit: 's' | 'cycles'; value: number };
      return num(d.value, d.unit === 's' ? DIMS.time.dim : DIMS.cycles.dim);
    }
    case 'bool':
      return { t: 'bool', v: pv as boolean };
    case 'choice':
      return { t: 'enum', name: pv as string };
    case 'string':
      return { t: 'str', v: pv as string };
    case 'list':
      return { t: 'list', items: (pv as number[]).map((x) => num(x, DIMS[t.dim].dim)) };
    case 'clock': {
      const name = (pv as { name: string }).name;
      const en = cx.global.lookup(name);
      return en ? { t: 'entity', e: en } : ERROR;
    }
    case 'cell':
      return { t: 'cell', cell: pv as Extract<ParamValue, { kind: 'cell' }> };
  }
}

export function componentMember(en: ComponentEntity | KindEntity, member: A.Ident, cx: Ctx): Value {
  const c = cx.hooks.peek(en);
  if (!c) return ERROR;
  const schema = KINDS[c.kindName]!.schema;
  const spec = schema[member.name];
  if (!spec) {
    cx.report('E2021', `\`${c.name}\` (${a(`${c.kindName} ${c.category}`)}) has no parameter \`${member.name}\``, member.span, {
      label: 'no such parameter',
      help: didYouMean(member.name, Object.keys(schema)),
    });
    return ERROR;
  }
  const pv = c.params[member.name] ?? null;
  if (pv === null) {
    cx.report('E2021', `\`${c.name}.${member.name}\` has no value: it is not set and has no default`, member.span);
    return ERROR;
  }
  return paramToValue(pv, spec, cx);
}
