import type { RecordId } from 'surrealdb';
import type { Aggregate, AggregateOp } from './aggregates.js';
import type { Expression } from './expressions.js';
import type { FieldPath } from './query-types.js';

type IsAny<T> = 0 extends 1 & T ? true : false;
type Element<V> = V extends readonly (infer E)[] ? E : V;

/** The value type at a field path of `T`: the field's type for a top-level field, `unknown` deeper. */
export type PathValue<T, P> =
  IsAny<T> extends true
    ? any
    : P extends 'id'
      ? RecordId
      : P extends keyof T
        ? NonNullable<T[P]>
        : unknown;

/** What a field path or an expression reads, for a result type. */
export type InputValue<T, In> =
  In extends Expression<infer R, string>
    ? R
    : In extends string
      ? PathValue<T, In>
      : unknown;

/** The value one aggregate gives. */
export type AggregateValue<T, A> =
  A extends Aggregate<infer Op, infer In>
    ? Op extends 'count'
      ? number
      : Op extends 'sum'
        ? InputValue<T, In>
        : Op extends 'avg'
          ? number | null
          : Op extends 'min' | 'max'
            ? InputValue<T, In> | null
            : Op extends 'distinct'
              ? Element<InputValue<T, In>>[]
              : never
    : never;

/** A field path of `T` or an expression over one: what the aggregates and `values()` read. */
export type AggregateInput<T> =
  FieldPath<T> | Expression<any, FieldPath<T> & string>;

/** What `aggregate()` takes: result names mapped to aggregates over the model's fields. */
export type AggregateSpec<T = any> = Record<
  string,
  Aggregate<AggregateOp, AggregateInput<T>> | Aggregate<'count', never>
>;

/** One row of `aggregate()`: a value per aggregate. */
export type AggregateRow<T, A> = { [K in keyof A]: AggregateValue<T, A[K]> };

/** The group keys of a row of `groupBy(...).aggregate()`; a document without the field gives no key. */
export type GroupRow<T, K extends string> = {
  [P in K]?: PathValue<T, P>;
};

/** What `values()` takes after the field names: result names mapped to expressions. */
export type ExpressionSpec<T = any> = Record<
  string,
  Expression<any, FieldPath<T> & string>
>;

/** One row of `values()`: the named fields (absent when a document has none) and the expressions' values. */
export type ValuesRow<T, K extends string, E = {}> = {
  [P in K]?: PathValue<T, P>;
} & { [N in keyof E]?: InputValue<T, E[N]> };

/** One value of `distinct()`: a list field's item type, else the field's type. */
export type DistinctValue<T, P> = Element<PathValue<T, P>>;
