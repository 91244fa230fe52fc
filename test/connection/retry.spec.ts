import { createServer, type Server } from 'node:net';
import {
  SurrealConnectionError,
  SurrealConnection,
  createConnection,
  withConnection,
} from '../../lib/index.js';
import { runScript } from '../helpers/run-script.js';
import { freePort, recordingLogger } from '../helpers/test-utils.js';

describe('retry with backoff', () => {
  it.each(['ws', 'http'])(
    '%s: 1 + retryLimit attempts, spaced initialDelay * backoff^(n-1), then a clear error',
    async (scheme) => {
      const port = await freePort();
      const logger = recordingLogger();
      const connection = createConnection({
        url: `${scheme}://127.0.0.1:${port}`,
        name: `retry-${scheme}`,
        retryLimit: 3,
        initialDelay: 0.1,
        backoff: 2,
        timeout: 2,
        logger,
      });
      const failure = await connection
        .connect()
        .catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(SurrealConnectionError);
      const error = failure as SurrealConnectionError;
      expect(error.attempts).toBe(4);
      expect(error.connectionName).toBe(`retry-${scheme}`);
      expect(error.message).toContain(
        `connection "retry-${scheme}" (${scheme}://127.0.0.1:${port}): could not connect after 4 attempts:`,
      );
      expect(error.message).toMatch(/ECONNREFUSED|fetch failed/);

      // One line per failed attempt; "retrying" only where a retry follows.
      expect(logger.entries.map((entry) => entry.level)).toEqual([
        'warn',
        'warn',
        'warn',
        'error',
      ]);
      expect(
        logger.entries.map(
          (entry) => entry.message.match(/attempt \d of \d/)?.[0],
        ),
      ).toEqual([
        'attempt 1 of 4',
        'attempt 2 of 4',
        'attempt 3 of 4',
        'attempt 4 of 4',
      ]);
      expect(
        logger.entries
          .slice(0, 3)
          .map((entry) => entry.message.match(/retrying in (.*)s$/)?.[1]),
      ).toEqual(['0.1', '0.2', '0.4']);
      expect(logger.entries[3].message).toMatch(/giving up$/);

      // The spacing between failures follows the backoff (a refused connect itself takes a few ms).
      const gaps = logger.entries
        .slice(1)
        .map((entry, i) => entry.at - logger.entries[i].at);
      [100, 200, 400].forEach((delay, i) => {
        expect(gaps[i]).toBeGreaterThanOrEqual(delay - 5);
        expect(gaps[i]).toBeLessThan(delay + 150);
      });
      expect(connection.isConnected()).toBe(false);
      await connection.close();
    },
  );

  it('after giving up, nothing dials the port again', async () => {
    const port = await freePort();
    const connection = createConnection({
      url: `ws://127.0.0.1:${port}`,
      name: 'no-background-loop',
      retryLimit: 1,
      initialDelay: 0.05,
      logger: false,
    });
    await expect(connection.connect()).rejects.toThrow(SurrealConnectionError);
    // Listen where the client was dialling: the SDK's own reconnect loop (1 s, then doubling) would come back.
    let dials = 0;
    const listener: Server = createServer((socket) => {
      dials++;
      socket.destroy();
    });
    await new Promise<void>((resolve) =>
      listener.listen(port, '127.0.0.1', resolve),
    );
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await new Promise<void>((resolve) => listener.close(() => resolve()));
    expect(dials).toBe(0);
    await connection.close();
  });

  it('a process whose connect failed after retries exits by itself', async () => {
    const port = await freePort();
    const result = await runScript('retry-closed-port.script.ts', [
      `ws://127.0.0.1:${port}`,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('attempt 3 of 3 failed');
    expect(result.stdout).toContain('FAILED connection "default"');
    expect(result.stdout).toContain('could not connect after 3 attempts');
  });

  it('an attempt that hangs is cut at `timeout`', async () => {
    // A TCP server that accepts but never answers the WebSocket handshake.
    const sockets = new Set<import('node:net').Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) =>
      silent.listen(0, '127.0.0.1', resolve),
    );
    const { port } = silent.address() as { port: number };
    const started = performance.now();
    const connection = createConnection({
      url: `ws://127.0.0.1:${port}`,
      name: 'hanging',
      retryLimit: 1,
      initialDelay: 0.05,
      timeout: 0.3,
      logger: false,
    });
    const error = (await connection
      .connect()
      .catch((e: unknown) => e)) as SurrealConnectionError;
    const elapsed = performance.now() - started;
    expect(error.message).toContain(
      'could not connect after 2 attempts: connect did not complete within 0.3s',
    );
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(elapsed).toBeLessThan(2000);
    sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    await connection.close();
  });
});

describe('withConnection and await using', () => {
  it('withConnection closes when fn throws, and passes the error on', async () => {
    let seen: SurrealConnection | undefined;
    const failure = await withConnection(
      { url: 'mem://', name: 'with-throws' },
      async (connection) => {
        seen = connection;
        await connection.ping();
        throw new Error('boom');
      },
    ).catch((error: Error) => error);
    expect((failure as Error).message).toBe('boom');
    expect(seen!.isConnected()).toBe(false);
    await expect(seen!.query('RETURN 1')).rejects.toThrow(
      'connection "with-throws" is closed',
    );
  });

  it('withConnection returns what fn returns and closes a connection it was given', async () => {
    const connection = createConnection({ url: 'mem://', name: 'with-given' });
    const answer = await withConnection(
      connection,
      async (c) => (await c.query<[number]>('RETURN 41 + 1'))[0],
    );
    expect(answer).toBe(42);
    expect(connection.isConnected()).toBe(false);
  });

  it('await using closes at the end of the block, even on throw', async () => {
    let outer: SurrealConnection | undefined;
    await expect(
      (async () => {
        await using connection = await createConnection({
          url: 'mem://',
          name: 'using',
        }).connect();
        outer = connection;
        expect(connection.isConnected()).toBe(true);
        throw new Error('inside');
      })(),
    ).rejects.toThrow('inside');
    expect(outer!.isConnected()).toBe(false);
  });

  it('calls before connect() and after close() say what to do', async () => {
    const connection = createConnection({ url: 'mem://', name: 'early' });
    expect(() => connection.client).toThrow(
      'connection "early" is not connected yet: await connection.connect() first',
    );
    await expect(connection.query('RETURN 1')).rejects.toThrow(
      'is not connected yet',
    );
    await connection.connect();
    await connection.close();
    await connection.close();
    await expect(connection.connect()).rejects.toThrow(
      'connection "early" is closed: create a new connection',
    );
  });
});
