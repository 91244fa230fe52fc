import { spawn, type ChildProcess } from 'node:child_process';
import {
  startTestServer,
  type TestServer,
  type TestServerStorage,
} from '../../lib/testing/index.js';
import { freePort, tempDir } from './test-utils.js';

/**
 * The real `surreal` binary the outage tests start, kill and restart: `npm run test:real` passes it with
 * `SURREAL_URL`. Otherwise (`npm test`, or `SURREAL_URL` pointing at a server of your own) they use the loopback
 * test server, since they must control the server process.
 */
export const realBinary =
  process.env.SURREAL_URL === undefined
    ? undefined
    : process.env.SURREAL_BINARY;

/** A server a test owns: the loopback test server, or a real `surreal start` process under `npm run test:real`. */
export interface ControlledServer {
  /** `loopback` (lib/testing) or `real` (the `surreal` binary). */
  readonly kind: 'loopback' | 'real';
  readonly port: number;
  readonly url: string;
  readonly httpUrl: string;
  /** The loopback server's own counters; absent on the real server, which has no such diagnostic. */
  readonly loopback?: TestServer;
  /** Graceful stop (SIGTERM), waiting for the process to exit. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would, waiting for the process to exit. */
  kill(): Promise<void>;
  /** Starts again on the same port and storage (stops it first if it runs). */
  restart(): Promise<void>;
}

export interface ControlledServerOptions {
  username: string;
  password: string;
  /** `mem://` (default) or `surrealkv:///abs/dir`. */
  storage?: TestServerStorage;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Extra `surreal start` flags (`--deny-funcs ...`); the real server only. */
  flags?: readonly string[];
}

/** Starts a server the test may stop, kill and restart: the real binary under `npm run test:real`, else the loopback one. */
export async function startControlledServer(
  options: ControlledServerOptions,
): Promise<ControlledServer> {
  if (realBinary === undefined) {
    const server = await startTestServer(options);
    return {
      kind: 'loopback',
      get port() {
        return server.port;
      },
      get url() {
        return server.url;
      },
      get httpUrl() {
        return server.httpUrl;
      },
      loopback: server,
      stop: () => server.stop(),
      kill: () => server.kill(),
      restart: () => server.restart(),
    };
  }
  return startRealServer(realBinary, options);
}

/**
 * A controlled server whose store survives a SIGKILL and a restart: surrealkv in a temp dir, which the test removes
 * with `dir.remove()` once the server has stopped.
 */
export async function startDurableServer(credentials: {
  username: string;
  password: string;
}) {
  const dir = await tempDir('surreal-durable-');
  const server = await startControlledServer({
    ...credentials,
    storage: `surrealkv://${dir.path}/store`,
  });
  return { server, dir };
}

/** Starts `binary` (`surreal start`) in the background on loopback, as the root user of `options`. */
export async function startRealServer(
  binary: string,
  options: ControlledServerOptions,
): Promise<ControlledServer> {
  const server = new RealServer(
    binary,
    options,
    options.port || (await freePort()),
  );
  await server.start();
  return server;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5000;

class RealServer implements ControlledServer {
  readonly kind = 'real';
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output = '';

  constructor(
    private readonly binary: string,
    private readonly options: ControlledServerOptions,
    readonly port: number,
  ) {}

  get url() {
    return `ws://127.0.0.1:${this.port}/rpc`;
  }

  get httpUrl() {
    return `http://127.0.0.1:${this.port}/rpc`;
  }

  private get running() {
    return (
      this.child !== undefined &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    );
  }

  async start(): Promise<void> {
    const storage = this.options.storage ?? 'mem://';
    // Only the variables `surreal start` should see: none inherited from test:real's own server (SURREAL_*).
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
    // Credentials go through the environment, not argv (visible to `ps`).
    env.SURREAL_USER = this.options.username;
    env.SURREAL_PASS = this.options.password;
    const child = spawn(
      this.binary,
      [
        'start',
        '--bind',
        `127.0.0.1:${this.port}`,
        '--log',
        'warn',
        '--no-banner',
        ...(this.options.flags ?? []),
        storage === 'mem://' ? 'memory' : storage,
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    this.output = '';
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        this.output = (this.output + chunk).slice(-4000);
      });
    }
    const deadline = performance.now() + START_TIMEOUT_MS;
    while (performance.now() < deadline) {
      if (!this.running)
        throw new Error(
          `real server (${this.binary}) exited before it was ready:\n${this.output}`,
        );
      const healthy = await fetch(`http://127.0.0.1:${this.port}/health`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.kill();
    throw new Error(
      `real server was not healthy within ${START_TIMEOUT_MS} ms:\n${this.output}`,
    );
  }

  private async terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return this.exited;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  stop() {
    return this.terminate('SIGTERM');
  }

  kill() {
    return this.terminate('SIGKILL');
  }

  async restart() {
    await this.stop();
    await this.start();
  }
}
