import { jest } from '@jest/globals';
import { RecordId } from 'surrealdb';
import {
  createConnection,
  type SurrealConnection,
} from '../../lib/connection/index.js';
import {
  DictField,
  DoesNotExistError,
  Document,
  IntField,
  ListField,
  ModelDefinitionError,
  StaleDocumentError,
  StringField,
  ValidationError,
  syncSchema,
} from '../../lib/model/index.js';
import { Repository } from '../../lib/repository/index.js';
import { remoteTarget, type RemoteTarget } from '../helpers/remote-target.js';
import { dropTableAndClose } from '../helpers/test-utils.js';
import { User, memoryConnection } from './fixtures.js';

class Account extends Document {
  static meta = { collection: 'accounts', versionField: 'version' };
  @StringField({ required: true }) owner: string;
  @IntField() balance?: number;
  @ListField({ of: { type: 'string' } }) notes?: string[];
  declare version?: number;
}

class Counter extends Document {
  static meta = { collection: 'counters', versionField: 'rev' };
  @IntField() value?: number;
  @IntField() rev?: number;
}

describe('change tracking', () => {
  let connection: SurrealConnection;

  beforeAll(async () => {
    connection = await memoryConnection();
  });
  afterAll(() => connection.close());

  const users = () => User.query(connection);

  it('a loaded document validates the fields it writes: a stored value the model would refuse does not block saving another field', async () => {
    // Written around the model: an age above its max of 150.
    const [[stored]] = await connection.query<[{ id: RecordId }[]]>(
      "CREATE users CONTENT { name: 'Old', age: 200, role: 'member', tags: [], active: true }",
    );
    const loaded = await users().get({ id: stored.id });
    loaded.name = 'Older';
    await loaded.save();
    const [[after]] = await connection.query<[{ name: string; age: number }[]]>(
      'SELECT name, age FROM $id',
      { id: stored.id },
    );
    expect(after).toEqual({ name: 'Older', age: 200 });
    loaded.age = -1;
    await expect(loaded.save()).rejects.toThrow(ValidationError);
    await expect(loaded.save()).rejects.toThrow(
      'User.age (number) must be >= 0',
    );
    // A new document is checked whole.
    await expect(
      new User({ name: 'New', age: 200 }).save({ connection }),
    ).rejects.toThrow('User.age (number) must be <= 150');
  });

  it('a loaded document writes only its changed fields, with UPDATE ... SET', async () => {
    const alice = await new User({ name: 'Alice', age: 30 }).save({
      connection,
    });
    const loaded = await users().get({ id: alice.id });
    expect(loaded.isModified()).toBe(false);
    loaded.age = 31;
    expect(loaded.modifiedFields()).toEqual(['age']);
    const spy = jest.spyOn(connection, 'query');
    try {
      await loaded.save();
      expect(spy).toHaveBeenCalledTimes(1);
      const [surql, bindings] = spy.mock.calls[0];
      expect(surql).toBe('UPDATE $id SET age = $f0 RETURN AFTER');
      expect(bindings).toEqual({ id: alice.id, f0: 31 });
    } finally {
      spy.mockRestore();
    }
    expect(loaded.isModified()).toBe(false);
  });

  it('a document with no changes makes no round trip', async () => {
    const bob = await new User({ name: 'Bob', tags: ['a'] }).save({
      connection,
    });
    const spy = jest.spyOn(connection, 'query');
    try {
      expect(await bob.save()).toBe(bob);
      const loaded = await users().get({ id: bob.id });
      await loaded.save();
      expect(spy).toHaveBeenCalledTimes(1); // the get() only
    } finally {
      spy.mockRestore();
    }
  });

  it('changes made in place inside lists and dicts are detected', async () => {
    const carol = await new User({
      name: 'Carol',
      tags: ['x'],
      address: { city: 'Paris', zip: '75001' },
    }).save({ connection });
    carol.tags!.push('y');
    (carol.address as Record<string, unknown>).city = 'Lyon';
    expect(carol.modifiedFields().sort()).toEqual(['address', 'tags']);
    await carol.save();
    const reloaded = await users().get({ id: carol.id });
    expect(reloaded.tags).toEqual(['x', 'y']);
    // SET replaces the whole object (MERGE would have kept the old keys).
    delete (reloaded.address as Record<string, unknown>).zip;
    await reloaded.save();
    expect((await users().get({ id: carol.id })).address).toEqual({
      city: 'Lyon',
    });
  });

  it('two loaders changing different fields both keep their changes', async () => {
    const dave = await new User({ name: 'Dave', age: 40 }).save({
      connection,
    });
    const first = await users().get({ id: dave.id });
    const second = await users().get({ id: dave.id });
    first.age = 41;
    second.email = 'dave@example.com';
    await first.save();
    await second.save(); // loaded before first's save: a full write would put age back to 40
    const reloaded = await users().get({ id: dave.id });
    expect(reloaded).toMatchObject({
      name: 'Dave',
      age: 41,
      email: 'dave@example.com',
    });
    // Each save read back the record, so both copies now see both changes.
    expect(second.age).toBe(41);
  });

  it('unsetting a field removes it (NONE); fields the model does not declare survive', async () => {
    const [raw] = await connection.query<[Record<string, unknown>[]]>(
      'CREATE users:erin CONTENT { name: "Erin", age: 50, legacy: "keep me" }',
    );
    const erin = await users().get({ id: raw[0].id as RecordId });
    erin.age = undefined;
    erin.name = 'Erin B';
    await erin.save();
    const [[stored]] = await connection.query<[Record<string, unknown>[]]>(
      'SELECT * FROM users:erin',
    );
    expect(stored).toEqual({
      id: new RecordId('users', 'erin'),
      name: 'Erin B',
      legacy: 'keep me',
    });
  });

  it('a document loaded with only() saves its changed fields, checking only those', async () => {
    const jo = await new User({
      name: 'Jo',
      age: 5,
      email: 'jo@example.com',
    }).save({
      connection,
    });
    const [partial] = await users().filter({ id: jo.id }).only('age');
    expect(partial.name).toBeUndefined(); // required, but not loaded
    partial.age = 6;
    await partial.save();
    expect(await users().get({ id: jo.id })).toMatchObject({
      name: 'Jo',
      age: 6,
      email: 'jo@example.com',
    });
    const [again] = await users().filter({ id: jo.id }).only('age');
    again.age = -1;
    await expect(again.save()).rejects.toThrow(
      /User.age \(number\) must be >= 0/,
    );
  });

  it('refresh() reloads from the database and drops unsaved changes', async () => {
    const fred = await new User({ name: 'Fred', age: 20 }).save({
      connection,
    });
    await connection.query('UPDATE $id SET age = 21, email = NONE', {
      id: fred.id,
    });
    fred.name = 'not saved';
    await fred.refresh();
    expect(fred).toMatchObject({ name: 'Fred', age: 21 });
    expect(fred.isModified()).toBe(false);
    await connection.query('DELETE $id', { id: fred.id });
    await expect(fred.refresh()).rejects.toThrow(DoesNotExistError);
    await expect(new User({ name: 'x' }).refresh()).rejects.toThrow(
      /refresh\(\) needs a saved document/,
    );
  });

  it('saving a loaded document that was deleted meanwhile is a DoesNotExistError, and writes nothing', async () => {
    const gina = await new User({ name: 'Gina' }).save({ connection });
    await connection.query('DELETE $id', { id: gina.id });
    gina.age = 3;
    await expect(gina.save()).rejects.toThrow(
      /was deleted since it was loaded/,
    );
    expect(await users().filter({ name: 'Gina' }).count()).toBe(0);
  });

  it('update() sets and saves; on failure the document keeps its old values', async () => {
    const hank = await new User({ name: 'Hank', age: 10 }).save({
      connection,
    });
    await hank.update({ age: 11, role: 'admin' });
    expect(await users().get({ id: hank.id })).toMatchObject({
      age: 11,
      role: 'admin',
    });
    await expect(hank.update({ age: -5 })).rejects.toThrow(ValidationError);
    expect(hank.age).toBe(11);
    await expect(
      hank.update({ nope: 1 } as Record<string, unknown>),
    ).rejects.toThrow(/nope is not a field of User that update\(\) can set/);
  });

  it('hostile field values stay bound in the SET list', async () => {
    const ivy = await new User({ name: 'Ivy' }).save({ connection });
    const hostile = "x'; DELETE users; --⟩`\\";
    await ivy.update({ name: hostile, address: { [hostile]: hostile } });
    const reloaded = await users().get({ id: ivy.id });
    expect(reloaded.name).toBe(hostile);
    expect(reloaded.address).toEqual({ [hostile]: hostile });
    expect(await users().count()).toBeGreaterThan(1);
    // A hostile key never reaches SurrealQL: it is not a field.
    await expect(
      ivy.update({ [hostile]: 1 } as Record<string, unknown>),
    ).rejects.toThrow(ValidationError);
    expect((await users().get({ id: ivy.id })).name).toBe(hostile);
  });

  describe('optimistic concurrency (meta.versionField)', () => {
    it('new documents start at version 1; each save bumps it', async () => {
      const account = await new Account({ owner: 'Ann', balance: 10 }).save({
        connection,
      });
      expect(account.version).toBe(1);
      const [inserted] = await new Repository(Account, connection).insert([
        { owner: 'Bulk' },
      ]);
      expect(inserted.version).toBe(1);
      account.balance = 20;
      await account.save();
      expect(account.version).toBe(2);
      await account.save(); // no change: no bump
      expect(account.version).toBe(2);
    });

    it('a conflicting save fails with StaleDocumentError and writes nothing', async () => {
      const account = await new Account({ owner: 'Ben', balance: 10 }).save({
        connection,
      });
      const mine = await Account.query(connection).get({ id: account.id });
      const theirs = await Account.query(connection).get({ id: account.id });
      theirs.balance = 99;
      await theirs.save();
      mine.notes = ['mine'];
      const error = await mine.save().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(StaleDocumentError);
      expect((error as StaleDocumentError).message).toMatch(
        /was saved by someone else since it was loaded \(version 1 -> 2\).*refresh\(\)/,
      );
      expect((error as StaleDocumentError).id.equals(account.id!)).toBe(true);
      const stored = await Account.query(connection).get({ id: account.id });
      expect(stored).toMatchObject({ balance: 99, version: 2 });
      expect(stored.notes).toBeUndefined();
      // The way out: refresh, re-apply, save.
      await mine.refresh();
      mine.notes = ['mine'];
      await mine.save();
      expect(mine).toMatchObject({ balance: 99, notes: ['mine'], version: 3 });
    });

    it('of many concurrent saves of the same version exactly one wins (compare-and-set in one statement)', async () => {
      const counter = await new Counter({ value: 0 }).save({ connection });
      const copies = await Promise.all(
        Array.from({ length: 20 }, () =>
          Counter.query(connection).get({ id: counter.id }),
        ),
      );
      const results = await Promise.allSettled(
        copies.map((copy, index) => {
          copy.value = index + 1;
          return copy.save();
        }),
      );
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.filter((result) => result.status === 'rejected');
      expect(won).toHaveLength(1);
      for (const result of lost) {
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(
          StaleDocumentError,
        );
      }
      const stored = await Counter.query(connection).get({ id: counter.id });
      expect(stored.rev).toBe(2);
      expect(stored.value).toBe(
        (won[0] as PromiseFulfilledResult<Counter>).value.value,
      );
    });

    it('bulk and repository updates bump the version too, so a stale save is still caught', async () => {
      const account = await new Account({ owner: 'Dee', balance: 1 }).save({
        connection,
      });
      const loaded = await Account.query(connection).get({ id: account.id });
      const [updated] = await Account.query(connection)
        .filter({ owner: 'Dee' })
        .update({ balance: 2 });
      expect(updated.version).toBe(2);
      const viaRepository = await new Repository(Account, connection).update(
        account,
        { balance: 3 },
      );
      expect(viaRepository.version).toBe(3);
      loaded.balance = 100;
      await expect(loaded.save()).rejects.toThrow(StaleDocumentError);
      expect(
        (await Account.query(connection).get({ id: account.id })).balance,
      ).toBe(3);
      await expect(
        Account.query(connection)
          .filter({ owner: 'Dee' })
          .update({ version: 9 }),
      ).rejects.toThrow(/version is the version field \(meta.versionField\)/);
    });

    it('the version field is declared for you, schema-synced, and refused in update()', async () => {
      const statements = await syncSchema(connection, [Account]);
      expect(statements).toContain(
        'DEFINE FIELD OVERWRITE version ON TABLE accounts TYPE option<int>',
      );
      const account = await new Account({ owner: 'Cy' }).save({ connection });
      await expect(
        account.update({ version: 7 } as Record<string, unknown>),
      ).rejects.toThrow(/version is not a field of Account that update/);
    });

    it('a bad versionField fails when the model is first used', () => {
      class WrongKind extends Document {
        static meta = { versionField: 'rev' };
        @StringField() rev?: string;
      }
      class IdVersion extends Document {
        static meta = { versionField: 'id' };
      }
      class Hostile extends Document {
        static meta = { versionField: 'v⟩; DELETE x' };
      }
      expect(() => WrongKind.objects).toThrow(
        /meta.versionField: "rev" is a string field/,
      );
      expect(() => IdVersion.objects).toThrow(ModelDefinitionError);
      expect(() => Hostile.objects).toThrow(/cannot be used as a SurrealDB/);
    });
  });
});

