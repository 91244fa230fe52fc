import type { Surreal } from 'surrealdb';
import type {
  ClientSource,
  ConnectionStats,
} from './client-source.interface.js';
import type { ResolvedConnectionOptions } from './connection-options.js';
import { connectWithRetry } from './connect-with-retry.js';
import { releaseMemoryEngine } from '../workarounds/memory-engine.fix.js';
import { withTimeout } from './timeout.js';

/**
 * One SDK client shared by every call. A lease needs no queue here: SurrealDB keeps each transaction apart
 * by its id, so a transaction and other calls can share the socket.
 */
export class SingleClientSource implements ClientSource {
  private client?: Surreal;
  private busy = 0;

  constructor(private readonly options: ResolvedConnectionOptions) {}

  async open(): Promise<void> {
    this.client = await connectWithRetry(this.options);
  }

  get primary(): Surreal {
    return this.client!;
  }

  async liveClient(): Promise<Surreal> {
    return this.client!;
  }

  async run<T>(fn: (client: Surreal) => Promise<T>): Promise<T> {
    this.busy++;
    try {
      return await fn(this.client!);
    } finally {
      this.busy--;
    }
  }

  lease<T>(fn: (client: Surreal) => Promise<T>): Promise<T> {
    return this.run(fn);
  }

  isConnected(): boolean {
    return this.client?.isConnected ?? false;
  }

  stats(): ConnectionStats {
    const open = this.client ? 1 : 0;
    return {
      size: open,
      busy: this.busy > 0 ? 1 : 0,
      idle: this.busy > 0 ? 0 : open,
      waiting: 0,
      created: open,
      destroyed: 0,
    };
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.isConnected && this.options.url.scheme === 'mem') {
      await withTimeout(
        releaseMemoryEngine(client),
        5000,
        () => new Error('timed out'),
      ).catch(() => undefined);
    }
    await client?.close();
  }
}
