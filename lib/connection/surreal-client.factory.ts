import {
  Surreal,
  createRemoteEngines,
  type DriverContext,
  type Engines,
} from 'surrealdb';
import type { SurrealConnectionOptions } from './connection-options.interface.js';
import type { ConnectionUrl } from './connection-url.js';
import { reportEngineErrors } from '../workarounds/engine-errors.fix.js';
import { NodeWebSocket } from '../workarounds/node-websocket.fix.js';
import { scopedCalls } from '../workarounds/resent-call.fix.js';
import { SharedEmbeddedEngine } from './shared-embedded.engine.js';
import { SurrealConfigError } from './surreal.errors.js';

type NodeEnginesModule = { createNodeEngines: () => Engines };

let nodeEngines: Promise<NodeEnginesModule> | undefined;

/**
 * Loads `@surrealdb/node` on first use only: it is large (every platform's native binary) and only
 * embedded URLs need it, so it is an optional peer dependency.
 */
export function loadNodeEngines(
  connectionName: string,
): Promise<NodeEnginesModule> {
  nodeEngines ??= import('@surrealdb/node').catch((error: unknown) => {
    nodeEngines = undefined;
    throw error;
  });
  return nodeEngines.catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    const missing =
      code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    throw new SurrealConfigError(
      missing
        ? `connection "${connectionName}": embedded URLs (mem://, file://, surrealkv://, rocksdb://) need the optional package @surrealdb/node: run "npm install @surrealdb/node"`
        : `connection "${connectionName}": @surrealdb/node failed to load: ${(error as Error).message}`,
      connectionName,
      { cause: error },
    );
  });
}

/** On-disk schemes: one datastore per path per process, shared (see `SharedEmbeddedEngine`). */
const sharedStoreEngines: Engines = Object.fromEntries(
  ['rocksdb', 'surrealkv', 'surrealkv+versioned'].map((scheme) => [
    scheme,
    (context: DriverContext) => new SharedEmbeddedEngine(context),
  ]),
);

/**
 * A fresh, unconnected SDK client able to reach the given URL. `onEngineError` hears the errors engines
 * publish on their own channel, which the SDK does not pass on: without it a failed embedded open or a
 * refused socket leaves `connect()` pending forever.
 */
export async function createSurrealClient(
  url: ConnectionUrl,
  connectionName: string,
  onEngineError: (error: Error) => void,
  clientFactory?: SurrealConnectionOptions['clientFactory'],
): Promise<Surreal> {
  const engines = url.embedded
    ? {
        ...createRemoteEngines(),
        ...(await loadNodeEngines(connectionName)).createNodeEngines(),
        ...sharedStoreEngines,
      }
    : createRemoteEngines();
  const defaults = {
    engines: scopedCalls(reportEngineErrors(engines, onEngineError)),
    websocketImpl: NodeWebSocket as unknown as typeof globalThis.WebSocket,
  };
  if (!clientFactory) return new Surreal(defaults);
  const client = await clientFactory(defaults);
  if (!(client instanceof Surreal)) {
    throw new SurrealConfigError(
      `connection "${connectionName}": option "clientFactory" must return a Surreal client (from the surrealdb package)`,
      connectionName,
    );
  }
  return client;
}
