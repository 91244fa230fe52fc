import type { Filter } from './query-types.js';

/** @internal A condition as the caller wrote it, before it is checked against a model. */
export type CriteriaNode =
  | {
      readonly type: 'filter';
      readonly filter: Readonly<Record<string, unknown>>;
    }
  | { readonly type: 'and' | 'or'; readonly children: readonly CriteriaNode[] }
  | { readonly type: 'not'; readonly child: CriteriaNode };

/** What `filter()`, `exclude()` and `live()` take: a lookup object, or a condition built with `Q`, `and`, `or`, `not`. */
export type Criteria<T = any> = Filter<T> | Condition<T>;

function nodeOf(criteria: Criteria): CriteriaNode {
  return criteria instanceof Condition
    ? criteria.node
    : { type: 'filter', filter: criteria as Record<string, unknown> };
}

// `or(or(a, b), c)` is built as `or(a, b, c)`, so a long `.or()` chain stays one flat group.
function group(type: 'and' | 'or', conditions: Criteria[]): CriteriaNode {
  const children = conditions
    .map(nodeOf)
    .flatMap((child) => (child.type === type ? child.children : [child]));
  return { type, children };
}

/**
 * A composable filter condition (SurrealEngine's `Q`): `Q({ age__gt: 18 }).or({ role: 'admin' })`,
 * `Q.not({ active: false })`. Nest it to any depth; every value is still a bound parameter.
 */
export class Condition<T = any> {
  /** @internal */
  constructor(readonly node: CriteriaNode) {}

  /** This condition and every one of `others`. */
  and(...others: Criteria<T>[]): Condition<T> {
    return and<T>(this, ...others);
  }

  /** This condition or any of `others`. */
  or(...others: Criteria<T>[]): Condition<T> {
    return or<T>(this, ...others);
  }

  /** The negation of this condition. */
  not(): Condition<T> {
    return not<T>(this);
  }
}

/** Every one of the conditions holds (`Q(a) & Q(b)`). */
export function and<T = any>(...conditions: Criteria<T>[]): Condition<T> {
  return new Condition(group('and', conditions));
}

/** At least one of the conditions holds (`Q(a) | Q(b)`); `or()` of nothing matches nothing. */
export function or<T = any>(...conditions: Criteria<T>[]): Condition<T> {
  return new Condition(group('or', conditions));
}

/** The condition does not hold (`~Q(a)`); a lookup object means "not all of these". */
export function not<T = any>(condition: Criteria<T>): Condition<T> {
  return new Condition({ type: 'not', child: nodeOf(condition) });
}

/** Builds conditions: `Q(filter)`, plus `Q.and`, `Q.or`, `Q.not`. */
export interface QFunction {
  <T = any>(filter: Filter<T>): Condition<T>;
  and: typeof and;
  or: typeof or;
  not: typeof not;
}

/** SurrealEngine's `Q`: `Q({ age__gt: 18 }).or(Q({ role: 'admin' }))`, `Q.not({ role: 'admin' })`. */
export const Q: QFunction = Object.assign(
  <T = any>(filter: Filter<T>): Condition<T> =>
    new Condition<T>(nodeOf(filter)),
  { and, or, not },
);
