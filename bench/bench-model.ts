import {
  BooleanField,
  Document,
  EmailField,
  FloatField,
  IntField,
  ListField,
  StringField,
} from '../lib/model/index.js';

/** A document of about 300 bytes, as the issue measures. */
export class BenchDoc extends Document {
  static meta = { collection: 'bench_docs' };
  @StringField({ required: true, maxLength: 100 }) name: string;
  @EmailField() email?: string;
  @IntField({ min: 0 }) age?: number;
  @StringField() city?: string;
  @BooleanField() active?: boolean;
  @StringField({ maxLength: 500 }) bio?: string;
  @FloatField() score?: number;
  @ListField({ of: { type: 'string' } }) tags?: string[];
}

// The same table shape for the raw SDK, so both sides write through the same schema checks.
export class RawDoc extends BenchDoc {
  static meta = { collection: 'raw_docs' };
}

/** The fields of document number `i`. */
export function docData(i: number) {
  return {
    name: `user number ${i}`,
    email: `user${i}@example.com`,
    age: i % 90,
    city: 'Paris',
    active: i % 2 === 0,
    bio: 'x'.repeat(180),
    score: i * 1.5,
    tags: ['a', 'b', 'c'],
  };
}
