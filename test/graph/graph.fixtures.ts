import type { RecordId } from 'surrealdb';
import {
  DateTimeField,
  Document,
  IntField,
  Relation,
  StringField,
  type QuerySet,
} from '../../lib/core.js';

/** A person of the social graph. */
export class Person extends Document {
  static meta = { collection: 'person' };
  declare static objects: QuerySet<Person>;
  @StringField({ required: true }) name: string;
  @IntField() age?: number;
}

/** A post people like. */
export class Post extends Document {
  static meta = { collection: 'post' };
  @StringField({ required: true }) title: string;
}

/** person -> follows -> person: at most one edge per pair, ends must exist. */
export class Follows extends Relation<Person, Person> {
  static meta = {
    collection: 'follows',
    in: () => Person,
    out: () => Person,
    unique: true,
    enforced: true,
  };
  @DateTimeField() since?: Date;
}

/** person -> likes -> anything: many edges per pair, ends not checked. */
export class Likes extends Relation<Person> {
  static meta = { collection: 'likes', in: () => Person, schemafull: false };
  @IntField({ min: 1, max: 5 }) stars?: number;
}

/** The id part of a record id, for readable assertions. */
export const key = (id: RecordId | undefined) => id?.id as string;
