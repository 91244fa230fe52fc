import { DEFAULT_CONNECTION_NAME } from '../connection/connection-options.js';
import { SurrealConnection } from '../connection/surreal-connection.js';
import { isRepositoryClass } from '../repository/custom-repository.js';
import { SURREAL_MODULE_OPTIONS } from './surreal.constants.js';

/** A model class or a repository class, as far as DI tokens are concerned. */
type ModelOrRepositoryClass = abstract new (...args: any[]) => unknown;

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

/**
 * DI token of the repository of `model` on a connection. A custom repository class on the default connection is
 * its own token, so it is injected by type; on a named connection its token is `"UserRepository:analytics"`.
 */
export function getRepositoryToken(
  model: ModelOrRepositoryClass,
  connectionName?: string,
): string | ModelOrRepositoryClass {
  if (isRepositoryClass(model)) {
    return isDefault(connectionName)
      ? model
      : `${model.name}:${connectionName}`;
  }
  const suffix = isDefault(connectionName) ? '' : `:${connectionName}`;
  return `${model.name}Repository${suffix}`;
}

/** @internal DI token of a connection's module options. */
export function getModuleOptionsToken(name?: string): string {
  return `${SURREAL_MODULE_OPTIONS}:${name ?? DEFAULT_CONNECTION_NAME}`;
}
