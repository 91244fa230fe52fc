import {
  DictField,
  Document,
  IntField,
  Repository,
  StringField,
  createConnection,
  syncSchema,
  type SurrealConnection,
} from '../../lib/index.js';

const NAMES = [
  'true',
  'NONE',
  'NULL',
  'SELECT',
  '1d',
  '1e5',
  '0x10',
  'NaN',
  'Infinity',
  'value',
  'in',
  'ORDER',
] as const;

/** A model whose table and fields all have names SurrealQL would misread if they were left bare. */
class Odd extends Document {
  // Schemaless: SurrealDB 3.0.2 cannot define schema fields named true, false, NONE, NULL or SELECT (see below).
  static meta = { collection: 'SELECT', schemafull: false };
  @IntField() true?: number;
  @IntField() NONE?: number;
  @IntField() NULL?: number;
  @IntField() SELECT?: number;
  @IntField() '1d'?: number;
  @IntField() '1e5'?: number;
  @IntField() '0x10'?: number;
  @IntField() NaN?: number;
  @IntField() Infinity?: number;
  @IntField() value?: number;
  @IntField() in?: number;
  @IntField() ORDER?: number;
  @StringField() label?: string;
  @DictField() bag?: Record<string, unknown>;
}

describe('identifiers that look like keywords or numbers', () => {
  let connection: SurrealConnection;
  beforeAll(async () => {
    connection = await createConnection({
      url: 'mem://',
      name: 'odd-names',
      namespace: 'app',
      database: 'odd',
      logger: false,
    }).connect();
  });
  afterAll(() => connection.close());

  it('round-trip through the engine: save, filter, order, only, update, delete, dict keys', async () => {
    const odd = new Repository(Odd, connection);
    const values = Object.fromEntries(NAMES.map((name, i) => [name, i + 1]));
    const saved = await odd.save(
      new Odd({
        ...values,
        label: 'first',
        bag: { true: 1, '1d': 'day', NONE: null },
      }),
    );
    await odd.save(new Odd({ ...values, '1d': 100, label: 'second' }));

    const loaded = await odd.findById(saved.id!);
    for (const name of NAMES) expect(loaded?.[name]).toBe(values[name]);
    expect(loaded?.bag).toEqual({ true: 1, '1d': 'day', NONE: null });

    for (const name of NAMES) {
      expect(await odd.objects.filter({ [name]: values[name] }).count()).toBe(
        name === '1d' ? 1 : 2,
      );
      expect(await odd.objects.filter({ [`${name}__gte`]: 0 }).count()).toBe(2);
    }
    expect(await odd.objects.filter({ bag__true: 1 }).count()).toBe(1);
    expect(await odd.objects.filter({ bag__1d: 'day' }).count()).toBe(1);

    const ordered = await odd.objects
      .orderBy('-1d')
      .only('1d', 'NONE', 'label');
    expect(ordered.map((o) => [o.label, o['1d'], o.NONE])).toEqual([
      ['second', 100, 2],
      ['first', 5, 2],
    ]);
    await odd.objects.filter({ label: 'first' }).update({ NaN: 42, true: 7 });
    const updated = await odd.findById(saved.id!);
    expect([updated?.NaN, updated?.true]).toEqual([42, 7]);
    await odd.objects.filter({ SELECT: 4 }).delete();
    expect(await odd.objects.count()).toBe(0);
  });

  it('schema definitions with such names (those SurrealDB 3.0.2 itself accepts)', async () => {
    class Schemed extends Document {
      static meta = { collection: 'ORDER' };
      @IntField() '1d'?: number;
      @IntField() '1e5'?: number;
      @IntField() '0x10'?: number;
      @IntField() NaN?: number;
      @IntField({ unique: true }) value?: number;
      @IntField() in?: number;
    }
    await syncSchema(connection, [Schemed]);
    const schemed = new Repository(Schemed, connection);
    await schemed.save(
      new Schemed({ '1d': 1, '1e5': 2, '0x10': 3, NaN: 4, value: 5, in: 6 }),
    );
    const [row] = await schemed.objects.filter({ '0x10': 3, NaN__gt: 1 });
    expect([row['1d'], row['1e5'], row.value, row.in]).toEqual([1, 2, 5, 6]);
  });
});
