import { Surreal } from 'surrealdb';
import WebSocket from 'ws';
import {
  createConnection,
  type SurrealConnection,
} from '../lib/connection/index.js';
import { startTestServer, type TestServer } from '../lib/testing/index.js';

/** Credentials of the loopback server's root user (a benchmark, not a secret). */
const ROOT = { username: 'root', password: 'bench' };
// What the clients sign in with: ROOT, or a real server's user (see wsEngine).
const credentials = { ...ROOT };
const scope = { namespace: 'bench', database: 'bench' };
/** Seconds: long enough for the slowest operation measured, so a slow library shows up as a figure, not an error. */
const TIMEOUT = 600;

/** A library connection and a plain SDK client on the same database. */
export interface BenchEngine {
  label: string;
  connection: SurrealConnection;
  raw: Surreal;
  /** The ws URL of the loopback server (ws engine only). */
  url?: string;
  close(): Promise<void>;
}

/** `mem://`: the raw client is the connection's own SDK client (the only way to reach the same embedded engine). */
export async function memEngine(): Promise<BenchEngine> {
  const connection = await createConnection({
    url: 'mem://',
    name: 'bench-mem',
    ...scope,
    timeout: TIMEOUT,
    logger: false,
  }).connect();
  return {
    label: 'mem',
    connection,
    raw: connection.client,
    close: () => connection.close(),
  };
}

/** A plain SDK client over ws, as a user of the SDK alone would make it. */
export async function rawWsClient(url: string): Promise<Surreal> {
  const raw = new Surreal({
    websocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  await raw.connect(url, { ...scope, authentication: { ...credentials } });
  return raw;
}

/** A library connection over ws to the loopback server. */
export function wsConnection(
  url: string,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<SurrealConnection> {
  return createConnection({
    url,
    name,
    ...scope,
    ...credentials,
    timeout: TIMEOUT,
    logger: false,
    ...extra,
  }).connect();
}

/**
 * The loopback server (`startTestServer`, a child process), a library connection and a separate SDK client; or, with
 * `BENCH_SURREAL_URL` (and `BENCH_SURREAL_USER`/`BENCH_SURREAL_PASS`, default root/root), a real server.
 */
export async function wsEngine(): Promise<BenchEngine> {
  const external = process.env.BENCH_SURREAL_URL;
  if (external) {
    credentials.username = process.env.BENCH_SURREAL_USER ?? 'root';
    credentials.password = process.env.BENCH_SURREAL_PASS ?? 'root';
    const connection = await wsConnection(external, 'bench-ws');
    const raw = await rawWsClient(external);
    return {
      label: 'ws (real server)',
      connection,
      raw,
      url: external,
      async close() {
        await connection.close();
        await raw.close();
      },
    };
  }
  const server: TestServer = await startTestServer(ROOT);
  const connection = await wsConnection(server.url, 'bench-ws');
  const raw = await rawWsClient(server.url);
  return {
    label: 'ws',
    connection,
    raw,
    url: server.url,
    async close() {
      await connection.close();
      await raw.close();
      await server.stop();
    },
  };
}
