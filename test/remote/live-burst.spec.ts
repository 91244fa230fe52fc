import { createConnection, withConflictRetry } from '../../lib/index.js';
import { collectLive } from '../helpers/live.js';
import { dropTableAndClose } from '../helpers/test-utils.js';
import { remoteTarget, type RemoteTarget } from '../helpers/remote-target.js';

describe('live notifications arriving in the same tick over ws', () => {
  let target: RemoteTarget;
  beforeAll(async () => {
    target = await remoteTarget();
  });
  afterAll(() => target.close());

  it('none is lost (works around surrealdb 2.0.8 ChannelIterator)', async () => {
    const connection = await createConnection({
      url: target.url,
      name: 'burst',
      namespace: 'app',
      database: 'burst',
      ...target.credentials,
      timeout: 5,
      logger: false,
    }).connect();
    try {
      await connection.query('DEFINE TABLE IF NOT EXISTS burst SCHEMALESS');
      const rounds = 40;
      const { events } = await collectLive<{ round: number; i: number }>(
        connection,
        'burst',
        rounds * 5,
      );
      for (let round = 0; round < rounds; round++) {
        // One query, five records: the server sends five notification frames back to back.
        // SurrealDB may report a transaction conflict under load ("can be retried"): retry as an app would.
        await withConflictRetry(() =>
          connection.query(
            'FOR $i IN [1, 2, 3, 4, 5] { CREATE burst SET round = $round, i = $i }',
            { round },
          ),
        );
      }
      const received = await events;
      expect(received).toHaveLength(rounds * 5);
      expect(
        new Set(
          received.map(
            (event) => `${event.document.round}-${event.document.i}`,
          ),
        ).size,
      ).toBe(rounds * 5);
    } finally {
      await dropTableAndClose(connection, 'burst');
    }
  });
});
