import { AlreadyExistsError, RecordId } from 'surrealdb';
import { findConnection } from '../connection/connection-registry.js';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import { SurrealConfigError } from '../connection/surreal.errors.js';
import { effectiveConnection } from '../connection/transaction-scope.js';
import { executeQuery } from '../query/query-executor.js';
import { NotUniqueError } from './database-errors.js';
import type { Document } from './document.js';
import {
  changedFields,
  validateForSave,
  writeChanges,
} from './document-changes.js';
import { applyRecord } from './document-hydrator.js';
import {
  afterSave,
  aroundDelete,
  beforeSave,
  hasLifecycle,
  isNewDocument,
  runBeforeSaveOnly,
} from './document-lifecycle.js';
import { runDocumentHooks } from './document-hooks.js';
import { stateOf } from './document-state.js';
import { toDatabase } from './field-codecs.js';
import type { ModelClass } from './field-types.js';
import {
  getModelMetadata,
  metadataOf,
  type ModelMetadata,
} from './model-metadata.js';
import { ModelDefinitionError } from './model.errors.js';
import { PartialInsertError } from './partial-insert.error.js';
import { parseRecordIdInput } from './record-id-input.js';
import { holdsContent, newRecordKey } from './stored-content.js';
import { warnIfUniqueUnenforced } from './unique-index.check.js';
import { ValidationError, type FieldError } from './validation.error.js';

type Row = Record<string, unknown>;

/**
 * @internal The connection to use: the one given (an object, or a registry name), else the one the document came
 * from, else the default (see `findConnection()`); inside `runInTransaction()`, that connection's transaction.
 */
export function resolveConnection(
  explicit?: SurrealConnection | string,
  document?: Document,
): SurrealConnection {
  const chosen =
    typeof explicit === 'string'
      ? findConnection(explicit)
      : (explicit ??
        (document && stateOf(document).connection) ??
        findConnection());
  return effectiveConnection(chosen);
}

/** @internal A document's fields converted for the database; `undefined` fields are left out. */
export function toRecord(document: Document, metadata: ModelMetadata): Row {
  const source = document as unknown as Row;
  const record: Row = {};
  for (const [name, field] of metadata.fields) {
    const value = toDatabase(field, source[name]);
    if (value !== undefined) record[name] = value;
  }
  return record;
}

/** The record a document's first write sends: a versioned model starts at version 1. */
function firstRecord(document: Document, metadata: ModelMetadata): Row {
  const source = document as unknown as Row;
  if (metadata.versionField && source[metadata.versionField] === undefined) {
    source[metadata.versionField] = 1;
  }
  return toRecord(document, metadata);
}

/** The id made on the client for a document without one, the same one until its first write succeeds. */
function pendingId(document: Document, metadata: ModelMetadata): RecordId {
  const state = stateOf(document);
  return (state.pendingId ??= new RecordId(
    metadata.collection,
    newRecordKey(),
  ));
}

/** @internal The record id for `id` in `model`'s table, by the rule of `record-id-input.ts`. */
export function toRecordId(metadata: ModelMetadata, id: unknown): RecordId {
  return parseRecordIdInput(metadata.collection, id, metadata.name);
}

/**
 * @internal Validates, then writes: a new document is created (or replaces the record when it has an id); a loaded
 * or saved one writes only its changed fields (nothing at all when none changed). Refreshes the document.
 */
