import type { FieldDefinition } from '../model/field-types.js';
import { fieldKindOf } from '../model/fields/field-kind.registry.js';
import type { ModelMetadata } from '../model/model-metadata.js';
import { resolvePath } from './lookups.js';
import { InvalidQueryError } from './query.errors.js';

/** The computed values `values()` and the aggregates can take besides a plain field. */
export type ExpressionOp = 'lower' | 'upper' | 'length';

/**
 * A value computed from a field, for `values()` and the aggregates: `lower('name')`, `length('tags')`. `R` is the
 * value's type, `F` the field path it reads (checked against the model). There is no way to pass SurrealQL text.
 */
export class Expression<R = unknown, F extends string = string> {
  /** @internal Only for the result type. */
  declare readonly __result?: R;

  /** @internal Use `lower`, `upper` or `length`. */
  constructor(
    readonly op: ExpressionOp,
    readonly field: F,
  ) {}
}

/** A field in lower case (`string::lowercase`); documents without a string there give nothing. */
export const lower = <F extends string>(field: F): Expression<string, F> =>
  new Expression('lower', field);

/** A field in upper case (`string::uppercase`). */
export const upper = <F extends string>(field: F): Expression<string, F> =>
  new Expression('upper', field);

/** The length of a text or list field (`string::len` / `array::len`). */
export const length = <F extends string>(field: F): Expression<number, F> =>
  new Expression('length', field);

/** @internal What a field or expression is, for the aggregates' checks. */
export type ValueSort = 'number' | 'date' | 'text' | 'list' | 'other' | 'any';

/** @internal A field or expression checked against the model: its SurrealQL and what it holds. */
export interface ResolvedInput {
  readonly surql: string;
  readonly sort: ValueSort;
  /** The field read, when its values convert back to model values (`datetime` -> `Date`). */
  readonly field?: FieldDefinition;
  /** How the caller wrote it, for messages: `age`, `lower(name)`. */
  readonly display: string;
}

function sortOf(field: FieldDefinition | undefined, isId: boolean): ValueSort {
  if (isId) return 'other';
  if (!field) return 'any';
  if (field.kind === 'list') return 'list';
  const handler = fieldKindOf(field);
  if (handler.textual) return 'text';
  if (handler.bounds === 'number') return 'number';
  if (handler.bounds === 'date') return 'date';
  return 'other';
}

/** @internal Checks a field path (`address__city`) and returns its SurrealQL. */
export function resolveField(
  metadata: ModelMetadata,
  path: unknown,
  where: string,
): ResolvedInput {
  if (typeof path !== 'string') {
    throw new InvalidQueryError(
      `${metadata.name}: ${where} takes a field name such as 'age' or an expression such as lower('name'), got ${path === null ? 'null' : typeof path}`,
    );
  }
  const resolved = resolvePath(metadata, path.split('__'), path);
  return {
    surql: resolved.surql,
    sort: sortOf(resolved.field, resolved.isId),
    field: resolved.field,
    display: path,
  };
}

// SurrealDB fails the whole query when a string function meets NONE, so each expression checks the type first.
const GUARDED: Record<ExpressionOp, (path: string) => string> = {
  lower: (path) =>
    `(IF type::is_string(${path}) THEN string::lowercase(${path}) END)`,
  upper: (path) =>
    `(IF type::is_string(${path}) THEN string::uppercase(${path}) END)`,
  length: (path) =>
    `(IF type::is_string(${path}) THEN string::len(${path}) ELSE IF type::is_array(${path}) THEN array::len(${path}) END)`,
};

/** @internal Checks a field name or an `Expression` against the model. */
export function resolveInput(
  metadata: ModelMetadata,
  input: unknown,
  where: string,
): ResolvedInput {
  if (!(input instanceof Expression))
    return resolveField(metadata, input, where);
  const op: unknown = input.op;
  if (typeof op !== 'string' || !Object.hasOwn(GUARDED, op)) {
    throw new InvalidQueryError(
      `${metadata.name}: ${where}: unknown expression ${JSON.stringify(String(op)).slice(0, 40)}; use lower(), upper() or length()`,
    );
  }
  const display = `${op}(${String(input.field)})`;
  const target = resolveField(metadata, input.field, `${where}: ${op}()`);
  const textual = target.sort === 'text' || target.sort === 'any';
  if (op === 'length' ? !textual && target.sort !== 'list' : !textual) {
    throw new InvalidQueryError(
      `${metadata.name}: ${where}: ${display}: ${target.display} is ${target.field?.kind ?? 'the record id'}; ${op}() applies to ${op === 'length' ? 'text and list' : 'text'} fields`,
    );
  }
  return {
    surql: GUARDED[input.op](target.surql),
    sort: op === 'length' ? 'number' : 'text',
    display,
  };
}
