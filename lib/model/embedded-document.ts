import { Document } from './document.js';
import { EMBEDDED_BRAND, metadataOf } from './model-metadata.js';
import { ModelDefinitionError } from './model.errors.js';

function notATable(
  document: EmbeddedDocument,
  what: string,
): ModelDefinitionError {
  const { name } = metadataOf(document);
  return new ModelDefinitionError(
    `${name}: ${what} is not available on an EmbeddedDocument; it is stored inside the document that holds it: save that one`,
  );
}

/**
 * Base class of models stored inside another document (SurrealEngine's `EmbeddedDocument`), through
 * `EmbeddedField(Address)` or `ListField({ of: { type: 'embedded', model: Address } })`. Declare fields with the
 * same decorators as a `Document`; it has no table, id or `save()` of its own.
 */
export class EmbeddedDocument extends Document {
  // Tells embedded models apart from table models in types (`DocumentData` takes plain objects for them).
  declare readonly [EMBEDDED_BRAND]: true;

  /** Not available: save the document that holds this one. */
  override save(): Promise<this> {
    return Promise.reject(notATable(this, 'save()'));
  }

  /** Not available: save the document that holds this one. */
  override delete(): Promise<boolean> {
    return Promise.reject(notATable(this, 'delete()'));
  }

  /** Not available: refresh the document that holds this one. */
  override refresh(): Promise<this> {
    return Promise.reject(notATable(this, 'refresh()'));
  }

  /** Not available: update the document that holds this one. */
  override update(): Promise<this> {
    return Promise.reject(notATable(this, 'update()'));
  }
}

Object.defineProperty(EmbeddedDocument.prototype, EMBEDDED_BRAND, {
  value: true,
});
Object.defineProperty(EmbeddedDocument, 'objects', {
  get(this: typeof EmbeddedDocument) {
    throw new ModelDefinitionError(
      `${this.name} is an EmbeddedDocument: it has no table to query; query the model that embeds it (field__sub)`,
    );
  },
});
