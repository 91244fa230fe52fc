import { firstValueFrom, take, toArray } from 'rxjs';
import type { SurrealConnection } from '../../lib/index.js';

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
