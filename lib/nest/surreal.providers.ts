import type { FactoryProvider, Provider, Type } from '@nestjs/common';
import { DEFAULT_CONNECTION_NAME } from '../connection/connection-options.js';
import { ConnectionRegistry } from '../connection/connection-registry.js';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import { SurrealConfigError } from '../connection/surreal.errors.js';
import {
  addDocumentSubscriber,
  type DocumentSubscriber,
} from '../model/document-subscribers.js';
import type { ModelClass } from '../model/field-types.js';
import {
  isRepositoryClass,
  modelOfRepository,
  repositoryOf,
  type RepositoryClass,
} from '../repository/custom-repository.js';
import type {
  SurrealFeatureAsyncOptions,
  SurrealModuleExtras,
} from './interfaces/surreal-module-options.interface.js';
import { abortBootstrap } from './surreal-bootstrap.js';
import { synchronizeModel } from './schema-synchronizer.js';
import {
  getConnectionToken,
  getModuleOptionsToken,
  getRepositoryToken,
} from './surreal.utils.js';

type Feature = ModelClass | RepositoryClass;

// Optional, so a missing forRoot() is reported by the library with what to do, not by Nest as an unknown token.
const connectionDependencies = (connectionName?: string) => [
  { token: getConnectionToken(connectionName), optional: true },
  { token: getModuleOptionsToken(connectionName), optional: true },
  { token: ConnectionRegistry, optional: true },
];

/**
 * @internal The connection a feature needs, or the library's error when the application has no `forRoot()` for
 * it (the application's open connections are closed first, so a failed start does not leave the process hanging).
 */
function requireConnection(
  connection: SurrealConnection | undefined,
  registry: ConnectionRegistry | undefined,
  what: string,
  connectionName?: string,
): SurrealConnection {
  if (connection) return connection;
  const name = connectionName ?? DEFAULT_CONNECTION_NAME;
  const known = registry?.names().map((known) => `"${known}"`) ?? [];
  abortBootstrap(registry);
  const root =
    name === DEFAULT_CONNECTION_NAME
      ? 'SurrealModule.forRoot({ url, ... })'
      : `SurrealModule.forRoot({ connectionName: '${name}', url, ... })`;
  throw new SurrealConfigError(
    `${what} needs ${root} (or forRootAsync) in the application's imports; this application has ${known.length ? `the connections ${known.join(', ')}` : 'no SurrealModule connection'}`,
    name,
  );
}

function modelOf(feature: Feature): ModelClass {
  return isRepositoryClass(feature) ? modelOfRepository(feature) : feature;
}

function describeFeature(
  method: string,
  features: readonly Feature[],
  connectionName?: string,
): string {
  const list = features.map((feature) => feature.name).join(', ');
  return `SurrealModule.${method}([${list}]${connectionName ? `, '${connectionName}'` : ''})`;
}

/**
 * @internal The provider of one repository token: resolves the connection (or the library's error), defines the
 * model's schema first when the connection has `synchronize: true`, then makes the repository with `build`.
 */
function repositoryProvider(
  feature: Feature,
  what: string,
  connectionName: string | undefined,
  build: (connection: SurrealConnection, injected: unknown[]) => unknown,
  inject: FactoryProvider['inject'] = [],
): Provider {
  const model = modelOf(feature);
  return {
    provide: getRepositoryToken(feature, connectionName),
    useFactory: async (
      connection: SurrealConnection | undefined,
      options: SurrealModuleExtras | undefined,
      registry: ConnectionRegistry | undefined,
      ...injected: unknown[]
    ) => {
      const target = requireConnection(
        connection,
        registry,
        what,
        connectionName,
      );
      if (options?.synchronize) await synchronizeModel(target, model);
      return build(target, injected);
    },
    inject: [...connectionDependencies(connectionName), ...inject],
  };
}

/**
 * One repository provider per model (or custom repository class), bound to the named connection. With
 * `synchronize: true` on that connection, the model's tables, fields and indexes are defined first.
 */
export function createRepositoryProviders(
  features: readonly Feature[],
  connectionName?: string,
): Provider[] {
  const what = describeFeature('forFeature', features, connectionName);
  return features.map((feature) =>
    repositoryProvider(feature, what, connectionName, (connection) =>
      repositoryOf(feature as ModelClass, connection),
    ),
  );
}

/** Repository providers made by the user's factories (`forFeatureAsync`). */
export function createAsyncRepositoryProviders(
  features: readonly SurrealFeatureAsyncOptions[],
  connectionName?: string,
): Provider[] {
  const what = describeFeature(
    'forFeatureAsync',
    features.map((feature) => feature.model as Feature),
    connectionName,
  );
  return features.map((feature) =>
    repositoryProvider(
      feature.model as Feature,
      what,
      connectionName,
      (connection, injected) => feature.useFactory(connection, ...injected),
      feature.inject,
    ),
  );
}

/**
 * Subscriber classes as providers (so they can inject what they need), each added to the connection's
 * subscribers when the application starts.
 */
export function createSubscriberProviders(
  subscribers: readonly Type<DocumentSubscriber>[],
  connectionName?: string,
): Provider[] {
  return subscribers.flatMap((subscriber): Provider[] => [
    subscriber,
    {
      provide: `SurrealSubscriber:${subscriber.name}:${connectionName ?? DEFAULT_CONNECTION_NAME}`,
      useFactory: async (
        connection: SurrealConnection | undefined,
        _options: unknown,
        registry: ConnectionRegistry | undefined,
        instance: DocumentSubscriber,
      ) =>
        addDocumentSubscriber(
          requireConnection(
            connection,
            registry,
            `SurrealModule.forFeature(..., { subscribers: [${subscriber.name}] })`,
            connectionName,
          ),
          instance,
        ),
      inject: [...connectionDependencies(connectionName), subscriber],
    },
  ]);
}
