import type { IncomingMessage, ServerResponse } from 'node:http';
import { isMethodAllowed } from './auth-gate.js';
import {
  AuthorizationError,
  headerStateKey,
  prepareSession,
  readBody,
  readHeaderState,
  type HeaderState,
} from './http-request.js';
import type { EngineHost, QueryResultEntry } from './engine-host.js';
import type {
  EngineNotification,
  EngineSession,
  SessionOwner,
} from './engine-session.js';
import { runGuardedQuery } from './query-guard.js';
import {
  decodeEngineError,
  decodeRequest,
  errorFrame,
  errors,
  isEngineError,
  resultFrame,
  RpcError,
  valueFrame,
  type RpcRequest,
} from './rpc-frames.js';

/** Methods that need a connection (sessions, transactions, live queries): a real server has them over WebSocket only. */
const WEBSOCKET_ONLY = new Set([
  'live',
  'kill',
  'begin',
  'commit',
  'cancel',
  'attach',
  'detach',
  'sessions',
]);

/** Methods that change session state: they run on a throwaway session so the cached ones stay as their headers say. */
const STATEFUL = new Set([
  'use',
  'let',
  'set',
  'unset',
  'reset',
  'invalidate',
  'signin',
  'signup',
  'authenticate',
  'refresh',
]);

const MAX_CACHED_SESSIONS = 64;

interface CacheEntry {
  session: Promise<EngineSession>;
  users: number;
  evicted: boolean;
}

/**
 * `POST /rpc`: each request carries its state in headers (Surreal-NS, Surreal-DB, Authorization). Preparing an
 * engine session for that state costs a few engine calls, so a prepared session is cached per (authorization, ns, db).
 */
export class HttpRpcHandler implements SessionOwner {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly host: EngineHost) {}

  /** Number of cached sessions (for stats). */
  get cachedSessions(): number {
    return this.cache.size;
  }

  /** HTTP has no live queries; a notification can only be a race with the immediate kill, and is dropped. */
  deliver(_session: EngineSession, _notification: EngineNotification): void {}

  async handle(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      response
        .writeHead(413, { 'Content-Type': 'text/plain' })
        .end(String(error));
      return;
    }
    let rpc: RpcRequest;
    try {
      rpc = decodeRequest(body);
    } catch (error) {
      const body = error instanceof RpcError ? error.body : errors.parse();
      response
        .writeHead(400, { 'Content-Type': 'application/cbor' })
        .end(errorFrame(undefined, body));
      return;
    }
    const state = readHeaderState(request);
    let frame: Buffer;
    try {
      frame = await this.run(rpc, state);
    } catch (error) {
      if (error instanceof AuthorizationError) {
        // The real server's auth layer answers before any route runs, in plain text.
        response
          .writeHead(401, { 'Content-Type': 'text/plain' })
          .end('There was a problem with authentication');
        return;
      }
      const body =
        error instanceof RpcError
          ? error.body
          : errors.unsupported(String(error));
      frame = errorFrame(rpc.id, body);
    }
    response.writeHead(200, { 'Content-Type': 'application/cbor' }).end(frame);
  }

  private async run(rpc: RpcRequest, state: HeaderState): Promise<Buffer> {
    if (!this.host.capabilities.allowsRpc(rpc.method))
      throw new RpcError(errors.rpcMethodNotAllowed(rpc.method));
    if (WEBSOCKET_ONLY.has(rpc.method)) {
      throw new RpcError(
        errors.unsupported(
          `The '${rpc.method}' method needs a WebSocket connection`,
        ),
      );
    }
    if (rpc.txn !== undefined && rpc.txn !== null) {
      throw new RpcError(
        errors.unsupported('Transactions need a WebSocket connection'),
      );
    }
    if (STATEFUL.has(rpc.method)) {
      const session = await prepareSession(this.host, this, state);
      try {
        return await this.execute(rpc, session);
      } finally {
        await this.host.release(session);
      }
    }
    const key = headerStateKey(state);
    const entry = this.acquire(key, state);
    try {
      return await this.execute(rpc, await entry.session);
    } finally {
      await this.releaseEntry(entry);
    }
  }

  private async execute(
    rpc: RpcRequest,
    session: EngineSession,
  ): Promise<Buffer> {
    const params = rpc.params ?? [];
    if (
      !isMethodAllowed(
        rpc.method,
        this.host.authRequired,
        session.authenticated,
      )
    ) {
      throw new RpcError(errors.methodNotAllowed(rpc.method));
    }
    if (rpc.method === 'health') return valueFrame(rpc.id, undefined);
    if (rpc.method === 'query') {
      const outcome = await runGuardedQuery(
        this.host,
        session,
        params,
        undefined,
        {
          // HTTP callers own no live queries.
          mayKill: () => false,
          started: async (entries) => {
            this.host.registerLivesFromQuery(session, entries);
            await this.host.killAll(session);
            return entries.map((entry): QueryResultEntry =>
              entry.type === 'live'
                ? {
                    status: 'ERR',
                    result: 'Live queries need a WebSocket connection',
                    time: entry.time,
                    kind: 'Internal',
                  }
                : entry,
            );
          },
        },
      );
      if ('error' in outcome) return errorFrame(rpc.id, outcome.error);
      return 'bytes' in outcome
        ? resultFrame(rpc.id, outcome.bytes)
        : valueFrame(rpc.id, outcome.value);
    }
    // The SDK sends its session id along; HTTP sessions are the headers, so it is ignored.
    const bytes = await this.host.execute(
      rpc.method,
      rpc.params ?? undefined,
      session,
    );
    if (isEngineError(bytes))
      return errorFrame(rpc.id, decodeEngineError(bytes));
    return resultFrame(rpc.id, bytes);
  }

  private acquire(key: string, state: HeaderState): CacheEntry {
    let entry = this.cache.get(key);
    if (!entry) {
      entry = {
        session: prepareSession(this.host, this, state),
        users: 0,
        evicted: false,
      };
      const created = entry;
      this.cache.set(key, created);
      // Failed preparations (bad credentials) are not cached.
      created.session.catch(() => {
        if (this.cache.get(key) === created) this.cache.delete(key);
      });
      this.evictOverflow();
    } else {
      // Most recently used last, so the oldest is evicted first.
      this.cache.delete(key);
      this.cache.set(key, entry);
    }
    entry.users++;
    return entry;
  }

  private evictOverflow(): void {
    for (const [key, entry] of this.cache) {
      if (this.cache.size <= MAX_CACHED_SESSIONS) break;
      this.cache.delete(key);
      entry.evicted = true;
      if (entry.users === 0) void this.releaseEntry(entry, false);
    }
  }

  private async releaseEntry(entry: CacheEntry, used = true): Promise<void> {
    if (used) entry.users--;
    if (!entry.evicted || entry.users > 0) return;
    const session = await entry.session.catch(() => undefined);
    if (session) await this.host.release(session);
  }

  /** Releases every cached session (server shutdown). */
  async close(): Promise<void> {
    const entries = [...this.cache.values()];
    this.cache.clear();
    for (const entry of entries) {
      const session = await entry.session.catch(() => undefined);
      if (session) await this.host.release(session);
    }
  }
}
