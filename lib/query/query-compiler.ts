import type { RecordId, RecordIdRange } from 'surrealdb';
import { escapeIdentifier } from '../model/identifier.js';
import type { Bind } from './lookups.js';
import { compileTraversalFrom } from '../graph/graph-path.js';
import type { ProjectionTerm } from './projection.js';
import type { NearestTerm, QueryState, WhereNode } from './query-state.js';

/** The SurrealQL a query set runs, with its bound values (for logging and tests). */
export interface CompiledQuery {
  query: string;
  bindings: Record<string, unknown>;
}

/** @internal One `SET path = value` of an update; `undefined` writes NONE (removes the field). */
export interface Assignment {
  /** Escaped field name. */
  readonly path: string;
  readonly value: unknown;
  /** Library-built SurrealQL to assign instead of a bound value (the version bump of `meta.versionField`). */
  readonly expression?: string;
}

/** @internal Hands out parameter names (`$p0`, `$p1`, ...) and keeps their values. */
export class Params {
  readonly values: Record<string, unknown> = {};
  private next = 0;
  readonly bind: Bind = (value) => {
    const name = `p${this.next++}`;
    this.values[name] = value;
    return `$${name}`;
  };
}

/** @internal What a terminal method changes in the SELECT the state describes. */
export interface SelectOverrides {
  /** Replaces the state's ORDER BY; `''` for none. */
  order?: string;
  limit?: number;
  /** Rows to skip: a number, or a parameter the statement sets (`$position`). */
  start?: number | string;
  /** Replaces what is read (the table, or a traversal's records): a bound parameter holding record ids. */
  from?: string;
  /** Replaces the projection (`id`). */
  projection?: string;
  /** `false` leaves FETCH out. */
  fetch?: boolean;
}

// Names reaching here were checked against the model, whose field names were checked when declared.
const escapeName = (name: string): string => escapeIdentifier(name, 'field');

/**
 * @internal Most terms one parenthesised group chains. SurrealDB 3.0 parses `a OR b OR c ...` into a nested tree and
 * overflows its native stack, crashing the process, at about 650 terms; larger groups are split into nested groups.
 */
export const GROUP_SIZE = 64;

function group(parts: string[], operator: string): string {
  if (parts.length <= GROUP_SIZE) return `(${parts.join(operator)})`;
  const chunks: string[] = [];
  for (let index = 0; index < parts.length; index += GROUP_SIZE)
    chunks.push(group(parts.slice(index, index + GROUP_SIZE), operator));
  return group(chunks, operator);
}

/** A condition tree as SurrealQL, values bound through `bind`. */
function compileNode(node: WhereNode, bind: Bind): string {
  switch (node.type) {
    case 'lookup':
      return node.clause(bind);
    case 'and':
    case 'or': {
      // An empty AND holds for every document; an empty OR for none.
      if (!node.children.length) return node.type === 'and' ? 'true' : 'false';
      const operator = node.type === 'and' ? ' AND ' : ' OR ';
      return group(
        node.children.map((child) => compileNode(child, bind)),
        operator,
      );
    }
    case 'not': {
      const inner = compileNode(node.child, bind);
      return inner.startsWith('(') && node.child.type !== 'lookup'
        ? `!${inner}`
        : `!(${inner})`;
    }
  }
}

/** @internal The state's conditions as one SurrealQL condition; empty without any. */
export function compileCondition(
  where: readonly WhereNode[],
  bind: Bind,
): string {
  const parts = where.map((node) => compileNode(node, bind));
  return parts.length > GROUP_SIZE
    ? group(parts, ' AND ')
    : parts.join(' AND ');
}

/** `path <|k,ef|> $vector`: SurrealDB 3.0 refuses the bare `<|k|>` form and KNN inside OR/NOT. */
function compileNearest(nearest: NearestTerm, bind: Bind): string {
  const how = nearest.distance ?? String(nearest.ef);
  return `${nearest.surql} <|${nearest.k},${how}|> ${bind(nearest.vector)}`;
}

/**
 * @internal What a state reads: its table, or the records its traversal reaches. SurrealDB 3.0.2 ignores ORDER BY
 * over an array of record ids (it sorts before reading the records), so an ordered traversal reads them through a
 * subquery; test/graph/surrealdb-order.spec.ts says when that can go.
 */
function compileFrom(state: QueryState, bind: Bind, ordered = false): string {
  if (!state.traversal) return state.table;
  const reached = compileTraversalFrom(state.traversal, bind);
  return ordered ? `(SELECT * FROM ${reached})` : reached;
}

