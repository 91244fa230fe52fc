import { RecordId } from 'surrealdb';
import {
  Document,
  DoesNotExistError,
  ModelDefinitionError,
  Relation,
  Repository,
  StringField,
  ValidationError,
  buildSchema,
  getModelMetadata,
  syncSchema,
  type SurrealConnection,
} from '../../lib/core.js';
import { memoryConnection } from '../model/fixtures.js';
import { Follows, Likes, Person, Post, key } from './graph.fixtures.js';

describe('Relation models', () => {
  let connection: SurrealConnection;
  let ada: Person;
  let grace: Person;
  let linus: Person;

  beforeAll(async () => {
    connection = await memoryConnection();
    await syncSchema(connection, [Person, Post, Follows, Likes]);
    [ada, grace, linus] = await new Repository(Person, connection).insert([
      { id: 'ada', name: 'Ada' },
      { id: 'grace', name: 'Grace' },
      { id: 'linus', name: 'Linus' },
    ]);
  });
  afterAll(async () => {
    // @surrealdb/node keeps the process alive after a DEFINE INDEX unless the table is removed first.
    await connection.query('REMOVE TABLE IF EXISTS follows');
    await connection.close();
  });
  afterEach(() => connection.query('DELETE follows; DELETE likes'));

  it('gets in and out as required reference fields, and a TYPE RELATION table in the schema', () => {
    const fields = getModelMetadata(Follows).fields;
    expect([...fields.keys()]).toEqual(['in', 'out', 'since']);
    expect(fields.get('in')).toMatchObject({
      kind: 'reference',
      options: { required: true },
    });
    expect(buildSchema([Follows, Likes])).toEqual([
      'DEFINE TABLE IF NOT EXISTS follows SCHEMAFULL TYPE RELATION IN person OUT person ENFORCED',
      'DEFINE FIELD OVERWRITE since ON TABLE follows TYPE option<datetime>',
      'DEFINE INDEX IF NOT EXISTS follows_in_out_unique ON TABLE follows FIELDS in, out UNIQUE',
      'DEFINE TABLE IF NOT EXISTS likes SCHEMALESS TYPE RELATION IN person',
      'DEFINE FIELD OVERWRITE stars ON TABLE likes TYPE option<int> ASSERT $value = NONE OR ($value >= 1 AND $value <= 5)',
    ]);
  });

  it('relates two documents with edge data, and relating twice keeps one edge (unique)', async () => {
    const since = new Date('2024-01-02T03:04:05Z');
    const edge = await ada.relate(Follows, grace, { since }, { connection });
    expect(edge).toBeInstanceOf(Follows);
    expect(edge.in).toEqual(ada.id);
    expect(edge.out).toEqual(grace.id);
    expect(edge.since).toEqual(since);
    const later = new Date('2025-01-01T00:00:00Z');
    const again = await ada.relate(
      Follows,
      'grace',
      { since: later },
      { connection },
    );
    expect(again.id).toEqual(edge.id);
    const [rows] = await connection.query<[{ since: unknown }[]]>(
      'SELECT * FROM follows',
    );
    expect(rows).toHaveLength(1);
    expect(again.since).toEqual(later);
    // Relating again without data keeps what the edge has.
    const kept = await ada.relate(Follows, grace, {}, { connection });
    expect(kept.since).toEqual(later);
  });

  it('relates to many at once, and the repository does the same', async () => {
    const edges = await ada.relate(
      Follows,
      [grace, linus.id!],
      {},
      { connection },
    );
    expect(edges.map((edge) => key(edge.out as RecordId))).toEqual([
      'grace',
      'linus',
    ]);
    const people = new Repository(Person, connection);
    const edge = await people.relate('grace', Follows, 'ada');
    expect(edge.in).toEqual(new RecordId('person', 'grace'));
    const [count] = await connection.query<[number]>(
      'RETURN count(SELECT * FROM follows)',
    );
    expect(count).toBe(3);
  });

  it('validates edges like documents, before writing anything', async () => {
    const error = await ada
      .relate(
        Follows,
        [grace, new RecordId('post', 'x')],
        { since: 'not a date' as never },
        { connection },
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).errors.map(
      (entry) => entry.field,
    );
    expect(fields).toEqual(
      expect.arrayContaining(['[0].since', '[1].out', '[1].since']),
    );
    const unsaved = await ada
      .relate(Follows, new Person({ name: 'Nobody' }), {}, { connection })
      .catch((caught: unknown) => caught);
    expect((unsaved as ValidationError).errors[0]).toMatchObject({
      field: 'out',
      rule: 'unsaved',
    });
    const [rows] = await connection.query<[unknown[]]>('SELECT * FROM follows');
    expect(rows).toEqual([]);
  });

  it('refuses an edge to a record that does not exist when the relation is enforced', async () => {
    await expect(
      ada.relate(Follows, 'nobody', {}, { connection }),
    ).rejects.toThrow(DoesNotExistError);
    await expect(
      ada.relate(Follows, 'nobody', {}, { connection }),
    ).rejects.toThrow(
      /Follows: connection "test-\d+": cannot relate to person:nobody: no such record/,
    );
  });

  it('keeps many edges per pair when the relation is not unique, to records of any table', async () => {
    const post = await new Post({ title: 'Graphs' }).save({ connection });
    await ada.relate(Likes, post, { stars: 5 }, { connection });
    await ada.relate(Likes, post, { stars: 4 }, { connection });
    const [rows] = await connection.query<[{ stars: number }[]]>(
      'SELECT stars FROM likes ORDER BY stars',
    );
    expect(rows.map((row) => row.stars)).toEqual([4, 5]);
    // An end open to any table takes documents and record ids, not bare ids.
    await expect(ada.relate(Likes, 'x', {}, { connection })).rejects.toThrow(
      ValidationError,
    );
  });

  it('unrelates one, several or all outgoing edges', async () => {
    await ada.relate(Follows, [grace, linus], {}, { connection });
    await grace.relate(Follows, linus, {}, { connection });
    expect(await ada.unrelate(Follows, grace, { connection })).toBe(1);
    expect(await ada.unrelate(Follows, grace, { connection })).toBe(0);
    expect(
      await new Repository(Person, connection).unrelate(ada, Follows),
    ).toBe(1);
    const [rows] = await connection.query<[{ in: RecordId }[]]>(
      'SELECT in FROM follows',
    );
    expect(rows.map((row) => key(row.in))).toEqual(['grace']);
  });

  it('saves, reloads, updates and deletes an edge as a document, also through a repository of the relation', async () => {
    const edges = new Repository(Follows, connection);
    const edge = await edges.save({
      in: ada.id,
      out: grace.id,
      since: new Date(0),
    });
    const loaded = (await edges.findById(edge.id!))!;
    expect(loaded).toBeInstanceOf(Follows);
    expect(loaded.in).toEqual(ada.id);
    loaded.since = new Date(1000);
    await loaded.save();
    expect((await edges.findById(edge.id!))!.since).toEqual(new Date(1000));
    const inserted = await edges.insert([{ in: grace.id, out: linus.id }]);
    expect(inserted[0].id).toBeInstanceOf(RecordId);
    expect(await edges.delete(loaded)).toBe(true);
    expect(await edges.count()).toBe(1);
  });

  it('escapes odd table names everywhere (schema, RELATE, graph paths) and refuses unsafe ones', async () => {
    class Odd extends Document {
      static meta = { collection: 'odd people' };
      @StringField({ required: true }) name: string;
    }
    class Knows extends Relation<Odd, Odd> {
      static meta = {
        collection: 'knows-well; DELETE person',
        in: () => Odd,
        out: () => Odd,
        unique: true,
      };
    }
    await syncSchema(connection, [Odd, Knows]);
    const [a, b, c] = await new Repository(Odd, connection).insert([
      { name: 'a' },
      { name: 'b' },
      { name: 'c' },
    ]);
    await a.relate(Knows, [b, c]);
    await b.relate(Knows, c);
    const fromA = Odd.query(connection).filter({ id: a.id });
    const reached = fromA.out(Knows).out(Knows);
    expect((await reached).map((odd) => odd.name)).toEqual(['c']);
    expect(reached.toQuery().query).toBe(
      'SELECT * FROM array::distinct($p0->⟨knows-well; DELETE person⟩->⟨odd people⟩->⟨knows-well; DELETE person⟩->⟨odd people⟩)',
    );
    expect(await a.unrelate(Knows, c)).toBe(1);
    expect(await new Repository(Person, connection).count()).toBe(3);
    await connection.query('REMOVE TABLE ⟨knows-well; DELETE person⟩');

    class Unsafe extends Relation {
      static meta = { collection: 'x⟩->person' };
    }
    expect(() => getModelMetadata(Unsafe)).toThrow(
      /cannot be used as a SurrealDB identifier/,
    );
  });

  it('refuses wrong relation declarations with clear errors', () => {
    class Broken extends Relation {
      static meta = { in: 'person' } as never;
    }
    expect(() => getModelMetadata(Broken)).toThrow(
      'Broken: meta.in must be a model class or () => Model',
    );
    class Shadow extends Relation {
      @StringField() in: never;
    }
    expect(() => getModelMetadata(Shadow)).toThrow(ModelDefinitionError);
    expect(() => getModelMetadata(Shadow)).toThrow(
      'Shadow.in: "in" is built in',
    );
  });
});
