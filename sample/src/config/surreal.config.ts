import type { SurrealFactoryOptions } from 'nestjs-surrealengine';

/** Where the app keeps its data unless `SURREAL_URL` says otherwise (relative to the working directory). */
export const DEFAULT_SURREAL_URL = 'file://./sample/data/app.db';

/**
 * Options of the default connection, from the environment: `SURREAL_URL`, `SURREAL_NS`, `SURREAL_DB`,
 * `SURREAL_USER` and `SURREAL_PASS` (the last two for a remote server; embedded databases ignore them).
 */
export function defaultConnectionOptions(
  env: NodeJS.ProcessEnv = process.env,
): SurrealFactoryOptions {
  const username = env.SURREAL_USER || undefined;
  const password = env.SURREAL_PASS || undefined;
  return {
    url: env.SURREAL_URL || DEFAULT_SURREAL_URL,
    namespace: env.SURREAL_NS || 'sample',
    database: env.SURREAL_DB || 'app',
    // Both or neither: the library rejects half a pair of credentials.
    ...(username && password ? { username, password } : {}),
    synchronize: true,
  };
}

/** Options of the `analytics` connection: a throw-away in-memory database. */
export function analyticsConnectionOptions(): SurrealFactoryOptions {
  return { url: 'mem://', namespace: 'sample', database: 'analytics' };
}
