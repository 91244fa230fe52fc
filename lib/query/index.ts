export {
  AggregateQuery,
  GroupedQuerySet,
  type AggregateOrderKey,
} from './aggregate-query.js';
export type {
  AggregateInput,
  AggregateRow,
  AggregateSpec,
  AggregateValue,
  DistinctValue,
  ExpressionSpec,
  GroupRow,
  InputValue,
  PathValue,
  ValuesRow,
} from './aggregate-types.js';
export {
  Aggregate,
  avg,
  count,
  distinct,
  max,
  min,
  sum,
  type AggregateOp,
} from './aggregates.js';
export {
  Expression,
  length,
  lower,
  upper,
  type ExpressionOp,
} from './expressions.js';
export type { NearestOptions } from './nearest.js';
export {
  and,
  Condition,
  not,
  or,
  Q,
  type Criteria,
  type QFunction,
} from './condition.js';
export { MAX_FETCH_DEPTH, type FetchOptions } from './fetch-paths.js';
export { LOOKUPS, type Lookup } from './lookups.js';
export type { CompiledQuery } from './query-compiler.js';
export { QuerySet, type Page } from './query-set.js';
export type {
  FieldName,
  FieldPath,
  Filter,
  FilterKey,
  OrderKey,
  TopField,
} from './query-types.js';
export * from './query.errors.js';
