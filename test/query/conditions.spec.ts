import { firstValueFrom, take, toArray } from 'rxjs';
import type { SurrealConnection } from '../../lib/connection/index.js';
import { Repository } from '../../lib/repository/index.js';
import {
  InvalidQueryError,
  Q,
  and,
  type Condition,
  not,
  or,
  type QuerySet,
} from '../../lib/query/index.js';
import { MAX_CONDITION_DEPTH } from '../../lib/query/query-state.js';
import { readySignal } from '../helpers/live.js';
import { User, memoryConnection } from '../model/fixtures.js';

// A condition alternating or/not `depth` levels deep, text lookups at the leaves.
function nested(depth: number): Condition<User> {
  let condition = Q<User>({ name__startswith: 'A' });
  for (let level = 1; level < depth; level++) {
    condition =
      level % 2
        ? or(condition, { name__endswith: `${level}` })
        : condition.not();
  }
  return condition;
}

// What `nested(depth)` means, evaluated in JavaScript.
function nestedHolds(depth: number, name: string): boolean {
  let holds = name.startsWith('A');
  for (let level = 1; level < depth; level++)
    holds = level % 2 ? holds || name.endsWith(`${level}`) : !holds;
  return holds;
}

const names = (users: User[]) => users.map((user) => user.name).sort();
const hostile = "x') OR true OR ('⟩`\\; DELETE users; --";
const SEEDED = ['Alice', 'Bob', 'Anna', 'Carl', hostile];

describe('OR / NOT conditions against the engine', () => {
  let connection: SurrealConnection;
  let users: QuerySet<User>;

  beforeAll(async () => {
    connection = await memoryConnection();
    users = User.query(connection);
    const seed = [
      { name: 'Alice', age: 30, role: 'admin', tags: ['a'] },
      { name: 'Bob', age: 17, tags: ['b'], address: { city: 'Berlin' } },
      { name: 'Anna', age: 45, active: false },
      { name: 'Carl', age: 12, role: 'admin' },
      { name: hostile, age: 50 },
    ];
    for (const data of seed) await new User(data).save({ connection });
  });
  afterAll(() => connection.close());

  const cases: [string, () => QuerySet<User>, string[]][] = [
    [
      'Q(a).or(b)',
      () => users.filter(Q({ age__gt: 40 }).or({ role: 'admin' })),
      ['Alice', 'Anna', 'Carl', hostile],
    ],
    [
      'Q.not',
      () => users.filter(Q.not({ role: 'admin' })),
      ['Anna', 'Bob', hostile],
    ],
    [
      'nested and/or/not',
      () =>
        users.filter(
          or(
            and({ age__lt: 18 }, not({ role: 'admin' })),
            Q({ active: false }),
          ),
        ),
      ['Anna', 'Bob'],
    ],
    [
      'exclude(or(...))',
      () => users.exclude(or({ name: 'Alice' }, { address__city: 'Berlin' })),
      ['Anna', 'Carl', hostile],
    ],
    [
      'filter(Q).filter(plain)',
      () =>
        users.filter(Q({ tags__contains: 'a' }).or({ age__gte: 45 })).filter({
          name__startswith: 'A',
        }),
      ['Alice', 'Anna'],
    ],
    [
      'double negation',
      () => users.filter(Q({ role: 'admin' }).not().not()),
      ['Alice', 'Carl'],
    ],
    ['or() of nothing', () => users.filter(or()), []],
    [
      'a long chain of or() calls (flattened)',
      () => {
        let condition = Q<User>({ name: 'Alice' });
        for (let index = 0; index < 200; index++)
          condition = condition.or({ name: `nobody ${index}` });
        return users.filter(condition.or({ name: 'Bob' }));
      },
      ['Alice', 'Bob'],
    ],
    [
      // One flat chain of this many terms would crash SurrealDB 3.0 (native stack overflow at about 650).
      'an OR of 5,000 lookups',
      () =>
        users.filter(
          or<User>(
            ...Array.from({ length: 5000 }, (_, index) => ({
              age: 1000 + index,
            })),
            { name: 'Carl' },
          ),
        ),
      ['Carl'],
    ],
    [
      'and/or/not nested as deep as SurrealDB parses',
      () => users.filter(nested(MAX_CONDITION_DEPTH)),
      SEEDED.filter((name) => nestedHolds(MAX_CONDITION_DEPTH, name)),
    ],
  ];
  it.each(cases)('%s', async (_label, query, expected) => {
    expect(names(await query())).toEqual(expected.sort());
  });

  it('hostile values inside OR/NOT are bound and match exactly', async () => {
    const query = users.filter(
      or({ name: hostile }, not({ name__ne: hostile })),
    );
    expect(query.toQuery().query).not.toContain('DELETE');
    expect(names(await query)).toEqual([hostile]);
    expect(await users.exclude(Q({ name: hostile })).count()).toBe(4);
    expect(await users.count()).toBe(5);
  });

  it('count, get, update and delete take conditions too', async () => {
    expect(
      await users.filter(or({ name: 'Bob' }, { name: 'Carl' })).count(),
    ).toBe(2);
    expect(
      (await users.get(Q({ name: 'Bob' }).or({ name: 'Nobody' }))).name,
    ).toBe('Bob');
    const updated = await users
      .filter(or({ name: 'Bob' }, { name: 'Carl' }))
      .update({ email: 'kid@example.com' });
    expect(names(updated)).toEqual(['Bob', 'Carl']);
    expect(await users.filter({ email__exists: true }).count()).toBe(2);
    await users.filter({ email__exists: true }).update({ email: null });
  });

  it('unknown fields inside a condition fail when it is used, naming the key', () => {
    const untyped: QuerySet<any> = users;
    expect(() => untyped.filter(Q({ name: 'a' }).or({ agee__gt: 1 }))).toThrow(
      /"agee" is not a field of User/,
    );
    expect(() => untyped.filter(not({ $or: [] }))).toThrow(InvalidQueryError);
    expect(() => users.filter(or('name' as never))).toThrow(InvalidQueryError);
    let runaway = Q<User>({ name: 'a' });
    for (let level = 0; level < 100_000; level++) runaway = runaway.not();
    expect(() => users.filter(runaway)).toThrow(/more than 256 levels/);
    expect(() => users.filter(nested(MAX_CONDITION_DEPTH + 1))).toThrow(
      /nests 13 levels of and\/or\/not; SurrealDB parses at most 12/,
    );
  });

  it('repository.live takes a condition, values bound', async () => {
    const repository = new Repository(User, connection);
    const { ready, registered } = readySignal();
    const events = firstValueFrom(
      repository
        .live(or({ name: hostile }, Q.not({ age__lt: 100 })), {
          onReady: ready,
        })
        .pipe(take(2), toArray()),
    );
    await registered;
    await repository.save({ name: 'Young', age: 20 }); // neither: filtered out by the server
    const old = await repository.save({ name: 'Old', age: 120 });
    await repository.update(old, { age: 121 });
    const received = await events;
    expect(received.map((event) => event.document.name)).toEqual([
      'Old',
      'Old',
    ]);
    await repository.delete(old);
    await users.filter({ name: 'Young' }).delete();
  });
});
