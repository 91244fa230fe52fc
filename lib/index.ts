// The public API of `nestjs-surrealengine`: the framework-free core plus the NestJS module. Terminus health lives in
// `nestjs-surrealengine/health` and the test server in `nestjs-surrealengine/testing`, so that apps without those
// optional peers never load them.
export * from './core.js';
export * from './nest/index.js';
