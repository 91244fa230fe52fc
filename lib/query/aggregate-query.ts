import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { ModelMetadata } from '../model/model-metadata.js';
import type {
  AggregateRow,
  AggregateSpec,
  GroupRow,
} from './aggregate-types.js';
import type { Document } from '../model/document.js';
import {
  aggregateTerm,
  checkUniqueKeys,
  convertRow,
  type ProjectionTerm,
} from './projection.js';
import {
  compileAggregate,
  type AggregateShape,
  type CompiledQuery,
} from './query-compiler.js';
import { executeQuery } from './query-executor.js';
import type { QueryState } from './query-state.js';
import { InvalidQueryError } from './query.errors.js';

/** @internal What a grouped query needs from the query set it came from. */
export interface AggregateSource {
  readonly metadata: ModelMetadata;
  readonly state: QueryState;
  readonly connection: () => SurrealConnection;
}

type Row = Record<string, unknown>;

/** An `aggregate()` row key to sort by, `-` in front for descending. */
export type AggregateOrderKey<R> =
  (keyof R & string) | `-${keyof R & string}` | `+${keyof R & string}`;

/** @internal Checks the aggregates and returns their terms, group keys first. */
export function aggregateTerms(
  metadata: ModelMetadata,
  group: readonly ProjectionTerm[],
  spec: unknown,
): ProjectionTerm[] {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new InvalidQueryError(
      `${metadata.name}: aggregate() takes an object such as { n: count(), avgAge: avg('age') }`,
    );
  }
  const values = Object.keys(spec).map((key) =>
    aggregateTerm(metadata, key, (spec as Row)[key]),
  );
  checkUniqueKeys(metadata, [...group, ...values], 'aggregate()');
  return values;
}

function checkCount(
  metadata: ModelMetadata,
  value: number,
  what: string,
): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidQueryError(
      `${metadata.name}: ${what} must be a whole number >= 0, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * The rows of `groupBy(...).aggregate({...})`, one per group: lazy and immutable like a query set; `await` it,
 * or sort and slice the groups first with `orderBy('-n')`, `limit()` and `start()`.
 */
export class AggregateQuery<R> implements PromiseLike<R[]> {
  /** @internal Use `groupBy(...).aggregate()`. */
  constructor(
    private readonly source: AggregateSource,
    private readonly shape: AggregateShape,
  ) {}

  /** Sorts the groups by row keys (group fields or aggregate names), `-` for descending: `orderBy('-n')`. */
  orderBy(...keys: AggregateOrderKey<R>[]): AggregateQuery<R> {
    const { metadata } = this.source;
    const terms = [...this.shape.group, ...this.shape.values];
    const order = keys.map((spec: unknown) => {
      const text = typeof spec === 'string' ? spec : '';
      const desc = text.startsWith('-');
      const key = desc || text.startsWith('+') ? text.slice(1) : text;
      const term = terms.find((entry) => entry.key === key);
      if (!term) {
        throw new InvalidQueryError(
          `${metadata.name}: aggregate orderBy(${JSON.stringify(String(spec)).slice(0, 60)}): not a key of the rows (${terms.map((entry) => entry.key).join(', ')})`,
        );
      }
      return { alias: term.alias, desc };
    });
    return new AggregateQuery(this.source, { ...this.shape, order });
  }

  /** At most `count` groups. */
  limit(count: number): AggregateQuery<R> {
    const limit = checkCount(this.source.metadata, count, 'aggregate limit()');
    return new AggregateQuery(this.source, { ...this.shape, limit });
  }

  /** Skips the first `count` groups. */
  start(count: number): AggregateQuery<R> {
    const start = checkCount(this.source.metadata, count, 'aggregate start()');
    return new AggregateQuery(this.source, { ...this.shape, start });
  }

  /** Runs the statement; a table nobody wrote to yet has no groups. */
  async all(): Promise<R[]> {
    const [rows] = await executeQuery<[Row[]]>(
      this.source.connection(),
      this.toQuery(),
      { missingTable: () => [[]] },
    );
    const terms = [...this.shape.group, ...this.shape.values];
    return rows.map((row) => convertRow(terms, row) as R);
  }

  /** Resolves to `all()`. */
  // oxlint-disable-next-line unicorn/no-thenable -- thenable like a query set
  then<R1 = R[], R2 = never>(
    onfulfilled?: ((value: R[]) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.all().then(onfulfilled, onrejected);
  }

  /** The one SurrealQL statement this runs, with its bindings. */
  toQuery(): CompiledQuery {
    return compileAggregate(this.source.state, this.shape);
  }
}

/** A query set grouped by fields (`groupBy('role')`): call `aggregate()` for one row per group. */
export class GroupedQuerySet<T extends Document, K extends string> {
  /** @internal Use `querySet.groupBy(...)`. */
  constructor(
    private readonly source: AggregateSource,
    private readonly group: readonly ProjectionTerm[],
  ) {}

  /**
   * One row per group with the group's field values and the named aggregates:
   * `groupBy('role').aggregate({ n: count(), avgAge: avg('age') })` -> `{ role, n, avgAge }[]`.
   */
  aggregate<A extends AggregateSpec<T> = {}>(
    spec: A = {} as A,
  ): AggregateQuery<GroupRow<T, K> & AggregateRow<T, A>> {
    const values = aggregateTerms(this.source.metadata, this.group, spec);
    return new AggregateQuery(this.source, {
      group: this.group,
      values,
      order: [],
    });
  }
}
