/**
 * The upstream bugs that lib/workarounds works around, checked on the raw packages (this file imports nothing that
 * applies a workaround). Each test asserts the bug is still there: when one fails, upstream fixed it, and the
 * workaround it names can go (or stop at the version it was seen on, which it already does by itself).
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CborCodec, ChannelIterator, Surreal } from 'surrealdb';
import WebSocket, { WebSocketServer } from 'ws';
import { workaroundApplies } from '../../lib/workarounds/upstream-version.js';
import { typeScriptExecArgv } from '../../lib/testing/typescript-loader.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('upstream bugs behind lib/workarounds', () => {
  it('surrealdb ChannelIterator loses the second of two messages submitted in one tick (live-channel.fix.ts)', async () => {
    expect(
      (ChannelIterator.prototype as unknown as Record<symbol, unknown>)[
        Symbol.for('nestjs-surrealengine.live-channel-fix')
      ],
    ).toBeUndefined();
    const channel = new ChannelIterator<number>();
    const first = channel.next();
    channel.submit(1);
    channel.submit(2);
    expect(await first).toEqual({ value: 1, done: false });
    const second = await Promise.race([
      channel.next(),
      new Promise((resolve) => setTimeout(() => resolve('lost'), 200)),
    ]);
    expect(second).toBe('lost');
    await channel.return();
  });

  it('surrealdb reports a bad frame with socket.dispatchEvent(), which ws lacks (node-websocket.fix.ts)', async () => {
    expect(
      typeof (WebSocket.prototype as { dispatchEvent?: unknown }).dispatchEvent,
    ).toBe('undefined');
    const cbor = new CborCodec({});
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: () => 'cbor',
    });
    server.on('connection', (socket) =>
      socket.on('message', (data: Buffer) => {
        const request = cbor.decode<{ id: string; method: string }>(
          new Uint8Array(data),
        );
        if (request.method === 'query')
          socket.send(Buffer.from([0xff, 0xfe, 0x00, 0x13]));
        else
          socket.send(
            Buffer.from(
              cbor.encode({
                id: request.id,
                result: request.method === 'version' ? 'surrealdb-3.0.2' : null,
              }),
            ),
          );
      }),
    );
    await new Promise((resolve) => server.once('listening', resolve));
    const dispatched: string[] = [];
    class RecordingWebSocket extends WebSocket {
      dispatchEvent(event: Event): boolean {
        dispatched.push(event.type);
        this.close();
        return true;
      }
    }
    const db = new Surreal({
      websocketImpl:
        RecordingWebSocket as unknown as typeof globalThis.WebSocket,
    });
    try {
      const { port } = server.address() as { port: number };
      await db.connect(`ws://127.0.0.1:${port}/rpc`, { reconnect: false });
      void db
        .query('RETURN 1')
        .collect()
        .catch(() => undefined);
      const deadline = Date.now() + 3000;
      while (dispatched.length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(dispatched).toContain('error');
    } finally {
      await db.close();
      server.clients.forEach((client) => client.terminate());
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('surrealdb leaves connect() pending when the engine reports an error (engine-errors.fix.ts)', async () => {
    const db = new Surreal({
      websocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    const connecting = db
      .connect(`ws://127.0.0.1:${await closedPort()}/rpc`, { reconnect: false })
      .then(
        () => 'connected',
        () => 'rejected',
      );
    const outcome = await Promise.race([
      connecting,
      new Promise((resolve) => setTimeout(() => resolve('pending'), 1500)),
    ]);
    await db.close();
    expect(outcome).toBe('pending');
  });

  it('@surrealdb/node keeps the process alive after close() once a DEFINE INDEX ran (memory-engine.fix.ts)', async () => {
    const child = fork(
      fileURLToPath(
        new URL('../fixtures/upstream-memory-index.script.ts', import.meta.url),
      ),
      [],
      { execArgv: typeScriptExecArgv(), stdio: 'pipe' },
    );
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const deadline = Date.now() + 10_000;
      while (!stdout.includes('closed') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stdout).toContain('closed');
      // Closed, and nothing left to do, yet the process is still alive seconds later.
      const outcome = await Promise.race([
        exited.then(() => 'exited'),
        new Promise((resolve) => setTimeout(() => resolve('alive'), 3000)),
      ]);
      expect(outcome).toBe('alive');
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  });

  it('the workarounds apply to the installed releases the bugs were seen on', () => {
    expect(workaroundApplies('surrealdb', '2.0.8')).toBe(true);
    expect(workaroundApplies('@surrealdb/node', '3.0.3')).toBe(true);
    // A release newer than the one a bug was seen on, or of another major version, does not get its workaround.
    expect(workaroundApplies('surrealdb', '1.9.9')).toBe(false);
    expect(workaroundApplies('surrealdb', '2.0.7')).toBe(false);
  });
});
