import type { CodecRegistry, LiveMessage, Uuid } from 'surrealdb';
import { nativeBinding, type NativeEngine } from './native-binding.js';
import { sleep } from './timeout.js';

type Cbor = CodecRegistry['cbor'];
type Notification = {
  id: Uuid;
  action: LiveMessage['action'];
  record?: unknown;
  result?: unknown;
};

/** How long a reopen waits for SurrealKV to release the lock of a store this process just closed. */
const LOCK_RELEASE_WAIT_MS = 3000;

/**
 * One on-disk datastore (`rocksdb://`, `surrealkv://`) opened once per process and shared by every connection to its
 * path, each in a session of its own. `@surrealdb/node` cannot open one path twice in a process, and RocksDB keeps its
 * lock after close until the process ends, so a RocksDB store stays open (idle, not keeping the process alive) after
 * its last user closed, to be reused by the next; a SurrealKV store is closed then.
 */
export class EmbeddedStore {
  private users = 0;
  private native?: Promise<NativeEngine>;
  private receiver?: Promise<{ recv(): Promise<Uint8Array | null> }>;
  private receiving = false;
  /** Live queries not yet reported KILLED, with their listeners; while any exists, notifications are read. */
  private readonly live = new Map<
    string,
    Set<(message: LiveMessage) => void>
  >();

  constructor(
    readonly url: string,
    private readonly onIdle: (store: EmbeddedStore) => void,
  ) {}

  /** Counts one more user and opens the datastore if needed. */
  async acquire(): Promise<NativeEngine> {
    this.users++;
    this.native ??= open(this.url);
    try {
      return await this.native;
    } catch (error) {
      this.users--;
      this.native = undefined;
      throw error;
    }
  }

  /** One user less; the last one closes a SurrealKV store (a RocksDB one stays open: see the class). */
  release(): void {
    if (--this.users > 0) return;
    if (this.url.startsWith('rocksdb:')) return;
    const native = this.native;
    this.native = undefined;
    this.receiver = undefined;
    this.onIdle(this);
    void native?.then((engine) => engine.free()).catch(() => undefined);
  }

  /** Delivers the notifications of live query `id` to `listener` until it is KILLED; returns the unsubscribe. */
  listen(
    id: Uuid,
    cbor: Cbor,
    listener: (message: LiveMessage) => void,
  ): () => void {
    const key = id.toString();
    const listeners = this.live.get(key) ?? new Set();
    this.live.set(key, listeners.add(listener));
    void this.receive(cbor);
    return () => listeners.delete(listener);
  }

  /** Live query ids still registered, so a closing user can kill its own. */
  has(id: string): boolean {
    return this.live.has(id);
  }

  // A pending `recv()` keeps the process alive, so notifications are read only while a live query exists; killing
  // the last one brings its KILLED notification, which ends the loop.
  private async receive(cbor: Cbor): Promise<void> {
    if (this.receiving || !this.native) return;
    this.receiving = true;
    try {
      const native = await this.native;
      this.receiver ??= native.notifications();
      const receiver = await this.receiver;
      while (this.live.size > 0) {
        const bytes = await receiver.recv();
        if (bytes === null) break;
        const frame = cbor.decode(bytes) as Notification;
        const key = frame.id.toString();
        const listeners = this.live.get(key);
        if (frame.action === 'KILLED') this.live.delete(key);
        const message = (
          frame.action === 'KILLED'
            ? { queryId: frame.id, action: 'KILLED' }
            : {
                queryId: frame.id,
                action: frame.action,
                recordId: frame.record,
                value: frame.result,
              }
        ) as LiveMessage;
        listeners?.forEach((listener) => listener(message));
      }
    } catch {
      // The store was closed under the loop: nothing left to deliver.
    } finally {
      this.receiving = false;
    }
  }
}

async function open(url: string): Promise<NativeEngine> {
  const deadline = performance.now() + LOCK_RELEASE_WAIT_MS;
  for (;;) {
    try {
      return await nativeBinding().SurrealNodeEngine.connect(url);
    } catch (error) {
      // SurrealKV frees its lock a moment after this process closed the same path.
      const locked = /already locked/i.test(
        error instanceof Error ? error.message : String(error),
      );
      if (!locked || performance.now() > deadline) throw error;
      await sleep(50);
    }
  }
}

const stores = new Map<string, EmbeddedStore>();

/** The process-wide store for an on-disk engine URL. */
export function embeddedStore(url: string): EmbeddedStore {
  let store = stores.get(url);
  if (!store) {
    store = new EmbeddedStore(url, (idle) => {
      if (stores.get(idle.url) === idle) stores.delete(idle.url);
    });
    stores.set(url, store);
  }
  return store;
}