function whereClause(state: QueryState, bind: Bind): string {
  let condition = compileCondition(state.where, bind);
  if (state.nearest) {
    const knn = compileNearest(state.nearest, bind);
    condition = condition ? `${knn} AND ${condition}` : knn;
  }
  return condition ? ` WHERE ${condition}` : '';
}

/** The alias under which a `nearest()` query selects each document's distance, to order by it. */
const DISTANCE_ALIAS = '__distance';

function projection(state: QueryState): string {
  const { only, omit, order } = state;
  if (only) {
    // SurrealDB refuses to ORDER BY a field that is not selected.
    const fields = new Set([
      'id',
      ...only.filter((name) => !omit?.includes(name)).map(escapeName),
    ]);
    order.forEach((entry) => fields.add(entry.surql));
    return [...fields].join(', ');
  }
  return omit?.length ? `* OMIT ${omit.map(escapeName).join(', ')}` : '*';
}

/** @internal `SELECT ... FROM table WHERE ... ORDER BY ... LIMIT ... START ... FETCH ...`. */
export function compileSelect(
  state: QueryState,
  overrides: SelectOverrides = {},
  params: Pick<Params, 'bind' | 'values'> = new Params(),
): CompiledQuery {
  const order =
    overrides.order ??
    state.order
      .map((entry) => `${entry.surql} ${entry.desc ? 'DESC' : 'ASC'}`)
      .join(', ');
  const from = overrides.from ?? compileFrom(state, params.bind, order !== '');
  const where = whereClause(state, params.bind);
  const limit = 'limit' in overrides ? overrides.limit : state.limit;
  const start = 'start' in overrides ? overrides.start : state.start;
  let fields = overrides.projection ?? projection(state);
  let orderBy = order;
  // Nearest first, unless the caller ordered otherwise; the distance is only known inside this SELECT.
  if (state.nearest && !orderBy && overrides.projection === undefined) {
    fields = `vector::distance::knn() AS ${DISTANCE_ALIAS}, ${fields}`;
    orderBy = DISTANCE_ALIAS;
  }
  let query = `SELECT ${fields} FROM ${from}${where}`;
  if (orderBy) query += ` ORDER BY ${orderBy}`;
  if (limit !== undefined) query += ` LIMIT ${limit}`;
  if (start) query += ` START ${start}`;
  if (overrides.fetch !== false && state.fetch?.length)
    query += ` FETCH ${state.fetch.map((path) => path.map(escapeName).join('.')).join(', ')}`;
  return { query, bindings: params.values };
}

/** @internal How many documents match, within `limit`/`start` when set; answers a number or `[{ count }]`. */
export function compileCount(state: QueryState): CompiledQuery {
  if (state.limit === undefined && !state.start) {
    const params = new Params();
    const from = compileFrom(state, params.bind);
    return {
      query: `SELECT count() FROM ${from}${whereClause(state, params.bind)} GROUP ALL`,
      bindings: params.values,
    };
  }
  const inner = compileSelect(state, {
    projection: 'id',
    order: '',
    fetch: false,
  });
  return {
    query: `RETURN count((${inner.query}))`,
    bindings: inner.bindings,
  };
}

/** @internal One id if any document matches. */
export function compileExists(state: QueryState): CompiledQuery {
  return compileSelect(state, {
    projection: 'id',
    limit: 1,
    order: '',
    fetch: false,
  });
}

/** @internal Two statements: the total count, then page `page` (from 1) of `size` documents. */
export function compilePage(
  state: QueryState,
  page: number,
  size: number,
): CompiledQuery {
  const unbounded = { ...state, limit: undefined, start: undefined };
  const select = compileSelect(unbounded, {
    limit: size,
    start: (page - 1) * size,
  });
  // Both statements bind the same values under the same names, so their bindings merge.
  const count = compileCount(unbounded);
  return {
    query: `${count.query}; ${select.query}`,
    bindings: { ...count.bindings, ...select.bindings },
  };
}

/**
 * @internal A read by position over a table without a filter or an order (`VALUE id`, or what `projection` says), in
 * id order: SurrealDB 3.0 plans `ORDER BY id` as the table scan it is (no sort) and skips rows by key for `START`.
 */
export function compileAtPosition(
  state: QueryState,
  offset: number,
  take: number,
  projection = 'VALUE id',
): CompiledQuery {
  return compileSelect(state, {
    projection,
    order: 'id ASC',
    limit: take,
    start: offset,
    fetch: false,
  });
}

