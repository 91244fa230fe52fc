import type { Traversal } from '../graph/graph-path.js';
import type { ModelMetadata } from '../model/model-metadata.js';
import { Condition, type Criteria, type CriteriaNode } from './condition.js';
import { compileLookup, type Clause } from './lookups.js';
import { GROUP_SIZE } from './query-compiler.js';
import { InvalidQueryError } from './query.errors.js';

/** @internal A condition checked against the model: lookups compiled, values not yet bound. */
export type WhereNode =
  | { readonly type: 'lookup'; readonly key: string; readonly clause: Clause }
  | { readonly type: 'and' | 'or'; readonly children: readonly WhereNode[] }
  | { readonly type: 'not'; readonly child: WhereNode };

/** @internal One `ORDER BY` term; `surql` is an escaped, checked path. */
export interface OrderTerm {
  readonly surql: string;
  readonly desc: boolean;
}

/** @internal Everything a query set has been told, frozen; each builder call makes a new one. */
export interface QueryState {
  /** Escaped table name. */
  readonly table: string;
  /** Conditions that must all hold. */
  readonly where: readonly WhereNode[];
  readonly order: readonly OrderTerm[];
  readonly limit?: number;
  readonly start?: number;
  /** Field names checked against the model (escaped by the compiler). */
  readonly only?: readonly string[];
  readonly omit?: readonly string[];
  /** `FETCH` paths, each a list of field names checked against the models (escaped by the compiler). */
  readonly fetch?: readonly (readonly string[])[];
  /** Documents per round trip of `for await`; unset, pages grow from {@link FIRST_PAGE} to {@link LARGEST_PAGE}. */
  readonly batchSize?: number;
  /** Reads the records a graph traversal reaches (`out()`, `in()`, `both()`) instead of the whole table. */
  readonly traversal?: Traversal;
  /** A k-nearest-neighbour search (`nearest()`); ANDed with the conditions. */
  readonly nearest?: NearestTerm;
}

/** @internal A checked k-nearest-neighbour search: `path <|k,ef|> $vector` or `path <|k,DISTANCE|> $vector`. */
export interface NearestTerm {
  /** Escaped, checked field path. */
  readonly surql: string;
  readonly vector: readonly number[];
  readonly k: number;
  /** HNSW search breadth (uses the vector index). */
  readonly ef?: number;
  /** Brute-force distance, in SurrealQL's spelling (`COSINE`): no index needed. */
  readonly distance?: string;
}

/**
 * @internal The first page `for await` reads unless told: small, so the first document comes quickly. Pages then
 * double up to {@link LARGEST_PAGE}.
 */
export const FIRST_PAGE = 100;

/**
 * @internal The largest page `for await` reads unless told. Measured on 100,000 rows of 300 bytes (SurrealDB 3.0.2,
 * mem://, 2 busy cores): skipping to a position costs about 0.4 µs a row, so small pages are slow (pages of 1,000 read
 * at about 0.4x the rate of one `SELECT *`); pages of 3,000 read at 0.4-0.8x with peak RSS growth near 30 MB, pages of
 * 5,000 at 0.5-0.7x but 43-60 MB.
 */
export const LARGEST_PAGE = 3000;

/** @internal The state of `Model.objects`: every document, in no particular order. */
export function initialState(metadata: ModelMetadata): QueryState {
  return Object.freeze({
    table: metadata.table,
    where: [],
    order: [],
  });
}

/** @internal A new state with `changes` applied. */
export function withChanges(
  state: QueryState,
  changes: Partial<QueryState>,
): QueryState {
  return Object.freeze({ ...state, ...changes });
}

// Flattens `or(or(a, b), c)` into `or(a, b, c)`, drops double negations and one-child groups, so a condition
// nests as little as its meaning needs (SurrealDB's parser refuses deeply nested expressions).
function simplify(node: WhereNode): WhereNode {
  if (node.type === 'not') {
    const child = simplify(node.child);
    return child.type === 'not' ? child.child : { type: 'not', child };
  }
  if (node.type === 'lookup') return node;
  const children = node.children
    .map(simplify)
    .flatMap((child) => (child.type === node.type ? child.children : [child]));
  return children.length === 1 ? children[0] : { type: node.type, children };
}

// How deeply a condition nests groups and negations (a lookup counts as 1).
function depthOf(node: WhereNode): number {
  switch (node.type) {
    case 'lookup':
      return 1;
    case 'not':
      return 1 + depthOf(node.child);
    default: {
      // Large groups compile to nested groups of GROUP_SIZE terms (see the compiler).
      let levels = 1;
      for (let size = node.children.length; size > GROUP_SIZE; levels++)
        size = Math.ceil(size / GROUP_SIZE);
      return (
        levels +
        node.children.reduce(
          (deepest, child) => Math.max(deepest, depthOf(child)),
          0,
        )
      );
    }
  }
}

/** @internal The deepest condition SurrealDB 3 parses (measured: about 16 nested parentheses, lookups included). */
export const MAX_CONDITION_DEPTH = 12;

// Deeper than this, even before double negations are dropped, is a runaway loop, not a query; stop before the stack does.
const MAX_RAW_DEPTH = 256;

function resolveNode(
  metadata: ModelMetadata,
  node: CriteriaNode,
  depth = 0,
): WhereNode {
  if (depth > MAX_RAW_DEPTH) {
    throw new InvalidQueryError(
      `${metadata.name}: the condition nests more than ${MAX_RAW_DEPTH} levels of and/or/not; SurrealDB parses at most ${MAX_CONDITION_DEPTH}`,
    );
  }
  switch (node.type) {
    case 'filter': {
      const { filter } = node;
      if (
        typeof filter !== 'object' ||
        filter === null ||
        Array.isArray(filter) ||
        filter instanceof Condition
      ) {
        throw new InvalidQueryError(
          `${metadata.name}: a filter is an object such as { name: 'Alice' }, or a condition from Q()`,
        );
      }
      return {
        type: 'and',
        children: Object.keys(filter).map((key) => ({
          type: 'lookup',
          key,
          clause: compileLookup(metadata, key, filter[key]),
        })),
      };
    }
    case 'and':
    case 'or':
      return {
        type: node.type,
        children: node.children.map((child) =>
          resolveNode(metadata, child, depth + 1),
        ),
      };
    case 'not':
      return {
        type: 'not',
        child: resolveNode(metadata, node.child, depth + 1),
      };
  }
}

/** @internal Checks a filter or condition against the model (unknown fields and lookups throw at once). */
export function resolveCriteria(
  metadata: ModelMetadata,
  criteria: Criteria,
): WhereNode {
  const node = simplify(
    resolveNode(
      metadata,
      criteria instanceof Condition
        ? criteria.node
        : { type: 'filter', filter: criteria as Record<string, unknown> },
    ),
  );
  const depth = depthOf(node);
  if (depth > MAX_CONDITION_DEPTH) {
    throw new InvalidQueryError(
      `${metadata.name}: the condition nests ${depth} levels of and/or/not; SurrealDB parses at most ${MAX_CONDITION_DEPTH}: flatten it (or(a, b, c) rather than or(or(a, b), c))`,
    );
  }
  return node;
}

/** @internal The filter keys a condition uses, for messages. */
export function conditionKeys(nodes: readonly WhereNode[]): string[] {
  return nodes.flatMap((node) => {
    switch (node.type) {
      case 'lookup':
        return [node.key];
      case 'and':
      case 'or':
        return conditionKeys(node.children);
      case 'not':
        return conditionKeys([node.child]);
    }
  });
}
