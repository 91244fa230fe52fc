import { map, type Observable } from 'rxjs';
import { RecordId } from 'surrealdb';
import type { LiveEvent } from '../connection/live-query.js';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import { effectiveConnection } from '../connection/transaction-scope.js';
import type { Document, DocumentData } from '../model/document.js';
import { hydrate } from '../model/document-hydrator.js';
import {
  deleteRecord,
  insertDocuments,
  saveDocument,
  type InsertOptions,
  toRecordId,
} from '../model/document-persistence.js';
import type { ModelClass } from '../model/field-types.js';
import {
  deleteEdges,
  writeEdges,
  type NodeRef,
} from '../graph/edge-persistence.js';
import { relateNodes, type EdgeData } from '../graph/relate.js';
import { isRelationModel } from '../graph/relation-metadata.js';
import {
  getModelMetadata,
  type ModelMetadata,
} from '../model/model-metadata.js';
import { DoesNotExistError } from '../model/model.errors.js';
import { updatedAtFieldOf } from '../model/timestamps.js';
import type { Criteria } from '../query/condition.js';
import {
  compileRecordUpdate,
  type CompiledQuery,
} from '../query/query-compiler.js';
import { executeQuery } from '../query/query-executor.js';
import { QuerySet } from '../query/query-set.js';
import { toAssignments } from '../query/update-assignments.js';

type Row = Record<string, unknown>;

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
  async save(document: T | DocumentData<T>): Promise<T> {
    if (isRelationModel(this.model)) {
      const [edge] = await writeEdges(
        this.model,
        [this.asDocument(document)],
        this.target,
      );
      return edge;
    }
    return saveDocument(this.asDocument(document), this.target);
  }

  /**
   * Validates every document first (one `ValidationError` for all; nothing written), then writes them in chunks
   * (`chunkSize`, default 100). A chunk that fails after others were written raises `PartialInsertError`, which
   * says which documents were written and which were not. Edges (relation models) are written by `writeEdges`,
   * unchunked.
   */
  insert(
    documents: readonly (T | DocumentData<T>)[],
    options: InsertOptions = {},
  ): Promise<T[]> {
    if (isRelationModel(this.model)) {
      return writeEdges(
        this.model,
        documents.map((document) => this.asDocument(document)),
        this.target,
      );
    }
    return insertDocuments(
      this.model,
      documents.map((document) => this.asDocument(document)),
      this.target,
      options,
    );
  }

  /** The document with this id, or `null`. */
  async findById(id: DocumentId): Promise<T | null> {
    const compiled: CompiledQuery = {
      query: 'SELECT * FROM ONLY $id',
      bindings: { id: toRecordId(this.metadata, id) },
    };
    const connection = this.target;
    const [row] = await executeQuery<[Row | null | undefined]>(
      connection,
      compiled,
      { missingTable: () => [null] },
    );
    return row ? hydrate(this.model, row, { connection }) : null;
  }

  /** Documents matching `filter` (all without one); await it, or chain more query set calls. */
  find(filter: Criteria<T> = {}): QuerySet<T> {
    return this.objects.filter(filter);
  }

  /** The first document matching `filter`, or `null`. */
  findOne(filter: Criteria<T> = {}): Promise<T | null> {
    return this.objects.filter(filter).first();
  }

  /** How many documents match `filter`. */
  count(filter: Criteria<T> = {}): Promise<number> {
    return this.objects.filter(filter).count();
  }

  /** Whether any document matches `filter`. */
  exists(filter: Criteria<T> = {}): Promise<boolean> {
    return this.objects.filter(filter).exists();
  }

  /** Sets fields on the document with this id (validated first); throws `DoesNotExistError` when there is none. */
  async update(
    id: DocumentId | T,
    changes: Record<string, unknown>,
  ): Promise<T> {
    const recordId = this.idOf(id);
    const connection = this.target;
    // `@Timestamps()` models: an update moves `updatedAt` like a save does.
    const updatedAt = updatedAtFieldOf(this.model);
    const compiled = compileRecordUpdate(
      recordId,
      toAssignments(
        this.metadata,
        updatedAt && !(updatedAt in changes)
          ? { ...changes, [updatedAt]: new Date() }
          : changes,
      ),
    );
    const [rows] = await executeQuery<[Row[]]>(connection, compiled, {
      missingTable: () => [[]],
      retryConflicts: true,
      model: this.metadata.name,
    });
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
   * Links `from` to `to` with an edge of `relation`, validated first (`users.relate(ada, Follows, grace, { since })`);
   * `to` may be an array (one statement, one edge each). Ends are documents, `RecordId`s or id parts. Resolves to the
   * edge, or the edges for an array.
   */
  relate<R extends Document>(
    from: NodeRef,
    relation: ModelClass<R>,
    to: NodeRef,
    data?: EdgeData<R>,
  ): Promise<R>;
  relate<R extends Document>(
    from: NodeRef,
    relation: ModelClass<R>,
    to: readonly NodeRef[],
    data?: EdgeData<R>,
  ): Promise<R[]>;
  async relate<R extends Document>(
    from: NodeRef,
    relation: ModelClass<R>,
    to: NodeRef | readonly NodeRef[],
    data?: EdgeData<R>,
  ): Promise<R | R[]> {
    const many = Array.isArray(to);
    const edges = await relateNodes(
      relation,
      from,
      many ? to : [to as NodeRef],
      data,
      this.target,
    );
    return many ? edges : edges[0];
  }

  /** Deletes the edges of `relation` from `from` (only those to `to`, when given); resolves to how many. */
  unrelate(
    from: NodeRef,
    relation: ModelClass,
    to?: NodeRef | readonly NodeRef[],
  ): Promise<number> {
    return deleteEdges(relation, from, to, this.target);
  }

  /**
   * Changes to matching documents as they happen (`{ action, id, document }`, `document` a model instance);
   * unsubscribing kills the live query. `onReady` is called once the server has registered it.
   */
  live(
    filter: Criteria<T> = {},
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
