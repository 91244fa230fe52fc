import {
  BoundExcluded,
  BoundIncluded,
  RecordId,
  RecordIdRange,
  type Expr,
  type RecordIdValue,
} from 'surrealdb';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { Document } from '../model/document.js';
import { hydrate } from '../model/document-hydrator.js';
import { resolveConnection } from '../model/document-persistence.js';
import type { ModelClass } from '../model/field-types.js';
import {
  getModelMetadata,
  type ModelMetadata,
} from '../model/model-metadata.js';
import {
  DoesNotExistError,
  MultipleObjectsReturnedError,
} from '../model/model.errors.js';
import { ID_SET, type Direction, type StartSet } from '../graph/graph-path.js';
import {
  compileIdSet,
  excludeFromTraversal,
  traverseState,
} from '../graph/traversal-state.js';
import type {
  TraversalOptions,
  TraversalTarget,
} from '../graph/traversal.types.js';
import type { Bind } from './lookups.js';
import { fetchPaths, type FetchOptions } from './fetch-paths.js';
import {
  aggregateTerms,
  GroupedQuerySet,
  type AggregateSource,
} from './aggregate-query.js';
import type {
  AggregateRow,
  AggregateSpec,
  DistinctValue,
  ExpressionSpec,
  ValuesRow,
} from './aggregate-types.js';
import { Condition, not, type Criteria } from './condition.js';
import { resolveField } from './expressions.js';
import { resolveNearest, type NearestOptions } from './nearest.js';
import {
  checkUniqueKeys,
  convertRow,
  expressionTerm,
  fieldTerm,
  valueConverter,
} from './projection.js';
import { resolvePath } from './lookups.js';
import {
  IDS_PER_READ,
  readByPosition,
  readPages,
  type PositionPager,
  type RangePager,
  type SnapshotPager,
} from './batch-reader.js';
import {
  compileAggregate,
  compileCondition,
  compileCount,
  compileDelete,
  compileDistinct,
  compileExists,
  compileAfterId,
  compileAtPosition,
  compileKeySnapshot,
  compilePage,
  compileRowsOf,
  compileSelect,
  compileUpdate,
  compileValues,
  AFTER_ID_RESULT,
  type CompiledQuery,
} from './query-compiler.js';
import { compareValues, isOrderable } from './order-values.js';
import { executeQuery } from './query-executor.js';
import {
  FIRST_PAGE,
  LARGEST_PAGE,
  conditionKeys,
  initialState,
  resolveCriteria,
  withChanges,
  type QueryState,
} from './query-state.js';
import type { FieldPath, Filter, OrderKey, TopField } from './query-types.js';
import { InvalidQueryError } from './query.errors.js';
import { toAssignments } from './update-assignments.js';

/** One page of results from `paginate()`. */
export interface Page<T> {
  items: T[];
  /** Documents matching the query, over all pages. */
  total: number;
  /** This page's number, from 1. */
  page: number;
  /** Page size asked for. */
  size: number;
  /** Number of pages (0 when nothing matches). */
  pages: number;
  hasNext: boolean;
  hasPrevious: boolean;
}

type Row = Record<string, unknown>;

