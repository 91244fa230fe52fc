import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { Document } from './document.js';
import { takeSnapshot } from './document-changes.js';
import { construction, stateOf } from './document-state.js';
import { fromDatabase } from './field-codecs.js';
import type { ModelClass } from './field-types.js';
import { getModelMetadata, type ModelMetadata } from './model-metadata.js';

/** @internal How a record was loaded. */
export interface HydrateOptions {
  /** Loaded with `only()`/`omit()`: fields missing from the record were left out, not removed. */
  partial?: boolean;
  connection?: SurrealConnection;
}

/**
 * @internal Copies a database record onto a document, converting each field back to its model type, and remembers
 * the values as the database's (change tracking). A field missing from a complete record is cleared.
 */
export function applyRecord(
  document: Document,
  record: Record<string, unknown>,
  metadata: ModelMetadata,
  options: HydrateOptions,
): void {
  const target = document as unknown as Record<string, unknown>;
  const hydrateReference = (
    model: ModelClass,
    nested: Record<string, unknown>,
  ) => hydrate(model, nested, options);
  if (record.id !== undefined) target.id = record.id;
  for (const [name, field] of metadata.fields) {
    if (Object.hasOwn(record, name)) {
      target[name] = fromDatabase(field, record[name], hydrateReference);
    } else if (!options.partial && target[name] !== undefined) {
      target[name] = undefined;
    }
  }
  const state = stateOf(document);
  // The record is stored: a client-made id waiting for the first save is spent.
  state.pendingId = undefined;
  if (options.connection) state.connection = options.connection;
  state.partial = options.partial === true;
  // Embedded documents are saved with the document that holds them: only that one tracks changes.
  if (!metadata.embedded) takeSnapshot(document, metadata);
}

/** Builds a `model` document from a database record (no defaults applied, no validation). */
export function hydrate<T extends Document>(
  model: ModelClass<T>,
  record: Record<string, unknown>,
  options: HydrateOptions = {},
): T {
  construction.hydrating = true;
  let document: T;
  try {
    document = new model();
  } finally {
    construction.hydrating = false;
  }
  applyRecord(document, record, getModelMetadata(model), options);
  return document;
}
