import { Uuid } from 'surrealdb';

/** A live notification as the engine reports it. */
export interface EngineNotification {
  action: 'CREATE' | 'UPDATE' | 'DELETE' | 'KILLED';
  id: Uuid;
  record?: unknown;
  result?: unknown;
  session?: Uuid;
}

/** Who holds an engine session: a WebSocket connection, or the HTTP session cache. */
export interface SessionOwner {
  /** Delivers a notification for one of the owner's live queries (HTTP owners drop it: HTTP has no live queries). */
  deliver(session: EngineSession, notification: EngineNotification): void;
}

/**
 * One private session inside the engine. Clients never see its id: a connection maps the client's own session ids
 * to these, so one client cannot name (and so cannot reach) another client's session.
 */
export class EngineSession {
  /** The engine-side id. */
  readonly id = Uuid.v4();
  readonly key = this.id.toString();
  /** Set by a successful signin/signup/authenticate/refresh, cleared by invalidate/reset. */
  authenticated = false;
  /** Live queries started on this session and not killed yet. */
  readonly lives = new Map<string, Uuid>();
  /** Requests in flight that may start a live query: while any is, notifications of unknown live ids wait. */
  holds = 0;
  /** Notifications waiting for the reply that announces their live query. */
  readonly held: EngineNotification[] = [];

  constructor(
    readonly owner: SessionOwner,
    /** The client's id for this session; `undefined` for a connection's default session. */
    readonly clientId: Uuid | undefined,
  ) {}
}
