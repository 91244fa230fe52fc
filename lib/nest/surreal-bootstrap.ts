import type { ConnectionRegistry } from '../connection/connection-registry.js';

const aborted = new WeakSet<ConnectionRegistry>();

/**
 * @internal Starts closing every connection an application opened, when the library makes its bootstrap fail (a
 * connection that cannot open, a `forFeature()` without its `forRoot()`): Nest runs no shutdown hooks for an
 * application that never started, and an open connection would keep the process alive.
 */
export function abortBootstrap(registry: ConnectionRegistry | undefined): void {
  if (!registry) return;
  aborted.add(registry);
  // Not awaited: the error that made the bootstrap fail must reach Nest before the "closed" errors of the
  // connections still opening.
  registry.closeAll().catch(() => undefined);
}

/** @internal Whether the application of this registry failed to start. */
export function isBootstrapAborted(registry: ConnectionRegistry): boolean {
  return aborted.has(registry);
}
