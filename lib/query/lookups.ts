import type { FieldDefinition } from '../model/field-types.js';
import { fieldKindOf } from '../model/fields/field-kind.registry.js';
import { escapeIdentifier, isSafeIdentifier } from '../model/identifier.js';
import { modelIndexes } from '../model/model-indexes.js';
import {
  getModelMetadata,
  resolveModel,
  type ModelMetadata,
} from '../model/model-metadata.js';
import { ID_SET, type StartSet } from '../graph/graph-path.js';
import { parseRecordIdInput } from '../model/record-id-input.js';
import { InvalidQueryError } from './query.errors.js';

/** The lookups `filter()` understands after `__`, as in SurrealEngine (`age__gt`, `name__startswith`, ...). */
export const LOOKUPS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'contains',
  'containsany',
  'containsall',
  'containsnone',
  'startswith',
  'endswith',
  'exists',
  'search',
] as const;

/** One of `LOOKUPS`. */
export type Lookup = (typeof LOOKUPS)[number];

const LOOKUP_SET = new Set<string>(LOOKUPS);
const COMPARISONS: Partial<Record<Lookup, string>> = {
  eq: '=',
  ne: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};
const SET_OPERATORS: Partial<Record<Lookup, string>> = {
  in: 'IN',
  nin: 'NOT IN',
  containsany: 'CONTAINSANY',
  containsall: 'CONTAINSALL',
  containsnone: 'CONTAINSNONE',
};

/** Turns a value into a bound parameter name (`$p0`, ...). */
export type Bind = (value: unknown) => string;

/** @internal One compiled lookup: SurrealQL text whose values go through `bind`. */
export type Clause = (bind: Bind) => string;

/** A field path checked against the model: its SurrealQL form and, when known, the field at its end. */
export interface ResolvedPath {
  /** Escaped SurrealQL path, e.g. `address.city`. */
  readonly surql: string;
  /** The path as the caller wrote it, for messages. */
  readonly display: string;
  /** The declared field at the end of the path; undefined inside a `DictField`. */
  readonly field?: FieldDefinition;
  /** True for the record id. */
  readonly isId: boolean;
  /** Metadata of the model the last segment belongs to. */
  readonly owner: ModelMetadata;
}

function unknownField(
  metadata: ModelMetadata,
  display: string,
  segment: string,
): never {
  const names = ['id', ...metadata.fields.keys()].join(', ');
  throw new InvalidQueryError(
    `${metadata.name}: "${display}": "${segment}" is not a field of ${metadata.name} (fields: ${names}); lookups are ${LOOKUPS.join(', ')}`,
  );
}

/**
 * Checks a `__`-separated path (`address__city`, `author__name`) against the model: the first segment must be a
 * field (or `id`); later ones must be fields of a referenced model, or any key inside a `DictField`.
 */
export function resolvePath(
  metadata: ModelMetadata,
  segments: string[],
  display: string,
): ResolvedPath {
  if (!segments.length || segments.some((segment) => segment === '')) {
    throw new InvalidQueryError(
      `${metadata.name}: "${display}" is not a valid field path`,
    );
  }
  const parts: string[] = [];
  let owner = metadata;
  let field: FieldDefinition | undefined;
  let isId = false;
  let free = false;
  for (const segment of segments) {
    if (free) {
      if (!isSafeIdentifier(segment)) {
        throw new InvalidQueryError(
          `${metadata.name}: "${display}": key ${JSON.stringify(segment).slice(0, 60)} cannot be used in a path (no ⟨, ⟩, \\, backticks or control characters)`,
        );
      }
      parts.push(escapeIdentifier(segment, metadata.name));
      continue;
    }
    if (field !== undefined || isId) {
      // Step into the previous field.
      let container: FieldDefinition | undefined = field;
      if (container?.item) container = container.item;
      const step = container && fieldKindOf(container).pathStep;
      if (step === 'free') {
        free = true;
        field = undefined;
        if (!isSafeIdentifier(segment)) {
          throw new InvalidQueryError(
            `${metadata.name}: "${display}": key ${JSON.stringify(segment).slice(0, 60)} cannot be used in a path (no ⟨, ⟩, \\, backticks or control characters)`,
          );
        }
        parts.push(escapeIdentifier(segment, metadata.name));
        continue;
      }
      if (step === 'reference') {
        owner = getModelMetadata(
          resolveModel(container!.model!, `${owner.name}.${container!.name}`),
        );
      } else {
        throw new InvalidQueryError(
          `${metadata.name}: "${display}": "${segment}" is not a lookup (${LOOKUPS.join(', ')}), and ${owner.name}.${isId ? 'id' : field!.name} has no sub-fields`,
        );
      }
    }
    if (segment === 'id') {
      isId = true;
      field = undefined;
      parts.push('id');
      continue;
    }
    const next = owner.fields.get(segment);
    if (!next) unknownField(owner, display, segment);
    field = next;
    isId = false;
    parts.push(escapeIdentifier(segment, owner.name));
  }
  return {
    surql: parts.join('.'),
    display,
    field: free ? undefined : field,
    isId,
    owner,
  };
}

/** Splits a filter key into its path and lookup: `age__gt` -> (`age`, `gt`); `name` -> (`name`, `eq`). */
export function parseFilterKey(key: string): {
  segments: string[];
  lookup: Lookup;
} {
  const segments = key.split('__');
  const last = segments[segments.length - 1];
  if (segments.length > 1 && LOOKUP_SET.has(last)) {
    return { segments: segments.slice(0, -1), lookup: last as Lookup };
  }
  return { segments, lookup: 'eq' };
}

