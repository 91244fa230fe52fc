import type { AuthProvider } from 'surrealdb';
import type { SurrealConnectionOptions } from './connection-options.interface.js';
import { parseConnectionUrl, type ConnectionUrl } from './connection-url.js';
import { SurrealConfigError } from './surreal.errors.js';
import { MAX_TIMER_MS } from './timeout.js';
import {
  consoleLogger,
  silentLogger,
  type SurrealLogger,
} from './surreal-logger.interface.js';

/** What an HTTP header value can carry: `fetch` refuses anything else before sending. */
const HEADER_SAFE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The name a connection gets when none is given. */
export const DEFAULT_CONNECTION_NAME = 'default';

/** Options after validation, with defaults applied and times in milliseconds. */
export interface ResolvedConnectionOptions {
  name: string;
  url: ConnectionUrl;
  namespace?: string;
  database?: string;
  auth?: AuthProvider;
  makeDefault: boolean;
  retryLimit: number;
  initialDelayMs: number;
  backoff: number;
  timeoutMs: number;
  reconnect: boolean;
  pool?: {
    size: number;
    maxIdleMs: number;
    validation: boolean;
    acquireTimeoutMs: number;
  };
  logger: SurrealLogger;
  lazyConnect: boolean;
  onConnect?: SurrealConnectionOptions['onConnect'];
  clientFactory?: SurrealConnectionOptions['clientFactory'];
}

const KNOWN_OPTIONS = new Set<string>([
  'url',
  'name',
  'namespace',
  'database',
  'username',
  'password',
  'token',
  'auth',
  'makeDefault',
  'retryLimit',
  'initialDelay',
  'backoff',
  'timeout',
  'reconnect',
  'usePool',
  'poolSize',
  'poolMaxIdle',
  'poolValidation',
  'poolAcquireTimeout',
  'logger',
  'lazyConnect',
  'onConnect',
  'clientFactory',
]);

