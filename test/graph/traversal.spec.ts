import { firstValueFrom, take, toArray } from 'rxjs';
import { RecordId } from 'surrealdb';
import {
  createConnection,
  InvalidQueryError,
  Repository,
  syncSchema,
  type SurrealConnection,
} from '../../lib/core.js';
import { byAction, readySignal } from '../helpers/live.js';
import { remoteTarget, type RemoteTarget } from '../helpers/remote-target.js';
import { Follows, Likes, Person, Post, key } from './graph.fixtures.js';

const names = (people: Person[]) => people.map((person) => person.name);
const byName = (people: Person[]) => names(people).sort();

let counter = 0;

describe.each(['mem', 'ws'] as const)(
  'graph traversal in query sets (%s)',
  (scheme) => {
    let target: RemoteTarget | undefined;
    let connection: SurrealConnection;
    const person: Record<string, Person> = {};
    const people = () => Person.query(connection);

    beforeAll(async () => {
      counter += 1;
      if (scheme === 'ws') target = await remoteTarget();
      connection = await createConnection({
        url: target ? target.url : 'mem://',
        name: `graph-${scheme}-${counter}`,
        namespace: 'graph',
        database: `traversal${counter}`,
        ...target?.credentials,
        logger: false,
      }).connect();
      await syncSchema(connection, [Person, Post, Follows, Likes]);
      const repository = new Repository(Person, connection);
      for (const [name, age] of [
        ['Ada', 36],
        ['Grace', 45],
        ['Linus', 28],
        ['Mary', 52],
        ['Bob', 19],
        ['Zoe', 33],
      ] as const) {
        person[name] = await repository.save({
          id: name.toLowerCase(),
          name,
          age,
        });
      }
      // Ada -> Grace, Linus; Grace -> Linus, Mary, Ada; Linus -> Mary, Bob; Bob -> Zoe.
      const day = (n: number) => new Date(Date.UTC(2024, 0, n));
      const edges: [string, string, number][] = [
        ['Ada', 'Grace', 1],
        ['Ada', 'Linus', 2],
        ['Grace', 'Linus', 3],
        ['Grace', 'Mary', 4],
        ['Grace', 'Ada', 5],
        ['Linus', 'Mary', 6],
        ['Linus', 'Bob', 7],
        ['Bob', 'Zoe', 8],
      ];
      for (const [from, to, n] of edges) {
        await person[from].relate(Follows, person[to], { since: day(n) });
      }
    });

    afterAll(async () => {
      await connection
        .query('REMOVE TABLE IF EXISTS follows; REMOVE TABLE IF EXISTS likes')
        .catch(() => undefined);
      await connection.close();
      await target?.close();
    });

    it('follows edges out, in and both ways, returning far model instances', async () => {
      const ada = people().filter({ id: 'ada' });
      const following = await ada.out(Follows).orderBy('name');
      expect(following.every((found) => found instanceof Person)).toBe(true);
      expect(names(following)).toEqual(['Grace', 'Linus']);
      expect(byName(await ada.in(Follows))).toEqual(['Grace']);
      // `<->` is SurrealDB's: Ada herself is at one end of her own edges.
      expect(byName(await ada.both(Follows))).toEqual([
        'Ada',
        'Grace',
        'Linus',
      ]);
      expect(byName(await person.Linus.related(Follows, 'in'))).toEqual([
        'Ada',
        'Grace',
      ]);
      expect(byName(await person.Linus.related(Follows))).toEqual([
        'Bob',
        'Mary',
      ]);
    });

    it('lists edges through the graph, outgoing, incoming or both, with filters', async () => {
      const out = await person.Grace.edges(Follows).orderBy('since');
      expect(out.every((edge) => edge instanceof Follows)).toBe(true);
      expect(out.map((edge) => key(edge.out as RecordId))).toEqual([
        'linus',
        'mary',
        'ada',
      ]);
      const incoming = people()
        .filter({ id: 'linus' })
        .edges(Follows, 'in', {
          where: { since__gte: new Date(Date.UTC(2024, 0, 3)) },
        });
      expect((await incoming).map((edge) => key(edge.in as RecordId))).toEqual([
        'grace',
      ]);
      expect(incoming.toQuery().query).toBe(
        'SELECT * FROM array::distinct($p0<-(follows WHERE since >= $p1))',
      );
      expect(await person.Ada.edges(Follows, 'both').count()).toBe(3);
      const fetched = await person.Ada.edges(Follows)
        .fetch('out')
        .orderBy('since');
      expect(fetched.map((edge) => (edge.out as Person).name)).toEqual([
        'Grace',
        'Linus',
      ]);
    });

    it('suggests two hops away, minus the start and those already followed, each once, in one statement', async () => {
      const following = people().filter({ id: 'ada' }).out(Follows);
      const suggestions = following
        .out(Follows)
        .exclude({ id: 'ada' })
        .exclude({ id__in: following })
        .orderBy('name');
      expect(names(await suggestions)).toEqual(['Bob', 'Mary']);
      const { query, bindings } = suggestions.toQuery();
      expect(query).toBe(
        'SELECT * FROM (SELECT * FROM array::complement(array::distinct($p0->follows->person->follows->person), array::concat([$p1], array::distinct($p2->follows->person)))) ORDER BY name ASC',
      );
      expect(Object.values(bindings)).toEqual([
        new RecordId('person', 'ada'),
        new RecordId('person', 'ada'),
        new RecordId('person', 'ada'),
      ]);
      expect(await suggestions.count()).toBe(2);
      expect(await suggestions.exists()).toBe(true);
      expect((await suggestions.first())?.name).toBe('Bob');
      const page = await suggestions.paginate(2, 1);
      expect(page).toMatchObject({ total: 2, pages: 2, hasPrevious: true });
      expect(names(page.items)).toEqual(['Mary']);
    });

    it('reads a traversal in batches with for await, in id order, each record once', async () => {
      const seen: string[] = [];
      const reached = people()
        .filter({ id__in: ['ada', 'grace'] })
        .out(Follows);
      for await (const found of reached.batchSize(1)) seen.push(key(found.id));
      expect(seen).toEqual(['ada', 'grace', 'linus', 'mary']);
      expect(await reached.limit(2).count()).toBe(2);
      const partial = await reached.only('name').orderBy('-name').limit(1);
      expect(partial.map((found) => [found.name, found.age])).toEqual([
        ['Mary', undefined],
      ]);
    });

    it('filters edges and the records along the way', async () => {
      const ada = people().filter({ id: 'ada' });
      const recent = ada.out(Follows, {
        where: { since__gt: new Date(Date.UTC(2024, 0, 1, 12)) },
      });
      expect(names(await recent)).toEqual(['Linus']);
      // Friends of Ada's followees older than 30: the filter applies to the middle hop.
      const throughOlder = ada
        .out(Follows)
        .filter({ age__gt: 30 })
        .out(Follows);
      expect(byName(await throughOlder)).toEqual(['Ada', 'Linus', 'Mary']);
      expect(throughOlder.toQuery().query).toBe(
        'SELECT * FROM array::distinct($p0->follows->(person WHERE age > $p1)->follows->person)',
      );
      expect(
        byName(await ada.out(Follows).out(Follows).filter({ age__lt: 30 })),
      ).toEqual(['Bob', 'Linus']);
    });

    it('starts from any query set: a filter, or an ordered and limited one', async () => {
      const older = people().filter({ age__gte: 45 }).out(Follows);
      expect(byName(await older)).toEqual(['Ada', 'Linus', 'Mary']);
      const youngest = people().orderBy('age').limit(2).out(Follows);
      expect(byName(await youngest)).toEqual(['Bob', 'Mary', 'Zoe']);
      const none = people().filter({ id__in: [] }).out(Follows);
      expect(await none).toEqual([]);
    });

    it('uses a query set as the value of id__in / id__nin, anywhere', async () => {
      const followersOfLinus = people().filter({ id: 'linus' }).in(Follows);
      expect(
        byName(await people().filter({ id__in: followersOfLinus })),
      ).toEqual(['Ada', 'Grace']);
      expect(
        byName(
          await people().filter({ id__nin: followersOfLinus, age__gt: 30 }),
        ),
      ).toEqual(['Mary', 'Zoe']);
    });

    it('updates and deletes what a traversal reaches', async () => {
      const followersOfBob = people().filter({ id: 'bob' }).in(Follows);
      const updated = await followersOfBob.update({ age: 29 });
      expect(names(updated)).toEqual(['Linus']);
      expect((await people().get({ id: 'linus' })).age).toBe(29);
      await followersOfBob.update({ age: 28 });
      expect(
        await people()
          .filter({ id: 'zoe' })
          .in(Follows)
          .filter({ age__gt: 100 })
          .delete(),
      ).toBe(0);
    });

    it('needs the far model where the relation leaves it open', async () => {
      const post = await new Post({ title: 'Graphs' }).save({ connection });
      await person.Ada.relate(Likes, post, { stars: 5 });
      expect(() => people().filter({ id: 'ada' }).out(Likes)).toThrow(
        InvalidQueryError,
      );
      const liked = await people()
        .filter({ id: 'ada' })
        .out(Likes, { to: Post });
      expect(liked.map((found) => found.title)).toEqual(['Graphs']);
      expect(liked[0]).toBeInstanceOf(Post);
      const likers = await post.related(Likes, 'in');
      expect(names(likers as Person[])).toEqual(['Ada']);
    });

    it('fetches the ends of edges as documents', async () => {
      const edges = await Follows.query(connection)
        .filter({ in: person.Ada })
        .fetch('in', 'out')
        .orderBy('since');
      expect(edges.map((edge) => (edge.out as Person).name)).toEqual([
        'Grace',
        'Linus',
      ]);
      expect(edges[0].in).toBeInstanceOf(Person);
      expect(
        await Follows.query(connection).filter({ out__name: 'Mary' }).count(),
      ).toBe(2);
    });

    it('keeps hostile ids and names as values', async () => {
      for (const hostile of [
        "x'; DELETE person; --",
        'nobody:⟨ada⟩',
        '⟩->follows->person',
        'ada\\',
      ]) {
        expect(await people().filter({ id: hostile }).out(Follows)).toEqual([]);
        expect(
          await people()
            .filter({ id: 'ada' })
            .out(Follows)
            .exclude({ id: hostile })
            .count(),
        ).toBe(2);
        await expect(person.Ada.relate(Follows, hostile)).rejects.toThrow(
          /no such record/,
        );
        expect(await person.Ada.unrelate(Follows, hostile)).toBe(0);
      }
      expect(await people().count()).toBe(6);
      // The one id rule: text naming the model's own table is that record, as SurrealDB prints it.
      expect(
        (await people().filter({ id: 'person:⟨ada⟩' }).out(Follows)).length,
      ).toBe(2);
      expect(() =>
        people().out(Follows, {
          where: { 'since; DELETE person': 1 } as never,
        }),
      ).toThrow(InvalidQueryError);
    });

    it('streams changes to an edge table like any table (LIVE)', async () => {
      const { ready, registered } = readySignal();
      const events = firstValueFrom(
        new Repository(Follows, connection)
          .live({}, { onReady: ready })
          .pipe(take(2), toArray()),
      );
      await registered;
      await person.Zoe.relate(Follows, person.Ada);
      expect(await person.Zoe.unrelate(Follows, person.Ada)).toBe(1);
      const { CREATE, DELETE } = byAction(await events);
      expect(CREATE.document).toBeInstanceOf(Follows);
      expect(key(CREATE.document.in as RecordId)).toBe('zoe');
      expect(key(DELETE.document.out as RecordId)).toBe('ada');
    });
  },
);
