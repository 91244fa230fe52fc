import type { RecordId } from 'surrealdb';
import { Document, type WriteOptions } from '../model/document.js';
import { resolveConnection } from '../model/document-persistence.js';
import type { FieldDefinition, ModelClass } from '../model/field-types.js';
import { BUILT_IN_FIELDS } from '../model/model-metadata.js';
import { writeEdges } from './edge-persistence.js';
import {
  RELATION_BRAND,
  relationEndFields,
  type RelationMeta,
} from './relation-metadata.js';

/**
 * Base class of relation models: documents stored in an edge table (`TYPE RELATION`), linking a record `in` to a
 * record `out`. Declare the ends in `meta` and the edge's own data with the field decorators:
 *
 * ```ts
 * class Follows extends Relation<User, User> {
 *   static meta = { collection: 'follows', in: () => User, out: () => User, unique: true };
 *   @DateTimeField() since?: Date;
 * }
 * await ada.relate(Follows, grace, { since: new Date() });
 * ```
 *
 * `in` and `out` are required reference fields (record ids of any table when `meta` leaves them out), so an edge is
 * validated like any document before it is written.
 */
export class Relation<
  In extends Document = Document,
  Out extends Document = Document,
> extends Document {
  /** The edge table, its ends, and whether a pair of records has at most one edge. */
  declare static meta?: RelationMeta;

  /** The record the edge starts from; the document itself when the query fetched it. */
  declare in: RecordId | In;

  /** The record the edge points to; the document itself when the query fetched it. */
  declare out: RecordId | Out;

  /** @internal */
  static [BUILT_IN_FIELDS](this: ModelClass): FieldDefinition[] {
    return relationEndFields(this);
  }

  /**
   * Validates, then writes the edge with `INSERT RELATION`. An edge that has an id (or belongs to a `unique`
   * relation) updates the stored edge's fields; its ends cannot change.
   */
  override async save(options: WriteOptions = {}): Promise<this> {
    await writeEdges(
      this.constructor as ModelClass<this>,
      [this],
      resolveConnection(options.connection, this),
    );
    return this;
  }
}

Object.defineProperty(Relation.prototype, RELATION_BRAND, { value: true });
