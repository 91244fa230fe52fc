import { RecordId } from 'surrealdb';
import {
  Document,
  InvalidQueryError,
  ReferenceField,
  Relation,
  StringField,
  type SurrealConnection,
} from '../../lib/core.js';
import { memoryConnection } from '../model/fixtures.js';

class Country extends Document {
  static meta = { collection: 'country' };
  @StringField({ required: true }) name: string;
}

class Publisher extends Document {
  static meta = { collection: 'publisher' };
  @StringField({ required: true }) name: string;
  @ReferenceField(() => Country) country?: Country | RecordId;
}

class Writer extends Document {
  static meta = { collection: 'writer' };
  @StringField({ required: true }) name: string;
  @ReferenceField(() => Publisher) publisher?: Publisher | RecordId;
}

class Novel extends Document {
  static meta = { collection: 'novel' };
  @StringField({ required: true }) title: string;
}

class Wrote extends Relation<Writer, Novel> {
  static meta = { collection: 'wrote', in: () => Writer, out: () => Novel };
}

describe('fetch() to a chosen depth, through references and edges', () => {
  let connection: SurrealConnection;
  beforeAll(async () => {
    connection = await memoryConnection();
    const france = await new Country({ name: 'France' }).save({ connection });
    const press = await new Publisher({ name: 'Press', country: france }).save({
      connection,
    });
    const writer = await new Writer({ name: 'Colette', publisher: press }).save(
      {
        connection,
      },
    );
    const novel = await new Novel({ title: 'Gigi' }).save({ connection });
    await writer.relate(Wrote, novel);
  });
  afterAll(() => connection.close());

  it('loads references n links deep, as model instances', async () => {
    const writers = Writer.query(connection);
    const one = (await writers.fetch('publisher').first())!;
    expect(one.publisher).toBeInstanceOf(Publisher);
    expect((one.publisher as Publisher).country).toBeInstanceOf(RecordId);
    const two = (await writers.fetch('publisher', { depth: 2 }).first())!;
    const publisher = two.publisher as Publisher;
    expect(publisher.country).toBeInstanceOf(Country);
    expect((publisher.country as Country).name).toBe('France');
    expect(writers.fetch({ depth: 2 }).toQuery().query).toBe(
      'SELECT * FROM writer FETCH publisher, publisher.country',
    );
  });

  it('follows an edge to both ends and beyond', async () => {
    const [edge] = await Wrote.query(connection).fetch({ depth: 3 });
    expect(edge.out).toBeInstanceOf(Novel);
    const writer = edge.in as Writer;
    expect(writer).toBeInstanceOf(Writer);
    expect(((writer.publisher as Publisher).country as Country).name).toBe(
      'France',
    );
  });

  it('refuses a depth out of range and names what is not a reference', () => {
    expect(() => Writer.query(connection).fetch({ depth: 0 })).toThrow(
      InvalidQueryError,
    );
    expect(() => Writer.query(connection).fetch({ depth: 6 })).toThrow(
      'Writer: fetch(): depth must be a whole number from 1 to 5, got 6',
    );
    expect(() => Writer.query(connection).fetch('name' as never)).toThrow(
      'Writer: fetch("name"): not a reference field; reference fields: publisher',
    );
  });
});
