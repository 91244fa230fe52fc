import { findConnection } from './connection-registry.js';
import type { TransactionOptions } from './transaction-options.interface.js';
import { runInTransaction } from './transaction-scope.js';

/** Options of `@Transactional()`: the connection, and the transaction's conflict retries. */
export interface TransactionalOptions extends TransactionOptions {
  /** Registry name of the connection. Default: the default connection. */
  connectionName?: string;
}

/**
 * Runs the decorated async method in a transaction on a connection (by registry name; default: the default
 * connection), which every repository, query set and `save()` on that connection inside the method joins, also
 * in the services it calls. Nested `@Transactional()` methods join the outer transaction. A throw cancels it.
 * Give a name, or `{ connectionName, retries, backoff }` (see `TransactionOptions`; a retried method runs again whole).
 *
 * ```ts
 * @Transactional()
 * async transfer(from: string, to: string, amount: number) {
 *   await this.accounts.update(from, { ... }); // both in one transaction
 *   await this.accounts.update(to, { ... });
 * }
 * ```
 */
export function Transactional(
  connection?: string | TransactionalOptions,
): MethodDecorator {
  const { connectionName, ...options } =
    typeof connection === 'string'
      ? { connectionName: connection }
      : (connection ?? {});
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const method = descriptor.value as (...args: unknown[]) => Promise<unknown>;
    descriptor.value = function (this: unknown, ...args: unknown[]) {
      return runInTransaction(
        findConnection(connectionName),
        () => method.apply(this, args),
        options,
      );
    };
    return descriptor;
  };
}
