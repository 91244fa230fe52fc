import type { SurrealConnection } from '../connection/surreal-connection.js';

/** Which connection `SurrealHealthIndicator.pingCheck()` pings, and how long it may take. */
export interface SurrealPingCheckOptions {
  /** The connection to ping; wins over `connectionName`. */
  connection?: SurrealConnection;
  /** Name of a connection registered with `SurrealModule` or `createConnection()`. Default: the default connection. */
  connectionName?: string;
  /** Seconds the ping may take before the key is reported `down` (like the connection's `timeout`). Default 1. */
  timeout?: number;
}
