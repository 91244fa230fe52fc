import { toDatabase } from '../model/field-codecs.js';
import { validateFieldValue } from '../model/field-validation.js';
import { escapeIdentifier } from '../model/identifier.js';
import type { ModelMetadata } from '../model/model-metadata.js';
import { ValidationError, type FieldError } from '../model/validation.error.js';
import type { Assignment } from './query-compiler.js';
import { InvalidQueryError } from './query.errors.js';

/**
 * @internal The assignments of an update, each value validated against its field and converted for the database;
 * throws one `ValidationError` listing every bad value, before anything is written.
 */
export function toAssignments(
  metadata: ModelMetadata,
  changes: Record<string, unknown>,
): Assignment[] {
  if (
    typeof changes !== 'object' ||
    changes === null ||
    Array.isArray(changes) ||
    !Object.keys(changes).length
  ) {
    throw new InvalidQueryError(
      `${metadata.name}: update() needs an object of field values`,
    );
  }
  const errors: FieldError[] = [];
  const assignments: Assignment[] = [];
  for (const [name, value] of Object.entries(changes)) {
    const field = metadata.fields.get(name);
    if (name === metadata.versionField) {
      errors.push({
        field: name,
        rule: 'unknown',
        valueKind: 'field',
        message: `${metadata.name}.${name} is the version field (meta.versionField): the library sets it on every write`,
      });
      continue;
    }
    if (!field) {
      errors.push({
        field: name,
        rule: 'unknown',
        valueKind: 'field',
        message: `${metadata.name}.${name} is not a field of ${metadata.name}${name === 'id' ? ' that can be updated' : ''}`,
      });
      continue;
    }
    const fieldErrors = validateFieldValue(metadata.name, field, value);
    if (fieldErrors.length) {
      // Converting an invalid value could throw the SDK's own error (an invalid date) instead of ours.
      errors.push(...fieldErrors);
      continue;
    }
    assignments.push({
      path: escapeIdentifier(name, metadata.name),
      value: toDatabase(field, value),
    });
  }
  if (errors.length) throw new ValidationError(metadata.name, errors);
  if (metadata.versionField) {
    // Every write bumps the version, so a document loaded before this update cannot overwrite it unnoticed.
    const path = escapeIdentifier(metadata.versionField, metadata.name);
    assignments.push({
      path,
      value: undefined,
      expression: `(${path} ?? 0) + 1`,
    });
  }
  return assignments;
}
