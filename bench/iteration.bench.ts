import {
  Document,
  IntField,
  StringField,
  syncSchema,
} from '../lib/model/index.js';
import type { QuerySet } from '../lib/query/index.js';
import { Repository } from '../lib/repository/index.js';
import type { BenchEngine } from './bench-engines.js';
import { docData } from './bench-model.js';
import { record } from './bench-table.js';
import {
  collectGarbage,
  median,
  pairedRatio,
  rate,
  rssMb,
} from './bench-utils.js';

/** Rows of about 300 bytes; the same fields as `BenchDoc`, in a table of its own. */
class IterDoc extends Document {
  static meta = { collection: 'iter_docs' };
  @StringField({ required: true }) name: string;
  @StringField() email?: string;
  @IntField() age?: number;
  @StringField() city?: string;
  @StringField() bio?: string;
}

const RATE_TARGET = 0.5;
const RSS_LIMIT_MB = 50;

interface Reading {
  rowsPerSecond: number;
  rows: number;
  rssGrowthMb: number;
  stopped: boolean;
}

/** Reads the query set with `for await`, sampling RSS; stops after `budgetMs` so a slow reader cannot stall the run. */
async function readLibrary(
  query: QuerySet<IterDoc>,
  budgetMs: number,
): Promise<Reading> {
  collectGarbage();
  const base = rssMb();
  let peak = base;
  let rows = 0;
  let stopped = false;
  const started = performance.now();
  for await (const document of query) {
    if (document.name.length === 0) throw new Error('empty name');
    if (++rows % 1000 === 0) {
      peak = Math.max(peak, rssMb());
      if (performance.now() - started > budgetMs) {
        stopped = true;
        break;
      }
    }
  }
  const elapsed = performance.now() - started;
  peak = Math.max(peak, rssMb());
  return {
    rowsPerSecond: (rows / elapsed) * 1000,
    rows,
    rssGrowthMb: peak - base,
    stopped,
  };
}

async function readRaw(engine: BenchEngine, surql: string): Promise<Reading> {
  collectGarbage();
  const base = rssMb();
  const started = performance.now();
  const [rows] = await engine.raw.query<[{ name: string }[]]>(surql).collect();
  for (const row of rows) {
    if (row.name.length === 0) throw new Error('empty name');
  }
  const elapsed = performance.now() - started;
  return {
    rowsPerSecond: (rows.length / elapsed) * 1000,
    rows: rows.length,
    rssGrowthMb: rssMb() - base,
    stopped: false,
  };
}

/**
 * `for await` over `rows` rows against one raw `SELECT *` of the same rows (rows/s), plain or with `orderBy`. Runs
 * in a process of its own (see index.ts): the library's peak RSS growth is taken from its first reading, made before
 * any raw `SELECT *` in that process.
 */
export async function run(
  engine: BenchEngine,
  {
    rows: total,
    rounds,
    budgetMs,
    ordered,
  }: { rows: number; rounds: number; budgetMs: number; ordered: boolean },
): Promise<void> {
  const { connection, raw } = engine;
  await connection.query('REMOVE TABLE IF EXISTS iter_docs');
  await syncSchema(connection, [IterDoc]);
  for (let i = 0; i < total; i += 100) {
    const rows = Array.from({ length: Math.min(100, total - i) }, (_, j) => {
      const { name, email, age, city, bio } = docData(i + j);
      return { name, email, age, city, bio: bio + 'y'.repeat(60) };
    });
    await raw
      .query('INSERT INTO iter_docs $rows RETURN NONE', { rows })
      .collect();
  }
  const repository = new Repository(IterDoc, connection);
  const [operation, query, surql]: [string, QuerySet<IterDoc>, string] = ordered
    ? [
        'for await orderBy(age)',
        repository.objects.orderBy('age'),
        'SELECT * FROM iter_docs ORDER BY age',
      ]
    : ['for await', repository.objects, 'SELECT * FROM iter_docs'];
  {
    const lib: Reading[] = [];
    const base: Reading[] = [];
    for (let round = 0; round < rounds; round++) {
      // The library reads first in round 0, so its RSS growth is not hidden by the heap a raw read left behind.
      if (round % 2 === 0) {
        lib.push(await readLibrary(query, budgetMs));
        base.push(await readRaw(engine, surql));
      } else {
        base.push(await readRaw(engine, surql));
        lib.push(await readLibrary(query, budgetMs));
      }
    }
    const libRate = median(lib.map((reading) => reading.rowsPerSecond));
    const rawRate = median(base.map((reading) => reading.rowsPerSecond));
    const growth = lib[0].rssGrowthMb;
    const partial = lib.some((reading) => reading.stopped)
      ? `, stopped after ${budgetMs / 1000} s at ${Math.min(...lib.map((reading) => reading.rows)).toLocaleString('en')} rows`
      : '';
    record({
      engine: engine.label,
      operation: `${operation}, ${total.toLocaleString('en')} rows`,
      library: `${rate(libRate, 'rows')}, RSS +${growth.toFixed(0)} MB${partial}`,
      raw: `${rate(rawRate, 'rows')}, RSS +${median(base.map((reading) => reading.rssGrowthMb)).toFixed(0)} MB (one SELECT *)`,
      ratio: pairedRatio(
        lib.map((reading) => reading.rowsPerSecond),
        base.map((reading) => reading.rowsPerSecond),
      ),
      kind: 'rate',
      target: RATE_TARGET,
      extra: {
        text: `RSS < ${RSS_LIMIT_MB} MB`,
        met: growth < RSS_LIMIT_MB,
      },
    });
  }
  await connection.query('REMOVE TABLE iter_docs');
}
