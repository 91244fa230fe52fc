import { RecordId } from 'surrealdb';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import { executeQuery } from '../query/query-executor.js';
import { deleteEdges, type NodeRef } from '../graph/edge-persistence.js';
import type { Direction } from '../graph/graph-path.js';
import { relateNodes, type EdgeData } from '../graph/relate.js';
import type {
  TraversalOptions,
  TraversalTarget,
} from '../graph/traversal.types.js';
import { InvalidQueryError } from '../query/query.errors.js';
import { QuerySet } from '../query/query-set.js';
import {
  deleteRecord,
  resolveConnection,
  saveDocument,
  toRecordId,
} from './document-persistence.js';
import {
  STATE,
  construction,
  stateOf,
  type DocumentState,
} from './document-state.js';
import { changedFields } from './document-changes.js';
import { applyRecord } from './document-hydrator.js';
import { validateFieldValue, valueKind } from './field-validation.js';
import type { DocumentMeta, ModelClass } from './field-types.js';
import {
  DOCUMENT_BRAND,
  EMBEDDED_BRAND,
  getModelMetadata,
  metadataOf,
} from './model-metadata.js';
import { DoesNotExistError } from './model.errors.js';
import { idPartOf } from './record-id-input.js';
import { ValidationError, type FieldError } from './validation.error.js';

/** The data a model can be created with: its fields (all optional here, `validate()` checks `required`) and `id`. */
export type DocumentData<T> = {
  [
    K in keyof T as K extends keyof Document
      ? K extends 'id'
        ? K
        : never
      : T[K] extends (...args: any[]) => any
        ? never
        : K
  ]?: K extends 'id' ? RecordId | string | number : FieldInput<T[K]>;
};

/** What a field accepts: an embedded document may also be given as a plain object of its fields. */
export type FieldInput<V> = V extends { readonly [EMBEDDED_BRAND]: true }
  ? V | DocumentData<V>
  : V extends readonly (infer E)[]
    ? E extends { readonly [EMBEDDED_BRAND]: true }
      ? (E | DocumentData<E>)[]
      : V
    : V;

/** Where `save()` and `delete()` write. */
export interface WriteOptions {
  /**
   * The connection to use, or its registry name. Default: the one the document was loaded from or saved to, else
   * the default connection.
   */
  connection?: SurrealConnection | string;
}

// Per model class: whether its compiled field declarations re-define properties (ES2022 class fields).
const defineSemantics = new WeakMap<object, boolean>();

function initialValue(value: unknown): unknown {
  if (typeof value === 'function') return (value as () => unknown)();
  // A shared array or object default would leak changes from one document into every other.
  if (
    Array.isArray(value) ||
    (value !== null && Object.getPrototypeOf(value) === Object.prototype)
  ) {
    return structuredClone(value);
  }
  return value;
}

/**
 * Base class of every model (SurrealEngine's `Document`). Declare fields with the field decorators and the table
 * with `static meta = { collection: 'users' }`:
 *
 * ```ts
 * class User extends Document {
 *   static meta = { collection: 'users' };
 *   @StringField({ required: true }) name: string;
 * }
 * const alice = await new User({ name: 'Alice' }).save();
 * ```
 *
 * Values given to the constructor survive whether or not the compiler uses `useDefineForClassFields`: field
 * declarations that would reset them to `undefined` are ignored while the object is being built. Do not give
 * decorated fields initializers (`name = 'x'`); use the `default` option instead.
 */
export class Document {
  /** SurrealEngine's `Meta`: the table name and schema mode. */
  declare static meta?: DocumentMeta;

  /**
   * A query set over this model on the default connection (`User.objects.filter({...})`); `.using(connection)` picks
   * another. For exact typing add `declare static objects: QuerySet<User>` to the model, or call `User.query()`.
   */
  declare static objects: QuerySet<any>;

  /** The record id (`users:abc`); set once saved, or given to the constructor to choose it. */
  id?: RecordId;

  declare private readonly [STATE]: DocumentState;

