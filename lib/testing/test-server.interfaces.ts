/** Where the test server keeps its data. */
export type TestServerStorage =
  'mem://' | `surrealkv://${string}` | `rocksdb://${string}`;

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  /** `mem://` (default), `surrealkv:///abs/dir` or `rocksdb:///abs/dir`. */
  storage?: TestServerStorage;
  /** Root user to create (with `password`); when set, clients must sign in before they can do anything else. */
  username?: string;
  /** Password of the root user. */
  password?: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. `restart()` keeps the port it got. */
  port?: number;
  /** How long to wait for the server process to be ready, in seconds like every duration option (default 20). */
  startTimeout?: number;
}

/** Counts of what the server holds for clients; a diagnostic for tests, not part of SurrealDB's protocol. */
export interface TestServerStats {
  /** Open WebSocket connections. */
  connections: number;
  /** Sessions attached in the engine, as the engine itself counts them. */
  engineSessions: number;
  /** Sessions the server tracks for clients (WebSocket sessions and cached HTTP sessions). */
  sessions: number;
  /** Cached HTTP sessions. */
  httpSessions: number;
  /** Live queries started by clients and not killed yet. */
  liveQueries: number;
  /** Live ids the server can still route a notification for. */
  liveRoutes: number;
  /** Open transactions. */
  transactions: number;
  /** CREATE/UPDATE/DELETE notifications that had no session to go to. */
  orphanNotifications: number;
}

/** Parent -> child: the first message, with everything the server needs (credentials never go through argv/env). */
export interface StartMessage {
  type: 'start';
  storage: string;
  port: number;
  username?: string;
  password?: string;
}

/** Parent -> child: asks for {@link TestServerStats}. */
export interface StatsRequestMessage {
  type: 'stats';
  requestId: number;
}

/** Child -> parent messages. */
export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'failed'; message: string }
  | { type: 'stats'; requestId: number; stats: TestServerStats };
