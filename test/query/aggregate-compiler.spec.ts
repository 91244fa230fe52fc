import { getModelMetadata } from '../../lib/model/index.js';
import {
  avg,
  count,
  distinct,
  length,
  lower,
  max,
  min,
  sum,
} from '../../lib/query/index.js';
import { aggregateTerms } from '../../lib/query/aggregate-query.js';
import {
  compileAggregate,
  compileKeySnapshot,
  compileRowsOf,
  compileDistinct,
  compileSelect,
  compileValues,
  Params,
} from '../../lib/query/query-compiler.js';
import { compileIdSet } from '../../lib/graph/traversal-state.js';
import { resolveNearest } from '../../lib/query/nearest.js';
import { expressionTerm, fieldTerm } from '../../lib/query/projection.js';
import { withChanges } from '../../lib/query/query-state.js';
import { User } from '../model/fixtures.js';
import { Document, ListField, StringField } from '../../lib/model/index.js';

// Pure compiler tests: SurrealQL text and bindings, no database.
const metadata = getModelMetadata(User);
const users = User.query();
const group = (...fields: string[]) =>
  fields.map((field) => fieldTerm(metadata, field, 'groupBy()'));

class Embedded extends Document {
  static meta = {
    collection: 'embedded',
    indexes: [{ fields: ['v'], vector: { dimension: 2 } }],
  };
  @ListField({ of: { type: 'float' } }) v?: number[];
}

describe('aggregate compiler', () => {
  it('GROUP BY with every aggregate, aliases escaped, conditions bound', () => {
    const keys = group('role', 'address__city');
    const values = aggregateTerms(metadata, keys, {
      n: count(),
      withAge: count('age'),
      total: sum('age'),
      mean: avg('age'),
      low: min('age'),
      high: max('age'),
      names: distinct('name'),
      'odd name': sum(length('tags')),
    });
    const state = users.filter({ age__gt: 1 }).state;
    expect(
      compileAggregate(state, {
        group: keys,
        values,
        order: [{ alias: values[0].alias, desc: true }],
        limit: 5,
        start: 2,
      }),
    ).toEqual({
      query:
        'SELECT role AS role, address.city AS address__city, count() AS n, count(age != NONE AND age != NULL) AS withAge, ' +
        'math::sum(age) AS total, math::mean(age) AS mean, math::min(age) AS low, math::max(age) AS high, ' +
        'array::complement(array::distinct(name), [NONE, NULL]) AS names, ' +
        'math::sum((IF type::is_string(tags) THEN string::len(tags) ELSE IF type::is_array(tags) THEN array::len(tags) END)) AS ⟨odd name⟩ ' +
        'FROM users WHERE age > $p0 GROUP BY role, address__city ORDER BY n DESC LIMIT 5 START 2',
      bindings: { p0: 1 },
    });
  });

  it('no groups is GROUP ALL; a sliced query set aggregates a sub-select', () => {
    const values = aggregateTerms(metadata, [], { n: count() });
    expect(
      compileAggregate(users.state, { group: [], values, order: [] }).query,
    ).toBe('SELECT count() AS n FROM users GROUP ALL');
    const sliced = users.filter({ name: 'x' }).orderBy('-age').limit(3).state;
    expect(compileAggregate(sliced, { group: [], values, order: [] })).toEqual({
      query:
        'SELECT count() AS n FROM (SELECT * FROM users WHERE name = $p0 ORDER BY age DESC LIMIT 3) GROUP ALL',
      bindings: { p0: 'x' },
    });
  });

  it('values(): fields and guarded expressions; order fields selected but not returned', () => {
    const terms = [
      fieldTerm(metadata, 'name', 'values()'),
      expressionTerm(metadata, 'low', lower('name'), 'values()'),
    ];
    expect(
      compileValues(users.orderBy('-age').limit(2).state, terms).query,
    ).toBe(
      'SELECT name AS name, (IF type::is_string(name) THEN string::lowercase(name) END) AS low, age FROM users ORDER BY age DESC LIMIT 2',
    );
  });

  it('distinct(): one RETURN, list fields flattened', () => {
    expect(
      compileDistinct(users.filter({ age__gt: 3 }).state, 'tags', true),
    ).toEqual({
      query:
        'RETURN array::complement(array::distinct(array::flatten((SELECT VALUE tags FROM users WHERE age > $p0))), [NONE, NULL])',
      bindings: { p0: 3 },
    });
    expect(compileDistinct(users.state, 'role', false).query).toBe(
      'RETURN array::complement(array::distinct((SELECT VALUE role FROM users)), [NONE, NULL])',
    );
  });

  it('nearest(): <|k,ef|> or <|k,DISTANCE|>, vector bound, ordered by distance unless told', () => {
    const embedded = getModelMetadata(Embedded);
    const state = withChanges(
      Embedded.query().filter({ v__exists: true }).state,
      {
        nearest: resolveNearest(embedded, 'v', [0.5, 1], { k: 3 }),
      },
    );
    expect(compileSelect(state)).toEqual({
      query:
        'SELECT vector::distance::knn() AS __distance, * FROM embedded WHERE v <|3,40|> $p0 AND v != NONE ORDER BY __distance',
      bindings: { p0: [0.5, 1] },
    });
    const brute = withChanges(Embedded.query().state, {
      nearest: resolveNearest(embedded, 'v', [1, 2], {
        k: 1,
        distance: 'manhattan',
      }),
    });
    expect(compileSelect(brute).query).toBe(
      'SELECT vector::distance::knn() AS __distance, * FROM embedded WHERE v <|1,MANHATTAN|> $p0 ORDER BY __distance',
    );
    // for await: the keys of the k nearest, nearest first, then their rows by id without a second search.
    expect(compileKeySnapshot(brute).query).toBe(
      'SELECT VALUE record::id(id) FROM (SELECT id, vector::distance::knn() AS __distance FROM embedded WHERE v <|1,MANHATTAN|> $p0 ORDER BY __distance)',
    );
    expect(compileRowsOf(brute, []).query).toBe('SELECT * FROM $p0');
    // Where a traversal starts, and what `id__in: querySet` reads: the k nearest, not every document.
    expect(compileIdSet(brute, new Params().bind).expression).toBe(
      '(SELECT id FROM embedded WHERE v <|1,MANHATTAN|> $p0).id',
    );
  });

  it('search lookup: @@ with the words bound', () => {
    class Searchable extends Document {
      static meta = {
        collection: 'searchable',
        indexes: [{ fields: ['text'], search: true as const }],
      };
      @StringField() text?: string;
    }
    expect(
      compileSelect(
        Searchable.query().filter({ text__search: "a'; --" }).state,
      ),
    ).toEqual({
      query: 'SELECT * FROM searchable WHERE text @@ $p0',
      bindings: { p0: "a'; --" },
    });
  });
});
