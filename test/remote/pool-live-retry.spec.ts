import { firstValueFrom } from 'rxjs';
import { createConnection } from '../../lib/index.js';
import { startControlledServer } from '../helpers/controlled-server.js';
import { readySignal } from '../helpers/live.js';
import { eventually, ROOT } from '../helpers/remote-target.js';

describe('pool: the live-query member', () => {
  it('is tried again after a failed attempt, like the other members', async () => {
    const server = await startControlledServer(ROOT);
    const connection = await createConnection({
      url: server.url,
      name: 'pool-live',
      namespace: 'app',
      database: 'live',
      ...ROOT,
      usePool: true,
      poolSize: 2,
      retryLimit: 0,
      timeout: 2,
      initialDelay: 0.05,
      logger: false,
    }).connect();
    try {
      await connection.query('DEFINE TABLE IF NOT EXISTS feed SCHEMALESS');
      await server.kill();
      // The live member's first connect fails: the server is down.
      await expect(firstValueFrom(connection.live('feed'))).rejects.toThrow(
        /connection "pool-live": live query on "feed" failed/,
      );

      await server.restart();
      await eventually(() => connection.isConnected(), 20_000, 'reconnect');
      // A mem:// server comes back empty.
      await connection.query('DEFINE TABLE IF NOT EXISTS feed SCHEMALESS');
      const { ready, registered } = readySignal();
      const event = firstValueFrom(
        connection.live<{ n: number }>('feed', { onReady: ready }),
      );
      await Promise.race([registered, event]);
      await connection.query('CREATE feed:1 SET n = 1');
      expect((await event).document.n).toBe(1);
    } finally {
      await connection.close();
      await server.stop();
    }
  }, 60_000);
});
