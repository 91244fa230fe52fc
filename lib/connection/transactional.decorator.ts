import { findConnection } from './connection-registry.js';
import { runInTransaction } from './transaction-scope.js';

/**
 * Runs the decorated async method in a transaction on a connection (by registry name; default: the default
 * connection), which every repository, query set and `save()` on that connection inside the method joins, also
 * in the services it calls. Nested `@Transactional()` methods join the outer transaction. A throw cancels it.
 *
 * ```ts
 * @Transactional()
 * async transfer(from: string, to: string, amount: number) {
 *   await this.accounts.update(from, { ... }); // both in one transaction
 *   await this.accounts.update(to, { ... });
 * }
 * ```
 */
export function Transactional(connectionName?: string): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const method = descriptor.value as (...args: unknown[]) => Promise<unknown>;
    descriptor.value = function (this: unknown, ...args: unknown[]) {
      return runInTransaction(findConnection(connectionName), () =>
        method.apply(this, args),
      );
    };
    return descriptor;
  };
}
