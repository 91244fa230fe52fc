import { RecordId, Table, Uuid, type LiveMessage } from 'surrealdb';
import { startTestServer, type TestServer } from '../../lib/testing/index.js';
import {
  connectClient,
  eventually,
  RawClient,
  type NotificationFrame,
} from './test-server.helpers.js';

type Notification = NotificationFrame;

describe('test server: live notifications go to their owner only', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('routes across three clients, per session, and routes KILLED by live id', async () => {
    const writer = await connectClient(server.url, {
      namespace: 'n',
      database: 'd',
    });
    await writer.query('DEFINE TABLE feed; DEFINE TABLE other').collect();
    // Frames as they reach each SDK client's socket (see newClient on why not the SDK's own live iterator).
    const aFrames: Notification[] = [];
    const bFrames: Notification[] = [];
    const a = await connectClient(
      server.url,
      { namespace: 'n', database: 'd' },
      (f) => aFrames.push(f),
    );
    const b = await connectClient(
      server.url,
      { namespace: 'n', database: 'd' },
      (f) => bFrames.push(f),
    );
    const c = await RawClient.connect(server.url);
    try {
      // A: managed live query on its default session.
      const aMessages: LiveMessage[] = [];
      const aLive = await a.live(new Table('feed'));
      aLive.subscribe((message) => aMessages.push(message));

      // B: live query on a session of its own.
      const bSession = await b.newSession();
      await bSession.use({ namespace: 'n', database: 'd' });
      const bMessages: LiveMessage[] = [];
      const bLive = await bSession.live(new Table('feed'));
      bLive.subscribe((message) => bMessages.push(message));

      // C (raw): one live query on an attached session, one on another table.
      const session = Uuid.v4();
      await c.result('attach', undefined, { session });
      await c.result('use', ['n', 'd'], { session });
      await c.result('use', ['n', 'd']);
      const [cLive] = await c.result<{ result: Uuid; type: string }[]>(
        'query',
        ['LIVE SELECT * FROM feed'],
        {
          session,
        },
      );
      expect(cLive.type).toBe('live');
      const otherLive = await c.result<Uuid>('live', ['other']);

      for (let i = 1; i <= 5; i++)
        await writer.create(new RecordId('feed', i)).content({ i });

      await eventually(() => {
        expect(aFrames).toHaveLength(5);
        expect(bFrames).toHaveLength(5);
        expect(c.notifications).toHaveLength(5);
      });
      const records = [1, 2, 3, 4, 5].map((i) => `feed:${i}`);
      expect(aFrames.map((f) => String(f.result.record)).sort()).toEqual(
        records,
      );
      expect(bFrames.map((f) => String(f.result.record)).sort()).toEqual(
        records,
      );
      expect(new Set(aFrames.map((f) => f.result.id.toString()))).toEqual(
        new Set([aLive.id.toString()]),
      );
      expect(new Set(bFrames.map((f) => f.result.id.toString()))).toEqual(
        new Set([bLive.id.toString()]),
      );
      // B's frames name B's SDK session, so the SDK hands them to that session's subscription.
      expect(new Set(bFrames.map((f) => String(f.result.session)))).toEqual(
        new Set([String(bSession.session)]),
      );
      // A's frames come from its default session: a real server names it by the connection's own id.
      const aSessions = new Set(aFrames.map((f) => String(f.result.session)));
      expect(aSessions.size).toBe(1);
      expect(aSessions.has(String(bSession.session))).toBe(false);
      expect(aSessions.has('undefined')).toBe(false);
      // And the SDK delivers them to the subscriptions (at least one each: its iterator may merge a burst).
      await eventually(() => {
        expect(aMessages.length).toBeGreaterThan(0);
        expect(bMessages.length).toBeGreaterThan(0);
      });
      expect(
        aMessages.every((m) => m.queryId.toString() === aLive.id.toString()),
      ).toBe(true);
      expect(
        bMessages.every((m) => m.queryId.toString() === bLive.id.toString()),
      ).toBe(true);
      for (const frame of c.notifications as unknown as Notification[]) {
        expect(frame.result.id.toString()).toBe(cLive.result.toString());
        expect(frame.result.action).toBe('CREATE');
        // The client's own session id, never the private engine session's.
        expect(frame.result.session?.toString()).toBe(session.toString());
        expect(frame).not.toHaveProperty('id');
      }

      // KILLED carries no session in the engine: it must still reach only its owner.
      c.notifications.length = 0;
      await c.result('kill', [cLive.result], { session });
      await eventually(() => expect(c.notifications).toHaveLength(1));
      expect(
        (c.notifications[0] as unknown as Notification).result,
      ).toMatchObject({ action: 'KILLED' });
      expect(
        (c.notifications[0] as unknown as Notification).result.id.toString(),
      ).toBe(cLive.result.toString());

      await writer.create(new RecordId('other', 1)).content({});
      await eventually(() => expect(c.notifications).toHaveLength(2));
      expect(
        (c.notifications[1] as unknown as Notification).result.id.toString(),
      ).toBe(otherLive.toString());
      // From C's default session: named by the connection's id, not by the attached session's.
      const fromDefault = (c.notifications[1] as unknown as Notification).result
        .session;
      expect(fromDefault).toBeDefined();
      expect(String(fromDefault)).not.toBe(String(session));
      expect(aFrames).toHaveLength(5);
      expect(bFrames).toHaveLength(5);
      expect((await server.stats()).orphanNotifications).toBe(0);
    } finally {
      await c.close();
      await a.close();
      await b.close();
      await writer.close();
    }
  });
});
