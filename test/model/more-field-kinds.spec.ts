import { RecordId } from 'surrealdb';
import type { SurrealConnection } from '../../lib/connection/index.js';
import {
  BytesField,
  Document,
  EmbeddedDocument,
  EmbeddedField,
  IPField,
  IntField,
  LiteralField,
  ModelDefinitionError,
  SetField,
  SlugField,
  StringField,
  ValidationError,
  VectorField,
  buildSchema,
  syncSchema,
} from '../../lib/model/index.js';
import { memoryConnection } from './fixtures.js';

class Odd extends EmbeddedDocument {
  @StringField() 'a-b'?: string;
  @StringField() select?: string;
}

class Item extends Document {
  static meta = { collection: 'items' };
  @SetField({ of: { type: 'string' } }) tags?: Set<string> | string[];
  @SetField() anything?: Set<unknown>;
  @BytesField({ maxLength: 4 }) blob?: Uint8Array;
  @LiteralField(['draft', 'published', 3, true])
  status?: 'draft' | 'published' | 3 | true;
  @VectorField({ dimension: 3 }) embedding?: number[];
  @IPField() ip?: string;
  @IPField({ version: 6 }) ip6?: string;
  @SlugField({ maxLength: 20 }) slug?: string;
  @StringField({ nullable: true }) nickname?: string | null;
  @IntField({ nullable: true, required: true, min: 1 }) rank: number | null;
  @EmbeddedField(Odd) odd?: Odd | Partial<Odd>;
}

function errorsOf(data: Record<string, unknown>): [string, string][] {
  try {
    new Item({ rank: null, ...data }).validate();
  } catch (error) {
    if (error instanceof ValidationError) {
      return error.errors.map((entry) => [entry.field, entry.rule]);
    }
    throw error;
  }
  return [];
}

