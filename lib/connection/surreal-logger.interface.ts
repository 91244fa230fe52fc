/**
 * The few logging methods the core needs. NestJS's `Logger` fits it as is, so does `console`.
 */
export interface SurrealLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug?(message: string): void;
}

/** Logs to the console with a `[SurrealEngine]` prefix: the core's default outside Nest. */
export const consoleLogger: SurrealLogger = {
  log: (message) => console.log(`[SurrealEngine] ${message}`),
  warn: (message) => console.warn(`[SurrealEngine] ${message}`),
  error: (message) => console.error(`[SurrealEngine] ${message}`),
};

/** Discards everything: for `logger: false`. */
export const silentLogger: SurrealLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
