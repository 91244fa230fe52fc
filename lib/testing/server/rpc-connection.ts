import { Uuid } from 'surrealdb';
import WebSocket from 'ws';
import { canonicalMethod } from './capabilities.js';
import {
  isMethodAllowed,
  SIGN_IN_METHODS,
  SIGN_OUT_METHODS,
} from './auth-gate.js';
import type { EngineHost } from './engine-host.js';
import type {
  EngineNotification,
  EngineSession,
  SessionOwner,
} from './engine-session.js';
import { mayStartLive } from './kill-statement.js';
import { outcomeFrame, runGuardedQuery } from './query-guard.js';
import {
  cbor,
  engineFrame,
  decodeRequest,
  errorFrame,
  errors,
  isEngineError,
  RpcError,
  toUuid,
  valueFrame,
  type RpcRequest,
} from './rpc-frames.js';

const DEFAULT_SESSION = '';

/** Live queries a reply announces: registered (so their notifications flow) once the reply is sent. */
interface Announcement {
  session?: EngineSession;
  lives: unknown[];
}

/**
 * One WebSocket client. Its sessions (the default one and those it attaches) are private engine sessions, and it may
 * only use the transactions and kill the live queries it started itself.
 */
export class RpcConnection implements SessionOwner {
  /** Client session id ('' for the default session) -> private engine session. */
  private readonly sessions = new Map<string, EngineSession>();
  /** Open transactions, by id, with the session that began them. */
  private readonly transactions = new Map<
    string,
    { id: Uuid; session: EngineSession }
  >();
  private readonly inFlight = new Set<Promise<void>>();
  private closing: Promise<void> | undefined;
  /** The connection's id: a real server names its default session by it in notifications. */
  private readonly id = Uuid.v4();

  private constructor(
    private readonly host: EngineHost,
    private readonly socket: WebSocket,
  ) {}

  /** Sets up a connection with its default session; the socket's messages are handled from then on. */
  static async open(
    host: EngineHost,
    socket: WebSocket,
  ): Promise<RpcConnection> {
    const connection = new RpcConnection(host, socket);
    // Frames can arrive while the default session is being attached: hold them until it exists.
    const early: Buffer[] = [];
    socket.on('message', (data: Buffer, isBinary: boolean) =>
      early.push(isBinary ? data : Buffer.alloc(0)),
    );
    const session = await host.attach(connection, undefined);
    connection.sessions.set(DEFAULT_SESSION, session);
    socket.removeAllListeners('message');
    socket.on('message', (data: Buffer, isBinary: boolean) =>
      connection.receive(isBinary ? data : Buffer.alloc(0)),
    );
    for (const data of early) connection.receive(data);
    return connection;
  }

  /** Number of open transactions (for stats). */
  get transactionCount(): number {
    return this.transactions.size;
  }

