import { BoundIncluded, RecordId, RecordIdRange } from 'surrealdb';
import { getModelMetadata } from '../../lib/model/index.js';
import { Q, and, not, or } from '../../lib/query/index.js';
import {
  GROUP_SIZE,
  compileCount,
  compileDelete,
  compileExists,
  compileAfterId,
  compileAtPosition,
  compileKeySnapshot,
  compilePage,
  compileRowsOf,
  compileRecordUpdate,
  compileSelect,
  compileUpdate,
} from '../../lib/query/query-compiler.js';
import { toAssignments } from '../../lib/query/update-assignments.js';
import { Book, User } from '../model/fixtures.js';

// The compiler is pure: these tests compare SurrealQL text and bindings, with no database.
const users = User.query();
const set = (changes: Record<string, unknown>) =>
  toAssignments(getModelMetadata(User), changes);

describe('query compiler', () => {
  it('a lookup object is one parenthesised AND, its values bound', () => {
    expect(
      compileSelect(users.filter({ age__gt: 18, name: 'A' }).state),
    ).toEqual({
      query: 'SELECT * FROM users WHERE (age > $p0 AND name = $p1)',
      bindings: { p0: 18, p1: 'A' },
    });
  });

  it('OR, NOT and AND nest (flattened, double negation dropped); filter/exclude calls are ANDed', () => {
    const state = users
      .filter(
        Q({ age__gt: 18 }).or({ role: 'admin' }, Q.not({ active: false })),
      )
      .exclude({ name: 'x' }).state;
    expect(compileSelect(state)).toEqual({
      query:
        'SELECT * FROM users WHERE (age > $p0 OR role = $p1 OR !(active = $p2)) AND !(name = $p3)',
      bindings: { p0: 18, p1: 'admin', p2: false, p3: 'x' },
    });
    const deep = users.filter(
      or(
        and({ age__lt: 3 }, not(Q({ name__startswith: 'A' }))),
        Q({ tags__contains: 'b' }).not().not(),
      ),
    ).state;
    expect(compileSelect(deep).query).toBe(
      'SELECT * FROM users WHERE (((age != NONE AND age != NULL AND age < $p0) AND !((type::is_string(name) AND string::starts_with(name, $p1)))) OR tags CONTAINS $p2)',
    );
    expect(compileSelect(deep).bindings).toEqual({ p0: 3, p1: 'A', p2: 'b' });
  });

  it('a large group is split into nested groups of GROUP_SIZE terms', () => {
    const terms = Array.from({ length: GROUP_SIZE * 2 + 1 }, (_, index) => ({
      age: index,
    }));
    const { query } = compileSelect(users.filter(or<User>(...terms)).state);
    const chunk = (from: number, to: number) =>
      `(${Array.from({ length: to - from }, (_, index) => `age = $p${from + index}`).join(' OR ')})`;
    expect(query).toBe(
      `SELECT * FROM users WHERE (${chunk(0, GROUP_SIZE)} OR ${chunk(GROUP_SIZE, GROUP_SIZE * 2)} OR ${chunk(GROUP_SIZE * 2, GROUP_SIZE * 2 + 1)})`,
    );
  });

  it('an empty OR matches nothing and an empty AND everything', () => {
    expect(compileSelect(users.filter(or()).state).query).toBe(
      'SELECT * FROM users WHERE false',
    );
    expect(compileSelect(users.filter(Q({})).state).query).toBe(
      'SELECT * FROM users WHERE true',
    );
    expect(compileSelect(users.filter({}).state).query).toBe(
      'SELECT * FROM users',
    );
  });

  it('hostile values only ever reach the bindings', () => {
    const hostile = "x'; DELETE users; --⟩`\\";
    const { query, bindings } = compileSelect(
      users.filter(or({ name: hostile }, not({ address__city: hostile })))
        .state,
    );
    expect(query).toBe(
      'SELECT * FROM users WHERE (name = $p0 OR !(address.city = $p1))',
    );
    expect(bindings).toEqual({ p0: hostile, p1: hostile });
  });

  it('order, limit, start, only, omit, fetch', () => {
    expect(
      compileSelect(
        users.orderBy('-age', 'name').limit(5).start(10).only('name').state,
      ).query,
    ).toBe(
      'SELECT id, name, age FROM users ORDER BY age DESC, name ASC LIMIT 5 START 10',
    );
    expect(compileSelect(users.omit('tags').state).query).toBe(
      'SELECT * OMIT tags FROM users',
    );
    expect(
      compileSelect(Book.query().fetch().filter({ author__name: 'Ann' }).state),
    ).toEqual({
      query: 'SELECT * FROM books WHERE author.name = $p0 FETCH author, tags',
      bindings: { p0: 'Ann' },
    });
  });

  it('count, exists, paginate and iteration batches', () => {
    const adults = users.filter({ age: 3 });
    expect(compileCount(adults.state).query).toBe(
      'SELECT count() FROM users WHERE age = $p0 GROUP ALL',
    );
    expect(compileCount(adults.limit(2).state).query).toBe(
      'RETURN count((SELECT id FROM users WHERE age = $p0 LIMIT 2))',
    );
    expect(compileExists(adults.state).query).toBe(
      'SELECT id FROM users WHERE age = $p0 LIMIT 1',
    );
    expect(compilePage(adults.limit(7).state, 2, 10)).toEqual({
      query:
        'SELECT count() FROM users WHERE age = $p0 GROUP ALL; SELECT * FROM users WHERE age = $p0 LIMIT 10 START 10',
      bindings: { p0: 3 },
    });
    expect(
      compileKeySnapshot(adults.orderBy('-name').start(3).limit(5).state),
    ).toEqual({
      query:
        'SELECT VALUE record::id(id) FROM (SELECT id, name FROM users WHERE age = $p0 ORDER BY name DESC LIMIT 5 START 3)',
      bindings: { p0: 3 },
    });
    expect(compileKeySnapshot(adults.state).query).toBe(
      'SELECT VALUE record::id(id) FROM users WHERE age = $p0',
    );
    expect(compileAtPosition(users.only('name').state, 9, 11).query).toBe(
      'SELECT VALUE id FROM users ORDER BY id ASC LIMIT 11 START 9',
    );
    expect(compileAtPosition(users.state, 0, 5, 'id, age AS o0').query).toBe(
      'SELECT id, age AS o0 FROM users ORDER BY id ASC LIMIT 5',
    );
    const upTo = new RecordIdRange('users', undefined, new BoundIncluded('k'));
    expect(compileAfterId(users.state, upTo, 10)).toEqual({
      query:
        'BEGIN TRANSACTION; LET $position = (SELECT count() FROM $p0 GROUP ALL)[0].count ?? 0; RETURN { position: $position, items: (SELECT VALUE id FROM users ORDER BY id ASC LIMIT 10 START $position) }; COMMIT TRANSACTION',
      bindings: { p0: upTo },
    });
    const ids = [new RecordId('users', 'a'), new RecordId('users', 'b')];
    expect(compileRowsOf(adults.orderBy('name').limit(5).state, ids)).toEqual({
      query: 'SELECT * FROM $p0 WHERE age = $p1',
      bindings: { p0: ids, p1: 3 },
    });
    const range = new RecordIdRange(
      'users',
      new BoundIncluded('a'),
      new BoundIncluded('k'),
    );
    expect(compileRowsOf(adults.only('name').state, range)).toEqual({
      query: 'SELECT id, name FROM $p0 WHERE age = $p1',
      bindings: { p0: range, p1: 3 },
    });
  });

  it('update and delete, by filter, through a limited SELECT, or by id', () => {
    expect(
      compileUpdate(
        users.filter({ age: 3 }).state,
        set({ name: 'B', email: null }),
      ),
    ).toEqual({
      query:
        'UPDATE users SET name = $p0, email = NONE WHERE age = $p1 RETURN AFTER',
      bindings: { p0: 'B', p1: 3 },
    });
    expect(
      compileUpdate(users.orderBy('name').limit(1).state, set({ name: 'B' }))
        .query,
    ).toBe(
      'UPDATE (SELECT id, name FROM users ORDER BY name ASC LIMIT 1).id SET name = $p0 RETURN AFTER',
    );
    expect(compileDelete(users.filter({ age: 3 }).state).query).toBe(
      'DELETE users WHERE age = $p0 RETURN VALUE $before.id',
    );
    const id = new RecordId('users', 'a');
    expect(compileRecordUpdate(id, set({ name: 'B' }))).toEqual({
      query: 'UPDATE $id SET name = $p0 RETURN AFTER',
      bindings: { p0: 'B', id },
    });
  });
});
