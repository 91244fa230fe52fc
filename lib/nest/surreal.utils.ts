import { DEFAULT_CONNECTION_NAME } from '../connection/connection-options.js';
import { SurrealConnection } from '../connection/surreal-connection.js';
import { SURREAL_MODULE_OPTIONS } from './surreal.constants.js';

/** A model class, as far as DI tokens are concerned. */
type ModelClass = abstract new (...args: any[]) => unknown;

const isDefault = (name?: string) =>
  name === undefined || name === DEFAULT_CONNECTION_NAME;

/**
 * DI token of a connection. The default connection's token is the `SurrealConnection` class itself, so it can
 * also be injected by type: `constructor(private readonly connection: SurrealConnection)`.
 */
export function getConnectionToken(
  name?: string,
): string | typeof SurrealConnection {
  return isDefault(name) ? SurrealConnection : `SurrealConnection:${name}`;
}

/** DI token of the repository of `model` on a connection. */
export function getRepositoryToken(
  model: ModelClass,
  connectionName?: string,
): string {
  const suffix = isDefault(connectionName) ? '' : `:${connectionName}`;
  return `${model.name}Repository${suffix}`;
}

/** DI token of a connection's module options. */
export function getModuleOptionsToken(name?: string): string {
  return `${SURREAL_MODULE_OPTIONS}:${name ?? DEFAULT_CONNECTION_NAME}`;
}
