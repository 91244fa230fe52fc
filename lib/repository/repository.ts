import { map, type Observable } from 'rxjs';
import { RecordId } from 'surrealdb';
import type { LiveEvent } from '../connection/live-query.js';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { Document, DocumentData } from '../model/document.js';
import { hydrate } from '../model/document-hydrator.js';
import {
  deleteRecord,
  insertDocuments,
  saveDocument,
  toRecordId,
} from '../model/document-persistence.js';
import { withConflictRetry } from '../connection/conflict-retry.js';
import { effectiveConnection } from '../connection/transaction-scope.js';
import { updatedAtFieldOf } from '../model/timestamps.js';
import {
  isMissingTable,
  translateWriteError,
} from '../model/database-errors.js';
import type { ModelClass } from '../model/field-types.js';
import {
  getModelMetadata,
  type ModelMetadata,
} from '../model/model-metadata.js';
import { DoesNotExistError } from '../model/model.errors.js';
import {
  QuerySet,
  compileAssignments,
  type Filter,
} from '../query/query-set.js';

/** A record id: an SDK `RecordId` of the model's table, or the id part as a string or number (never parsed). */
export type DocumentId = RecordId | string | number;

/**
 * Data access for one model on one connection (the Nest-injectable counterpart of `Model.objects`):
 * `new Repository(User, connection)` or `connection.getRepository(User)`. Extend it for domain queries (see
 * `@RepositoryFor`). Inside `runInTransaction()`/`@Transactional()` it works in that transaction.
 */
export class Repository<T extends Document> {
  private readonly metadata: ModelMetadata;

  constructor(
    readonly model: ModelClass<T>,
    readonly connection: SurrealConnection,
  ) {
    this.metadata = getModelMetadata(model);
  }

  /** A query set over the model on this repository's connection. */
  get objects(): QuerySet<T> {
    return new QuerySet(this.model, this.target);
  }

  /** A new, unsaved document. */
  create(data: DocumentData<T> = {}): T {
    return new this.model(data);
  }

  /** Validates and saves a document (or data for a new one); resolves to the saved document with its `id`. */
  save(document: T | DocumentData<T>): Promise<T> {
    return saveDocument(this.asDocument(document), this.target);
  }

  /** Validates every document first (one `ValidationError` for all), then writes them in a single statement. */
  insert(documents: readonly (T | DocumentData<T>)[]): Promise<T[]> {
    return insertDocuments(
      this.model,
      documents.map((document) => this.asDocument(document)),
      this.target,
    );
  }

  /** The document with this id, or `null`. */
  async findById(id: DocumentId): Promise<T | null> {
    const recordId = toRecordId(this.metadata, id);
    const connection = this.target;
    try {
      const [row] = await connection.query<
        [Record<string, unknown> | null | undefined]
      >('SELECT * FROM ONLY $id', { id: recordId });
      return row ? hydrate(this.model, row, { connection }) : null;
    } catch (error) {
      if (isMissingTable(error)) return null;
      throw error;
    }
  }

  /** Documents matching `filter` (all without one); await it, or chain more query set calls. */
  find(filter: Filter = {}): QuerySet<T> {
    return this.objects.filter(filter);
  }

  /** The first document matching `filter`, or `null`. */
  findOne(filter: Filter = {}): Promise<T | null> {
    return this.objects.filter(filter).first();
  }

  /** How many documents match `filter`. */
  count(filter: Filter = {}): Promise<number> {
    return this.objects.filter(filter).count();
  }

  /** Whether any document matches `filter`. */
  exists(filter: Filter = {}): Promise<boolean> {
    return this.objects.filter(filter).exists();
  }

  /** Sets fields on the document with this id (validated first); throws `DoesNotExistError` when there is none. */
  async update(
    id: DocumentId | T,
    changes: Record<string, unknown>,
  ): Promise<T> {
    const recordId = this.idOf(id);
    const connection = this.target;
    const params: Record<string, unknown> = { id: recordId };
    let next = 0;
    const updatedAt = updatedAtFieldOf(this.model);
    if (updatedAt && !(updatedAt in changes)) {
      changes = { ...changes, [updatedAt]: new Date() };
    }
    const assignments = compileAssignments(this.metadata, changes, (value) => {
      const name = `p${next++}`;
      params[name] = value;
      return `$${name}`;
    });
    let rows: Record<string, unknown>[];
    try {
      // UPDATE on a record id never creates it (UPSERT would), and reads only that record.
      [rows] = await withConflictRetry(() =>
        connection.query<[Record<string, unknown>[]]>(
          `UPDATE $id SET ${assignments} RETURN AFTER`,
          params,
        ),
      );
    } catch (error) {
      if (!isMissingTable(error))
        throw translateWriteError(error, this.metadata.name, connection.name);
      rows = [];
    }
    const updated = rows[0] && hydrate(this.model, rows[0], { connection });
    if (!updated) {
      throw new DoesNotExistError(
        `${this.metadata.name}: no document ${recordId.toString()} on connection "${connection.name}" to update`,
        this.metadata.name,
        connection.name,
      );
    }
    return updated;
  }

  /**
   * Changes to matching documents as they happen (`{ action, id, document }`, `document` a model instance);
   * unsubscribing kills the live query. `onReady` is called once the server has registered it.
   */
  live(
    filter: Filter = {},
    options: { onReady?: () => void } = {},
  ): Observable<LiveEvent<T>> {
    const where = this.find(filter).toCondition();
    return this.connection
      .live<Record<string, unknown>>(this.metadata.collection, {
        where,
        onReady: options.onReady,
      })
      .pipe(
        map((event) => ({
          ...event,
          document: hydrate(this.model, event.document, {
            connection: this.connection,
          }),
        })),
      );
  }

  /** Deletes a document, given it or its id; resolves to whether it existed. Hooks run when given the document. */
  delete(target: DocumentId | T): Promise<boolean> {
    return deleteRecord(
      this.metadata,
      this.idOf(target),
      this.target,
      target instanceof this.model ? target : undefined,
    );
  }

  /** The connection calls go to: this repository's, or its transaction inside `runInTransaction()`. */
  protected get target(): SurrealConnection {
    return effectiveConnection(this.connection);
  }

  private idOf(target: DocumentId | T): RecordId {
    if (target instanceof this.model) {
      if (target.id === undefined) {
        throw new DoesNotExistError(
          `${this.metadata.name}: the document has no id: it was never saved`,
          this.metadata.name,
          this.connection.name,
        );
      }
      return toRecordId(this.metadata, target.id);
    }
    return toRecordId(this.metadata, target as DocumentId);
  }

  private asDocument(document: T | DocumentData<T>): T {
    return document instanceof this.model ? document : new this.model(document);
  }
}
