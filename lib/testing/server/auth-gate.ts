/**
 * Methods an unauthenticated session may call when the server has credentials. The embedded engine treats anonymous
 * sessions as owners, so this list is the only thing standing between a client without credentials and the data.
 */
const OPEN_METHODS: ReadonlySet<string> = new Set([
  'ping',
  'version',
  'health',
  'signin',
  'signup',
  'authenticate',
  'refresh',
  'use',
  'let',
  'set',
  'unset',
  'reset',
  'invalidate',
  'info',
  'attach',
  'detach',
  'sessions',
]);

/** Methods whose success authenticates the session. */
export const SIGN_IN_METHODS: ReadonlySet<string> = new Set([
  'signin',
  'signup',
  'authenticate',
  'refresh',
]);

/** Methods whose success returns the session to anonymous. */
export const SIGN_OUT_METHODS: ReadonlySet<string> = new Set([
  'invalidate',
  'reset',
]);

/** The RPC methods of a SurrealDB 3.0 server; the engine answers any other name with "Method not found". */
const KNOWN_METHODS: ReadonlySet<string> = new Set([
  ...OPEN_METHODS,
  'revoke',
  'kill',
  'live',
  'query',
  'begin',
  'commit',
  'cancel',
  'select',
  'insert',
  'insert_relation',
  'create',
  'upsert',
  'update',
  'merge',
  'patch',
  'delete',
  'relate',
  'run',
]);

/**
 * True when `method` may run on a session in its current state. Like a real server, an unknown method and a query
 * that is not a string get the engine's own error (which runs nothing) before the sign-in check.
 */
export function isMethodAllowed(
  method: string,
  params: readonly unknown[],
  authRequired: boolean,
  authenticated: boolean,
): boolean {
  if (!KNOWN_METHODS.has(method)) return true;
  if (method === 'query' && typeof params[0] !== 'string') return true;
  return !authRequired || authenticated || OPEN_METHODS.has(method);
}
