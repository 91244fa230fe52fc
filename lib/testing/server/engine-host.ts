import { Uuid } from 'surrealdb';
import type { ServerCapabilities } from './capabilities.js';
import type { NativeEngine } from '../../connection/native-binding.js';
import {
  EngineSession,
  type EngineNotification,
  type SessionOwner,
} from './engine-session.js';
import {
  cbor,
  decodeEngineError,
  isEngineError,
  RpcError,
} from './rpc-frames.js';

/** One entry of a `query` answer. */
export interface QueryResultEntry {
  status: 'OK' | 'ERR';
  result?: unknown;
  type?: string;
  time?: string;
  kind?: string;
  details?: unknown;
}

/** What the engine holds on behalf of clients. */
export interface EngineStats {
  /** Sessions attached in the engine, as the engine itself reports them. */
  engineSessions: number;
  /** Sessions the server tracks (equals `engineSessions` unless something leaked). */
  sessions: number;
  /** Live queries started by clients and not killed. */
  liveQueries: number;
  /** Live ids the server can still route a notification for. */
  liveRoutes: number;
  /** CREATE/UPDATE/DELETE notifications that had no session to go to. */
  orphanNotifications: number;
}

/**
 * Owns the embedded engine and what lives in it on behalf of clients: engine sessions, and live queries with the
 * session that started each one, so that notifications reach only that session's connection.
 */
export class EngineHost {
  /** Every engine session the server attached, by engine id. */
  readonly sessions = new Map<string, EngineSession>();
  /** Notification routes: live id -> the session that started it. */
  readonly lives = new Map<string, EngineSession>();
  /**
   * Live ids whose owner is gone (killed, or released with its session). Notifications already queued for them are
   * in transit when a client drops, so they are dropped silently rather than counted as orphans. Bounded.
   */
  private readonly retired = new Set<string>();
  private orphanNotifications = 0;
  private receiving: Promise<void> | undefined;

  constructor(
    readonly engine: NativeEngine,
    /** True when the server was started with credentials: unauthenticated sessions are then gated. */
    readonly authRequired: boolean,
    /** What clients may do; the server checks RPC methods and HTTP routes. */
    readonly capabilities: ServerCapabilities,
    /** What the engine reports as its version, e.g. `surrealdb-3.0.2`. */
    readonly version: string,
  ) {}

  /** Starts forwarding engine notifications to the connections that own them. */
  async startNotifications(): Promise<void> {
    const receiver = await this.engine.notifications();
    this.receiving = (async () => {
      for (;;) {
        const bytes = await receiver.recv();
        if (bytes === null) return;
        try {
          this.route(cbor.decode<EngineNotification>(bytes));
        } catch {
          // One bad notification must not stop delivery for everybody else.
        }
      }
    })();
  }

  /** Runs one request on the engine and returns the raw answer (a result, or `{error}`). */
  async execute(
    method: string,
    params: unknown[] | undefined,
    session?: EngineSession,
    txn?: unknown,
  ): Promise<Uint8Array> {
    const request: Record<string, unknown> = { method };
    if (params !== undefined) request.params = params;
    if (session) request.session = session.id;
    if (txn !== undefined && txn !== null) request.txn = txn;
    return this.engine.execute(cbor.encode(request));
  }

  /** Runs one request and decodes its result; engine errors are thrown as `RpcError`. */
  async call<T = unknown>(
    method: string,
    params: unknown[] | undefined,
    session?: EngineSession,
    txn?: unknown,
  ): Promise<T> {
    const bytes = await this.execute(method, params, session, txn);
    if (isEngineError(bytes)) throw new RpcError(decodeEngineError(bytes));
    return cbor.decode<T>(bytes);
  }

  /** Creates a fresh engine session (no ns/db, anonymous, no variables) for `owner`. */
  async attach(
    owner: SessionOwner,
    clientId: Uuid | undefined,
  ): Promise<EngineSession> {
    const session = new EngineSession(owner, clientId);
    await this.call('attach', undefined, session);
    this.sessions.set(session.key, session);
    return session;
  }

