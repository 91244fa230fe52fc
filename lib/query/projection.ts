import { hydrate } from '../model/document-hydrator.js';
import { fromDatabase } from '../model/field-codecs.js';
import type { FieldDefinition } from '../model/field-types.js';
import { escapeIdentifier, isSafeIdentifier } from '../model/identifier.js';
import type { ModelMetadata } from '../model/model-metadata.js';
import { Aggregate } from './aggregates.js';
import {
  Expression,
  resolveField,
  resolveInput,
  type ResolvedInput,
} from './expressions.js';
import { InvalidQueryError } from './query.errors.js';

/** @internal One `expression AS alias` of a computed SELECT, checked against the model. */
export interface ProjectionTerm {
  /** Key of the result row, as the caller named it. */
  readonly key: string;
  /** Escaped alias. */
  readonly alias: string;
  /** Checked SurrealQL; it holds no values (fields and fixed functions only). */
  readonly surql: string;
  /** Turns what the database returned into the model's value type. */
  readonly convert: (value: unknown) => unknown;
  /** The value when no document matched (an aggregate over no documents). */
  readonly empty?: unknown;
}

const asIs = (value: unknown): unknown => value;

// Over no values SurrealDB's mean is NaN and its max -Infinity: there is no such value, which is null.
const orNull = (value: unknown): unknown =>
  value === undefined ||
  value === null ||
  (typeof value === 'number' && !Number.isFinite(value))
    ? null
    : value;

/** @internal Converts database values of `field` to model values; values pass as they are without a field. */
export function valueConverter(
  field: FieldDefinition | undefined,
): (value: unknown) => unknown {
  if (!field) return asIs;
  return (value) =>
    fromDatabase(field, value, (model, record) => hydrate(model, record));
}

function alias(metadata: ModelMetadata, key: string, where: string): string {
  if (!isSafeIdentifier(key)) {
    throw new InvalidQueryError(
      `${metadata.name}: ${where}: result name ${JSON.stringify(key).slice(0, 60)} cannot be used (1 to 256 characters without ⟨, ⟩, \\, backticks or control characters)`,
    );
  }
  return escapeIdentifier(key, metadata.name);
}

/** @internal A `groupBy()`/`values()` field: the row key is the path as written (`address__city`). */
export function fieldTerm(
  metadata: ModelMetadata,
  path: unknown,
  where: string,
): ProjectionTerm {
  const input = resolveField(metadata, path, where);
  return {
    key: input.display,
    alias: alias(metadata, input.display, where),
    surql: input.surql,
    convert: valueConverter(input.field),
  };
}

/** @internal A named expression of `values()`. */
export function expressionTerm(
  metadata: ModelMetadata,
  key: string,
  expression: unknown,
  where: string,
): ProjectionTerm {
  if (!(expression instanceof Expression)) {
    throw new InvalidQueryError(
      `${metadata.name}: ${where}: "${key}" must be an expression such as lower('name') or length('tags')`,
    );
  }
  const input = resolveInput(metadata, expression, `${where} "${key}"`);
  return {
    key,
    alias: alias(metadata, key, where),
    surql: input.surql,
    convert: asIs,
  };
}

function needs(
  metadata: ModelMetadata,
  input: ResolvedInput,
  what: string,
  sorts: readonly string[],
  message: string,
): void {
  if (input.sort !== 'any' && !sorts.includes(input.sort)) {
    throw new InvalidQueryError(
      `${metadata.name}: ${what}: ${input.display} is ${input.field?.kind ?? (input.sort === 'other' ? 'the record id' : input.sort)}; ${message}`,
    );
  }
}

/** @internal One named aggregate of `aggregate()`, checked against the model. */
export function aggregateTerm(
  metadata: ModelMetadata,
  key: string,
  aggregate: unknown,
): ProjectionTerm {
  const where = `aggregate() "${key}"`;
  if (!(aggregate instanceof Aggregate)) {
    throw new InvalidQueryError(
      `${metadata.name}: ${where} must be count(), sum(), avg(), min(), max() or distinct()`,
    );
  }
  const name = alias(metadata, key, 'aggregate()');
  const what = `${where}: ${String(aggregate.op)}()`;
  if (aggregate.op === 'count' && aggregate.input === undefined) {
    return { key, alias: name, surql: 'count()', convert: asIs, empty: 0 };
  }
  const input = resolveInput(metadata, aggregate.input, what);
  const { surql } = input;
  const convert = valueConverter(input.field);
  switch (aggregate.op) {
    case 'count':
      // count(x) counts truthy values (0 and '' are not counted): count presence instead.
      return {
        key,
        alias: name,
        surql: `count(${surql} != NONE AND ${surql} != NULL)`,
        convert: asIs,
        empty: 0,
      };
    case 'sum':
    case 'avg':
      needs(
        metadata,
        input,
        what,
        ['number'],
        'sum() and avg() take number fields (int, float, decimal) or length()',
      );
      return {
        key,
        alias: name,
        surql: `${aggregate.op === 'sum' ? 'math::sum' : 'math::mean'}(${surql})`,
        convert: aggregate.op === 'sum' ? convert : orNull,
        empty: aggregate.op === 'sum' ? 0 : null,
      };
    case 'min':
    case 'max': {
      // math::min/max answer NONE for datetimes (and strings): datetimes have their own.
      needs(
        metadata,
        input,
        what,
        ['number', 'date'],
        'min() and max() take number or datetime fields',
      );
      const family = input.sort === 'date' ? 'time' : 'math';
      return {
        key,
        alias: name,
        surql: `${family}::${aggregate.op}(${surql})`,
        convert: (value) => {
          const found = orNull(value);
          return found === null ? null : convert(found);
        },
        empty: null,
      };
    }
    case 'distinct':
      // Per group the values of a list field cannot be flattened (SurrealDB refuses nested aggregates).
      needs(
        metadata,
        input,
        what,
        ['number', 'date', 'text', 'other'],
        "use the query set's distinct() for list fields",
      );
      return {
        key,
        alias: name,
        surql: `array::complement(array::distinct(${surql}), [NONE, NULL])`,
        convert: (value) => (Array.isArray(value) ? value.map(convert) : []),
        empty: [],
      };
    default:
      throw new InvalidQueryError(
        `${metadata.name}: ${where}: unknown aggregate ${JSON.stringify(String(aggregate.op)).slice(0, 40)}`,
      );
  }
}

/** @internal Refuses two terms with one row key (`groupBy('role')` and an aggregate named `role`). */
export function checkUniqueKeys(
  metadata: ModelMetadata,
  terms: readonly ProjectionTerm[],
  where: string,
): void {
  const seen = new Set<string>();
  for (const term of terms) {
    if (seen.has(term.key)) {
      throw new InvalidQueryError(
        `${metadata.name}: ${where}: "${term.key}" is named twice; give each value its own name`,
      );
    }
    seen.add(term.key);
  }
}

/** @internal A result row converted to model values, keyed as the caller named them. */
export function convertRow(
  terms: readonly ProjectionTerm[],
  row: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const term of terms) {
    const value = row[term.key];
    if (value !== undefined) result[term.key] = term.convert(value);
    else if (term.empty !== undefined) result[term.key] = term.empty;
  }
  return result;
}
