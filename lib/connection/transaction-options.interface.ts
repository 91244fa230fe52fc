import type { ConflictRetryOptions } from './conflict-retry.js';

/** Options of `connection.transaction(fn, options)`. */
export interface TransactionOptions {
  /**
   * How many times to run the whole function again after SurrealDB rolled the transaction back for a conflict with a
   * concurrent one. Default 0. The function may then run more than once: keep it free of outside side effects
   * (no HTTP calls, e-mails or writes outside `tx`), or make them safe to repeat.
   */
  retries?: number;
  /** Waits between runs, in milliseconds: jittered, doubling from `delayMs` (default 5) up to `maxDelayMs` (default 200). */
  backoff?: Pick<ConflictRetryOptions, 'delayMs' | 'maxDelayMs'>;
}
