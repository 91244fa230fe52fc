import { Surreal } from 'surrealdb';
import WebSocket from 'ws';
import { installedVersion } from '../../lib/workarounds/upstream-version.js';
import { withdrawsPendingCalls } from '../../lib/workarounds/resent-call.fix.js';
import { startControlledServer } from '../helpers/controlled-server.js';
import { ROOT } from '../helpers/remote-target.js';
import { startLinkProxy } from '../remote/link-proxy.js';

// Says when lib/workarounds/resent-call.fix.ts can go: it fails once the SDK stops re-sending pending calls.
describe('surrealdb SDK: pending calls are re-sent after a reconnect (why resent-call.fix.ts exists)', () => {
  it('the fix is active on the SDK version it was written for', () => {
    expect(installedVersion('surrealdb')).toBe('2.0.8');
    expect(withdrawsPendingCalls).toBe(true);
  });

  it('the unpatched SDK runs a call whose request was lost with the link, once it reconnects', async () => {
    const server = await startControlledServer(ROOT);
    const proxy = await startLinkProxy(server.port);
    const db = new Surreal({
      websocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    try {
      await db.connect(proxy.url, {
        namespace: 'app',
        database: 'sdk',
        authentication: ROOT,
        reconnect: { enabled: true, attempts: -1, retryDelay: 50 },
      });
      await db.query('DEFINE TABLE IF NOT EXISTS probe SCHEMALESS').collect();
      proxy.blackhole();
      const pending = db
        .query('CREATE probe:lost SET at = time::now()')
        .collect();
      // Long enough for the request to have left the client: it is in the SDK's map of pending calls.
      await new Promise((resolve) => setTimeout(resolve, 300));
      proxy.reset();
      await pending;
      const [count] = await db
        .query<[number]>('RETURN count(SELECT * FROM probe)')
        .collect();
      expect(count).toBe(1);
    } finally {
      await db.close();
      await proxy.close();
      await server.stop();
    }
  }, 30_000);
});
