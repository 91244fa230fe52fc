import { Inject } from '@nestjs/common';
import type { ModelClass } from '../model/field-types.js';
import { getConnectionToken, getRepositoryToken } from './surreal.utils.js';

/** Injects a connection by name; no name means the default connection. */
export const InjectConnection = (name?: string) =>
  Inject(getConnectionToken(name));

/** Injects the `Repository` of `model` registered with `SurrealModule.forFeature()` on a connection. */
export const InjectRepository = (model: ModelClass, connectionName?: string) =>
  Inject(getRepositoryToken(model, connectionName));
