import type { Document } from '../model/document.js';
import type { Lookup } from './lookups.js';

type IsAny<T> = 0 extends 1 & T ? true : false;
type Scalar = string | number | boolean | bigint | symbol | Date;
type Element<V> = V extends readonly (infer E)[] ? E : V;

/** The field names of a model type: its own non-method properties, `Document`'s members left out. */
export type FieldName<T> = {
  [K in keyof T]-?: K extends keyof Document
    ? never
    : K extends string
      ? T[K] extends (...args: any[]) => any
        ? never
        : K
      : never;
}[keyof T];

// Fields holding objects (dicts, references, lists of them) continue with `__key`; scalars do not.
type NestedPath<T> = {
  [K in FieldName<T>]: [Exclude<Element<NonNullable<T[K]>>, Scalar>] extends [
    never,
  ]
    ? never
    : `${K}__${string}`;
}[FieldName<T>];

/** A field path of a model, as `filter()` and `orderBy()` take it: `age`, `address__city`, `author__name`, `id`. */
export type FieldPath<T> =
  IsAny<T> extends true ? string : 'id' | FieldName<T> | NestedPath<T>;

/** A `filter()` key: a field path, optionally followed by `__` and a lookup (`age__gt`). */
export type FilterKey<T> =
  IsAny<T> extends true
    ? string
    : FieldPath<T> | `${'id' | FieldName<T>}__${Lookup}`;

/**
 * Filter conditions: `{ age__gt: 18, name__startswith: 'A', address__city: 'Paris' }`, all of which must hold.
 * On a typed query set (`User.query()`) the keys are checked against the model at compile time.
 */
export type Filter<T = any> =
  IsAny<T> extends true
    ? Record<string, unknown>
    : { [K in FilterKey<T>]?: unknown };

/** An `orderBy()` key: a field path, `-` in front for descending. */
export type OrderKey<T = any> =
  IsAny<T> extends true
    ? string
    : FieldPath<T> | `-${FieldPath<T>}` | `+${FieldPath<T>}`;

/** A top-level field name for `only()`, `omit()` and `fetch()`. */
export type TopField<T = any> =
  IsAny<T> extends true ? string : 'id' | FieldName<T>;
