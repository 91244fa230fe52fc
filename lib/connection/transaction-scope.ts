import { AsyncLocalStorage } from 'node:async_hooks';
import type { SurrealConnection } from './surreal-connection.js';
import type { TransactionOptions } from './transaction-options.interface.js';
import { rootConnection, settledConnection } from './transaction.source.js';

// The transaction each connection is in, for the code that runs inside `runInTransaction()`.
const scope = new AsyncLocalStorage<
  ReadonlyMap<SurrealConnection, SurrealConnection>
>();

/**
 * Runs `fn` in a transaction on `connection` that every model call on that connection made inside `fn` joins
 * (repositories, query sets, `save()`, `delete()`; also in functions `fn` awaits, through AsyncLocalStorage).
 * Already inside one on this connection, `fn` joins it. Committed when the outermost `fn` resolves, cancelled
 * when it throws. `options` (conflict `retries`, `backoff`) apply to the outermost transaction.
 */
export function runInTransaction<T>(
  connection: SurrealConnection,
  fn: (tx: SurrealConnection) => Promise<T>,
  options?: TransactionOptions,
): Promise<T> {
  const root = rootConnection(connection);
  const current = scope.getStore();
  const active = current?.get(root);
  if (active) return fn(active);
  return root.transaction(
    (tx) => scope.run(new Map(current ?? []).set(root, tx), () => fn(tx)),
    options,
  );
}

/** The transaction `connection` is in for the calling code (see `runInTransaction()`), or undefined. */
export function currentTransaction(
  connection: SurrealConnection,
): SurrealConnection | undefined {
  return scope.getStore()?.get(rootConnection(connection));
}

/**
 * @internal The connection a model call should use: a transaction's connection that has ended gives way to its
 * own connection, and a connection inside `runInTransaction()` to that transaction.
 */
export function effectiveConnection(
  connection: SurrealConnection,
): SurrealConnection {
  const settled = settledConnection(connection);
  // A transaction's own connection, still open, was chosen on purpose.
  if (rootConnection(settled) !== settled) return settled;
  return currentTransaction(settled) ?? settled;
}
