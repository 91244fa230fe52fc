export * from './client-source.interface.js';
export * from './conflict-retry.js';
export * from './connection-options.interface.js';
export { DEFAULT_CONNECTION_NAME } from './connection-options.js';
export * from './connection-registry.js';
export { currentTransaction, runInTransaction } from './transaction-scope.js';
export {
  Transactional,
  type TransactionalOptions,
} from './transactional.decorator.js';
export { redactUrl, type SurrealScheme } from './connection-url.js';
export * from './create-connection.js';
export type { LiveEvent, LiveOptions } from './live-query.js';
export * from './surreal-connection.js';
export * from './surreal-logger.interface.js';
export * from './surreal.errors.js';
export type { TransactionOptions } from './transaction-options.interface.js';