  /** Makes a document from field values; `id` may be a `RecordId`, or the id part as a string or number. */
  constructor(data?: Record<string, unknown>) {
    const state: DocumentState = {
      unknownKeys: [],
      constructing: true,
    };
    Object.defineProperty(this, STATE, { value: state, enumerable: false });
    const hydrating = construction.hydrating;
    // Consume the flag: documents a user's constructor may build must get their defaults.
    construction.hydrating = false;
    if (hydrating) return;
    const metadata = metadataOf(this);
    const target = this as unknown as Record<string, unknown>;
    let assigned = false;
    if (data !== undefined && data !== null) {
      for (const key of Object.keys(data)) {
        if (key === 'id') {
          if (data.id !== undefined) {
            this.id =
              data.id instanceof RecordId
                ? data.id
                : toRecordId(metadata, data.id);
          }
        } else if (metadata.fields.has(key)) {
          target[key] = data[key];
        } else {
          state.unknownKeys.push(key);
          continue;
        }
        assigned = true;
      }
    }
    for (const [name, field] of metadata.fields) {
      if (target[name] === undefined && field.options.default !== undefined) {
        target[name] = initialValue(field.options.default);
        assigned = true;
      }
    }
    if (!assigned) return;
    const model = new.target;
    const semantics = defineSemantics.get(model);
    if (semantics === false) return;
    // With `useDefineForClassFields` (the ES2022 default) each subclass field declaration re-defines its property as
    // `undefined` right after this constructor returns. A proxy lets us ignore those re-definitions. Whether a class
    // needs it is learnt from its first instance, so classes compiled without class fields pay nothing afterwards.
    queueMicrotask(() => {
      state.constructing = false;
      if (!defineSemantics.has(model)) defineSemantics.set(model, false);
    });
    const fields = metadata.fields;
    return new Proxy(this, {
      defineProperty(object, key, descriptor) {
        const isFieldDeclaration =
          state.constructing &&
          descriptor.value === undefined &&
          descriptor.writable === true &&
          descriptor.enumerable === true &&
          descriptor.configurable === true &&
          (key === 'id' || (typeof key === 'string' && fields.has(key)));
        if (isFieldDeclaration) defineSemantics.set(model, true);
        return (
          (isFieldDeclaration && Object.hasOwn(object, key)) ||
          Reflect.defineProperty(object, key, descriptor)
        );
      },
    });
  }

  /** Makes a document with typed data (the constructor accepts any object). */
  static create<T extends Document>(
    this: ModelClass<T>,
    data?: DocumentData<T>,
  ): T {
    return new this(data);
  }

  /** A typed query set over this model, on `connection` or the default connection. */
  static query<T extends Document>(
    this: ModelClass<T>,
    connection?: SurrealConnection,
  ): QuerySet<T> {
    const querySet = new QuerySet<T>(this);
    return connection ? querySet.using(connection) : querySet;
  }

  /** Every rule this document breaks (empty when valid); `validate()` throws them as one `ValidationError`. */
  validationErrors(): FieldError[] {
    const metadata = metadataOf(this);
    const source = this as unknown as Record<string, unknown>;
    const errors: FieldError[] = [];
    for (const key of stateOf(this).unknownKeys) {
      errors.push({
        field: key,
        rule: 'unknown',
        valueKind: 'field',
        message: `${metadata.name}.${key} is not a field of ${metadata.name}: declare it with a field decorator or leave it out`,
      });
    }
    if (this.id !== undefined) {
      if (
        !(this.id instanceof RecordId) ||
        this.id.table.name !== metadata.collection
      ) {
        errors.push({
          field: 'id',
          rule: 'table',
          valueKind: valueKind(this.id),
          message: `${metadata.name}.id (${valueKind(this.id)}) must be a RecordId of table "${metadata.collection}"`,
        });
      }
    }
    for (const [name, field] of metadata.fields) {
      const fieldErrors = validateFieldValue(
        metadata.name,
        field,
        source[name],
      );
      if (fieldErrors.length) errors.push(...fieldErrors);
    }
    return errors;
  }

