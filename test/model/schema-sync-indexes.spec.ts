import type { SurrealConnection } from '../../lib/connection/index.js';
import {
  DateTimeField,
  Document,
  FloatField,
  IntField,
  ListField,
  ModelDefinitionError,
  StringField,
  buildSchema,
  syncSchema,
  type IndexSpec,
} from '../../lib/model/index.js';
import { InvalidQueryError, type QuerySet } from '../../lib/query/index.js';
import { memoryConnection } from './fixtures.js';

class Article extends Document {
  static meta = {
    collection: 'articles',
    indexes: [
      { fields: ['author', 'published'] },
      { fields: ['slug', 'author'], unique: true },
      { fields: ['body'], search: { language: 'english' as const } },
      { fields: ['embedding'], vector: { dimension: 3 } },
    ],
  };
  @StringField({ index: true }) author?: string;
  @StringField() slug?: string;
  @DateTimeField() published?: Date;
  @StringField({ index: { search: true } }) title?: string;
  @StringField() body?: string;
  @ListField({ of: { type: 'float' } }) embedding?: number[];
  @IntField() score?: number;
}

type Info = { indexes: Record<string, string>; fields: Record<string, string> };

async function tableInfo(
  connection: SurrealConnection,
  table: string,
): Promise<Info> {
  const [info] = await connection.query<[Info]>(`INFO FOR TABLE ${table}`);
  return info;
}

