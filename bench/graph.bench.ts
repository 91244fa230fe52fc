import { RecordId } from 'surrealdb';
import { createConnection } from '../lib/connection/index.js';
import { Relation } from '../lib/graph/index.js';
import {
  DateTimeField,
  Document,
  IntField,
  StringField,
  syncSchema,
} from '../lib/model/index.js';
import { compare, ratioLine } from './bench-utils.js';

/** A two-hop traversal through the query set API vs the same SurrealQL written by hand with the raw SDK. */

class Person extends Document {
  static meta = { collection: 'bench_person' };
  @StringField({ required: true }) name: string;
  @IntField() age?: number;
}

class Knows extends Relation<Person, Person> {
  static meta = {
    collection: 'bench_knows',
    in: () => Person,
    out: () => Person,
    unique: true,
  };
  @DateTimeField() since?: Date;
}

const TARGET = 1.1;

export async function run(): Promise<void> {
  const people = Number(process.env.BENCH_PEOPLE ?? 1000);
  const degree = Number(process.env.BENCH_DEGREE ?? 20);
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 300);
  const warmup = Math.min(100, Math.ceil(iterations / 5));
  const connection = await createConnection({
    url: 'mem://',
    name: 'bench-graph',
    namespace: 'bench',
    database: 'graph',
    logger: false,
  }).connect();
  try {
    await syncSchema(connection, [Person, Knows]);
    const client = connection.client;
    const ids = Array.from(
      { length: people },
      (_, i) => new RecordId('bench_person', `p${i}`),
    );
    for (let i = 0; i < people; i += 500) {
      await connection.query('INSERT INTO bench_person $rows', {
        rows: ids
          .slice(i, i + 500)
          .map((id, j) => ({ id, name: `person${i + j}`, age: (i + j) % 90 })),
      });
    }
    // A fixed pseudo-random graph: every person knows `degree` others.
    let seed = 1;
    const random = () =>
      (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const edges: Record<string, unknown>[] = [];
    ids.forEach((from, i) => {
      const known = new Set<number>();
      while (known.size < degree) {
        const j = Math.floor(random() * people);
        if (j !== i) known.add(j);
      }
      for (const j of known) {
        edges.push({
          id: new RecordId('bench_knows', [from, ids[j]]),
          in: from,
          out: ids[j],
          since: new Date(Date.UTC(2020, 0, 1) + j * 86_400_000),
        });
      }
    });
    for (let i = 0; i < edges.length; i += 200) {
      await connection.query('INSERT RELATION INTO bench_knows $rows', {
        rows: edges.slice(i, i + 200),
      });
    }

    const start = (i: number) => ids[(i * 7919) % people];
    const suggestions = (i: number) => {
      const id = start(i);
      const known = Person.query(connection).filter({ id }).out(Knows);
      return known.out(Knows).exclude({ id }).exclude({ id__in: known });
    };
    // Sorting needs the records read first: SurrealDB 3.0.2 ignores ORDER BY over an array of record ids.
    const HAND_WRITTEN =
      'SELECT * FROM array::complement(array::distinct($id->bench_knows->bench_person->bench_knows->bench_person), array::concat([$id], $id->bench_knows->bench_person))';

    const [twoHop, rawTwoHop] = await compare(
      {
        name: 'two hops, minus self and known',
        fn: (i) => suggestions(i).all(),
      },
      {
        name: 'raw SDK, same SurrealQL by hand',
        fn: (i) => client.query(HAND_WRITTEN, { id: start(i) }).collect(),
      },
      { warmup, iterations },
    );
    const [firstPage, rawFirstPage] = await compare(
      {
        name: '... orderBy(name).limit(20)',
        fn: (i) => suggestions(i).orderBy('name').limit(20).all(),
      },
      {
        name: 'raw SDK ... ORDER BY name LIMIT 20',
        fn: (i) =>
          client
            .query(`SELECT * FROM (${HAND_WRITTEN}) ORDER BY name LIMIT 20`, {
              id: start(i),
            })
            .collect(),
      },
      { warmup, iterations },
    );

    const found = (await suggestions(0).count()).toString();
    console.log(
      `embedded mem://, ${people} people x ${degree} edges each; ${found} suggestions for the first start; ${iterations} timed runs each (after ${warmup} warm-up), interleaved`,
    );
    console.log(
      'operation                          | library vs raw SDK (median)    | p95                       | ratio',
    );
    let worst = 0;
    for (const [subject, baseline] of [
      [twoHop, rawTwoHop],
      [firstPage, rawFirstPage],
    ] as const) {
      console.log(ratioLine(subject, baseline));
      worst = Math.max(worst, subject.median / baseline.median);
    }
    console.log(
      `worst median ratio ${worst.toFixed(3)}x (target <= ${TARGET.toFixed(2)}x): ${worst <= TARGET ? 'met' : 'NOT met'}`,
    );
  } finally {
    // The unique (in, out) index would keep the embedded engine alive: remove the tables first.
    await connection
      .query(
        'REMOVE TABLE IF EXISTS bench_knows; REMOVE TABLE IF EXISTS bench_person',
      )
      .catch(() => undefined);
    await connection.close();
  }
}
