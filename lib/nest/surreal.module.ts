import { Module, type DynamicModule } from '@nestjs/common';
import type {
  SurrealModuleAsyncOptions,
  SurrealModuleOptions,
} from './interfaces/surreal-module-options.interface.js';
import { SurrealCoreModule } from './surreal-core.module.js';

/**
 * The NestJS entry point: `forRoot()`/`forRootAsync()` once per connection, in the root module.
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
}