describe('syncSchema: indexes, regex asserts and defaults', () => {
  let connection: SurrealConnection;
  let articles: QuerySet<Article>;

  beforeAll(async () => {
    connection = await memoryConnection();
    articles = Article.query(connection);
  });
  afterAll(() => connection.close());

  it('emits analyzers and plain, composite, unique, full-text and vector indexes', () => {
    const statements = buildSchema([Article]);
    expect(
      statements.filter((statement) => statement.startsWith('DEFINE INDEX')),
    ).toEqual([
      'DEFINE INDEX IF NOT EXISTS articles_author_idx ON TABLE articles FIELDS author',
      expect.stringMatching(
        /^DEFINE INDEX IF NOT EXISTS articles_title_search ON TABLE articles FIELDS title FULLTEXT ANALYZER surrealengine_[0-9a-f]{10} BM25$/,
      ),
      'DEFINE INDEX IF NOT EXISTS articles_author_published_idx ON TABLE articles FIELDS author, published',
      'DEFINE INDEX IF NOT EXISTS articles_slug_author_unique ON TABLE articles FIELDS slug, author UNIQUE',
      expect.stringMatching(
        /FIELDS body FULLTEXT ANALYZER surrealengine_[0-9a-f]{10} BM25$/,
      ),
      'DEFINE INDEX IF NOT EXISTS articles_embedding_vector ON TABLE articles FIELDS embedding HNSW DIMENSION 3 DIST COSINE TYPE F32 EFC 150 M 12',
    ]);
    const analyzers = statements.filter((statement) =>
      statement.startsWith('DEFINE ANALYZER'),
    );
    expect(analyzers).toHaveLength(2);
    expect(analyzers.join('\n')).toContain(
      'TOKENIZERS blank,class FILTERS lowercase,ascii,snowball(english)',
    );
  });

  it('runs twice without error or duplicates; the database enforces the composite unique index', async () => {
    const first = await syncSchema(connection, [Article]);
    const second = await syncSchema(connection, [Article]);
    // Nothing changed: no index is redefined (an OVERWRITE would rebuild it).
    expect(second).toEqual(first);
    expect(
      second.some((statement) => statement.includes('OVERWRITE articles')),
    ).toBe(false);
    const info = await tableInfo(connection, 'articles');
    expect(Object.keys(info.indexes).sort()).toEqual([
      'articles_author_idx',
      'articles_author_published_idx',
      'articles_body_search',
      'articles_embedding_vector',
      'articles_slug_author_unique',
      'articles_title_search',
    ]);
    await new Article({ slug: 'a', author: 'x' }).save({ connection });
    await new Article({ slug: 'a', author: 'y' }).save({ connection });
    await expect(
      new Article({ slug: 'a', author: 'x' }).save({ connection }),
    ).rejects.toThrow(/already taken/);
    await articles.delete();
  });

  it('a changed index is redefined on the next sync, an unchanged one is not', async () => {
    class V1 extends Document {
      static meta = {
        collection: 'reindexed',
        indexes: [{ fields: ['v'], vector: { dimension: 2 } }],
      };
      @ListField({ of: { type: 'float' } }) v?: number[];
      @StringField({ index: { search: true } }) text?: string;
    }
    class V2 extends Document {
      static meta = {
        collection: 'reindexed',
        indexes: [
          {
            fields: ['v'],
            vector: { dimension: 2, distance: 'euclidean' as const },
          },
        ],
      };
      @ListField({ of: { type: 'float' } }) v?: number[];
      @StringField({ index: { search: { language: 'french' } } }) text?: string;
    }
    await syncSchema(connection, [V1]);
    expect(await syncSchema(connection, [V1])).not.toContainEqual(
      expect.stringContaining('OVERWRITE reindexed'),
    );
    const run = await syncSchema(connection, [V2]);
    expect(
      run.filter((statement) => statement.startsWith('DEFINE INDEX OVERWRITE')),
    ).toHaveLength(2);
    const info = await tableInfo(connection, 'reindexed');
    expect(info.indexes.reindexed_v_vector).toContain('DIST EUCLIDEAN');
    expect(await syncSchema(connection, [V2])).not.toContainEqual(
      expect.stringContaining('OVERWRITE reindexed'),
    );
  });

  it('search lookup: words through the analyzer, stemmed, composable, values bound', async () => {
    await syncSchema(connection, [Article]);
    const seed = [
      {
        slug: 'ada',
        body: 'Ada Lovelace wrote the first programs',
        title: 'Notes',
      },
      {
        slug: 'grace',
        body: 'Grace Hopper built compilers',
        title: 'Compilers',
      },
      {
        slug: 'alan',
        body: 'Alan Turing and computable numbers',
        title: 'On numbers',
      },
    ];
    for (const data of seed) await new Article(data).save({ connection });
    const slugs = async (query: QuerySet<Article>) =>
      (await query).map((a) => a.slug!).sort((a, b) => a.localeCompare(b));
    expect(
      await slugs(articles.filter({ body__search: 'PROGRAMMING' })),
    ).toEqual(['ada']);
    expect(await slugs(articles.filter({ body__search: 'compiler' }))).toEqual([
      'grace',
    ]);
    expect(
      await slugs(articles.filter({ title__search: 'numbers', slug__ne: 'x' })),
    ).toEqual(['alan']);
    expect(
      await slugs(articles.exclude({ body__search: 'compilers' })),
    ).toEqual(['ada', 'alan']);
    const { Q } = await import('../../lib/query/index.js');
    expect(
      await slugs(
        articles.filter(
          Q({ body__search: 'turing' }).or({ title__search: 'compilers' }),
        ),
      ),
    ).toEqual(['alan', 'grace']);
    for (const hostile of [
      "x'; DELETE articles; --",
      'a⟩ b',
      '$p0 OR true',
      '"',
    ]) {
      expect(await articles.filter({ body__search: hostile }).count()).toBe(0);
    }
    expect(await articles.count()).toBe(3);
    await articles.delete();
  });

  it('nearest(): k nearest through the HNSW index or by full comparison, nearest first', async () => {
    await syncSchema(connection, [Article]);
    const vectors: [string, number[]][] = [
      ['x', [1, 0, 0]],
      ['xy', [0.9, 0.1, 0]],
      ['y', [0, 1, 0]],
      ['z', [0, 0, 1]],
    ];
    for (const [slug, embedding] of vectors)
      await new Article({ slug, embedding, score: slug.length }).save({
        connection,
      });
    const near = articles.nearest('embedding', [1, 0.05, 0], { k: 2 });
    expect(
      (
        await articles.nearest('embedding', new Float32Array([1, 0.05, 0]), {
          k: 2,
        })
      ).map((a) => a.slug),
    ).toEqual(['x', 'xy']);
    expect((await near).map((a) => a.slug)).toEqual(['x', 'xy']);
    expect((await near.only('slug')).map((a) => a.slug)).toEqual(['x', 'xy']);
    expect(await near.count()).toBe(2);
    expect((await near.omit('body')).map((a) => a.slug)).toEqual(['x', 'xy']);
    const page = await near.paginate(2, 1);
    expect([page.total, page.items.map((a) => a.slug)]).toEqual([2, ['xy']]);
    expect((await near.values('slug')).map((row) => row.slug)).toEqual([
      'x',
      'xy',
    ]);
    expect(await near.orderBy('-slug').values('slug')).toEqual([
      { slug: 'xy' },
      { slug: 'x' },
    ]);
    // Other conditions filter the k found.
    expect((await near.filter({ score: 2 })).map((a) => a.slug)).toEqual([
      'xy',
    ]);
    const brute = articles.nearest('embedding', [0, 0.2, 1], {
      k: 1,
      distance: 'euclidean',
    });
    expect((await brute).map((a) => a.slug)).toEqual(['z']);
    const wide = articles.nearest('embedding', [0, 1, 0], { k: 3, ef: 100 });
    expect((await wide)[0].slug).toBe('y');
    const iterated: string[] = [];
    for await (const article of near.batchSize(1)) iterated.push(article.slug!);
    // Nearest first, also when read in batches; and with a filter too.
    expect(iterated).toEqual(['x', 'xy']);
    const filtered: string[] = [];
    for await (const article of near.filter({ score__gte: 1 }).batchSize(1))
      filtered.push(article.slug!);
    expect(filtered).toEqual(['x', 'xy']);
    expect(
      await near.aggregate({
        n: (await import('../../lib/query/index.js')).count(),
      }),
    ).toEqual({ n: 2 });
    expect(await near.update({ score: 9 })).toHaveLength(2);
    expect(await articles.filter({ score: 9 }).count()).toBe(2);
    expect(await near.delete()).toBe(2);
    expect(await articles.count()).toBe(2);
    await articles.delete();
  });

  it('nearest() and search refuse bad input clearly', () => {
    const untyped: QuerySet<any> = articles;
    class Plain extends Document {
      static meta = { collection: 'plain' };
      @StringField() text?: string;
      @ListField({ of: { type: 'float' } }) v?: number[];
    }
    const plain: QuerySet<any> = Plain.query(connection);
    const attempts: [() => unknown, RegExp][] = [
      [
        () => untyped.nearest('slug', [1, 0, 0], { k: 1 }),
        /nearest\(\) searches a list-of-numbers/,
      ],
      [
        () => untyped.nearest('embedding', [1, 0], { k: 1 }),
        /has 2 numbers, and the index articles_embedding_vector has dimension 3/,
      ],
      [
        () => untyped.nearest('embedding', [1, Number.NaN, 0], { k: 1 }),
        /finite numbers/,
      ],
      [
        () => untyped.nearest('embedding', '1,0,0' as any, { k: 1 }),
        /finite numbers/,
      ],
      [
        () => untyped.nearest('embedding', [1, 0, 0], { k: 0 }),
        /k must be a whole number/,
      ],
      [
        () => untyped.nearest('embedding', [1, 0, 0], { k: 1, ef: 1.5 }),
        /ef must be a whole number/,
      ],
      [
        () =>
          untyped.nearest('embedding', [1, 0, 0], {
            k: 1,
            distance: 'cosine; DELETE' as any,
          }),
        /distance must be one of/,
      ],
      [() => plain.nearest('v', [1], { k: 1 }), /no vector index; declare one/],
      [
        () => plain.filter({ text__search: 'a' }),
        /needs a full-text index on text/,
      ],
      [() => untyped.filter({ body__search: '' }), /non-empty string/],
      [() => untyped.filter({ body__search: null }), /non-empty string/],
      [() => untyped.filter({ body__search: ['a'] }), /non-empty string/],
    ];
    for (const [attempt, message] of attempts) {
      expect(attempt).toThrow(InvalidQueryError);
      expect(attempt).toThrow(message);
    }
    // Without an index, a full comparison works.
    expect(() =>
      plain.nearest('v', [1], { k: 1, distance: 'cosine' }),
    ).not.toThrow();
  });

  it('bad index declarations are ModelDefinitionErrors naming the model and index', () => {
    const declare = (indexes: unknown, field: Record<string, unknown> = {}) => {
      class Bad extends Document {
        static meta = { collection: 'bad', indexes: indexes as IndexSpec[] };
        @StringField(field) text?: string;
        @IntField() n?: number;
        @FloatField() f?: number;
      }
      return () => buildSchema([Bad]);
    };
    const cases: [() => unknown, RegExp][] = [
      [
        declare([{ fields: [] }]),
        /meta.indexes\[0\]: "fields" must list at least one field/,
      ],
      [declare([{ fields: ['nope'] }]), /"nope" is not a field of Bad/],
      [declare([{ fields: ['text', 'text'] }]), /listed twice/],
      [
        declare([{ fields: ['n'], search: true }]),
        /search index needs a text field, and n is int/,
      ],
      [
        declare([{ fields: ['text', 'n'], search: true }]),
        /covers exactly one field/,
      ],
      [
        declare([{ fields: ['text'], unique: true, search: true }]),
        /not unique and search/,
      ],
      [
        declare([{ fields: ['f'], vector: { dimension: 3 } }]),
        /vector index needs a list of numbers/,
      ],
      [
        declare([{ fields: ['text'], search: { language: 'klingon' } }]),
        /search.language "klingon"/,
      ],
      [
        declare([
          { fields: ['text'], search: { filters: ['lowercase; DELETE'] } },
        ]),
        /search.filters/,
      ],
      [
        declare([{ fields: ['text'], name: 'a⟩b' }]),
        /cannot be used as a SurrealDB identifier/,
      ],
      [
        declare([
          { fields: ['text'] },
          { fields: ['n'], name: 'bad_text_idx' },
        ]),
        /already named bad_text_idx/,
      ],
      [declare('nope'), /meta.indexes must be an array/],
      [
        declare([], { index: 'yes' }),
        /option "index" must be true or an object/,
      ],
    ];
    for (const [attempt, message] of cases) {
      expect(attempt).toThrow(ModelDefinitionError);
      expect(attempt).toThrow(message);
    }
  });

  it('regexes the database can check become ASSERTs that agree with the model', async () => {
    class Coded extends Document {
      static meta = { collection: 'coded' };
      @StringField({ regex: /^[a-z]{2}\d{1,3}$/ }) code?: string;
      @StringField({ regex: /^\w+\.\s?x$/iu }) loose?: string;
      @StringField({ regex: /^.{3,}$/ }) units?: string;
      @StringField({ regex: /^.{3,}$/u }) chars?: string;
      @StringField({ regex: /^[a-z0-9]+(?:-[a-z0-9]+)*$/ }) slug?: string;
      @StringField({ regex: /^\+?\d{7,15}$/ }) phone?: string;
      @StringField({ regex: /^[^@\s]+@[^@\s]+$/u }) mail?: string;
      @StringField({ regex: /^#[0-9a-f]{6}$/i }) colour?: string;
      @StringField({ regex: /^(?<word>[^\][]+)-[.]$/u }) named?: string;
      @StringField({ regex: /^(a)\1$/ }) backref?: string;
      @StringField({ regex: /^x'"; DELETE coded; --$/ }) hostile?: string;
      @ListField({ of: { type: 'string', regex: /^#\w+$/ } }) tags?: string[];
    }
    const statements = buildSchema([Coded]);
    for (const field of [
      'loose',
      'named',
      'chars',
      'slug',
      'phone',
      'mail',
      'colour',
      'hostile',
      'tags.*',
    ])
      expect(
        statements.find((statement) => statement.includes(` ${field} `)),
      ).toContain('string::matches');
    expect(statements).toContain(
      `DEFINE FIELD OVERWRITE code ON TABLE coded TYPE option<string> ASSERT $value = NONE OR (string::matches($value, s"^[a-z]{2}[0-9]{1,3}$"))`,
    );
    // A back-reference means nothing to SurrealDB's regex engine: the model alone checks it.
    expect(
      statements.find((statement) => statement.includes(' backref ')),
    ).not.toContain('ASSERT');
    // Without `u`, JavaScript counts an emoji as two: `.` cannot mean the same in Rust.
    expect(
      statements.find((statement) => statement.includes(' units ')),
    ).not.toContain('ASSERT');
    await syncSchema(connection, [Coded]);
    const samples: Record<string, string[]> = {
      code: ['ab1', 'ab123', 'ab1234', 'Ab1', 'ab١', 'ab', 'xy9\n'],
      loose: ['abc.x', 'ABC. X', 'é.x', 'a.\u00a0x', 'a.\u0085x', 'a..x'],
      named: ['ab-.', 'a]-.', 'a[-.', '-.', 'ab-x'],
      hostile: [`x'"; DELETE coded; --`, 'x'],
      chars: ['abc', '😀ab', '😀a', 'ab'],
      slug: ['a-b-c', 'a--b', '-a', 'a-', 'É-b', 'ab9'],
      phone: ['+1234567', '1234567', '+123456', '١٢٣٤٥٦٧٨', '12345678\n'],
      mail: ['a@b', 'a b@c', 'a@b@c', 'a\u00a0@b', '😀@b', '@b'],
      colour: ['#A0b1C2', '#a0b1c', '#g0b1c2', '#A0B1C2\n'],
    };
    for (const [field, values] of Object.entries(samples)) {
      const regex = buildRegex(field);
      for (const value of values) {
        const expected = regex.test(value);
        let stored = true;
        try {
          await connection.query('CREATE coded CONTENT $c', {
            c: { [field]: value },
          });
        } catch {
          stored = false;
        }
        expect({ field, value, stored }).toEqual({
          field,
          value,
          stored: expected,
        });
      }
    }
    await expect(
      connection.query('CREATE coded CONTENT $c', {
        c: { tags: ['#ok', 'bad'] },
      }),
    ).rejects.toThrow();
    await connection.query('CREATE coded CONTENT $c', { c: { tags: ['#ok'] } });
    function buildRegex(field: string): RegExp {
      return {
        code: /^[a-z]{2}\d{1,3}$/,
        loose: /^\w+\.\s?x$/iu,
        named: /^(?<word>[^\][]+)-[.]$/u,
        chars: /^.{3,}$/u,
        slug: /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
        phone: /^\+?\d{7,15}$/,
        mail: /^[^@\s]+@[^@\s]+$/u,
        colour: /^#[0-9a-f]{6}$/i,
        hostile: /^x'"; DELETE coded; --$/,
      }[field]!;
    }
  });

  it('fixed defaults are applied by the database; function defaults stay with the model', async () => {
    class Defaults extends Document {
      static meta = { collection: 'defaults' };
      @StringField({ default: 'it\'s "quoted" ⟩' }) label?: string;
      @IntField({ default: 3 }) n?: number;
      @FloatField({ default: 2 }) f?: number;
      @DateTimeField({ default: new Date(Date.UTC(2020, 0, 1)) }) at?: Date;
      @ListField({ of: { type: 'string' }, default: () => ['x'] })
      tags?: string[];
    }
    const statements = buildSchema([Defaults]);
    expect(statements).toContain(
      'DEFINE FIELD OVERWRITE f ON TABLE defaults TYPE option<float> DEFAULT 2f',
    );
    expect(
      statements.find((statement) => statement.includes(' tags ')),
    ).not.toContain('DEFAULT');
    await syncSchema(connection, [Defaults]);
    await connection.query('CREATE defaults:raw SET tags = []');
    const [row] = await Defaults.query(connection).all();
    expect(row.label).toBe('it\'s "quoted" ⟩');
    expect(row.n).toBe(3);
    expect(row.f).toBe(2);
    expect(row.at).toEqual(new Date(Date.UTC(2020, 0, 1)));
  });
});
