import { RecordId } from 'surrealdb';
import type { FieldDefinition } from '../field-types.js';
import { getModelMetadata, resolveModel } from '../model-metadata.js';
import {
  InvalidRecordIdError,
  parseRecordIdInput,
} from '../record-id-input.js';
import { defineFieldKind, NO_ERRORS } from './field-kind.js';
import { isDocument } from './field-values.js';

/** @internal The record id a reference value stands for, in the referenced model's table. */
export function referenceId(
  field: FieldDefinition,
  value: unknown,
  where: string,
): unknown {
  if (value instanceof RecordId) return value;
  if (isDocument(value)) return value.id;
  if (typeof value === 'string' || typeof value === 'number') {
    // The one id rule: 'authors:x' to an Author reference is authors:x; other text is the id part.
    return parseRecordIdInput(
      getModelMetadata(resolveModel(field.model!, where)).collection,
      value,
      where,
    );
  }
  return value;
}

/** @internal `ReferenceField`: `record<table>`; a saved document, its `RecordId` or an id part. */
export const referenceKind = defineFieldKind({
  kind: 'reference',
  expected: 'a saved document, its RecordId, or an id',
  pathStep: 'reference',
  is: (value) =>
    isDocument(value) ||
    value instanceof RecordId ||
    (typeof value === 'string' && value !== '') ||
    Number.isSafeInteger(value),
  check: (value, field, context) => {
    const target = getModelMetadata(
      resolveModel(field.model!, `${context.model}.${context.path}`),
    );
    if (isDocument(value)) {
      if (!(value instanceof target.model)) {
        return [context.fail('type', `must be a ${target.name} document`)];
      }
      if (!(value.id instanceof RecordId)) {
        return [
          context.fail(
            'unsaved',
            `refers to an unsaved ${target.name}: save it first`,
          ),
        ];
      }
      return NO_ERRORS;
    }
    if (value instanceof RecordId && value.table.name !== target.collection) {
      return [
        context.fail(
          'table',
          `must be a record id of table "${target.collection}"`,
        ),
      ];
    }
    if (typeof value === 'string') {
      try {
        parseRecordIdInput(target.collection, value, context.path);
      } catch (error) {
        if (!(error instanceof InvalidRecordIdError)) throw error;
        // Not echoed: the text may be anything a client sent.
        return [
          context.fail(
            'table',
            `names a record of another table; give the id part of a ${target.name}, or a record id of table "${target.collection}"`,
          ),
        ];
      }
    }
    return NO_ERRORS;
  },
  toDatabase: (value, field, where) => referenceId(field, value, where),
  fromDatabase: (value, field, hydrate) => {
    if (
      typeof value === 'object' &&
      value !== null &&
      !(value instanceof RecordId) &&
      'id' in value
    ) {
      return hydrate(
        resolveModel(field.model!, field.name),
        value as Record<string, unknown>,
      );
    }
    return value;
  },
  surqlType: (field, where) =>
    `record<${getModelMetadata(resolveModel(field.model!, where)).table}>`,
});
