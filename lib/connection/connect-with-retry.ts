import {
  AuthenticationError,
  NotAllowedError,
  UnsupportedVersionError,
  type ConnectOptions,
  type Surreal,
} from 'surrealdb';
import { isTransactionConflict } from './conflict-retry.js';
import type { ResolvedConnectionOptions } from './connection-options.js';
import { outsideCallScope } from '../workarounds/resent-call.fix.js';
import { selectHttpScope } from './http-scope.js';
import { createSurrealClient } from './surreal-client.factory.js';
import {
  SurrealAuthenticationError,
  SurrealConfigError,
  SurrealConnectionError,
  SurrealTimeoutError,
  describeCause,
} from './surreal.errors.js';
import { MAX_TIMER_MS, sleep, withTimeout } from './timeout.js';

/** Transaction conflicts (of concurrent sign-ins) retried at once, on top of `retryLimit`. */
const MAX_CONFLICT_RETRIES = 3;

/** Longest wait between two of the SDK's own reconnect attempts after an outage. */
const RECONNECT_DELAY_MAX_MS = 10_000;

/**
 * Opens one SDK client: up to `1 + retryLimit` attempts, each bounded by `timeout`, waiting
 * `initialDelay * backoff^(n-1)` between them. Bad credentials and bad configuration fail at once.
 * Every failed client is closed, or the SDK's own reconnect loop would keep the process alive.
 */
export function connectWithRetry(
  options: ResolvedConnectionOptions,
  { retryLimit = options.retryLimit }: { retryLimit?: number } = {},
): Promise<Surreal> {
  // A pool opens members while serving a call: the member's later handshakes must not belong to that call.
  return outsideCallScope(() => connectLoop(options, retryLimit));
}

async function connectLoop(
  options: ResolvedConnectionOptions,
  retryLimit: number,
): Promise<Surreal> {
  const { name, url, logger } = options;
  const attempts = 1 + retryLimit;
  let lastError: unknown;
  let conflicts = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const connectAttempt = new ConnectAttempt();
    const client = await createSurrealClient(
      url,
      name,
      connectAttempt.fail,
      options.clientFactory,
    );
    try {
      await withTimeout(
        connectAttempt.run(client, options),
        options.timeoutMs,
        () =>
          new SurrealTimeoutError(
            `connect did not complete within ${options.timeoutMs / 1000}s`,
            name,
            options.timeoutMs,
          ),
      );
      return client;
    } catch (error) {
      lastError = error;
      await client.close().catch(() => undefined);
      // Concurrent sign-ins can meet a transaction conflict: not an outage, so it does not use up an attempt.
      if (isTransactionConflict(error) && conflicts++ < MAX_CONFLICT_RETRIES) {
        attempt--;
        continue;
      }
      const cause = describeCause(error);
      if (isAuthenticationFailure(error)) {
        throw new SurrealAuthenticationError(
          `connection "${name}" (${url.safeUrl}): authentication failed: ${cause}. Check the credentials ("username"/"password", "token" or "auth"); not retried.`,
          name,
          attempt,
          { cause: error },
        );
      }
      if (!isRetryable(error)) {
        throw new SurrealConnectionError(
          `connection "${name}" (${url.safeUrl}): ${cause}; not retried.`,
          name,
          attempt,
          { cause: error },
        );
      }
      if (attempt < attempts) {
        // Growth is capped at the longest wait a Node timer holds (a longer one would fire at once).
        const delayMs = Math.min(
          options.initialDelayMs * options.backoff ** (attempt - 1),
          MAX_TIMER_MS,
        );
        logger.warn(
          `connection "${name}" (${url.safeUrl}): attempt ${attempt} of ${attempts} failed: ${cause}; retrying in ${delayMs / 1000}s`,
        );
        await sleep(delayMs);
      } else {
        logger.error(
          `connection "${name}" (${url.safeUrl}): attempt ${attempt} of ${attempts} failed: ${cause}; giving up`,
        );
      }
    }
  }
  throw new SurrealConnectionError(
    `connection "${name}" (${url.safeUrl}): could not connect after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${describeCause(lastError)}. Check that the server is up and reachable, or raise "retryLimit"/"timeout".`,
    name,
    attempts,
    { cause: lastError },
  );
}

/**
 * One attempt. The SDK's `connect()` never settles when the socket or the embedded engine fails: it keeps
 * reconnecting behind a pending promise. The first error heard (from the engine, the client, or a
 * `disconnected` event) ends the attempt; afterwards the same channels only witness outages.
 */
class ConnectAttempt {
  private connecting = true;
  private firstError: unknown;
  private reject: (error: unknown) => void = () => undefined;
  private readonly failed = new Promise<never>(
    (_, reject) => (this.reject = reject),
  );

  readonly fail = (error: unknown): void => {
    if (!this.connecting) return;
    this.firstError ??= error;
    this.reject(error);
  };

  async run(
    client: Surreal,
    options: ResolvedConnectionOptions,
  ): Promise<void> {
    const unsubscribers = [
      client.subscribe('error', this.fail),
      // Deferred a tick, so that the SDK's own error (bad credentials, version) wins over this generic one.
      client.subscribe('disconnected', () =>
        setTimeout(() =>
          this.fail(new Error('the connection closed before it was ready')),
        ),
      ),
      // The socket opened and then closed without an error (a server that drops it right after the upgrade): the
      // SDK would quietly reconnect while this attempt waited for its whole timeout.
      client.subscribe('reconnecting', () =>
        setTimeout(() =>
          this.fail(
            new Error('the server closed the connection before it was ready'),
          ),
        ),
      ),
    ];
    try {
      await Promise.race([
        client.connect(options.url.engineUrl, connectOptions(options)),
        this.failed,
      ]);
      // `connect()` can resolve after a failure whose error comes from another realm (fetch's TypeError under jest).
      if (client.status !== 'connected') {
        throw (
          this.firstError ??
          new Error('the connection closed before it was ready')
        );
      }
      const { scheme } = options.url;
      if (
        (scheme === 'http' || scheme === 'https') &&
        options.namespace &&
        options.database
      )
        await selectHttpScope(client, options.namespace, options.database);
    } finally {
      this.connecting = false;
      unsubscribers.forEach((unsubscribe) => unsubscribe());
    }
  }
}

function connectOptions(options: ResolvedConnectionOptions): ConnectOptions {
  return {
    namespace: options.namespace,
    database: options.database,
    // Embedded engines run without authentication (see README); credentials are ignored there.
    authentication: options.url.embedded ? undefined : options.auth,
    reconnect: options.reconnect
      ? {
          enabled: true,
          attempts: -1,
          retryDelay: Math.max(options.initialDelayMs, 100),
          retryDelayMultiplier: options.backoff,
          retryDelayMax: RECONNECT_DELAY_MAX_MS,
        }
      : false,
  };
}

function isAuthenticationFailure(error: unknown): boolean {
  return (
    error instanceof AuthenticationError || error instanceof NotAllowedError
  );
}

function isRetryable(error: unknown): boolean {
  return !(
    error instanceof SurrealConfigError ||
    error instanceof UnsupportedVersionError
  );
}
