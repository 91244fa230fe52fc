import { WebSocketServer } from 'ws';
import { SurrealConnectionError, createConnection } from '../../lib/index.js';
import { recordingLogger } from '../helpers/test-utils.js';

describe('a server that closes the socket right after the upgrade', () => {
  let server: WebSocketServer;
  let port: number;
  let upgrades = 0;
  beforeAll(async () => {
    server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: () => 'cbor',
    });
    server.on('connection', (socket) => {
      upgrades++;
      socket.close();
    });
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('fails each attempt at once, not after the whole timeout', async () => {
    const logger = recordingLogger();
    const connection = createConnection({
      url: `ws://127.0.0.1:${port}`,
      name: 'dropped',
      timeout: 20,
      retryLimit: 2,
      initialDelay: 0.01,
      logger,
    });
    const started = performance.now();
    const error = await connection.connect().catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    await connection.close();
    expect(error).toBeInstanceOf(SurrealConnectionError);
    expect((error as SurrealConnectionError).attempts).toBe(3);
    expect((error as Error).message).toBe(
      `connection "dropped" (ws://127.0.0.1:${port}): could not connect after 3 attempts: the server closed the connection before it was ready. Check that the server is up and reachable, or raise "retryLimit"/"timeout".`,
    );
    expect(upgrades).toBeGreaterThanOrEqual(3);
    expect(logger.entries.map((entry) => entry.level)).toEqual([
      'warn',
      'warn',
      'error',
    ]);
    // Three attempts in far less than one 20 s timeout.
    expect(elapsed).toBeLessThan(10_000);
  }, 15_000);
});
