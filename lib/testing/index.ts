/**
 * `nestjs-surrealengine/testing`: a loopback SurrealDB server for your own tests. It runs the real SurrealDB engine
 * from `@surrealdb/node` (install it as a dev dependency) behind the WebSocket and HTTP RPC protocol of a server.
 * For tests only, NOT for production.
 */
export { startTestServer, TestServer } from './test-server.js';
export type {
  CapabilityTargets,
  TestServerCapabilities,
  TestServerOptions,
  TestServerStats,
  TestServerStorage,
} from './test-server.interfaces.js';
