/**
 * `nestjs-surrealengine/health`: the Terminus health indicator. A separate entry point so that apps without
 * `@nestjs/terminus` (an optional peer dependency) never load it.
 */
export {
  DEFAULT_PING_CHECK_TIMEOUT,
  SurrealHealthIndicator,
} from './surreal.health.js';
export type { SurrealPingCheckOptions } from './surreal-ping-check-options.interface.js';
