import { Inject } from '@nestjs/common';
import type { ModelClass } from '../model/field-types.js';
import type { RepositoryClass } from '../repository/custom-repository.js';
import { getConnectionToken, getRepositoryToken } from './surreal.utils.js';

/** Injects a connection by name; no name means the default connection. */
export const InjectConnection = (name?: string) =>
  Inject(getConnectionToken(name));

/** Injects the `Repository` of `model` (or a custom repository class) registered with `SurrealModule.forFeature()`. */
export const InjectRepository = (
  model: ModelClass | RepositoryClass,
  connectionName?: string,
) => Inject(getRepositoryToken(model, connectionName));
