import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { ModelClass } from '../model/field-types.js';
import type { RepositoryClass } from '../repository/custom-repository.js';
import type {
  SurrealFeatureAsyncOptions,
  SurrealFeatureOptions,
  SurrealModuleAsyncOptions,
  SurrealModuleOptions,
} from './interfaces/surreal-module-options.interface.js';
import { SurrealCoreModule } from './surreal-core.module.js';
import {
  createAsyncRepositoryProviders,
  createRepositoryProviders,
  createSubscriberProviders,
} from './surreal.providers.js';

/**
 * The NestJS entry point: `forRoot()`/`forRootAsync()` once per connection, in the root module;
 * `forFeature()` in each feature module that needs repositories.
 */
@Module({})
export class SurrealModule {
  /** Registers one connection from static options. */
  static forRoot(options: SurrealModuleOptions): DynamicModule {
    return {
      module: SurrealModule,
      imports: [SurrealCoreModule.forRoot(options)],
    };
  }

  /** Registers one connection whose options come from a factory, a class or an existing provider. */
  static forRootAsync(options: SurrealModuleAsyncOptions): DynamicModule {
    return {
      module: SurrealModule,
      imports: [SurrealCoreModule.forRootAsync(options)],
    };
  }

  /**
   * Provides a `Repository` for each model, or each custom repository class (see `@RepositoryFor`), on a
   * connection (default: the default connection), and adds `subscribers` to that connection.
   */
  static forFeature(
    features: readonly (ModelClass | RepositoryClass)[],
    connection?: string | SurrealFeatureOptions,
  ): DynamicModule {
    const options =
      typeof connection === 'string'
        ? { connectionName: connection }
        : (connection ?? {});
    const repositories = createRepositoryProviders(
      features,
      options.connectionName,
    );
    const providers: Provider[] = [
      ...repositories,
      ...createSubscriberProviders(
        options.subscribers ?? [],
        options.connectionName,
      ),
    ];
    return { module: SurrealModule, providers, exports: repositories };
  }

  /** Provides repositories made by factories that can inject other providers (each feature's `inject`/`imports`). */
  static forFeatureAsync(
    features: readonly SurrealFeatureAsyncOptions[],
    connectionName?: string,
  ): DynamicModule {
    const providers = createAsyncRepositoryProviders(features, connectionName);
    return {
      module: SurrealModule,
      imports: features.flatMap((feature) => feature.imports ?? []),
      providers,
      exports: providers,
    };
  }
}
