import type { SurrealConnection } from '../../lib/connection/index.js';
import {
  DateTimeField,
  Document,
  FloatField,
  IntField,
  ListField,
  StringField,
} from '../../lib/model/index.js';
import {
  InvalidQueryError,
  avg,
  count,
  distinct,
  length,
  lower,
  max,
  min,
  sum,
  upper,
  type QuerySet,
} from '../../lib/query/index.js';
import { Author, Book, User, memoryConnection } from '../model/fixtures.js';
import { Follows, Person } from '../graph/graph.fixtures.js';

class Sale extends Document {
  static meta = { collection: 'sales' };
  @StringField() region?: string;
  @IntField() units?: number;
  @FloatField() price?: number;
  @DateTimeField() at?: Date;
  @ListField({ of: { type: 'string' } }) tags?: string[];
}

const HOSTILE = [
  "x'; DELETE users; --",
  'a⟩ FROM users; DELETE users; --',
  '$p0',
  'b"c',
];

describe('aggregation', () => {
  let connection: SurrealConnection;
  let users: QuerySet<User>;

  beforeAll(async () => {
    connection = await memoryConnection();
    users = User.query(connection);
    const seed = [
      {
        name: 'Alice',
        age: 30,
        role: 'admin',
        tags: ['a', 'b'],
        address: { city: 'Paris' },
      },
      {
        name: 'Bob',
        age: 20,
        role: 'member',
        tags: ['b'],
        address: { city: 'Paris' },
      },
      {
        name: 'Carl',
        age: 40,
        role: 'member',
        tags: [],
        address: { city: 'Rome' },
      },
      { name: 'dora', role: 'member', tags: ['c', 'a'] },
      { name: 'Eve', age: 0, role: 'admin' },
    ];
    for (const data of seed) await new User(data).save({ connection });
    const day = (n: number) => new Date(Date.UTC(2026, 0, n));
    for (const [region, units, price, at] of [
      ['north', 3, 1.5, day(1)],
      ['north', 5, 2.5, day(9)],
      ['south', 2, 10, day(4)],
    ] as const) {
      await new Sale({ region, units, price, at }).save({ connection });
    }
  });
  afterAll(() => connection.close());

  it('groupBy + aggregate: one row per group, one statement, every aggregate', async () => {
    const query = users
      .filter({ name__ne: 'Nobody' })
      .groupBy('role')
      .aggregate({
        n: count(),
        withAge: count('age'),
        avgAge: avg('age'),
        oldest: max('age'),
        youngest: min('age'),
        total: sum('age'),
        names: distinct('name'),
      })
      .orderBy('role');
    expect(query.toQuery().query.split(';')).toHaveLength(1);
    const rows = await query;
    expect(rows).toEqual([
      {
        role: 'admin',
        n: 2,
        withAge: 2, // Eve's age 0 counts: count(field) counts present values, not truthy ones
        avgAge: 15,
        oldest: 30,
        youngest: 0,
        total: 30,
        names: expect.arrayContaining(['Alice', 'Eve']),
      },
      {
        role: 'member',
        n: 3,
        withAge: 2,
        avgAge: 30,
        oldest: 40,
        youngest: 20,
        total: 60,
        names: expect.arrayContaining(['Bob', 'Carl', 'dora']),
      },
    ]);
    // Typed rows: these compile only because the row type has them.
    const first: { role?: string; n: number; avgAge: number | null } = rows[0];
    expect(first.n).toBe(2);
  });

  it('groups sort and slice by any row key; conditions apply before grouping', async () => {
    const top = await users
      .filter({ age__gte: 20 })
      .groupBy('role')
      .aggregate({ n: count() })
      .orderBy('-n')
      .limit(1);
    expect(top).toEqual([{ role: 'member', n: 2 }]);
    const second = await users
      .groupBy('role')
      .aggregate({ n: count() })
      .orderBy('role')
      .start(1);
    expect(second).toEqual([{ role: 'member', n: 3 }]);
  });

  it('groups by a path into a dict; documents without it form their own group', async () => {
    const rows = await users
      .groupBy('address__city')
      .aggregate({ n: count() })
      .orderBy('-n');
    // NONE sorts first.
    expect(rows).toEqual([
      { n: 2 },
      { address__city: 'Paris', n: 2 },
      { address__city: 'Rome', n: 1 },
    ]);
  });

  it('groups by several fields, and by them alone (distinct combinations)', async () => {
    const rows = await users
      .filter({ age__exists: true })
      .groupBy('role', 'age')
      .aggregate()
      .orderBy('role', '-age');
    expect(rows).toEqual([
      { role: 'admin', age: 30 },
      { role: 'admin', age: 0 },
      { role: 'member', age: 40 },
      { role: 'member', age: 20 },
    ]);
  });

  it('aggregate() without groupBy is one row over every match', async () => {
    expect(
      await users
        .filter({ role: 'member' })
        .aggregate({ n: count(), avgAge: avg('age') }),
    ).toEqual({ n: 3, avgAge: 30 });
    expect(
      await users.filter({ name: 'Nobody' }).aggregate({
        n: count(),
        total: sum('age'),
        mean: avg('age'),
        top: max('age'),
        names: distinct('name'),
      }),
    ).toEqual({ n: 0, total: 0, mean: null, top: null, names: [] });
  });

  it('a sliced query set aggregates only its slice', async () => {
    const youngestTwo = users
      .filter({ age__exists: true })
      .orderBy('age')
      .limit(2);
    expect(
      await youngestTwo.aggregate({ n: count(), total: sum('age') }),
    ).toEqual({
      n: 2,
      total: 20,
    });
  });

  it('min/max of datetimes convert back to Date; floats and expressions aggregate', async () => {
    const sales = Sale.query(connection);
    const rows = await sales
      .groupBy('region')
      .aggregate({
        first: min('at'),
        last: max('at'),
        units: sum('units'),
        meanPrice: avg('price'),
      })
      .orderBy('region');
    expect(rows).toEqual([
      {
        region: 'north',
        first: new Date(Date.UTC(2026, 0, 1)),
        last: new Date(Date.UTC(2026, 0, 9)),
        units: 8,
        meanPrice: 2,
      },
      {
        region: 'south',
        first: new Date(Date.UTC(2026, 0, 4)),
        last: new Date(Date.UTC(2026, 0, 4)),
        units: 2,
        meanPrice: 10,
      },
    ]);
    expect(rows[0].first).toBeInstanceOf(Date);
    expect(
      await users.aggregate({
        letters: sum(length('name')),
        longest: max(length('name')),
      }),
    ).toEqual({
      letters: 19,
      longest: 5,
    });
    expect(
      await users
        .groupBy('role')
        .aggregate({ tagged: sum(length('tags')) })
        .orderBy('role'),
    ).toEqual([
      { role: 'admin', tagged: 2 },
      { role: 'member', tagged: 3 },
    ]);
  });

  it('values(): plain rows of fields and expressions, in the query order', async () => {
    const rows = await users
      .filter({ age__exists: true })
      .orderBy('-age')
      .limit(3)
      .values('name', 'address__city', {
        shout: upper('name'),
        quiet: lower('name'),
        tags: length('tags'),
      });
    expect(rows).toEqual([
      {
        name: 'Carl',
        address__city: 'Rome',
        shout: 'CARL',
        quiet: 'carl',
        tags: 0,
      },
      {
        name: 'Alice',
        address__city: 'Paris',
        shout: 'ALICE',
        quiet: 'alice',
        tags: 2,
      },
      {
        name: 'Bob',
        address__city: 'Paris',
        shout: 'BOB',
        quiet: 'bob',
        tags: 1,
      },
    ]);
    // The order field is selected for SurrealDB but not returned.
    expect(Object.keys(rows[0])).not.toContain('age');
    // A document without the field gives no key, and an expression over a missing field nothing.
    expect(
      await users
        .filter({ name: 'dora' })
        .values('age', { n: length('email') }),
    ).toEqual([{}]);
  });

  it('distinct(): values once, missing ones left out, list items flattened, converted', async () => {
    expect((await users.distinct('role')).sort()).toEqual(['admin', 'member']);
    expect((await users.distinct('age')).sort((a, b) => a - b)).toEqual([
      0, 20, 30, 40,
    ]);
    expect((await users.distinct('tags')).sort()).toEqual(['a', 'b', 'c']);
    expect(
      (await users.filter({ role: 'admin' }).distinct('tags')).sort(),
    ).toEqual(['a', 'b']);
    expect(
      ((await users.distinct('address__city')) as string[]).sort(),
    ).toEqual(['Paris', 'Rome']);
    const dates = await Sale.query(connection).distinct('at');
    expect(dates).toHaveLength(3);
    expect(dates[0]).toBeInstanceOf(Date);
  });

  it('groups and distinct values follow references (author__name)', async () => {
    const ann = new Author({ name: 'Ann' });
    const bo = new Author({ name: 'Bo' });
    await ann.save({ connection });
    await bo.save({ connection });
    for (const [title, author, pages] of [
      ['a', ann, 10],
      ['b', ann, 30],
      ['c', bo, 5],
    ] as const) {
      await new Book({ title, author, pages }).save({ connection });
    }
    const books = Book.query(connection);
    expect(
      await books
        .groupBy('author__name')
        .aggregate({ n: count(), pages: sum('pages') })
        .orderBy('author__name'),
    ).toEqual([
      { author__name: 'Ann', n: 2, pages: 40 },
      { author__name: 'Bo', n: 1, pages: 5 },
    ]);
    expect(((await books.distinct('author__name')) as string[]).sort()).toEqual(
      ['Ann', 'Bo'],
    );
  });

  it('aggregates, values and distinct read from a graph traversal', async () => {
    const [ada, grace, linus, mo] = await Promise.all(
      [
        ['Ada', 36],
        ['Grace', 85],
        ['Linus', 54],
        ['Mo', 54],
      ].map(async ([name, age]) => {
        const person = new Person({ name, age });
        await person.save({ connection });
        return person;
      }),
    );
    await ada.relate(Follows, [grace, linus, mo]);
    await grace.relate(Follows, linus);
    const followed = Person.query(connection)
      .filter({ id: ada.id })
      .out(Follows);
    expect(
      await followed
        .groupBy('age')
        .aggregate({ n: count(), names: distinct('name') })
        .orderBy('age'),
    ).toEqual([
      { age: 54, n: 2, names: expect.arrayContaining(['Linus', 'Mo']) },
      { age: 85, n: 1, names: ['Grace'] },
    ]);
    expect(await followed.aggregate({ oldest: max('age') })).toEqual({
      oldest: 85,
    });
    expect(await followed.orderBy('-age').limit(1).values('name')).toEqual([
      { name: 'Grace' },
    ]);
    expect((await followed.distinct('age')).sort((a, b) => a - b)).toEqual([
      54, 85,
    ]);
  });

  it('a table nobody wrote to gives empty results, not an error', async () => {
    class Empty extends Document {
      static meta = { collection: 'never_written' };
      @StringField() kind?: string;
      @IntField() size?: number;
    }
    const empty = Empty.query(connection);
    expect(await empty.groupBy('kind').aggregate({ n: count() })).toEqual([]);
    expect(
      await empty.aggregate({
        n: count(),
        total: sum('size'),
        top: max('size'),
      }),
    ).toEqual({
      n: 0,
      total: 0,
      top: null,
    });
    expect(await empty.values('kind')).toEqual([]);
    expect(await empty.distinct('kind')).toEqual([]);
  });

  it('hostile values stay bound and hostile result names are escaped identifiers', async () => {
    for (const hostile of HOSTILE) {
      if (hostile.includes('⟩')) {
        // A name that could close the escaped identifier is refused, never written.
        expect(() =>
          users.groupBy('role').aggregate({ [hostile]: count() }),
        ).toThrow(/cannot be used/);
        continue;
      }
      const rows = await users
        .filter({ name__ne: hostile })
        .groupBy('role')
        .aggregate({ [hostile]: count() })
        .orderBy('role');
      expect(rows).toEqual([
        { role: 'admin', [hostile]: 2 },
        { role: 'member', [hostile]: 3 },
      ]);
      expect(
        await users
          .filter({ name: hostile })
          .values('name', { [hostile]: lower('name') }),
      ).toEqual([]);
      expect(await users.aggregate({ [hostile]: count() })).toEqual({
        [hostile]: 5,
      });
    }
    expect(await users.count()).toBe(5);
  });

  it('bad input is a clear InvalidQueryError before anything runs', () => {
    const untyped: QuerySet<any> = users;
    const attempts: [() => unknown, RegExp][] = [
      [() => untyped.groupBy('agee'), /"agee" is not a field of User/],
      [() => untyped.groupBy(), /at least one field/],
      [
        () => untyped.groupBy("role'; DELETE users; --"),
        /is not a field of User/,
      ],
      [
        () => untyped.groupBy('role').aggregate({ n: avg('name') }),
        /name is string; sum\(\) and avg\(\) take number/,
      ],
      [
        () => untyped.groupBy('role').aggregate({ n: max('name') }),
        /min\(\) and max\(\) take number or datetime/,
      ],
      [
        () => untyped.groupBy('role').aggregate({ n: sum('nope') }),
        /"nope" is not a field/,
      ],
      [
        () => untyped.groupBy('role').aggregate({ n: distinct('tags') }),
        /distinct\(\) for list fields/,
      ],
      [
        () => untyped.groupBy('role').aggregate({ role: count() }),
        /"role" is named twice/,
      ],
      [
        () => untyped.groupBy('role').aggregate({ n: 'count()' } as any),
        /must be count\(\), sum\(\)/,
      ],
      [
        () => untyped.groupBy('role').aggregate({ 'a⟩b': count() }),
        /cannot be used/,
      ],
      [
        () =>
          untyped
            .groupBy('role')
            .aggregate({ n: count() })
            .orderBy('-m' as any),
        /not a key of the rows \(role, n\)/,
      ],
      [
        () => untyped.groupBy('role').aggregate({ n: count() }).limit(-1),
        /whole number >= 0/,
      ],
      [
        () => untyped.groupBy('role').aggregate({ n: sum(lower('age')) }),
        /lower\(\) applies to text fields/,
      ],
      [
        () => untyped.groupBy('role').aggregate({ n: sum(length('active')) }),
        /length\(\) applies to text and list/,
      ],
    ];
    for (const [attempt, message] of attempts) {
      let thrown: unknown;
      try {
        attempt();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidQueryError);
      expect((thrown as Error).message).toMatch(message);
    }
  });

  it('bad input to the terminal methods rejects with InvalidQueryError', async () => {
    const untyped: QuerySet<any> = users;
    await expect(untyped.values()).rejects.toThrow(
      /values\(\) takes field names/,
    );
    await expect(
      untyped.values('name', { x: 'string::len(name)' } as any),
    ).rejects.toThrow(/"x" must be an expression/);
    await expect(untyped.distinct('nope')).rejects.toThrow(InvalidQueryError);
    await expect(untyped.values("name'; DELETE users; --")).rejects.toThrow(
      /is not a field of User/,
    );
    await expect(untyped.distinct('name⟩; DELETE users')).rejects.toThrow(
      /is not a field of User/,
    );
    await expect(untyped.aggregate({})).rejects.toThrow(
      /at least one aggregate/,
    );
    await expect(untyped.aggregate([count()] as any)).rejects.toThrow(
      /takes an object/,
    );
  });
});
