import { SurrealEngineError } from '../connection/surreal.errors.js';

/**
 * `insert()` wrote some chunks, then one failed: `written` are saved (with their ids), `notWritten` are not (the
 * failed chunk and every later one). Each chunk is one statement, so a failed chunk wrote nothing. `cause` is the
 * database's error; insert `notWritten` again once it is fixed.
 */
export class PartialInsertError<T = unknown> extends SurrealEngineError {
  constructor(
    message: string,
    readonly model: string,
    readonly written: T[],
    readonly notWritten: T[],
    connectionName: string,
    options: { cause: unknown },
  ) {
    super(message, connectionName, options);
  }
}
