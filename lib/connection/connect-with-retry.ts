import {
  AuthenticationError,
  NotAllowedError,
  UnsupportedVersionError,
  type ConnectOptions,
  type Surreal,
} from 'surrealdb';
import type { ResolvedConnectionOptions } from './connection-options.js';
import { createSurrealClient } from './surreal-client.factory.js';
import {
  SurrealAuthenticationError,
  SurrealConfigError,
  SurrealConnectionError,
  SurrealTimeoutError,
} from './surreal.errors.js';
import { sleep, withTimeout } from './timeout.js';

/** Longest wait between two of the SDK's own reconnect attempts after an outage. */
const RECONNECT_DELAY_MAX_MS = 10_000;

/**
 * Opens one SDK client: up to `1 + retryLimit` attempts, each bounded by `timeout`, waiting
 * `initialDelay * backoff^(n-1)` between them. Bad credentials and bad configuration fail at once.
 * Every failed client is closed, or the SDK's own reconnect loop would keep the process alive.
 */
export async function connectWithRetry(
  options: ResolvedConnectionOptions,
): Promise<Surreal> {
  const { name, url, logger } = options;
  const attempts = 1 + options.retryLimit;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const client = await createSurrealClient(url, name);
    try {
      await withTimeout(
        client.connect(url.engineUrl, connectOptions(options)),
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
        const delayMs = options.initialDelayMs * options.backoff ** (attempt - 1);
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
  return error instanceof AuthenticationError || error instanceof NotAllowedError;
}

function isRetryable(error: unknown): boolean {
  return !(error instanceof SurrealConfigError || error instanceof UnsupportedVersionError);
}

/** The error's own message, walking `cause` for the SDK's wrapped connection errors. */
export function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error.cause instanceof Error ? `: ${describeCause(error.cause)}` : '';
  return `${error.message || error.name}${inner}`;
}
