import type { RecordId } from 'surrealdb';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import { rootConnection } from '../connection/transaction.source.js';
import type { Document } from './document.js';
import type { ModelClass } from './field-types.js';

/** What a subscriber hears about a save. */
export interface SaveEvent<T extends Document = Document> {
  document: T;
  model: ModelClass<T>;
  /** Where the write goes (a transaction's connection inside a transaction). */
  connection: SurrealConnection;
  /** True when the document had never been saved nor loaded. */
  isNew: boolean;
}

/** What a subscriber hears about a delete. */
export interface DeleteEvent<T extends Document = Document> {
  id: RecordId;
  /** The document, when `delete()` was given one (not a bare id). */
  document?: T;
  model: ModelClass<T>;
  connection: SurrealConnection;
}

/**
 * Hears every document saved or deleted through the models on a connection: for cross-cutting concerns such as
 * audit logs. `models` narrows it to some models. A throw in a `before` method aborts the write.
 */
export interface DocumentSubscriber {
  /** Only these models (default: all). */
  readonly models?: readonly ModelClass<any>[];
  beforeSave?(event: SaveEvent): unknown;
  afterSave?(event: SaveEvent): unknown;
  beforeDelete?(event: DeleteEvent): unknown;
  afterDelete?(event: DeleteEvent): unknown;
}

const subscribers = new WeakMap<SurrealConnection, Set<DocumentSubscriber>>();

/**
 * Adds a subscriber to a connection (its transactions included); returns a function that removes it. In Nest,
 * `SurrealModule.forFeature([...], { subscribers: [AuditSubscriber] })` does this for injectable classes.
 */
export function addDocumentSubscriber(
  connection: SurrealConnection,
  subscriber: DocumentSubscriber,
): () => void {
  const root = rootConnection(connection);
  let set = subscribers.get(root);
  if (!set) {
    set = new Set();
    subscribers.set(root, set);
  }
  set.add(subscriber);
  return () => set.delete(subscriber);
}

/** @internal Whether the connection (or the one its transaction belongs to) has subscribers. */
export function hasSubscribers(connection: SurrealConnection): boolean {
  return (subscribers.get(rootConnection(connection))?.size ?? 0) > 0;
}

/** @internal Calls `method` of every subscriber of the connection interested in `model`, in order. */
export async function notifySubscribers<
  K extends 'beforeSave' | 'afterSave' | 'beforeDelete' | 'afterDelete',
>(
  method: K,
  event: K extends 'beforeSave' | 'afterSave' ? SaveEvent : DeleteEvent,
): Promise<void> {
  const set = subscribers.get(rootConnection(event.connection));
  if (!set) return;
  for (const subscriber of set) {
    if (subscriber.models && !subscriber.models.includes(event.model)) continue;
    const handler = subscriber[method] as
      ((event: SaveEvent | DeleteEvent) => unknown) | undefined;
    if (handler) await handler.call(subscriber, event);
  }
}
