// Type-level tests for aggregation: `npx tsc -p tsconfig.json` fails when a `@ts-expect-error` line compiles, or
// when an unmarked one does not. Nothing here runs.
import {
  avg,
  count,
  distinct,
  length,
  lower,
  max,
  min,
  sum,
  type QuerySet,
} from '../../lib/query/index.js';
import { User } from '../model/fixtures.js';

export async function typedAggregates(users: QuerySet<User>) {
  // Rows carry the group fields and the aggregates, typed from the model.
  const rows = await users
    .groupBy('role')
    .aggregate({
      n: count(),
      avgAge: avg('age'),
      oldest: max('age'),
      names: distinct('name'),
    })
    .orderBy('-n');
  const role: string | undefined = rows[0].role;
  const n: number = rows[0].n;
  const mean: number | null = rows[0].avgAge;
  const oldest: number | null = rows[0].oldest;
  const names: string[] = rows[0].names;
  // @ts-expect-error the mean can be null
  const notNull: number = rows[0].avgAge;
  // @ts-expect-error not a key of the rows
  users.groupBy('role').aggregate({ n: count() }).orderBy('-m');

  // Field names are checked at compile time.
  // @ts-expect-error a misspelt group field
  users.groupBy('rol');
  // @ts-expect-error a misspelt aggregated field
  users.groupBy('role').aggregate({ n: sum('agee') });
  // @ts-expect-error a misspelt field inside an expression
  await users.values('name', { x: lower('nam') });

  const one = await users.aggregate({
    total: sum('age'),
    low: min(length('name')),
  });
  const total: number = one.total;
  const low: number | null = one.low;

  const values = await users.values('name', 'age', { upper: lower('name') });
  const name: string | undefined = values[0].name;
  const age: number | undefined = values[0].age;
  const upper: string | undefined = values[0].upper;
  const tags: string[] = await users.distinct('tags');
  return [
    role,
    n,
    mean,
    oldest,
    names,
    notNull,
    total,
    low,
    name,
    age,
    upper,
    tags,
  ];
}
