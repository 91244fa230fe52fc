import { RecordId } from 'surrealdb';
import {
  DateTimeField,
  Document,
  IntField,
  NotUniqueError,
  Repository,
  StringField,
  createConnection,
  type SurrealConnection,
} from '../../lib/index.js';

class Note extends Document {
  static meta = { collection: 'note' };
  @StringField({ required: true }) text: string;
  @IntField() rank?: number;
  @DateTimeField() at?: Date;
}

describe('creates are safe to send twice', () => {
  let connection: SurrealConnection;
  let notes: Repository<Note>;
  beforeAll(async () => {
    connection = await createConnection({
      url: 'mem://',
      name: 'idempotent',
      namespace: 'app',
      database: 'notes',
      logger: false,
    }).connect();
    notes = new Repository(Note, connection);
  });
  afterAll(() => connection.close());

  it('gives a new document its id on the client, shaped like SurrealDB own ids', async () => {
    const note = await notes.save(new Note({ text: 'a' }));
    expect(note.id).toBeInstanceOf(RecordId);
    expect(note.id!.id as string).toMatch(/^[a-z0-9]{20}$/);
    const bulk = await notes.insert([{ text: 'b' }, { text: 'c' }]);
    expect(new Set(bulk.map((n) => String(n.id))).size).toBe(2);
  });

  it('counts "already exists" with the same content as success, and refuses other content', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const id = new RecordId('note', 'fixed');
    await notes.insert([{ id, text: 'same', rank: 2, at }]);
    // The same write again (what a re-send after a reconnect is): success, still one record.
    const [again] = await notes.insert([{ id, text: 'same', rank: 2, at }]);
    expect(again.text).toBe('same');
    expect(await notes.objects.filter({ text: 'same' }).count()).toBe(1);

    const error = await notes
      .insert([{ id, text: 'other', rank: 2, at }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotUniqueError);
    expect((error as Error).message).toBe(
      'Note: connection "idempotent": record note:fixed already exists with other content; save with a new id, or load and update the existing document',
    );
  });
});