export async function saveDocument<T extends Document>(
  document: T,
  connection: SurrealConnection,
): Promise<T> {
  const metadata = metadataOf(document);
  const isNew = isNewDocument(document);
  const lifecycle = hasLifecycle(document, connection);
  let changed: string[] | undefined;
  if (lifecycle) {
    await beforeSave(document, connection, isNew);
    // After the before-save hooks, so what they set (timestamps, say) is written too.
    changed = changedFields(document);
  } else {
    changed = validateForSave(document);
  }
  if (changed && document.id !== undefined) {
    const row = await writeChanges(
      document,
      toRecordId(metadata, document.id),
      changed,
      connection,
    );
    if (row) applyRecord(document, row, metadata, { connection });
    if (lifecycle) await afterSave(document, connection, isNew);
    return document;
  }
  const data = firstRecord(document, metadata);
  let rows: Row[];
  if (document.id === undefined) {
    data.id = pendingId(document, metadata);
    rows = await createOnce(metadata, connection, [data]);
  } else {
    [rows] = await write<[Row[]]>(
      metadata,
      connection,
      'UPSERT $id CONTENT $data',
      { id: document.id, data },
    );
  }
  applyRecord(document, rows[0], metadata, { connection });
  if (lifecycle) await afterSave(document, connection, isNew);
  return document;
}

/** How `insert()` writes. */
export interface InsertOptions {
  /**
   * Documents per `INSERT` statement (default {@link DEFAULT_INSERT_CHUNK}). One statement over many rows grows
   * worse than linearly in SurrealDB 3.0 (10,000 rows: 11 s; in chunks of 100: 0.5 s).
   */
  chunkSize?: number;
}

/**
 * Documents per `INSERT` unless told. Measured on SurrealDB 3.0.2 (mem://, 10,000 rows of 300 bytes): chunks of 50-200
 * are fastest (about 0.4-0.5 s), 1,000 take twice as long and one statement of 10,000 takes 11 s.
 */
export const DEFAULT_INSERT_CHUNK = 100;

/**
 * @internal Validates every document first (nothing is written when one fails), then writes them in chunks of
 * `chunkSize`, one `INSERT` each. Not atomic: a failing chunk after the first raises `PartialInsertError` naming what
 * was written. (One transaction around the chunks would be, but it makes 10,000 rows about 20x slower.)
 */
export async function insertDocuments<T extends Document>(
  model: ModelClass<T>,
  documents: T[],
  connection: SurrealConnection,
  { chunkSize = DEFAULT_INSERT_CHUNK }: InsertOptions = {},
): Promise<T[]> {
  const metadata = getModelMetadata(model);
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new SurrealConfigError(
      `${metadata.name}: insert() option "chunkSize" must be a whole number >= 1, got ${String(chunkSize)}`,
      connection.name,
    );
  }
  const errors: FieldError[] = [];
  // Bulk inserts of models without hooks or subscribers (the usual case) skip the per-document awaits.
  const lifecycle =
    documents[0] instanceof model && hasLifecycle(documents[0], connection);
  for (const document of lifecycle ? documents : []) {
    if (document instanceof model)
      await runDocumentHooks(document, 'beforeValidate');
  }
  documents.forEach((document, index) => {
    if (!(document instanceof model)) {
      throw new ModelDefinitionError(
        `${metadata.name}: insert() item ${index} is not a ${metadata.name}`,
      );
    }
    for (const error of document.validationErrors()) {
      errors.push({
        ...error,
        field: `[${index}].${error.field}`,
        message: error.message.replace(
          `${metadata.name}.`,
          `${metadata.name}[${index}].`,
        ),
      });
    }
  });
  if (errors.length) throw new ValidationError(metadata.name, errors);
  const fresh = documents.map(isNewDocument);
  for (const [index, document] of (lifecycle ? documents : []).entries()) {
    await runBeforeSaveOnly(document, connection, fresh[index]);
  }
  const rowsOf = (from: number) =>
    documents.slice(from, from + chunkSize).map((document) => {
      const row = firstRecord(document, metadata);
      row.id = document.id ?? pendingId(document, metadata);
      return row;
    });
  const send = (rows: Row[]) => createOnce(metadata, connection, rows);
  // One chunk in flight at a time; the next is converted before, and this one's records applied after, the
  // database answers, so that work overlaps the database's.
  let pending = documents.length ? send(rowsOf(0)) : undefined;
  for (let from = 0; pending; from += chunkSize) {
    const to = Math.min(from + chunkSize, documents.length);
    const next = to < documents.length ? rowsOf(to) : undefined;
    let saved: Row[];
    try {
      saved = await pending;
    } catch (error) {
      if (from === 0) throw error;
      throw new PartialInsertError(
        `${metadata.name}: insert() on connection "${connection.name}" wrote documents 0-${from - 1} of ${documents.length}, then the chunk of documents ${from}-${to - 1} failed, so documents ${from}-${documents.length - 1} were not written: ${error instanceof Error ? error.message : String(error)}. The error's "written" and "notWritten" hold them; insert "notWritten" again once the cause is fixed`,
        metadata.name,
        documents.slice(0, from),
        documents.slice(from),
        connection.name,
        { cause: error },
      );
    }
    pending = next && send(next);
    for (let index = from; index < to; index++) {
      applyRecord(documents[index], saved[index - from], metadata, {
        connection,
      });
    }
  }
  for (const [index, document] of (lifecycle ? documents : []).entries()) {
    await afterSave(document, connection, fresh[index]);
  }
  return documents;
}

