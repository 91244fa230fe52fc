import { withConflictRetry } from '../connection/conflict-retry.js';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import { isMissingTable } from '../connection/surreal.errors.js';
import { rootConnection } from '../connection/transaction.source.js';
import { translateWriteError } from '../model/database-errors.js';
import type { CompiledQuery } from './query-compiler.js';

/** @internal How to run a compiled query. */
export interface ExecuteOptions<R> {
  /** The answer when the table does not exist yet (SurrealDB 3 errors where it once returned nothing). */
  missingTable?: () => R;
  /**
   * Replays transaction conflicts SurrealDB says can be retried: for writes. Not inside a transaction: a conflict
   * there rolled the whole transaction back, so replaying one statement cannot succeed; `transaction(fn, { retries })`
   * re-runs the whole function instead.
   */
  retryConflicts?: boolean;
  /** The model written to: a broken unique index becomes a `NotUniqueError` naming it. */
  model?: string;
}

/**
 * @internal The one place queries meet the connection: runs the statement(s), turns a missing table into an empty
 * answer, retries conflicts and translates database errors, as `options` ask.
 */
export async function executeQuery<R extends unknown[]>(
  connection: SurrealConnection,
  { query, bindings }: CompiledQuery,
  options: ExecuteOptions<R> = {},
): Promise<R> {
  const run = () => connection.query<R>(query, bindings);
  const retry =
    options.retryConflicts && rootConnection(connection) === connection;
  try {
    return await (retry ? withConflictRetry(run) : run());
  } catch (error) {
    // A table nobody has written to does not exist yet in SurrealDB 3: it holds no documents.
    if (options.missingTable && isMissingTable(error))
      return options.missingTable();
    throw options.model
      ? translateWriteError(error, options.model, connection.name)
      : error;
  }
}
