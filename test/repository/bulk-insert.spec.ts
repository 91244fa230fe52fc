import { RecordId } from 'surrealdb';
import {
  SurrealConfigError,
  type SurrealConnection,
} from '../../lib/connection/index.js';
import {
  Document,
  IntField,
  PartialInsertError,
  StringField,
  ValidationError,
  syncSchema,
} from '../../lib/model/index.js';
import { Repository } from '../../lib/repository/index.js';
import { dropTableAndClose } from '../helpers/test-utils.js';
import { memoryConnection } from '../model/fixtures.js';

class Part extends Document {
  static meta = { collection: 'bulk_parts' };
  @StringField({ required: true, unique: true }) code: string;
  @IntField({ min: 0 }) qty?: number;
}

const parts = (count: number, prefix = 'p') =>
  Array.from({ length: count }, (_, i) => ({ code: `${prefix}${i}`, qty: i }));

describe('repository.insert() in chunks', () => {
  let connection: SurrealConnection;
  let repository: Repository<Part>;

  beforeAll(async () => {
    connection = await memoryConnection();
    repository = new Repository(Part, connection);
  });
  beforeEach(async () => {
    await connection.query('REMOVE TABLE IF EXISTS bulk_parts');
    await syncSchema(connection, [Part]);
  });
  // The unique index keeps an embedded engine alive unless its table is removed.
  afterAll(() => dropTableAndClose(connection, 'bulk_parts'));

  it.each([0, 1, 9, 10, 11, 25])(
    'writes %i documents once each, in order, across chunk boundaries of 10',
    async (count) => {
      const inserted = await repository.insert(parts(count), { chunkSize: 10 });
      expect(inserted.map((part) => part.code)).toEqual(
        parts(count).map((part) => part.code),
      );
      expect(inserted.every((part) => part.id instanceof RecordId)).toBe(true);
      expect(new Set(inserted.map((part) => String(part.id))).size).toBe(count);
      expect(await repository.count()).toBe(count);
    },
  );

  it('writes nothing when any document is invalid, even one in the last chunk', async () => {
    const data = parts(35);
    data[32] = { code: 'bad', qty: -1 };
    const error = await repository
      .insert(data, { chunkSize: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(
      (error as ValidationError).errors.map((e) => `${e.field}:${e.rule}`),
    ).toEqual(['[32].qty:min']);
    expect(await repository.count()).toBe(0);
  });

  it('a chunk failing after others were written says which documents were written and which not', async () => {
    await repository.save({ code: 'taken' });
    const data = parts(50);
    data[27] = { code: 'taken', qty: 1 };
    const error = (await repository
      .insert(data, { chunkSize: 10 })
      .catch((e: unknown) => e)) as PartialInsertError<Part>;
    expect(error).toBeInstanceOf(PartialInsertError);
    expect(error.message).toContain(
      'wrote documents 0-19 of 50, then the chunk of documents 20-29 failed, so documents 20-49 were not written',
    );
    expect(error.written.map((part) => part.code)).toEqual(
      data.slice(0, 20).map((part) => part.code),
    );
    expect(error.written.every((part) => part.id instanceof RecordId)).toBe(
      true,
    );
    expect(error.notWritten.map((part) => part.code)).toEqual(
      data.slice(20).map((part) => part.code),
    );
    expect(error.notWritten.every((part) => part.id === undefined)).toBe(true);
    expect(error.cause).toBeDefined();
    expect(await repository.count()).toBe(21);
  });

  it('a failing first chunk raises the database error itself (nothing was written)', async () => {
    await repository.save({ code: 'p3' });
    await expect(
      repository.insert(parts(30), { chunkSize: 10 }),
    ).rejects.toThrow(/already taken/);
    expect(await repository.count()).toBe(1);
  });

  it.each([0, -1, 1.5, Number.NaN])(
    'refuses chunkSize %p before writing',
    async (chunkSize) => {
      await expect(repository.insert(parts(3), { chunkSize })).rejects.toThrow(
        SurrealConfigError,
      );
      await expect(repository.insert(parts(3), { chunkSize })).rejects.toThrow(
        'option "chunkSize" must be a whole number >= 1',
      );
      expect(await repository.count()).toBe(0);
    },
  );
});