/**
 * @internal Deletes one record; resolves to whether it existed. Hooks and subscribers run around it (the
 * document's own hooks only when the document is given).
 */
export async function deleteRecord(
  metadata: ModelMetadata,
  id: RecordId,
  connection: SurrealConnection,
  document?: Document,
): Promise<boolean> {
  await aroundDelete('beforeDelete', metadata.model, id, connection, document);
  const [rows] = await executeQuery<[Row[]]>(
    connection,
    { query: 'DELETE $id RETURN BEFORE', bindings: { id } },
    { missingTable: () => [[]], retryConflicts: true },
  );
  const existed = rows.length > 0;
  if (existed)
    await aroundDelete('afterDelete', metadata.model, id, connection, document);
  return existed;
}

/**
 * Creates records whose ids are set, once: when the same write already happened (the SDK re-sent it after a reconnect,
 * or the caller retried after a timeout), "already exists" with the same content counts as success.
 */
async function createOnce(
  metadata: ModelMetadata,
  connection: SurrealConnection,
  rows: Row[],
): Promise<Row[]> {
  const [surql, bindings] =
    rows.length === 1
      ? // The id only in `$id`: repeated inside the content it costs the engine about 10% more.
        [
          `CREATE $id CONTENT $data`,
          { id: rows[0].id, data: withoutId(rows[0]) },
        ]
      : [`INSERT INTO ${metadata.table} $rows`, { rows }];
  try {
    const [created] = await write<[Row[]]>(
      metadata,
      connection,
      surql,
      bindings,
    );
    return created;
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    const ids = rows.map((row) => row.id);
    const [stored] = await executeQuery<[Row[]]>(
      connection,
      { query: 'SELECT * FROM $ids', bindings: { ids } },
      { retryConflicts: true },
    );
    const byId = new Map(stored.map((row) => [String(row.id), row]));
    const found = ids.map((id) => byId.get(String(id)));
    const differs = rows.findIndex(
      (row, index) => !holdsContent(found[index], row),
    );
    if (differs === -1) return found as Row[];
    throw new NotUniqueError(
      `${metadata.name}: connection "${connection.name}": record ${String(ids[differs])} already exists with other content; save with a new id, or load and update the existing document`,
      metadata.name,
      'id',
      connection.name,
      { cause: error },
    );
  }
}

function withoutId(row: Row): Row {
  const { id: _id, ...rest } = row;
  return rest;
}

/** A write to `metadata`'s table through the executor (conflicts retried, unique violations translated). */
async function write<T extends unknown[]>(
  metadata: ModelMetadata,
  connection: SurrealConnection,
  query: string,
  bindings: Row,
): Promise<T> {
  const result = await executeQuery<T>(
    connection,
    { query, bindings },
    { retryConflicts: true, model: metadata.name },
  );
  warnIfUniqueUnenforced(metadata, connection);
  return result;
}
