import { AsyncLocalStorage } from 'node:async_hooks';
import type { DriverContext, EngineFactory, Engines } from 'surrealdb';
import { workaroundApplies } from './upstream-version.js';

/** The SDK release that re-sends pending calls after a reconnect; test/workarounds/resent-call.spec.ts says when it stops. */
export const RESENT_CALLS_SEEN_ON = { package: 'surrealdb', version: '2.0.8' };

/**
 * surrealdb 2.0.8 keeps every WebSocket call in a private map until the server answers and, after a reconnect, sends
 * the whole map again (`WebSocketEngine.ready()`); a call made while disconnected waits and is sent once the socket is
 * back. The SDK cannot withdraw a call, so one this library already rejected with its timeout would still run later
 * ("failed but applied"). Each library call runs in a {@link CallScope}: once the scope is withdrawn, calls it has not
 * sent yet are refused, and the calls it sent are settled through the engine's `handleRpcResponse` (a
 * TypeScript-private method), which removes them from the map so no reconnect sends them again (for a call already
 * answered it does nothing, so answered calls need not be tracked). That settling is
 * applied only to the SDK releases it was seen on; test/workarounds/resent-call.spec.ts fails once the SDK stops
 * re-sending: remove it then.
 */

/** The SDK's RPC engines (WebSocket, HTTP, embedded) all send requests through this one public method. */
type Sender = { send(request: object): Promise<unknown> };

/** What the fix needs of the SDK's WebSocket engine: settling a pending call by its request id. */
interface Settleable {
  handleRpcResponse(frame: {
    id: string;
    error: { code: number; message: string };
  }): void;
}

const scopes = new AsyncLocalStorage<CallScope>();

/** Whether this SDK release needs (and gets) the settling of pending calls. */
export const withdrawsPendingCalls = workaroundApplies(
  RESENT_CALLS_SEEN_ON.package,
  RESENT_CALLS_SEEN_ON.version,
);

/** The SDK calls made on behalf of one library call; withdrawn when that call times out. */
export class CallScope {
  private reason?: Error;
  // Every call sent, answered or not: settling an answered one is a no-op, which is cheaper than forgetting it.
  private sent?: [id: string, engine: Settleable][];

  /** Runs `fn` so that every SDK call it makes belongs to this scope. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return scopes.run(this, fn);
  }

  /** Refuses the scope's unsent calls from now on and settles its pending ones, so no reconnect re-sends them. */
  withdraw(reason: Error): void {
    this.reason = reason;
    const sent = this.sent ?? [];
    this.sent = undefined;
    for (const [id, engine] of sent) {
      engine.handleRpcResponse({
        id,
        error: { code: -32000, message: `withdrawn: ${reason.message}` },
      });
    }
  }

  /** @internal */
  admit(): Error | undefined {
    return this.reason;
  }

  /** @internal */
  track(id: string, engine: Settleable): void {
    (this.sent ??= []).push([id, engine]);
  }
}

/**
 * Runs `fn` outside any call scope: a client opened while serving a call (a pool member) must not have its later
 * handshakes and pings refused when that call times out.
 */
export function outsideCallScope<T>(fn: () => Promise<T>): Promise<T> {
  return scopes.exit(fn);
}

/** Wraps every engine factory so that its engines honour call scopes. */
export function scopedCalls(engines: Engines): Engines {
  return Object.fromEntries(
    Object.entries(engines).map(([scheme, factory]) => [
      scheme,
      scopedFactory(factory),
    ]),
  );
}

function scopedFactory(factory: EngineFactory): EngineFactory {
  return (context: DriverContext) => {
    let lastId: string | undefined;
    // The engine takes request ids from its context inside `send()`, synchronously: that is how a call's id is learnt.
    const engine = factory({
      ...context,
      uniqueId: () => (lastId = context.uniqueId()),
    });
    const sender = engine as unknown as Partial<Sender>;
    if (typeof sender.send !== 'function') return engine;
    const settleable =
      withdrawsPendingCalls &&
      typeof (engine as unknown as Partial<Settleable>).handleRpcResponse ===
        'function';
    const send = sender.send.bind(engine);
    sender.send = (request) => {
      const scope = scopes.getStore();
      if (!scope) return send(request);
      const withdrawn = scope.admit();
      if (withdrawn) return Promise.reject(withdrawn);
      lastId = undefined;
      const result = send(request);
      if (settleable && lastId !== undefined) {
        scope.track(lastId, engine as unknown as Settleable);
      }
      return result;
    };
    return engine;
  };
}
