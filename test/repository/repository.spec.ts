import { RecordId } from 'surrealdb';
import type { SurrealConnection } from '../../lib/connection/index.js';
import {
  DoesNotExistError,
  InvalidRecordIdError,
  ValidationError,
} from '../../lib/model/index.js';
import { QuerySet } from '../../lib/query/index.js';
import { Repository } from '../../lib/repository/index.js';
import { User, memoryConnection } from '../model/fixtures.js';

describe('Repository', () => {
  let main: SurrealConnection;
  let other: SurrealConnection;
  let repository: Repository<User>;

  beforeAll(async () => {
    main = await memoryConnection();
    other = await memoryConnection();
    repository = new Repository(User, main);
  });
  afterAll(async () => {
    await main.close();
    await other.close();
  });

  it('save() takes a document or plain data, validates, and returns the saved document', async () => {
    const alice = await repository.save({ name: 'Alice', age: 30 });
    expect(alice).toBeInstanceOf(User);
    expect(alice.id).toBeInstanceOf(RecordId);
    const bob = await repository.save(new User({ name: 'Bob', age: 20 }));
    expect(bob.id).toBeInstanceOf(RecordId);
    await expect(repository.save({ age: -1 })).rejects.toThrow(ValidationError);
    expect(await repository.count()).toBe(2);
    expect(await new Repository(User, other).count()).toBe(0);
  });

  it('insert() writes many in one statement, or nothing when any is invalid', async () => {
    const inserted = await repository.insert([
      { name: 'I1', age: 1 },
      new User({ name: 'I2', age: 2 }),
      { id: 'chosen', name: 'I3' },
    ]);
    expect(inserted.map((user) => user.id instanceof RecordId)).toEqual([
      true,
      true,
      true,
    ]);
    expect(inserted[2].id!.id).toBe('chosen');
    expect(await repository.count({ name__startswith: 'I' })).toBe(3);
    const error = await repository
      .insert([{ name: 'J1' }, { name: 'J2', age: -3 }, { age: 1 }])
      .catch((e: unknown) => e as ValidationError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(
      (error as ValidationError).errors.map((e) => `${e.field}:${e.rule}`),
    ).toEqual(['[1].age:min', '[2].name:required']);
    expect(await repository.count({ name: 'J1' })).toBe(0);
    expect(await repository.insert([])).toEqual([]);
  });

  it('findById takes a RecordId or an id part, and answers null when missing', async () => {
    const alice = await repository.findOne({ name: 'Alice' });
    expect((await repository.findById(alice!.id!))!.name).toBe('Alice');
    expect((await repository.findById(alice!.id!.id as string))!.name).toBe(
      'Alice',
    );
    expect(await repository.findById('missing')).toBeNull();
    // The model's own `table:id` is parsed (ids round-trip), any other text is the id part.
    expect(
      (await repository.findById(`users:${alice!.id!.id as string}`))!.name,
    ).toBe('Alice');
    expect(await repository.findById('2024:01')).toBeNull();
    await expect(repository.findById(new RecordId('books', 1))).rejects.toThrow(
      InvalidRecordIdError,
    );
    expect(await new Repository(User, other).findById('x')).toBeNull();
  });

  it('find, findOne, count, exists', async () => {
    const found = repository.find({ age__gte: 20 });
    expect(found).toBeInstanceOf(QuerySet);
    expect((await found.orderBy('age')).map((user) => user.name)).toEqual([
      'Bob',
      'Alice',
    ]);
    expect((await repository.find()).length).toBe(5);
    expect((await repository.findOne({ name: 'Bob' }))!.age).toBe(20);
    expect(await repository.findOne({ name: 'Nobody' })).toBeNull();
    expect(await repository.count({ age__lt: 10 })).toBe(2);
    expect(await repository.exists({ name: 'Bob' })).toBe(true);
    expect(await repository.exists({ name: 'Nobody' })).toBe(false);
  });

  it('update() sets fields by id (validated) and throws when the document is missing', async () => {
    const bob = (await repository.findOne({ name: 'Bob' }))!;
    const updated = await repository.update(bob.id!, {
      age: 21,
      email: 'bob@example.com',
    });
    expect(updated).toBeInstanceOf(User);
    expect(updated).toMatchObject({
      name: 'Bob',
      age: 21,
      email: 'bob@example.com',
    });
    expect(
      (await repository.update(bob, { email: null })).email,
    ).toBeUndefined();
    await expect(repository.update(bob.id!, { age: -1 })).rejects.toThrow(
      ValidationError,
    );
    expect((await repository.findById(bob.id!))!.age).toBe(21);
    await expect(repository.update('ghost', { age: 1 })).rejects.toThrow(
      DoesNotExistError,
    );
    expect(await repository.exists({ id: 'ghost' })).toBe(false);
  });

  it('delete() by document or id says whether it existed', async () => {
    const i1 = (await repository.findOne({ name: 'I1' }))!;
    expect(await repository.delete(i1)).toBe(true);
    expect(await repository.delete(i1.id!)).toBe(false);
    expect(await repository.delete('chosen')).toBe(true);
    expect(await repository.count({ name__startswith: 'I' })).toBe(1);
  });

  it('objects is a query set on the repository connection', async () => {
    expect(await repository.objects.filter({ name: 'Alice' }).count()).toBe(1);
    const elsewhere = new Repository(User, other);
    await elsewhere.save({ name: 'Elsewhere' });
    expect(await elsewhere.objects.count()).toBe(1);
    expect(await repository.objects.filter({ name: 'Elsewhere' }).count()).toBe(
      0,
    );
    // A document from a repository saves back to the repository's connection.
    const loaded = (await elsewhere.findOne({ name: 'Elsewhere' }))!;
    loaded.age = 9;
    await loaded.save();
    expect((await elsewhere.findOne({ name: 'Elsewhere' }))!.age).toBe(9);
  });
});