// Converts a filter value the way a saved value would be, so `uuid`, `datetime` and reference comparisons match.
// A value of the wrong type is bound as it is: it is still a parameter, it just matches nothing.
function convert(
  path: ResolvedPath,
  field: FieldDefinition | undefined,
  value: unknown,
): unknown {
  if (path.isId && field === undefined) {
    if (typeof value === 'string' || typeof value === 'number') {
      // The one id rule (record-id-input.ts), as findById: 'users:x' on users is users:x.
      return parseRecordIdInput(
        path.owner.collection,
        value,
        `${path.owner.name}.id`,
      );
    }
    return value;
  }
  if (!field || value === null || value === undefined) return value;
  return fieldKindOf(field).lookupValue(value, field);
}

// A query set passed as a value (`id__in: following`) stands for the record ids it selects.
function idSetSource(value: unknown): ((bind: Bind) => string) | undefined {
  const source = value as { [ID_SET]?: (bind: Bind) => StartSet } | null;
  if (typeof source !== 'object' || source === null) return undefined;
  const idSet = source[ID_SET];
  if (typeof idSet !== 'function') return undefined;
  return (bind) => {
    const set = idSet.call(source, bind);
    return set.single ? `[${set.expression}]` : set.expression;
  };
}

/** Compiles one `key: value` filter entry to a SurrealQL condition; `bind` turns values into parameters. */
export function compileLookup(
  metadata: ModelMetadata,
  key: string,
  value: unknown,
): Clause {
  const { segments, lookup } = parseFilterKey(key);
  const path = resolvePath(metadata, segments, key);
  const field = path.field;
  const item = field?.item ?? field;
  const where = `${metadata.name}: filter "${key}"`;
  const comparison = COMPARISONS[lookup];
  if (comparison) {
    if (value === null && field?.options.nullable) {
      if (lookup === 'eq' || lookup === 'ne') {
        // A nullable field stores null as NULL, which SurrealDB 3 tells apart from NONE.
        return () => `${path.surql} ${comparison} NULL`;
      }
    }
    if (value === undefined || value === null) {
      if (lookup !== 'eq' && lookup !== 'ne') {
        throw new InvalidQueryError(
          `${where}: cannot compare with ${String(value)}; use ${path.display}__exists`,
        );
      }
      return () => `${path.surql} ${comparison} NONE`;
    }
    const converted = convert(path, field, value);
    if (lookup === 'lt' || lookup === 'lte') {
      // NONE and NULL sort below every value; a missing field is not "less than" anything.
      return (bind) =>
        `(${path.surql} != NONE AND ${path.surql} != NULL AND ${path.surql} ${comparison} ${bind(converted)})`;
    }
    return (bind) => `${path.surql} ${comparison} ${bind(converted)}`;
  }
  const setOperator = SET_OPERATORS[lookup];
  if (setOperator && (lookup === 'in' || lookup === 'nin')) {
    const ids = idSetSource(value);
    // `id__in: querySet`: the ids another query set selects (a traversal, a filter), as one subquery.
    if (ids) return (bind) => `${path.surql} ${setOperator} ${ids(bind)}`;
  }
  if (setOperator) {
    if (!Array.isArray(value)) {
      throw new InvalidQueryError(
        `${where}: "${lookup}" takes an array of values`,
      );
    }
    const element = lookup === 'in' || lookup === 'nin' ? field : item;
    const converted = value.map((entry) => convert(path, element, entry));
    return (bind) => `${path.surql} ${setOperator} ${bind(converted)}`;
  }
  switch (lookup) {
    case 'contains': {
      const converted = field?.item ? convert(path, item, value) : value;
      return (bind) => `${path.surql} CONTAINS ${bind(converted)}`;
    }
    case 'startswith':
    case 'endswith': {
      if (typeof value !== 'string') {
        throw new InvalidQueryError(`${where}: "${lookup}" takes a string`);
      }
      if (field && !fieldKindOf(field).textual) {
        throw new InvalidQueryError(
          `${where}: "${lookup}" applies to text fields, and ${field.name} is ${field.kind}`,
        );
      }
      const fn =
        lookup === 'startswith' ? 'string::starts_with' : 'string::ends_with';
      // The type guard keeps documents without the field from failing the whole query.
      return (bind) =>
        `(type::is_string(${path.surql}) AND ${fn}(${path.surql}, ${bind(value)}))`;
    }
    case 'search': {
      // `@@` needs a full-text index on the field: without one SurrealDB 3.0 answers nothing, and `@@ NONE` everything.
      if (typeof value !== 'string' || !value.trim()) {
        throw new InvalidQueryError(
          `${where}: "search" takes words to find, a non-empty string`,
        );
      }
      const indexed =
        field !== undefined &&
        path.owner === metadata &&
        segments.length === 1 &&
        modelIndexes(metadata).some(
          (index) => index.kind === 'search' && index.fields[0] === field.name,
        );
      if (!indexed) {
        throw new InvalidQueryError(
          `${where}: "search" needs a full-text index on ${path.display}: declare { fields: ['${path.display}'], search: true } in ${metadata.name}.meta.indexes (or index: { search: true } on the field) and run syncSchema()`,
        );
      }
      return (bind) => `${path.surql} @@ ${bind(value)}`;
    }
    case 'exists': {
      if (typeof value !== 'boolean') {
        throw new InvalidQueryError(`${where}: "exists" takes true or false`);
      }
      return () => `${path.surql} ${value ? '!=' : '='} NONE`;
    }
    default:
      throw new InvalidQueryError(
        `${where}: unknown lookup "${String(lookup)}"`,
      );
  }
}
