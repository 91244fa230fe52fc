import { types } from 'node:util';
import ts from 'typescript';
import { RecordId } from 'surrealdb';
import {
  connectionRegistry,
  type SurrealConnection,
  isTransactionConflict,
  withConflictRetry,
} from '../../lib/connection/index.js';
import {
  DateTimeField,
  Document,
  IntField,
  ListField,
  ModelDefinitionError,
  NotUniqueError,
  RecordIdField,
  ReferenceField,
  StringField,
  URLField,
  ValidationError,
  syncSchema,
} from '../../lib/model/index.js';
import { Author, Book, User, memoryConnection } from './fixtures.js';

function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('Document construction', () => {
  it('keeps constructor values and applies defaults (value and function, never shared)', () => {
    const alice = new User({ name: 'Alice', age: 30 });
    const bob = new User({ name: 'Bob' });
    expect(alice).toBeInstanceOf(User);
    expect(alice).toMatchObject({
      name: 'Alice',
      age: 30,
      role: 'member',
      active: true,
      tags: [],
    });
    alice.tags!.push('x');
    expect(bob.tags).toEqual([]);
    expect(new User({ name: 'C', role: 'admin' }).role).toBe('admin');
  });

  it('turns an id into a RecordId of the model table by the one id rule', () => {
    const user = new User({ id: 'admin', name: 'x' });
    expect(user.id).toBeInstanceOf(RecordId);
    expect(user.id!.table.name).toBe('users');
    expect(user.id!.id).toBe('admin');
    // The model's own `table:` prefix is parsed; other text with ':' stays the id part.
    expect(new User({ id: 'users:admin' }).id!.id).toBe('admin');
    expect(new User({ id: 'urn:x:1' }).id!.id).toBe('urn:x:1');
    expect(new User({ id: new RecordId('users', 'users:admin') }).id!.id).toBe(
      'users:admin',
    );
  });

  it('create() is the typed constructor', () => {
    const user = User.create({ name: 'Typed', age: 3 });
    expect(user).toBeInstanceOf(User);
    expect(user.age).toBe(3);
  });

  describe('with useDefineForClassFields: true (ES2022 class fields)', () => {
    const source = `
      export function define(Base, StringField, IntField) {
        class Pet extends Base {
          static meta = { collection: 'pets' };
          @StringField({ required: true }) name: string;
          @IntField({ default: 3 }) age?: number;
          @IntField() legs?: number;
          greet() { return 'hi ' + this.name; }
        }
        return Pet;
      }`;
    const compiled = ts.transpileModule(source, {
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        experimentalDecorators: true,
        useDefineForClassFields: true,
      },
    }).outputText;
    const load = (Base: unknown) => {
      const module = { exports: {} as { define: (...args: unknown[]) => any } };
      // The point is to run code compiled with other compiler options.
      // oxlint-disable-next-line typescript/no-implied-eval
      new Function('module', 'exports', compiled)(module, module.exports);
      return module.exports.define(Base, StringField, IntField);
    };

    it('the compiled class really re-defines its fields (the hazard exists)', () => {
      expect(compiled).toMatch(/^\s*name;\s*$/m);
      class PlainBase {
        constructor(data: object) {
          Object.assign(this, data);
        }
      }
      const Naive = load(PlainBase);
      expect(new Naive({ name: 'Rex' }).name).toBeUndefined();
    });

    it('Document keeps the values, defaults, methods and later assignments', () => {
      const Pet = load(Document);
      const rex = new Pet({ name: 'Rex' });
      expect(rex.name).toBe('Rex');
      expect(rex.age).toBe(3);
      expect(rex.legs).toBeUndefined();
      expect(rex.greet()).toBe('hi Rex');
      expect(rex).toBeInstanceOf(Pet);
      expect(rex).toBeInstanceOf(Document);
      rex.name = 'Max';
      rex.legs = 4;
      expect(rex).toMatchObject({ name: 'Max', legs: 4 });
      expect(JSON.parse(JSON.stringify(rex))).toEqual({
        name: 'Max',
        age: 3,
        legs: 4,
      });
      expect(() => rex.validate()).not.toThrow();
    });

    it('later instances of the class keep their values too', async () => {
      const Pet = load(Document);
      new Pet({ name: 'First' });
      await Promise.resolve();
      const second = new Pet({ name: 'Second' });
      expect(second.name).toBe('Second');
      expect(types.isProxy(second)).toBe(true);
    });

    it('classes without ES2022 class fields stop using a proxy after their first instance', async () => {
      class Plain extends Document {
        @StringField() name?: string;
      }
      new Plain({ name: 'a' });
      await Promise.resolve();
      const later = new Plain({ name: 'b' });
      expect(types.isProxy(later)).toBe(false);
      expect(later.name).toBe('b');
    });
  });
});

