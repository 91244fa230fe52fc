import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineHost } from './engine-host.js';
import type { EngineSession, SessionOwner } from './engine-session.js';
import { cbor } from './rpc-frames.js';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Request state that HTTP carries in headers, as a real server reads them. */
export interface HeaderState {
  authorization: string | undefined;
  namespace: string | undefined;
  database: string | undefined;
  /** `Surreal-Auth-NS` / `Surreal-Auth-DB`: where a Basic user is defined (root when neither is given). */
  authNamespace: string | undefined;
  authDatabase: string | undefined;
}

/** Bad credentials in the Authorization header: answered with 401 and this text, as a server does. */
export class AuthorizationError extends Error {
  constructor(message = 'There was a problem with authentication') {
    super(message);
  }
}

/** A real server's auth layer answers bad credentials before any route runs: 401, the reason as bare text. */
export function sendUnauthorized(
  response: ServerResponse,
  error: AuthorizationError,
): void {
  response.writeHead(401).end(error.message);
}

function header(
  request: IncomingMessage,
  ...names: string[]
): string | undefined {
  for (const name of names) {
    const value = request.headers[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Reads the state headers of a request. */
export function readHeaderState(request: IncomingMessage): HeaderState {
  return {
    authorization: header(request, 'authorization'),
    namespace: header(request, 'surreal-ns', 'ns'),
    database: header(request, 'surreal-db', 'db'),
    authNamespace: header(request, 'surreal-auth-ns'),
    authDatabase: header(request, 'surreal-auth-db'),
  };
}

/** The cache key of a header state: requests with equal keys can share a prepared session. */
export function headerStateKey(state: HeaderState): string {
  return [
    state.authorization,
    state.namespace,
    state.database,
    state.authNamespace,
    state.authDatabase,
  ]
    .map((part) => part ?? '')
    .join('\n');
}

/** Reads a request body (bounded). */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Creates an engine session in the state the headers describe; throws `AuthorizationError` for bad credentials. */
export async function prepareSession(
  host: EngineHost,
  owner: SessionOwner,
  state: HeaderState,
): Promise<EngineSession> {
  const session = await host.attach(owner, undefined);
  try {
    if (state.namespace || state.database)
      await selectScope(host, session, state);
    if (state.authorization) {
      await authorize(host, session, state);
      session.authenticated = true;
    }
    return session;
  } catch (error) {
    await host.release(session);
    throw error;
  }
}

/** Whether a root user of that name exists (a real server then says the password did not verify). */
async function rootUserExists(
  host: EngineHost,
  user: string,
): Promise<boolean> {
  const [root] = await host.call<{ result?: { users?: object } }[]>('query', [
    'INFO FOR ROOT',
  ]);
  return Object.hasOwn(root?.result?.users ?? {}, user);
}

/** A name as a SurrealQL identifier, or undefined for a name that cannot be written safely. */
function identifier(name: string): string | undefined {
  // oxlint-disable-next-line no-control-regex -- control characters are what this refuses
  return /^[^⟨⟩\\`\u0000-\u001f]+$/.test(name) ? `⟨${name}⟩` : undefined;
}

/** Which of a namespace and database exist, asked on the engine's default session (an owner). */
async function existing(
  host: EngineHost,
  namespace: string,
  database: string | undefined,
): Promise<{ namespace: boolean; database: boolean }> {
  const [root] = await host.call<{ result?: { namespaces?: object } }[]>(
    'query',
    ['INFO FOR ROOT'],
  );
  const hasNamespace = Object.hasOwn(root?.result?.namespaces ?? {}, namespace);
  const ns = identifier(namespace);
  if (!hasNamespace || database === undefined || !ns)
    return { namespace: hasNamespace, database: false };
  const answer = await host.call<{ result?: { databases?: object } }[]>(
    'query',
    [`USE NS ${ns}; INFO FOR NS`],
  );
  const databases = answer[answer.length - 1]?.result?.databases ?? {};
  return { namespace: true, database: Object.hasOwn(databases, database) };
}

/**
 * Sets the session's namespace and database from the headers. The engine's `use` creates them when missing, but a
 * real server's headers do not: whatever `use` had to create is removed again, so that queries meet "The
 * namespace ... does not exist" as they do on a real server.
 */
async function selectScope(
  host: EngineHost,
  session: EngineSession,
  state: HeaderState,
): Promise<void> {
  const { namespace, database } = state;
  const before = namespace
    ? await existing(host, namespace, database)
    : undefined;
  await host.call('use', [namespace, database], session);
  if (!namespace || !before) return;
  const ns = identifier(namespace);
  const db = database === undefined ? undefined : identifier(database);
  if (!ns) return;
  if (!before.namespace)
    await host.call('query', [`REMOVE NAMESPACE IF EXISTS ${ns}`]);
  else if (database !== undefined && !before.database && db)
    await host.call('query', [`USE NS ${ns}; REMOVE DATABASE IF EXISTS ${db}`]);
}

async function authorize(
  host: EngineHost,
  session: EngineSession,
  state: HeaderState,
): Promise<void> {
  const [scheme, value = ''] = state.authorization!.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) {
    await host.call('authenticate', [value], session).catch(() => {
      throw new AuthorizationError();
    });
    return;
  }
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new AuthorizationError();
    // Like a server: a database user with Surreal-Auth-NS and -DB, a namespace user with -NS, else a root user.
    const credentials: Record<string, string> = {
      user: decoded.slice(0, colon),
      pass: decoded.slice(colon + 1),
    };
    if (state.authNamespace) credentials.ns = state.authNamespace;
    if (state.authNamespace && state.authDatabase)
      credentials.db = state.authDatabase;
    const ok = await host.call('signin', [credentials], session).then(
      () => true,
      () => false,
    );
    // A sign-in replaces the session's ns/db with the user's level: put the request's back.
    if (ok && (state.namespace || state.database))
      await selectScope(host, session, state);
    if (ok) return;
    // A real server tells a wrong password for a known root user apart.
    if (!credentials.ns && (await rootUserExists(host, credentials.user)))
      throw new AuthorizationError('The password did not verify');
  }
  throw new AuthorizationError();
}

/** The JSON error body of a real server's HTTP routes. */
export interface HttpErrorMessage {
  code: number;
  details: string;
  description?: string;
  information?: string;
}

/** The answers a real server gives on its HTTP routes, by kind. */
export const httpErrors = {
  unauthorized: (): HttpErrorMessage => ({
    code: 401,
    details: 'Authentication failed',
    description:
      'Your authentication details are invalid. Reauthenticate using valid authentication parameters.',
    information: 'There was a problem with authentication',
  }),
  forbidden: (information: string): HttpErrorMessage => ({
    code: 403,
    details: 'Forbidden',
    description: 'Not allowed to do this.',
    information,
  }),
  forbiddenRoute: (route: string): HttpErrorMessage =>
    httpErrors.forbidden(`The HTTP route '${route}' is forbidden`),
  badRequest: (information: string): HttpErrorMessage => ({
    code: 400,
    details: 'Request problems dectected',
    description:
      'There is a problem with your request. Refer to the documentation for further information.',
    information,
  }),
  unsupportedType: (): HttpErrorMessage => ({
    code: 415,
    details: 'Unsupported media type',
    description:
      'The request needs to adhere to certain constraints. Refer to the documentation for supported content types.',
  }),
  notFound: (path: string): HttpErrorMessage => ({
    code: 404,
    details: 'Not found',
    description: 'The request was made to an endpoint which does not exist.',
    information: `The HTTP route '${path}' is not found`,
  }),
};

/** Maps an engine error text to the status a real server picks for it (it reads the text, too). */
export function engineHttpError(message: string): HttpErrorMessage {
  const lower = message.toLowerCase();
  if (lower.includes('authentication') || lower.includes('invalidauth'))
    return httpErrors.unauthorized();
  if (
    lower.includes('notallowed') ||
    lower.includes('not allowed') ||
    lower.includes('forbidden') ||
    lower.includes('not enough permissions')
  )
    return httpErrors.forbidden(message);
  return httpErrors.badRequest(message);
}

/** Writes an error as a real server does: its status and a JSON body. */
export function sendError(
  response: ServerResponse,
  error: HttpErrorMessage,
): void {
  response
    .writeHead(error.code, { 'Content-Type': 'application/json' })
    .end(JSON.stringify(error));
}

/** SurrealDB values as JSON text the way a server writes them: record ids, uuids, dates... as their text forms. */
function toJson(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, _key, item: unknown) {
    if (item === undefined || item === null) return null;
    if (typeof item === 'bigint') return Number(item);
    return item;
  });
}

/** Writes a value in the format the Accept header asks for: JSON unless CBOR is asked for. */
export function sendValue(
  request: IncomingMessage,
  response: ServerResponse,
  value: unknown,
): void {
  const accept = acceptOf(request);
  if (accept === 'cbor') {
    response
      .writeHead(200, { 'Content-Type': 'application/cbor' })
      .end(Buffer.from(cbor.encode(value)));
    return;
  }
  if (accept === 'unsupported') {
    sendError(response, httpErrors.unsupportedType());
    return;
  }
  response
    .writeHead(200, { 'Content-Type': 'application/json' })
    .end(toJson(value));
}

/** The response format an Accept header names. */
export function acceptOf(
  request: IncomingMessage,
): 'json' | 'cbor' | 'text' | 'none' | 'unsupported' {
  const accept = request.headers.accept?.split(';')[0].trim();
  if (accept === undefined || accept === '') return 'none';
  if (accept === 'application/json' || accept === '*/*') return 'json';
  if (accept === 'application/cbor') return 'cbor';
  if (accept === 'text/plain') return 'text';
  return 'unsupported';
}
