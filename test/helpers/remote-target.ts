import {
  createConnection,
  type SurrealConnectionOptions,
} from '../../lib/index.js';
import { startTestServer, type TestServer } from '../../lib/testing/index.js';

/** Credentials of the root user on the loopback test server. */
export const ROOT = { username: 'root', password: 'root-secret' };

/**
 * A connection as `ROOT` to `url` (namespace app, database main), logging nothing; `options` add to or override
 * these.
 */
export function connectAsRoot(
  url: string,
  name: string,
  options: Partial<SurrealConnectionOptions> = {},
) {
  return createConnection({
    url,
    name,
    namespace: 'app',
    database: 'main',
    ...ROOT,
    initialDelay: 0.1,
    logger: false,
    ...options,
  }).connect();
}

/**
 * Where the remote suites connect. By default a loopback test server they start (and can stop, kill and
 * restart); with `SURREAL_URL` (plus `SURREAL_USER`/`SURREAL_PASS`) a real SurrealDB server. Tests that stop,
 * kill or restart a server start their own through `startControlledServer` (controlled-server.ts).
 */
export interface RemoteTarget {
  url: string;
  httpUrl: string;
  credentials: { username: string; password: string };
  /** The loopback server, when the suite controls it. */
  server?: TestServer;
  close(): Promise<void>;
}

export const externalServer = process.env.SURREAL_URL !== undefined;

export async function remoteTarget(
  options: Parameters<typeof startTestServer>[0] = {},
): Promise<RemoteTarget> {
  if (externalServer) {
    const url = process.env.SURREAL_URL!;
    return {
      url,
      httpUrl: url.replace(/^ws/, 'http'),
      credentials: {
        username: process.env.SURREAL_USER ?? 'root',
        password: process.env.SURREAL_PASS ?? 'root',
      },
      close: async () => undefined,
    };
  }
  const server = await startTestServer({ ...ROOT, ...options });
  return {
    url: server.url,
    httpUrl: server.httpUrl,
    credentials: ROOT,
    server,
    close: () => server.stop(),
  };
}

/** Resolves when `check` returns true, polling every 50 ms; rejects after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} not met within ${timeoutMs} ms`);
}
