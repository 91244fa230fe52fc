import type { SurrealConnectionOptions } from './connection-options.interface.js';
import { resolveConnectionOptions } from './connection-options.js';
import {
  connectionRegistry,
  type ConnectionRegistry,
} from './connection-registry.js';
import { SurrealConnection } from './surreal-connection.js';

/**
 * Makes a connection (not yet connected: call `connect()`) and registers it by name.
 * Every option is checked here, before any network activity.
 */
export function createConnection(
  options: SurrealConnectionOptions,
  registry: ConnectionRegistry = connectionRegistry,
): SurrealConnection {
  const resolved = resolveConnectionOptions(options);
  const connection = new SurrealConnection(resolved, (closed) =>
    registry.unregister(closed),
  );
  registry.register(connection);
  return connection;
}

/**
 * Connects, runs `fn`, and closes even when `fn` throws (SurrealEngine's `async with connection:`).
 * Given a connection, it connects it if needed and closes it afterwards.
 */
export async function withConnection<T>(
  optionsOrConnection: SurrealConnectionOptions | SurrealConnection,
  fn: (connection: SurrealConnection) => Promise<T>,
): Promise<T> {
  const connection =
    optionsOrConnection instanceof SurrealConnection
      ? optionsOrConnection
      : createConnection(optionsOrConnection);
  try {
    await connection.connect();
    return await fn(connection);
  } finally {
    await connection.close();
  }
}
