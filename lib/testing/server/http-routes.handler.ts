import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineHost, QueryResultEntry } from './engine-host.js';
import type {
  EngineNotification,
  EngineSession,
  SessionOwner,
} from './engine-session.js';
import {
  acceptOf,
  AuthorizationError,
  engineHttpError,
  httpErrors,
  prepareSession,
  readBody,
  readHeaderState,
  sendError,
  sendUnauthorized,
  sendValue,
  type HttpErrorMessage,
} from './http-request.js';
import { cbor, RpcError } from './rpc-frames.js';

/** An answer the route already wrote as an HTTP error. */
class HttpError extends Error {
  constructor(readonly answer: HttpErrorMessage) {
    super(answer.information ?? answer.details);
  }
}

/** The statements of `/key` as a real server runs them (`$data` is the request body, evaluated as SurrealQL). */
const KEY_STATEMENTS: Record<string, { table: string; record: string }> = {
  GET: {
    table: 'SELECT * FROM type::table($table) LIMIT $limit START $start',
    record: 'SELECT * FROM type::record($table, $id)',
  },
  POST: {
    table: 'CREATE type::table($table) CONTENT $data',
    record: 'CREATE type::record($table, $id) CONTENT $data',
  },
  PUT: {
    table: 'UPDATE type::table($table) CONTENT $data',
    record: 'UPSERT type::record($table, $id) CONTENT $data',
  },
  PATCH: {
    table: 'UPDATE type::table($table) MERGE $data',
    record: 'UPSERT type::record($table, $id) MERGE $data',
  },
  DELETE: {
    table: 'DELETE type::table($table) RETURN BEFORE',
    record: 'DELETE type::record($table, $id) RETURN BEFORE',
  },
};

/** A URL query value as a real server reads it: JSON when it parses, else the text itself. */
function queryValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The HTTP routes of a real server besides `/rpc`: `/sql`, `/signin`, `/signup`, `/key/:table[/:id]`, `/import` and
 * `/export`, with the same status codes and bodies (JSON unless `Accept: application/cbor`).
 */
