import type { Provider } from '@nestjs/common';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { ModelClass } from '../model/field-types.js';
import { Repository } from '../repository/repository.js';
import type { SurrealModuleExtras } from './interfaces/surreal-module-options.interface.js';
import { synchronizeModel } from './schema-synchronizer.js';
import {
  getConnectionToken,
  getModuleOptionsToken,
  getRepositoryToken,
} from './surreal.utils.js';

/**
 * One `Repository` provider per model, bound to the named connection. With `synchronize: true` on that
 * connection, the model's tables, fields and indexes are defined before the repository is handed out.
 */
export function createRepositoryProviders(
  models: readonly ModelClass[],
  connectionName?: string,
): Provider[] {
  return models.map((model) => ({
    provide: getRepositoryToken(model, connectionName),
    useFactory: async (
      connection: SurrealConnection,
      options: SurrealModuleExtras,
    ) => {
      if (options?.synchronize) await synchronizeModel(connection, model);
      return new Repository(model, connection);
    },
    inject: [
      getConnectionToken(connectionName),
      getModuleOptionsToken(connectionName),
    ],
  }));
}