/**
 * @internal In one transaction: the position just after a record (`upTo`, the range of every id up to it, counts by
 * key) and the read from there; answers `{ position, items }` as the statement at index {@link AFTER_ID_RESULT}.
 */
export function compileAfterId(
  state: QueryState,
  upTo: RecordIdRange,
  take: number,
  projection = 'VALUE id',
): CompiledQuery {
  const params = new Params();
  const count = `(SELECT count() FROM ${params.bind(upTo)} GROUP ALL)[0].count ?? 0`;
  const items = compileSelect(
    state,
    {
      projection,
      order: 'id ASC',
      limit: take,
      start: '$position',
      fetch: false,
    },
    params,
  );
  return {
    query: `BEGIN TRANSACTION; LET $position = ${count}; RETURN { position: $position, items: (${items.query}) }; COMMIT TRANSACTION`,
    bindings: items.bindings,
  };
}

/** @internal Index of the `{ position, items }` answer among the statements of {@link compileAfterId}. */
export const AFTER_ID_RESULT = 2;

/**
 * @internal What `for await` reads first over a filter, an order or a traversal: every match in the query set's order
 * (a traversal's in id order unless told), within its limit/start. Keys alone (`record::id`) for a table, a third of
 * the memory `RecordId`s take and faster to decode; whole ids for a traversal.
 */
export function compileKeySnapshot(state: QueryState): CompiledQuery {
  const key = state.traversal ? 'id' : 'record::id(id)';
  // The k nearest, nearest first unless told: the distance is only known inside the SELECT that searches.
  if (state.nearest && !state.order.length) {
    const inner = compileSelect(state, {
      projection: `id, vector::distance::knn() AS ${DISTANCE_ALIAS}`,
      order: DISTANCE_ALIAS,
      fetch: false,
    });
    return {
      query: `SELECT VALUE ${key} FROM (${inner.query})`,
      bindings: inner.bindings,
    };
  }
  if (!state.order.length && !state.traversal)
    return compileSelect(state, { projection: `VALUE ${key}`, fetch: false });
  // SurrealDB refuses to ORDER BY a field that is not selected, so the inner SELECT has it too.
  const projection = ['id', ...state.order.map((entry) => entry.surql)].join(
    ', ',
  );
  const inner = compileSelect(state, {
    projection,
    fetch: false,
    ...(state.order.length ? {} : { order: 'id ASC' }),
  });
  return {
    query: `SELECT VALUE ${key} FROM (${inner.query})`,
    bindings: inner.bindings,
  };
}

/**
 * @internal The rows of these ids that still match the filter, in the order of `ids`; or of the ids in a record range,
 * in id order (bounded at both ends: an open range reads every row after it).
 */
export function compileRowsOf(
  state: QueryState,
  ids: readonly RecordId[] | RecordIdRange,
): CompiledQuery {
  const params = new Params();
  // The ids are already the nearest ones; a KNN search over a list of ids is not what SurrealDB indexes.
  return compileSelect(
    { ...state, nearest: undefined },
    { from: params.bind(ids), order: '', limit: undefined, start: undefined },
    params,
  );
}

/** @internal Whether the state picks documents by order, slice or nearness, which only a SELECT expresses. */
export function isSliced(state: QueryState): boolean {
  return (
    state.limit !== undefined ||
    !!state.start ||
    state.order.length > 0 ||
    state.nearest !== undefined
  );
}

/** @internal The ids a SELECT of the state picks, in its order and slice, as an array expression. */
export function compileSelectedIds(
  state: QueryState,
  params: Pick<Params, 'bind' | 'values'>,
): string {
  // SurrealDB refuses to ORDER BY a field that is not selected, so select it too and keep the ids.
  const projection = ['id', ...state.order.map((entry) => entry.surql)].join(
    ', ',
  );
  const select = compileSelect(state, { projection, fetch: false }, params);
  return `(${select.query}).id`;
}

// UPDATE/DELETE take no ORDER/LIMIT/START: when the state has them, aim at the ids a SELECT picks instead.
function target(
  state: QueryState,
  params: Params,
): { what: string; where: string } {
  if (isSliced(state)) {
    return { what: compileSelectedIds(state, params), where: '' };
  }
  const what = compileFrom(state, params.bind);
  return { what, where: whereClause(state, params.bind) };
}

function setList(assignments: readonly Assignment[], bind: Bind): string {
  return assignments
    .map(
      ({ path, value, expression }) =>
        `${path} = ${expression ?? (value === undefined ? 'NONE' : bind(value))}`,
    )
    .join(', ');
}

