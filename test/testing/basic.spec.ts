import { RecordId } from 'surrealdb';
import { startTestServer, type TestServer } from '../../lib/testing/index.js';
import { connectClient } from './test-server.helpers.js';

describe('test server: basics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers the SDK over ws', async () => {
    const db = await connectClient(server.url, {
      namespace: 'n',
      database: 'd',
    });
    try {
      await db.create(new RecordId('person', 1)).content({ name: 'Ada' });
      const [rows] = await db
        .query<[{ name: string }[]]>('SELECT * FROM person')
        .collect();
      expect(rows).toEqual([{ id: new RecordId('person', 1), name: 'Ada' }]);
    } finally {
      await db.close();
    }
  });

  it('answers the SDK over http', async () => {
    const db = await connectClient(server.httpUrl, {
      namespace: 'n',
      database: 'd',
    });
    try {
      const [sum] = await db
        .query<[number]>('RETURN $a + 1', { a: 41 })
        .collect();
      expect(sum).toBe(42);
    } finally {
      await db.close();
    }
  });
});
