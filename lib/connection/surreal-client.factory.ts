import { Surreal, createRemoteEngines, type Engines } from 'surrealdb';
import type { ConnectionUrl } from './connection-url.js';
import { NodeWebSocket } from './node-websocket.js';
import { SurrealConfigError } from './surreal.errors.js';

type NodeEnginesModule = { createNodeEngines: () => Engines };

let nodeEngines: Promise<NodeEnginesModule> | undefined;

/**
 * Loads `@surrealdb/node` on first use only: it is large (every platform's native binary) and only
 * embedded URLs need it, so it is an optional peer dependency.
 */
export function loadNodeEngines(connectionName: string): Promise<NodeEnginesModule> {
  nodeEngines ??= import('@surrealdb/node').catch((error: unknown) => {
    nodeEngines = undefined;
    throw error;
  });
  return nodeEngines.catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    throw new SurrealConfigError(
      missing
        ? `connection "${connectionName}": embedded URLs (mem://, file://, surrealkv://, rocksdb://) need the optional package @surrealdb/node: run "npm install @surrealdb/node"`
        : `connection "${connectionName}": @surrealdb/node failed to load: ${(error as Error).message}`,
      connectionName,
      { cause: error },
    );
  });
}

/** A fresh, unconnected SDK client able to reach the given URL. */
export async function createSurrealClient(
  url: ConnectionUrl,
  connectionName: string,
): Promise<Surreal> {
  if (!url.embedded) {
    return new Surreal({
      engines: createRemoteEngines(),
      websocketImpl: NodeWebSocket as unknown as typeof globalThis.WebSocket,
    });
  }
  const { createNodeEngines } = await loadNodeEngines(connectionName);
  return new Surreal({ engines: { ...createRemoteEngines(), ...createNodeEngines() } });
}
