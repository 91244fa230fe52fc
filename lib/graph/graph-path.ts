import type { ModelClass } from '../model/field-types.js';
import {
  getModelMetadata,
  type ModelMetadata,
} from '../model/model-metadata.js';
import type { Bind } from '../query/lookups.js';
import { InvalidQueryError } from '../query/query.errors.js';
import {
  getRelationMetadata,
  type RelationMetadata,
} from './relation-metadata.js';

/** Which way a traversal follows an edge: from `in` to `out`, back from `out` to `in`, or either way. */
export type Direction = 'out' | 'in' | 'both';

/** A SurrealQL condition whose values are bound through `bind`. */
export type Clause = (bind: Bind) => string;

/** One step of a traversal: along an edge table, in a direction, to the model at the far end. */
export interface Hop {
  readonly direction: Direction;
  readonly relation: RelationMetadata;
  /** The model reached. */
  readonly target: ModelMetadata;
  /** Only edges matching this (`->(follows WHERE ...)->`). */
  readonly edgeCondition?: Clause;
  /** Only far records matching this (`->follows->(user WHERE ...)`). */
  readonly nodeCondition?: Clause;
  /** The hop stops at the edges themselves (`->follows`): `target` is the relation model. */
  readonly edgesOnly?: boolean;
}

const ARROWS: Record<Direction, string> = { out: '->', in: '<-', both: '<->' };

/**
 * @internal Checks a step and works out the model it reaches: the relation's `out` model going out, its `in` model
 * coming in; `to` picks (or checks) it, and is needed where the relation leaves that end open.
 */
export function makeHop(
  relationModel: ModelClass,
  direction: Direction,
  options: { to?: ModelClass; edgeCondition?: Clause } = {},
  where = direction,
): Hop {
  if (!Object.hasOwn(ARROWS, direction)) {
    throw new InvalidQueryError(
      `${where}: direction must be "out", "in" or "both", got ${JSON.stringify(direction)}`,
    );
  }
  const relation = getRelationMetadata(relationModel);
  const name = relation.metadata.name;
  const ends =
    direction === 'out'
      ? [relation.to]
      : direction === 'in'
        ? [relation.from]
        : [relation.from, relation.to];
  const fixed =
    ends.every((end) => end !== undefined) && new Set(ends).size === 1;
  let target: ModelClass | undefined = fixed ? ends[0] : undefined;
  if (options.to !== undefined) {
    const wanted = getModelMetadata(options.to).model;
    if (target !== undefined && target !== wanted) {
      throw new InvalidQueryError(
        `${where}(${name}): ${name} leads to ${target.name}, not ${wanted.name}`,
      );
    }
    target = wanted;
  }
  if (target === undefined) {
    throw new InvalidQueryError(
      `${where}(${name}): ${name} does not fix the model at that end; name it: ${where}(${name}, { to: Model })`,
    );
  }
  return {
    direction,
    relation,
    target: getModelMetadata(target),
    edgeCondition: options.edgeCondition,
  };
}

/** @internal A step that stops at the edges of `relation` themselves (`->follows`, `<-follows`, `<->follows`). */
export function makeEdgeHop(
  relationModel: ModelClass,
  direction: Direction,
  edgeCondition?: Clause,
): Hop {
  if (!Object.hasOwn(ARROWS, direction)) {
    throw new InvalidQueryError(
      `edges(): direction must be "out", "in" or "both", got ${JSON.stringify(direction)}`,
    );
  }
  const relation = getRelationMetadata(relationModel);
  return {
    direction,
    relation,
    target: relation.metadata,
    edgeCondition,
    edgesOnly: true,
  };
}

/** @internal The graph path of the hops, e.g. `->follows->user<-(likes WHERE at > $p0)<-user`. */
export function compilePath(hops: readonly Hop[], bind: Bind): string {
  return hops
    .map((hop) => {
      const arrow = ARROWS[hop.direction];
      if (hop.edgesOnly) {
        const conditions = [hop.edgeCondition, hop.nodeCondition]
          .filter((clause) => clause !== undefined)
          .map((clause) => clause(bind));
        const table = hop.relation.metadata.table;
        return conditions.length
          ? `${arrow}(${table} WHERE ${conditions.join(' AND ')})`
          : `${arrow}${table}`;
      }
      const edge = hop.edgeCondition
        ? `(${hop.relation.metadata.table} WHERE ${hop.edgeCondition(bind)})`
        : hop.relation.metadata.table;
      const node = hop.nodeCondition
        ? `(${hop.target.table} WHERE ${hop.nodeCondition(bind)})`
        : hop.target.table;
      return `${arrow}${edge}${arrow}${node}`;
    })
    .join('');
}

/** Where a traversal starts: an expression for one record id, or for an array of them. */
export interface StartSet {
  readonly expression: string;
  /** One record id (`$p0`), rather than an array. */
  readonly single: boolean;
}

/**
 * @internal The record ids reached by following `hops` from `start`, each once, minus those in `excluded` (array
 * expressions): the `FROM` of a traversal's `SELECT`. Graph paths from one record come back flat; from many, one
 * array per start record, hence the flatten.
 */
function compileTraversal(
  start: StartSet,
  hops: readonly Hop[],
  excluded: readonly string[],
  bind: Bind,
): string {
  const path = compilePath(hops, bind);
  const reached = start.single
    ? `array::distinct(${start.expression}${path})`
    : `array::distinct(array::flatten(SELECT VALUE ${path} FROM ${start.expression}))`;
  if (!excluded.length) return reached;
  const removed =
    excluded.length === 1
      ? excluded[0]
      : `array::concat(${excluded.join(', ')})`;
  return `array::complement(${reached}, ${removed})`;
}

/** @internal A traversal: where it starts, its hops, and the record ids it leaves out (each a set of ids). */
export interface Traversal {
  readonly start: (bind: Bind) => StartSet;
  readonly hops: readonly Hop[];
  readonly excluded: readonly ((bind: Bind) => StartSet)[];
}

/** @internal A traversal as the `FROM` of a `SELECT`: the record ids it reaches, each once. */
export function compileTraversalFrom(traversal: Traversal, bind: Bind): string {
  const start = traversal.start(bind);
  const excluded = traversal.excluded.map((set) => {
    const ids = set(bind);
    return ids.single ? `[${ids.expression}]` : ids.expression;
  });
  return compileTraversal(start, traversal.hops, excluded, bind);
}

/** @internal A query set's record ids as a SurrealQL expression: how traversals start, and `id__in: querySet`. */
export const ID_SET = Symbol.for('nestjs-surrealengine.idSet');
