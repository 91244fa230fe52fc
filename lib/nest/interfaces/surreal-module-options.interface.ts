import type { ModuleMetadata, Type } from '@nestjs/common';
import type { SurrealConnectionOptions } from '../../connection/connection-options.interface.js';
import type { SurrealConnection } from '../../connection/surreal-connection.js';
import type { DocumentSubscriber } from '../../model/document-subscribers.js';
import type { ModelClass } from '../../model/field-types.js';
import type { Repository } from '../../repository/repository.js';

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
  /** @deprecated Use `connectionName`; kept as an alias (the two must not differ). */
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

/** The second argument of `SurrealModule.forFeature()` when more than a connection name is needed. */
export interface SurrealFeatureOptions {
  /** The connection the repositories and subscribers belong to. Default: the default connection. */
  connectionName?: string;
  /** Injectable classes that hear every save and delete of the connection's models (audit logs, ...). */
  subscribers?: Type<DocumentSubscriber>[];
}

/** One repository for `SurrealModule.forFeatureAsync()`, made by a factory that can inject other providers. */
export interface SurrealFeatureAsyncOptions extends Pick<
  ModuleMetadata,
  'imports'
> {
  /** The model, or custom repository class (any constructor), whose token the repository is provided under. */
  model: ModelClass<any> | (abstract new (...args: any[]) => Repository<any>);
  /** Providers passed to `useFactory` after the connection. */
  inject?: any[];
  /** Makes the repository, given the connection (schema already synchronized when asked) and `inject`. */
  useFactory: (
    connection: SurrealConnection,
    ...args: any[]
  ) => Repository<any> | Promise<Repository<any>>;
}
