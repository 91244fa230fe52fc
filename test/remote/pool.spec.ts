import { firstValueFrom, take, toArray } from 'rxjs';
import {
  SurrealPoolTimeoutError,
  createConnection,
  type LiveEvent,
  type SurrealConnection,
} from '../../lib/index.js';
import {
  startControlledServer,
  type ControlledServer,
} from '../helpers/controlled-server.js';
import { byAction, readySignal, write } from '../helpers/live.js';
import { dropTableAndClose, tempDir } from '../helpers/test-utils.js';
import {
  eventually,
  remoteTarget,
  ROOT,
  type RemoteTarget,
} from '../helpers/remote-target.js';

const scope = { namespace: 'app', database: 'pool' };

describe('connection pool over ws', () => {
  let target: RemoteTarget;
  beforeAll(async () => {
    target = await remoteTarget();
  });
  afterAll(() => target.close());

  const pooled = (name: string, extra: Record<string, unknown> = {}) =>
    createConnection({
      url: target.url,
      name,
      ...scope,
      ...target.credentials,
      usePool: true,
      poolSize: 4,
      logger: false,
      ...extra,
    }).connect();

  it('10,000 mixed operations from 200 concurrent callers through a pool of 4: all succeed, nothing leaks', async () => {
    const connection = await pooled('busy');
    try {
      await connection.query('DEFINE TABLE IF NOT EXISTS item SCHEMALESS');
      let peakMembers = 0;
      const caller = async (callerId: number) => {
        for (let i = 0; i < 50; i++) {
          const key = `${callerId}-${i}`;
          switch (i % 4) {
            case 0:
              await connection.query(
                'CREATE type::record("item", $key) SET caller = $caller, n = $i',
                { key, caller: callerId, i },
              );
              break;
            case 1:
              await connection.query(
                'SELECT * FROM type::record("item", $key)',
                { key: `${callerId}-${i - 1}` },
              );
              break;
            case 2:
              await connection.query(
                'UPDATE type::record("item", $key) SET seen = true',
                { key: `${callerId}-${i - 2}` },
              );
              break;
            default:
              await connection.ping();
          }
          peakMembers = Math.max(peakMembers, connection.stats().size);
        }
      };
      await Promise.all(Array.from({ length: 200 }, (_, id) => caller(id)));
      const [[{ count }]] = await connection.query<[{ count: number }[]]>(
        'SELECT count() FROM item GROUP ALL',
      );
      expect(count).toBe(200 * 13);
      const stats = connection.stats();
      expect(stats).toMatchObject({ busy: 0, waiting: 0 });
      expect(stats.size).toBeLessThanOrEqual(4);
      expect(peakMembers).toBe(4);
      expect(stats.created - stats.destroyed).toBe(stats.size);
      if (target.server) {
        const server = await target.server.stats();
        // One socket per member, and this suite's connection is the only client.
        expect(server.connections).toBe(stats.size);
        expect(server.transactions).toBe(0);
      }
    } finally {
      await dropTableAndClose(connection, 'item');
    }
    if (target.server) {
      await eventually(
        async () => (await target.server!.stats()).connections === 0,
        5000,
        'all sockets closed',
      );
    }
  }, 60_000);

  it('pool exhaustion: with the only member leased, a caller gets the clear error after the acquire timeout', async () => {
    const connection = await pooled('exhausted', {
      poolSize: 1,
      poolAcquireTimeout: 0.3,
    });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const transaction = connection.transaction(() => held);
      await eventually(
        () => connection.stats().busy === 1,
        2000,
        'lease taken',
      );
      const started = performance.now();
      const failure = await connection
        .query('RETURN 1')
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SurrealPoolTimeoutError);
      expect((failure as Error).message).toBe(
        'connection "exhausted": no pool member became free within 0.3s (poolSize 1, 1 busy, 1 waiting); raise "poolSize" or "poolAcquireTimeout", or shorten transactions',
      );
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      release();
      await transaction;
      expect(connection.stats()).toMatchObject({ busy: 0, waiting: 0 });
      expect(await connection.query('RETURN 2')).toEqual([2]);
    } finally {
      await connection.close();
    }
  });

  it('a transaction holds one member for itself and commits or cancels', async () => {
    const connection = await pooled('tx');
    try {
      await connection.query('DEFINE TABLE IF NOT EXISTS ledger SCHEMALESS');
      await connection.transaction(async (tx) => {
        await tx.query('CREATE ledger:1 SET amount = 5');
        expect(connection.stats().busy).toBe(1);
      });
      await expect(
        connection.transaction(async (tx) => {
          await tx.query('CREATE ledger:2 SET amount = 7');
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      const [ids] = await connection.query<[unknown[]]>(
        'SELECT VALUE amount FROM ledger',
      );
      expect(ids).toEqual([5]);
      if (target.server)
        expect((await target.server.stats()).transactions).toBe(0);
    } finally {
      await dropTableAndClose(connection, 'ledger');
    }
  });
});

describe('pool and live queries across a server restart (a server the test controls)', () => {
  let server: ControlledServer;
  let connection: SurrealConnection;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    // A persistent store, as a real server has: the schema survives the restart.
    dir = await tempDir();
    server = await startControlledServer({
      ...ROOT,
      storage: `surrealkv://${dir.path}/store`,
    });
    connection = await createConnection({
      url: server.url,
      name: 'healing',
      ...scope,
      ...ROOT,
      usePool: true,
      poolSize: 4,
      timeout: 2,
      initialDelay: 0.1,
      logger: false,
    }).connect();
  });
  afterEach(async () => {
    await connection.close();
    await server.stop();
    await dir.remove();
  });

  /**
   * Ids of the live queries the server holds on `table`. After a SIGKILL a real server keeps the dead node's live
   * queries in its store until its node-membership cleanup (5 minutes by default), so the tests follow ids, not a count.
   */
  async function liveIds(table: string): Promise<string[]> {
    const [info] = await connection.query<[{ lives: object }]>(
      `INFO FOR TABLE ${table}`,
    );
    return Object.keys(info.lives);
  }

  it('killed mid-run: calls fail clearly or complete after restart, and the pool heals', async () => {
    await connection.query('DEFINE TABLE IF NOT EXISTS job SCHEMALESS');
    const outcomes: string[] = [];
    let stop = false;
    const callers = Array.from({ length: 50 }, async (_, id) => {
      for (let i = 0; !stop; i++) {
        outcomes.push(
          await connection
            .query('CREATE job SET caller = $id, i = $i', { id, i })
            .then(() => 'ok')
            .catch((error: Error) => error.message),
        );
        if (outcomes.at(-1) !== 'ok')
          await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    await eventually(() => outcomes.length >= 500, 10_000, '500 calls');
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.restart();
    await eventually(() => connection.isConnected(), 10_000, 'reconnected');
    const mark = outcomes.length;
    await eventually(
      () =>
        outcomes.slice(mark).filter((outcome) => outcome === 'ok').length >=
        500,
      15_000,
      '500 calls after restart',
    );
    stop = true;
    await Promise.all(callers);
    for (const failure of outcomes.filter((outcome) => outcome !== 'ok')) {
      expect(failure).toMatch(
        /connection "healing" .*did not complete within 2s|terminated|connection/i,
      );
    }
    expect(connection.stats()).toMatchObject({ busy: 0, waiting: 0 });
    // Only the loopback server counts open transactions.
    if (server.loopback)
      expect((await server.loopback.stats()).transactions).toBe(0);
  }, 60_000);

  it('a live subscription on a pooled connection gets CREATE/UPDATE/DELETE, resumes after a restart, and leaves nothing on unsubscribe', async () => {
    await connection.query('DEFINE TABLE IF NOT EXISTS person SCHEMALESS');
    const events: LiveEvent<{ name: string }>[] = [];
    const { ready, registered } = readySignal();
    const subscription = connection
      .live<{ name: string }>('person', { onReady: ready })
      .subscribe((event) => events.push(event));
    await registered;
    await write(connection, 'CREATE person:ann SET name = "Ann"');
    await write(connection, 'UPDATE person:ann SET name = "Annie"');
    await write(connection, 'DELETE person:ann');
    await eventually(() => events.length >= 3, 5000, 'three live events');
    const first = byAction(events);
    expect(Object.keys(first).sort()).toEqual(['CREATE', 'DELETE', 'UPDATE']);
    expect(first.UPDATE.document.name).toBe('Annie');
    const before = await liveIds('person');
    expect(before).toHaveLength(1);

    await server.kill();
    await server.restart();
    await eventually(() => connection.isConnected(), 10_000, 'reconnected');
    let again: string[] = [];
    await eventually(
      async () => {
        again = (await liveIds('person')).filter((id) => !before.includes(id));
        return again.length > 0;
      },
      10_000,
      'live query registered again',
    );
    expect(again).toHaveLength(1);
    await write(connection, 'CREATE person:bob SET name = "Bob"');
    await eventually(
      () => events.length >= 4,
      5000,
      'an event after the restart',
    );
    expect(events[3]).toMatchObject({
      action: 'CREATE',
      document: { name: 'Bob' },
    });

    subscription.unsubscribe();
    const loopback = server.loopback;
    await eventually(
      async () =>
        !(await liveIds('person')).includes(again[0]) &&
        (!loopback || (await loopback.stats()).liveQueries === 0),
      5000,
      'live query killed on the server',
    );
  }, 40_000);
});

describe('pooled live query resolves through the observable API', () => {
  it('firstValueFrom works with take()', async () => {
    const target = await remoteTarget();
    const connection = await createConnection({
      url: target.url,
      name: 'rx',
      ...scope,
      ...target.credentials,
      usePool: true,
      poolSize: 2,
      logger: false,
    }).connect();
    try {
      await connection.query('DEFINE TABLE IF NOT EXISTS signal SCHEMALESS');
      const { ready, registered } = readySignal();
      const first = firstValueFrom(
        connection.live('signal', { onReady: ready }).pipe(take(2), toArray()),
      );
      await registered;
      await write(
        connection,
        'CREATE signal:1 SET on = true; CREATE signal:2 SET on = false',
      );
      // The engine does not promise notification order across records (about 1% arrive swapped).
      expect((await first).map((event) => event.id.toString()).sort()).toEqual([
        'signal:1',
        'signal:2',
      ]);
    } finally {
      await dropTableAndClose(connection, 'signal').finally(() =>
        target.close(),
      );
    }
  });
});
