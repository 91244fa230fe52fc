import { RecordId, Table } from 'surrealdb';
import { syncSchema } from '../lib/model/index.js';
import { Repository } from '../lib/repository/index.js';
import type { BenchEngine } from './bench-engines.js';
import { BenchDoc, RawDoc, docData } from './bench-model.js';
import { record } from './bench-table.js';
import {
  duration,
  fastest,
  interleave,
  type BenchOptions,
  type Contender,
} from './bench-utils.js';

const TARGET = 1.1;
const SEEDED = 2000;
let made = 0;

/** A fresh 20-character key, as long as the library's client-made ones (a counter makes it unique). */
function clientKey(): string {
  return `c${(made++).toString(36).padStart(19, '0')}`;
}

async function seed(
  engine: BenchEngine,
  table: string,
  keys: string[],
): Promise<void> {
  for (let i = 0; i < keys.length; i += 100) {
    const rows = keys
      .slice(i, i + 100)
      .map((key, j) => ({ id: new RecordId(table, key), ...docData(i + j) }));
    await engine.raw
      .query(`INSERT INTO ${table} $rows RETURN NONE`, { rows })
      .collect();
  }
}

/**
 * Picks the SDK's fastest way first (a short interleaved run of each), then times the library against that one
 * alone: the lowest of several noisy medians would otherwise be biased low.
 */
async function compareOne(
  engine: BenchEngine,
  operation: string,
  library: Contender,
  raws: Contender[],
  options: BenchOptions,
): Promise<void> {
  let offset = 0;
  const shift = (contender: Contender): Contender => ({
    name: contender.name,
    fn: (i) => contender.fn(offset + i),
  });
  let best = raws[0];
  if (raws.length > 1) {
    const trial = {
      warmup: options.warmup,
      iterations: Math.ceil(options.iterations / 4),
    };
    const stats = await interleave(raws.map(shift), trial);
    best = raws[stats.indexOf(fastest(stats))];
    offset += trial.warmup + trial.iterations;
  }
  const [lib, raw] = await interleave([shift(library), shift(best)], options);
  record({
    engine: engine.label,
    operation,
    library: `${duration(lib.median)} (p95 ${duration(lib.p95)})`,
    raw: `${duration(raw.median)} ${best.name}`,
    ratio: lib.median / raw.median,
    kind: 'time',
    target: TARGET,
  });
}

/**
 * findById, save (new and existing), delete and count against the SDK's fastest way to do the same: each of
 * its RPCs (`select`, `create`, `upsert`, `delete`) and the equivalent SurrealQL `query`, medians of runs
 * interleaved one by one.
 */
export async function run(
  engine: BenchEngine,
  options: BenchOptions,
): Promise<void> {
  const { connection, raw } = engine;
  await connection.query(
    'REMOVE TABLE IF EXISTS bench_docs; REMOVE TABLE IF EXISTS raw_docs',
  );
  await syncSchema(connection, [BenchDoc, RawDoc]);
  const repository = new Repository(BenchDoc, connection);
  const keys = Array.from({ length: SEEDED }, (_, i) => `k${i}`);
  await seed(engine, 'bench_docs', keys);
  await seed(engine, 'raw_docs', keys);
  const rawId = (i: number) => new RecordId('raw_docs', keys[i % SEEDED]);

  await compareOne(
    engine,
    'findById',
    { name: 'lib', fn: (i) => repository.findById(keys[i % SEEDED]) },
    [
      { name: 'select()', fn: (i) => raw.select(rawId(i)) },
      {
        name: 'SELECT * FROM ONLY $id',
        fn: (i) =>
          raw.query('SELECT * FROM ONLY $id', { id: rawId(i) }).collect(),
      },
    ],
    options,
  );

  await compareOne(
    engine,
    'save (new document)',
    { name: 'lib', fn: (i) => repository.save(docData(i)) },
    [
      {
        name: 'create(table)',
        fn: (i) => raw.create(new Table('raw_docs')).content(docData(i)),
      },
      {
        name: 'CREATE table CONTENT',
        fn: (i) =>
          raw
            .query('CREATE raw_docs CONTENT $data', { data: docData(i) })
            .collect(),
      },
      {
        name: 'CREATE $id CONTENT',
        fn: (i) =>
          raw
            .query('CREATE $id CONTENT $data', {
              id: new RecordId('raw_docs', `new${i}`),
              data: docData(i),
            })
            .collect(),
      },
    ],
    options,
  );

  // Like for like: the library makes the id of a new document on the client (so a re-sent CREATE cannot make a
  // second record); here the SDK does the same, with a key shaped like the library's.
  await compareOne(
    engine,
    'save (new document), raw with a client-made id',
    { name: 'lib', fn: (i) => repository.save(docData(i)) },
    [
      {
        name: 'create(RecordId)',
        fn: (i) =>
          raw.create(new RecordId('raw_docs', clientKey())).content(docData(i)),
      },
      {
        name: 'CREATE $id CONTENT',
        fn: (i) =>
          raw
            .query('CREATE $id CONTENT $data', {
              id: new RecordId('raw_docs', clientKey()),
              data: docData(i),
            })
            .collect(),
      },
    ],
    options,
  );

  const loaded = await repository.find().limit(SEEDED);
  await compareOne(
    engine,
    'save (existing document)',
    {
      name: 'lib',
      fn: (i) => {
        const document = loaded[i % loaded.length];
        document.age = i % 90;
        return repository.save(document);
      },
    },
    [
      {
        name: 'upsert().content()',
        fn: (i) => raw.upsert(rawId(i)).content(docData(i)),
      },
      {
        name: 'UPSERT $id CONTENT',
        fn: (i) =>
          raw
            .query('UPSERT $id CONTENT $data', {
              id: rawId(i),
              data: docData(i),
            })
            .collect(),
      },
      {
        // What the library sends for a loaded document: only the changed field.
        name: 'UPDATE $id SET field',
        fn: (i) =>
          raw
            .query('UPDATE $id SET age = $age RETURN AFTER', {
              id: rawId(i),
              age: i % 90,
            })
            .collect(),
      },
    ],
    options,
  );

  // Enough records for the trial run that picks the SDK's fastest way and for the timed run.
  const runs =
    2 * options.warmup + options.iterations + Math.ceil(options.iterations / 4);
  const doomed = Array.from({ length: runs }, (_, i) => `d${i}`);
  await seed(engine, 'bench_docs', doomed);
  await seed(engine, 'raw_docs', doomed);
  await seed(
    engine,
    'raw_docs',
    doomed.map((key) => `q${key}`),
  );
  await compareOne(
    engine,
    'delete',
    { name: 'lib', fn: (i) => repository.delete(doomed[i]) },
    [
      {
        name: 'delete()',
        fn: (i) => raw.delete(new RecordId('raw_docs', doomed[i])),
      },
      {
        name: 'DELETE $id RETURN BEFORE',
        fn: (i) =>
          raw
            .query('DELETE $id RETURN BEFORE', {
              id: new RecordId('raw_docs', `q${doomed[i]}`),
            })
            .collect(),
      },
    ],
    options,
  );

  await compareOne(
    engine,
    'count',
    { name: 'lib', fn: () => repository.count() },
    [
      {
        // The same table: what a count costs grows with the rows counted.
        name: 'SELECT count() GROUP ALL',
        fn: () =>
          raw.query('SELECT count() FROM bench_docs GROUP ALL').collect(),
      },
    ],
    options,
  );
  await connection.query('REMOVE TABLE bench_docs; REMOVE TABLE raw_docs');
}
