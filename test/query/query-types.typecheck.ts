// Type-level tests: `npx tsc -p tsconfig.json` (and CI's typecheck) fails when a line marked `@ts-expect-error`
// compiles, or when an unmarked one does not. Nothing here runs.
import type { SurrealConnection } from '../../lib/connection/index.js';
import { Q, or, type QuerySet } from '../../lib/query/index.js';
import { Repository } from '../../lib/repository/index.js';
import { Book, User } from '../model/fixtures.js';

type IsAny<T> = 0 extends 1 & T ? true : false;
const notAny = <T>(value: T, check: IsAny<T> extends false ? true : never) =>
  [value, check] as const;

export async function typedQueries(connection: SurrealConnection) {
  const users: QuerySet<User> = User.query(connection);

  // Results are the model type, not `any`.
  const adults = await users.filter({ age__gt: 18 });
  notAny(adults, true);
  const first: User | null = await users.first();
  const one: User = await users.get({ name: 'Alice' });
  const age: number | undefined = one.age;

  // Filter keys: fields, fields with a lookup, paths into dicts and references.
  users.filter({ name: 'A', age__gte: 1, tags__contains: 'a', id__in: [] });
  users.filter({ address__city: 'Paris', address__city__startswith: 'P' });
  Book.query().filter({ author__name: 'Ann', pages__lt: 10 });
  // @ts-expect-error a misspelt field
  users.filter({ agee__gt: 18 });
  // @ts-expect-error a misspelt lookup
  users.filter({ age__greater: 18 });
  // @ts-expect-error no paths into a number field
  users.filter({ age__years: 1 });
  users.exclude({ role: 'admin' });
  // @ts-expect-error exclude is checked too
  users.exclude({ rolle: 'admin' });

  // Conditions carry the model type when given one.
  users.filter(Q<User>({ age__gt: 18 }).or({ role: 'admin' }));
  users.filter(or<User>({ age__lt: 18 }, Q.not<User>({ role: 'admin' })));
  // @ts-expect-error a misspelt field inside Q<User>
  Q<User>({ agee: 1 });

  // orderBy, only, omit and fetch keys.
  users.orderBy('-age', 'name', '+email', 'address__city');
  // @ts-expect-error a misspelt orderBy key
  users.orderBy('-agee');
  users.only('name', 'age').omit('tags');
  // @ts-expect-error a misspelt only() field
  users.only('nmae');
  Book.query().fetch('author');

  // Repositories are typed the same way.
  const repository = new Repository(User, connection);
  const found: User[] = await repository.find({ age__lte: 3 });
  // @ts-expect-error a misspelt repository filter key
  await repository.find({ agee: 3 });

  // `objects` on a model without a declaration stays untyped (TypeScript cannot type a static member per subclass).
  const loose = await Book.objects.filter({ anything: 1 });
  return { adults, first, one, age, found, loose };
}
