import { jest } from '@jest/globals';
import { DateTime, RecordId } from 'surrealdb';
import type { SurrealConnection } from '../../lib/connection/index.js';
import {
  DictField,
  Document,
  IntField,
  StringField,
} from '../../lib/model/index.js';
import { compareValues, isOrderable } from '../../lib/query/order-values.js';
import { Repository } from '../../lib/repository/index.js';
import { collect } from '../helpers/test-utils.js';
import { memoryConnection } from '../model/fixtures.js';

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const STRINGS = [
  '',
  'a',
  'A',
  'b',
  'B',
  '10',
  '9',
  'é',
  'e',
  '😀',
  '\uE000',
  '\uFFFF',
  'ab',
  'a b',
  'Z',
  'z',
  '𝒜',
];

function valueFrom(next: () => number): unknown {
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  switch (Math.floor(next() * 7)) {
    case 0:
      return pick([undefined, null]);
    case 1:
      return next() < 0.5;
    case 2:
      return Math.floor(next() * 20) - 10;
    case 3:
      // Floats, some equal to ints.
      return pick([1, 1.5, -0.25, 2, 1e-9, 3.75]);
    case 4:
      return pick(STRINGS) + pick(STRINGS);
    case 5:
      return new DateTime([
        BigInt(1_700_000_000 + Math.floor(next() * 3)),
        BigInt(Math.floor(next() * 3) * 1_000),
      ]);
    default:
      return pick(STRINGS);
  }
}

describe('order values: the JavaScript order matches SurrealDB ORDER BY', () => {
  let connection: SurrealConnection;
  beforeAll(async () => {
    connection = await memoryConnection();
  });
  afterAll(() => connection.close());

  it.each([1, 2, 3])(
    '400 mixed values (none, null, booleans, ints, floats, strings by code point, datetimes), seed %i',
    async (seed) => {
      const next = random(seed);
      await connection.query('REMOVE TABLE IF EXISTS ordered_values');
      for (let index = 0; index < 400; index++) {
        const value = valueFrom(next);
        await connection.query('CREATE $id CONTENT $content', {
          id: new RecordId(
            'ordered_values',
            `k${String(index).padStart(3, '0')}`,
          ),
          content: value === undefined ? {} : { v: value },
        });
      }
      // In id order, as a table scan reads: the order ties keep on both sides.
      const [rows] = await connection.query<[{ k: string; v?: unknown }[]]>(
        'SELECT record::id(id) AS k, v FROM ordered_values',
      );
      expect(rows.every((row) => isOrderable(row.v))).toBe(true);
      const valueOf = new Map(rows.map((row) => [row.k, row.v]));
      for (const direction of ['ASC', 'DESC'] as const) {
        const [engine] = await connection.query<[string[]]>(
          `SELECT VALUE k FROM (SELECT record::id(id) AS k, v FROM ordered_values ORDER BY v ${direction})`,
        );
        const sign = direction === 'ASC' ? 1 : -1;
        const here = [...rows]
          .sort((a, b) => sign * compareValues(a.v, b.v))
          .map((row) => row.k);
        // Ties (equal values, 1 and 1.0) may come in any order: the values must come in the same order.
        here.forEach((key, index) =>
          expect(
            compareValues(valueOf.get(key), valueOf.get(engine[index])),
          ).toBe(0),
        );
        expect(new Set(here)).toEqual(new Set(engine));
      }
    },
  );

  it('values of other kinds are left to the engine', () => {
    expect(isOrderable({ a: 1 })).toBe(false);
    expect(isOrderable([1])).toBe(false);
    expect(isOrderable(Number.NaN)).toBe(false);
    expect(isOrderable(10n)).toBe(false);
    expect(isOrderable(new RecordId('t', 1))).toBe(false);
  });
});

class Player extends Document {
  static meta = { collection: 'ordered_players' };
  @StringField() name?: string;
  @IntField() score?: number;
  @DictField() stats?: Record<string, unknown>;
}

describe('ordered for await on an embedded engine sorts here, with the same result as the engine', () => {
  let connection: SurrealConnection;
  let players: Repository<Player>;
  beforeAll(async () => {
    connection = await memoryConnection();
    players = new Repository(Player, connection);
    const names = ['ann', 'Bob', 'cy', 'Dee', 'émile', 'Zoë', undefined];
    await players.insert(
      Array.from({ length: 300 }, (_, n) => ({
        name: names[n % names.length],
        score: n % 4 === 3 ? undefined : (n * 37) % 11,
      })),
    );
  });
  afterAll(() => connection.close());

  // What an order decides: the sequence of ordered values (documents with equal values may come in any order).
  const sequence = (list: Player[], keys: readonly string[]) =>
    list.map((player) =>
      keys.map(
        (key) => JSON.stringify(player[key.replace('-', '') as 'name']) ?? null,
      ),
    );
  const sortsByValue = (surql: string) => /ORDER BY (?!id ASC\b)/.test(surql);
  const idSet = (list: Player[]) =>
    new Set(list.map((player) => String(player.id)));

  it.each([
    ['score', ['score']],
    ['-score, name', ['-score', 'name']],
    ['name, -score', ['name', '-score']],
  ] as const)('orderBy(%s), whole and sliced', async (_label, keys) => {
    const query = players.objects.orderBy(...keys);
    const spy = jest.spyOn(connection, 'query');
    const whole = await collect(query.batchSize(70));
    // Sorted here: no statement asked the engine to sort (by anything but id, which is the table's scan order).
    expect(spy.mock.calls.some(([surql]) => sortsByValue(surql))).toBe(false);
    spy.mockRestore();
    // all() is one SELECT ... ORDER BY, sorted by the engine.
    const byEngine = await query;
    expect(sequence(whole, keys)).toEqual(sequence(byEngine, keys));
    expect(idSet(whole)).toEqual(idSet(byEngine));
    const sliced = await collect(query.start(25).limit(100).batchSize(30));
    expect(sequence(sliced, keys)).toEqual(
      sequence(byEngine.slice(25, 125), keys),
    );
  });

  it('falls back to the engine for values it cannot place (objects)', async () => {
    await players.insert([
      { name: 'x', stats: { wins: 2 } },
      { name: 'y', stats: { wins: 1 } },
    ]);
    const query = players.objects.orderBy('stats', 'name');
    const keys = ['stats', 'name'];
    const spy = jest.spyOn(connection, 'query');
    const here = await collect(query);
    expect(spy.mock.calls.some(([surql]) => sortsByValue(surql))).toBe(true);
    spy.mockRestore();
    expect(sequence(here, keys)).toEqual(sequence(await query, keys));
    await players.find({ name__in: ['x', 'y'] }).delete();
  });
});
