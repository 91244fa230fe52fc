import type { ModuleMetadata, Type } from '@nestjs/common';
import type { SurrealConnectionOptions } from '../../connection/connection-options.interface.js';

/** What the module adds to the connection options. */
export interface SurrealModuleExtras {
  /** Create tables, fields and indexes of the models given to `forFeature()` at start-up. Default false. */
  synchronize?: boolean;
}

/** Options of one connection for `SurrealModule.forRoot()`. */
export interface SurrealModuleOptions
  extends Omit<SurrealConnectionOptions, 'name'>, SurrealModuleExtras {
  /** Name to register and inject the connection under. Default `"default"`. */
  connectionName?: string;
  /** Same as `connectionName` (SurrealEngine's spelling); give one of them. */
  name?: string;
}

/** What an async factory returns: the options of one connection, without its name. */
export type SurrealFactoryOptions = Omit<SurrealConnectionOptions, 'name'> &
  SurrealModuleExtras;

/** A class that makes the options, for `forRootAsync({ useClass })`. */
export interface SurrealOptionsFactory {
  createSurrealOptions():
    Promise<SurrealFactoryOptions> | SurrealFactoryOptions;
}

/** Options of one connection for `SurrealModule.forRootAsync()`. */
export interface SurrealModuleAsyncOptions extends Pick<
  ModuleMetadata,
  'imports'
> {
  /** Name to register and inject the connection under; here, never inside the factory's result. Default `"default"`. */
  connectionName?: string;
  /** Also make this named connection the default; here, because DI tokens are fixed before the factory runs. */
  makeDefault?: boolean;
  useFactory?: (
    ...args: any[]
  ) => Promise<SurrealFactoryOptions> | SurrealFactoryOptions;
  inject?: any[];
  useClass?: Type<SurrealOptionsFactory>;
  useExisting?: Type<SurrealOptionsFactory>;
}
