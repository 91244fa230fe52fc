import { Surreal, type ConnectOptions, type Uuid } from 'surrealdb';
import WebSocket from 'ws';
import { cbor } from '../../lib/testing/server/rpc-frames.js';

export { cbor };

// The jest-only Uuid encoding fix these specs rely on lives in test/setup/jest-realm.setup.ts.

/** A frame the server pushed without an id: a live notification. */
export type NotificationFrame = {
  result: { action: string; id: Uuid; record?: unknown; session?: Uuid };
};

/**
 * An SDK client for Node 20 (no global WebSocket): the unmodified official SDK with `ws`. `onNotification` sees each
 * notification frame as it arrives on the socket, before the SDK: the SDK's live iterator (surrealdb 2.0.8
 * `ChannelIterator.submit`) drops a message when two arrive in the same tick, so counting there would be flaky.
 */
export function newClient(
  onNotification?: (frame: NotificationFrame) => void,
): Surreal {
  class SpyWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.on('message', (data: Buffer) => {
        const frame = cbor.decode<Record<string, unknown>>(
          new Uint8Array(data),
        );
        if (frame.id === undefined)
          onNotification?.(frame as NotificationFrame);
      });
    }
  }
  const impl = onNotification ? SpyWebSocket : WebSocket;
  return new Surreal({
    websocketImpl: impl as unknown as typeof globalThis.WebSocket,
  });
}

/** Connects a new SDK client; without automatic reconnects unless asked, so a dropped server fails fast. */
export async function connectClient(
  url: string,
  options: ConnectOptions = {},
  onNotification?: (frame: NotificationFrame) => void,
): Promise<Surreal> {
  const db = newClient(onNotification);
  await db.connect(url, { reconnect: false, ...options });
  return db;
}

/** A raw WebSocket client that sends hand-made CBOR frames (for methods the SDK cannot send as such). */
export class RawClient {
  private nextId = 1;
  private readonly waiting = new Map<
    string,
    (frame: Record<string, unknown>) => void
  >();
  /** Frames without an id (live notifications), in arrival order. */
  readonly notifications: Record<string, unknown>[] = [];
  /** Every frame, replies and notifications, in arrival order. */
  readonly frames: Record<string, unknown>[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const frame = cbor.decode<Record<string, unknown>>(new Uint8Array(data));
      this.frames.push(frame);
      const resolve =
        typeof frame.id === 'string' ? this.waiting.get(frame.id) : undefined;
      if (resolve) {
        this.waiting.delete(frame.id as string);
        resolve(frame);
      } else {
        this.notifications.push(frame);
      }
    });
  }

  static async connect(url: string): Promise<RawClient> {
    const socket = new WebSocket(url, 'cbor');
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  /** Sends `{id, method, params, ...extra}` and resolves the whole response frame (`{id, result}` or `{id, error}`). */
  call(
    method: string,
    params?: unknown[],
    extra: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const id = String(this.nextId++);
    const answer = new Promise<Record<string, unknown>>((resolve) =>
      this.waiting.set(id, resolve),
    );
    const request: Record<string, unknown> = { id, method, ...extra };
    if (params) request.params = params;
    this.socket.send(cbor.encode(request));
    return answer;
  }

  /** Like `call`, but returns the result and throws the RPC error. */
  async result<T = unknown>(
    method: string,
    params?: unknown[],
    extra?: Record<string, unknown>,
  ): Promise<T> {
    const frame = await this.call(method, params, extra);
    if (frame.error)
      throw Object.assign(
        new Error((frame.error as { message: string }).message),
        frame.error,
      );
    return frame.result as T;
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** Waits until `check` passes (polling), or fails with its last error. */
export async function eventually(
  check: () => void | Promise<void>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
