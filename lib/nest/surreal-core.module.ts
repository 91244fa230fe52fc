import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DEFAULT_CONNECTION_NAME } from '../connection/connection-options.js';
import { ConnectionRegistry } from '../connection/connection-registry.js';
import { createConnection } from '../connection/create-connection.js';
import { SurrealConnection } from '../connection/surreal-connection.js';
import { SurrealConfigError } from '../connection/surreal.errors.js';
import type {
  SurrealFactoryOptions,
  SurrealModuleAsyncOptions,
  SurrealModuleOptions,
  SurrealOptionsFactory,
} from './interfaces/surreal-module-options.interface.js';
import { abortBootstrap, isBootstrapAborted } from './surreal-bootstrap.js';
import { SurrealRegistryModule } from './surreal-registry.module.js';
import { syncOnConnect } from './schema-synchronizer.js';
import {
  SURREAL_CONNECTION_NAME,
  SURREAL_LOGGER_CONTEXT,
} from './surreal.constants.js';
import {
  logConnectionClosed,
  logConnectionOpened,
} from './connection-lifecycle.log.js';
import { getConnectionToken, getModuleOptionsToken } from './surreal.utils.js';

/**
 * One instance per connection: owns the connection's provider, opens it before the app serves,
 * and closes it on `app.close()`.
 */
@Global()
@Module({})
export class SurrealCoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(SURREAL_CONNECTION_NAME) private readonly connectionName: string,
    private readonly moduleRef: ModuleRef,
  ) {}

  static forRoot(options: SurrealModuleOptions): DynamicModule {
    const { connectionName, name, ...rest } = options;
    if (connectionName && name && connectionName !== name) {
      throw new SurrealConfigError(
        `SurrealModule.forRoot: "connectionName" ("${connectionName}") and its deprecated alias "name" ("${name}") differ; give "connectionName" only`,
        connectionName,
      );
    }
    const resolvedName = connectionName ?? name ?? DEFAULT_CONNECTION_NAME;
    return SurrealCoreModule.build(resolvedName, rest.makeDefault ?? false, {
      provide: getModuleOptionsToken(resolvedName),
      useValue: rest,
    });
  }

  static forRootAsync(options: SurrealModuleAsyncOptions): DynamicModule {
    const name = options.connectionName ?? DEFAULT_CONNECTION_NAME;
    const optionsToken = getModuleOptionsToken(name);
    const extra: Provider[] = [];
    let optionsProvider: Provider;
    if (options.useFactory) {
      optionsProvider = {
        provide: optionsToken,
        useFactory: options.useFactory,
        inject: options.inject ?? [],
      };
    } else if (options.useClass || options.useExisting) {
      const factoryClass = (options.useClass ?? options.useExisting)!;
      if (options.useClass)
        extra.push({ provide: factoryClass, useClass: factoryClass });
      optionsProvider = {
        provide: optionsToken,
        useFactory: (factory: SurrealOptionsFactory) =>
          factory.createSurrealOptions(),
        inject: [factoryClass],
      };
    } else {
      throw new SurrealConfigError(
        `SurrealModule.forRootAsync: connection "${name}" needs one of useFactory, useClass or useExisting`,
        name,
      );
    }
    const module = SurrealCoreModule.build(
      name,
      options.makeDefault ?? false,
      optionsProvider,
      true,
    );
    return {
      ...module,
      imports: [...(module.imports ?? []), ...(options.imports ?? [])],
      providers: [...(module.providers ?? []), ...extra],
    };
  }

  private static build(
    name: string,
    makeDefault: boolean,
    optionsProvider: Provider,
    fromFactory = false,
  ): DynamicModule {
    const connectionToken = getConnectionToken(name);
    const providers: Provider[] = [
      { provide: SURREAL_CONNECTION_NAME, useValue: name },
      optionsProvider,
      {
        provide: connectionToken,
        useFactory: (
          options: SurrealFactoryOptions,
          registry: ConnectionRegistry,
        ) => openConnection(name, makeDefault, options, fromFactory, registry),
        inject: [getModuleOptionsToken(name), ConnectionRegistry],
      },
    ];
    const exported: (string | typeof SurrealConnection)[] = [
      connectionToken,
      getModuleOptionsToken(name),
    ];
    if (makeDefault && connectionToken !== SurrealConnection) {
      providers.push({
        provide: SurrealConnection,
        useExisting: connectionToken,
      });
      exported.push(SurrealConnection);
    }
    return {
      module: SurrealCoreModule,
      imports: [SurrealRegistryModule],
      providers,
      exports: exported,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    const connection = this.moduleRef.get<SurrealConnection>(
      getConnectionToken(this.connectionName),
    );
    await connection.close();
    logConnectionClosed(connection, connection.options.logger);
  }
}

async function openConnection(
  name: string,
  makeDefault: boolean,
  options: SurrealFactoryOptions,
  fromFactory: boolean,
  registry: ConnectionRegistry,
): Promise<SurrealConnection> {
  try {
    const { synchronize, ...connectionOptions } = options ?? {};
    const misplaced = ['name', 'connectionName'].find(
      (key) => key in connectionOptions,
    );
    if (fromFactory && misplaced) {
      throw new SurrealConfigError(
        `SurrealModule.forRootAsync: connection "${name}": "${misplaced}" belongs at the top level of forRootAsync({ connectionName }), not in the factory's result`,
        name,
      );
    }
    if (
      fromFactory &&
      connectionOptions.makeDefault !== undefined &&
      connectionOptions.makeDefault !== makeDefault
    ) {
      throw new SurrealConfigError(
        `SurrealModule.forRootAsync: connection "${name}": "makeDefault" belongs at the top level of forRootAsync({ connectionName, makeDefault }), not in the factory's result`,
        name,
      );
    }
    const connection = createConnection(
      {
        ...connectionOptions,
        name,
        makeDefault: makeDefault || undefined,
        logger: connectionOptions.logger ?? new Logger(SURREAL_LOGGER_CONTEXT),
        // A lazy connection defines its models' schema once it connects (and again after each reconnect).
        ...(synchronize && connectionOptions.lazyConnect
          ? { onConnect: syncOnConnect(connectionOptions.onConnect) }
          : {}),
      },
      registry,
    );
    const startedAt = performance.now();
    await connection.connect();
    // A lazy connection is not open yet: it logs once it is (see lazy-connect.ts).
    if (!connection.options.lazyConnect) {
      await logConnectionOpened(
        connection,
        connection.options.logger,
        startedAt,
      );
    }
    // Another provider of this application failed while this connection was opening.
    if (isBootstrapAborted(registry)) {
      await connection.close();
      throw new SurrealConfigError(
        `connection "${name}": the application failed to start; closed`,
        name,
      );
    }
    return connection;
  } catch (error) {
    // Nest runs no shutdown hooks for an application that never started: close what this one opened.
    abortBootstrap(registry);
    throw error;
  }
}
