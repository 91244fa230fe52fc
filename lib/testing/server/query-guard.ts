import { Uuid } from 'surrealdb';
import type { EngineHost, QueryResultEntry } from './engine-host.js';
import type { EngineSession } from './engine-session.js';
import { findKills, mayStartLive, type KillTarget } from './kill-statement.js';
import {
  decodeEngineError,
  errorFrame,
  errors,
  isEngineError,
  resultFrame,
  RpcError,
  cbor,
  toUuid,
  valueFrame,
} from './rpc-frames.js';

/** The answer to a `query`: raw engine bytes or a value the server built, or an engine error. */
export type QueryOutcome =
  | { bytes: Uint8Array }
  | { value: unknown }
  | { error: ReturnType<typeof decodeEngineError> };

/** The reply frame of a `query` outcome. */
export function outcomeFrame(id: unknown, outcome: QueryOutcome): Buffer {
  if ('error' in outcome) return errorFrame(id, outcome.error);
  return 'bytes' in outcome
    ? resultFrame(id, outcome.bytes)
    : valueFrame(id, outcome.value);
}

/** How a transport treats live queries around a `query`. */
export interface LivePolicy {
  /** False over HTTP: LIVE and KILL statements fail as they do on a real server without a connection. */
  realtime: boolean;
  /** May this caller kill live query `id`? */
  mayKill(id: string): boolean;
  /** Called with the answer of a query that started live queries. */
  started(entries: QueryResultEntry[]): Promise<void>;
}

/** A real server's answer to LIVE or KILL without a connection for notifications. */
function realtimeRefused(entry: QueryResultEntry): QueryResultEntry {
  const {
    code: _code,
    cause: _cause,
    message,
    ...rest
  } = errors.liveNotSupported();
  return { ...entry, ...rest, status: 'ERR', result: message };
}

/** A `KILL` the caller may not run: its target is swapped for a bound uuid that names no live query. */
interface Refusal {
  param: string;
  display: string;
}

/** The live query a `KILL` target names, when it can be known before the query runs. */
async function resolveTarget(
  host: EngineHost,
  session: EngineSession,
  target: KillTarget,
  bindings: Record<string, unknown>,
): Promise<string | undefined> {
  if (target.uuid !== undefined) return toUuid(target.uuid)?.toString();
  if (target.assigned || target.param === undefined) return undefined;
  if (target.param in bindings)
    return toUuid(bindings[target.param])?.toString();
  // A session variable (set with `let`).
  const answer = await host
    .call<QueryResultEntry[]>('query', [`RETURN $${target.param}`], session)
    .catch(() => undefined);
  return answer?.[0]?.status === 'OK'
    ? toUuid(answer[0].result)?.toString()
    : undefined;
}

/** Puts the caller's own text back into the engine's "Cannot execute KILL statement using id: ..." errors. */
function restoreKillErrors(
  entries: QueryResultEntry[],
  refusals: Refusal[],
): QueryResultEntry[] {
  return entries.map((entry) => {
    if (entry.status !== 'ERR' || typeof entry.result !== 'string')
      return entry;
    let result = entry.result;
    for (const refusal of refusals)
      result = result.split(`$${refusal.param}`).join(refusal.display);
    return { ...entry, result };
  });
}

/**
 * Runs a `query` request. The engine lets any session kill any live query, so each `KILL` is checked against the
 * caller's own live queries before it runs; one aimed elsewhere gets the error a KILL of an unknown id gets, and the
 * rest of the query runs as it would. SurrealQL takes only a uuid literal or a `$param` as KILL's target, so the
 * target is known beforehand, except for a param set by `LET` in the same query: that KILL is refused.
 */
export async function runGuardedQuery(
  host: EngineHost,
  session: EngineSession,
  params: unknown[],
  txn: unknown,
  policy: LivePolicy,
): Promise<QueryOutcome> {
  const [text, givenBindings] = params;
  if (typeof text !== 'string')
    throw new RpcError(errors.invalidParams('Expected query to be string'));
  const kills = findKills(text);
  let query = text;
  const bindings = {
    ...((givenBindings ?? {}) as Record<string, unknown>),
  };
  const refusals: Refusal[] = [];
  const allowed = new Map<number, string>();
  // From the end, so that earlier positions stay valid while the text is spliced.
  for (let index = kills.length - 1; index >= 0; index--) {
    const target = kills[index];
    const id = await resolveTarget(host, session, target, bindings);
    if (id !== undefined && policy.mayKill(id)) {
      allowed.set(index, id);
      continue;
    }
    const param = `__test_server_refused_kill_${index}`;
    bindings[param] = Uuid.v4();
    refusals.push({ param, display: target.display });
    query = `${query.slice(0, target.start)}$${param}${query.slice(target.end)}`;
  }
  const request =
    kills.length === 0 ? params : [query, bindings, ...params.slice(2)];
  const bytes = await host.execute('query', request, session, txn);
  if (isEngineError(bytes)) return { error: decodeEngineError(bytes) };
  if (kills.length === 0 && !mayStartLive(text)) return { bytes };
  let entries = cbor.decode<QueryResultEntry[]>(bytes);
  // The engine sends no KILLED notification for a KILL in a query of several statements, so the session's count is
  // updated here (the n-th `kill` entry answers the n-th KILL). The route stays for a KILLED that may still come.
  entries
    .filter((entry) => entry.type === 'kill')
    .forEach((entry, index) => {
      const id = allowed.get(index);
      if (entry.status === 'OK' && id !== undefined)
        host.liveOwner(id)?.lives.delete(id);
    });
  if (refusals.length > 0) entries = restoreKillErrors(entries, refusals);
  if (entries.some((entry) => entry.type === 'live'))
    await policy.started(entries);
  if (!policy.realtime)
    return {
      value: entries.map((entry) =>
        entry.type === 'live' || entry.type === 'kill'
          ? realtimeRefused(entry)
          : entry,
      ),
    };
  return refusals.length > 0 ? { value: entries } : { bytes };
}
