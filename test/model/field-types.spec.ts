import {
  DateTime,
  Decimal,
  Duration,
  GeometryPoint,
  GeometryPolygon,
  RecordId,
  Uuid,
} from 'surrealdb';
import type { SurrealConnection } from '../../lib/connection/index.js';
import { syncSchema } from '../../lib/model/index.js';
import { Repository } from '../../lib/repository/index.js';
import { Author, Everything, memoryConnection } from './fixtures.js';

describe.each([
  ['without schema', false],
  ['with syncSchema', true],
])('field round trips (%s)', (_label, withSchema) => {
  let connection: SurrealConnection;
  let everything: Repository<Everything>;
  let author: Author;

  beforeAll(async () => {
    connection = await memoryConnection();
    if (withSchema) await syncSchema(connection, [Author, Everything]);
    everything = new Repository(Everything, connection);
    author = await new Repository(Author, connection).save({ name: 'Ann' });
  });
  afterAll(() => connection.close());

  async function roundTrip(data: Record<string, unknown>): Promise<Everything> {
    const saved = await everything.save(data);
    expect(saved.id).toBeInstanceOf(RecordId);
    const loaded = await everything.findById(saved.id!);
    expect(loaded).toBeInstanceOf(Everything);
    return loaded!;
  }

  it('string, int, float, boolean, email, url', async () => {
    const loaded = await roundTrip({
      text: 'hello ⟩ `x`',
      whole: 42,
      real: 2.5,
      flag: false,
      mail: 'a@example.com',
      link: 'https://example.com/x?y=1',
    });
    expect(loaded).toMatchObject({
      text: 'hello ⟩ `x`',
      whole: 42,
      real: 2.5,
      flag: false,
      mail: 'a@example.com',
      link: 'https://example.com/x?y=1',
    });
  });

  it('float accepts a whole number', async () => {
    expect((await roundTrip({ real: 3 })).real).toBe(3);
  });

  it('datetime: Date, SDK DateTime and ISO string in, Date out', async () => {
    const date = new Date('2024-05-06T07:08:09.123Z');
    expect((await roundTrip({ when: date })).when).toEqual(date);
    expect((await roundTrip({ when: new DateTime(date) })).when).toEqual(date);
    expect(
      (await roundTrip({ when: '2024-05-06T07:08:09.123Z' })).when,
    ).toEqual(date);
  });

  it('decimal keeps its digits exactly', async () => {
    const loaded = await roundTrip({ money: '12345678901234567890.123456789' });
    expect(loaded.money).toBeInstanceOf(Decimal);
    expect(String(loaded.money)).toBe('12345678901234567890.123456789');
    expect(
      String((await roundTrip({ money: new Decimal('0.10') })).money),
    ).toBe('0.1');
    expect(String((await roundTrip({ money: 7 })).money)).toBe('7');
  });

  it('duration from a string or an SDK Duration', async () => {
    const loaded = await roundTrip({ span: '1h30m' });
    expect(loaded.span).toBeInstanceOf(Duration);
    expect(String(loaded.span)).toBe('1h30m');
    expect(String((await roundTrip({ span: new Duration('45s') })).span)).toBe(
      '45s',
    );
  });

  it('uuid from a string or an SDK Uuid, string out', async () => {
    const text = '0190c3a4-1d2b-7c3e-8f4a-5b6c7d8e9f00';
    expect((await roundTrip({ uid: text })).uid).toBe(text);
    const uuid = Uuid.v4();
    expect((await roundTrip({ uid: uuid })).uid).toBe(uuid.toString());
    const [[raw]] = await connection.query<[[{ uid: unknown }]]>(
      'SELECT uid FROM everything WHERE uid = $u',
      { u: new Uuid(text) },
    );
    expect(raw.uid).toBeInstanceOf(Uuid);
  });

  it('lists and dicts, nested', async () => {
    const loaded = await roundTrip({
      numbers: [1, 2, 3],
      items: [{ a: { b: [1, { c: 'd' }] } }],
      data: { nested: { deep: ['x', 1, true] }, 'odd key': 1 },
    });
    expect(loaded.numbers).toEqual([1, 2, 3]);
    expect(loaded.items).toEqual([{ a: { b: [1, { c: 'd' }] } }]);
    expect(loaded.data).toEqual({
      nested: { deep: ['x', 1, true] },
      'odd key': 1,
    });
  });

  it('references are stored as record links, from a document, a RecordId or an id part', async () => {
    const fromDocument = await roundTrip({ author });
    expect(fromDocument.author).toBeInstanceOf(RecordId);
    expect((fromDocument.author as RecordId).equals(author.id)).toBe(true);
    const fromId = await roundTrip({ author: author.id });
    expect((fromId.author as RecordId).equals(author.id)).toBe(true);
    const fromPart = await roundTrip({ author: author.id!.id as string });
    expect((fromPart.author as RecordId).equals(author.id)).toBe(true);
    // A record link: the database follows it.
    const [name] = await connection.query<[string]>(
      'SELECT VALUE author.name FROM ONLY $id',
      {
        id: fromDocument.id,
      },
    );
    expect(name).toBe('Ann');
  });

  it('record ids of any table, or of one table', async () => {
    const any = new RecordId('elsewhere', 7);
    const loaded = await roundTrip({ anyRecord: any, authorRecord: author.id });
    expect((loaded.anyRecord as RecordId).equals(any)).toBe(true);
    expect((loaded.authorRecord as RecordId).equals(author.id)).toBe(true);
  });

  it('geometry from an SDK Geometry or GeoJSON', async () => {
    const point = await roundTrip({ where: new GeometryPoint([1.5, 2.5]) });
    expect(point.where).toBeInstanceOf(GeometryPoint);
    expect((point.where as GeometryPoint).coordinates).toEqual([1.5, 2.5]);
    const polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    const shape = await roundTrip({
      shape: polygon,
      where: { type: 'Point', coordinates: [3, 4] },
    });
    expect(shape.shape).toBeInstanceOf(GeometryPolygon);
    expect((shape.where as GeometryPoint).coordinates).toEqual([3, 4]);
  });

  it('a chosen id: the string is the id part, never parsed', async () => {
    const saved = await everything.save({ id: 'users:admin', text: 'x' });
    expect(saved.id!.table.name).toBe('everything');
    expect(saved.id!.id).toBe('users:admin');
    expect((await everything.findById('users:admin'))?.text).toBe('x');
    expect(await everything.findById('admin')).toBeNull();
  });
});
