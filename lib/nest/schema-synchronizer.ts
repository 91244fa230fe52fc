import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { ModelClass } from '../model/field-types.js';
import { syncSchema } from '../model/schema-sync.js';

interface ConnectionSyncs {
  /** The last sync queued on the connection; the next one waits for it. */
  tail: Promise<unknown>;
  /** One sync per model, however many `forFeature()` calls list it. */
  done: Map<ModelClass, Promise<void>>;
  /** On a `lazyConnect` connection: the models to define on every connect. */
  lazy: Set<ModelClass>;
}

const syncs = new WeakMap<SurrealConnection, ConnectionSyncs>();

function syncsOf(connection: SurrealConnection): ConnectionSyncs {
  let state = syncs.get(connection);
  if (!state) {
    state = { tail: Promise.resolve(), done: new Map(), lazy: new Set() };
    syncs.set(connection, state);
  }
  return state;
}

// One sync at a time per connection: concurrent `DEFINE INDEX` statements meet transaction conflicts, and
// @surrealdb/node 3.0.3 then keeps the process alive even after the table is removed and the connection closed.
function enqueue(
  state: ConnectionSyncs,
  work: () => Promise<void>,
): Promise<void> {
  const next = state.tail.then(work);
  state.tail = next.catch(() => undefined);
  return next;
}

/**
 * @internal Defines a model's schema on a connection once, one model after another (seen needed when two feature
 * modules list the same model). On a `lazyConnect` connection the model is also remembered for `syncOnConnect`, and
 * nothing waits while it is not connected yet, so the application still starts.
 */
export function synchronizeModel(
  connection: SurrealConnection,
  model: ModelClass,
): Promise<void> {
  const state = syncsOf(connection);
  if (connection.options.lazyConnect) {
    state.lazy.add(model);
    if (!connection.isConnected()) return Promise.resolve();
  }
  let done = state.done.get(model);
  if (!done) {
    done = enqueue(state, async () => {
      await syncSchema(connection, [model]);
    });
    state.done.set(model, done);
  }
  return done;
}

/**
 * @internal The `onConnect` of a `lazyConnect` connection with `synchronize: true`: defines the schema of its models
 * on every connect and reconnect (harmless when already defined; restores it on a server that lost it), then runs
 * the user's own `onConnect`.
 */
export function syncOnConnect(
  onConnect?: (connection: SurrealConnection) => unknown,
): (connection: SurrealConnection) => Promise<void> {
  return async (connection) => {
    const state = syncsOf(connection);
    // All the models in one sync: one batch of statements per connect, not one per model.
    if (state.lazy.size) {
      await enqueue(state, async () => {
        await syncSchema(connection, [...state.lazy]);
      });
    }
    await onConnect?.(connection);
  };
}
