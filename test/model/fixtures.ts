import {
  BooleanField,
  DateTimeField,
  DecimalField,
  DictField,
  Document,
  DurationField,
  EmailField,
  FloatField,
  GeometryField,
  IntField,
  ListField,
  RecordIdField,
  ReferenceField,
  StringField,
  URLField,
  UUIDField,
} from '../../lib/model/index.js';
import type { QuerySet } from '../../lib/query/index.js';
import {
  createConnection,
  type SurrealConnection,
} from '../../lib/connection/index.js';

let counter = 0;

/** A fresh embedded in-memory database, registered under a unique name (or as the default). */
export async function memoryConnection(
  name?: string,
): Promise<SurrealConnection> {
  counter += 1;
  return createConnection({
    url: 'mem://',
    name: name ?? `test-${counter}`,
    namespace: 'test',
    database: `db${counter}`,
    logger: false,
  }).connect();
}

export class User extends Document {
  static meta = { collection: 'users' };
  declare static objects: QuerySet<User>;
  @StringField({ required: true, minLength: 1, maxLength: 50 }) name: string;
  @IntField({ min: 0, max: 150 }) age?: number;
  @EmailField() email?: string;
  @StringField({ choices: ['admin', 'member'], default: 'member' })
  role?: string;
  @ListField({ of: { type: 'string' }, default: () => [] }) tags?: string[];
  @DictField() address?: Record<string, unknown>;
  @BooleanField({ default: true }) active?: boolean;
}

export class Author extends Document {
  static meta = { collection: 'authors' };
  @StringField({ required: true, unique: true }) name: string;
}

export class Tag extends Document {
  static meta = { collection: 'tags' };
  @StringField({ required: true }) label: string;
}

export class Book extends Document {
  static meta = { collection: 'books' };
  @StringField({ required: true }) title: string;
  @ReferenceField(() => Author) author?: Author | import('surrealdb').RecordId;
  @ListField({ of: { type: 'reference', model: () => Tag } }) tags?: (
    Tag | import('surrealdb').RecordId
  )[];
  @IntField() pages?: number;
}

/** One field of every kind. */
export class Everything extends Document {
  static meta = { collection: 'everything' };
  @StringField() text?: string;
  @IntField() whole?: number;
  @FloatField() real?: number;
  @BooleanField() flag?: boolean;
  @DateTimeField() when?: Date;
  @DecimalField() money?: unknown;
  @DurationField() span?: unknown;
  @UUIDField() uid?: string;
  @EmailField() mail?: string;
  @URLField() link?: string;
  @ListField({ of: { type: 'int' } }) numbers?: number[];
  @ListField({ of: { type: 'dict' } }) items?: Record<string, unknown>[];
  @DictField() data?: Record<string, unknown>;
  @ReferenceField(Author) author?: unknown;
  @RecordIdField() anyRecord?: unknown;
  @RecordIdField({ table: 'authors' }) authorRecord?: unknown;
  @GeometryField({ type: 'point' }) where?: unknown;
  @GeometryField() shape?: unknown;
}
