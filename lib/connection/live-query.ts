import { Observable } from 'rxjs';
import { Table, type Expr, type RecordId, type Surreal } from 'surrealdb';
import { escapeIdentifier } from '../model/identifier.js';
import '../workarounds/live-channel.fix.js';
import { isMissingTable } from './surreal.errors.js';

/** One change seen by a live query. */
export interface LiveEvent<T = Record<string, unknown>> {
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  /** The record that changed. */
  id: RecordId;
  /** The record after the change (before it, for DELETE). */
  document: T;
}

/** Options of `connection.live()`. */
export interface LiveOptions {
  /** A condition built with the SDK's expression helpers (`eq`, `gt`, `and`, ...): values stay bound. */
  where?: Expr;
  /** Called once the server has registered the query: changes from then on are delivered. */
  onReady?: () => void;
}

/**
 * A LIVE SELECT as a cold Observable: subscribing registers the live query, unsubscribing kills it.
 * The SDK manages the query, so after a reconnect it is registered again (with a new id) by itself;
 * changes made while the connection was down are not replayed.
 *
 * SurrealDB 3 refuses a LIVE SELECT on a table that does not exist yet. Then the table is defined exactly as the
 * first write into it would define it (`DEFINE TABLE IF NOT EXISTS`, schemaless) and the query registered again,
 * so a feed can start before the first row exists and still see that row's CREATE.
 */
export function liveQuery<T>(
  client: () => Promise<Surreal>,
  table: string,
  options: LiveOptions,
  wrapError: (error: unknown) => Error,
): Observable<LiveEvent<T>> {
  return new Observable<LiveEvent<T>>((subscriber) => {
    let stopped = false;
    let stop: (() => void) | undefined;
    void (async () => {
      const surreal = await client();
      const register = async () => {
        const promise = surreal.live<T>(new Table(table));
        return options.where ? promise.where(options.where) : promise;
      };
      let subscription: Awaited<ReturnType<typeof register>>;
      try {
        subscription = await register();
      } catch (error) {
        if (!isMissingTable(error)) throw error;
        await surreal
          .query(
            `DEFINE TABLE IF NOT EXISTS ${escapeIdentifier(table, `live query on "${table}"`)}`,
          )
          .collect();
        subscription = await register();
      }
      if ('ready' in subscription && typeof subscription.ready === 'function') {
        await (subscription.ready as () => Promise<void>)();
      }
      if (stopped) {
        await subscription.kill();
        return;
      }
      const unsubscribe = subscription.subscribe((message) => {
        if (message.action === 'KILLED') {
          subscriber.complete();
          return;
        }
        subscriber.next({
          action: message.action,
          id: message.recordId,
          document: message.value as T,
        });
      });
      stop = () => {
        unsubscribe();
        void subscription.kill().catch(() => undefined);
      };
      options.onReady?.();
    })().catch((error: unknown) => subscriber.error(wrapError(error)));
    return () => {
      stopped = true;
      stop?.();
    };
  });
}
