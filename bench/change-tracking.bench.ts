import { RecordId } from 'surrealdb';
import {
  DateTimeField,
  DictField,
  Document,
  IntField,
  ListField,
  StringField,
  hydrate,
} from '../lib/model/index.js';
import { micros } from './bench-utils.js';

/**
 * What change tracking costs a read: the snapshot every hydrated document takes (pure CPU, no database). A save of
 * a loaded document is timed against the raw SDK in single-record.bench.ts ("save (existing document)").
 */

class Profile extends Document {
  static meta = { collection: 'bench_profiles' };
  @StringField({ required: true }) name: string;
  @IntField() age?: number;
  @StringField() city?: string;
  @DateTimeField() joined?: Date;
  @ListField({ of: { type: 'string' } }) tags?: string[];
  @DictField() settings?: Record<string, unknown>;
}

class Flat extends Document {
  static meta = { collection: 'bench_flat' };
  @StringField({ required: true }) name: string;
  @IntField() age?: number;
  @StringField() city?: string;
}

const ROWS = 1000;

/** Prints the hydration cost per document of a flat and of a nested model, snapshot included. */
export function run(): Promise<void> {
  const rich = Array.from({ length: ROWS }, (_, i) => ({
    id: new RecordId('bench_profiles', i),
    name: `user${i}`,
    age: i % 90,
    city: 'Paris',
    joined: new Date(1_700_000_000_000 + i),
    tags: ['a', 'b', `t${i}`],
    settings: { theme: 'dark', notify: { email: true, sms: false } },
  }));
  const flat = rich.map(({ name, age, city }, i) => ({
    id: new RecordId('bench_flat', i),
    name,
    age,
    city,
  }));
  const perDocument = (fn: () => void): number => {
    for (let i = 0; i < 20; i++) fn();
    const start = performance.now();
    for (let i = 0; i < 50; i++) fn();
    return (performance.now() - start) / 50 / ROWS;
  };
  const flatCost = perDocument(() => flat.forEach((row) => hydrate(Flat, row)));
  const richCost = perDocument(() =>
    rich.forEach((row) => hydrate(Profile, row)),
  );
  console.log(
    `  hydrate per document, snapshot included: 3 scalar fields ${micros(flatCost)}; 6 fields with a datetime, a list and a nested dict ${micros(richCost)}`,
  );
  return Promise.resolve();
}
