import type { DriverContext, Engines } from 'surrealdb';
import { workaroundApplies } from './upstream-version.js';

/** The SDK release that drops engine errors; test/workarounds/upstream-bugs.spec.ts says when it is fixed. */
export const ENGINE_ERRORS_SEEN_ON = { package: 'surrealdb', version: '2.0.8' };

/**
 * surrealdb 2.0.8 does not pass on the errors engines publish on their own channel: a failed embedded open or a
 * refused socket leaves `connect()` pending forever. This wraps each engine factory so that `onError` hears them.
 * Applied only to the SDK releases it was seen on.
 */
export function reportEngineErrors(
  engines: Engines,
  onError: (error: Error) => void,
): Engines {
  if (
    !workaroundApplies(
      ENGINE_ERRORS_SEEN_ON.package,
      ENGINE_ERRORS_SEEN_ON.version,
    )
  )
    return engines;
  return Object.fromEntries(
    Object.entries(engines).map(([scheme, factory]) => [
      scheme,
      (context: DriverContext) => {
        const engine = factory(context);
        engine.subscribe('error', onError);
        return engine;
      },
    ]),
  );
}
