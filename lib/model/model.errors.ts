import { SurrealEngineError } from '../connection/surreal.errors.js';
import type { RecordId } from 'surrealdb';

/** A model is declared wrongly (bad field option, unsafe name, missing reference); raised when the model is defined or first used. */
export class ModelDefinitionError extends SurrealEngineError {}

/** `get()`, `update(id)` and friends found no matching document (SurrealEngine's `DoesNotExist`). */
export class DoesNotExistError extends SurrealEngineError {
  constructor(
    message: string,
    readonly model: string,
    connectionName?: string,
  ) {
    super(message, connectionName);
  }
}

/** `get()` matched more than one document (SurrealEngine's `MultipleObjectsReturned`). */
export class MultipleObjectsReturnedError extends SurrealEngineError {
  constructor(
    message: string,
    readonly model: string,
    connectionName?: string,
  ) {
    super(message, connectionName);
  }
}

/**
 * `save()` of a model with `meta.versionField` found the record changed by another writer since the document was
 * loaded; nothing was written. `refresh()` the document, re-apply the change and save again.
 */
export class StaleDocumentError extends SurrealEngineError {
  constructor(
    message: string,
    readonly model: string,
    readonly id: RecordId,
    connectionName?: string,
  ) {
    super(message, connectionName);
  }
}
