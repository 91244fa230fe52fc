import { SurrealEngineError } from '../connection/surreal.errors.js';

/** A write broke a unique index (`unique: true`), as MongoEngine's `NotUniqueError`. */
export class NotUniqueError extends SurrealEngineError {
  constructor(
    message: string,
    readonly model: string,
    readonly index: string,
    connectionName?: string,
    options?: { cause?: unknown },
  ) {
    super(message, connectionName, options);
  }
}

/** @internal Gives a unique-index violation its own error class; other errors pass through unchanged. */
export function translateWriteError(
  error: unknown,
  model: string,
  connectionName: string,
): unknown {
  const message = error instanceof Error ? error.message : '';
  const match = /Database index `([^`]+)` already contains/.exec(message);
  if (!match) return error;
  return new NotUniqueError(
    `${model}: connection "${connectionName}": the value is already taken (unique index "${match[1]}"); choose another value or update the existing document`,
    model,
    match[1],
    connectionName,
    { cause: error },
  );
}
