import { escapeIdent, type Surreal } from 'surrealdb';
import { workaroundApplies } from './upstream-version.js';

/** The engine release that keeps the process alive; test/workarounds/upstream-bugs.spec.ts says when it is fixed. */
export const MEMORY_ENGINE_SEEN_ON = {
  package: '@surrealdb/node',
  version: '3.0.3',
};

/**
 * @surrealdb/node 3.0.3 keeps the process alive forever once a `DEFINE INDEX` ran in it, even after `close()`
 * (a native task, invisible to Node's handle list), unless the index is removed first. A `mem://` database is
 * discarded on close anyway, so its namespaces are removed before closing; then scripts and test runs exit.
 * Persistent stores cannot be treated so: see the README's known limits. Applied only to the engine releases it
 * was seen on.
 */
export async function releaseMemoryEngine(client: Surreal): Promise<void> {
  if (
    !workaroundApplies(
      MEMORY_ENGINE_SEEN_ON.package,
      MEMORY_ENGINE_SEEN_ON.version,
    )
  )
    return;
  const [root] = await client
    .query<[{ namespaces?: Record<string, unknown> }]>('INFO FOR ROOT')
    .collect();
  const namespaces = Object.keys(root?.namespaces ?? {});
  if (namespaces.length === 0) return;
  await client
    .query(
      namespaces
        .map(
          (namespace) =>
            `REMOVE NAMESPACE IF EXISTS ${escapeIdent(namespace)};`,
        )
        .join('\n'),
    )
    .collect();
}
