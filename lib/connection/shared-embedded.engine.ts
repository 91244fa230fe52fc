import {
  ChannelIterator,
  ConnectionUnavailableError,
  Features,
  Publisher,
  RpcEngine,
  UnexpectedConnectionError,
  Uuid,
  parseRpcError,
  type ConnectionState,
  type EngineEvents,
  type LiveMessage,
  type SqlExportOptions,
  type SurrealEngine,
} from 'surrealdb';
import { embeddedStore, type EmbeddedStore } from './embedded-store.js';
import type { NativeEngine } from './native-binding.js';

/**
 * The SDK engine for on-disk embedded URLs: a user of the process-wide {@link EmbeddedStore} of its path, with a
 * session of its own there, so connections to one path share the datastore without sharing namespace, database,
 * variables or authentication. Closing kills this user's live queries and ends its session.
 */
export class SharedEmbeddedEngine extends RpcEngine implements SurrealEngine {
  readonly features: SurrealEngine['features'] = new Set([
    Features.LiveQueries,
    Features.Sessions,
    Features.Transactions,
    Features.Api,
    Features.ExportImportRaw,
  ]);
  private readonly publisher = new Publisher<EngineEvents>();
  private readonly session = Uuid.v4();
  private readonly liveIds = new Set<string>();
  private store?: EmbeddedStore;
  private native?: NativeEngine;

  subscribe<K extends keyof EngineEvents>(
    event: K,
    listener: (...payload: EngineEvents[K]) => void,
  ): () => void {
    return this.publisher.subscribe(event, listener);
  }

  open(state: ConnectionState): void {
    this._state = state;
    const store = embeddedStore(state.url.toString());
    this.store = store;
    void store
      .acquire()
      .then(async (native) => {
        if (this.store !== store) return store.release();
        this.native = native;
        await this.run({ method: 'attach' });
        this.publisher.publish('connected');
      })
      .catch((error: unknown) => {
        this.publisher.publish('error', new UnexpectedConnectionError(error));
      });
  }

  async close(): Promise<void> {
    const { store, native } = this;
    this._state = undefined;
    this.store = undefined;
    this.native = undefined;
    if (store && native) {
      const live = [...this.liveIds].filter((id) => store.has(id));
      await Promise.all(
        live.map((id) =>
          this.run({ method: 'kill', params: [new Uuid(id)] }, native),
        ),
      ).catch(() => undefined);
      await this.run({ method: 'detach' }, native).catch(() => undefined);
      store.release();
    }
    this.publisher.publish('disconnected');
  }

  ready(): void {}

  send<
    Method extends string,
    Params extends unknown[] | undefined,
    Result,
  >(request: {
    method: Method;
    params?: Params;
    session?: Uuid;
    txn?: Uuid;
  }): Promise<Result> {
    return this.run(request) as Promise<Result>;
  }

  liveQuery(id: Uuid): AsyncIterable<LiveMessage> {
    const store = this.store;
    if (!store) throw new ConnectionUnavailableError();
    this.liveIds.add(id.toString());
    const channel = new ChannelIterator<LiveMessage>(() => {
      stopListening();
      stopOnClose();
    });
    const stopListening = store.listen(
      id,
      this._context.codecs.cbor,
      (message) => channel.submit(message),
    );
    const stopOnClose = this.publisher.subscribe('disconnected', () =>
      channel.cancel(),
    );
    return channel;
  }

  async importSql(data: string | Blob | ReadableStream): Promise<void> {
    const native = this.current();
    const sql =
      typeof data === 'string' ? data : await new Response(data).text();
    await native.import(sql);
  }

  async exportSql(options: Partial<SqlExportOptions>): Promise<Response> {
    const native = this.current();
    return new Response(
      await native.export(this._context.codecs.cbor.encode(options)),
    );
  }

  // `native` defaults to the open engine; a closing engine passes the one it had. A missing engine rejects, not throws.
  private async run(
    request: { method: string; params?: unknown[]; session?: Uuid; txn?: Uuid },
    native = this.current(),
  ): Promise<unknown> {
    const { cbor } = this._context.codecs;
    const payload = cbor.encode({
      id: this._context.uniqueId(),
      ...request,
      // The SDK's own sessions keep their ids; its default session is this engine's private one.
      session: request.session ?? this.session,
    });
    const decoded = cbor.decode(await native.execute(payload)) as unknown;
    if (decoded && typeof decoded === 'object' && 'error' in decoded) {
      throw parseRpcError(decoded.error as Parameters<typeof parseRpcError>[0]);
    }
    return decoded;
  }

  private current(): NativeEngine {
    if (!this.native) throw new ConnectionUnavailableError();
    return this.native;
  }
}
