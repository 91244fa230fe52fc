import {
  Document,
  NotUniqueError,
  Repository,
  StringField,
  createConnection,
  syncSchema,
} from '../../lib/index.js';
import { eventually } from '../helpers/remote-target.js';
import { recordingLogger } from '../helpers/test-utils.js';

class Member extends Document {
  static meta = { collection: 'member' };
  @StringField({ required: true, unique: true }) email: string;
  @StringField() name?: string;
}

function open(name: string, logger = recordingLogger()) {
  return createConnection({
    url: 'mem://',
    name,
    namespace: 'app',
    database: name,
    logger,
  }).connect();
}

describe('unique: true without a unique index', () => {
  it('warns once per model and connection that duplicates are not refused', async () => {
    const logger = recordingLogger();
    const connection = await open('no-index', logger);
    try {
      const members = new Repository(Member, connection);
      await members.save(new Member({ email: 'ada@example.com' }));
      await members.save(new Member({ email: 'ada@example.com' }));
      await members.insert([{ email: 'bob@example.com' }]);
      await eventually(() => logger.entries.length > 0, 5000, 'the warning');
      // Give a second warning the chance to show up, if the library were to print one.
      await connection.ping();
      expect(logger.entries).toEqual([
        expect.objectContaining({
          level: 'warn',
          message:
            'Member: connection "no-index": "email" is declared unique: true, but table "member" has no unique index on it, so duplicates are stored without an error. Run syncSchema(connection, [Member]) once (or synchronize: true in SurrealModule).',
        }),
      ]);
      expect(
        await members.objects.filter({ email: 'ada@example.com' }).count(),
      ).toBe(2);
    } finally {
      await connection.close();
    }
  });

  it('says nothing once syncSchema defined the index, which then refuses duplicates', async () => {
    const logger = recordingLogger();
    const connection = await open('with-index', logger);
    try {
      await syncSchema(connection, [Member]);
      const members = new Repository(Member, connection);
      await members.save(new Member({ email: 'ada@example.com' }));
      await expect(
        members.save(new Member({ email: 'ada@example.com' })),
      ).rejects.toBeInstanceOf(NotUniqueError);
      await connection.ping();
      await connection.ping();
      expect(logger.entries).toEqual([]);
    } finally {
      await connection.close();
    }
  });
});