  /** Checks every field and throws one `ValidationError` listing all failures. */
  validate(): void {
    const errors = this.validationErrors();
    if (errors.length) throw new ValidationError(metadataOf(this).name, errors);
  }

  /**
   * Validates, then writes: a new document is created (or replaces the record when `id` is set); a loaded or saved
   * one writes only the fields changed since (none changed: no round trip). Nothing is written when invalid.
   */
  save(options: WriteOptions = {}): Promise<this> {
    return saveDocument(this, resolveConnection(options.connection, this));
  }

  /** Sets these fields and saves; when validation or the write fails the document keeps its previous values. */
  async update(
    changes: Partial<DocumentData<this>>,
    options: WriteOptions = {},
  ): Promise<this> {
    const metadata = metadataOf(this);
    const target = this as unknown as Record<string, unknown>;
    const errors: FieldError[] = [];
    for (const key of Object.keys(changes ?? {})) {
      if (!metadata.fields.has(key) || key === metadata.versionField) {
        errors.push({
          field: key,
          rule: 'unknown',
          valueKind: 'field',
          message: `${metadata.name}.${key} is not a field of ${metadata.name} that update() can set`,
        });
      }
    }
    if (errors.length) throw new ValidationError(metadata.name, errors);
    const previous = new Map<string, unknown>();
    for (const [key, value] of Object.entries(changes ?? {})) {
      previous.set(key, target[key]);
      target[key] = value;
    }
    try {
      return await this.save(options);
    } catch (error) {
      for (const [key, value] of previous) target[key] = value;
      throw error;
    }
  }

  /** Reloads every field from the database, dropping unsaved changes; throws `DoesNotExistError` when it is gone. */
  async refresh(options: WriteOptions = {}): Promise<this> {
    const metadata = metadataOf(this);
    if (this.id === undefined) {
      throw new DoesNotExistError(
        `${metadata.name}: refresh() needs a saved document (this one has no id)`,
        metadata.name,
      );
    }
    const connection = resolveConnection(options.connection, this);
    const id = toRecordId(metadata, this.id);
    const [row] = await executeQuery<[Record<string, unknown> | undefined]>(
      connection,
      { query: 'SELECT * FROM ONLY $id', bindings: { id } },
      { missingTable: () => [undefined] },
    );
    if (!row) {
      throw new DoesNotExistError(
        `${metadata.name}: ${id.toString()} no longer exists on connection "${connection.name}"`,
        metadata.name,
        connection.name,
      );
    }
    applyRecord(this, row, metadata, { connection });
    return this;
  }

  /** Whether the document has field changes `save()` would write (always true for a document never saved). */
  isModified(): boolean {
    const changed = changedFields(this);
    return changed === undefined || changed.length > 0;
  }

  /** The names of the fields changed since the document was loaded or saved (every set field when never saved). */
  modifiedFields(): string[] {
    const changed = changedFields(this);
    if (changed) return changed;
    const source = this as unknown as Record<string, unknown>;
    return [...metadataOf(this).fields.keys()].filter(
      (name) => source[name] !== undefined,
    );
  }

  /**
   * What `JSON.stringify` (and so a Nest controller) shows: the fields, and `id` as the id part only (`"x7f3..."`,
   * numbers stay numbers), as are unfetched references. `findById`, `ParseRecordIdPipe` and references accept
   * that id part back.
   */
  toJSON(): Record<string, unknown> {
    const metadata = metadataOf(this);
    const source = this as unknown as Record<string, unknown>;
    const json: Record<string, unknown> = {};
    if (this.id instanceof RecordId) json.id = idPartOf(this.id);
    for (const [name, field] of metadata.fields) {
      const value = source[name];
      if (value === undefined) continue;
      const isReference =
        field.kind === 'reference' ||
        (field.kind === 'list' && field.item?.kind === 'reference');
      json[name] = isReference ? referenceJSON(value) : plainJSON(value);
    }
    return json;
  }

