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
  /** What clients may do, as `surreal start`'s `--allow-*` / `--deny-*` flags say it (the same defaults). */
  capabilities?: TestServerCapabilities;
}

/**
 * A list for an `--allow-*` / `--deny-*` flag: `true` for everything (the flag without a value), or names
 * (`['http', 'crypto::md5']` for functions, `['example.com', '10.0.0.0/8']` for network targets,
 * `['query', 'let']` for RPC methods, `['sql', 'key']` for HTTP routes).
 */
export type CapabilityTargets = true | readonly string[];

/**
 * Capabilities of the test server, named after `surreal start`'s flags, with its defaults: every function, RPC
 * method and HTTP route allowed; no network target, no scripting, no experimental feature. A `deny*` entry wins
 * over an `allow*` one. Guests (`--allow-guests`) are not offered: the embedded engine has no auth, so a guest
 * would have owner rights.
 */
export interface TestServerCapabilities {
  /** `--allow-all`: everything not denied below. */
  allowAll?: boolean;
  /** `--deny-all`: nothing but what is allowed below. */
  denyAll?: boolean;
  /** `--allow-scripting`: embedded JavaScript functions. */
  allowScripting?: boolean;
  /** `--allow-funcs` / `--deny-funcs`: SurrealQL functions (`http`, `http::get`, `crypto::*`...). */
  allowFuncs?: CapabilityTargets;
  denyFuncs?: CapabilityTargets;
  /** `--allow-net` / `--deny-net`: outbound network targets of `http::*` functions. */
  allowNet?: CapabilityTargets;
  denyNet?: CapabilityTargets;
  /** `--allow-experimental` / `--deny-experimental`: experimental SurrealQL features. */
  allowExperimental?: CapabilityTargets;
  denyExperimental?: CapabilityTargets;
  /** `--allow-rpc` / `--deny-rpc`: RPC methods (`query`, `live`, `signup`...). */
  allowRpc?: CapabilityTargets;
  denyRpc?: CapabilityTargets;
  /** `--allow-http` / `--deny-http`: HTTP routes (`sql`, `key`, `import`, `export`, `signin`, `signup`, `rpc`...). */
  allowHttp?: CapabilityTargets;
  denyHttp?: CapabilityTargets;
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
  capabilities: TestServerCapabilities;
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
