import { firstValueFrom, take, toArray } from 'rxjs';
import { createConnection, type SurrealConnection } from 'nestjs-surrealengine';
import { startTestServer, type TestServer } from 'nestjs-surrealengine/testing';

describe('LIVE on a table that does not exist yet', () => {
  let server: TestServer;
  const opened: SurrealConnection[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await Promise.all(opened.map((connection) => connection.close()));
    await server?.stop();
  });

  async function open(url: string, database: string) {
    const connection = await createConnection({
      url,
      name: `live-missing-${database}`,
      namespace: 'live',
      database,
      logger: false,
    }).connect();
    opened.push(connection);
    return connection;
  }

  it.each([
    ['mem://', 'embedded'],
    ['ws', 'remote'],
  ])(
    '%s: defines the table as a first write would, and sees the first CREATE',
    async (url, database) => {
      const connection = await open(url === 'ws' ? server.url : url, database);
      let ready!: () => void;
      const registered = new Promise<void>((resolve) => (ready = resolve));
      const events = firstValueFrom(
        connection
          .live<{ n: number }>('fresh_feed', { onReady: ready })
          .pipe(take(1), toArray()),
      );
      await registered;
      await connection.query('CREATE fresh_feed:one SET n = 1');
      const [event] = await events;
      expect(event.action).toBe('CREATE');
      expect(event.document.n).toBe(1);
      const [info] =
        await connection.query<[{ tables: Record<string, string> }]>(
          'INFO FOR DB',
        );
      expect(info.tables.fresh_feed).toMatch(/SCHEMALESS/);
    },
  );

  it('puts the root cause in the message when the LIVE SELECT fails for another reason', async () => {
    const connection = await open('mem://', 'failing');
    const failure = firstValueFrom(connection.live('bad⟩name')).then(
      () => undefined,
      (error: Error) => error,
    );
    const error = await failure;
    expect(error?.message).toMatch(
      /^connection "live-missing-failing": live query on "bad⟩name" failed: .*cannot be used as a SurrealDB identifier/,
    );
  });
});
