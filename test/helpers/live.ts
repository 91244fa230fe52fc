import { firstValueFrom, take, toArray } from 'rxjs';
import { withConflictRetry, type SurrealConnection } from '../../lib/index.js';

/** Subscribes, waits until the server registered the query, and collects `count` events. */
export async function collectLive<T>(
  connection: SurrealConnection,
  table: string,
  count: number,
  options: Parameters<SurrealConnection['live']>[1] = {},
) {
  let ready!: () => void;
  const registered = new Promise<void>((resolve) => (ready = resolve));
  const events = firstValueFrom(
    connection
      .live<T>(table, { ...options, onReady: ready })
      .pipe(take(count), toArray()),
  );
  await registered;
  return { events };
}

/**
 * Events keyed by action. SurrealDB does not promise notification order, even for one record (about 1% arrive
 * swapped), so tests look events up by action instead of by position.
 */
export function byAction<E extends { action: string }>(
  events: readonly E[],
): Record<string, E> {
  return Object.fromEntries(events.map((event) => [event.action, event]));
}

/** A write to a table with live queries on it; SurrealDB may ask for a retry ("can be retried") while they change. */
export function write(
  connection: SurrealConnection,
  surql: string,
): Promise<unknown[]> {
  return withConflictRetry(() => connection.query(surql));
}
