import type { Observable } from 'rxjs';
import {
  CallTerminatedError,
  ConnectionUnavailableError,
  type Surreal,
} from 'surrealdb';
import type { Document } from '../model/document.js';
import type { ModelClass } from '../model/field-types.js';
import {
  repositoryOf,
  type RepositoryClass,
} from '../repository/custom-repository.js';
import type { Repository } from '../repository/repository.js';
import { ClientPoolSource } from './client-pool.source.js';
import type {
  ClientSource,
  ConnectionStats,
} from './client-source.interface.js';
import type { ResolvedConnectionOptions } from './connection-options.js';
import type { SurrealScheme } from './connection-url.js';
import { translateConflict, withConflictRetry } from './conflict-retry.js';
import { BackgroundConnector } from './lazy-connect.js';
import { liveQuery, type LiveEvent, type LiveOptions } from './live-query.js';
import { pingClient } from './ping-client.js';
import { CallScope } from '../workarounds/resent-call.fix.js';
import { SingleClientSource } from './single-client.source.js';
import {
  SurrealConfigError,
  SurrealEngineError,
  SurrealTimeoutError,
  describeCause,
  isUnknownTransaction,
} from './surreal.errors.js';
import type { TransactionOptions } from './transaction-options.interface.js';
import { withTimeout } from './timeout.js';
import { TransactionSource } from './transaction.source.js';

type State = 'idle' | 'connecting' | 'open' | 'closed';

/**
 * One named SurrealDB connection: connect, query with bound parameters, ping, close.
 * Made by `createConnection()`; the same object whether or not it is pooled.
 */
export class SurrealConnection implements AsyncDisposable {
  private state: State = 'idle';
  private opening?: Promise<this>;
  private readonly source: ClientSource;
  private readonly unsubscribers: (() => void)[] = [];
  private background?: BackgroundConnector;
  // Calls in flight, each with what ends it at once, for close(): the SDK never settles a closed client's pending calls.
  private readonly inFlight = new Map<Promise<unknown>, () => void>();
  // Set by close() when the server is unreachable: the calls still in flight are ended at once.
  private abandoned = false;

  /** @internal Use `createConnection()`. */
  constructor(
    readonly options: ResolvedConnectionOptions,
    private readonly onClose: (connection: SurrealConnection) => void = () =>
      undefined,
    source?: ClientSource,
  ) {
    this.source =
      source ??
      (options.pool
        ? new ClientPoolSource(options)
        : new SingleClientSource(options));
    // A given source (a transaction's) is open already.
    if (source) this.state = 'open';
  }

  /** The registry name. */
  get name(): string {
    return this.options.name;
  }

  /** The URL scheme: `ws`, `http`, `mem`, `file`, ... */
  get scheme(): SurrealScheme {
    return this.options.url.scheme;
  }

  /** The URL without credentials, safe to show. */
  get url(): string {
    return this.options.url.safeUrl;
  }

  /** Whether the URL is served in-process by `@surrealdb/node`. */
  get embedded(): boolean {
    return this.options.url.embedded;
  }

  /** The underlying SDK client, for everything this library does not wrap. */
  get client(): Surreal {
    this.assertOpen();
    return this.source.primary;
  }

  /**
   * Opens the connection, retrying as configured. Safe to call more than once. With `lazyConnect` it resolves at
   * once and connecting goes on in the background.
   */
  connect(): Promise<this> {
    if (this.state === 'closed') {
      return Promise.reject(this.closedError());
    }
    if (this.options.lazyConnect) {
      if (!this.background) {
        this.background = new BackgroundConnector(this.options, () =>
          this.connectNow(),
        );
        void this.background.run();
      }
      return Promise.resolve(this);
    }
    return this.connectNow();
  }

  /** Whether the connection is open and its client is connected right now. */
  isConnected(): boolean {
    return this.state === 'open' && this.source.isConnected();
  }

