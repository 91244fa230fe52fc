import { stateOf } from '../document-state.js';
import { toDatabase } from '../field-codecs.js';
import type { FieldDefinition } from '../field-types.js';
import {
  EMBEDDED_BRAND,
  getModelMetadata,
  resolveModel,
  type ModelMetadata,
} from '../model-metadata.js';
import { ModelDefinitionError } from '../model.errors.js';
import type { FieldError } from '../validation.error.js';
import { defineFieldKind, NO_ERRORS } from './field-kind.js';
import { isDocument, isPlainObject } from './field-values.js';

/** @internal The metadata of an `EmbeddedField`'s model, which must be an `EmbeddedDocument`. */
export function embeddedMetadata(
  field: FieldDefinition,
  where: string,
): ModelMetadata {
  const metadata = getModelMetadata(resolveModel(field.model!, where));
  if (!metadata.embedded) {
    throw new ModelDefinitionError(
      `${where}: EmbeddedField needs an EmbeddedDocument subclass, and ${metadata.name} is a Document with a table of its own; extend EmbeddedDocument, or link to it with ReferenceField`,
    );
  }
  return metadata;
}

/**
 * @internal `EmbeddedField`: a nested model stored inside the document (`object`, with `DEFINE FIELD field.sub` for
 * each of its fields). Takes an instance of the model or a plain object with its fields.
 */
export const embeddedKind = defineFieldKind({
  kind: 'embedded',
  expected: 'an embedded document or a plain object',
  pathStep: 'reference',
  is: (value) =>
    isPlainObject(value) ||
    (isDocument(value) && EMBEDDED_BRAND in (value as object)),
  check: (value, field, context) => {
    const metadata = embeddedMetadata(
      field,
      `${context.model}.${context.path}`,
    );
    if (isDocument(value) && !(value instanceof metadata.model)) {
      return [
        context.fail('type', `must be a ${metadata.name} or a plain object`),
      ];
    }
    const source = value as Record<string, unknown>;
    const unknown = isPlainObject(value)
      ? Object.keys(value).filter((key) => !metadata.fields.has(key))
      : stateOf(value as object).unknownKeys;
    let errors = NO_ERRORS;
    const add = (found: FieldError[]) => {
      if (found.length) errors = [...errors, ...found];
    };
    for (const key of unknown) {
      const path = `${context.path}.${key}`;
      add([
        {
          field: path,
          rule: 'unknown',
          valueKind: 'field',
          message: `${context.model}.${path} is not a field of ${metadata.name}: declare it with a field decorator or leave it out`,
        },
      ]);
    }
    for (const [name, nested] of metadata.fields) {
      add(context.validate(nested, source[name], `${context.path}.${name}`));
    }
    return errors;
  },
  toDatabase: (value, field, where) => {
    const metadata = embeddedMetadata(field, where);
    const source = value as Record<string, unknown>;
    const record: Record<string, unknown> = {};
    for (const [name, nested] of metadata.fields) {
      const converted = toDatabase(nested, source[name], `${where}.${name}`);
      if (converted !== undefined) record[name] = converted;
    }
    return record;
  },
  fromDatabase: (value, field, hydrate) =>
    isPlainObject(value)
      ? hydrate(resolveModel(field.model!, field.name), value)
      : value,
  surqlType: (field, where) => {
    embeddedMetadata(field, where);
    return 'object';
  },
  nested: (field, where) => embeddedMetadata(field, where).fields,
});