describe('validation', () => {
  class Rules extends Document {
    static meta = { collection: 'rules' };
    @StringField({ required: true }) need: string;
    @StringField({ choices: ['a', 'b'] }) pick?: string;
    @IntField({ min: 1, max: 9 }) size?: number;
    @StringField({ minLength: 2, maxLength: 3, regex: /^[a-z]+$/ })
    code?: string;
    @ListField({ maxLength: 1, of: { type: 'int', min: 0 } }) list?: number[];
    @URLField() site?: string;
    @DateTimeField({ min: new Date('2020-01-01') }) after?: Date;
    @RecordIdField({ table: 'authors' }) owner?: unknown;
    @ReferenceField(() => Author) author?: unknown;
  }

  it('reports every invalid field at once, with field, value kind and rule', () => {
    const error = validationError(() =>
      new Rules({
        pick: 'c',
        size: 10,
        code: 'ABCD',
        list: [1, -1],
        site: 'ftp://x',
        after: new Date('2019-01-01'),
        owner: new RecordId('users', 1),
        author: new Author({ name: 'unsaved' }),
        extra: 1,
      }).validate(),
    );
    const found = error.errors.map(
      ({ field, rule, valueKind }) => `${field}:${rule}:${valueKind}`,
    );
    expect(found.sort()).toEqual(
      [
        'extra:unknown:field',
        'need:required:undefined',
        'pick:choices:string',
        'size:max:number',
        'code:maxLength:string',
        'code:regex:string',
        'list:maxLength:array',
        'list[1]:min:number',
        'site:url:string',
        'after:min:Date',
        'owner:table:RecordId',
        'author:unsaved:Author',
      ].sort(),
    );
    expect(error.model).toBe('Rules');
    expect(error.message).toContain('Rules: 12 invalid fields');
    expect(error.message).toContain(
      'Rules.need (undefined) is required: set a value',
    );
    expect(error.message).toContain('Rules.size (number) must be <= 9');
  });

  it('checks lower bounds and types', () => {
    const error = validationError(() =>
      new Rules({
        need: 5,
        size: 0,
        code: 'a',
        pick: 'a',
        after: 'not a date',
      }).validate(),
    );
    expect(error.errors.map((e) => `${e.field}:${e.rule}`).sort()).toEqual(
      ['need:type', 'size:min', 'code:minLength', 'after:type'].sort(),
    );
    expect(error.errors.find((e) => e.field === 'need')!.message).toContain(
      'must be a string',
    );
  });

  it('type rules per field kind', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ age: 1.5 }, 'age'],
      [{ age: '3' }, 'age'],
      [{ email: 'nope' }, 'email'],
      [{ active: 'yes' }, 'active'],
      [{ tags: 'a' }, 'tags'],
      [{ tags: [1] }, 'tags[0]'],
      [{ address: [] }, 'address'],
    ];
    for (const [data, field] of cases) {
      const error = validationError(() =>
        new User({ name: 'x', ...data }).validate(),
      );
      expect(error.errors.map((e) => e.field)).toEqual([field]);
    }
    expect(() =>
      new User({ name: 'ok', email: 'a@b.co', age: 0 }).validate(),
    ).not.toThrow();
  });

  it('a reference must be a document of the referenced model', () => {
    const error = validationError(() =>
      new Book({
        title: 't',
        author: new Book({ id: 'b', title: 'x' }),
      }).validate(),
    );
    expect(error.errors[0]).toMatchObject({ field: 'author', rule: 'type' });
    expect(error.errors[0].message).toContain('must be a Author document');
  });

  it('bad field options fail when the class is declared', () => {
    expect(() => {
      class Bad extends Document {
        @IntField({ min: 'x' as unknown as number }) n?: number;
      }
      return Bad;
    }).toThrow(/Bad\.n: option "min" must be a finite number/);
    expect(() => {
      class Bad extends Document {
        @StringField() ['a⟩b']?: string;
      }
      return Bad;
    }).toThrow(ModelDefinitionError);
    expect(() => {
      class Bad extends Document {
        @ReferenceField(undefined as never) r?: unknown;
      }
      return Bad;
    }).toThrow(/ReferenceField needs the referenced model/);
    expect(() => {
      class Bad extends Document {
        static meta = { collection: 'x`; DELETE users; --' };
      }
      return Bad.objects;
    }).toThrow(/meta\.collection/);
  });
});