/** Validates options once, up front, so every mistake is reported before any network activity. */
export function resolveConnectionOptions(
  options: SurrealConnectionOptions,
): ResolvedConnectionOptions {
  if (options === null || typeof options !== 'object') {
    throw new SurrealConfigError(
      'connection options must be an object with at least a "url"',
    );
  }
  const name = options.name ?? DEFAULT_CONNECTION_NAME;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new SurrealConfigError(
      'option "name" must be a non-empty string (or left out for "default")',
    );
  }
  const fail = (option: string, what: string): never => {
    throw new SurrealConfigError(
      `connection "${name}": option "${option}" ${what}`,
      name,
    );
  };
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      fail(
        key,
        `is unknown; known options are ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  const url = parseConnectionUrl(options.url, name);

  const number = (
    option: keyof SurrealConnectionOptions,
    fallback: number,
    rule: {
      integer?: boolean;
      min: number;
      exclusiveMin?: boolean;
      /** A number of seconds that becomes a timer: at most MAX_TIMER_MS. */
      seconds?: boolean;
    },
  ): number => {
    const value = options[option];
    if (value === undefined) return fallback;
    if (
      rule.seconds &&
      typeof value === 'number' &&
      value * 1000 > MAX_TIMER_MS
    ) {
      fail(
        option,
        `must be at most ${MAX_TIMER_MS / 1000} seconds (the longest wait a Node.js timer can hold), got ${value}`,
      );
    }
    const belowMin = rule.exclusiveMin
      ? (value as number) <= rule.min
      : (value as number) < rule.min;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      belowMin ||
      (rule.integer && !Number.isInteger(value))
    ) {
      const kind = rule.integer ? 'an integer' : 'a number';
      const bound = rule.exclusiveMin ? `> ${rule.min}` : `>= ${rule.min}`;
      fail(option, `must be ${kind} ${bound}, got ${JSON.stringify(value)}`);
    }
    return value as number;
  };
  const boolean = (
    option: keyof SurrealConnectionOptions,
    fallback: boolean,
  ): boolean => {
    const value = options[option];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      fail(option, `must be true or false, got ${JSON.stringify(value)}`);
    }
    return value as boolean;
  };
  const text = (option: keyof SurrealConnectionOptions): string | undefined => {
    const value = options[option];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') {
      fail(option, 'must be a non-empty string');
    }
    return value as string;
  };

  const retryLimit = number('retryLimit', 3, { integer: true, min: 0 });
  const initialDelay = number('initialDelay', 0.5, { min: 0, seconds: true });
  const backoff = number('backoff', 2, { min: 1 });
  const timeout = number('timeout', 30, {
    min: 0,
    exclusiveMin: true,
    seconds: true,
  });
  const namespace = text('namespace');
  const database = text('database');
  const username = text('username');
  const password = text('password');
  const token = text('token');

  if (url.scheme === 'http' || url.scheme === 'https') {
    // Over HTTP the namespace and database travel in headers, which hold Latin-1 only.
    for (const [option, value] of [
      ['namespace', namespace],
      ['database', database],
    ] as const) {
      if (value !== undefined && !HEADER_SAFE.test(value)) {
        fail(
          option,
          `${JSON.stringify(value)} cannot be sent over ${url.scheme}://: HTTP headers carry Latin-1 characters only (no control characters); use a ws:// or wss:// URL, or a Latin-1 name`,
        );
      }
    }
  }
  if ((username === undefined) !== (password === undefined)) {
    fail(
      username === undefined ? 'username' : 'password',
      'is missing: give both "username" and "password", or neither',
    );
  }
  const ways = [
    username && 'username/password',
    token && 'token',
    options.auth && 'auth',
  ].filter(Boolean);
  if (ways.length > 1) {
    fail(
      'auth',
      `conflicts with ${ways.join(' and ')}: choose one way to authenticate`,
    );
  }
  const auth: AuthProvider | undefined =
    options.auth ??
    token ??
    (username ? { username, password: password! } : undefined);

  let logger: SurrealLogger;
  if (options.logger === false) logger = silentLogger;
  else if (options.logger === undefined) logger = consoleLogger;
  else {
    const given = options.logger as Partial<SurrealLogger> | null;
    const missing = (['log', 'warn', 'error'] as const).filter(
      (method) => typeof given?.[method] !== 'function',
    );
    if (missing.length) {
      return fail(
        'logger',
        `must have log/warn/error methods (Nest's Logger fits) or be false; missing: ${missing.map((m) => `${m}()`).join(', ')}`,
      );
    }
    logger = options.logger;
  }

  const usePool = boolean('usePool', false);
  if (usePool && url.embedded) {
    fail(
      'usePool',
      `needs a remote URL (ws, wss, http, https): each member of a pool on "${url.scheme}://" would open a separate engine`,
    );
  }
  const pool = usePool
    ? {
        size: number('poolSize', 10, { integer: true, min: 1 }),
        maxIdleMs: number('poolMaxIdle', 60, { min: 0, seconds: true }) * 1000,
        validation: boolean('poolValidation', false),
        acquireTimeoutMs:
          number('poolAcquireTimeout', timeout, {
            min: 0,
            exclusiveMin: true,
            seconds: true,
          }) * 1000,
      }
    : undefined;
  if (!usePool) {
    for (const option of [
      'poolSize',
      'poolMaxIdle',
      'poolValidation',
      'poolAcquireTimeout',
    ] as const) {
      if (options[option] !== undefined) fail(option, 'needs "usePool: true"');
    }
  }

  const callback = <K extends 'onConnect' | 'clientFactory'>(
    option: K,
  ): SurrealConnectionOptions[K] => {
    const value = options[option];
    if (value !== undefined && typeof value !== 'function') {
      fail(option, `must be a function, got ${typeof value}`);
    }
    return value;
  };

  const resolved: ResolvedConnectionOptions = {
    name,
    url,
    namespace,
    database,
    makeDefault: boolean('makeDefault', false),
    retryLimit,
    initialDelayMs: initialDelay * 1000,
    backoff,
    timeoutMs: timeout * 1000,
    reconnect: boolean('reconnect', true),
    pool,
    logger,
    lazyConnect: boolean('lazyConnect', false),
    onConnect: callback('onConnect'),
    clientFactory: callback('clientFactory'),
  };
  // Not enumerable: printing or serializing the options (a log line, an error report) never shows a credential.
  Object.defineProperty(resolved, 'auth', { value: auth, enumerable: false });
  return resolved;
}
