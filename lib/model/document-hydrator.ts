import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { Document } from './document.js';
import { construction, stateOf } from './document-state.js';
import { fromDatabase } from './field-codecs.js';
import type { ModelClass } from './field-types.js';
import { getModelMetadata, type ModelMetadata } from './model-metadata.js';

/** @internal How a record was loaded. */
export interface HydrateOptions {
  partial?: boolean;
  connection?: SurrealConnection;
}

/** @internal Copies a database record onto a document, converting each field back to its model type. */
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
  for (const key of Object.keys(record)) {
    if (key === 'id') {
      target.id = record.id;
      continue;
    }
    const field = metadata.fields.get(key);
    if (field) target[key] = fromDatabase(field, record[key], hydrateReference);
  }
  const state = stateOf(document);
  if (options.connection) state.connection = options.connection;
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
  stateOf(document).partial = options.partial ?? false;
  return document;
}
