import type { SurrealConnection } from '../connection/surreal-connection.js';

/** Which connection `SurrealHealthIndicator.pingCheck()` pings, and how long it may take. */
export interface SurrealPingCheckOptions {
  /** The connection to ping; wins over `connectionName`. */
  connection?: SurrealConnection;
  /** Name of a connection registered with `SurrealModule` or `createConnection()`. Default: the default connection. */
  connectionName?: string;
  /** Milliseconds the ping may take before the key is reported `down`. Default 1000. */
  timeout?: number;
}
