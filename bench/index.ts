import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { memEngine, wsEngine, type BenchEngine } from './bench-engines.js';
import {
  printTable,
  record,
  recordedRows,
  type BenchRow,
} from './bench-table.js';
import { run as runInsert } from './bulk-insert.bench.js';
import { run as runIteration } from './iteration.bench.js';
import { run as runPool } from './pool.bench.js';
import { run as runSingle } from './single-record.bench.js';

/**
 * `npm run bench` (add `-- --quick`, or BENCH_QUICK=1, for a short run; `-- mem`, `-- ws`, `-- graph` or
 * `-- change-tracking` for one part):
 * the library against the raw SDK on mem:// and over the loopback ws server, printed as one table, then the graph
 * and change-tracking suites. Each job runs in a fresh process, so that a peak RSS reading does not inherit another job's heap.
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
const settings = quick
  ? {
      single: { warmup: 100, iterations: 400 },
      insert: { count: 10_000, rounds: 3 },
      iteration: { rows: 20_000, rounds: 1, budgetMs: 15_000 },
      pool: { concurrent: 1000, rounds: 9 },
    }
  : {
      single: { warmup: 300, iterations: 2000 },
      insert: { count: 10_000, rounds: 5 },
      iteration: { rows: 100_000, rounds: 3, budgetMs: 30_000 },
      pool: { concurrent: 1000, rounds: 31 },
    };
const ROWS_MARKER = 'BENCH_ROWS ';
const engines: Record<string, () => Promise<BenchEngine>> = {
  mem: memEngine,
  ws: wsEngine,
};
const jobs = ['iteration', 'iteration-ordered', 'records'] as const;
type Job = (typeof jobs)[number] | 'graph' | 'change-tracking';
// Suites that print their own lines, run once on the embedded engine.
const ownLines = ['graph', 'change-tracking'];

async function runJob(label: string, job: Job): Promise<void> {
  if (ownLines.includes(job)) {
    const { run } = (await import(`./${job}.bench.js`)) as {
      run: () => Promise<void>;
    };
    return run();
  }
  const engine = await engines[label]();
  try {
    if (job === 'records') {
      await runSingle(engine, settings.single);
      await runInsert(engine, settings.insert);
      if (label === 'ws') await runPool(engine, settings.pool);
    } else {
      await runIteration(engine, {
        ...settings.iteration,
        ordered: job === 'iteration-ordered',
      });
    }
  } finally {
    await engine.close();
  }
}

function spawnJob(label: string, job: Job): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        fileURLToPath(import.meta.url),
        '--child',
        label,
        job,
        ...(quick ? ['--quick'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let rows: BenchRow[] = [];
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith(ROWS_MARKER))
          rows = JSON.parse(line.slice(ROWS_MARKER.length)) as BenchRow[];
        else console.log(line);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(rows)
        : reject(new Error(`bench job ${label} ${job} exited with ${code}`)),
    );
  });
}

const childAt = args.indexOf('--child');
if (childAt >= 0) {
  await runJob(args[childAt + 1], args[childAt + 2] as Job);
  console.log(ROWS_MARKER + JSON.stringify(recordedRows()));
} else {
  const chosen = args.filter((arg) => arg in engines || ownLines.includes(arg));
  const started = performance.now();
  for (const label of chosen.length
    ? chosen
    : [...Object.keys(engines), ...ownLines]) {
    console.log(`# ${label}${quick ? ' (quick)' : ''}`);
    if (ownLines.includes(label)) {
      await spawnJob('mem', label as Job);
      continue;
    }
    for (const job of jobs) {
      for (const row of await spawnJob(label, job)) record(row, false);
    }
  }
  const notMet = printTable();
  console.log(
    `\n${notMet ? `${notMet} target(s) NOT met` : 'all targets met'}; ${((performance.now() - started) / 1000).toFixed(0)} s${quick ? ' (quick: fewer runs, 20,000 rows for iteration)' : ''}`,
  );
}
