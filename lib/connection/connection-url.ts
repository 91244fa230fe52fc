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

/** Replaces `user:password@` in every URL of a text, so credentials never reach a log or an error. */
export function redactUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/gi, '$1***@');
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
  const safeUrl = redactUrl(url);
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url);
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
    if (parsed.username || parsed.password) {
      throw new SurrealConfigError(
        `${where} "${safeUrl}" carries credentials: pass them as "username"/"password" (or "auth") instead`,
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
