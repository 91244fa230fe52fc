// `nestjs-surrealengine/core`: connections, models, queries and repositories without NestJS, for scripts,
// workers and tests. Nothing here imports `@nestjs/*`.
export * from './connection/index.js';
export * from './graph/index.js';
export * from './model/index.js';
export * from './query/index.js';
export * from './repository/index.js';
