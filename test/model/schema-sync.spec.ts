import type { SurrealConnection } from '../../lib/connection/index.js';
import {
  Document,
  IntField,
  StringField,
  buildSchema,
  syncSchema,
} from '../../lib/model/index.js';
import {
  Author,
  Book,
  Everything,
  Tag,
  User,
  memoryConnection,
} from './fixtures.js';

class Hostile extends Document {
  static meta = { collection: 'hostile' };
  @StringField({ choices: ["x'; DELETE hostile; --", 'a"b', 'q⟩`'] })
  pick?: string;
}

describe('syncSchema', () => {
  let connection: SurrealConnection;
  const models = [User, Author, Tag, Book, Everything, Hostile];

  beforeAll(async () => {
    connection = await memoryConnection();
  });
  afterAll(() => connection.close());

  it('emits types and asserts from the field options', () => {
    const statements = buildSchema([User, Book]);
    expect(statements).toEqual(
      expect.arrayContaining([
        'DEFINE TABLE IF NOT EXISTS users SCHEMAFULL',
        'DEFINE FIELD OVERWRITE name ON TABLE users TYPE string ASSERT string::len($value) >= 1 AND string::len($value) <= 50',
        'DEFINE FIELD OVERWRITE age ON TABLE users TYPE option<int> ASSERT $value = NONE OR ($value >= 0 AND $value <= 150)',
        'DEFINE FIELD OVERWRITE email ON TABLE users TYPE option<string> ASSERT $value = NONE OR (string::is_email($value))',
        `DEFINE FIELD OVERWRITE role ON TABLE users TYPE option<string> DEFAULT s"member" ASSERT $value = NONE OR ($value IN [s"admin", s"member"])`,
        'DEFINE FIELD OVERWRITE tags ON TABLE users TYPE option<array<string>>',
        'DEFINE FIELD OVERWRITE tags.* ON TABLE users TYPE string',
        'DEFINE FIELD OVERWRITE address ON TABLE users TYPE option<object> FLEXIBLE',
        'DEFINE FIELD OVERWRITE author ON TABLE books TYPE option<record<authors>>',
        'DEFINE FIELD OVERWRITE tags ON TABLE books TYPE option<array<record<tags>>>',
      ]),
    );
    expect(buildSchema([Author])).toContain(
      'DEFINE INDEX IF NOT EXISTS authors_name_unique ON TABLE authors FIELDS name UNIQUE',
    );
  });

  it('runs twice without harm and keeps the data', async () => {
    await syncSchema(connection, models);
    await new User({ name: 'Kept', age: 3 }).save({ connection });
    const statements = await syncSchema(connection, models);
    expect(statements.length).toBeGreaterThan(20);
    expect(await User.query(connection).count()).toBe(1);
    const [info] = await connection.query<
      [{ fields: Record<string, string>; indexes: Record<string, string> }]
    >('INFO FOR TABLE users');
    expect(Object.keys(info.fields)).toEqual(
      expect.arrayContaining([
        'name',
        'age',
        'email',
        'role',
        'tags',
        'address',
        'active',
      ]),
    );
    const [authors] = await connection.query<
      [{ indexes: Record<string, string> }]
    >('INFO FOR TABLE authors');
    expect(Object.keys(authors.indexes)).toEqual(['authors_name_unique']);
  });

  it('a changed option takes effect on the next sync (OVERWRITE)', async () => {
    class V1 extends Document {
      static meta = { collection: 'versioned' };
      @IntField({ max: 10 }) n?: number;
    }
    class V2 extends Document {
      static meta = { collection: 'versioned' };
      @IntField({ max: 100 }) n?: number;
    }
    await syncSchema(connection, [V1]);
    await expect(
      connection.query('CREATE versioned SET n = 50'),
    ).rejects.toThrow(/n/);
    await syncSchema(connection, [V2]);
    await connection.query('CREATE versioned SET n = 50');
  });

  it('the database checks writes that bypass the model', async () => {
    await syncSchema(connection, models);
    const attempts: [string, Record<string, unknown>][] = [
      ['CREATE users CONTENT $c', { c: { name: 'x', age: -1 } }],
      ['CREATE users CONTENT $c', { c: { name: 'x', age: 'old' } }],
      ['CREATE users CONTENT $c', { c: { name: 'x', role: 'root' } }],
      ['CREATE users CONTENT $c', { c: { name: 'x', email: 'nope' } }],
      ['CREATE users CONTENT $c', { c: { age: 3 } }],
      ['CREATE users CONTENT $c', { c: { name: 'x', undeclared: 1 } }],
      ['CREATE users CONTENT $c', { c: { name: 'x'.repeat(51) } }],
      ['CREATE everything CONTENT $c', { c: { link: 'not a url' } }],
      ['CREATE books CONTENT $c', { c: { title: 't', author: 'authors:1' } }],
      ['CREATE hostile CONTENT $c', { c: { pick: 'other' } }],
    ];
    for (const [surql, bindings] of attempts) {
      await expect(connection.query(surql, bindings)).rejects.toThrow();
    }
    await connection.query('CREATE authors SET name = $n', { n: 'Dup' });
    await expect(
      connection.query('CREATE authors SET name = $n', { n: 'Dup' }),
    ).rejects.toThrow(/already contains/);
    expect(await User.query(connection).filter({ age: -1 }).count()).toBe(0);
  });

  it('hostile choice strings are literals in the assert, not SurrealQL', async () => {
    await syncSchema(connection, [Hostile]);
    for (const pick of ["x'; DELETE hostile; --", 'a"b', 'q⟩`']) {
      await new Hostile({ pick }).save({ connection });
    }
    expect(
      (await Hostile.query(connection).all()).map((h) => h.pick!).sort(),
    ).toEqual(["x'; DELETE hostile; --", 'a"b', 'q⟩`'].sort());
  });
});
