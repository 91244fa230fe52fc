import { Surreal } from 'surrealdb';
import WebSocket from 'ws';
import { createConnection, type SurrealConnection } from '../lib/index.js';
import { startTestServer } from '../lib/testing/index.js';

const ROOT = { username: 'root', password: 'bench' };
const scope = { namespace: 'bench', database: 'pool' };
const CONCURRENT = 2000;
const ROUNDS = 7;

type Select = () => Promise<unknown>;

/** Ops per second of `CONCURRENT` selects started at once. */
async function burst(select: Select): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT }, select));
  return CONCURRENT / ((performance.now() - started) / 1000);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Throughput of 2,000 concurrent selects by id: a single plain SDK client against pools of 1, 2 and 4
 * members, over the same loopback server, rounds interleaved so that drift hits every contender alike.
 */
export async function run(): Promise<void> {
  const server = await startTestServer(ROOT);
  const raw = new Surreal({
    websocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  await raw.connect(server.url, { ...scope, authentication: ROOT });
  await raw.query('CREATE bench:1 SET name = "one"').collect();
  const pools: [string, SurrealConnection][] = [];
  for (const size of [1, 2, 4]) {
    const connection = await createConnection({
      url: server.url,
      name: `pool-${size}`,
      ...scope,
      ...ROOT,
      usePool: true,
      poolSize: size,
      logger: false,
    }).connect();
    pools.push([`pool of ${size}`, connection]);
  }
  const contenders: [string, Select][] = [
    ['raw SDK client', () => raw.query('SELECT * FROM bench:1').collect()],
    ...pools.map(([label, connection]): [string, Select] => [
      label,
      () => connection.query('SELECT * FROM bench:1'),
    ]),
  ];
  const samples = new Map<string, number[]>(
    contenders.map(([label]) => [label, []]),
  );
  for (const [, select] of contenders) await burst(select); // warm-up, and lets each pool grow to its size
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, select] of contenders)
      samples.get(label)!.push(await burst(select));
  }
  const baseline = median(samples.get('raw SDK client')!);
  console.log(
    `${CONCURRENT} concurrent selects, median of ${ROUNDS} rounds (ops/s; ratio to the raw SDK, higher is better)`,
  );
  for (const [label] of contenders) {
    const opsPerSecond = median(samples.get(label)!);
    console.log(
      `  ${label.padEnd(16)} ${opsPerSecond.toFixed(0).padStart(7)} ops/s  ${(opsPerSecond / baseline).toFixed(2)}x`,
    );
  }
  for (const [, connection] of pools) {
    console.log(
      `  ${connection.name} stats: ${JSON.stringify(connection.stats())}`,
    );
    await connection.close();
  }
  await raw.close();
  await server.stop();
}
