import { SurrealEngineError } from '../connection/surreal.errors.js';

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
