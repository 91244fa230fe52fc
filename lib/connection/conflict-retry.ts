import { isRetryableConflict } from 'surrealdb';
import { SurrealTransactionConflictError } from './surreal.errors.js';

/** Tuning for `withConflictRetry`. */
export interface ConflictRetryOptions {
  /** Attempts in all, the first included. Default 10. */
  attempts?: number;
  /** First wait in milliseconds; doubles each time, with jitter, up to `maxDelayMs`. Default 5. */
  delayMs?: number;
  /** Longest wait in milliseconds. Default 200. */
  maxDelayMs?: number;
}

/**
 * Whether SurrealDB rolled the transaction back because of a concurrent one and says it can be retried.
 * SurrealDB 3.1+ flags it structurally; 3.0 only says so in the message.
 */
export function isTransactionConflict(error: unknown): boolean {
  if (error instanceof SurrealTransactionConflictError) return true;
  if (isRetryableConflict(error)) return true;
  const message = error instanceof Error ? error.message : '';
  return (
    /can be retried/i.test(message) || /transaction conflict/i.test(message)
  );
}

/**
 * Runs `fn`, re-running it after a short jittered wait when SurrealDB reports a retryable transaction conflict
 * (which concurrent creates into a fresh table do). A conflicted transaction was rolled back, so re-running is safe.
 */
export async function withConflictRetry<T>(
  fn: () => Promise<T>,
  options: ConflictRetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 10;
  const maxDelay = options.maxDelayMs ?? 200;
  let delay = options.delayMs ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isTransactionConflict(error)) throw error;
      // Jitter spreads the retries of many writers that collided at the same moment.
      await new Promise((resolve) =>
        setTimeout(resolve, delay * (0.5 + Math.random())),
      );
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}

/** @internal Gives a transaction conflict the library's retryable error; other errors pass through unchanged. */
export function translateConflict(
  error: unknown,
  connectionName: string,
  what: string,
): unknown {
  if (
    error instanceof SurrealTransactionConflictError ||
    !isTransactionConflict(error)
  ) {
    return error;
  }
  const cause = error instanceof Error ? error.message : String(error);
  return new SurrealTransactionConflictError(
    `connection "${connectionName}": ${what} met a transaction conflict and was rolled back, so it can be retried: ${cause}. Use transaction(fn, { retries }) or withConflictRetry(() => ...)`,
    connectionName,
    { cause: error },
  );
}
