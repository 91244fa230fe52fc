import { startTestServer, type TestServer } from '../../lib/testing/index.js';
import { RawClient } from './test-server.helpers.js';

type Frame = Record<string, any>;

describe('test server: a reply is never overtaken by a notification of the query it answers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('sends the LIVE reply before any notification of that live query, with a write pipelined right behind it', async () => {
    const client = await RawClient.connect(server.url);
    try {
      await client.result('use', ['n', 'd']);
      await client.result('query', ['DEFINE TABLE ordered']);
      const rounds = 100;
      const replies: Promise<Frame>[] = [];
      for (let round = 0; round < rounds; round++) {
        // The client does not wait for the LIVE reply before writing, as a pipelining client may.
        const method = round % 2 === 0 ? 'query' : 'live';
        const params =
          method === 'query' ? ['LIVE SELECT * FROM ordered'] : ['ordered'];
        replies.push(client.call(method, params));
        replies.push(
          client.call('query', [
            'CREATE ordered SET round = $round',
            { round },
          ]),
        );
      }
      await Promise.all(replies);
      // Requests run concurrently, so a write may run before the LIVE that was sent ahead of it; most do not.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const seen = new Set<string>();
      const overtaken: string[] = [];
      for (const frame of client.frames as Frame[]) {
        if (typeof frame.id === 'string') {
          const result = frame.result;
          const live = Array.isArray(result) ? result[0]?.result : result;
          if (live !== undefined) seen.add(String(live));
        } else if (!seen.has(String(frame.result.id))) {
          overtaken.push(String(frame.result.id));
        }
      }
      expect(client.notifications.length).toBeGreaterThan(rounds / 2);
      expect(overtaken).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
