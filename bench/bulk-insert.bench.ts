import { RecordId } from 'surrealdb';
import { syncSchema } from '../lib/model/index.js';
import { Repository } from '../lib/repository/index.js';
import type { BenchEngine } from './bench-engines.js';
import { BenchDoc, RawDoc, docData } from './bench-model.js';
import { record } from './bench-table.js';
import { duration, median, pairedRatio, rate } from './bench-utils.js';

const TARGET = 1.1;
/** The raw SDK's fastest chunk size (measured: 50-200 rows per INSERT; one INSERT grows worse than linearly). */
const RAW_CHUNK = 100;

/**
 * `repository.insert()` of `count` documents against the raw SDK's fastest way (INSERT in chunks of 100), on
 * fresh tables each round, rounds alternating which goes first.
 */
export async function run(
  engine: BenchEngine,
  { count, rounds }: { count: number; rounds: number },
): Promise<void> {
  const { connection, raw } = engine;
  const repository = new Repository(BenchDoc, connection);
  const data = Array.from({ length: count }, (_, i) => docData(i));
  const library = async () => {
    await repository.insert(data);
  };
  const baseline = async () => {
    for (let i = 0; i < count; i += RAW_CHUNK) {
      await raw
        .query('INSERT INTO raw_docs $rows', {
          rows: data.slice(i, i + RAW_CHUNK),
        })
        .collect();
    }
  };
  // Like for like: rows carrying ids made on the client, as the library's do (for exactly-once creates).
  const withIds = async () => {
    const rows = data.map((row, i) => ({
      ...row,
      id: new RecordId('raw_docs', `c${i.toString(36).padStart(19, '0')}`),
    }));
    for (let i = 0; i < count; i += RAW_CHUNK) {
      await raw
        .query('INSERT INTO raw_docs $rows', {
          rows: rows.slice(i, i + RAW_CHUNK),
        })
        .collect();
    }
  };
  const times: Record<'lib' | 'raw' | 'ids', number[]> = {
    lib: [],
    raw: [],
    ids: [],
  };
  for (let round = 0; round < rounds; round++) {
    const order =
      round % 2 === 0
        ? ([
            ['lib', library],
            ['raw', baseline],
            ['ids', withIds],
          ] as const)
        : ([
            ['ids', withIds],
            ['raw', baseline],
            ['lib', library],
          ] as const);
    for (const [name, fn] of order) {
      await connection.query(
        'REMOVE TABLE IF EXISTS bench_docs; REMOVE TABLE IF EXISTS raw_docs',
      );
      await syncSchema(connection, [BenchDoc, RawDoc]);
      const started = performance.now();
      await fn();
      times[name].push(performance.now() - started);
    }
  }
  await connection.query('REMOVE TABLE bench_docs; REMOVE TABLE raw_docs');
  const lib = median(times.lib);
  const rawMs = median(times.raw);
  record({
    engine: engine.label,
    operation: `insert ${count.toLocaleString('en')} documents`,
    library: `${duration(lib)} (${rate((count / lib) * 1000, 'docs')})`,
    raw: `${duration(rawMs)} INSERT in chunks of ${RAW_CHUNK}`,
    ratio: pairedRatio(times.lib, times.raw),
    kind: 'time',
    target: TARGET,
  });
  const idsMs = median(times.ids);
  record({
    engine: engine.label,
    operation: `insert ${count.toLocaleString('en')} documents, raw with client-made ids`,
    library: `${duration(lib)} (${rate((count / lib) * 1000, 'docs')})`,
    raw: `${duration(idsMs)} INSERT in chunks of ${RAW_CHUNK}, ids in the rows`,
    ratio: pairedRatio(times.lib, times.ids),
    kind: 'time',
    target: TARGET,
  });
}