  /**
   * A real round trip to the database. Rejects when it is unreachable or does not answer within `timeout`
   * seconds (default: the connection's `timeout`).
   */
  async ping(timeout?: number): Promise<void> {
    await this.call(
      pingClient,
      'ping',
      timeout === undefined ? this.options.timeoutMs : timeout * 1000,
    );
  }

  /**
   * Runs SurrealQL and resolves to one result per statement. Pass every value in `bindings` and refer
   * to it as `$name`: values are never pasted into the query text.
   */
  query<T extends unknown[] = unknown[]>(
    surql: string,
    bindings?: Record<string, unknown>,
  ): Promise<T> {
    return this.call(
      (client) => client.query<T>(surql, bindings).collect() as Promise<T>,
      'query',
    );
  }

  /**
   * Runs `fn` on the SDK client, bounded by the connection's `timeout`; the way to reach SDK features
   * (sessions, `select`, `relate`, ...) with the same timeout and pooling as `query()`.
   */
  run<T>(fn: (client: Surreal) => Promise<T>, what = 'call'): Promise<T> {
    return this.call(fn, what);
  }

  /**
   * Runs `fn` in a transaction: committed when `fn` resolves, cancelled when it throws. `tx` is a connection bound
   * to the transaction: `tx.query()`, `tx.getRepository(User)`, `User.objects.using(tx)`, `save({ connection: tx })`;
   * documents saved through it write to this connection once the transaction has ended. On a pool the transaction
   * holds one member for itself. Needs a ws/wss or embedded connection (http has no sessions).
   * With `retries`, a transaction conflict runs the whole of `fn` again in a new transaction (keep `fn` free of
   * outside side effects); once they are used up it fails with `SurrealTransactionConflictError`.
   */
  async transaction<T>(
    fn: (tx: SurrealConnection) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    this.assertStateful('transactions');
    this.assertOpen();
    const retries = options.retries ?? 0;
    if (!Number.isInteger(retries) || retries < 0) {
      throw new SurrealConfigError(
        `connection "${this.name}": transaction option "retries" must be an integer >= 0, got ${JSON.stringify(retries)}`,
        this.name,
      );
    }
    try {
      return await withConflictRetry(() => this.transactOnce(fn), {
        ...options.backoff,
        attempts: retries + 1,
      });
    } catch (error) {
      throw translateConflict(error, this.name, 'transaction');
    }
  }

  /** A repository of `model` (or an instance of a custom repository class) on this connection. */
  getRepository<T extends Document>(model: ModelClass<T>): Repository<T>;
  getRepository<R extends Repository<any>>(repository: RepositoryClass<R>): R;
  getRepository(target: ModelClass | RepositoryClass): Repository<any> {
    return repositoryOf(target as ModelClass, this);
  }

  /**
   * Changes to `table` as they happen, as an rxjs Observable; unsubscribing kills the live query. On a
   * pool, live queries share a member of their own. Needs a ws/wss or embedded connection.
   */
  live<T = Record<string, unknown>>(
    table: string,
    options: LiveOptions = {},
  ): Observable<LiveEvent<T>> {
    this.assertStateful('live queries');
    this.assertOpen();
    return liveQuery<T>(
      () => this.source.liveClient(),
      table,
      options,
      (error) =>
        new SurrealEngineError(
          `connection "${this.name}": live query on "${table}" failed: ${describeCause(error)}`,
          this.name,
          { cause: error },
        ),
    );
  }

  /** Pool counters (a plain connection reports a pool of one). */
  stats(): ConnectionStats {
    return this.source.stats();
  }

  /**
   * Closes the connection and removes it from its registry. New calls are refused at once; calls in flight finish
   * first (each within its timeout) while the database answers, or fail at once when it is unreachable. Safe to call
   * more than once.
   */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasOpening = this.opening;
    this.state = 'closed';
    this.background?.stop();
    this.onClose(this);
    this.unsubscribers.splice(0).forEach((unsubscribe) => unsubscribe());
    await wasOpening?.catch(() => undefined);
    await this.finishCallsInFlight();
    await this.source.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  toString(): string {
    return `SurrealConnection(${this.name}, ${this.url})`;
  }