/** @internal `UPDATE` of every match, answering the updated records. */
export function compileUpdate(
  state: QueryState,
  assignments: readonly Assignment[],
): CompiledQuery {
  const params = new Params();
  const set = setList(assignments, params.bind);
  const { what, where } = target(state, params);
  return {
    query: `UPDATE ${what} SET ${set}${where} RETURN AFTER`,
    bindings: params.values,
  };
}

/** @internal `UPDATE` of one record by id: never creates it (UPSERT would), and reads only that record. */
export function compileRecordUpdate(
  id: RecordId,
  assignments: readonly Assignment[],
): CompiledQuery {
  const params = new Params();
  const set = setList(assignments, params.bind);
  return {
    query: `UPDATE $id SET ${set} RETURN AFTER`,
    bindings: { ...params.values, id },
  };
}

/** @internal `DELETE` of every match, answering the deleted ids. */
export function compileDelete(state: QueryState): CompiledQuery {
  const params = new Params();
  const { what, where } = target(state, params);
  return {
    query: `DELETE ${what}${where} RETURN VALUE $before.id`,
    bindings: params.values,
  };
}

// What a computed SELECT reads: the table and its conditions, or, when the query set is ordered or sliced, the
// documents that slice picks (so `limit(10)` then `aggregate()` aggregates those ten, as in Django).
function source(state: QueryState, params: Params): string {
  if (state.limit === undefined && !state.start && !state.nearest) {
    return `${compileFrom(state, params.bind)}${whereClause(state, params.bind)}`;
  }
  const inner = compileSelect(state, { projection: '*', fetch: false }, params);
  return `(${inner.query})`;
}

function terms(list: readonly ProjectionTerm[]): string {
  return list.map((term) => `${term.surql} AS ${term.alias}`).join(', ');
}

/** @internal How `aggregate()` shapes its result: groups, values, and the order and slice of the groups. */
export interface AggregateShape {
  /** `GROUP BY` terms; none means one row over every document (`GROUP ALL`). */
  readonly group: readonly ProjectionTerm[];
  readonly values: readonly ProjectionTerm[];
  /** Escaped aliases of group or value terms. */
  readonly order: readonly { readonly alias: string; readonly desc: boolean }[];
  readonly limit?: number;
  readonly start?: number;
}

/** @internal One `SELECT ... GROUP BY` (or `GROUP ALL`) computing the aggregates per group. */
export function compileAggregate(
  state: QueryState,
  shape: AggregateShape,
): CompiledQuery {
  const params = new Params();
  const from = source(state, params);
  const grouping = shape.group.length
    ? `GROUP BY ${shape.group.map((term) => term.alias).join(', ')}`
    : 'GROUP ALL';
  let query = `SELECT ${terms([...shape.group, ...shape.values])} FROM ${from} ${grouping}`;
  if (shape.order.length) {
    query += ` ORDER BY ${shape.order.map((term) => `${term.alias} ${term.desc ? 'DESC' : 'ASC'}`).join(', ')}`;
  }
  if (shape.limit !== undefined) query += ` LIMIT ${shape.limit}`;
  if (shape.start) query += ` START ${shape.start}`;
  return { query, bindings: params.values };
}

/** @internal Plain rows of the given fields and expressions, in the query's order and slice. */
export function compileValues(
  state: QueryState,
  values: readonly ProjectionTerm[],
): CompiledQuery {
  // SurrealDB refuses to ORDER BY a field that is not selected: select the order fields too (dropped from rows).
  const hidden = state.order
    .map((term) => term.surql)
    .filter((surql) => !values.some((term) => term.alias === surql));
  const projection = [terms(values), ...hidden];
  if (state.nearest && !state.order.length) {
    projection.push(`vector::distance::knn() AS ${DISTANCE_ALIAS}`);
    return compileSelect(state, {
      projection: projection.join(', '),
      order: DISTANCE_ALIAS,
      fetch: false,
    });
  }
  return compileSelect(state, {
    projection: projection.join(', '),
    fetch: false,
  });
}

/** @internal The distinct values of one field over the matches (list fields flattened), missing values left out. */
export function compileDistinct(
  state: QueryState,
  path: string,
  flatten: boolean,
): CompiledQuery {
  const params = new Params();
  const from = source(state, params);
  const values = `(SELECT VALUE ${path} FROM ${from})`;
  return {
    query: `RETURN array::complement(array::distinct(${flatten ? `array::flatten(${values})` : values}), [NONE, NULL])`,
    bindings: params.values,
  };
}
