import {
  DateTime,
  Decimal,
  Duration,
  Geometry,
  RecordId,
  Uuid,
} from 'surrealdb';
import type { FieldDefinition, ModelClass } from './field-types.js';
import {
  DOCUMENT_BRAND,
  getModelMetadata,
  resolveModel,
} from './model-metadata.js';

/** Turns a record fetched through a reference into a document of `model`. */
export type HydrateReference = (
  model: ModelClass,
  record: Record<string, unknown>,
) => unknown;

/** The record id a reference value stands for, in the referenced model's table. */
export function referenceId(
  field: FieldDefinition,
  value: unknown,
  where: string,
): unknown {
  if (value instanceof RecordId) return value;
  if (typeof value === 'object' && value !== null && DOCUMENT_BRAND in value) {
    return (value as { id?: unknown }).id;
  }
  if (typeof value === 'string' || typeof value === 'number') {
    // A string is the id part, never parsed: 'users:admin' stays the id "users:admin".
    return new RecordId(
      getModelMetadata(resolveModel(field.model!, where)).collection,
      value,
    );
  }
  return value;
}

/**
 * Converts a valid model value to what the SDK sends: `Date` to `DateTime`, uuid strings to `Uuid`, documents to
 * record links, GeoJSON to `Geometry`. `null` becomes `undefined` (NONE), which is how SurrealDB stores "no value".
 */
export function toDatabase(
  field: FieldDefinition,
  value: unknown,
  where = field.name,
): unknown {
  if (value === undefined || value === null) return undefined;
  switch (field.kind) {
    case 'datetime':
      return value instanceof DateTime
        ? value
        : new DateTime(
            value instanceof Date ? value : new Date(value as string),
          );
    case 'decimal':
      return value instanceof Decimal ? value : new Decimal(value as string);
    case 'duration':
      return value instanceof Duration ? value : new Duration(value as string);
    case 'uuid':
      return value instanceof Uuid ? value : new Uuid(value as string);
    case 'reference':
      return referenceId(field, value, where);
    case 'geometry':
      return value instanceof Geometry
        ? value
        : Geometry.fromJSON(value as never);
    case 'list': {
      const item = field.item;
      return item && Array.isArray(value)
        ? value.map((entry, index) =>
            toDatabase(item, entry, `${where}[${index}]`),
          )
        : value;
    }
    default:
      return value;
  }
}

/** Converts what the SDK returned back to the model's value types (`DateTime` to `Date`, `Uuid` to string, ...). */
export function fromDatabase(
  field: FieldDefinition,
  value: unknown,
  hydrate: HydrateReference,
): unknown {
  if (value === undefined || value === null) return undefined;
  switch (field.kind) {
    case 'datetime':
      return value instanceof DateTime ? value.toDate() : value;
    case 'uuid':
      return value instanceof Uuid ? value.toString() : value;
    case 'reference':
      if (
        typeof value === 'object' &&
        !(value instanceof RecordId) &&
        'id' in value
      ) {
        return hydrate(
          resolveModel(field.model!, field.name),
          value as Record<string, unknown>,
        );
      }
      return value;
    case 'list': {
      const item = field.item;
      return item && Array.isArray(value)
        ? value.map((entry) => fromDatabase(item, entry, hydrate))
        : value;
    }
    default:
      return value;
  }
}
