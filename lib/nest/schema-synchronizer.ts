import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { ModelClass } from '../model/field-types.js';
import { syncSchema } from '../model/schema-sync.js';

interface ConnectionSyncs {
  /** The last sync queued on the connection; the next one waits for it. */
  tail: Promise<unknown>;
  /** One sync per model, however many `forFeature()` calls list it. */
  done: Map<ModelClass, Promise<void>>;
}

const syncs = new WeakMap<SurrealConnection, ConnectionSyncs>();

/**
 * @internal Defines a model's schema on a connection once, one model after another. Concurrent `DEFINE INDEX`
 * statements meet transaction conflicts, and @surrealdb/node 3.0.3 then keeps the process alive even after the table is
 * removed and the connection closed (seen when two feature modules list the same model).
 */
export function synchronizeModel(
  connection: SurrealConnection,
  model: ModelClass,
): Promise<void> {
  let state = syncs.get(connection);
  if (!state) {
    state = { tail: Promise.resolve(), done: new Map() };
    syncs.set(connection, state);
  }
  let done = state.done.get(model);
  if (!done) {
    done = state.tail.then(async () => {
      await syncSchema(connection, [model]);
    });
    state.tail = done.catch(() => undefined);
    state.done.set(model, done);
  }
  return done;
}
