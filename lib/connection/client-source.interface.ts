import type { Surreal } from 'surrealdb';

/** Counters a connection reports through `stats()`; a single client is a pool of one. */
export interface ConnectionStats {
  size: number;
  busy: number;
  idle: number;
  waiting: number;
  created: number;
  destroyed: number;
}

/**
 * Where a `SurrealConnection` gets its SDK clients: one client, or a pool. The connection object callers
 * hold stays the same either way.
 */
export interface ClientSource {
  open(): Promise<void>;
  /** Runs `fn` on a client shared with other callers (a WebSocket carries many requests at once). */
  run<T>(fn: (client: Surreal) => Promise<T>): Promise<T>;
  /** Runs `fn` on a client no other caller uses until `fn` settles (transactions, own auth). */
  lease<T>(fn: (client: Surreal) => Promise<T>): Promise<T>;
  /** The client `connection.client` returns. */
  readonly primary: Surreal;
  /** The client live queries run on: a pool keeps a member of its own for them. */
  liveClient(): Promise<Surreal>;
  isConnected(): boolean;
  stats(): ConnectionStats;
  close(): Promise<void>;
}
