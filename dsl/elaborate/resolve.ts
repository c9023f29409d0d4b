// dsl/elaborate/resolve.ts: resolve a qualified name (`pwm8`, `pcm.hermes`, `lib.adcs.sar8`).
import type * as A from '../ast.js';
import { CATEGORIES, type Category } from '../ast.js';
import { DEFAULT_KIND, kindsOf } from '../schema/index.js';
import type { Ctx } from './context.js';
import { unknownName } from './evaluate.js';
import { KIND_ENTITIES } from './members.js';
import type { Entity, Scope } from './scope.js';
import { didYouMean } from './suggest.js';
import { describeEntity } from './values.js';

export interface ResolveOptions {
  /** A one-part name that is a built-in kind resolves to the kind even if a scope shadows it. */
  preferKinds?: boolean;
}

export function resolveQualified(q: A.QualifiedName, scope: Scope, cx: Ctx, opts: ResolveOptions = {}): Entity | null {
  const [first, ...rest] = q.parts;
  // A category keyword used as a type (`digital post { ... }`) means its single kind.
  const byCategory = DEFAULT_KIND[first!.name as Category];
  const kind = KIND_ENTITIES.get(byCategory ?? first!.name);
  if (rest.length === 0 && byCategory && kind) return kind;
  if (rest.length === 0 && (CATEGORIES as readonly string[]).includes(first!.name)) {
    const cat = first!.name as Category;
    cx.report('E2009', `\`${cat}\` has several kinds; name one, or a declared ${cat}`, first!.span, {
      notes: [`the ${cat} kinds are ${kindsOf(cat).map((k) => `\`${k}\``).join(', ')}`],
      help: `for example \`${kindsOf(cat)[0]} ${cat === 'dac' ? 'dacs' : 'x'}[4];\``,
    });
    return null;
  }
  if (rest.length === 0 && kind && opts.preferKinds) return kind;
  let cur: Entity | undefined = scope.lookupType(first!.name) ?? kind;
  if (!cur) {
    const candidates = [...scope.visible(), ...KIND_ENTITIES.keys()];
    unknownName(first!.name, first!.span, candidates, cx, 'type');
    return null;
  }
  for (const part of rest) {
    if (cur.k !== 'namespace') {
      cx.report('E2021', `${describeEntity(cur)} has no member \`${part.name}\``, part.span, {
        notes: ['only namespaces contain names'],
      });
      return null;
    }
    const next: Entity | undefined = cur.scope.own(part.name);
    if (!next) {
      cx.report('E2021', `the namespace \`${cur.name}\` has no member \`${part.name}\``, part.span, {
        label: 'not in this namespace',
        help: didYouMean(part.name, cur.scope.entries().map(([n]) => n)),
      });
      return null;
    }
    if ('used' in next) next.used = true;
    cur = next;
  }
  return cur;
}
