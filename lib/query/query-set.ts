import type { Expr } from 'surrealdb';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import { withConflictRetry } from '../connection/conflict-retry.js';
import {
  isMissingTable,
  translateWriteError,
} from '../model/database-errors.js';
import type { Document } from '../model/document.js';
import { hydrate } from '../model/document-hydrator.js';
import { resolveConnection } from '../model/document-persistence.js';
import { toDatabase } from '../model/field-codecs.js';
import type { ModelClass } from '../model/field-types.js';
import { validateFieldValue } from '../model/field-validation.js';
import { escapeIdentifier } from '../model/identifier.js';
import {
  getModelMetadata,
  type ModelMetadata,
} from '../model/model-metadata.js';
import {
  DoesNotExistError,
  MultipleObjectsReturnedError,
} from '../model/model.errors.js';
import { ValidationError, type FieldError } from '../model/validation.error.js';
import {
  compileTraversalFrom,
  makeHop,
  ID_SET,
  type Direction,
  type StartSet,
  type Traversal,
} from '../graph/graph-path.js';
import type {
  TraversalOptions,
  TraversalTarget,
} from '../graph/traversal.types.js';
import { compileLookup, resolvePath, type Bind } from './lookups.js';
import { InvalidQueryError } from './query.errors.js';

/** Filter conditions: `{ age__gt: 18, name__startswith: 'A', address__city: 'Paris' }`, all of which must hold. */
export type Filter = Record<string, unknown>;

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

/** The SurrealQL a query set runs, with its bound values (for logging and tests). */
export interface CompiledQuery {
  query: string;
  bindings: Record<string, unknown>;
}

type Row = Record<string, unknown>;

interface Condition {
  negate: boolean;
  keys: string[];
  clauses: ((bind: Bind) => string)[];
}

interface QueryState {
  readonly conditions: readonly Condition[];
  readonly order: readonly { surql: string; desc: boolean }[];
  readonly limit?: number;
  readonly start?: number;
  readonly only?: readonly string[];
  readonly omit?: readonly string[];
  readonly fetch?: readonly string[];
  readonly batchSize: number;
  /** Reads the records a graph traversal reaches instead of the whole table. */
  readonly traversal?: Traversal;
}

interface SelectParts {
  extraWhere?: string;
  order?: string;
  limit?: number;
  start?: number;
  projection?: string;
  fetch?: boolean;
}

const DEFAULT_BATCH_SIZE = 100;

class Params {
  readonly values: Row = {};
  private next = 0;
  readonly bind: Bind = (value) => {
    const name = `p${this.next++}`;
    this.values[name] = value;
    return `$${name}`;
  };
}

