import { jest } from '@jest/globals';
import { RecordId, RecordIdRange } from 'surrealdb';
import type { SurrealConnection } from '../../lib/connection/index.js';
import {
  DoesNotExistError,
  MultipleObjectsReturnedError,
  ValidationError,
  syncSchema,
} from '../../lib/model/index.js';
import { InvalidQueryError, LOOKUPS, QuerySet } from '../../lib/query/index.js';
import {
  Author,
  Book,
  Tag,
  User,
  memoryConnection,
} from '../model/fixtures.js';

const names = (users: User[]) => users.map((user) => user.name).sort();

describe('QuerySet', () => {
  let connection: SurrealConnection;
  let users: QuerySet<User>;
  // The same query set without compile-time key checks, to test the run-time ones.
  let untyped: QuerySet<any>;

  beforeAll(async () => {
    connection = await memoryConnection();
    users = User.query(connection);
    untyped = users;
    const seed = [
      {
        name: 'Alice',
        age: 30,
        tags: ['a', 'b'],
        address: { city: 'Paris', zip: '75001' },
        role: 'admin',
      },
      { name: 'Bob', age: 17, tags: ['b'], address: { city: 'Berlin' } },
      { name: 'Anna', age: 45, tags: ['c'], email: 'anna@example.com' },
      { name: 'Carl', age: 30, tags: [], active: false },
      { name: 'Dora' },
    ];
    for (const data of seed) await new User(data).save({ connection });
  });
  afterAll(() => connection.close());

  describe('lookups', () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ name: 'Alice' }, ['Alice']],
      [{ name__eq: 'Alice' }, ['Alice']],
      [{ age__ne: 30 }, ['Anna', 'Bob', 'Dora']],
      [{ age__gt: 30 }, ['Anna']],
      [{ age__gte: 30 }, ['Alice', 'Anna', 'Carl']],
      [{ age__lt: 30 }, ['Bob']],
      [{ age__lte: 30 }, ['Alice', 'Bob', 'Carl']],
      [{ name__in: ['Bob', 'Dora', 'Nobody'] }, ['Bob', 'Dora']],
      [{ name__nin: ['Bob', 'Dora'] }, ['Alice', 'Anna', 'Carl']],
      [{ tags__contains: 'b' }, ['Alice', 'Bob']],
      [{ name__contains: 'nn' }, ['Anna']],
      [{ tags__containsany: ['a', 'c'] }, ['Alice', 'Anna']],
      [{ tags__containsall: ['a', 'b'] }, ['Alice']],
      [{ tags__containsnone: ['b'] }, ['Anna', 'Carl', 'Dora']],
      [{ name__startswith: 'A' }, ['Alice', 'Anna']],
      [{ name__endswith: 'a' }, ['Anna', 'Dora']],
      [{ email__startswith: 'anna' }, ['Anna']],
      [{ email__exists: true }, ['Anna']],
      [{ age__exists: false }, ['Dora']],
      [{ address__city: 'Paris' }, ['Alice']],
      [{ address__city__startswith: 'Be' }, ['Bob']],
      [{ address__zip__exists: true }, ['Alice']],
      [{ age: 30, name__startswith: 'C' }, ['Carl']],
      [{ active: false }, ['Carl']],
      [{ age: null }, ['Dora']],
      [{ age__ne: null }, ['Alice', 'Anna', 'Bob', 'Carl']],
    ];
    it.each(cases)('%j', async (filter, expected) => {
      expect(names(await users.filter(filter))).toEqual(expected);
    });

    it('covers every lookup', () => {
      const used = new Set(
        cases.flatMap(([filter]) =>
          Object.keys(filter).map((key) => key.split('__').pop()!),
        ),
      );
      // `search` needs a full-text index: test/model/schema-sync-indexes.spec.ts covers it.
      for (const lookup of LOOKUPS.filter((name) => name !== 'search'))
        expect(used).toContain(lookup);
    });

    it('filter by id: RecordId, id part, or in', async () => {
      const alice = await users.get({ name: 'Alice' });
      expect((await users.get({ id: alice.id })).name).toBe('Alice');
      expect((await users.get({ id: alice.id!.id as string })).name).toBe(
        'Alice',
      );
      expect(names(await users.filter({ id__in: [alice.id] }))).toEqual([
        'Alice',
      ]);
    });

    it('exclude drops documents matching all its conditions', async () => {
      expect(names(await users.exclude({ age: 30 }))).toEqual([
        'Anna',
        'Bob',
        'Dora',
      ]);
      expect(names(await users.exclude({ age: 30, name: 'Carl' }))).toEqual([
        'Alice',
        'Anna',
        'Bob',
        'Dora',
      ]);
      expect(
        names(await users.filter({ age__gte: 18 }).exclude({ role: 'admin' })),
      ).toEqual(['Anna', 'Carl']);
    });

    it('unknown fields and lookups are errors, never a silent "="', () => {
      expect(() => untyped.filter({ agee: 3 })).toThrow(InvalidQueryError);
      expect(() => untyped.filter({ agee: 3 })).toThrow(
        /"agee" is not a field of User/,
      );
      expect(() => untyped.filter({ age__greater: 3 })).toThrow(
        /"greater" is not a lookup/,
      );
      expect(() => untyped.filter({ age__gt__lt: 3 })).toThrow(
        InvalidQueryError,
      );
      expect(() => untyped.filter({ name__in: 'Bob' })).toThrow(
        /takes an array/,
      );
      expect(() => untyped.filter({ age__startswith: '1' })).toThrow(
        /text fields/,
      );
      expect(() => untyped.filter({ age__exists: 'yes' })).toThrow(
        /true or false/,
      );
      expect(() => untyped.filter({ age__gt: null })).toThrow(/__exists/);
      expect(() => untyped.filter({ __gt: 1 })).toThrow(InvalidQueryError);
      expect(() => untyped.orderBy('nope')).toThrow(InvalidQueryError);
      expect(() => untyped.only('nope')).toThrow(InvalidQueryError);
      expect(() => users.fetch('name')).toThrow(/not a reference field/);
      expect(() => users.limit(-1)).toThrow(InvalidQueryError);
    });
  });

  describe('hostile input', () => {
    const hostile = [
      "'; DELETE users; --",
      'users:admin',
      'a⟩b',
      '`x`; REMOVE TABLE users',
      '$p0',
      '\\⟩ OR true',
    ];

    it('values are bound parameters: stored and matched exactly, and nothing else happens', async () => {
      for (const name of hostile) await new User({ name }).save({ connection });
      for (const name of hostile) {
        const found = await users.filter({ name }).all();
        expect(found.map((user) => user.name)).toEqual([name]);
        expect(await users.filter({ name__startswith: name }).count()).toBe(1);
      }
      const admin = await users.get({ name: 'users:admin' });
      expect(typeof admin.name).toBe('string');
      expect(await users.filter({ name__in: hostile }).count()).toBe(
        hostile.length,
      );
      expect(await users.count()).toBe(5 + hostile.length);
      await users.filter({ name__in: hostile }).delete();
      expect(await users.count()).toBe(5);
    });

    it('the query text holds no value', () => {
      const { query, bindings } = users
        .filter({ name: "'; DELETE users; --", age__gt: 3 })
        .toQuery();
      expect(query).toBe(
        'SELECT * FROM users WHERE (name = $p0 AND age > $p1)',
      );
      expect(bindings).toEqual({ p0: "'; DELETE users; --", p1: 3 });
    });

    it('a string that looks like a record id is never parsed as SurrealQL; RecordId keeps it whole', async () => {
      const saved = await new User({
        id: new RecordId('users', 'users:admin'),
        name: 'Id',
      }).save({ connection });
      expect(saved.id!.id).toBe('users:admin');
      const found = await users.get({
        id: new RecordId('users', 'users:admin'),
      });
      expect(found.id!.equals(new RecordId('users', 'admin'))).toBe(false);
      // The one id rule: text starting with the model's own table is that table's record.
      expect(new User({ id: 'users:admin' }).id!.id).toBe('admin');
      await found.delete();
    });

    it('hostile field names and nested keys are refused', async () => {
      for (const key of [
        'name; DELETE users',
        'address__a⟩b',
        'address__x`y',
        'address__a\\b',
        "name' OR 1=1 --",
      ]) {
        expect(() => users.filter({ [key]: 1 })).toThrow(InvalidQueryError);
      }
      expect(() => untyped.orderBy('name, (DELETE users)')).toThrow(
        InvalidQueryError,
      );
      await expect(
        users.update({ 'name = 1, age': 2 } as never),
      ).rejects.toThrow(ValidationError);
    });
  });

  describe('shaping results', () => {
    it('orderBy, limit, start', async () => {
      const ordered = await users.orderBy('-age', 'name');
      expect(ordered.map((user) => user.name)).toEqual([
        'Anna',
        'Alice',
        'Carl',
        'Bob',
        'Dora',
      ]);
      expect((await users.orderBy('name').limit(2)).map((u) => u.name)).toEqual(
        ['Alice', 'Anna'],
      );
      expect((await users.orderBy('name').start(3)).map((u) => u.name)).toEqual(
        ['Carl', 'Dora'],
      );
      expect(
        (await users.orderBy('name').start(1).limit(2)).map((u) => u.name),
      ).toEqual(['Anna', 'Bob']);
      expect(
        (
          await users.orderBy('address__city').filter({ address__exists: true })
        ).map((u) => u.name),
      ).toEqual(['Bob', 'Alice']);
    });

    it('each call returns a new query set; nothing runs until awaited', async () => {
      const spy = jest.spyOn(connection, 'query');
      const base = users.filter({ age__gte: 18 });
      const narrowed = base
        .filter({ name__startswith: 'A' })
        .orderBy('name')
        .limit(1);
      expect(spy).not.toHaveBeenCalled();
      expect(names(await base)).toEqual(['Alice', 'Anna', 'Carl']);
      expect(names(await narrowed)).toEqual(['Alice']);
      expect(spy).toHaveBeenCalledTimes(2);
      spy.mockRestore();
    });

    it('first, get, all, count, exists', async () => {
      expect((await users.orderBy('-age').first())!.name).toBe('Anna');
      expect(await users.filter({ name: 'Nobody' }).first()).toBeNull();
      await expect(users.get({ name: 'Nobody' })).rejects.toThrow(
        DoesNotExistError,
      );
      await expect(users.get({ name: 'Nobody' })).rejects.toThrow(
        /User: no document matching name/,
      );
      await expect(users.get({ age: 30 })).rejects.toThrow(
        MultipleObjectsReturnedError,
      );
      expect((await users.all()).length).toBe(5);
      expect(await users.count()).toBe(5);
      expect(await users.filter({ age: 30 }).count()).toBe(2);
      expect(await users.orderBy('name').limit(3).count()).toBe(3);
      expect(await users.start(4).count()).toBe(1);
      expect(await users.filter({ age: 30 }).exists()).toBe(true);
      expect(await users.filter({ age: 31 }).exists()).toBe(false);
    });

    it('paginate returns the page and the total', async () => {
      const page1 = await users.orderBy('name').paginate(1, 2);
      expect(page1).toMatchObject({
        total: 5,
        page: 1,
        size: 2,
        pages: 3,
        hasNext: true,
        hasPrevious: false,
      });
      expect(page1.items.map((u) => u.name)).toEqual(['Alice', 'Anna']);
      const page3 = await users.orderBy('name').paginate(3, 2);
      expect(page3.items.map((u) => u.name)).toEqual(['Dora']);
      expect(page3).toMatchObject({ hasNext: false, hasPrevious: true });
      const filtered = await users.filter({ age: 30 }).paginate(1, 10);
      expect(filtered.total).toBe(2);
      await expect(users.paginate(0, 10)).rejects.toThrow(InvalidQueryError);
    });

    it('only/omit load part of a document, and saving it keeps the rest', async () => {
      const [partial] = await users.filter({ name: 'Alice' }).only('name');
      expect(partial.name).toBe('Alice');
      expect(partial.age).toBeUndefined();
      expect(partial.id).toBeInstanceOf(RecordId);
      const [omitted] = await users
        .filter({ name: 'Alice' })
        .omit('address', 'tags');
      expect(omitted.address).toBeUndefined();
      expect(omitted.age).toBe(30);
      partial.name = 'Alicia';
      await partial.save();
      const reloaded = await users.get({ id: partial.id });
      expect(reloaded).toMatchObject({
        name: 'Alicia',
        age: 30,
        address: { city: 'Paris', zip: '75001' },
      });
      reloaded.name = 'Alice';
      await reloaded.save();
      expect(await users.only('name').orderBy('-age').first()).toMatchObject({
        name: 'Anna',
      });
    });

    it('update sets fields on the matches, validated first', async () => {
      const updated = await users
        .filter({ age: 30 })
        .update({ active: false, tags: ['x'] });
      expect(names(updated)).toEqual(['Alice', 'Carl']);
      expect(
        updated.every((user) => user instanceof User && user.active === false),
      ).toBe(true);
      await expect(
        users.filter({ age: 30 }).update({ age: -5 }),
      ).rejects.toThrow(ValidationError);
      await expect(users.update({ nope: 1 })).rejects.toThrow(
        /User.nope is not a field/,
      );
      expect(await users.filter({ age: -5 }).count()).toBe(0);
      const one = await users
        .filter({ age: 30 })
        .orderBy('name')
        .limit(1)
        .update({ active: true });
      expect(names(one)).toEqual(['Alice']);
      expect(await users.filter({ active: true, age: 30 }).count()).toBe(1);
      await users
        .filter({ name: 'Alice' })
        .update({ email: undefined, tags: ['a', 'b'] });
      await users.filter({ name: 'Carl' }).update({ tags: [] });
      expect((await users.get({ name: 'Alice' })).email).toBeUndefined();
    });

    it('delete removes the matches and says how many', async () => {
      await new User({ name: 'Temp1', age: 99 }).save({ connection });
      await new User({ name: 'Temp2', age: 99 }).save({ connection });
      expect(await users.filter({ age: 99 }).delete()).toBe(2);
      expect(await users.filter({ age: 99 }).delete()).toBe(0);
      expect(await users.count()).toBe(5);
    });

    it('a table nobody wrote to reads as empty', async () => {
      const empty = Tag.query(connection);
      expect(await empty.all()).toEqual([]);
      expect(await empty.count()).toBe(0);
      expect(await empty.exists()).toBe(false);
      expect(await empty.first()).toBeNull();
      expect(await empty.filter({ label: 'x' }).update({ label: 'y' })).toEqual(
        [],
      );
      expect(await empty.delete()).toBe(0);
      expect((await empty.paginate(1, 5)).total).toBe(0);
    });
  });

  describe('iteration', () => {
    beforeAll(async () => {
      await syncSchema(connection, [Tag]);
      await Tag.query(connection).delete();
      const tags = Array.from(
        { length: 53 },
        (_, i) => new Tag({ label: `t${String(i).padStart(2, '0')}` }),
      );
      for (const tag of tags) await tag.save({ connection });
    });

    it('for await reads in batches of batchSize', async () => {
      const spy = jest.spyOn(connection, 'query');
      const seen: string[] = [];
      for await (const tag of Tag.query(connection).batchSize(10)) {
        expect(tag).toBeInstanceOf(Tag);
        seen.push(tag.label);
      }
      expect(seen.length).toBe(53);
      expect(new Set(seen).size).toBe(53);
      // The ids, then 6 pages, each the record range from the last id read through its own last id.
      const [ids, ...pages] = spy.mock.calls;
      expect(ids[0]).toBe(
        'SELECT VALUE id FROM tags ORDER BY id ASC LIMIT 10000',
      );
      expect(pages).toHaveLength(6);
      for (const [surql, bindings] of pages) {
        expect(surql).toBe('SELECT * FROM $p0');
        expect(bindings?.p0).toBeInstanceOf(RecordIdRange);
      }
      spy.mockRestore();
    });

    it('respects filter, order, start and limit', async () => {
      const seen: string[] = [];
      const query = Tag.query(connection)
        .filter({ label__startswith: 't1' })
        .orderBy('-label')
        .start(2)
        .limit(5)
        .batchSize(2);
      for await (const tag of query) seen.push(tag.label);
      expect(seen).toEqual(['t17', 't16', 't15', 't14', 't13']);
      const keyset: string[] = [];
      for await (const tag of Tag.query(connection)
        .filter({ label__startswith: 't4' })
        .start(3)
        .limit(4)
        .batchSize(3)) {
        keyset.push(tag.label);
      }
      expect(keyset.length).toBe(4);
      expect(new Set(keyset).size).toBe(4);
    });

    it('can stop early', async () => {
      const spy = jest.spyOn(connection, 'query');
      let count = 0;
      for await (const tag of Tag.query(connection).batchSize(5)) {
        expect(tag.label).toBeDefined();
        if (++count === 7) break;
      }
      // The ids, two pages read, and the third asked for while the second was handed out.
      expect(spy).toHaveBeenCalledTimes(4);
      spy.mockRestore();
    });
  });

  describe('references', () => {
    let books: QuerySet<Book>;
    beforeAll(async () => {
      const tolkien = await new Author({ name: 'Tolkien' }).save({
        connection,
      });
      const pratchett = await new Author({ name: 'Pratchett' }).save({
        connection,
      });
      const epic = await new Tag({ label: 'epic' }).save({ connection });
      const funny = await new Tag({ label: 'funny' }).save({ connection });
      await new Book({
        title: 'The Hobbit',
        author: tolkien,
        tags: [epic],
        pages: 310,
      }).save({ connection });
      await new Book({
        title: 'Mort',
        author: pratchett.id,
        tags: [funny, epic],
        pages: 250,
      }).save({
        connection,
      });
      books = Book.query(connection);
    });

    it('without fetch a reference is a RecordId', async () => {
      const hobbit = await books.get({ title: 'The Hobbit' });
      expect(hobbit.author).toBeInstanceOf(RecordId);
      expect((hobbit.tags as RecordId[])[0]).toBeInstanceOf(RecordId);
    });

    it('fetch() loads referenced documents as model instances', async () => {
      const mort = await books.fetch().get({ title: 'Mort' });
      expect(mort.author).toBeInstanceOf(Author);
      expect((mort.author as Author).name).toBe('Pratchett');
      expect((mort.tags as Tag[]).map((tag) => tag.label)).toEqual([
        'funny',
        'epic',
      ]);
      expect(mort.tags![0]).toBeInstanceOf(Tag);
      const onlyAuthor = await books.fetch('author').get({ title: 'Mort' });
      expect(onlyAuthor.author).toBeInstanceOf(Author);
      expect(onlyAuthor.tags![0]).toBeInstanceOf(RecordId);
      // A fetched document saves back as a link.
      mort.pages = 251;
      await mort.save();
      const [[row]] = await connection.query<
        [[{ author: unknown; pages: number }]]
      >('SELECT * FROM $id', {
        id: mort.id,
      });
      expect(row.author).toBeInstanceOf(RecordId);
      expect(row.pages).toBe(251);
    });

    it('filters through a reference (author__name) and by document', async () => {
      expect(
        (await books.filter({ author__name: 'Tolkien' })).map((b) => b.title),
      ).toEqual(['The Hobbit']);
      const pratchett = await Author.query(connection).get({
        name: 'Pratchett',
      });
      expect(
        (await books.filter({ author: pratchett })).map((b) => b.title),
      ).toEqual(['Mort']);
      expect(() => books.filter({ author__nope: 1 })).toThrow(
        /"nope" is not a field of Author/,
      );
    });
  });
});
