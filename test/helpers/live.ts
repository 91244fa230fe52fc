import { firstValueFrom, take, toArray } from 'rxjs';
import { withConflictRetry, type SurrealConnection } from '../../lib/index.js';

/** An `onReady` callback and a promise that resolves when it is called: "the server registered the live query". */
export function readySignal(): {
  ready: () => void;
  registered: Promise<void>;
} {
  let ready!: () => void;
  const registered = new Promise<void>((resolve) => (ready = resolve));
  return { ready, registered };
}

/** Subscribes, waits until the server registered the query, and collects `count` events. */
export async function collectLive<T>(
  connection: SurrealConnection,
  table: string,
  count: number,
  options: Parameters<SurrealConnection['live']>[1] = {},
) {
  const { ready, registered } = readySignal();
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
