import type { Surreal } from 'surrealdb';
import type { SurrealConnection } from '../lib/connection/index.js';
import {
  rawWsClient,
  wsConnection,
  type BenchEngine,
} from './bench-engines.js';
import { record } from './bench-table.js';
import { duration, median, pairedRatio, rate } from './bench-utils.js';

const POOL_TARGET = 0.97;
const SELECT = 'SELECT * FROM pool_docs:1';

type Call = () => Promise<unknown>;

/** Ops per second of `concurrent` calls started at once. */
async function burst(call: Call, concurrent: number): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrent }, call));
  return concurrent / ((performance.now() - started) / 1000);
}

/** Median latency of fast selects made one after another while `slow` runs on the same connection. */
async function latencyBehind(
  connection: SurrealConnection,
  slow: string,
): Promise<number> {
  const samples: number[] = [];
  let done = false;
  const slowCall = connection.query(slow).finally(() => (done = true));
  while (!done || samples.length < 5) {
    const started = performance.now();
    await connection.query(SELECT);
    samples.push(performance.now() - started);
  }
  await slowCall;
  return median(samples);
}

/**
 * Over the loopback server (ws): throughput of `concurrent` selects by id from one plain SDK client against a
 * library connection and pools of 1, 2 and 4, rounds interleaved; then head-of-line blocking: the latency of
 * fast selects while a slow query runs, on one socket against a pool of 2.
 */
export async function run(
  engine: BenchEngine,
  { concurrent, rounds }: { concurrent: number; rounds: number },
): Promise<void> {
  const url = engine.url!;
  const raw: Surreal = await rawWsClient(url);
  await raw.query('UPSERT pool_docs:1 SET name = "one"').collect();
  const connections: [string, SurrealConnection][] = [
    ['one connection', await wsConnection(url, 'bench-single')],
  ];
  for (const size of [1, 2, 4]) {
    connections.push([
      `pool of ${size}`,
      await wsConnection(url, `bench-pool-${size}`, {
        usePool: true,
        poolSize: size,
      }),
    ]);
  }
  try {
    const contenders: [string, Call][] = [
      ['raw', () => raw.query(SELECT).collect()],
      ...connections.map(([label, connection]): [string, Call] => [
        label,
        () => connection.query(SELECT),
      ]),
    ];
    const samples = new Map<string, number[]>(
      contenders.map(([label]) => [label, []]),
    );
    // Warm-up, which also lets each pool grow to its size.
    for (const [, call] of contenders) await burst(call, concurrent);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [...contenders].reverse() : contenders;
      for (const [label, call] of order)
        samples.get(label)!.push(await burst(call, concurrent));
    }
    const rawRate = median(samples.get('raw')!);
    for (const [label] of connections) {
      const libRate = median(samples.get(label)!);
      record({
        engine: engine.label,
        operation: `${concurrent} concurrent selects, ${label}`,
        library: rate(libRate, 'ops'),
        raw: `${rate(rawRate, 'ops')} one SDK client`,
        ratio: pairedRatio(samples.get(label)!, samples.get('raw')!),
        kind: 'rate',
        target: label === 'pool of 1' ? POOL_TARGET : undefined,
      });
    }

    const single = connections[0][1];
    const pool = connections[2][1];
    await raw
      .query(
        'FOR $i IN 1..=20000 { CREATE pool_docs SET name = "row", bio = string::repeat("x", 250) }',
      )
      .collect();
    for (const [what, slow] of [
      ['a 300 ms SLEEP', 'SLEEP 300ms'],
      [
        'a CPU-bound scan',
        "SELECT count() FROM pool_docs WHERE string::contains(bio ?? '', 'zz') GROUP ALL",
      ],
      ['a 20,000-row SELECT', 'SELECT * FROM pool_docs'],
    ] as const) {
      const alone: number[] = [];
      const pooled: number[] = [];
      for (let round = 0; round < Math.max(3, Math.ceil(rounds / 2)); round++) {
        alone.push(await latencyBehind(single, slow));
        pooled.push(await latencyBehind(pool, slow));
      }
      const singleMs = median(alone);
      const poolMs = median(pooled);
      record({
        engine: engine.label,
        operation: `select latency behind ${what}, pool of 2`,
        library: `${duration(poolMs)} (pool of 2)`,
        raw: `${duration(singleMs)} (one socket)`,
        ratio: pairedRatio(pooled, alone),
        kind: 'time',
      });
    }
  } finally {
    await raw.query('REMOVE TABLE IF EXISTS pool_docs').collect();
    await Promise.all(connections.map(([, connection]) => connection.close()));
    await raw.close();
  }
}
