import { Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { redactUrl } from '../connection/connection-url.js';
import { connectionRegistry } from '../connection/connection-registry.js';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import {
  SurrealConfigError,
  SurrealEngineError,
  SurrealTimeoutError,
  describeCause,
} from '../connection/surreal.errors.js';
import { getConnectionToken } from '../nest/surreal.utils.js';
import type { SurrealPingCheckOptions } from './surreal-ping-check-options.interface.js';

/** Default of `SurrealPingCheckOptions.timeout`, in seconds (as every duration option): a health endpoint must answer quickly. */
export const DEFAULT_PING_CHECK_TIMEOUT = 1;

// A health check that may take minutes is no health check: a larger value is a unit mistake.
const MAX_PING_CHECK_TIMEOUT = 60;

/**
 * Terminus health indicator for SurrealDB connections. Each check is a real round trip to the database
 * (`connection.ping()`), never a look at a cached "connected" flag.
 *
 * ```ts
 * @Get('health') @HealthCheck()
 * check() {
 *   return this.health.check([() => this.surreal.pingCheck('surrealdb', { timeout: 0.5 })]);
 * }
 * ```
 */
@Injectable()
export class SurrealHealthIndicator {
  constructor(
    private readonly healthIndicatorService: HealthIndicatorService,
    @Optional() private readonly moduleRef?: ModuleRef,
  ) {}

  /**
   * Pings a connection and reports `key` as `up`, or `down` with the reason when the ping fails or does not
   * answer within `timeout`. The data names the URL scheme and, on a pooled connection, the pool's counters.
   */
  async pingCheck<const Key extends string>(
    key: Key,
    options: SurrealPingCheckOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const timeout = options.timeout ?? DEFAULT_PING_CHECK_TIMEOUT;
    if (
      typeof timeout !== 'number' ||
      !Number.isFinite(timeout) ||
      timeout <= 0
    ) {
      throw new SurrealConfigError(
        `SurrealHealthIndicator.pingCheck("${key}"): option "timeout" must be a number of seconds > 0 (e.g. 0.5), got ${JSON.stringify(timeout)}`,
        options.connectionName,
      );
    }
    if (timeout > MAX_PING_CHECK_TIMEOUT) {
      // Most likely milliseconds (this option used to take them): refuse rather than wait for minutes.
      throw new SurrealConfigError(
        `SurrealHealthIndicator.pingCheck("${key}"): option "timeout" is in seconds and must be <= ${MAX_PING_CHECK_TIMEOUT}, got ${timeout}; for ${timeout} ms write ${timeout / 1000}`,
        options.connectionName,
      );
    }
    const session = this.healthIndicatorService.check(key);
    let connection: SurrealConnection | undefined;
    // The connection's own state errors ("is closed", "not connected yet") already say what is wrong.
    let explained = false;
    const result = await session
      .attempt(async () => {
        // Resolved inside the attempt: an unknown name is reported as `down` with the registry's explanation.
        connection = this.resolveConnection(options);
        try {
          await connection.ping(timeout);
        } catch (error) {
          // Terminus shows only `error.message`; the cause carries the useful part ("fetch failed: ECONNREFUSED").
          explained =
            error instanceof SurrealEngineError &&
            !(error instanceof SurrealTimeoutError);
          throw new Error(describeCause(error));
        }
        return describeConnection(connection);
      })
      .withTimeout(timeout * 1000);

    const detail = result[key];
    if (detail.status !== 'down') return result;
    // Terminus keeps only the message of a failed attempt; put back what tells which connection this is.
    const { status: _status, message, ...rest } = detail;
    let reason = String(message);
    if (connection && !explained && !connection.isConnected()) {
      // A socket waiting to reconnect makes a ping hang until the timeout; say why.
      reason += `; connection "${connection.name}" is not connected to ${connection.url} right now`;
    }
    return session.down({
      ...rest,
      message: redactSecrets(reason, connection),
      ...(connection ? describeConnection(connection) : {}),
    });
  }

  private resolveConnection(
    options: SurrealPingCheckOptions,
  ): SurrealConnection {
    if (options.connection) return options.connection;
    const name = options.connectionName;
    if (this.moduleRef) {
      try {
        return this.moduleRef.get<SurrealConnection>(getConnectionToken(name), {
          strict: false,
        });
      } catch {
        // Not a Nest provider (made with createConnection()): the registry knows it, or explains why not.
      }
    }
    return connectionRegistry.getConnection(name);
  }
}

function describeConnection(
  connection: SurrealConnection,
): Record<string, unknown> {
  return {
    scheme: connection.scheme,
    // A plain connection reports a pool of one; that says nothing, so only pools show their counters.
    ...(connection.options.pool ? { pool: connection.stats() } : {}),
  };
}

/**
 * Health output is often public: make sure no credential of the connection reaches it, whatever an error
 * message from the SDK or the server may echo.
 */
function redactSecrets(
  message: string,
  connection?: SurrealConnection,
): string {
  let safe = redactUrl(message);
  for (const secret of secretsOf(connection)) {
    safe = safe.split(secret).join('***');
  }
  return safe;
}

function secretsOf(connection?: SurrealConnection): string[] {
  const auth: unknown = connection?.options.auth;
  if (typeof auth === 'string') return [auth];
  if (typeof auth !== 'object' || auth === null) return [];
  return Object.entries(auth)
    .filter(
      ([field, value]) =>
        /pass|token|key|secret|refresh/i.test(field) &&
        typeof value === 'string' &&
        value.length > 0,
    )
    .map(([, value]) => value as string);
}
