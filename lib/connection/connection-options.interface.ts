import type { AuthProvider, Engines, Surreal } from 'surrealdb';
import type { SurrealConnection } from './surreal-connection.js';
import type { SurrealLogger } from './surreal-logger.interface.js';

/** What `clientFactory` gets: the engines and WebSocket implementation the library would use. */
export interface SurrealClientDefaults {
  /** Engines for every URL scheme of the connection; errors they publish end a failing connect attempt. */
  engines: Engines;
  /** The `ws` package's WebSocket (Node 20 has no global one). */
  websocketImpl: typeof globalThis.WebSocket;
}

/**
 * How to reach one SurrealDB database. Names and units follow SurrealEngine's `create_connection`, camelCased.
 */
export interface SurrealConnectionOptions {
  /** `ws://`, `wss://`, `http://`, `https://`, `mem://`, `file://path`, `surrealkv://path` or `rocksdb://path`. */
  url: string;
  /** Registry name of the connection. Default `"default"`. */
  name?: string;
  /** Namespace to use. */
  namespace?: string;
  /** Database to use. */
  database?: string;
  /** Root user name (with `password`). For namespace/database users or record access use `auth`. */
  username?: string;
  /** Root user password (with `username`). Never logged. */
  password?: string;
  /** A token (JWT) to authenticate with instead of a user name and password. Never logged. */
  token?: string;
  /**
   * Any authentication the SDK accepts, passed through as its `authentication` option so reconnects re-authenticate:
   * `{ namespace, database, username, password }`, a token, or a function returning either.
   */
  auth?: AuthProvider;
  /** Make this connection the registry's default (what `@InjectConnection()` and `Model.objects` use). */
  makeDefault?: boolean;
  /** How many times to retry a failed connect (so at most `1 + retryLimit` attempts). Default 3. */
  retryLimit?: number;
  /** Seconds to wait before the first retry. Default 0.5. */
  initialDelay?: number;
  /** Factor by which the wait grows after each retry. Default 2.0. */
  backoff?: number;
  /** Seconds allowed for each connect attempt and each call (query, ping, ...). Default 30. */
  timeout?: number;
  /** Re-open the socket by itself after the server went away (ws/wss). Default true. */
  reconnect?: boolean;
  /** Spread calls over several clients. Default false. */
  usePool?: boolean;
  /** Number of clients in the pool. Default 10. */
  poolSize?: number;
  /** Seconds a spare pool member may stay idle before it is closed. Default 60. */
  poolMaxIdle?: number;
  /** Ping a pool member before handing it out. Default false. */
  poolValidation?: boolean;
  /** Seconds a caller waits for a free pool member before failing. Default: `timeout`. */
  poolAcquireTimeout?: number;
  /** Where to log attempts and retries; `false` for silence. Default: the console (Nest's `Logger` in the module). */
  logger?: SurrealLogger | false;
  /**
   * Do not wait for the database: `connect()` resolves at once and connecting goes on in the background, round
   * after round (each of `1 + retryLimit` attempts), waiting `initialDelay * backoff^n` (at most 30 s) between
   * rounds, until it succeeds or the connection is closed. Meanwhile calls fail at once with "not connected yet".
   * Default false.
   */
  lazyConnect?: boolean;
  /**
   * Runs after every successful connect and every reconnect, with the connection open (`DEFINE`s, checks). A throw
   * fails that connect (it is logged after a reconnect).
   */
  onConnect?: (connection: SurrealConnection) => unknown;
  /** Makes each SDK client instead of the library (pass `defaults.engines`, or failed connects are only bounded by `timeout`). */
  clientFactory?: (
    defaults: SurrealClientDefaults,
  ) => Surreal | Promise<Surreal>;
}
