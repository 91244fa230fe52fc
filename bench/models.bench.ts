import { RecordId } from 'surrealdb';
import { createConnection } from '../lib/connection/index.js';
import {
  Document,
  EmailField,
  IntField,
  StringField,
  syncSchema,
} from '../lib/model/index.js';
import { Repository } from '../lib/repository/index.js';
import { compare, ratioLine } from './bench-utils.js';

/** Models vs the raw SDK on one embedded engine: repository save, findById, filter(...).limit(10). */

class BenchUser extends Document {
  static meta = { collection: 'bench_users' };
  @StringField({ required: true, maxLength: 100 }) name: string;
  @IntField({ min: 0 }) age?: number;
  @EmailField() email?: string;
}

// The same table shape for the raw SDK, so both sides write through the same schema checks.
class RawUser extends Document {
  static meta = { collection: 'raw_users' };
  @StringField({ required: true, maxLength: 100 }) name: string;
  @IntField({ min: 0 }) age?: number;
  @EmailField() email?: string;
}

const TARGET = 1.1;

export async function run(): Promise<void> {
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 3000);
  const warmup = Math.min(500, Math.ceil(iterations / 5));
  const connection = await createConnection({
    url: 'mem://',
    name: 'bench-models',
    namespace: 'bench',
    database: 'models',
    logger: false,
  }).connect();
  try {
    await syncSchema(connection, [BenchUser, RawUser]);
    const client = connection.client;
    const repository = new Repository(BenchUser, connection);
    const data = (i: number) => ({
      name: `user${i}`,
      age: i % 90,
      email: `user${i}@example.com`,
    });

    const [save, rawSave] = await compare(
      { name: 'repository.save', fn: (i) => repository.save(data(i)) },
      {
        name: 'raw CREATE',
        fn: (i) =>
          client
            .query('CREATE raw_users CONTENT $data', { data: data(i) })
            .collect(),
      },
      { warmup, iterations },
    );

    const ids = (await repository.find().limit(1000).only('name')).map(
      (user) => user.id!,
    );
    const rawIds = ids.map((id) => new RecordId('raw_users', id.id));
    await client
      .query('INSERT INTO raw_users $rows', {
        rows: ids.map((id, i) => ({ id: rawIds[i], ...data(i) })),
      })
      .collect()
      .catch(() => undefined);
    const [findById, rawSelect] = await compare(
      {
        name: 'repository.findById',
        fn: (i) => repository.findById(ids[i % ids.length]),
      },
      {
        name: 'raw select(id)',
        fn: (i) => client.select(rawIds[i % rawIds.length]),
      },
      { warmup, iterations },
    );

    const [filter, rawFilter] = await compare(
      {
        name: 'objects.filter({age__gte}).limit(10)',
        fn: (i) =>
          repository.objects
            .filter({ age__gte: i % 80 })
            .limit(10)
            .all(),
      },
      {
        name: 'raw SELECT WHERE age >= $a LIMIT 10',
        fn: (i) =>
          client
            .query('SELECT * FROM raw_users WHERE age >= $a LIMIT 10', {
              a: i % 80,
            })
            .collect(),
      },
      { warmup, iterations },
    );

    console.log(
      `embedded mem://, ${iterations} timed runs each (after ${warmup} warm-up), interleaved`,
    );
    console.log(
      'operation                          | library vs raw SDK (median)    | p95                       | ratio',
    );
    let worst = 0;
    for (const [subject, baseline] of [
      [save, rawSave],
      [findById, rawSelect],
      [filter, rawFilter],
    ] as const) {
      console.log(ratioLine(subject, baseline));
      worst = Math.max(worst, subject.median / baseline.median);
    }
    console.log(
      `worst median ratio ${worst.toFixed(3)}x (target <= ${TARGET.toFixed(2)}x): ${worst <= TARGET ? 'met' : 'NOT met'}`,
    );
  } finally {
    // A DEFINE INDEX would keep the embedded engine alive; none here, but remove the tables anyway.
    await connection
      .query(
        'REMOVE TABLE IF EXISTS bench_users; REMOVE TABLE IF EXISTS raw_users',
      )
      .catch(() => undefined);
    await connection.close();
  }
}