  /** What `console.log(connection)` shows: name and safe URL, never options that hold credentials. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  private connectNow(): Promise<this> {
    this.opening ??= this.open();
    return this.opening;
  }

  private transactOnce<T>(
    fn: (tx: SurrealConnection) => Promise<T>,
  ): Promise<T> {
    return this.source.lease(async (client) => {
      // Begin, commit and cancel are calls like any other: bounded by the timeout, never sent again once it passed.
      const sdkTransaction = await this.bounded(
        () => client.beginTransaction(),
        'transaction begin',
      );
      const source = new TransactionSource(this, sdkTransaction);
      const tx = source.adopt(
        new SurrealConnection(this.options, () => undefined, source),
      );
      let result: T;
      try {
        result = await fn(tx);
      } catch (error) {
        source.ended = true;
        const cancelling = this.bounded(
          () => sdkTransaction.cancel(),
          'transaction cancel',
        ).catch(() => undefined);
        // Waited for while the server answers (what follows should not meet the abandoned transaction); during an
        // outage it would only hold the caller's error back for another timeout.
        if (this.source.isConnected()) await cancelling;
        throw this.lostTransaction(error, 'running');
      }
      source.ended = true;
      await this.bounded(
        () => sdkTransaction.commit(),
        'transaction commit',
      ).catch((error: unknown) => {
        throw this.lostTransaction(error, 'committing');
      });
      return result;
    });
  }

  private async open(): Promise<this> {
    this.state = 'connecting';
    try {
      await this.source.open();
    } catch (error) {
      if (!this.isClosed()) this.state = 'idle';
      this.opening = undefined;
      throw error;
    }
    if (this.isClosed()) {
      await this.source.close();
      throw this.closedError();
    }
    this.state = 'open';
    try {
      await this.options.onConnect?.(this);
    } catch (error) {
      // Not usable without its set-up: undo the connect, so a retry (or lazyConnect's next round) starts afresh.
      if (!this.isClosed()) this.state = 'idle';
      this.opening = undefined;
      await this.source.close();
      throw new SurrealEngineError(
        `connection "${this.name}" (${this.url}): onConnect failed: ${describeCause(error)}`,
        this.name,
        { cause: error },
      );
    }
    this.watchOutages(this.source.primary);
    return this;
  }

  // A method, not an inline comparison: `close()` may change the state while `open()` awaits.
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private watchOutages(client: Surreal): void {
    const { logger } = this.options;
    const label = `connection "${this.name}" (${this.url})`;
    this.unsubscribers.push(
      client.subscribe('reconnecting', () =>
        logger.warn(`${label}: lost the server; reconnecting`),
      ),
      client.subscribe('connected', () => {
        logger.log(`${label}: reconnected`);
        this.afterReconnect();
      }),
    );
  }

  private afterReconnect(): void {
    const { onConnect, logger } = this.options;
    if (!onConnect || this.isClosed()) return;
    // The SDK restores namespace, database and auth before it reports "connected"; a failure is only logged here.
    Promise.resolve()
      .then(() => onConnect(this))
      .catch((error: unknown) =>
        logger.error(
          `connection "${this.name}" (${this.url}): onConnect failed after a reconnect: ${describeCause(error)}`,
        ),
      );
  }

  private async call<T>(
    fn: (client: Surreal) => Promise<T>,
    what: string,
    timeoutMs = this.options.timeoutMs,
  ): Promise<T> {
    this.assertOpen();
    return this.bounded(() => this.source.run(fn), what, timeoutMs);
  }

  /** Runs `work` within the timeout; once rejected by it, the work is withdrawn: never sent afterwards, not even after a reconnect. */
  private bounded<T>(
    work: () => Promise<T>,
    what: string,
    timeoutMs = this.options.timeoutMs,
  ): Promise<T> {
    const scope = new CallScope();
    let endNow!: () => void;
    const call = withTimeout(
      // As few promises as may be inside the scope: each one made there carries it, at a cost.
      scope.run(work),
      timeoutMs,
      () => {
        const error = this.abandoned
          ? new SurrealEngineError(
              `connection "${this.name}" (${this.url}) was closed while the server was unreachable: the ${what} was not sent, or the server did not answer it; it is withdrawn and never sent again`,
              this.name,
            )
          : new SurrealTimeoutError(
              `connection "${this.name}" (${this.url}): ${what} did not complete within ${timeoutMs / 1000}s; the server may be down or overloaded, or the work too long for option "timeout"; the call is withdrawn and never sent again (it ran only if the server received it in time)`,
              this.name,
              timeoutMs,
            );
        scope.withdraw(error);
        return error;
      },
      (expireNow) => (endNow = expireNow),
    ).catch((error: unknown) => {
      throw (
        this.lostConnection(error, what) ??
        translateConflict(error, this.name, what)
      );
    });
    this.inFlight.set(call, endNow);
    const settled = () => this.inFlight.delete(call);
    call.then(settled, settled);
    return call;
  }

