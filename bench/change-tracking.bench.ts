import { RecordId } from 'surrealdb';
import { createConnection } from '../lib/connection/index.js';
import {
  DateTimeField,
  DictField,
  Document,
  IntField,
  ListField,
  StringField,
  hydrate,
} from '../lib/model/index.js';
import { compare, micros, ratioLine } from './bench-utils.js';

/**
 * What change tracking costs: the snapshot taken when a record is hydrated (pure CPU), and a save of one changed
 * field of a loaded document against the raw `UPDATE $id SET` it sends.
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

export async function run(): Promise<void> {
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 3000);
  const warmup = Math.min(500, Math.ceil(iterations / 5));
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
  const time = (fn: () => void): number => {
    for (let i = 0; i < 20; i++) fn();
    const start = performance.now();
    for (let i = 0; i < 50; i++) fn();
    return (performance.now() - start) / 50 / ROWS;
  };
  const richCost = time(() => rich.forEach((row) => hydrate(Profile, row)));
  const flatCost = time(() => flat.forEach((row) => hydrate(Flat, row)));
  console.log(
    `hydrate (snapshot included), per document: 3 scalar fields ${micros(flatCost)}; 6 fields with a datetime, a list and a nested dict ${micros(richCost)}`,
  );

  const connection = await createConnection({
    url: 'mem://',
    name: 'bench-changes',
    namespace: 'bench',
    database: 'changes',
    logger: false,
  }).connect();
  try {
    const saved = await new Profile(rich[0]).save({ connection });
    const client = connection.client;
    const [tracked, raw] = await compare(
      {
        name: 'loaded.save() (1 field changed)',
        fn: (i) => {
          saved.age = i % 150;
          return saved.save();
        },
      },
      {
        name: 'raw UPDATE $id SET age = $v',
        fn: (i) =>
          client
            .query('UPDATE $id SET age = $v RETURN AFTER', {
              id: saved.id,
              v: i % 150,
            })
            .collect(),
      },
      { warmup, iterations },
    );
    console.log(ratioLine(tracked, raw));
  } finally {
    await connection.close();
  }
}
