import { isAbsolute, resolve } from 'node:path';
import { SurrealConfigError } from './surreal.errors.js';

/** Schemes served by the SDK's remote engines. */
export const REMOTE_SCHEMES = ['ws', 'wss', 'http', 'https'] as const;
/** Schemes served in-process by `@surrealdb/node`. */
export const EMBEDDED_SCHEMES = [
  'mem',
  'file',
  'surrealkv',
  'surrealkv+versioned',
  'rocksdb',
] as const;

export type RemoteScheme = (typeof REMOTE_SCHEMES)[number];
export type EmbeddedScheme = (typeof EMBEDDED_SCHEMES)[number];
export type SurrealScheme = RemoteScheme | EmbeddedScheme;

/** A parsed connection URL: what the SDK is given, and what may be shown in logs and errors. */
export interface ConnectionUrl {
  scheme: SurrealScheme;
  embedded: boolean;
  /** The URL handed to the SDK (`file://` mapped to RocksDB, relative paths made absolute). */
  engineUrl: string;
  /** The URL with any user info replaced by `***`: safe for logs and errors. */
  safeUrl: string;
}

const ALL_SCHEMES: readonly string[] = [...REMOTE_SCHEMES, ...EMBEDDED_SCHEMES];

/** Query or fragment parameters whose value is a secret, whatever the scheme. */
const SECRET_PARAM =
  /([?&#;](?:[a-z0-9_.-]*(?:pass|pwd|secret|token|auth|key|credential|jwt|signature|sig)[a-z0-9_.-]*)=)[^&#;\s]*/gi;

/**
 * Whether the part of a URL before its last `@` is user info rather than a path: always for remote schemes (a host
 * holds no `@`); for embedded paths when it is the authority (no `/` before the `@`) or has `user:password` in it.
 */
function isUserInfo(beforeAt: string, scheme: string | undefined): boolean {
  if (!scheme || (REMOTE_SCHEMES as readonly string[]).includes(scheme)) {
    return true;
  }
  return !beforeAt.includes('/') || beforeAt.includes(':');
}

/** One URL made safe to show: user info replaced by `***`, whatever characters the password holds, and secret parameters blanked. */
function redactOneUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(url);
  const [prefix, rest] = match ? [`${match[1]}://`, match[2]] : ['', url];
  const at = rest.lastIndexOf('@');
  const redacted =
    at !== -1 && isUserInfo(rest.slice(0, at), match?.[1].toLowerCase())
      ? `${prefix}***@${rest.slice(at + 1)}`
      : url;
  return redacted.replace(SECRET_PARAM, '$1***');
}

/**
 * Makes every URL in a text safe to show: user info (`user:password@`) becomes `***@` and parameters that look like
 * secrets (`?password=`, `token=`, `access_token=`, `apikey=`, ...) lose their value.
 */
export function redactUrl(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/\S*/gi, redactOneUrl);
}

/** Why a connection URL must be refused for carrying a credential, or undefined. */
function credentialIn(url: string, scheme: string): string | undefined {
  const rest = url.slice(scheme.length + 3);
  const at = rest.lastIndexOf('@');
  if (at !== -1 && isUserInfo(rest.slice(0, at), scheme)) {
    return 'in its user info ("user:password@")';
  }
  SECRET_PARAM.lastIndex = 0;
  const param = SECRET_PARAM.exec(url);
  SECRET_PARAM.lastIndex = 0;
  if (param) return `in its parameter "${param[1].slice(1, -1)}"`;
  return undefined;
}

/**
 * Checks a connection URL and maps it to what the SDK's engines understand.
 * `file://path` is SurrealDB's on-disk store (RocksDB, as the `surreal` CLI treats `file:`);
 * embedded paths may be relative to the working directory (`file://./local_db`).
 */
export function parseConnectionUrl(
  url: unknown,
  connectionName: string,
): ConnectionUrl {
  const where = `connection "${connectionName}": option "url"`;
  if (typeof url !== 'string' || url.trim() === '') {
    throw new SurrealConfigError(
      `${where} is required: a string such as "ws://localhost:8000" or "mem://"`,
      connectionName,
    );
  }
  const safeUrl = redactOneUrl(url);
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(url);
  if (!match) {
    throw new SurrealConfigError(
      `${where} "${safeUrl}" is not a URL: expected "<scheme>://...", with a scheme among ${ALL_SCHEMES.join(', ')}`,
      connectionName,
    );
  }
  const scheme = match[1].toLowerCase();
  const rest = match[2];
  if (!ALL_SCHEMES.includes(scheme)) {
    throw new SurrealConfigError(
      `${where}: scheme "${scheme}" is not one of ${ALL_SCHEMES.join(', ')}`,
      connectionName,
    );
  }
  const credential = credentialIn(url, scheme);
  if (credential) {
    throw new SurrealConfigError(
      `${where} "${safeUrl}" carries a credential ${credential}: credentials never go in a URL; pass them as "username"/"password", "token" or "auth" instead`,
      connectionName,
    );
  }
  if ((REMOTE_SCHEMES as readonly string[]).includes(scheme)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new SurrealConfigError(
        `${where} "${safeUrl}" is malformed: expected e.g. "${scheme}://localhost:8000"`,
        connectionName,
      );
    }
    if (!parsed.hostname) {
      throw new SurrealConfigError(
        `${where} "${safeUrl}" has no host: expected e.g. "${scheme}://localhost:8000"`,
        connectionName,
      );
    }
    return {
      scheme: scheme as RemoteScheme,
      embedded: false,
      engineUrl: url,
      safeUrl,
    };
  }
  if (scheme === 'mem') {
    return { scheme, embedded: true, engineUrl: 'mem://', safeUrl };
  }
  if (rest === '' || rest === '/') {
    throw new SurrealConfigError(
      `${where} "${safeUrl}" has no path: expected e.g. "${scheme}://./data" (relative) or "${scheme}:///var/lib/surreal" (absolute)`,
      connectionName,
    );
  }
  const path = isAbsolute(rest) ? rest : resolve(process.cwd(), rest);
  const engineScheme = scheme === 'file' ? 'rocksdb' : scheme;
  return {
    scheme: scheme as EmbeddedScheme,
    embedded: true,
    engineUrl: `${engineScheme}://${path}`,
    safeUrl,
  };
}
