import type { RecordId } from 'surrealdb';

type Row = Record<string, unknown>;

/** @internal A page read by position, in record-id order (a query set without a filter or an order). */
export interface PositionPager {
  /** At most `take` rows from position `offset` on. */
  at(offset: number, take: number): Promise<Row[]>;
  /** In one transaction: the position just after record `id` (which may be gone), and at most `take` rows from there. */
  after(id: RecordId, take: number): Promise<{ position: number; rows: Row[] }>;
}

/** @internal Pages of a snapshot of matching record keys (a query set with a filter or an order). */
export interface SnapshotPager {
  /** The key (id part) of every match, in the query set's order, within its `limit`/`start`. */
  keys(): Promise<unknown[]>;
  /** The rows of these keys that still match, in the order given. */
  rows(keys: unknown[]): Promise<Row[]>;
}

/** @internal Page sizes: the first page, and the largest the pages double up to. */
export interface PageSizes {
  first: number;
  max: number;
}

/**
 * @internal Reads the rows of a query set page by page, asking for the next page before the current one is handed
 * out (so the database and the consumer work at the same time).
 *
 * Without a filter or an order it reads by position (`ORDER BY id LIMIT n START p`): SurrealDB 3.0 skips rows by key
 * there, cheaply, where a record range (`table:x>..`) or `WHERE id > $x` reads every remaining row for each page. A
 * page starts one row early and must hold the last row handed out: rows added before the position push that row
 * further into the page, which is then read from after it; when the row is missing (rows before it, or the row itself,
 * were deleted) the position after it is counted again by key, in one transaction with the page. So no row present
 * throughout is skipped or repeated while others are written.
 *
 * With a filter or an order it reads the keys of the matches once (one sort; about 50 bytes per match for string
 * keys, a third of what `RecordId`s take), then the rows by id, checking the filter again, so a row that changed to no
 * longer match is left out.
 */
export async function* readPages(
  source:
    | { kind: 'position'; pager: PositionPager; start: number }
    | { kind: 'snapshot'; pager: SnapshotPager },
  sizes: PageSizes,
  limit = Number.POSITIVE_INFINITY,
): AsyncGenerator<Row[]> {
  const pages =
    source.kind === 'position'
      ? byPosition(source.pager, source.start, sizes, limit)
      : bySnapshot(source.pager, sizes);
  let next = pages.next();
  try {
    for (;;) {
      const page = await next;
      if (page.done) return;
      next = pages.next();
      // A consumer that stops early never awaits the page read ahead: its failure must not go unhandled.
      next.catch(() => undefined);
      yield page.value;
    }
  } finally {
    await pages.return(undefined);
  }
}

async function* byPosition(
  pager: PositionPager,
  start: number,
  sizes: PageSizes,
  limit: number,
): AsyncGenerator<Row[]> {
  let remaining = limit;
  let size = sizes.first;
  let position = start;
  let last: RecordId | undefined;
  while (remaining > 0) {
    const take = Math.min(size, remaining);
    let rows: Row[];
    let exhausted: boolean;
    if (last === undefined) {
      rows = await pager.at(position, take);
      exhausted = rows.length < take;
    } else {
      const overlap = await pager.at(position - 1, take + 1);
      const lastIndex = overlap.findIndex((row) => isId(row.id, last!));
      if (lastIndex >= 0) {
        // Rows added before the position moved it on by `lastIndex`.
        position += lastIndex;
        rows = overlap.slice(lastIndex + 1);
        exhausted = overlap.length < take + 1;
      } else {
        ({ position, rows } = await pager.after(last, take));
        exhausted = rows.length < take;
      }
    }
    if (rows.length) {
      yield rows;
      remaining -= rows.length;
      position += rows.length;
      last = rows[rows.length - 1].id as RecordId;
    }
    if (exhausted) return;
    size = Math.min(size * 2, sizes.max);
  }
}

async function* bySnapshot(
  pager: SnapshotPager,
  sizes: PageSizes,
): AsyncGenerator<Row[]> {
  const keys = await pager.keys();
  let size = sizes.first;
  let offset = 0;
  while (offset < keys.length) {
    const rows = await pager.rows(keys.slice(offset, offset + size));
    offset += size;
    if (rows.length) yield rows;
    size = Math.min(size * 2, sizes.max);
  }
}

function isId(value: unknown, id: RecordId): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'equals' in value &&
    (value as RecordId).equals(id)
  );
}