describe('more field kinds', () => {
  let connection: SurrealConnection;

  beforeAll(async () => {
    connection = await memoryConnection();
    await syncSchema(connection, [Item]);
  });
  afterAll(() => connection.close());

  const items = () => Item.query(connection);

  it('schema-syncs to SurrealDB types: set<T>, bytes, literals, array<float, N>, null | T', () => {
    expect(buildSchema([Item]).slice(1)).toEqual([
      'DEFINE FIELD OVERWRITE tags ON TABLE items TYPE option<set<string>>',
      'DEFINE FIELD OVERWRITE tags.* ON TABLE items TYPE string',
      'DEFINE FIELD OVERWRITE anything ON TABLE items TYPE option<set>',
      'DEFINE FIELD OVERWRITE blob ON TABLE items TYPE option<bytes> ASSERT $value = NONE OR (bytes::len($value) <= 4)',
      // toSurqlString writes strings as s"..." literals.
      'DEFINE FIELD OVERWRITE status ON TABLE items TYPE option<s"draft" | s"published" | 3 | true>',
      'DEFINE FIELD OVERWRITE embedding ON TABLE items TYPE option<array<float, 3>>',
      'DEFINE FIELD OVERWRITE ip ON TABLE items TYPE option<string> ASSERT $value = NONE OR (string::is_ip($value))',
      'DEFINE FIELD OVERWRITE ip6 ON TABLE items TYPE option<string> ASSERT $value = NONE OR (string::is_ipv6($value))',
      'DEFINE FIELD OVERWRITE slug ON TABLE items TYPE option<string> ASSERT $value = NONE OR (string::len($value) <= 20 AND string::matches($value, "^[-a-zA-Z0-9_]+$"))',
      'DEFINE FIELD OVERWRITE nickname ON TABLE items TYPE option<null | string>',
      'DEFINE FIELD OVERWRITE rank ON TABLE items TYPE null | int ASSERT $value = NULL OR ($value >= 1)',
      'DEFINE FIELD OVERWRITE odd ON TABLE items TYPE option<object>',
      'DEFINE FIELD OVERWRITE odd.⟨a-b⟩ ON TABLE items TYPE option<string>',
      // A keyword may be left bare or bracketed: both name the field.
      expect.stringMatching(
        /^DEFINE FIELD OVERWRITE odd\.(select|⟨select⟩) ON TABLE items TYPE option<string>$/,
      ),
    ]);
  });

  it('every kind round-trips through a SCHEMAFULL table and is found by a lookup', async () => {
    const saved = await new Item({
      tags: ['b', 'a'],
      anything: new Set([1, 'x']),
      blob: Buffer.from([1, 2, 3]),
      status: 'published',
      embedding: new Float32Array([0.5, 1, 2]),
      ip: '192.0.2.1',
      ip6: '2001:db8::1',
      slug: 'my-first_post',
      nickname: null,
      rank: 2,
      odd: { 'a-b': 'dash', select: 'keyword' },
    }).save({ connection });
    const loaded = await items().get({ id: saved.id });
    expect(loaded.tags).toEqual(new Set(['a', 'b']));
    expect(loaded.anything).toEqual(new Set([1, 'x']));
    expect(loaded.blob).toBeInstanceOf(Uint8Array);
    expect([...loaded.blob!]).toEqual([1, 2, 3]);
    expect(loaded).toMatchObject({
      status: 'published',
      embedding: [0.5, 1, 2],
      ip: '192.0.2.1',
      ip6: '2001:db8::1',
      slug: 'my-first_post',
      nickname: null,
      rank: 2,
      odd: { 'a-b': 'dash', select: 'keyword' },
    });
    // JSON (what a Nest controller sends): sets as arrays, bytes as base64, embedded documents as objects.
    expect(JSON.parse(JSON.stringify(loaded))).toMatchObject({
      tags: ['a', 'b'],
      blob: 'AQID',
      odd: { 'a-b': 'dash', select: 'keyword' },
    });
    const id = (filter: Record<string, unknown>) =>
      items()
        .filter(filter)
        .all()
        .then((rows) => rows.map((row) => (row.id as RecordId).toString()));
    const me = [saved.id!.toString()];
    expect(await id({ tags__contains: 'a' })).toEqual(me);
    expect(await id({ blob: new Uint8Array([1, 2, 3]) })).toEqual(me);
    expect(await id({ status__in: ['published', 3] })).toEqual(me);
    expect(await id({ embedding: [0.5, 1, 2] })).toEqual(me);
    expect(await id({ ip__startswith: '192.0.2.' })).toEqual(me);
    expect(await id({ slug: 'my-first_post' })).toEqual(me);
    expect(await id({ nickname: null })).toEqual(me);
    expect(await id({ 'odd__a-b': 'dash', odd__select: 'keyword' })).toEqual(
      me,
    );
    // NULL is not NONE: a document without a nickname at all is not matched by `nickname: null`.
    const other = await new Item({ rank: 1 }).save({ connection });
    expect(await id({ nickname: null })).toEqual(me);
    expect(await id({ nickname__exists: false })).toEqual([
      other.id!.toString(),
    ]);
  });

  it('in-place changes to sets and bytes are tracked', async () => {
    const item = await new Item({
      rank: 1,
      tags: new Set(['x']),
      blob: new Uint8Array([1]),
    }).save({ connection });
    (item.tags as Set<string>).add('y');
    item.blob![0] = 9;
    expect(item.modifiedFields().sort()).toEqual(['blob', 'tags']);
    await item.save();
    const loaded = await items().get({ id: item.id });
    expect(loaded.tags).toEqual(new Set(['x', 'y']));
    expect([...loaded.blob!]).toEqual([9]);
  });

  it('the model refuses bad values with a rule per kind', () => {
    expect(
      errorsOf({
        tags: ['a', 'a', 1],
        blob: new Uint8Array(5),
        status: 'archived',
        embedding: [1, 2],
        ip: '999.1.1.1',
        ip6: '192.0.2.1',
        slug: 'not a slug!',
        odd: { 'a-b': 1 },
      }),
    ).toEqual([
      ['tags', 'unique'],
      ['tags[2]', 'type'],
      ['blob', 'maxLength'],
      ['status', 'choices'],
      ['embedding', 'dimension'],
      ['ip', 'ip'],
      ['ip6', 'ip'],
      ['slug', 'slug'],
      ['odd.a-b', 'type'],
    ]);
    expect(
      errorsOf({
        tags: 'a',
        blob: [1],
        status: {},
        embedding: [1, Number.NaN, 2],
        ip: 1,
      }),
    ).toEqual([
      ['tags', 'type'],
      ['blob', 'type'],
      ['status', 'type'],
      ['embedding', 'type'],
      ['ip', 'type'],
    ]);
    // nullable + required: null is a value, undefined is not.
    expect(errorsOf({ rank: undefined })).toEqual([['rank', 'required']]);
    expect(errorsOf({ rank: null })).toEqual([]);
  });

  it('the schema enforces the same rules on writes that bypass the model', async () => {
    const write = (content: string) =>
      connection.query(`CREATE items CONTENT { rank: 1, ${content} }`);
    await expect(write('status: "archived"')).rejects.toThrow(/status/);
    await expect(write('embedding: [1, 2]')).rejects.toThrow(/embedding/);
    await expect(write('ip: "nope"')).rejects.toThrow(/ip/);
    await expect(write('slug: "a b"')).rejects.toThrow(/slug/);
    await expect(write('tags: ["a"]')).rejects.toThrow(/tags/);
    await expect(write('blob: <bytes>"12345"')).rejects.toThrow(/blob/);
  });

  it('a VectorField takes an HNSW index and nearest()', async () => {
    class Embedded extends Document {
      static meta = { collection: 'embeddings' };
      @StringField() label?: string;
      @VectorField({ dimension: 3, index: { vector: { dimension: 3 } } })
      v?: number[];
    }
    await syncSchema(connection, [Embedded]);
    for (const [label, v] of [
      ['x', [1, 0, 0]],
      ['y', [0, 1, 0]],
      ['z', [0, 0, 1]],
    ] as const) {
      await new Embedded({ label, v: [...v] }).save({ connection });
    }
    const near = await Embedded.query(connection).nearest('v', [0.9, 0.1, 0], {
      k: 2,
    });
    expect(near.map((entry) => entry.label)).toEqual(['x', 'y']);
  });

  it('bad declarations fail when the class is declared', () => {
    const declare = (decorator: PropertyDecorator) => () => {
      class Bad extends Document {}
      decorator(Bad.prototype, 'field');
    };
    expect(declare(LiteralField([]))).toThrow(
      /Bad.field: LiteralField needs a non-empty array/,
    );
    expect(declare(LiteralField(['a', 'a']))).toThrow(/must not repeat/);
    expect(declare(LiteralField([Number.NaN]))).toThrow(ModelDefinitionError);
    expect(declare(VectorField({ dimension: 0 }))).toThrow(
      /VectorField needs option "dimension"/,
    );
    expect(
      declare(VectorField(undefined as unknown as { dimension: number })),
    ).toThrow(/dimension/);
    expect(declare(IPField({ version: 5 as 4 }))).toThrow(
      /"version" must be 4 or 6/,
    );
  });

  it('hostile literal values are escaped in the schema and bound in queries', async () => {
    const hostile = "x' | string>; REMOVE TABLE items; --⟩`\\";
    class Risky extends Document {
      static meta = { collection: 'risky' };
      @LiteralField([hostile, 'plain']) kind?: string;
    }
    await syncSchema(connection, [Risky]);
    const saved = await new Risky({ kind: hostile }).save({ connection });
    const [found] = await Risky.query(connection).filter({ kind: hostile });
    expect(found.id!.equals(saved.id)).toBe(true);
    await expect(
      connection.query('CREATE risky CONTENT { kind: "other" }'),
    ).rejects.toThrow(/kind/);
    expect(await items().count()).toBeGreaterThan(0);
  });
});