  private receive(data: Buffer): void {
    if (this.closing) return;
    const task = this.handle(data).finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  private send(frame: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(frame);
  }

  private async handle(data: Buffer): Promise<void> {
    let request: RpcRequest;
    try {
      request = decodeRequest(data);
    } catch (error) {
      const rpc =
        error instanceof RpcError ? error : new RpcError(errors.parse());
      this.send(errorFrame(rpc.requestId, rpc.body));
      return;
    }
    const announce: Announcement = { lives: [] };
    const held = this.holdNotifications(request);
    try {
      this.send(await this.dispatch(request, announce));
    } catch (error) {
      const body =
        error instanceof RpcError
          ? error.body
          : errors.unsupported(String(error));
      this.send(errorFrame(request.id, body));
    } finally {
      // Only now that the reply is on the socket may notifications of its live queries follow it.
      if (announce.session)
        for (const live of announce.lives)
          this.host.registerLive(announce.session, live);
      if (held) this.host.unhold(held);
    }
  }

  /** For a request that may start a live query: holds its session's notifications of unknown live ids. */
  private holdNotifications(request: RpcRequest): EngineSession | undefined {
    const text = request.params?.[0];
    const startsLive =
      request.method === 'live' ||
      (request.method === 'query' &&
        typeof text === 'string' &&
        mayStartLive(text));
    if (!startsLive) return undefined;
    try {
      const session = this.session(request.session);
      this.host.hold(session);
      return session;
    } catch {
      return undefined;
    }
  }

  private session(clientId: unknown): EngineSession {
    if (clientId === undefined || clientId === null)
      return this.sessions.get(DEFAULT_SESSION)!;
    const key = toUuid(clientId)?.toString();
    const session = key ? this.sessions.get(key) : undefined;
    if (!session)
      throw new RpcError(
        errors.sessionNotFound(key ?? 'an invalid session id'),
      );
    return session;
  }

  private checkTransaction(txn: unknown): void {
    if (txn === undefined || txn === null) return;
    const key = toUuid(txn)?.toString();
    if (!key || !this.transactions.has(key))
      throw new RpcError(errors.transactionNotFound());
  }

  /** Forwards a request to the engine on `session` and wraps the answer. */
  private async forward(
    request: RpcRequest,
    session: EngineSession,
  ): Promise<{ frame: Buffer; ok: boolean; bytes: Uint8Array }> {
    const bytes = await this.host.execute(
      request.method,
      request.params ?? undefined,
      session,
      request.txn,
    );
    return {
      frame: engineFrame(request.id, bytes),
      ok: !isEngineError(bytes),
      bytes,
    };
  }

  private async dispatch(
    request: RpcRequest,
    announce: Announcement,
  ): Promise<Buffer> {
    const { id, method } = request;
    const params = request.params ?? [];
    if (!this.host.capabilities.allowsRpc(method))
      throw new RpcError(errors.methodNotAllowed(canonicalMethod(method)));
    if (method === 'attach') return this.attach(request);
    const session = this.session(request.session);
    if (
      !isMethodAllowed(
        method,
        params,
        this.host.authRequired,
        session.authenticated,
      )
    ) {
      throw new RpcError(errors.anonymous());
    }
    this.checkTransaction(request.txn);
    switch (method) {
      case 'health':
        return valueFrame(id, undefined);
      case 'sessions':
        return valueFrame(
          id,
          [...this.sessions.values()].flatMap((s) =>
            s.clientId ? [s.clientId] : [],
          ),
        );
      case 'detach':
        return this.detach(request, session);
      case 'begin': {
        const out = await this.forward(request, session);
        const txn = out.ok ? toUuid(cbor.decode(out.bytes)) : undefined;
        if (txn) this.transactions.set(txn.toString(), { id: txn, session });
        return out.frame;
      }
      case 'commit':
      case 'cancel': {
        this.checkTransaction(params[0]);
        const out = await this.forward(request, session);
        if (out.ok) this.transactions.delete(toUuid(params[0])!.toString());
        return out.frame;
      }
      case 'kill': {
        const live = toUuid(params[0])?.toString();
        // Not a uuid: it names no live query, and the engine words the error.
        if (live && !this.ownsLive(live))
          throw new RpcError(
            errors.killNotFound(
              params[0] instanceof Uuid ? `u'${live}'` : `'${live}'`,
            ),
          );
        const out = await this.forward(request, session);
        if (out.ok && live) this.host.liveOwner(live)?.lives.delete(live);
        return out.frame;
      }
      case 'live': {
        const out = await this.forward(request, session);
        if (out.ok) {
          announce.session = session;
          announce.lives.push(cbor.decode(out.bytes));
        }
        return out.frame;
      }
      case 'query': {
        const outcome = await runGuardedQuery(
          this.host,
          session,
          params,
          request.txn,
          {
            realtime: true,
            mayKill: (live) => this.ownsLive(live),
            started: async (entries) => {
              announce.session = session;
              for (const entry of entries)
                if (entry.type === 'live' && entry.status === 'OK')
                  announce.lives.push(entry.result);
            },
          },
        );
        return outcomeFrame(id, outcome);
      }
      case 'reset':
        // The engine's reset misses live queries that already notified: kill them all first.
        await this.host.killAll(session);
        break;
    }
    const out = await this.forward(request, session);
    if (out.ok && SIGN_IN_METHODS.has(method)) session.authenticated = true;
    if (out.ok && SIGN_OUT_METHODS.has(method)) session.authenticated = false;
    return out.frame;
  }

  private ownsLive(live: string): boolean {
    const owner = this.host.liveOwner(live);
    return owner !== undefined && owner.owner === this && owner.lives.has(live);
  }

  private async attach(request: RpcRequest): Promise<Buffer> {
    if (request.session === undefined || request.session === null) {
      throw new RpcError(errors.invalidParams('Expected a session ID'));
    }
    const clientId = toUuid(request.session);
    if (!clientId)
      throw new RpcError(errors.invalidParams('Expected a session ID'));
    const key = clientId.toString();
    if (this.sessions.has(key)) throw new RpcError(errors.sessionExists(key));
    const session = await this.host.attach(this, clientId);
    if (this.sessions.has(key)) {
      // A concurrent attach with the same id won the race.
      await this.host.release(session);
      throw new RpcError(errors.sessionExists(key));
    }
    this.sessions.set(key, session);
    return valueFrame(request.id, undefined);
  }

  private async detach(
    request: RpcRequest,
    session: EngineSession,
  ): Promise<Buffer> {
    if (!session.clientId)
      throw new RpcError(errors.invalidParams('Expected a session ID'));
    this.sessions.delete(session.clientId.toString());
    await this.cancelTransactions(session);
    await this.host.release(session);
    return valueFrame(request.id, undefined);
  }

  private async cancelTransactions(session?: EngineSession): Promise<void> {
    for (const [key, txn] of this.transactions) {
      if (session && txn.session !== session) continue;
      await this.host
        .call('cancel', [txn.id], txn.session)
        .catch(() => undefined);
      this.transactions.delete(key);
    }
  }

  /**
   * Sends a notification for one of this connection's live queries, as a real server does: tagged with the
   * client's session id (the connection's id for its default session); KILLED carries NONE for record, result and
   * session.
   */
  deliver(session: EngineSession, notification: EngineNotification): void {
    const killed = notification.action === 'KILLED';
    const message: Record<string, unknown> = {
      action: notification.action,
      id: notification.id,
      record: notification.record,
      result: notification.result,
      session: killed ? undefined : (session.clientId ?? this.id),
    };
    this.send(cbor.encode({ result: message }));
  }

  /**
   * Cleans up after the socket closed: waits for requests in flight (one may be starting a live query or a
   * transaction), then cancels transactions, kills live queries, resets and detaches every session.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.inFlight.size > 0) await Promise.allSettled(this.inFlight);
      await this.cancelTransactions();
      for (const session of this.sessions.values())
        await this.host.release(session);
      this.sessions.clear();
    })();
    return this.closing;
  }
}