function checkCount(value: number, what: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidQueryError(
      `${what} must be a whole number >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}

function countOf(result: unknown): number {
  if (typeof result === 'number') return result;
  if (Array.isArray(result)) {
    const first = result[0] as { count?: number } | undefined;
    return first?.count ?? 0;
  }
  return 0;
}

/**
 * A lazy, immutable query over one model (SurrealEngine's `QuerySet`). Each method returns a new query set;
 * nothing runs until you `await` it (it is thenable and resolves to `all()`), call a terminal method (`first`,
 * `get`, `count`, `exists`, `paginate`, `update`, `delete`) or iterate it with `for await`, which reads in batches.
 * Every value is a bound parameter; field names are checked against the model.
 *
 * Because it is thenable, returning a query set from an `async` function runs it: return `qs.all()` explicitly
 * when that is what you mean, or wrap it in an object to pass the unevaluated query around.
 */
export class QuerySet<T extends Document>
  implements PromiseLike<T[]>, AsyncIterable<T>
{
  private readonly metadata: ModelMetadata;
  /** @internal What this query set has been told; the compiler turns it into SurrealQL. */
  readonly state: QueryState;

  /** Use `Model.objects`, `Model.query()` or `repository.objects` rather than this constructor. */
  constructor(
    readonly model: ModelClass<T>,
    private readonly connection?: SurrealConnection,
    state?: QueryState,
  ) {
    this.metadata = getModelMetadata(model);
    this.state = state ?? initialState(this.metadata);
  }

  /** The same query on another connection, given as an object or by registry name (SurrealEngine's `using`). */
  using(connection: SurrealConnection | string): QuerySet<T> {
    return new QuerySet(this.model, resolveConnection(connection), this.state);
  }

  /**
   * Keeps documents matching every condition (`{ age__gte: 18 }`), or a condition built with `Q`/`and`/`or`/`not`;
   * unknown fields or lookups throw at once.
   */
  filter(criteria: Criteria<T> = {} as Filter<T>): QuerySet<T> {
    return this.where(criteria, false);
  }

  /** Drops documents matching the condition (all of a lookup object's entries). */
  exclude(criteria: Criteria<T>): QuerySet<T> {
    return this.where(criteria, true);
  }

  /** Sorts by fields, `-` for descending: `orderBy('-age', 'name')`. Replaces an earlier order. */
  orderBy(...fields: OrderKey<T>[]): QuerySet<T> {
    const order = fields.map((spec: unknown) => {
      if (typeof spec !== 'string') {
        throw new InvalidQueryError(
          `${this.metadata.name}: orderBy() takes field names such as 'name' or '-age', got ${typeof spec}`,
        );
      }
      const desc = spec.startsWith('-');
      const name = desc || spec.startsWith('+') ? spec.slice(1) : spec;
      const path = resolvePath(this.metadata, name.split('__'), spec);
      return { surql: path.surql, desc };
    });
    return this.with({ order });
  }

  /** At most `count` documents. */
  limit(count: number): QuerySet<T> {
    return this.with({
      limit: checkCount(count, `${this.metadata.name}: limit()`, 0),
    });
  }

  /** Skips the first `count` documents. */
  start(count: number): QuerySet<T> {
    return this.with({
      start: checkCount(count, `${this.metadata.name}: start()`, 0),
    });
  }

  /** Loads only these fields (and `id`); such documents save by merging, so the other fields are kept. */
  only(...fields: TopField<T>[]): QuerySet<T> {
    fields.forEach((name) => this.checkTopField(name, 'only()'));
    return this.with({ only: fields });
  }

  /** Loads every field but these; such documents save by merging, so the omitted fields are kept. */
  omit(...fields: TopField<T>[]): QuerySet<T> {
    fields.forEach((name) => this.checkTopField(name, 'omit()'));
    return this.with({ omit: fields });
  }

  /**
   * Loads referenced documents in place of their record ids: the named reference fields, or all of them; with
   * `{ depth: n }` also the references of those, `n` links deep (`fetch('author', { depth: 2 })`). On an edge model,
   * `in` and `out` are reference fields too.
   */
  fetch(...args: (TopField<T> | FetchOptions)[]): QuerySet<T> {
    const last = args[args.length - 1];
    const options =
      typeof last === 'object' && last !== null ? (last as FetchOptions) : {};
    const names = (
      typeof last === 'object' && last !== null ? args.slice(0, -1) : args
    ) as string[];
    return this.with({ fetch: fetchPaths(this.metadata, names, options) });
  }

  /**
   * The records reached from these along `relation`'s edges, from `in` to `out` (`->follows->user`), each once: a
   * query set of the far model, to filter, order, limit or traverse further. `where` keeps only matching edges; `to`
   * names the far model where the relation leaves it open.
   */
  out<R extends Document, F extends TraversalOptions<R> = TraversalOptions<R>>(
    relation: ModelClass<R>,
    options?: F,
  ): QuerySet<TraversalTarget<R, 'out', F>> {
    return this.traverse(relation, 'out', options);
  }

  /** The records with edges of `relation` pointing at these (`<-follows<-user`), each once; see `out()`. */
  in<R extends Document, F extends TraversalOptions<R> = TraversalOptions<R>>(
    relation: ModelClass<R>,
    options?: F,
  ): QuerySet<TraversalTarget<R, 'in', F>> {
    return this.traverse(relation, 'in', options);
  }

  /**
   * The records linked to these by `relation` either way (`<->follows<->user`), each once; as in SurrealDB, this
   * includes the start records that have edges themselves (leave them out with `exclude({ id })`).
   */
  both<R extends Document, F extends TraversalOptions<R> = TraversalOptions<R>>(
    relation: ModelClass<R>,
    options?: F,
  ): QuerySet<TraversalTarget<R, 'both', F>> {
    return this.traverse(relation, 'both', options);
  }

  /**
   * The edges of `relation` leaving these records (`'out'`, the default), arriving at them (`'in'`) or both, each once,
   * as a query set of the relation model: `User.query().filter({ id }).edges(Follows, 'in')`. Reads them through the
   * graph, never by scanning the edge table.
   */
  edges<R extends Document>(
    relation: ModelClass<R>,
    direction: Direction = 'out',
    options: { where?: TraversalOptions<R>['where'] } = {},
  ): QuerySet<R> {
    const { state, target } = traverseState(
      this.state,
      this,
      relation,
      direction,
      { where: options.where, edges: true },
    );
    return new QuerySet(target.model as ModelClass<R>, this.connection, state);
  }

  /** How many documents `for await` reads per round trip; by default pages grow from 100 to 3,000. */
  batchSize(size: number): QuerySet<T> {
    return this.with({
      batchSize: checkCount(size, `${this.metadata.name}: batchSize()`, 1),
    });
  }

  /**
   * The `k` documents whose vector field is nearest to `vector`, nearest first (unless `orderBy` says otherwise):
   * `nearest('embedding', [0.1, 0.2, 0.3], { k: 5 })`. Uses the field's HNSW index (`ef`, default `max(k, 40)`) or, with
   * `distance`, compares every document. Other conditions choose the documents searched: the result is the `k`
   * nearest among those matching them.
   */
  nearest(
    field: FieldPath<T>,
    vector: readonly number[] | Float32Array | Float64Array,
    options: NearestOptions,
  ): QuerySet<T> {
    return this.with({
      nearest: resolveNearest(this.metadata, field, vector, options),
    });
  }

  /**
   * Groups the matches by fields for `aggregate()`: `groupBy('role').aggregate({ n: count() })`. Rows carry the
   * group values under the paths as written (`address__city`).
   */
  groupBy<K extends FieldPath<T> & string>(
    ...fields: K[]
  ): GroupedQuerySet<T, K> {
    if (!fields.length) {
      throw new InvalidQueryError(
        `${this.metadata.name}: groupBy() takes at least one field; use aggregate() for one row over every match`,
      );
    }
    const group = fields.map((name) =>
      fieldTerm(this.metadata, name, 'groupBy()'),
    );
    checkUniqueKeys(this.metadata, group, 'groupBy()');
    return new GroupedQuerySet(this.aggregateSource(), group);
  }

  /**
   * Aggregates over every match, in one statement: `aggregate({ n: count(), oldest: max('age') })` ->
   * `{ n, oldest }`. With nothing to aggregate over, counts and sums are 0, the others `null` or `[]`.
   */
  async aggregate<A extends AggregateSpec<T>>(
    spec: A,
  ): Promise<AggregateRow<T, A>> {
    const values = aggregateTerms(this.metadata, [], spec);
    if (!values.length) {
      throw new InvalidQueryError(
        `${this.metadata.name}: aggregate() needs at least one aggregate, e.g. { n: count() }`,
      );
    }
    const [rows] = await this.read<[Row[]]>(
      compileAggregate(this.state, { group: [], values, order: [] }),
      () => [[]],
    );
    return convertRow(values, rows[0] ?? {}) as AggregateRow<T, A>;
  }

  /**
   * Plain objects with only these fields, plus named expressions when the last argument is an object:
   * `values('name', { initial: upper('name'), tagCount: length('tags') })`. In the query's order and slice.
   */
  async values<
    K extends FieldPath<T> & string,
    E extends ExpressionSpec<T> = {},
  >(...args: [...K[]] | [...K[], E]): Promise<ValuesRow<T, K, E>[]> {
    const last = args[args.length - 1];
    const computed =
      typeof last === 'object' && last !== null ? (last as Row) : undefined;
    const names = (computed ? args.slice(0, -1) : args) as unknown[];
    const terms = [
      ...names.map((name) => fieldTerm(this.metadata, name, 'values()')),
      ...Object.keys(computed ?? {}).map((key) =>
        expressionTerm(this.metadata, key, computed![key], 'values()'),
      ),
    ];
    if (!terms.length) {
      throw new InvalidQueryError(
        `${this.metadata.name}: values() takes field names and/or an object of expressions`,
      );
    }
    checkUniqueKeys(this.metadata, terms, 'values()');
    const [rows] = await this.read<[Row[]]>(
      compileValues(this.state, terms),
      () => [[]],
    );
    return rows.map((row) => convertRow(terms, row) as ValuesRow<T, K, E>);
  }

  /**
   * The distinct values of a field over the matches, missing values left out, in first-seen order; a list field's
   * items are flattened (`distinct('tags')` -> every tag once).
   */
  async distinct<K extends FieldPath<T> & string>(
    field: K,
  ): Promise<DistinctValue<T, K>[]> {
    const input = resolveField(this.metadata, field, 'distinct()');
    const list = input.field?.kind === 'list';
    const [values] = await this.read<[unknown[]]>(
      compileDistinct(this.state, input.surql, list),
      () => [[]],
    );
    const convert = valueConverter(list ? input.field!.item : input.field);
    return values.map(convert) as DistinctValue<T, K>[];
  }

  /** Runs the query and returns every matching document. */
  async all(): Promise<T[]> {
    const [rows] = await this.read<[Row[]]>(compileSelect(this.state), () => [
      [],
    ]);
    return this.documents(rows);
  }

  /** Resolves to `all()`; lets you `await User.objects.filter(...)`. */
  // oxlint-disable-next-line unicorn/no-thenable -- thenable by design, documented on the class
  then<R1 = T[], R2 = never>(
    onfulfilled?: ((value: T[]) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.all().then(onfulfilled, onrejected);
  }

  /** The first document in the query's order, or `null`. */
  async first(): Promise<T | null> {
    const [document] = await this.limit(1).all();
    return document ?? null;
  }

  /** The one document matching (after `filter`), else `DoesNotExistError` or `MultipleObjectsReturnedError`. */
  async get(criteria?: Criteria<T>): Promise<T> {
    const query = criteria ? this.filter(criteria) : this;
    const found = await query.limit(2).all();
    const keys = conditionKeys(query.state.where);
    const what = keys.length ? `matching ${keys.join(', ')}` : 'at all';
    const name = query.target().name;
    const on = `on connection "${name}"`;
    if (found.length === 0) {
      throw new DoesNotExistError(
        `${this.metadata.name}: no document ${what} ${on}; use first() to get null instead`,
        this.metadata.name,
        name,
      );
    }
    if (found.length > 1) {
      throw new MultipleObjectsReturnedError(
        `${this.metadata.name}: more than one document ${what} ${on}; narrow the filter or use first()`,
        this.metadata.name,
        name,
      );
    }
    return found[0];
  }

  /** Number of matching documents (within `limit`/`start` when set). */
  async count(): Promise<number> {
    const [result] = await this.read<[unknown]>(
      compileCount(this.state),
      () => [0],
    );
    return countOf(result);
  }

  /** Whether any document matches. */
  async exists(): Promise<boolean> {
    const [rows] = await this.read<[Row[]]>(compileExists(this.state), () => [
      [],
    ]);
    return rows.length > 0;
  }

  /** Page `page` (from 1) of `size` documents, with the total; overrides `limit`/`start`. */
  async paginate(page: number, size: number): Promise<Page<T>> {
    checkCount(page, `${this.metadata.name}: paginate() page`, 1);
    checkCount(size, `${this.metadata.name}: paginate() size`, 1);
    const [total, rows] = await this.read<[unknown, Row[]]>(
      compilePage(this.state, page, size),
      () => [0, []],
    );
    const totalCount = countOf(total);
    const pages = Math.ceil(totalCount / size);
    return {
      items: this.documents(rows),
      total: totalCount,
      page,
      size,
      pages,
      hasNext: page < pages,
      hasPrevious: page > 1,
    };
  }

  /**
   * Sets fields on every matching document and returns them updated. Values are validated against the fields'
   * rules first (nothing is written when one fails); `undefined` or `null` removes an optional field.
   */
  async update(
    changes: Partial<Omit<T, keyof Document>> | Record<string, unknown>,
  ): Promise<T[]> {
    const compiled = compileUpdate(
      this.state,
      toAssignments(this.metadata, changes as Row),
    );
    const [rows] = await executeQuery<[Row[]]>(this.target(), compiled, {
      missingTable: () => [[]],
      retryConflicts: true,
      model: this.metadata.name,
    });
    return this.documents(rows);
  }

  /** Deletes every matching document; resolves to how many were deleted. */
  async delete(): Promise<number> {
    const [ids] = await executeQuery<[unknown[]]>(
      this.target(),
      compileDelete(this.state),
      { missingTable: () => [[]], retryConflicts: true },
    );
    return ids.length;
  }

  /**
   * Reads the matches page by page, the next page asked for while the current one is handed out, so memory stays
   * bounded. Pages grow from 100 to 3,000 documents, or are `batchSize()` each. Without a filter or an order it reads
   * ids by position, 10,000 at a time, then the documents in record ranges between them (about as fast as one
   * SELECT): every document present throughout is read exactly once while others are added or removed. With a filter
   * or an order it first reads the matching ids in order (one sort; about 160 bytes per match; on an embedded engine,
   * an order over the whole table is sorted here, see `keysSortedHere`), then the documents by id: documents added
   * later are not read, and ones deleted or no longer matching are left out.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    const { batchSize, limit, start = 0, where, order, traversal } = this.state;
    const sizes = batchSize
      ? { first: batchSize, max: batchSize }
      : { first: FIRST_PAGE, max: LARGEST_PAGE };
    // Resolved once: every page, and every document, of one iteration use the same connection.
    const connection = this.target();
    const source =
      where.length || order.length || traversal || this.state.nearest
        ? { kind: 'snapshot' as const, pager: this.snapshotPager(connection) }
        : {
            kind: 'range' as const,
            pager: this.rangePager(connection),
            start,
            idsPerRead: IDS_PER_READ,
          };
    const options = { partial: this.isPartial(), connection };
    for await (const rows of readPages(source, sizes, limit)) {
      // One document at a time: a page is never held both as rows and as documents.
      for (let index = 0; index < rows.length; index++) {
        const row = rows[index];
        rows[index] = undefined as unknown as Row;
        yield hydrate(this.model, row, options);
      }
    }
  }

  /** The SELECT this query set runs, with its bindings. */
  toQuery(): CompiledQuery {
    return compileSelect(this.state);
  }

  /**
   * The filter as an SDK expression whose values the SDK binds, for `connection.live({ where })`; undefined
   * without a filter. Order, limit and projection do not apply to live queries.
   */
  toCondition(): Expr | undefined {
    if (!this.state.where.length) return undefined;
    return {
      toSQL: (context) =>
        compileCondition(this.state.where, (value) => context.def(value)),
    };
  }

  /** @internal The record ids this query set selects, as SurrealQL: where traversals start, and `id__in: qs`. */
  [ID_SET](bind: Bind): StartSet {
    return compileIdSet(this.state, bind);
  }

  private traverse(
    relation: ModelClass,
    direction: Direction,
    options?: TraversalOptions,
  ): QuerySet<any> {
    const { state, target } = traverseState(
      this.state,
      this,
      relation,
      direction,
      options,
    );
    return new QuerySet(target.model, this.connection, state);
  }

  private with(changes: Partial<QueryState>): QuerySet<T> {
    return new QuerySet(
      this.model,
      this.connection,
      withChanges(this.state, changes),
    );
  }

  private where(criteria: Criteria<T>, negate: boolean): QuerySet<T> {
    const isCondition = criteria instanceof Condition;
    if (
      !isCondition &&
      (typeof criteria !== 'object' ||
        criteria === null ||
        Array.isArray(criteria))
    ) {
      throw new InvalidQueryError(
        `${this.metadata.name}: filter() takes an object such as { name: 'Alice' }, or a condition from Q()`,
      );
    }
    if (!isCondition && !Object.keys(criteria).length) return this;
    const subtracted =
      negate && excludeFromTraversal(this.state, this.metadata, criteria);
    if (subtracted)
      return new QuerySet(this.model, this.connection, subtracted);
    const node = resolveCriteria(
      this.metadata,
      negate ? not(criteria) : criteria,
    );
    return this.with({ where: [...this.state.where, node] });
  }

  private checkTopField(name: unknown, what: string): void {
    if (
      typeof name !== 'string' ||
      (name !== 'id' && !this.metadata.fields.has(name))
    ) {
      throw new InvalidQueryError(
        `${this.metadata.name}: ${what}: "${String(name)}" is not a field of ${this.metadata.name} (fields: ${[...this.metadata.fields.keys()].join(', ')})`,
      );
    }
  }

  private aggregateSource(): AggregateSource {
    return {
      metadata: this.metadata,
      state: this.state,
      connection: () => this.target(),
    };
  }

  private target(): SurrealConnection {
    return resolveConnection(this.connection);
  }

  /** Reads the table by position in id order: its ids (`VALUE id`), or what `projection` says (with `id`). */
  private positionPager<T>(
    connection: SurrealConnection,
    projection?: string,
  ): PositionPager<T> {
    return {
      at: async (offset, take) => {
        const [items] = await this.read<[T[]]>(
          compileAtPosition(this.state, offset, take, projection),
          () => [[]],
          connection,
        );
        return items;
      },
      after: async (id, take) => {
        const upTo = new RecordIdRange(
          this.metadata.collection,
          undefined,
          new BoundIncluded(id.id),
        );
        const results = await this.read<unknown[]>(
          compileAfterId(this.state, upTo, take, projection),
          () => [],
          connection,
        );
        return (
          (results[AFTER_ID_RESULT] as
            { position: number; items: T[] } | undefined) ?? {
            position: 0,
            items: [],
          }
        );
      },
    };
  }

  private rangePager(connection: SurrealConnection): RangePager {
    const { collection } = this.metadata;
    return {
      ids: this.positionPager<RecordId>(connection),
      rowsIn: async (bound, through) => {
        const range = new RecordIdRange(
          collection,
          'from' in bound
            ? new BoundIncluded(bound.from.id)
            : new BoundExcluded(bound.after.id),
          new BoundIncluded(through.id),
        );
        const [rows] = await this.read<[Row[]]>(
          compileRowsOf(this.state, range),
          () => [[]],
          connection,
        );
        return rows;
      },
    };
  }

  /**
   * On an embedded engine SurrealDB sorts in this process, holding about 1.3 KB a row while it does (100,000 rows:
   * +115-135 MB). For an ordered `for await` over a whole table the ids and order values are read here instead, by
   * position, {@link IDS_PER_READ} at a time, and sorted in the order SurrealDB uses. `undefined` when a value is of a
   * kind only the engine can place (then the engine sorts).
   */
  private async keysSortedHere(
    connection: SurrealConnection,
  ): Promise<unknown[] | undefined> {
    const { order, start = 0, limit } = this.state;
    const projection = [
      'id',
      ...order.map((entry, index) => `${entry.surql} AS o${index}`),
    ].join(', ');
    const pager = this.positionPager<Row>(connection, projection);
    const idOf = (row: Row) => row.id as RecordId;
    // Column by column (a key array and one per order term): a fraction of the memory of an object per row.
    const keys: unknown[] = [];
    const columns: unknown[][] = order.map(() => []);
    for await (const rows of readByPosition(pager, idOf, 0, IDS_PER_READ)) {
      for (const row of rows) {
        for (let term = 0; term < order.length; term++) {
          const value = row[`o${term}`];
          if (!isOrderable(value)) return undefined;
          columns[term].push(value);
        }
        keys.push(idOf(row).id);
      }
    }
    const positions = Array.from(keys.keys());
    positions.sort((a, b) => {
      for (let term = 0; term < order.length; term++) {
        const compared = compareValues(columns[term][a], columns[term][b]);
        if (compared) return order[term].desc ? -compared : compared;
      }
      // Ties in id order (SurrealDB leaves the order of ties open).
      return a - b;
    });
    const end = limit === undefined ? undefined : start + limit;
    return positions.slice(start, end).map((position) => keys[position]);
  }

  private snapshotPager(connection: SurrealConnection): SnapshotPager {
    const { collection } = this.metadata;
    return {
      keys: async () => {
        const { where, order, traversal, nearest } = this.state;
        const sortsHere =
          connection.embedded &&
          order.length > 0 &&
          !where.length &&
          !traversal &&
          !nearest;
        const sorted = sortsHere
          ? await this.keysSortedHere(connection)
          : undefined;
        if (sorted) return sorted;
        const [keys] = await this.read<[unknown[]]>(
          compileKeySnapshot(this.state),
          () => [[]],
          connection,
        );
        return keys;
      },
      rows: async (keys) => {
        const ids = this.state.traversal
          ? (keys as RecordId[])
          : keys.map((key) => new RecordId(collection, key as RecordIdValue));
        const [rows] = await this.read<[Row[]]>(
          compileRowsOf(this.state, ids),
          () => [[]],
          connection,
        );
        return rows;
      },
    };
  }

  private read<R extends unknown[]>(
    compiled: CompiledQuery,
    empty: () => R,
    connection = this.target(),
  ): Promise<R> {
    return executeQuery<R>(connection, compiled, { missingTable: empty });
  }

  private documents(rows: Row[]): T[] {
    const options = { partial: this.isPartial(), connection: this.target() };
    return rows.map((row) => hydrate(this.model, row, options));
  }

  private isPartial(): boolean {
    return this.state.only !== undefined || (this.state.omit?.length ?? 0) > 0;
  }
}
