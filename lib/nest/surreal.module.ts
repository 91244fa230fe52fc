import { Module, type DynamicModule } from '@nestjs/common';
import type {
  SurrealModuleAsyncOptions,
  SurrealModuleOptions,
} from './interfaces/surreal-module-options.interface.js';
import type { ModelClass } from '../model/field-types.js';
import { SurrealCoreModule } from './surreal-core.module.js';
import { createRepositoryProviders } from './surreal.providers.js';

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

  /** Provides a `Repository` for each model on a connection (default: the default connection). */
  static forFeature(
    models: readonly ModelClass[],
    connectionName?: string,
  ): DynamicModule {
    const providers = createRepositoryProviders(models, connectionName);
    return { module: SurrealModule, providers, exports: providers };
  }
}
