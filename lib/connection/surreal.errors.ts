/** Base class of every error this library throws; `connectionName` says which connection it concerns. */
export class SurrealEngineError extends Error {
  constructor(
    message: string,
    readonly connectionName?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An option is missing, malformed or out of range; raised before any network activity. */
export class SurrealConfigError extends SurrealEngineError {}

/** Connecting failed: after every retry, or at once for errors a retry cannot fix (bad credentials). */
export class SurrealConnectionError extends SurrealEngineError {
  constructor(
    message: string,
    connectionName: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, connectionName, options);
  }
}

/** The server rejected the credentials; never retried. */
export class SurrealAuthenticationError extends SurrealConnectionError {}

/** A call did not complete within the connection's `timeout`. */
export class SurrealTimeoutError extends SurrealEngineError {
  constructor(
    message: string,
    connectionName: string,
    readonly timeoutMs: number,
  ) {
    super(message, connectionName);
  }
}

/**
 * SurrealDB rolled a write or transaction back because a concurrent one touched the same data. Nothing of it was
 * applied, so running it again is safe: `retryable` is always true (see `transaction(fn, { retries })`).
 */
export class SurrealTransactionConflictError extends SurrealEngineError {
  readonly retryable = true;
}

/** No connection is registered under the requested name (or no default exists). */
export class SurrealConnectionNotFoundError extends SurrealEngineError {}

/** Every pool member stayed busy past `poolAcquireTimeout`. */
export class SurrealPoolTimeoutError extends SurrealTimeoutError {}

/** The error's own message, walking `cause` for the SDK's wrapped connection errors. */
export function describeCause(error: unknown): string {
  // Duck-typed: errors from Node's own realm (fetch's TypeError) fail `instanceof Error` under jest.
  if (typeof error !== 'object' || error === null || !('message' in error)) {
    return String(error);
  }
  const { message, name, cause } = error as Error;
  const own = message || name;
  if (cause === undefined || cause === null) return own;
  return `${own}: ${describeCause(cause)}`;
}

/**
 * @internal SurrealDB 3 answers a read of, or a LIVE SELECT on, a table nobody wrote to yet with "table does not
 * exist"; the SDK may carry that text in a cause.
 */
export function isMissingTable(error: unknown): boolean {
  return /The table '.*' does not exist/.test(describeCause(error));
}

/**
 * @internal The server does not know the transaction a call names: its connection dropped and the SDK reconnected
 * (a server's transactions live and die with the connection that began them).
 */
export function isUnknownTransaction(error: unknown): boolean {
  return /Transaction not found/i.test(describeCause(error));
}
