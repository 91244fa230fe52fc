import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { SurrealLogger } from '../connection/surreal-logger.interface.js';

/**
 * Logs that a connection opened: name, URL without credentials, the server's (or embedded engine's) version and
 * how long connecting took, e.g. `connection "default" (ws://db:8000/rpc) open: surrealdb-3.0.2, in 42 ms`.
 * The version costs one round trip; when it fails the line still appears, without it.
 */
export async function logConnectionOpened(
  connection: SurrealConnection,
  logger: SurrealLogger,
  startedAt: number,
): Promise<void> {
  const elapsed = Math.round(performance.now() - startedAt);
  const version = await connection
    .run((client) => client.version(), 'version')
    .then(({ version }) => `${version}, `)
    .catch(() => '');
  logger.log(
    `connection "${connection.name}" (${connection.url}) open: ${version}in ${elapsed} ms`,
  );
}

/** Logs that a connection was closed by the app's shutdown. */
export function logConnectionClosed(
  connection: SurrealConnection,
  logger: SurrealLogger,
): void {
  logger.log(`connection "${connection.name}" (${connection.url}) closed`);
}