  /**
   * A transaction the server no longer knows, explained (other errors pass through): a server forgets a transaction
   * with the connection that began it. While it runs, that means it was rolled back; at the commit, it may also have
   * been committed by an earlier send of the commit whose answer was lost (the SDK sends pending calls again after
   * reconnecting).
   */
  private lostTransaction(
    error: unknown,
    when: 'running' | 'committing',
  ): unknown {
    if (!isUnknownTransaction(error)) return error;
    return new SurrealEngineError(
      when === 'running'
        ? `connection "${this.name}" (${this.url}): the transaction was lost when the connection to the server dropped (the server rolled it back); nothing of it was committed, so it can be run again`
        : `connection "${this.name}" (${this.url}): the connection dropped while the transaction was committing, so whether it was committed is unknown (its answer was lost, and the server no longer knows the transaction); check the data before running it again`,
      this.name,
      { cause: error },
    );
  }

  /** The SDK's errors for a client that has no connection and will not reopen one, named and explained. */
  private lostConnection(
    error: unknown,
    what: string,
  ): SurrealEngineError | undefined {
    const cutOff = error instanceof CallTerminatedError;
    if (!cutOff && !(error instanceof ConnectionUnavailableError)) return;
    return new SurrealEngineError(
      `connection "${this.name}" (${this.url}): ${what} ${cutOff ? 'was cut off, so whether it ran is unknown' : 'was not sent'}: the connection to the server was lost and is not reopened (option "reconnect" is false, or the SDK gave up reconnecting); close this connection and create a new one`,
      this.name,
      { cause: error },
    );
  }

  /**
   * While the database answers, the calls in flight finish (each within its timeout); when it does not, they fail
   * and are withdrawn at once rather than left to their timeout.
   */
  private async finishCallsInFlight(): Promise<void> {
    if (!this.source.isConnected()) {
      this.abandoned = true;
      for (const endNow of this.inFlight.values()) endNow();
    }
    await Promise.allSettled(this.inFlight.keys());
  }

  private assertOpen(): void {
    if (this.state === 'open') return;
    if (this.state === 'closed') throw this.closedError();
    if (this.background) {
      const last = this.background.lastError;
      throw new SurrealEngineError(
        `connection "${this.name}" (${this.url}) is not connected yet: lazyConnect keeps trying in the background${last === undefined ? '' : `; last error: ${last instanceof Error ? last.message : describeCause(last)}`}`,
        this.name,
      );
    }
    throw new SurrealEngineError(
      `connection "${this.name}" is not connected yet: await connection.connect() first`,
      this.name,
    );
  }

  private assertStateful(feature: string): void {
    if (this.scheme === 'http' || this.scheme === 'https') {
      throw new SurrealEngineError(
        `connection "${this.name}" (${this.url}): ${feature} need a ws://, wss:// or embedded connection; HTTP keeps no session between requests`,
        this.name,
      );
    }
  }

  private closedError(): SurrealEngineError {
    return new SurrealEngineError(
      `connection "${this.name}" is closed: create a new connection to reconnect`,
      this.name,
    );
  }
}
