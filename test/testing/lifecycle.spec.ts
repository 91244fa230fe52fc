import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpConnectionError, RecordId } from 'surrealdb';
import { startTestServer, type TestServer } from '../../lib/testing/index.js';
import { connectClient, eventually, newClient } from './test-server.helpers.js';

const AUTH = { username: 'root', password: 'secret' };

async function count(server: TestServer, token?: string): Promise<number> {
  const db = await connectClient(server.url, { namespace: 'n', database: 'd' });
  try {
    if (token) await db.authenticate(token);
    else await db.signin(AUTH);
    const [total] = await db
      .query<[number]>('RETURN count((SELECT VALUE id FROM item))')
      .collect();
    return total;
  } finally {
    await db.close();
  }
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('test server: stop, kill, restart', () => {
  it('loses mem:// data on restart, keeps its port, and old tokens stop working', async () => {
    const port = await freePort();
    const server = await startTestServer({ ...AUTH, port });
    try {
      expect(server.port).toBe(port);
      expect(server.url).toBe(`ws://127.0.0.1:${port}/rpc`);
      expect(server.httpUrl).toBe(`http://127.0.0.1:${port}/rpc`);
      const http = await connectClient(server.httpUrl, {
        namespace: 'n',
        database: 'd',
        authentication: AUTH,
      });
      // Over HTTP a namespace and database are not created by the headers (as on a real server): USE creates them.
      await http
        .query('USE NS n DB d; DEFINE TABLE item; CREATE item:1')
        .collect();
      expect(await count(server)).toBe(1);

      await server.restart();
      expect(server.port).toBe(port);
      expect(server.running).toBe(true);
      // The signing key was made at DEFINE USER: a new in-memory server does not know the old token.
      const error = await http
        .query('RETURN 1')
        .collect()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpConnectionError);
      expect((error as HttpConnectionError).status).toBe(401);
      await http.close();
      const db = await connectClient(server.url, {
        namespace: 'n',
        database: 'd',
        authentication: AUTH,
      });
      await expect(
        db.query('SELECT * FROM item').collect(),
      ).rejects.toMatchObject({ kind: 'NotFound' });
      await db.close();
    } finally {
      await server.stop();
    }
    expect(server.running).toBe(false);
  });

  it('keeps every acknowledged surrealkv:// write after SIGKILL, and tokens stay valid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'surreal-test-server-'));
    const server = await startTestServer({
      ...AUTH,
      storage: `surrealkv://${dir}`,
    });
    try {
      const db = await connectClient(server.url, {
        namespace: 'n',
        database: 'd',
        authentication: AUTH,
      });
      const token = (await db.signin(AUTH)).access;
      await db.query('DEFINE TABLE item').collect();
      for (let i = 0; i < 100; i++)
        await db.create(new RecordId('item', i)).content({ i });
      await server.kill();
      expect(server.running).toBe(false);
      await db.close();

      await server.restart();
      expect(await count(server, token)).toBe(100);
      await server.stop();
      await server.restart();
      expect(await count(server)).toBe(100);
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lets an SDK client with reconnect and an auth provider ride through a restart', async () => {
    const server = await startTestServer(AUTH);
    const db = newClient();
    try {
      await db.connect(server.url, {
        namespace: 'n',
        database: 'd',
        authentication: () => AUTH,
        reconnect: {
          enabled: true,
          attempts: -1,
          retryDelay: 50,
          retryDelayMax: 200,
        },
      });
      expect(await db.query('RETURN 1').collect()).toEqual([1]);
      await server.kill();
      await server.restart();
      await eventually(
        async () => expect(await db.query('RETURN 2').collect()).toEqual([2]),
        10000,
      );
    } finally {
      await db.close();
      await server.stop();
    }
  });

  it('stop and kill are idempotent, restart starts a stopped server', async () => {
    const server = await startTestServer();
    await server.stop();
    await server.stop();
    await server.kill();
    expect(server.running).toBe(false);
    await expect(
      fetch(`http://127.0.0.1:${server.port}/health`),
    ).rejects.toThrow();
    await server.restart();
    expect((await fetch(`http://127.0.0.1:${server.port}/health`)).status).toBe(
      200,
    );
    await server.kill();
  });

  it('rejects bad options with a message naming the option', async () => {
    await expect(
      startTestServer({ storage: 'file:///tmp/x' as never }),
    ).rejects.toThrow(/"storage"/);
    await expect(
      startTestServer({ storage: 'surrealkv://relative/dir' }),
    ).rejects.toThrow(/"storage"/);
    await expect(startTestServer({ username: 'root' })).rejects.toThrow(
      /"username" and "password"/,
    );
    await expect(startTestServer({ port: 70000 })).rejects.toThrow(/"port"/);
  });

  it('reports a server that cannot start (port taken) instead of hanging', async () => {
    const server = await startTestServer();
    try {
      await expect(startTestServer({ port: server.port })).rejects.toThrow(
        /EADDRINUSE/,
      );
    } finally {
      await server.stop();
    }
  });
});
