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

/** True when `method` may run on a session in its current state. */
export function isMethodAllowed(
  method: string,
  authRequired: boolean,
  authenticated: boolean,
): boolean {
  return !authRequired || authenticated || OPEN_METHODS.has(method);
}
