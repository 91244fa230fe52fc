import { RecordId } from 'surrealdb';
import { readPages, type RangePager } from '../../lib/query/batch-reader.js';

// The paging algorithm alone, over a table kept in an array, so that writes land exactly between two reads. The
// statements it sends are run on the engine in iteration.spec.ts.

type Row = Record<string, unknown>;

/** The table here has string keys only. */
const keyOf = (id: RecordId) => id.id as string;

/** A table of string keys, in id order, with the pager `for await` reads it through. */
class ArrayTable {
  keys: string[];
  idsAfterCalls = 0;

  constructor(keys: string[]) {
    this.keys = [...keys].sort();
  }

  add(key: string): void {
    this.keys.push(key);
    this.keys.sort();
  }

  remove(key: string): void {
    this.keys = this.keys.filter((k) => k !== key);
  }

  pager(): RangePager {
    const ids = (keys: string[]) => keys.map((k) => new RecordId('t', k));
    return {
      ids: {
        at: async (offset, take) => ids(this.keys.slice(offset, offset + take)),
        after: async (id, take) => {
          this.idsAfterCalls++;
          const position = this.keys.filter((k) => k <= keyOf(id)).length;
          return {
            position,
            items: ids(this.keys.slice(position, position + take)),
          };
        },
      },
      rowsIn: async (bound, through) => {
        const [low, inclusive] =
          'from' in bound
            ? [keyOf(bound.from), true]
            : [keyOf(bound.after), false];
        return this.keys
          .filter(
            (k) => (inclusive ? k >= low : k > low) && k <= keyOf(through),
          )
          .map((k) => ({ id: new RecordId('t', k) }));
      },
    };
  }
}

const keysOf = (count: number, prefix = 'k') =>
  Array.from(
    { length: count },
    (_, i) => `${prefix}${String(i).padStart(4, '0')}`,
  );

/** Reads the table, calling `between` after each page; returns the keys read, in order. */
async function readAll(
  table: ArrayTable,
  options: { start?: number; limit?: number; idsPerRead?: number } = {},
  between: (read: string[]) => void = () => undefined,
): Promise<string[]> {
  const read: string[] = [];
  const source = {
    kind: 'range' as const,
    pager: table.pager(),
    start: options.start ?? 0,
    idsPerRead: options.idsPerRead ?? 7,
  };
  for await (const rows of readPages(
    source,
    { first: 2, max: 5 },
    options.limit,
  )) {
    read.push(...rows.map((row: Row) => keyOf(row.id as RecordId)));
    between(read);
  }
  return read;
}

describe('readPages over record ranges', () => {
  it('reads every row once, in id order, across reads of ids and pages', async () => {
    const keys = keysOf(40);
    expect(await readAll(new ArrayTable(keys))).toEqual(keys);
    expect(await readAll(new ArrayTable(keys), { idsPerRead: 1 })).toEqual(
      keys,
    );
    expect(
      await readAll(new ArrayTable(keys), { start: 5, limit: 20 }),
    ).toEqual(keys.slice(5, 25));
    expect(await readAll(new ArrayTable([]))).toEqual([]);
  });

  it('rows added before and after the position: each row present throughout once, and the ones added in between too', async () => {
    const keys = keysOf(60);
    const table = new ArrayTable(keys);
    let added = 0;
    const read = await readAll(table, {}, () => {
      if (added === 20) return;
      // Keys that sort before everything (moving the position on by more than a page) and between the rows present.
      for (let i = 0; i < 6; i++) table.add(`a${added}-${i}`);
      table.add(`k${String(added * 3).padStart(4, '0')}x`);
      added++;
    });
    expect(new Set(read).size).toBe(read.length);
    expect(keys.every((key) => read.includes(key))).toBe(true);
    expect(read).toEqual([...read].sort());
  });

  it('rows deleted, the last one read among them: the position is counted again and nothing is skipped', async () => {
    const keys = keysOf(60);
    const table = new ArrayTable(keys);
    const read = await readAll(table, {}, (soFar) => {
      // Every row read so far goes, so the id the next read of ids starts from is missing.
      for (const key of soFar) table.remove(key);
    });
    expect(read).toEqual(keys);
    expect(table.idsAfterCalls).toBeGreaterThan(0);
  });

  it('a limit counts rows, including ones added inside a range', async () => {
    const table = new ArrayTable(keysOf(30));
    const read = await readAll(table, { limit: 12 }, () =>
      table.add(`k0020${table.keys.length}`),
    );
    expect(read).toHaveLength(12);
    expect(new Set(read).size).toBe(12);
  });
});
