import { memoryConnection } from '../model/fixtures.js';

// Traversal query sets sort through a subquery because of this SurrealDB behaviour (lib/query/query-set.ts, from()).
// When this test fails, SurrealDB sorts arrays of record ids itself and the subquery can go.
describe('SurrealDB 3.0.2: ORDER BY over an array of record ids', () => {
  it('is ignored, while the same records read by a subquery sort', async () => {
    const connection = await memoryConnection();
    try {
      await connection.query(
        'CREATE item:m SET name = "m"; CREATE item:b SET name = "b"; CREATE item:z SET name = "z"',
      );
      const [direct] = await connection.query<[{ name: string }[]]>(
        'SELECT * FROM [item:m, item:b, item:z] ORDER BY name ASC',
      );
      expect(direct.map((row) => row.name)).toEqual(['m', 'b', 'z']);
      const [wrapped] = await connection.query<[{ name: string }[]]>(
        'SELECT * FROM (SELECT * FROM [item:m, item:b, item:z]) ORDER BY name ASC',
      );
      expect(wrapped.map((row) => row.name)).toEqual(['b', 'm', 'z']);
    } finally {
      await connection.close();
    }
  });
});
