import { fork, type ChildProcess } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  ChildMessage,
  StartMessage,
  StatsRequestMessage,
  TestServerCapabilities,
  TestServerOptions,
  TestServerStats,
} from './test-server.interfaces.js';
import { typeScriptExecArgv } from './typescript-loader.js';

const STOP_TIMEOUT_MS = 10_000;

interface ResolvedOptions {
  storage: string;
  username?: string;
  password?: string;
  port: number;
  startTimeoutMs: number;
  capabilities: TestServerCapabilities;
}

const CAPABILITY_FLAGS = new Set(['allowAll', 'denyAll', 'allowScripting']);
const CAPABILITY_LISTS = new Set(
  ['Funcs', 'Net', 'Experimental', 'Rpc', 'Http'].flatMap((name) => [
    `allow${name}`,
    `deny${name}`,
  ]),
);

function checkCapabilities(
  capabilities: TestServerCapabilities,
): TestServerCapabilities {
  for (const [name, value] of Object.entries(capabilities)) {
    const fine = CAPABILITY_FLAGS.has(name)
      ? typeof value === 'boolean'
      : CAPABILITY_LISTS.has(name) &&
        (value === true ||
          (Array.isArray(value) &&
            value.every((item) => typeof item === 'string')));
    if (!fine)
      throw new Error(
        `startTestServer: option "capabilities.${name}" is not valid; use allowAll/denyAll/allowScripting (booleans) or allow/deny Funcs, Net, Experimental, Rpc, Http (true or a list of names)`,
      );
  }
  if (capabilities.allowAll && capabilities.denyAll)
    throw new Error(
      'startTestServer: options "capabilities.allowAll" and "capabilities.denyAll" exclude each other',
    );
  return capabilities;
}

function resolveOptions(options: TestServerOptions): ResolvedOptions {
  const storage = options.storage ?? 'mem://';
  const match = /^(surrealkv|rocksdb):\/\/(.*)$/.exec(storage);
  if (storage !== 'mem://' && !(match && isAbsolute(match[2]))) {
    throw new Error(
      `startTestServer: option "storage" is "${storage}"; use mem://, surrealkv:///absolute/dir or rocksdb:///absolute/dir`,
    );
  }
  if ((options.username === undefined) !== (options.password === undefined)) {
    throw new Error(
      'startTestServer: options "username" and "password" go together; give both or neither',
    );
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `startTestServer: option "port" is ${port}; use an integer from 0 (any free port) to 65535`,
    );
  }
  return {
    storage,
    username: options.username,
    password: options.password,
    port,
    startTimeoutMs: (options.startTimeout ?? 20) * 1000,
    capabilities: checkCapabilities(options.capabilities ?? {}),
  };
}

/** The child's entry: the compiled `.js` next to this file, or the `.ts` source when running from sources (jest). */
function childEntry(): { path: string; execArgv: string[] } {
  const fromSources = import.meta.url.endsWith('.ts');
  const path = fileURLToPath(
    new URL(
      `./server/server.main.${fromSources ? 'ts' : 'js'}`,
      import.meta.url,
    ),
  );
  return { path, execArgv: fromSources ? typeScriptExecArgv() : [] };
}

/**
 * A SurrealDB server for tests: the real SurrealDB 3 engine from `@surrealdb/node` behind WebSocket and HTTP RPC on
 * 127.0.0.1, in a child process. The official SDK connects to it as to a real server.
 *
 * For tests only, NOT for production: it is a thin, single-process stand-in with no TLS, limits or tuning.
 */
