import {
  AfterDelete,
  AfterSave,
  BeforeDelete,
  BeforeSave,
  BeforeValidate,
  Document,
  IntField,
  Repository,
  StringField,
  Timestamps,
  ValidationError,
  addDocumentSubscriber,
  createConnection,
  type DeleteEvent,
  type SaveEvent,
  type SurrealConnection,
} from '../../lib/index.js';

const scope = { namespace: 'app', database: 'main', logger: false as const };
const calls: string[] = [];

class Note extends Document {
  static meta = { collection: 'notes' };
  @StringField({ required: true }) title: string;
  @StringField({ required: true }) slug: string;
  @IntField() saves?: number;

  @BeforeValidate()
  fillSlug() {
    calls.push('beforeValidate');
    this.slug ??= this.title?.toLowerCase().replace(/\s+/g, '-');
  }

  @BeforeSave()
  async count() {
    await new Promise((resolve) => setTimeout(resolve, 1));
    calls.push('beforeSave');
    this.saves = (this.saves ?? 0) + 1;
  }

  @AfterSave()
  saved() {
    calls.push(`afterSave ${this.id ? 'with id' : 'without id'}`);
  }

  @BeforeDelete()
  guard() {
    calls.push('beforeDelete');
    if (this.title === 'keep') throw new Error('this note is kept');
  }

  @AfterDelete()
  deleted() {
    calls.push('afterDelete');
  }
}

class Vetoed extends Document {
  static meta = { collection: 'vetoed' };
  @StringField() name?: string;

  @BeforeSave()
  async refuse() {
    await Promise.resolve();
    throw new Error('not today');
  }
}

@Timestamps()
class Post extends Document {
  static meta = { collection: 'posts' };
  @StringField() title?: string;
  declare createdAt?: Date;
  declare updatedAt?: Date;
}

describe('document hooks, timestamps and subscribers (embedded)', () => {
  let connection: SurrealConnection;
  beforeEach(async () => {
    calls.length = 0;
    connection = await createConnection({ url: 'mem://', ...scope }).connect();
  });
  afterEach(() => connection.close());

  it('runs hooks in order around save and delete, async ones awaited', async () => {
    const note = await new Note({ title: 'Hello World' }).save();
    expect(calls).toEqual([
      'beforeValidate',
      'beforeSave',
      'afterSave with id',
    ]);
    expect(note.slug).toBe('hello-world');
    const [stored] = await connection.query<[{ slug: string; saves: number }]>(
      'SELECT slug, saves FROM ONLY $id',
      { id: note.id },
    );
    expect(stored).toEqual({ slug: 'hello-world', saves: 1 });

    calls.length = 0;
    await note.save();
    expect(note.saves).toBe(2);
    expect(await note.delete()).toBe(true);
    expect(calls).toEqual([
      'beforeValidate',
      'beforeSave',
      'afterSave with id',
      'beforeDelete',
      'afterDelete',
    ]);
  });

  it('a throwing hook aborts the write: nothing is written', async () => {
    await expect(new Vetoed({ name: 'x' }).save()).rejects.toThrow('not today');
    await expect(
      new Repository(Vetoed, connection).insert([{ name: 'y' }]),
    ).rejects.toThrow('not today');
    expect(await Vetoed.query(connection).count()).toBe(0);

    const kept = await new Note({ title: 'keep' }).save();
    await expect(kept.delete()).rejects.toThrow('this note is kept');
    expect(await Note.query(connection).count()).toBe(1);
  });

  it('validation runs after @BeforeValidate and before @BeforeSave', async () => {
    const note = new Note({});
    await expect(note.save()).rejects.toThrow(ValidationError);
    expect(calls).toEqual(['beforeValidate']);
  });

  it('repository saves and bulk inserts run the hooks too', async () => {
    const notes = new Repository(Note, connection);
    const [a, b] = await notes.insert([{ title: 'A a' }, { title: 'B b' }]);
    expect([a.slug, b.slug, a.saves, b.saves]).toEqual(['a-a', 'b-b', 1, 1]);
    expect(calls.filter((call) => call.startsWith('afterSave'))).toHaveLength(
      2,
    );
  });

  it('@Timestamps sets createdAt once and updatedAt on every save and repository update', async () => {
    const post = await new Post({ title: 'first' }).save();
    const { createdAt, updatedAt } = post;
    expect(createdAt).toBeInstanceOf(Date);
    expect(updatedAt!.getTime()).toBe(createdAt!.getTime());
    await new Promise((resolve) => setTimeout(resolve, 5));
    post.title = 'second';
    await post.save();
    expect(post.createdAt!.getTime()).toBe(createdAt!.getTime());
    expect(post.updatedAt!.getTime()).toBeGreaterThan(createdAt!.getTime());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await new Repository(Post, connection).update(post, {
      title: 'third',
    });
    expect(updated.updatedAt!.getTime()).toBeGreaterThan(
      post.updatedAt!.getTime(),
    );
    // Stored as datetimes, read back as Dates.
    const loaded = await Post.query(connection).get();
    expect(loaded.createdAt).toEqual(createdAt);
  });

  it('subscribers hear saves and deletes of their connection only, and can veto', async () => {
    const heard: string[] = [];
    const remove = addDocumentSubscriber(connection, {
      models: [Note],
      afterSave: (event: SaveEvent) =>
        heard.push(`saved ${event.model.name} new=${event.isNew}`),
      beforeDelete: (event: DeleteEvent) => {
        heard.push(`deleting ${event.id.toString()}`);
        if (event.document === undefined)
          throw new Error('delete documents, not ids');
      },
    });
    const other = await createConnection({
      url: 'mem://',
      name: 'other',
      ...scope,
    }).connect();
    try {
      const note = await new Note({ title: 'n' }).save();
      await new Note({ title: 'elsewhere' }).save({ connection: other });
      await new Post({ title: 'not a note' }).save();
      expect(heard).toEqual(['saved Note new=true']);
      await expect(
        new Repository(Note, connection).delete(note.id!),
      ).rejects.toThrow('delete documents, not ids');
      expect(await Note.query(connection).count()).toBe(1);
      await note.delete();
      expect(await Note.query(connection).count()).toBe(0);
      remove();
      await new Note({ title: 'unheard' }).save();
      expect(heard).toHaveLength(3);
    } finally {
      await other.close();
    }
  });
});
