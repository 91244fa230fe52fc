import {
  BoundExcluded,
  BoundIncluded,
  RecordId,
  RecordIdRange,
} from 'surrealdb';
import type { SurrealConnection } from '../../lib/connection/index.js';
import { Document, IntField, StringField } from '../../lib/model/index.js';
import {
  AFTER_ID_RESULT,
  compileAfterId,
  compileAtPosition,
  compileRowsOf,
} from '../../lib/query/query-compiler.js';
import { Repository } from '../../lib/repository/index.js';
import { collect, range } from '../helpers/test-utils.js';
import { memoryConnection } from '../model/fixtures.js';

class Item extends Document {
  static meta = { collection: 'iter_items' };
  @IntField({ required: true }) n: number;
  @StringField() group?: string;
}

const TOTAL = 1050;

const keyOf = (item: Item) => String(item.id);

describe('for await over a query set', () => {
  let connection: SurrealConnection;
  let items: Repository<Item>;

  beforeAll(async () => {
    connection = await memoryConnection();
    items = new Repository(Item, connection);
    await items.insert(
      range(0, TOTAL).map((n) => ({ n, group: n % 3 === 0 ? 'a' : 'b' })),
    );
  });
  afterAll(() => connection.close());

  it('reads every document once, across page boundaries, with the default and with small pages', async () => {
    for (const query of [
      items.objects,
      items.objects.batchSize(100),
      items.objects.batchSize(7),
    ]) {
      const read = await collect(query);
      expect(read).toHaveLength(TOTAL);
      expect(read.every((item) => item instanceof Item)).toBe(true);
      expect(new Set(read.map(keyOf)).size).toBe(TOTAL);
    }
  });

  it('honours start and limit without an order (record id order)', async () => {
    const [ids] = await connection.query<[unknown[]]>(
      'SELECT VALUE id FROM iter_items ORDER BY id LIMIT 250 START 10',
    );
    const read = await collect(
      items.objects.start(10).limit(250).batchSize(64),
    );
    expect(read.map(keyOf)).toEqual(ids.map(String));
    expect(await collect(items.objects.limit(0))).toEqual([]);
    expect(await collect(items.objects.start(TOTAL))).toEqual([]);
  });

  it('follows orderBy, with start and limit, across pages', async () => {
    const descending = await collect(items.objects.orderBy('-n').batchSize(64));
    expect(descending.map((item) => item.n)).toEqual(range(0, TOTAL).reverse());
    const window = await collect(
      items.objects.orderBy('n').start(100).limit(300).batchSize(64),
    );
    expect(window.map((item) => item.n)).toEqual(range(100, 400));
  });

  it('applies a filter, alone and with an order and a limit', async () => {
    const filtered = await collect(
      items.objects.filter({ n__gte: 500 }).batchSize(50),
    );
    expect(filtered.map((item) => item.n).sort((a, b) => a - b)).toEqual(
      range(500, TOTAL),
    );
    const ordered = await collect(
      items.objects.filter({ group: 'a' }).orderBy('-n').limit(20).batchSize(8),
    );
    expect(ordered.map((item) => item.n)).toEqual(
      range(0, TOTAL)
        .filter((n) => n % 3 === 0)
        .reverse()
        .slice(0, 20),
    );
  });

  it('loads only the asked fields', async () => {
    const [first] = await collect(items.objects.only('n').limit(1));
    expect(first.n).toEqual(expect.any(Number));
    expect(first.group).toBeUndefined();
  });

  it('stops early without leaving a page read ahead unhandled', async () => {
    let read = 0;
    for await (const item of items.objects.batchSize(50)) {
      expect(item).toBeInstanceOf(Item);
      if (++read === 120) break;
    }
    expect(read).toBe(120);
    expect(await items.count()).toBe(TOTAL);
  });

  it('reads documents whose ids are numbers, arrays or objects, with a filter and an order', async () => {
    const odd = [
      new RecordId('iter_items', 7),
      new RecordId('iter_items', ['a', 1]),
      new RecordId('iter_items', { k: 'x' }),
    ];
    await items.insert(odd.map((id, i) => ({ id, n: -1 - i })));
    const read = await collect(
      items.objects.filter({ n__lt: 0 }).orderBy('n').batchSize(2),
    );
    expect(read.map((item) => item.n)).toEqual([-3, -2, -1]);
    expect(read.map((item) => String(item.id))).toEqual(
      [...odd].reverse().map(String),
    );
    // Without an order, pages are record ranges: small ones, so that ranges start and end on keys of each type.
    const all = (await collect(items.objects.batchSize(2))).map(keyOf);
    expect(new Set(all).size).toBe(TOTAL + odd.length);
    expect(odd.every((id) => all.includes(String(id)))).toBe(true);
    await items.find({ n__lt: 0 }).delete();
  });

  it('reads nothing from a table that was never written', async () => {
    class Ghost extends Document {
      static meta = { collection: 'iter_never_written' };
      @IntField() n?: number;
    }
    const ghosts = new Repository(Ghost, connection);
    expect(await collect(ghosts.objects)).toEqual([]);
    expect(await collect(ghosts.objects.orderBy('n'))).toEqual([]);
  });
});

