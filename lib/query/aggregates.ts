import type { Expression } from './expressions.js';

/** The aggregate functions `aggregate()` takes. */
export type AggregateOp = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'distinct';

/**
 * One value computed over the documents of a group (or of the whole query): `count()`, `avg('age')`. `In` is the
 * field path or expression it reads, checked against the model when `aggregate()` runs.
 */
export class Aggregate<Op extends AggregateOp = AggregateOp, In = unknown> {
  /** @internal Only for the result type. */
  declare readonly __input?: In;

  /** @internal Use `count`, `sum`, `avg`, `min`, `max` or `distinct`. */
  constructor(
    readonly op: Op,
    readonly input?: In,
  ) {}
}

type Input = string | Expression<any, string>;

/** How many documents (`count()`), or how many have a value in `field` (`count('email')`). */
export function count(): Aggregate<'count', never>;
export function count<F extends Input>(field: F): Aggregate<'count', F>;
export function count(field?: Input): Aggregate<'count', Input> {
  return new Aggregate('count', field);
}

/** The sum of a number field (`math::sum`); 0 over no documents. */
export const sum = <F extends Input>(field: F): Aggregate<'sum', F> =>
  new Aggregate('sum', field);

/** The mean of a number field (`math::mean`); `null` when no document has a value. */
export const avg = <F extends Input>(field: F): Aggregate<'avg', F> =>
  new Aggregate('avg', field);

/** The smallest value of a number or datetime field; `null` when no document has a value. */
export const min = <F extends Input>(field: F): Aggregate<'min', F> =>
  new Aggregate('min', field);

/** The largest value of a number or datetime field; `null` when no document has a value. */
export const max = <F extends Input>(field: F): Aggregate<'max', F> =>
  new Aggregate('max', field);

/** The distinct values of a (non-list) field within the group (`array::distinct`), missing values left out. */
export const distinct = <F extends Input>(field: F): Aggregate<'distinct', F> =>
  new Aggregate('distinct', field);
