import { CborCodec } from 'surrealdb';
import { WebSocketServer, type WebSocket } from 'ws';
import { createConnection, SurrealTimeoutError } from '../../lib/index.js';

/**
 * A tiny fake server: answers the handshake calls properly, then sends a frame that is not CBOR for any
 * query. The SDK reports such a frame with `socket.dispatchEvent()`, which the `ws` package lacks.
 */
async function startGarbleServer() {
  const cbor = new CborCodec({});
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: () => 'cbor',
  });
  const sockets = new Set<WebSocket>();
  let garbled = 0;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('message', (data: Buffer) => {
      const request = cbor.decode<{ id: string; method: string }>(
        new Uint8Array(data),
      );
      if (request.method === 'query') {
        garbled++;
        socket.send(Buffer.from([0xff, 0xfe, 0x00, 0x13]));
        return;
      }
      const result = request.method === 'version' ? 'surrealdb-3.0.2' : null;
      socket.send(Buffer.from(cbor.encode({ id: request.id, result })));
    });
  });
  await new Promise<void>((resolve) =>
    server.once('listening', () => resolve()),
  );
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/rpc`,
    garbled: () => garbled,
    close: async () => {
      sockets.forEach((socket) => socket.terminate());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a malformed frame from the server', () => {
  it('does not crash the process: the call fails within timeout and the socket is reopened', async () => {
    const server = await startGarbleServer();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    const connection = await createConnection({
      url: server.url,
      name: 'garbled',
      namespace: 'app',
      database: 'main',
      timeout: 0.5,
      initialDelay: 0.05,
      logger: false,
    }).connect();
    let reconnects = 0;
    connection.client.subscribe('connected', () => reconnects++);
    try {
      await expect(connection.query('RETURN 1')).rejects.toThrow(
        SurrealTimeoutError,
      );
      expect(server.garbled()).toBeGreaterThanOrEqual(1);
      // The socket was closed as a protocol error and the SDK opened a new one by itself.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(reconnects).toBeGreaterThanOrEqual(1);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await connection.close();
      await server.close();
    }
  });
});
