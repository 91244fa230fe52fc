import WebSocket from 'ws';
import { workaroundApplies } from './upstream-version.js';

/** The SDK release that calls `dispatchEvent` on its socket; test/workarounds/upstream-bugs.spec.ts tracks it. */
export const DISPATCH_EVENT_SEEN_ON = {
  package: 'surrealdb',
  version: '2.0.8',
};

const needsDispatchEvent =
  typeof (WebSocket.prototype as { dispatchEvent?: unknown }).dispatchEvent !==
    'function' &&
  workaroundApplies(
    DISPATCH_EVENT_SEEN_ON.package,
    DISPATCH_EVENT_SEEN_ON.version,
  );

/**
 * The `ws` package's WebSocket, made whole for the SDK (Node 20 has no global WebSocket).
 * When a frame cannot be decoded the SDK calls `socket.dispatchEvent(...)`, which `ws` lacks: without it
 * the TypeError escapes into the socket's event loop and crashes the process. Here a bad frame is
 * reported as a socket error and the socket is closed with "protocol error", so the SDK reconnects.
 * The shim is only added while `ws` lacks the method and the SDK is a release the call was seen on.
 */
export class NodeWebSocket extends WebSocket {}

/** The SDK's error path, for `ws`: report the bad frame and close the socket. */
function dispatchEvent(
  this: NodeWebSocket,
  event: Event & { detail?: unknown },
): boolean {
  if (event.type === 'error') {
    const detail = event.detail;
    const error = detail instanceof Error ? detail : new Error(String(detail));
    if (this.listenerCount('error') > 0) this.emit('error', error);
    this.close(1002, 'malformed frame');
  }
  return true;
}

if (needsDispatchEvent)
  (
    NodeWebSocket.prototype as unknown as {
      dispatchEvent: typeof dispatchEvent;
    }
  ).dispatchEvent = dispatchEvent;