describe('active record', () => {
  let defaultConnection: SurrealConnection;
  let analytics: SurrealConnection;

  beforeAll(async () => {
    defaultConnection = await memoryConnection('default');
    analytics = await memoryConnection('analytics');
    expect(connectionRegistry.getDefaultConnection()).toBe(defaultConnection);
  });
  afterAll(async () => {
    await defaultConnection.close();
    await analytics.close();
  });

  it('save() writes to the default connection and sets id; objects reads it back', async () => {
    const user = await new User({ name: 'Alice', age: 30 }).save();
    expect(user.id).toBeInstanceOf(RecordId);
    const loaded = await User.objects.get({ name: 'Alice' });
    expect(loaded.id!.equals(user.id)).toBe(true);
    expect(loaded).toMatchObject({ name: 'Alice', age: 30, role: 'member' });
    expect(await User.objects.using(analytics).count()).toBe(0);
  });

  it('save({ connection }) and objects.using(connection) use another database', async () => {
    const user = await new User({ name: 'Only-in-analytics' }).save({
      connection: analytics,
    });
    expect(
      await User.objects
        .using(analytics)
        .filter({ name: 'Only-in-analytics' })
        .count(),
    ).toBe(1);
    expect(
      await User.objects.filter({ name: 'Only-in-analytics' }).count(),
    ).toBe(0);
    // A document saves back to where it came from.
    user.age = 44;
    await user.save();
    expect(
      (await User.query(analytics).get({ name: 'Only-in-analytics' })).age,
    ).toBe(44);
    expect(
      await User.objects.filter({ name: 'Only-in-analytics' }).count(),
    ).toBe(0);
  });

  it('save() replaces the record; delete() removes it', async () => {
    const user = await new User({
      name: 'Bob',
      age: 5,
      email: 'b@example.com',
    }).save();
    user.email = undefined;
    user.age = 6;
    await user.save();
    const [[row]] = await defaultConnection.query<[[Record<string, unknown>]]>(
      'SELECT * FROM $id',
      {
        id: user.id,
      },
    );
    expect(row.age).toBe(6);
    expect('email' in row).toBe(false);
    expect(await user.delete()).toBe(true);
    expect(await user.delete()).toBe(false);
    expect(await User.objects.filter({ name: 'Bob' }).exists()).toBe(false);
  });

  it('save() writes nothing when invalid', async () => {
    const before = await User.objects.count();
    await expect(new User({ name: '', age: -1 }).save()).rejects.toThrow(
      ValidationError,
    );
    expect(await User.objects.count()).toBe(before);
  });

  it('a unique index violation is a NotUniqueError', async () => {
    await syncSchema(defaultConnection, [Author]);
    await new Author({ name: 'Unique' }).save();
    const error = await new Author({ name: 'Unique' })
      .save()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotUniqueError);
    expect((error as NotUniqueError).index).toBe('authors_name_unique');
    expect((error as Error).message).toContain('Author');
  });

  it('many concurrent saves into a fresh table all succeed', async () => {
    class Burst extends Document {
      static meta = { collection: 'burst' };
      @IntField({ required: true }) n: number;
    }
    const results = await Promise.allSettled(
      Array.from({ length: 2000 }, (_, n) =>
        new Burst({ n }).save({ connection: analytics }),
      ),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual(
      [],
    );
    expect(await Burst.objects.using(analytics).count()).toBe(2000);
  });
});

describe('withConflictRetry', () => {
  const conflict = () =>
    new Error(
      'Transaction conflict: Resource busy. This transaction can be retried',
    );

  it('retries "can be retried" conflicts, then succeeds', async () => {
    let calls = 0;
    const result = await withConflictRetry(async () => {
      calls++;
      if (calls < 3) throw conflict();
      return 'done';
    });
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(isTransactionConflict(conflict())).toBe(true);
  });

  it('does not retry other errors, and stops after the last attempt', async () => {
    let calls = 0;
    await expect(
      withConflictRetry(async () => {
        calls++;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withConflictRetry(
        async () => {
          calls++;
          throw conflict();
        },
        { attempts: 3, delayMs: 1 },
      ),
    ).rejects.toThrow(/can be retried/);
    expect(calls).toBe(3);
  });
});
