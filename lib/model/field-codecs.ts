import type { FieldDefinition } from './field-types.js';
import type { HydrateReference } from './fields/field-kind.js';
import { fieldKindOf } from './fields/field-kind.registry.js';

/**
 * Converts a valid model value to what the SDK sends: `Date` to `DateTime`, uuid strings to `Uuid`, documents to
 * record links, GeoJSON to `Geometry`. `null` becomes `undefined` (NONE), which is how SurrealDB stores "no value",
 * unless the field is `nullable` (then it is NULL).
 */
export function toDatabase(
  field: FieldDefinition,
  value: unknown,
  where = field.name,
): unknown {
  if (value === null && field.options.nullable) return null;
  if (value === undefined || value === null) return undefined;
  return fieldKindOf(field).toDatabase(value, field, where);
}

/** Converts what the SDK returned back to the model's value types (`DateTime` to `Date`, `Uuid` to string, ...). */
export function fromDatabase(
  field: FieldDefinition,
  value: unknown,
  hydrate: HydrateReference,
): unknown {
  if (value === null && field.options.nullable) return null;
  if (value === undefined || value === null) return undefined;
  return fieldKindOf(field).fromDatabase(value, field, hydrate);
}
