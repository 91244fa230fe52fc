export * from './interfaces/surreal-module-options.interface.js';
export * from './surreal.decorators.js';
export * from './surreal.module.js';
export { getConnectionToken, getRepositoryToken } from './surreal.utils.js';
export * from './parse-record-id.pipe.js';
export { SurrealExceptionFilter } from './surreal-exception.filter.js';