describe('for await while the table changes', () => {
  let connection: SurrealConnection;
  let items: Repository<Item>;

  beforeEach(async () => {
    connection = await memoryConnection();
    items = new Repository(Item, connection);
    await items.insert(range(0, 600).map((n) => ({ n })));
  });
  afterEach(() => connection.close());

  it('reads every document that was there once while documents are added before and after the position', async () => {
    const before = new Set((await items.find()).map(keyOf));
    const seen: string[] = [];
    let added = 0;
    for await (const item of items.objects.batchSize(40)) {
      seen.push(keyOf(item));
      if (seen.length % 40 === 0 && added < 400) {
        // Random ids land before and after the current position.
        await items.insert(
          range(0, 25).map((n) => ({ n: 10_000 + added + n })),
        );
        added += 25;
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...before].every((key) => seen.includes(key))).toBe(true);
  });

  it('with a filter, reads every match that was there once while matching documents are added', async () => {
    const before = new Set((await items.find({ n__gte: 300 })).map(keyOf));
    const seen: string[] = [];
    for await (const item of items.objects
      .filter({ n__gte: 300 })
      .batchSize(25)) {
      expect(item.n).toBeGreaterThanOrEqual(300);
      seen.push(keyOf(item));
      if (seen.length % 25 === 0)
        await items.insert(range(0, 10).map((n) => ({ n: 20_000 + n })));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...before].every((key) => seen.includes(key))).toBe(true);
  });

  it('reads every remaining document once while documents already read are deleted', async () => {
    const before = (await items.find()).map(keyOf);
    const seen: string[] = [];
    const read: Item[] = [];
    for await (const item of items.objects.batchSize(30)) {
      seen.push(keyOf(item));
      read.push(item);
      if (read.length % 30 === 0) {
        // Deleting read documents moves every later one back: the next page must notice.
        for (const done of read.splice(0, 10)) await items.delete(done);
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual([...before].sort());
  });

  it('the statements of reading by range, on the engine: ids by position, the position after a deleted id, a range of rows', async () => {
    const state = items.objects.state;
    const [ids] = await connection.query<[RecordId[]]>(
      compileAtPosition(state, 0, 600).query,
    );
    expect(ids.map(String)).toEqual((await items.find()).map(keyOf).sort());
    const gone = ids[99];
    await items.delete(gone);
    const upTo = new RecordIdRange(
      'iter_items',
      undefined,
      new BoundIncluded(gone.id),
    );
    const after = compileAfterId(state, upTo, 5);
    const results = await connection.query<unknown[]>(
      after.query,
      after.bindings,
    );
    expect(results[AFTER_ID_RESULT]).toEqual({
      position: 99,
      items: ids.slice(100, 105),
    });
    const range = new RecordIdRange(
      'iter_items',
      new BoundExcluded(ids[98].id),
      new BoundIncluded(ids[102].id),
    );
    const rows = compileRowsOf(state, range);
    const [inRange] = await connection.query<[{ id: RecordId }[]]>(
      rows.query,
      rows.bindings,
    );
    expect(inRange.map((row) => String(row.id))).toEqual(
      ids.slice(100, 103).map(String),
    );
  });

  it('with an order, reads the documents that matched when it started, skipping deleted ones', async () => {
    const seen: number[] = [];
    for await (const item of items.objects.orderBy('n').batchSize(50)) {
      seen.push(item.n);
      if (seen.length === 100) {
        await items.insert([{ n: -1 }, { n: 5000 }]);
        await items.find({ n__in: [300, 301] }).delete();
      }
    }
    expect(seen).toEqual(range(0, 600).filter((n) => n !== 300 && n !== 301));
  });
});
