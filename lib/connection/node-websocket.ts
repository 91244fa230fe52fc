import WebSocket from 'ws';

/**
 * The `ws` package's WebSocket, made whole for the SDK (Node 20 has no global WebSocket).
 * When a frame cannot be decoded the SDK calls `socket.dispatchEvent(...)`, which `ws` lacks: without it
 * the TypeError escapes into the socket's event loop and crashes the process. Here a bad frame is
 * reported as a socket error and the socket is closed with "protocol error", so the SDK reconnects.
 */
export class NodeWebSocket extends WebSocket {
  dispatchEvent(event: Event & { detail?: unknown }): boolean {
    if (event.type === 'error') {
      const detail = event.detail;
      const error =
        detail instanceof Error ? detail : new Error(String(detail));
      if (this.listenerCount('error') > 0) this.emit('error', error);
      this.close(1002, 'malformed frame');
    }
    return true;
  }
}
