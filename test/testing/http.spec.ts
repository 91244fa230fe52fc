import { startTestServer, type TestServer } from '../../lib/testing/index.js';
import { cbor, connectClient, RawClient } from './test-server.helpers.js';

describe('test server: HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    // Headers do not create a namespace or database (as on a real server); `use` over ws does.
    const setup = await connectClient(server.url, {
      namespace: 'n',
      database: 'd',
    });
    await setup.close();
  });
  afterAll(async () => {
    await server.stop();
  });

  const base = (): string => server.httpUrl.replace(/\/rpc$/, '');
  const rpc = async (
    body: Record<string, unknown>,
    headers: Record<string, string> = { 'Surreal-NS': 'n', 'Surreal-DB': 'd' },
  ): Promise<Record<string, any>> => {
    const response = await fetch(server.httpUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/cbor',
        Accept: 'application/cbor',
        ...headers,
      },
      body: cbor.encode(body),
    });
    expect(response.status).toBe(200);
    return cbor.decode(new Uint8Array(await response.arrayBuffer()));
  };

  it('answers /health, /version and 404', async () => {
    expect((await fetch(`${base()}/health`)).status).toBe(200);
    const version = await fetch(`${base()}/version`);
    expect(await version.text()).toBe('surrealdb-3.0.2');
    expect((await fetch(`${base()}/nope`)).status).toBe(404);
    const garbage = await fetch(server.httpUrl, {
      method: 'POST',
      body: new Uint8Array([0xff, 0x00, 0x13]),
    });
    expect(garbage.status).toBe(400);
  });

  it('runs SDK calls with state from headers, and keeps no state between requests', async () => {
    const db = await connectClient(server.httpUrl, {
      namespace: 'n',
      database: 'd',
    });
    try {
      await db.health();
      expect(
        await db.query('CREATE h:1 SET v = 1 RETURN VALUE v').collect(),
      ).toEqual([[1]]);
      expect(await db.query('RETURN session::db()').collect()).toEqual(['d']);
      // A raw `let` over HTTP does not leak into the next request (nor into the cached session).
      expect(
        (await rpc({ id: '1', method: 'let', params: ['x', 5] })).error,
      ).toBeUndefined();
      expect(
        (await rpc({ id: '2', method: 'query', params: ['RETURN $x'] }))
          .result[0].result,
      ).toBeUndefined();
    } finally {
      await db.close();
    }
  });

  it('refuses live queries, transactions and sessions over HTTP as a real server does, and leaves nothing behind', async () => {
    const answers: Record<string, object> = {
      live: {
        error: {
          kind: 'Configuration',
          message: 'Unable to perform the realtime query',
        },
      },
      kill: {
        error: {
          kind: 'Configuration',
          message: 'Unable to perform the realtime query',
        },
      },
      begin: { error: { kind: 'NotFound', message: 'Method not found' } },
      commit: { error: { kind: 'NotFound', message: 'Method not found' } },
      cancel: { error: { kind: 'NotFound', message: 'Method not found' } },
      attach: {
        error: { kind: 'Validation', message: 'Expected a session ID' },
      },
      detach: {
        error: { kind: 'Validation', message: 'Expected a session ID' },
      },
      sessions: { result: [] },
    };
    for (const [method, answer] of Object.entries(answers))
      expect(await rpc({ id: '1', method, params: [] })).toMatchObject(answer);
    await rpc({
      id: '1',
      method: 'query',
      params: ['DEFINE TABLE IF NOT EXISTS hl'],
    });
    const answer = await rpc({
      id: '2',
      method: 'query',
      params: ['LIVE SELECT * FROM hl; RETURN 1'],
    });
    expect(answer.result[0]).toMatchObject({
      status: 'ERR',
      kind: 'Configuration',
      result: 'Unable to perform the realtime query',
    });
    expect(answer.result[1]).toMatchObject({ status: 'OK', result: 1 });
    const info = await rpc({
      id: '3',
      method: 'query',
      params: ['INFO FOR TABLE hl'],
    });
    expect(info.result[0].result.lives).toEqual({});
    expect(
      (await rpc({ id: '4', method: 'query', params: ['CREATE hl:1'] }))
        .result[0].status,
    ).toBe('OK');
    expect(await server.stats()).toMatchObject({
      liveQueries: 0,
      liveRoutes: 0,
      orphanNotifications: 0,
    });
  });

  it('caches one prepared session per (authorization, ns, db) and no more', async () => {
    const before = await server.stats();
    for (let i = 0; i < 20; i++)
      await rpc({ id: String(i), method: 'query', params: ['RETURN 1'] });
    const same = await server.stats();
    expect(same.httpSessions - before.httpSessions).toBeLessThanOrEqual(1);
    await rpc(
      { id: 'x', method: 'query', params: ['RETURN 1'] },
      { 'Surreal-NS': 'other', 'Surreal-DB': 'd' },
    );
    const after = await server.stats();
    expect(after.httpSessions - same.httpSessions).toBe(1);
    // Only the cached ones stay attached (throwaway sessions for signin/let/use are detached).
    expect(after.engineSessions).toBe(after.sessions);
    expect(after.engineSessions - before.engineSessions).toBeLessThanOrEqual(2);
  });

  it('is as fast as the facts promise (ws about 1 ms, http about 2 ms per call)', async () => {
    const ws = await connectClient(server.url, {
      namespace: 'n',
      database: 'd',
    });
    const http = await connectClient(server.httpUrl, {
      namespace: 'n',
      database: 'd',
    });
    const raw = await RawClient.connect(server.url);
    try {
      const p50 = async (call: () => Promise<unknown>): Promise<number> => {
        for (let i = 0; i < 50; i++) await call();
        const times: number[] = [];
        for (let i = 0; i < 300; i++) {
          const start = performance.now();
          await call();
          times.push(performance.now() - start);
        }
        return times.sort((a, b) => a - b)[times.length >> 1];
      };
      const wsMs = await p50(() => ws.query('SELECT * FROM h:1').collect());
      const httpMs = await p50(() => http.query('SELECT * FROM h:1').collect());
      process.stdout.write(
        `test server p50: ws ${wsMs.toFixed(2)} ms, http ${httpMs.toFixed(2)} ms\n`,
      );
      // Generous bounds: CI machines are shared; this catches a server that got an order of magnitude slower.
      expect(wsMs).toBeLessThan(10);
      expect(httpMs).toBeLessThan(20);
    } finally {
      await ws.close();
      await http.close();
      await raw.close();
    }
  });
});
