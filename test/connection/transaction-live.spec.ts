import { eq } from 'surrealdb';
import {
  createConnection,
  type LiveEvent,
  type SurrealConnection,
} from '../../lib/index.js';
import { byAction, collectLive, readySignal, write } from '../helpers/live.js';

const scope = { namespace: 'app', database: 'main', logger: false as const };

describe('transactions (embedded)', () => {
  let connection: SurrealConnection;
  beforeEach(async () => {
    connection = await createConnection({
      url: 'mem://',
      name: 'tx',
      ...scope,
    }).connect();
    await connection.query('DEFINE TABLE account SCHEMALESS');
  });
  afterEach(() => connection.close());

  it('commits when the function resolves', async () => {
    const result = await connection.transaction(async (tx) => {
      await tx.query('CREATE account:a SET balance = 10');
      await tx.query('CREATE account:b SET balance = 5');
      return 'done';
    });
    expect(result).toBe('done');
    const [rows] = await connection.query<[{ balance: number }[]]>(
      'SELECT balance FROM account ORDER BY balance',
    );
    expect(rows).toEqual([{ balance: 5 }, { balance: 10 }]);
  });

  it('cancels when the function throws, and passes the error on', async () => {
    await expect(
      connection.transaction(async (tx) => {
        await tx.query('CREATE account:c SET balance = 1');
        throw new Error('insufficient funds');
      }),
    ).rejects.toThrow('insufficient funds');
    const [rows] = await connection.query<[unknown[]]>('SELECT * FROM account');
    expect(rows).toEqual([]);
  });
});

describe('live queries (embedded)', () => {
  let connection: SurrealConnection;
  beforeEach(async () => {
    connection = await createConnection({
      url: 'mem://',
      name: 'live',
      ...scope,
    }).connect();
    await connection.query('DEFINE TABLE person SCHEMALESS');
  });
  afterEach(() => connection.close());

  it('delivers CREATE, UPDATE and DELETE with the record id and document', async () => {
    const { events } = await collectLive<{ name: string }>(
      connection,
      'person',
      3,
    );
    await write(connection, 'CREATE person:ann SET name = "Ann"');
    await write(connection, 'UPDATE person:ann SET name = "Annie"');
    await write(connection, 'DELETE person:ann');
    const received = (await events) as LiveEvent<{ name: string }>[];
    const events$ = byAction(received);
    expect(Object.keys(events$).sort()).toEqual(['CREATE', 'DELETE', 'UPDATE']);
    expect(received.map((event) => event.id.toString())).toEqual([
      'person:ann',
      'person:ann',
      'person:ann',
    ]);
    expect(events$.CREATE.document.name).toBe('Ann');
    expect(events$.UPDATE.document.name).toBe('Annie');
  });

  it('filters with a bound condition', async () => {
    const { events } = await collectLive<{ name: string }>(
      connection,
      'person',
      1,
      {
        where: eq('team', 'red'),
      },
    );
    await write(connection, 'CREATE person:1 SET name = "Blue", team = "blue"');
    await write(connection, 'CREATE person:2 SET name = "Red", team = "red"');
    const [event] = await events;
    expect(event.document.name).toBe('Red');
  });

  it('unsubscribing kills the live query on the server', async () => {
    const { ready, registered } = readySignal();
    const seen: string[] = [];
    const subscription = connection
      .live<{ name: string }>('person', { onReady: ready })
      .subscribe((event) => seen.push(event.document.name));
    await registered;
    const lives = async () => {
      const [info] = await connection.query<
        [{ lives: Record<string, unknown> }]
      >('INFO FOR TABLE person');
      return Object.keys(info.lives);
    };
    expect(await lives()).toHaveLength(1);
    subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await lives()).toHaveLength(0);
    await write(connection, 'CREATE person:late SET name = "Late"');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual([]);
  });
});

describe('features HTTP cannot offer', () => {
  it('transactions and live queries over http fail at once with a clear error', async () => {
    const connection = createConnection({
      url: 'http://127.0.0.1:9',
      name: 'web',
      ...scope,
    });
    expect(() => connection.live('person')).toThrow(
      'connection "web" (http://127.0.0.1:9): live queries need a ws://, wss:// or embedded connection; HTTP keeps no session between requests',
    );
    await expect(connection.transaction(async () => undefined)).rejects.toThrow(
      'connection "web" (http://127.0.0.1:9): transactions need a ws://, wss:// or embedded connection',
    );
    await connection.close();
  });
});
