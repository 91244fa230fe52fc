import type { Surreal, SurrealTransaction } from 'surrealdb';
import type {
  ClientSource,
  ConnectionStats,
} from './client-source.interface.js';
import type { SurrealConnection } from './surreal-connection.js';
import { SurrealEngineError } from './surreal.errors.js';

// Transaction connections and the connection each belongs to, with whether the transaction has ended.
const transactions = new WeakMap<
  SurrealConnection,
  { parent: SurrealConnection; source: TransactionSource }
>();

/**
 * @internal What a transaction's connection (`tx` in `connection.transaction(async (tx) => ...)`) runs its calls
 * on: the SDK transaction, until it is committed or cancelled. Live queries and nested transactions are refused.
 */
export class TransactionSource implements ClientSource {
  ended = false;

  constructor(
    private readonly parent: SurrealConnection,
    private readonly transaction: SurrealTransaction,
  ) {}

  async open(): Promise<void> {}

  /** Links the transaction's connection to its parent (see `settledConnection`). */
  adopt(connection: SurrealConnection): SurrealConnection {
    transactions.set(connection, { parent: this.parent, source: this });
    return connection;
  }

  get primary(): Surreal {
    // The SDK transaction offers the same query methods as a client (both are `SurrealQueryable`).
    return this.transaction as unknown as Surreal;
  }

  async run<T>(fn: (client: Surreal) => Promise<T>): Promise<T> {
    if (this.ended) {
      throw new SurrealEngineError(
        `connection "${this.parent.name}": this transaction has ended (committed or cancelled); use the connection itself, or start a new transaction`,
        this.parent.name,
      );
    }
    return fn(this.primary);
  }

  lease<T>(): Promise<T> {
    return Promise.reject(
      new SurrealEngineError(
        `connection "${this.parent.name}": a transaction cannot start inside another one (SurrealDB has no nested transactions); use the transaction you are in`,
        this.parent.name,
      ),
    );
  }

  liveClient(): Promise<Surreal> {
    return Promise.reject(
      new SurrealEngineError(
        `connection "${this.parent.name}": live queries do not run inside a transaction; use the connection itself`,
        this.parent.name,
      ),
    );
  }

  isConnected(): boolean {
    return !this.ended && this.parent.isConnected();
  }

  stats(): ConnectionStats {
    return this.parent.stats();
  }

  async close(): Promise<void> {
    this.ended = true;
  }
}

/**
 * @internal The connection to write through for a document bound to `connection`: a transaction's connection once
 * that transaction has ended is replaced by the connection it belonged to (documents saved in a transaction are
 * re-bound after commit).
 */
export function settledConnection(
  connection: SurrealConnection,
): SurrealConnection {
  const link = transactions.get(connection);
  return link?.source.ended ? link.parent : connection;
}

/** @internal The connection a transaction's connection belongs to; any other connection is its own root. */
export function rootConnection(
  connection: SurrealConnection,
): SurrealConnection {
  return transactions.get(connection)?.parent ?? connection;
}
