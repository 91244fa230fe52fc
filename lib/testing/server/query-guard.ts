import { Uuid } from 'surrealdb';
import type { EngineHost, QueryResultEntry } from './engine-host.js';
import type { EngineSession } from './engine-session.js';
import { mayStartLive, scanKill } from './kill-statement.js';
import {
  decodeEngineError,
  errors,
  isEngineError,
  RpcError,
  cbor,
} from './rpc-frames.js';

/** The answer to a `query`: raw engine bytes or a value the server built, or an engine error. */
export type QueryOutcome =
  | { bytes: Uint8Array }
  | { value: unknown }
  | { error: ReturnType<typeof decodeEngineError> };

/** How a transport treats live queries around a `query`. */
export interface LivePolicy {
  /** May this caller kill live query `id`? */
  mayKill(id: string): boolean;
  /** Called with the answer of a query that started live queries; may return replacement entries. */
  started(entries: QueryResultEntry[]): Promise<QueryResultEntry[] | undefined>;
}

function killRefused(id: string): QueryResultEntry[] {
  return [
    {
      status: 'ERR',
      result: errors.killNotFound(id).message,
      time: '0ns',
      type: 'kill',
      kind: 'Internal',
    },
  ];
}

/**
 * Runs a `query` request. The engine lets any session kill any live query, so a `KILL` is checked against the
 * caller's own live queries before it runs: its target is evaluated first with `RETURN <expr>` on the same session.
 */
export async function runGuardedQuery(
  host: EngineHost,
  session: EngineSession,
  params: unknown[],
  txn: unknown,
  policy: LivePolicy,
): Promise<QueryOutcome> {
  const [text, bindings] = params;
  if (typeof text !== 'string')
    throw new RpcError(errors.invalidParams('The query must be a string'));
  const kill = scanKill(text);
  let killed: string | undefined;
  if (kill.kind === 'complex') {
    throw new RpcError(
      errors.notAllowed(
        'This test server only runs KILL as a query of its own (KILL $id or KILL u"...")',
      ),
    );
  }
  if (kill.kind === 'single') {
    const target = await host
      .call<QueryResultEntry[]>(
        'query',
        [`RETURN ${kill.expression}`, bindings ?? {}],
        session,
      )
      .catch(() => undefined);
    const value = target?.[0]?.status === 'OK' ? target[0].result : undefined;
    killed =
      value instanceof Uuid || typeof value === 'string'
        ? value.toString()
        : undefined;
    if (!killed || !policy.mayKill(killed))
      return { value: killRefused(killed ?? kill.expression) };
  }
  const bytes = await host.execute('query', params, session, txn);
  if (isEngineError(bytes)) return { error: decodeEngineError(bytes) };
  if (killed !== undefined || mayStartLive(text)) {
    const entries = cbor.decode<QueryResultEntry[]>(bytes);
    if (killed !== undefined && entries[0]?.status === 'OK')
      host.liveOwner(killed)?.lives.delete(killed);
    if (entries.some((entry) => entry.type === 'live')) {
      const replaced = await policy.started(entries);
      if (replaced) return { value: replaced };
    }
  }
  return { bytes };
}
