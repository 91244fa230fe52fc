import type { ModelClass } from '../model/field-types.js';
import {
  getModelMetadata,
  type ModelMetadata,
} from '../model/model-metadata.js';
import type { Criteria } from '../query/condition.js';
import type { Bind } from '../query/lookups.js';
import {
  compileCondition,
  compileSelectedIds,
  isSliced,
} from '../query/query-compiler.js';
import {
  initialState,
  resolveCriteria,
  withChanges,
  type QueryState,
} from '../query/query-state.js';
import {
  compileTraversalFrom,
  ID_SET,
  makeEdgeHop,
  makeHop,
  type Direction,
  type StartSet,
  type Traversal,
} from './graph-path.js';
import type { TraversalOptions } from './traversal.types.js';

/** @internal Something that stands for a set of record ids: a query set. */
export interface IdSetSource {
  [ID_SET](bind: Bind): StartSet;
}

/** Whether `value` is a query set (or anything else that can stand for a set of record ids). */
function isIdSetSource(value: unknown): value is IdSetSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<IdSetSource>)[ID_SET] === 'function'
  );
}

/**
 * @internal The record ids a state selects, as an expression. `filter({ id })` and `filter({ id__in: [...] })` are
 * the bound ids themselves (no table read); an unfiltered traversal is its own set; anything else is a subquery.
 */
export function compileIdSet(state: QueryState, bind: Bind): StartSet {
  if (isSliced(state)) {
    const expression = compileSelectedIds(state, { bind, values: {} });
    return { expression, single: false };
  }
  const condition = compileCondition(state.where, bind);
  if (!state.traversal) {
    const single = /^id = (\$p\d+)$/.exec(condition);
    if (single) return { expression: single[1], single: true };
    const many = /^id IN (\$p\d+)$/.exec(condition);
    if (many) return { expression: many[1], single: false };
  }
  const from = state.traversal
    ? compileTraversalFrom(state.traversal, bind)
    : state.table;
  if (!condition && state.traversal) return { expression: from, single: false };
  return {
    expression: `(SELECT VALUE id FROM ${from}${condition ? ` WHERE ${condition}` : ''})`,
    single: false,
  };
}

/**
 * @internal The state of a query set over the records reached from `state`'s along one more hop. Hops chain into one
 * graph path; a filter met on the way applies to the records reached so far (`->follows->(user WHERE ...)`).
 */
export function traverseState(
  state: QueryState,
  source: IdSetSource,
  relation: ModelClass,
  direction: Direction,
  options: TraversalOptions & { edges?: boolean } = {},
): { state: QueryState; target: ModelMetadata } {
  const edgeFilter = options.where;
  let edgeCondition: ((bind: Bind) => string) | undefined;
  if (edgeFilter !== undefined) {
    const edges = resolveCriteria(getModelMetadata(relation), edgeFilter);
    edgeCondition = (bind) => compileCondition([edges], bind);
  }
  const hop = options.edges
    ? makeEdgeHop(relation, direction, edgeCondition)
    : makeHop(relation, direction, { to: options.to, edgeCondition });
  const parent = state.traversal;
  const last = parent?.hops[parent.hops.length - 1];
  let traversal: Traversal;
  if (
    parent &&
    !isSliced(state) &&
    !parent.excluded.length &&
    !last?.edgesOnly
  ) {
    const hops = [...parent.hops];
    if (state.where.length) {
      const last = hops[hops.length - 1];
      const earlier = last.nodeCondition;
      hops[hops.length - 1] = {
        ...last,
        nodeCondition: (bind) =>
          [earlier?.(bind), compileCondition(state.where, bind)]
            .filter(Boolean)
            .join(' AND '),
      };
    }
    traversal = { start: parent.start, hops: [...hops, hop], excluded: [] };
  } else {
    traversal = {
      start: (bind) => source[ID_SET](bind),
      hops: [hop],
      excluded: [],
    };
  }
  return {
    state: withChanges(initialState(hop.target), {
      batchSize: state.batchSize,
      traversal,
    }),
    target: hop.target,
  };
}

const ID_KEYS = new Set(['id', 'id__eq', 'id__in']);

/**
 * @internal `exclude({ id })`, `exclude({ id__in: [...] })` or `exclude({ id__in: querySet })` on a traversal, as a
 * state that subtracts those ids from the set it reaches (`array::complement`) rather than testing each record;
 * undefined for any other condition.
 */
export function excludeFromTraversal(
  state: QueryState,
  metadata: ModelMetadata,
  criteria: Criteria,
): QueryState | undefined {
  const traversal = state.traversal;
  if (!traversal || typeof criteria !== 'object' || criteria === null)
    return undefined;
  if (Object.getPrototypeOf(criteria) !== Object.prototype) return undefined;
  const keys = Object.keys(criteria);
  if (keys.length !== 1 || !ID_KEYS.has(keys[0])) return undefined;
  const value = (criteria as Record<string, unknown>)[keys[0]];
  let excluded: (bind: Bind) => StartSet;
  if (isIdSetSource(value)) {
    excluded = (bind) => value[ID_SET](bind);
  } else {
    const ids = withChanges(initialState(metadata), {
      where: [resolveCriteria(metadata, criteria)],
    });
    excluded = (bind) => compileIdSet(ids, bind);
  }
  return withChanges(state, {
    traversal: { ...traversal, excluded: [...traversal.excluded, excluded] },
  });
}