export class TestServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private currentPort: number;
  private stderr = '';
  private nextRequestId = 1;

  /** @internal Use {@link startTestServer}. */
  constructor(private readonly options: ResolvedOptions) {
    this.currentPort = options.port;
  }

  /** Port on 127.0.0.1 (fixed after the first start; `restart()` reuses it). */
  get port(): number {
    return this.currentPort;
  }

  /** WebSocket RPC URL, e.g. `ws://127.0.0.1:PORT/rpc`. */
  get url(): string {
    return `ws://127.0.0.1:${this.currentPort}/rpc`;
  }

  /** HTTP RPC URL, e.g. `http://127.0.0.1:PORT/rpc`. */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.currentPort}/rpc`;
  }

  /** True while the server process runs. */
  get running(): boolean {
    return (
      this.child !== undefined &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    );
  }

  /** @internal Starts the server process and waits until it listens. */
  async start(): Promise<void> {
    const { path, execArgv } = childEntry();
    this.stderr = '';
    const child = fork(path, [], {
      execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    const ready = new Promise<number>((resolve, reject) => {
      const fail = (reason: string): void => {
        cleanup();
        reject(
          new Error(
            `startTestServer: the server process did not start: ${reason}${this.stderr ? `\n${this.stderr}` : ''}`,
          ),
        );
      };
      const onMessage = (message: ChildMessage): void => {
        if (message.type === 'ready') {
          cleanup();
          resolve(message.port);
        } else if (message.type === 'failed') {
          fail(message.message);
        }
      };
      const onExit = (code: number | null, signal: string | null): void =>
        fail(`it exited (${signal ?? code})`);
      const timer = setTimeout(
        () => fail(`no answer within ${this.options.startTimeoutMs / 1000}s`),
        this.options.startTimeoutMs,
      );
      const cleanup = (): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    const start: StartMessage = {
      type: 'start',
      storage: this.options.storage,
      port: this.currentPort,
      username: this.options.username,
      password: this.options.password,
      capabilities: this.options.capabilities,
    };
    child.send(start);
    try {
      this.currentPort = await ready;
    } catch (error) {
      child.kill('SIGKILL');
      await this.exited;
      throw error;
    }
    // A server the caller forgot to stop must not keep its process alive; the child exits when its parent does.
    this.setReferenced(false);
  }

  private setReferenced(referenced: boolean): void {
    const child = this.child;
    if (!child) return;
    const handles = [child, child.channel, child.stderr] as (
      { ref?(): void; unref?(): void } | null | undefined
    )[];
    for (const handle of handles) {
      if (referenced) handle?.ref?.();
      else handle?.unref?.();
    }
  }

  private async terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return this.exited;
    this.setReferenced(true);
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** Stops the server gracefully (SIGTERM: clients are closed, storage flushed) and waits for its process to exit. */
  async stop(): Promise<void> {
    await this.terminate('SIGTERM');
  }

  /** Kills the server process (SIGKILL), as a crash would, and waits for it to exit. */
  async kill(): Promise<void> {
    await this.terminate('SIGKILL');
  }

  /** Starts the server again on the same port and storage; stops it first if it runs. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /**
   * Counts of what the server holds for clients (connections, engine sessions, live queries, transactions): lets a
   * test prove that clients leave nothing behind. A diagnostic over the process channel, not part of SurrealDB's API.
   */
  async stats(): Promise<TestServerStats> {
    const child = this.child;
    if (!child || !this.running)
      throw new Error('TestServer.stats(): the server is not running');
    const requestId = this.nextRequestId++;
    this.setReferenced(true);
    try {
      return await new Promise<TestServerStats>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.off('message', onMessage);
          reject(new Error('TestServer.stats(): no answer within 5000 ms'));
        }, 5000);
        const onMessage = (message: ChildMessage): void => {
          if (message.type !== 'stats' || message.requestId !== requestId)
            return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(message.stats);
        };
        child.on('message', onMessage);
        const request: StatsRequestMessage = { type: 'stats', requestId };
        child.send(request);
      });
    } finally {
      if (this.running) this.setReferenced(false);
    }
  }

  /** Stops the server (`await using server = await startTestServer()`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/**
 * Starts a SurrealDB server for tests on 127.0.0.1 and resolves once it accepts connections.
 *
 * ```ts
 * const server = await startTestServer({ username: 'root', password: 'root' });
 * await db.connect(server.url, { namespace: 'test', database: 'test', authentication: { username: 'root', password: 'root' } });
 * await server.stop();
 * ```
 *
 * For tests only, NOT for production.
 */
export async function startTestServer(
  options: TestServerOptions = {},
): Promise<TestServer> {
  const server = new TestServer(resolveOptions(options));
  await server.start();
  return server;
}