describe('change tracking on a dict-heavy model (snapshot cost stays per field)', () => {
  class Blob extends Document {
    static meta = { collection: 'blobs' };
    @DictField() data?: Record<string, unknown>;
  }
  let connection: SurrealConnection;
  beforeAll(async () => {
    connection = await memoryConnection();
  });
  afterAll(() => connection.close());

  it('a deep change is found, a rebuilt equal value is not a change', async () => {
    const blob = await new Blob({
      data: { a: { b: { c: [1, 2, { d: 'x' }] } } },
    }).save({ connection });
    blob.data = { a: { b: { c: [1, 2, { d: 'x' }] } } };
    expect(blob.isModified()).toBe(false);
    ((blob.data.a as any).b.c[2] as Record<string, unknown>).d = 'y';
    expect(blob.modifiedFields()).toEqual(['data']);
  });
});

describe.each(['ws', 'http'] as const)(
  'optimistic concurrency over %s (loopback server)',
  (scheme) => {
    let target: RemoteTarget;
    let connection: SurrealConnection;
    beforeAll(async () => {
      target = await remoteTarget();
      connection = await createConnection({
        url: scheme === 'ws' ? target.url : target.httpUrl,
        name: `versions-${scheme}`,
        namespace: 'app',
        database: `versions_${scheme}`,
        ...target.credentials,
        logger: false,
      }).connect();
    });
    afterAll(async () => {
      await dropTableAndClose(connection, 'counters');
      await target.close();
    });

    it('of concurrent saves of one version exactly one wins', async () => {
      const counter = await new Counter({ value: 0 }).save({ connection });
      const copies = await Promise.all(
        Array.from({ length: 10 }, () =>
          Counter.query(connection).get({ id: counter.id }),
        ),
      );
      const results = await Promise.allSettled(
        copies.map((copy, index) => copy.update({ value: index + 1 })),
      );
      const won = results.filter((result) => result.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(
        results
          .filter((result) => result.status === 'rejected')
          .every(
            (result) =>
              (result as PromiseRejectedResult).reason instanceof
              StaleDocumentError,
          ),
      ).toBe(true);
      expect(
        (await Counter.query(connection).get({ id: counter.id })).rev,
      ).toBe(2);
    });
  },
);