  /**
   * Removes a session and everything it started. The engine's `detach` leaves live queries running, and `reset` only
   * kills those that never notified, so each live query is killed explicitly first.
   */
  async release(session: EngineSession): Promise<void> {
    await this.killAll(session);
    await this.call('reset', undefined, session).catch(() => undefined);
    await this.call('detach', undefined, session).catch(() => undefined);
    this.sessions.delete(session.key);
    for (const [id, owner] of this.lives) {
      if (owner !== session) continue;
      this.lives.delete(id);
      this.retire(id);
    }
  }

  private retire(id: string): void {
    this.retired.add(id);
    if (this.retired.size > 100_000)
      this.retired.delete(this.retired.values().next().value!);
  }

  /** Kills every live query of `session`. */
  async killAll(session: EngineSession): Promise<void> {
    for (const [id, live] of session.lives) {
      await this.call('kill', [live], session).catch(() => undefined);
      session.lives.delete(id);
    }
  }

  /** Records that `session` started live query `live`. */
  registerLive(session: EngineSession, live: unknown): void {
    const id =
      live instanceof Uuid
        ? live
        : typeof live === 'string'
          ? new Uuid(live)
          : undefined;
    if (!id) return;
    session.lives.set(id.toString(), id);
    this.lives.set(id.toString(), session);
  }

  /** Registers every live query in a `query` answer. */
  registerLivesFromQuery(
    session: EngineSession,
    entries: QueryResultEntry[],
  ): void {
    for (const entry of entries) {
      if (entry.type === 'live' && entry.status === 'OK')
        this.registerLive(session, entry.result);
    }
  }

  /**
   * Holds back notifications for live queries `session` has not announced yet, until {@link unhold}: a real server
   * writes a reply straight to the socket, so a client never sees a notification before the reply that gives it
   * the live id (the reply takes more hops here).
   */
  hold(session: EngineSession): void {
    session.holds++;
  }

  /** Ends one {@link hold}; after the last one, the held notifications go out in arrival order. */
  unhold(session: EngineSession): void {
    session.holds--;
    if (session.holds > 0) return;
    for (const notification of session.held.splice(0)) this.route(notification);
  }

  /** Drops the route of a live query that was killed. */
  forgetLive(id: string): void {
    this.lives.get(id)?.lives.delete(id);
    this.lives.delete(id);
    this.retire(id);
  }

  /** The session that started live query `id`, if it is still routed. */
  liveOwner(id: string): EngineSession | undefined {
    return this.lives.get(id);
  }

  private route(notification: EngineNotification): void {
    const liveId = notification.id?.toString();
    // KILLED notifications never carry a session, and the default session reports none: fall back to the live id.
    let session = notification.session
      ? this.sessions.get(notification.session.toString())
      : undefined;
    session ??= liveId ? this.lives.get(liveId) : undefined;
    if (!session) {
      if (!liveId || !this.retired.has(liveId)) this.orphanNotifications++;
      return;
    }
    if (
      session.holds > 0 &&
      liveId &&
      !this.lives.has(liveId) &&
      notification.action !== 'KILLED'
    ) {
      session.held.push(notification);
      return;
    }
    if (liveId && notification.action === 'KILLED') {
      this.forgetLive(liveId);
      session.lives.delete(liveId);
    } else if (liveId && !this.lives.has(liveId)) {
      // Started where the server could not see it (inside a function, say): learn the owner from the notification,
      // so that the live query dies with its session.
      this.registerLive(session, notification.id);
    }
    session.owner.deliver(session, notification);
  }

  /** Counts of what the engine holds for clients: proves that disconnects leave nothing behind. */
  async stats(): Promise<EngineStats> {
    const attached = await this.call<unknown[]>('sessions', undefined);
    let liveQueries = 0;
    for (const session of this.sessions.values())
      liveQueries += session.lives.size;
    return {
      engineSessions: attached.length,
      sessions: this.sessions.size,
      liveQueries,
      liveRoutes: this.lives.size,
      orphanNotifications: this.orphanNotifications,
    };
  }

  /** Frees the engine (which releases a storage directory's lock) and waits for the notification loop to end. */
  async close(): Promise<void> {
    this.engine.free();
    await Promise.race([
      this.receiving,
      new Promise((resolve) => setTimeout(resolve, 500).unref()),
    ]);
  }
}
