import type { IncomingMessage, ServerResponse } from 'node:http';
import { Uuid } from 'surrealdb';
import { canonicalMethod } from './capabilities.js';
import { isMethodAllowed } from './auth-gate.js';
import {
  AuthorizationError,
  headerStateKey,
  httpErrors,
  prepareSession,
  readBody,
  readHeaderState,
  sendError,
  sendUnauthorized,
  type HeaderState,
} from './http-request.js';
import type { EngineHost } from './engine-host.js';
import type {
  EngineNotification,
  EngineSession,
  SessionOwner,
} from './engine-session.js';
import { outcomeFrame, runGuardedQuery } from './query-guard.js';
import {
  engineFrame,
  decodeRequest,
  errorFrame,
  errors,
  RpcError,
  valueFrame,
  type RpcRequest,
} from './rpc-frames.js';

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
        .writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end(String(error));
      return;
    }
    // A real server checks the credentials first (401), then the request itself.
    const state = readHeaderState(request);
    const entry = this.acquire(headerStateKey(state), state);
    try {
      let session: EngineSession;
      try {
        session = await entry.session;
      } catch (error) {
        if (!(error instanceof AuthorizationError)) throw error;
        sendUnauthorized(response, error);
        return;
      }
      // A Content-Type is required, and Accept (when given) must name the same format.
      const type = request.headers['content-type']?.split(';')[0].trim();
      if (!type) {
        response
          .writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' })
          .end('Header of type `content-type` was missing');
        return;
      }
      const accept = request.headers.accept?.split(';')[0].trim();
      // This server speaks CBOR only (a real one also takes JSON and FlatBuffers).
      if (type !== 'application/cbor' || (accept && accept !== type)) {
        sendError(response, httpErrors.unsupportedType());
        return;
      }
      let rpc: RpcRequest;
      try {
        rpc = decodeRequest(body);
      } catch (error) {
        const message =
          error instanceof RpcError ? error.body.message : 'Parse error';
        sendError(response, httpErrors.badRequest(message));
        return;
      }
      let frame: Buffer;
      try {
        frame = await this.run(rpc, state, session);
      } catch (error) {
        if (error instanceof AuthorizationError) {
          sendUnauthorized(response, error);
          return;
        }
        const body =
          error instanceof RpcError
            ? error.body
            : errors.unsupported(String(error));
        // HTTP replies carry no id: the request is the reply's context.
        frame = errorFrame(undefined, body);
      }
      response
        .writeHead(200, { 'Content-Type': 'application/cbor' })
        .end(frame);
    } finally {
      await this.releaseEntry(entry);
    }
  }

  private async run(
    rpc: RpcRequest,
    state: HeaderState,
    cached: EngineSession,
  ): Promise<Buffer> {
    const { method } = rpc;
    if (!this.host.capabilities.allowsRpc(method))
      throw new RpcError(errors.methodNotAllowed(canonicalMethod(method)));
    // What a real server answers for what needs a WebSocket connection.
    if (method === 'live' || method === 'kill')
      throw new RpcError(errors.liveNotSupported());
    if (method === 'begin' || method === 'commit' || method === 'cancel')
      throw new RpcError(errors.methodNotFound(method));
    if (method === 'attach' || method === 'detach')
      throw new RpcError(errors.invalidParams('Expected a session ID'));
    if (method === 'sessions') return valueFrame(undefined, []);
    if (rpc.txn !== undefined && rpc.txn !== null)
      throw new RpcError(errors.methodNotAllowed('unknown'));
    if (rpc.session !== undefined && rpc.session !== null)
      throw new RpcError(
        errors.sessionNotFound(
          rpc.session instanceof Uuid || typeof rpc.session === 'string'
            ? rpc.session.toString()
            : 'an invalid session id',
        ),
      );
    if (STATEFUL.has(method)) {
      const session = await prepareSession(this.host, this, state);
      try {
        return await this.execute(rpc, session);
      } finally {
        await this.host.release(session);
      }
    }
    return this.execute(rpc, cached);
  }

  private async execute(
    rpc: RpcRequest,
    session: EngineSession,
  ): Promise<Buffer> {
    const params = rpc.params ?? [];
    if (
      !isMethodAllowed(
        rpc.method,
        params,
        this.host.authRequired,
        session.authenticated,
      )
    ) {
      throw new RpcError(errors.anonymous());
    }
    if (rpc.method === 'health') return valueFrame(undefined, undefined);
    if (rpc.method === 'query') {
      const outcome = await runGuardedQuery(
        this.host,
        session,
        params,
        undefined,
        {
          // No connection to send notifications to: LIVE and KILL fail as on a real server's HTTP.
          realtime: false,
          mayKill: () => false,
          started: async (entries) => {
            this.host.registerLivesFromQuery(session, entries);
            await this.host.killAll(session);
          },
        },
      );
      return outcomeFrame(undefined, outcome);
    }
    // The SDK sends its session id along; HTTP sessions are the headers, so it is ignored.
    const bytes = await this.host.execute(
      rpc.method,
      rpc.params ?? undefined,
      session,
    );
    return engineFrame(undefined, bytes);
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
