import type { RecordId } from 'surrealdb';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { Document } from './document.js';
import { validateForSave } from './document-changes.js';
import { hasDocumentHooks, runDocumentHooks } from './document-hooks.js';
import { stateOf } from './document-state.js';
import { hasSubscribers, notifySubscribers } from './document-subscribers.js';
import type { ModelClass } from './field-types.js';

/** @internal Whether a document has never been saved nor loaded. */
export function isNewDocument(document: Document): boolean {
  return stateOf(document).connection === undefined;
}

/** @internal Whether a save of this document has hooks or subscribers to run (most saves have none: no awaits then). */
export function hasLifecycle(
  document: Document,
  connection: SurrealConnection,
): boolean {
  return hasDocumentHooks(document) || hasSubscribers(connection);
}

/**
 * @internal Everything before a save writes: `@BeforeValidate` hooks, validation, `@BeforeSave` hooks, then the
 * connection's subscribers. Any throw aborts the save before anything is written.
 */
export async function beforeSave(
  document: Document,
  connection: SurrealConnection,
  isNew: boolean,
): Promise<void> {
  await runDocumentHooks(document, 'beforeValidate');
  validateForSave(document);
  await runBeforeSaveOnly(document, connection, isNew);
}

/** @internal `@BeforeSave` hooks and subscribers of a document already validated (bulk inserts validate first). */
export async function runBeforeSaveOnly(
  document: Document,
  connection: SurrealConnection,
  isNew: boolean,
): Promise<void> {
  await runDocumentHooks(document, 'beforeSave');
  await notifySubscribers('beforeSave', {
    document,
    model: document.constructor as ModelClass,
    connection,
    isNew,
  });
}

/** @internal `@AfterSave` hooks, then subscribers. */
export async function afterSave(
  document: Document,
  connection: SurrealConnection,
  isNew: boolean,
): Promise<void> {
  await runDocumentHooks(document, 'afterSave');
  await notifySubscribers('afterSave', {
    document,
    model: document.constructor as ModelClass,
    connection,
    isNew,
  });
}

/** @internal `@BeforeDelete`/`@AfterDelete` hooks (when there is a document) and subscribers. */
export async function aroundDelete(
  moment: 'beforeDelete' | 'afterDelete',
  model: ModelClass,
  id: RecordId,
  connection: SurrealConnection,
  document?: Document,
): Promise<void> {
  if (document) await runDocumentHooks(document, moment);
  await notifySubscribers(moment, { id, document, model, connection });
}
