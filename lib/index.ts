// The public API of `nestjs-surrealengine`. Terminus health lives in `nestjs-surrealengine/health`, the test
// server in `nestjs-surrealengine/testing`, so that apps without those optional peers never load them.
export * from './connection/index.js';
export * from './model/index.js';
export * from './query/index.js';
export * from './repository/index.js';
export * from './nest/index.js';
