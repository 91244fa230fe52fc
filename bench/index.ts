import { memEngine, wsEngine, type BenchEngine } from './bench-engines.js';
import { printTable } from './bench-table.js';
import { run as runInsert } from './bulk-insert.bench.js';
import { run as runIteration } from './iteration.bench.js';
import { run as runPool } from './pool.bench.js';
import { run as runSingle } from './single-record.bench.js';

/**
 * `npm run bench` (add `-- --quick`, or BENCH_QUICK=1, for a short run): the library against the raw SDK on
 * mem:// and over the loopback ws server, printed as one table. `-- mem` or `-- ws` runs one engine.
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
const engines: string[] = args.filter((arg) => arg === 'mem' || arg === 'ws');
const settings = quick
  ? {
      single: { warmup: 100, iterations: 300 },
      insert: { count: 10_000, rounds: 1 },
      iteration: { rows: 20_000, rounds: 1, budgetMs: 15_000 },
      pool: { concurrent: 2000, rounds: 5 },
    }
  : {
      single: { warmup: 300, iterations: 2000 },
      insert: { count: 10_000, rounds: 3 },
      iteration: { rows: 100_000, rounds: 2, budgetMs: 30_000 },
      pool: { concurrent: 2000, rounds: 15 },
    };

const factories: [string, () => Promise<BenchEngine>][] = [
  ['mem', memEngine],
  ['ws', wsEngine],
];
const started = performance.now();
for (const [label, factory] of factories) {
  if (engines.length && !engines.includes(label)) continue;
  console.log(`# ${label}${quick ? ' (quick)' : ''}`);
  const engine = await factory();
  try {
    // Iteration first: its RSS reading should not inherit the heap of other runs.
    await runIteration(engine, settings.iteration);
    await runSingle(engine, settings.single);
    await runInsert(engine, settings.insert);
    if (label === 'ws') await runPool(engine, settings.pool);
  } finally {
    await engine.close();
  }
}
const notMet = printTable();
console.log(
  `\n${notMet ? `${notMet} target(s) NOT met` : 'all targets met'}; ${((performance.now() - started) / 1000).toFixed(0)} s${quick ? ' (quick: fewer runs, 20,000 rows for iteration)' : ''}`,
);