  /**
   * Links this document to `to` with an edge of `relation` (`RELATE this->follows->to`), validated first; `to` may be
   * a saved document, its `RecordId` or its id part, or an array of them (one statement, one edge each). Resolves to
   * the edge, or the edges for an array.
   */
  relate<R extends Document>(
    relation: ModelClass<R>,
    to: NodeRef,
    data?: EdgeData<R>,
    options?: WriteOptions,
  ): Promise<R>;
  relate<R extends Document>(
    relation: ModelClass<R>,
    to: readonly NodeRef[],
    data?: EdgeData<R>,
    options?: WriteOptions,
  ): Promise<R[]>;
  async relate<R extends Document>(
    relation: ModelClass<R>,
    to: NodeRef | readonly NodeRef[],
    data?: EdgeData<R>,
    options: WriteOptions = {},
  ): Promise<R | R[]> {
    const many = Array.isArray(to);
    const edges = await relateNodes(
      relation,
      this,
      many ? to : [to as NodeRef],
      data,
      resolveConnection(options.connection, this),
    );
    return many ? edges : edges[0];
  }

  /** Deletes this document's outgoing edges of `relation` (only those to `to`, when given); resolves to the count. */
  unrelate(
    relation: ModelClass,
    to?: NodeRef | readonly NodeRef[],
    options: WriteOptions = {},
  ): Promise<number> {
    return deleteEdges(
      relation,
      this,
      to,
      resolveConnection(options.connection, this),
    );
  }

  /**
   * The records linked to this one by `relation`: those it points to (`'out'`, the default), those pointing to it
   * (`'in'`) or both, each once, as a query set of the far model (`await ada.related(Follows, 'in')`).
   */
  related<
    R extends Document,
    D extends Direction = 'out',
    F extends TraversalOptions<R> = TraversalOptions<R>,
  >(
    relation: ModelClass<R>,
    direction: D = 'out' as D,
    options: F & WriteOptions = {} as F & WriteOptions,
  ): QuerySet<TraversalTarget<R, D, F>> {
    const metadata = metadataOf(this);
    if (this.id === undefined) {
      throw new InvalidQueryError(
        `${metadata.name}: related(): the document has no id: save it first`,
      );
    }
    if (direction !== 'out' && direction !== 'in' && direction !== 'both') {
      throw new InvalidQueryError(
        `${metadata.name}: related(): direction must be "out", "in" or "both", got ${JSON.stringify(direction)}`,
      );
    }
    const { connection, ...traversal } = options;
    const self = new QuerySet(
      metadata.model,
      resolveConnection(connection, this),
    ).filter({ id: this.id });
    return self[direction](relation, traversal) as QuerySet<
      TraversalTarget<R, D, F>
    >;
  }

  /** This document's edges of `relation`: outgoing (the default), incoming or both, as a query set of the relation. */
  edges<R extends Document>(
    relation: ModelClass<R>,
    direction: Direction = 'out',
    options: WriteOptions = {},
  ): QuerySet<R> {
    const metadata = metadataOf(this);
    if (this.id === undefined) {
      throw new InvalidQueryError(
        `${metadata.name}: edges(): the document has no id: save it first`,
      );
    }
    return new QuerySet(
      metadata.model,
      resolveConnection(options.connection, this),
    )
      .filter({ id: this.id })
      .edges(relation, direction);
  }

  /** Deletes the record; resolves to whether it existed. */
  async delete(options: WriteOptions = {}): Promise<boolean> {
    if (this.id === undefined) return false;
    const metadata = metadataOf(this);
    return deleteRecord(
      metadata,
      toRecordId(metadata, this.id),
      resolveConnection(options.connection, this),
      this,
    );
  }
}

// JSON has no sets or bytes: a set is written as an array, bytes as base64 text.
function plainJSON(value: unknown): unknown {
  if (value instanceof Set) return [...(value as Set<unknown>)];
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

function referenceJSON(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(referenceJSON);
  return value instanceof RecordId ? idPartOf(value) : value;
}

Object.defineProperty(Document.prototype, DOCUMENT_BRAND, { value: true });
Object.defineProperty(Document, 'objects', {
  get(this: ModelClass) {
    getModelMetadata(this);
    return new QuerySet(this);
  },
});