function checkCount(value: number, what: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidQueryError(
      `${what} must be a whole number >= ${min}, got ${String(value)}`,
    );
  }
  return value;
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

  /** Use `Model.objects`, `Model.query()` or `repository.objects` rather than this constructor. */
  constructor(
    readonly model: ModelClass<T>,
    private readonly connection?: SurrealConnection,
    private readonly state: QueryState = {
      conditions: [],
      order: [],
      batchSize: DEFAULT_BATCH_SIZE,
    },
  ) {
    this.metadata = getModelMetadata(model);
  }

  /** The same query on another connection. */
  using(connection: SurrealConnection): QuerySet<T> {
    return new QuerySet(this.model, connection, this.state);
  }

  /** Keeps documents matching every condition (`{ age__gte: 18 }`); unknown fields or lookups throw at once. */
  filter(filter: Filter = {}): QuerySet<T> {
    return this.where(filter, false);
  }

  /** Drops documents matching all of the conditions. */
  exclude(filter: Filter): QuerySet<T> {
    return this.where(filter, true);
  }

  /** Sorts by fields, `-` for descending: `orderBy('-age', 'name')`. Replaces an earlier order. */
  orderBy(...fields: string[]): QuerySet<T> {
    const order = fields.map((spec) => {
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
  only(...fields: string[]): QuerySet<T> {
    fields.forEach((name) => this.checkTopField(name, 'only()'));
    return this.with({ only: fields });
  }

  /** Loads every field but these; such documents save by merging, so the omitted fields are kept. */
  omit(...fields: string[]): QuerySet<T> {
    fields.forEach((name) => this.checkTopField(name, 'omit()'));
    return this.with({ omit: fields });
  }

  /** Loads referenced documents in place of their record ids: the named reference fields, or all of them. */
  fetch(...fields: string[]): QuerySet<T> {
    const references = [...this.metadata.fields.values()]
      .filter(
        (field) =>
          field.kind === 'reference' || field.item?.kind === 'reference',
      )
      .map((field) => field.name);
    for (const name of fields) {
      if (!references.includes(name)) {
        throw new InvalidQueryError(
          `${this.metadata.name}: fetch("${name}"): not a reference field; reference fields: ${references.join(', ') || 'none'}`,
        );
      }
    }
    return this.with({ fetch: fields.length ? fields : references });
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

  /** How many documents `for await` reads per round trip. Default 100. */
  batchSize(size: number): QuerySet<T> {
    return this.with({
      batchSize: checkCount(size, `${this.metadata.name}: batchSize()`, 1),
    });
  }

  /** Runs the query and returns every matching document. */
  async all(): Promise<T[]> {
    const { query, bindings } = this.compile();
    return this.rows(await this.read<[Row[]]>(query, bindings, () => [[]]));
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
  async get(filter?: Filter): Promise<T> {
    const query = filter ? this.filter(filter) : this;
    const found = await query.limit(2).all();
    const keys = query.state.conditions.flatMap((condition) => condition.keys);
    const what = keys.length ? `matching ${keys.join(', ')}` : 'at all';
    const on = `on connection "${query.target().name}"`;
    if (found.length === 0) {
      throw new DoesNotExistError(
        `${this.metadata.name}: no document ${what} ${on}; use first() to get null instead`,
        this.metadata.name,
        query.target().name,
      );
    }
    if (found.length > 1) {
      throw new MultipleObjectsReturnedError(
        `${this.metadata.name}: more than one document ${what} ${on}; narrow the filter or use first()`,
        this.metadata.name,
        query.target().name,
      );
    }
    return found[0];
  }

  /** Number of matching documents (within `limit`/`start` when set). */
  async count(): Promise<number> {
    const { query, bindings } = this.compileCount();
    const [result] = await this.read<[unknown]>(query, bindings, () => [0]);
    return countOf(result);
  }

  /** Whether any document matches. */
  async exists(): Promise<boolean> {
    const { query, bindings } = this.compile({
      projection: 'id',
      limit: 1,
      order: '',
      fetch: false,
    });
    const [rows] = await this.read<[Row[]]>(query, bindings, () => [[]]);
    return rows.length > 0;
  }

  /** Page `page` (from 1) of `size` documents, with the total; overrides `limit`/`start`. */
  async paginate(page: number, size: number): Promise<Page<T>> {
    checkCount(page, `${this.metadata.name}: paginate() page`, 1);
    checkCount(size, `${this.metadata.name}: paginate() size`, 1);
    const unbounded = this.with({ limit: undefined, start: undefined });
    const select = unbounded.compile({ limit: size, start: (page - 1) * size });
    const count = unbounded.compileCount();
    const [total, rows] = await this.read<[unknown, Row[]]>(
      `${count.query}; ${select.query}`,
      { ...count.bindings, ...select.bindings },
      () => [0, []],
    );
    const items = this.rows([rows]);
    const totalCount = countOf(total);
    const pages = Math.ceil(totalCount / size);
    return {
      items,
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
    const params = new Params();
    const assignments = compileAssignments(
      this.metadata,
      changes as Row,
      params.bind,
    );
    const target = this.targetClause(params);
    const query = `UPDATE ${target.what} SET ${assignments}${target.where} RETURN AFTER`;
    const connection = this.target();
    try {
      const [rows] = await withConflictRetry(() =>
        connection.query<[Row[]]>(query, params.values),
      );
      return this.rows([rows]);
    } catch (error) {
      if (isMissingTable(error)) return [];
      throw translateWriteError(error, this.metadata.name, connection.name);
    }
  }

  /** Deletes every matching document; resolves to how many were deleted. */
  async delete(): Promise<number> {
    const params = new Params();
    const target = this.targetClause(params);
    const query = `DELETE ${target.what}${target.where} RETURN VALUE $before.id`;
    const connection = this.target();
    try {
      const [ids] = await withConflictRetry(() =>
        connection.query<[unknown[]]>(query, params.values),
      );
      return ids.length;
    } catch (error) {
      if (isMissingTable(error)) return 0;
      throw error;
    }
  }

  /**
   * Reads the matches `batchSize()` at a time, so memory stays bounded whatever the table size. Without `orderBy`
   * it pages by record id (stable while documents are added); with one it pages by offset.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    const { batchSize, limit, start = 0, order } = this.state;
    let remaining = limit ?? Number.POSITIVE_INFINITY;
    let after: unknown;
    let offset = start;
    while (remaining > 0) {
      const take = Math.min(batchSize, remaining);
      const keyset = order.length === 0;
      const parts: SelectParts = keyset
        ? {
            order: 'id ASC',
            limit: take,
            start: after === undefined ? start : 0,
          }
        : { limit: take, start: offset };
      const params = new Params();
      if (keyset && after !== undefined)
        parts.extraWhere = `id > ${params.bind(after)}`;
      const { query, bindings } = this.compile(parts, params);
      const [rows] = await this.read<[Row[]]>(query, bindings, () => [[]]);
      for (const document of this.rows([rows])) yield document;
      if (rows.length < take) return;
      remaining -= rows.length;
      offset += rows.length;
      after = rows[rows.length - 1].id;
    }
  }

  /** The SELECT this query set runs, with its bindings. */
  toQuery(): CompiledQuery {
    return this.compile();
  }

  /**
   * The filter as an SDK expression whose values the SDK binds, for `connection.live({ where })`; undefined
   * without a filter. Order, limit and projection do not apply to live queries.
   */
  toCondition(): Expr | undefined {
    if (!this.state.conditions.length) return undefined;
    return {
      toSQL: (context) => this.condition((value) => context.def(value)),
    };
  }

  private with(changes: Partial<QueryState>): QuerySet<T> {
    return new QuerySet(this.model, this.connection, {
      ...this.state,
      ...changes,
    });
  }

  private where(filter: Filter, negate: boolean): QuerySet<T> {
    if (
      typeof filter !== 'object' ||
      filter === null ||
      Array.isArray(filter)
    ) {
      throw new InvalidQueryError(
        `${this.metadata.name}: filter() takes an object such as { name: 'Alice' }`,
      );
    }
    const keys = Object.keys(filter);
    if (!keys.length) return this;
    const excluded = negate && this.excludedSet(filter);
    if (excluded) {
      const traversal = this.state.traversal!;
      return this.with({
        traversal: {
          ...traversal,
          excluded: [...traversal.excluded, excluded],
        },
      });
    }
    const clauses = keys.map((key) =>
      compileLookup(this.metadata, key, filter[key]),
    );
    return this.with({
      conditions: [...this.state.conditions, { negate, keys, clauses }],
    });
  }

  private traverse(
    relation: ModelClass,
    direction: Direction,
    options: TraversalOptions<Document> = {},
  ): QuerySet<any> {
    const edgeCondition =
      options.where === undefined
        ? undefined
        : compileEdgeCondition(relation, options.where);
    const hop = makeHop(relation, direction, {
      to: options.to,
      edgeCondition,
    });
    const { state } = this;
    const plain =
      state.limit === undefined && !state.start && !state.order.length;
    const parent = state.traversal;
    let traversal: Traversal;
    if (parent && plain && !parent.excluded.length) {
      // Chain the hops; this query set's own filter applies to the records the last hop reached.
      const hops = [...parent.hops];
      if (state.conditions.length) {
        const last = hops[hops.length - 1];
        const previous = last.nodeCondition;
        hops[hops.length - 1] = {
          ...last,
          nodeCondition: (bind) =>
            [previous?.(bind), this.condition(bind)]
              .filter(Boolean)
              .join(' AND '),
        };
      }
      traversal = { start: parent.start, hops: [...hops, hop], excluded: [] };
    } else {
      traversal = {
        start: (bind) => this[ID_SET](bind),
        hops: [hop],
        excluded: [],
      };
    }
    return new QuerySet(hop.target.model, this.connection, {
      conditions: [],
      order: [],
      batchSize: state.batchSize,
      traversal,
    });
  }

  /** @internal The record ids this query set selects, as a SurrealQL expression, for traversals and `id__in`. */
  [ID_SET](bind: Bind): StartSet {
    const { state } = this;
    const plain =
      state.limit === undefined && !state.start && !state.order.length;
    if (plain) {
      const condition = this.condition(bind);
      if (!state.traversal) {
        // `filter({ id })` and `filter({ id__in: [...] })` start from the bound ids, reading no table.
        const single = /^\(id = (\$p\d+)\)$/.exec(condition);
        if (single) return { expression: single[1], single: true };
        const many = /^\(id IN (\$p\d+)\)$/.exec(condition);
        if (many) return { expression: many[1], single: false };
      } else if (!condition) {
        return { expression: this.from(bind), single: false };
      }
      return {
        expression: `(SELECT VALUE id FROM ${this.from(bind)}${condition ? ` WHERE ${condition}` : ''})`,
        single: false,
      };
    }
    // SurrealDB refuses to ORDER BY a field that is not selected, so select it too and keep the ids.
    const projection = ['id', ...state.order.map((entry) => entry.surql)].join(
      ', ',
    );
    const params = { bind, values: {} } as unknown as Params;
    const select = this.compile({ projection, fetch: false }, params);
    return { expression: `(${select.query}).id`, single: false };
  }

  // `exclude({ id })`, `exclude({ id__in: [...] })` or `exclude({ id__in: querySet })` on a traversal: subtract the ids
  // from the set it reaches (`array::complement`), rather than test each record against them.
  private excludedSet(filter: Filter): ((bind: Bind) => StartSet) | undefined {
    const keys = Object.keys(filter);
    if (!this.state.traversal || keys.length !== 1) return undefined;
    const [key] = keys;
    if (!['id', 'id__eq', 'id__in'].includes(key)) return undefined;
    const value = filter[key];
    if (isIdSetSource(value)) return (bind) => value[ID_SET](bind);
    const ids = new QuerySet(this.model, this.connection).filter({
      [key]: value,
    });
    return (bind) => ids[ID_SET](bind);
  }

  private from(bind: Bind, ordered = false): string {
    if (!this.state.traversal) return this.metadata.table;
    const reached = compileTraversalFrom(this.state.traversal, bind);
    // SurrealDB 3.0.2 ignores ORDER BY over an array of record ids (it sorts before reading the records): sort the
    // records read by a subquery instead. Seen on @surrealdb/node 3.0.3; test/graph/surrealdb-order.spec.ts checks it.
    return ordered ? `(SELECT * FROM ${reached})` : reached;
  }

  private checkTopField(name: string, what: string): void {
    if (name !== 'id' && !this.metadata.fields.has(name)) {
      throw new InvalidQueryError(
        `${this.metadata.name}: ${what}: "${name}" is not a field of ${this.metadata.name} (fields: ${[...this.metadata.fields.keys()].join(', ')})`,
      );
    }
  }

  private target(): SurrealConnection {
    return resolveConnection(this.connection);
  }

  private whereClause(bind: Bind, extra?: string): string {
    const condition = this.condition(bind, extra);
    return condition ? ` WHERE ${condition}` : '';
  }

  /** @internal The filter as one SurrealQL condition, values bound through `bind`; empty without a filter. */
  condition(bind: Bind, extra?: string): string {
    const parts = this.state.conditions.map((condition) => {
      const joined = condition.clauses
        .map((clause) => clause(bind))
        .join(' AND ');
      return condition.negate ? `!(${joined})` : `(${joined})`;
    });
    if (extra) parts.push(extra);
    return parts.join(' AND ');
  }

  private projection(): string {
    const { only, omit, order } = this.state;
    if (only) {
      // SurrealDB refuses to ORDER BY a field that is not selected.
      const fields = new Set([
        'id',
        ...only
          .filter((name) => !omit?.includes(name))
          .map((name) => escapeName(name)),
      ]);
      order.forEach((entry) => fields.add(entry.surql));
      return [...fields].join(', ');
    }
    return omit?.length ? `* OMIT ${omit.map(escapeName).join(', ')}` : '*';
  }

  private compile(
    parts: SelectParts = {},
    params = new Params(),
  ): CompiledQuery {
    const { state } = this;
    const where = this.whereClause(params.bind, parts.extraWhere);
    const order =
      parts.order ??
      state.order
        .map((entry) => `${entry.surql} ${entry.desc ? 'DESC' : 'ASC'}`)
        .join(', ');
    const limit = 'limit' in parts ? parts.limit : state.limit;
    const start = 'start' in parts ? parts.start : state.start;
    let query = `SELECT ${parts.projection ?? this.projection()} FROM ${this.from(params.bind, order !== '')}${where}`;
    if (order) query += ` ORDER BY ${order}`;
    if (limit !== undefined) query += ` LIMIT ${limit}`;
    if (start) query += ` START ${start}`;
    if (parts.fetch !== false && state.fetch?.length)
      query += ` FETCH ${state.fetch.map(escapeName).join(', ')}`;
    return { query, bindings: params.values };
  }

  private compileCount(): CompiledQuery {
    const { limit, start } = this.state;
    if (limit === undefined && !start) {
      const params = new Params();
      const where = this.whereClause(params.bind);
      return {
        query: `SELECT count() FROM ${this.from(params.bind)}${where} GROUP ALL`,
        bindings: params.values,
      };
    }
    const inner = this.compile({ projection: 'id', order: '', fetch: false });
    return {
      query: `RETURN count((${inner.query}))`,
      bindings: inner.bindings,
    };
  }

  // UPDATE/DELETE take no ORDER/LIMIT/START: when the query set has them, aim at the ids a SELECT picks instead.
  private targetClause(params: Params): { what: string; where: string } {
    const { limit, start, order } = this.state;
    if (limit === undefined && !start && !order.length) {
      return {
        what: this.from(params.bind),
        where: this.whereClause(params.bind),
      };
    }
    // SurrealDB refuses to ORDER BY a field that is not selected, so select it too and keep the ids.
    const projection = ['id', ...order.map((entry) => entry.surql)].join(', ');
    const select = this.compile({ projection, fetch: false }, params);
    return { what: `(${select.query}).id`, where: '' };
  }

  private async read<R extends unknown[]>(
    query: string,
    bindings: Row,
    empty: () => R,
  ): Promise<R> {
    try {
      return await this.target().query<R>(query, bindings);
    } catch (error) {
      // A table nobody has written to does not exist yet in SurrealDB 3: it holds no documents.
      if (isMissingTable(error)) return empty();
      throw error;
    }
  }

  private rows([rows]: [Row[]]): T[] {
    const partial =
      this.state.only !== undefined || (this.state.omit?.length ?? 0) > 0;
    const connection = this.target();
    return rows.map((row) => hydrate(this.model, row, { partial, connection }));
  }
}

function isIdSetSource(
  value: unknown,
): value is { [ID_SET](bind: Bind): StartSet } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [ID_SET]?: unknown })[ID_SET] === 'function'
  );
}

// An edge filter is checked against the relation model, like any filter.
function compileEdgeCondition(relation: ModelClass, filter: Filter) {
  const edges = new QuerySet(relation).filter(filter);
  return (bind: Bind) => edges.condition(bind);
}

// Names reaching here were checked against the model, whose field names were checked when declared.
function escapeName(name: string): string {
  return escapeIdentifier(name, 'field');
}

/**
 * @internal The `SET a = $p0, b = NONE` list of an update, after validating each value against its field;
 * throws one `ValidationError` for every bad value.
 */
export function compileAssignments(
  metadata: ModelMetadata,
  changes: Row,
  bind: Bind,
): string {
  if (
    typeof changes !== 'object' ||
    changes === null ||
    !Object.keys(changes).length
  ) {
    throw new InvalidQueryError(
      `${metadata.name}: update() needs an object of field values`,
    );
  }
  const errors: FieldError[] = [];
  const parts: string[] = [];
  for (const [name, value] of Object.entries(changes)) {
    const field = metadata.fields.get(name);
    if (!field) {
      errors.push({
        field: name,
        rule: 'unknown',
        valueKind: 'field',
        message: `${metadata.name}.${name} is not a field of ${metadata.name}${name === 'id' ? ' that can be updated' : ''}`,
      });
      continue;
    }
    errors.push(...validateFieldValue(metadata.name, field, value));
    const converted = toDatabase(field, value);
    parts.push(
      `${escapeName(name)} = ${converted === undefined ? 'NONE' : bind(converted)}`,
    );
  }
  if (errors.length) throw new ValidationError(metadata.name, errors);
  return parts.join(', ');
}

function countOf(result: unknown): number {
  if (typeof result === 'number') return result;
  if (Array.isArray(result)) {
    const first = result[0] as { count?: number } | undefined;
    return first?.count ?? 0;
  }
  return 0;
}