export class HttpRoutesHandler implements SessionOwner {
  /** Import and export run on the engine's one default session: one at a time. */
  private defaultSession: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: EngineHost) {}

  /** HTTP has no live queries. */
  deliver(_session: EngineSession, _notification: EngineNotification): void {}

  /** The route a path belongs to, or undefined when this handler has none for it. */
  static routeOf(path: string): string | undefined {
    const route = /^\/(sql|signin|signup|key|import|export)(\/|$)/.exec(
      path,
    )?.[1];
    return route;
  }

  async handle(
    route: string,
    path: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    if (request.method === 'OPTIONS') {
      response.writeHead(200).end();
      return;
    }
    if (!this.host.capabilities.allowsHttp(route)) {
      sendError(response, httpErrors.forbiddenRoute(route));
      return;
    }
    const state = readHeaderState(request);
    let session: EngineSession;
    try {
      session = await prepareSession(this.host, this, state);
    } catch (error) {
      if (!(error instanceof AuthorizationError)) throw error;
      sendUnauthorized(response, error);
      return;
    }
    try {
      await this.route(route, path, request, response, session);
    } catch (error) {
      if (error instanceof HttpError) sendError(response, error.answer);
      else if (error instanceof RpcError)
        sendError(response, engineHttpError(error.body.message));
      else throw error;
    } finally {
      await this.host.release(session);
    }
  }

  private async route(
    route: string,
    path: string,
    request: IncomingMessage,
    response: ServerResponse,
    session: EngineSession,
  ): Promise<void> {
    const method = request.method ?? 'GET';
    const allowed: Record<string, string[]> = {
      sql: ['POST'],
      signin: ['POST'],
      signup: ['POST'],
      import: ['POST'],
      export: ['GET', 'POST'],
      key: Object.keys(KEY_STATEMENTS),
    };
    if (!allowed[route].includes(method)) {
      response.writeHead(405).end();
      return;
    }
    const body = await readBody(request);
    switch (route) {
      case 'sql':
        return this.sql(request, response, session, body);
      case 'signin':
      case 'signup':
        return this.signIn(route, request, response, session, body);
      case 'key':
        return this.key(path, request, response, session, body);
      case 'import':
        return this.import(request, response, session, body);
      default:
        return this.export(request, response, session, body);
    }
  }

  /**
   * A client that has not signed in may not query on a server with credentials. A real server words it as its
   * query engine does (`/sql`, `/key`) or as its permission check does (`/import`, `/export`).
   */
  private checkQuerier(session: EngineSession, route: string): void {
    if (!this.host.authRequired || session.authenticated) return;
    const query = route === 'sql' || route === 'key';
    throw new HttpError(
      httpErrors.forbidden(
        query
          ? 'Anonymous access not allowed: Not enough permissions to perform this action'
          : 'IAM error: Not enough permissions to perform this action',
      ),
    );
  }

  private async run(
    session: EngineSession,
    sql: string,
    vars: Record<string, unknown>,
  ): Promise<QueryResultEntry[]> {
    return this.host.call<QueryResultEntry[]>('query', [sql, vars], session);
  }

  private async sql(
    request: IncomingMessage,
    response: ServerResponse,
    session: EngineSession,
    body: Buffer,
  ): Promise<void> {
    this.checkQuerier(session, 'sql');
    // URL query parameters are the query's variables, as text.
    const vars = Object.fromEntries(
      new URL(request.url ?? '/', 'http://x').searchParams,
    );
    sendValue(request, response, await this.run(session, String(body), vars));
  }

  private async signIn(
    route: 'signin' | 'signup',
    request: IncomingMessage,
    response: ServerResponse,
    session: EngineSession,
    body: Buffer,
  ): Promise<void> {
    let credentials: unknown;
    try {
      credentials = JSON.parse(String(body));
    } catch {
      credentials = undefined;
    }
    if (
      !credentials ||
      typeof credentials !== 'object' ||
      Array.isArray(credentials)
    )
      throw new HttpError(
        httpErrors.badRequest('The request body contains invalid data'),
      );
    const token = await this.host.call<unknown>(route, [credentials], session);
    const accept = acceptOf(request);
    if (accept === 'none') {
      response.writeHead(200).end();
    } else if (accept === 'text') {
      const access =
        typeof token === 'string'
          ? token
          : (token as { access?: string }).access;
      response
        .writeHead(200, { 'Content-Type': 'text/plain' })
        .end(access ?? '');
    } else {
      sendValue(request, response, {
        code: 200,
        details: 'Authentication succeeded',
        token,
      });
    }
  }

  private async key(
    path: string,
    request: IncomingMessage,
    response: ServerResponse,
    session: EngineSession,
    body: Buffer,
  ): Promise<void> {
    this.checkQuerier(session, 'key');
    const parts = path.split('/').slice(2).map(decodeURIComponent);
    if (parts.length < 1 || parts.length > 2 || parts[0] === '') {
      sendError(response, httpErrors.notFound(path));
      return;
    }
    await this.checkNamespaceAndDatabase(session);
    const [table, id] = parts;
    const statements = KEY_STATEMENTS[request.method ?? 'GET'];
    const url = new URL(request.url ?? '/', 'http://x');
    const vars: Record<string, unknown> = { table };
    if (id === undefined) {
      vars.start = Number(url.searchParams.get('start') ?? 0);
      vars.limit = Number(url.searchParams.get('limit') ?? 100);
    } else {
      vars.id = queryValue(id);
    }
    for (const [name, value] of url.searchParams)
      if (!(name in vars)) vars[name] = queryValue(value);
    if (body.length > 0 && request.method !== 'GET') {
      // The body is SurrealQL: its value becomes $data.
      const evaluated = await this.run(session, String(body), vars);
      const last = evaluated[evaluated.length - 1];
      if (last?.status === 'ERR')
        throw new HttpError(engineHttpError(String(last.result)));
      vars.data = last?.result;
    }
    const sql = id === undefined ? statements.table : statements.record;
    sendValue(request, response, await this.run(session, sql, vars));
  }

  /** A real server answers "Specify a namespace/database to use" before it runs anything that needs them. */
  private async checkNamespaceAndDatabase(
    session: EngineSession,
  ): Promise<{ namespace: string; database: string }> {
    const [scope] = await this.run(
      session,
      'RETURN { namespace: session::ns(), database: session::db() }',
      {},
    );
    const { namespace, database } = (scope?.result ?? {}) as {
      namespace?: string;
      database?: string;
    };
    if (!namespace)
      throw new HttpError(httpErrors.badRequest('Specify a namespace to use'));
    if (!database)
      throw new HttpError(httpErrors.badRequest('Specify a database to use'));
    return { namespace, database };
  }

  /** Runs `task` on the engine's default session set to ns/db, one task at a time. */
  private onDefaultSession<T>(
    namespace: string | undefined,
    database: string | undefined,
    task: () => Promise<T>,
  ): Promise<T> {
    const run = this.defaultSession.then(async () => {
      await this.host.call('use', [namespace ?? null, database ?? null]);
      return task();
    });
    this.defaultSession = run.catch(() => undefined);
    return run;
  }

  private async import(
    request: IncomingMessage,
    response: ServerResponse,
    session: EngineSession,
    body: Buffer,
  ): Promise<void> {
    // A real server also checks the caller's role (a viewer may not import); here signing in is enough.
    this.checkQuerier(session, 'import');
    // Run as the caller; like a real server, answer the statements that failed.
    const entries = await this.run(session, String(body), {});
    sendValue(
      request,
      response,
      entries.filter((entry) => entry.status === 'ERR'),
    );
  }

  private async export(
    request: IncomingMessage,
    response: ServerResponse,
    session: EngineSession,
    body: Buffer,
  ): Promise<void> {
    const { namespace, database } =
      await this.checkNamespaceAndDatabase(session);
    this.checkQuerier(session, 'export');
    // A real server needs the right to view the database: INFO FOR DB asks for the same.
    const [info] = await this.run(session, 'INFO FOR DB', {});
    if (info?.status === 'ERR')
      throw new HttpError(engineHttpError(String(info.result)));
    let options: unknown = {};
    if (request.method === 'POST' && body.length > 0) {
      const json =
        request.headers['content-type']?.startsWith('application/json');
      try {
        options = json
          ? (JSON.parse(String(body)) as unknown)
          : cbor.decode(new Uint8Array(body));
      } catch {
        throw new HttpError(httpErrors.badRequest('unsupported body format'));
      }
    }
    const sql = await this.onDefaultSession(namespace, database, () =>
      this.host.engine.export(cbor.encode(options ?? {})),
    ).catch((error: unknown) => {
      throw new HttpError(httpErrors.badRequest(String(error)));
    });
    response.writeHead(200).end(sql);
  }
}
