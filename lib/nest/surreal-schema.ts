import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { ModelClass } from '../model/field-types.js';
import { syncSchema } from '../model/schema-sync.js';

// Models given to forFeature() on each connection with `synchronize: true`.
const modelsOf = new WeakMap<SurrealConnection, Set<ModelClass>>();

/**
 * @internal `synchronize: true` for one model: defined now when the connection is open; on a `lazyConnect`
 * connection not connected yet, on its first connect instead (see `syncOnConnect`), so the app still starts.
 */
export async function synchronizeModel(
  connection: SurrealConnection,
  model: ModelClass,
): Promise<void> {
  let models = modelsOf.get(connection);
  if (!models) {
    models = new Set();
    modelsOf.set(connection, models);
  }
  models.add(model);
  if (connection.options.lazyConnect && !connection.isConnected()) return;
  await syncSchema(connection, [model]);
}

/**
 * @internal The `onConnect` of a connection with `synchronize: true`: defines the schema of its models on every
 * connect and reconnect (harmless when already defined; restores it on a server that lost it), then runs the
 * user's own `onConnect`.
 */
export function syncOnConnect(
  onConnect?: (connection: SurrealConnection) => unknown,
): (connection: SurrealConnection) => Promise<void> {
  return async (connection) => {
    const models = modelsOf.get(connection);
    if (models?.size) await syncSchema(connection, [...models]);
    await onConnect?.(connection);
  };
}
