import type { Document } from '../model/document.js';
import type { ModelClass } from '../model/field-types.js';
import type { Filter } from '../query/query-types.js';
import type { Relation } from './relation.js';

/** Options of `out()`, `in()` and `both()` on a query set. */
export interface TraversalOptions<R extends Document = Document> {
  /** Follow only edges matching this filter, checked against the relation model (`{ since__gt: date }`). */
  where?: Filter & Partial<Record<keyof R, unknown>>;
  /** The model reached, where the relation leaves that end open (`meta.out` unset), or to check it. */
  to?: ModelClass<any>;
}

/** The model a traversal reaches: `to` when given, else the relation's end in that direction. */
export type TraversalTarget<
  R extends Document,
  D extends 'out' | 'in' | 'both',
  F,
> = F extends { to: ModelClass<infer M> }
  ? M
  : R extends Relation<infer I, infer O>
    ? D extends 'out'
      ? O
      : D extends 'in'
        ? I
        : I | O
    : Document;
