/**
 * Entry of the test server's child process (started by `startTestServer`). The engine runs here, not in the test
 * process, so a test can SIGKILL it like a real server and restart it on the same storage directory (which stays
 * locked for as long as the process that opened it lives).
 */
import type {
  ChildMessage,
  StartMessage,
  StatsRequestMessage,
} from '../test-server.interfaces.js';
import { RpcServer } from './rpc-server.js';

let server: RpcServer | undefined;
let stopping = false;

function send(message: ChildMessage): void {
  if (process.connected) process.send?.(message);
}

function shutdown(code: number): void {
  if (stopping) return;
  stopping = true;
  // Never hang on the way out: a stuck close must not keep a port or a storage lock.
  setTimeout(() => process.exit(code), 5000);
  void (server?.close() ?? Promise.resolve()).then(
    () => process.exit(code),
    () => process.exit(code),
  );
}

async function start(message: StartMessage): Promise<void> {
  try {
    const started = await RpcServer.start(message);
    server = started.server;
    if (stopping) await server.close();
    else send({ type: 'ready', port: started.port });
  } catch (error) {
    send({
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
    });
    process.exit(1);
  }
}

async function answerStats(message: StatsRequestMessage): Promise<void> {
  if (!server) return;
  const stats = await server.stats();
  send({ type: 'stats', requestId: message.requestId, stats });
}

if (!process.send) {
  console.error(
    'This is the child process of nestjs-surrealengine/testing: use startTestServer().',
  );
  process.exit(1);
}

process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
// The parent died or let go of us: a test server must not outlive its test run.
process.on('disconnect', () => shutdown(0));
process.on('message', (message: StartMessage | StatsRequestMessage) => {
  if (message.type === 'start') void start(message);
  else if (message.type === 'stats')
    void answerStats(message).catch(() => undefined);
});
