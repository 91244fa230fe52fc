import { Uuid } from 'surrealdb';
import { startTestServer, type TestServer } from '../../lib/testing/index.js';
import { connectClient, eventually, RawClient } from './test-server.helpers.js';

const CLIENTS = 50;

describe('test server: clients dropping at once', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const setup = await RawClient.connect(server.url);
    await setup.result('use', ['n', 'd']);
    await setup.result('query', ['DEFINE TABLE drop; DEFINE TABLE drop_txn']);
    await setup.close();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('leaves no session, live query or transaction behind when 50 clients vanish mid-request', async () => {
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => RawClient.connect(server.url)),
    );
    await Promise.all(
      clients.map(async (client, i) => {
        const session = Uuid.v4();
        await client.result('attach', undefined, { session });
        for (const extra of [{}, { session }]) {
          await client.result('use', ['n', 'd'], extra);
          await client.result('let', ['me', i], extra);
          await client.result('query', ['LIVE SELECT * FROM drop'], extra);
        }
        const txn = await client.result<Uuid>('begin');
        await client.result('query', [`CREATE drop_txn:${i}`], { txn });
      }),
    );
    // Each live query has notified once: the engine's reset alone would no longer kill those.
    const writer = await RawClient.connect(server.url);
    await writer.result('use', ['n', 'd']);
    await writer.result('query', ['CREATE drop:first']);

    const before = await server.stats();
    expect(before).toMatchObject({
      connections: CLIENTS + 1,
      engineSessions: 2 * CLIENTS + 1,
      sessions: 2 * CLIENTS + 1,
      liveQueries: 2 * CLIENTS,
      transactions: CLIENTS,
    });

    // Requests in flight (a live query and a transaction among them), then every socket is cut without a close.
    for (const [i, client] of clients.entries()) {
      void client.call('query', ['LIVE SELECT * FROM drop']);
      void client.call('begin');
      void client.call('query', [`CREATE drop:in_flight_${i}`]);
      void client.call('query', ['SELECT * FROM drop']);
    }
    for (const client of clients) client.socket.terminate();

    await eventually(async () => {
      expect(await server.stats()).toEqual({
        connections: 1,
        engineSessions: 1,
        sessions: 1,
        httpSessions: 0,
        liveQueries: 0,
        liveRoutes: 0,
        transactions: 0,
        orphanNotifications: 0,
      });
    }, 15000);

    // The engine agrees: no live query left on the table, and no notification goes nowhere.
    const [info] = await writer.result<{ result: { lives: object } }[]>(
      'query',
      ['INFO FOR TABLE drop'],
    );
    expect(info.result.lives).toEqual({});
    await writer.result('query', [
      'CREATE drop:after; UPDATE drop:first SET seen = true',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await server.stats()).orphanNotifications).toBe(0);
    // The open transactions were cancelled, never committed.
    const [txnRows] = await writer.result<{ result: unknown[] }[]>('query', [
      'SELECT * FROM drop_txn',
    ]);
    expect(txnRows.result).toEqual([]);
    await writer.close();
  }, 40000);

  it('cleans up after SDK clients that close while calls are pending', async () => {
    const dbs = await Promise.all(
      Array.from({ length: 10 }, () =>
        connectClient(server.url, { namespace: 'n', database: 'd' }),
      ),
    );
    await Promise.all(
      dbs.map(async (db) => (await db.newSession()).set('x', 1)),
    );
    // The SDK never settles calls still pending when it is closed, so they are not awaited.
    for (const db of dbs)
      void db
        .query('SELECT * FROM drop')
        .collect()
        .catch(() => undefined);
    await Promise.all(dbs.map((db) => db.close()));
    await eventually(async () => {
      expect(await server.stats()).toMatchObject({
        connections: 0,
        engineSessions: 0,
        sessions: 0,
      });
    });
  });
});
