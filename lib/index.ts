// The public API of `nestjs-surrealengine`: everything of `nestjs-surrealengine/core` (an explicit list, in
// core.ts) plus the NestJS module. Terminus health lives in `nestjs-surrealengine/health` and the test server in
// `nestjs-surrealengine/testing`, so that apps without those optional peers never load them.
export * from './core.js';
export {
  getConnectionToken,
  getRepositoryToken,
  InjectConnection,
  InjectRepository,
  ParseRecordIdPipe,
  SurrealExceptionFilter,
  SurrealModule,
  type ParseRecordIdPipeOptions,
  type SurrealFactoryOptions,
  type SurrealFeatureAsyncOptions,
  type SurrealFeatureOptions,
  type SurrealModuleAsyncOptions,
  type SurrealModuleExtras,
  type SurrealModuleOptions,
  type SurrealOptionsFactory,
} from './nest/index.js';
